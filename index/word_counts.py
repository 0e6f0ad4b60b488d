"""How many articles hold each word, kept exact as articles change or go: the "did you mean" list.

``Searcher.suggest`` offers only words of the ``words`` table (``index/facets.py``),
ranked by their count ``n``. Counting a new article is easy; to take a changed
or deleted article's words back out, the indexer must know which words it
counted, and the archive no longer has the old text. So each article's counted
words are kept beside the counts (``article_words``, zlib-compressed, about a
kilobyte an article), replaced when the article changes and dropped with it.
A word whose count falls to zero is deleted, so it is no longer suggested.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from index.analyzer import WORD_PATTERN, fold

WORD = re.compile(WORD_PATTERN)

SCHEMA = """
CREATE TABLE IF NOT EXISTS article_words (article_id INTEGER PRIMARY KEY, words BLOB NOT NULL);
"""


def spelling_words(*texts: str | None) -> set[str]:
    """Distinct folded words of a document worth suggesting: longer than two letters, not numbers."""
    out: set[str] = set()
    for text in texts:
        if not text:
            continue
        tokens = set(WORD.findall(text.lower()))
        # Plain ASCII words are already folded; only the others (accents, apostrophes) go through fold().
        plain = {t for t in tokens if t.isascii() and "'" not in t and "`" not in t}
        out.update(t for t in plain if len(t) > 2 and not t.isdigit())
        for token in tokens - plain:
            out.update(_folded(token))
    return out


@lru_cache(maxsize=500_000)
def _folded(token: str) -> tuple[str, ...]:
    return tuple(w for w in fold(token).split() if len(w) > 2 and not w.isdigit())


class WordCounts:
    """Pending changes to the word counts of one index generation, written with ``flush``.

    Uses the facet store's SQLite connection, so the counts commit in the same
    transaction as the facet values of the same batch.
    """

    def __init__(self, conn) -> None:
        self.conn = conn
        self.conn.executescript(SCHEMA)
        self.delta: Counter = Counter()
        self.saved: dict[int, bytes | None] = {}  # article id -> its counted words (None: forget it)

    def replace(self, article_id: int, words: Iterable[str] | None, known: bool = True) -> None:
        """Count ``words`` for the article instead of what was counted for it before (None: it is gone).

        ``known=False`` skips looking up an earlier count (a fresh index has none).
        """
        if known:
            self.delta.subtract(self._counted(article_id))
        if words is None:
            self.saved[article_id] = None
            return
        words = sorted(set(words))
        self.delta.update(words)
        self.saved[article_id] = zlib.compress(" ".join(words).encode("utf-8"), 1)

    def _counted(self, article_id: int) -> list[str]:
        if article_id in self.saved:  # changed twice before a flush
            blob = self.saved[article_id]
        else:
            row = self.conn.execute("SELECT words FROM article_words WHERE article_id = ?", (article_id,)).fetchone()
            blob = row[0] if row else None
        return zlib.decompress(blob).decode("utf-8").split() if blob else []

    def flush(self) -> None:
        """Write the pending changes (the caller commits)."""
        changes = [(w, n) for w, n in self.delta.items() if n]
        self.conn.executemany(
            "INSERT INTO words(word, n) VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET n = n + excluded.n", changes
        )
        gone = [(w,) for w, n in changes if n < 0]
        if gone:
            self.conn.executemany("DELETE FROM words WHERE word = ? AND n <= 0", gone)
        self.conn.executemany("DELETE FROM article_words WHERE article_id = ?",
                              [(a,) for a, blob in self.saved.items() if blob is None])
        self.conn.executemany("INSERT OR REPLACE INTO article_words VALUES (?, ?)",
                              [(a, blob) for a, blob in self.saved.items() if blob is not None])
        self.delta.clear()
        self.saved.clear()
