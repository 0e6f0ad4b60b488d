"""Highlighted snippets: escaped text around the matched words, which are wrapped in <mark>.

Words are compared as the index sees them (folded and stemmed, through the
same cached functions as the analyzer), so a search for "pelantikan" marks
"dilantik" too. Whoosh's highlighter runs the full analyzer chain per token,
about 20 µs each; this costs about 1 µs.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from index.analyzer import WORD_PATTERN, name_term, text_term

WORD = re.compile(WORD_PATTERN)
CONTEXT = 80  # characters shown before the first match
PIECE = 2000  # characters scanned at a time


def snippet(text: str, terms: set[str], max_chars: int = 240, whole: bool = False, seen: dict | None = None) -> str:
    """The best window of ``text`` (the one with most matches), as HTML.

    ``seen`` remembers, for these ``terms``, which words match: pass one dict for
    all the hits of a page, whose texts share most of their words.
    """
    seen = {} if seen is None else seen
    if whole:
        return _render(text, 0, len(text), _find(text, terms, 0, len(text), seen))
    matches = []
    for piece in range(0, len(text), PIECE):  # the first piece with matches: most are early
        matches = _find(text, terms, piece, piece + PIECE, seen)
        if matches:
            break
    if not matches:
        end = _cut(text, max_chars)
        return _render(text, 0, end, []) + (" …" if end < len(text) else "")
    best, best_count = 0, 0
    right = 0
    for left, (start, _) in enumerate(matches):  # the window starting at each match, counted
        right = max(right, left)
        while right + 1 < len(matches) and matches[right + 1][1] <= start + max_chars - CONTEXT:
            right += 1
        if right - left + 1 > best_count:
            best, best_count = left, right - left + 1
    start = matches[best][0]
    begin = 0 if start <= CONTEXT else _space_before(text, start - CONTEXT)
    end = _cut(text, begin + max_chars)
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + _render(text, begin, end, [m for m in matches if begin <= m[0] and m[1] <= end]) + suffix


def _find(text: str, terms: set[str], begin: int, end: int, seen: dict) -> list[tuple[int, int]]:
    """Spans of the words of ``text[begin:end]`` that match ``terms``.

    Each distinct word is judged once (``seen``); the matching ones are then
    found in one regular-expression pass, instead of a Python step per word.
    """
    if not terms:
        return []
    piece = text[begin:end]
    words = set(WORD.findall(piece))
    unseen = words.difference(seen)
    if unseen:
        judge = _judge(frozenset(terms))
        for word in unseen:
            seen[word] = judge(word)
    hits = [word for word in words if seen[word]]
    if not hits:
        return []
    return [(begin + m.start(), begin + m.end()) for m in _whole_words(frozenset(hits)).finditer(piece)]


_APOSTROPHE = "['’‘`´]"


@lru_cache(maxsize=1024)
def _whole_words(words: frozenset[str]) -> re.Pattern:
    """A pattern matching ``words`` only where WORD_PATTERN would read them as whole tokens.

    Each word comes first and its left edge is checked after it, by a lookbehind
    as long as the word: a pattern that opens with a lookbehind is tried at every
    character of the text, one that opens with literal words only where they occur
    (seven times faster on bulletins).
    """
    alternatives = "|".join(rf"{re.escape(w)}(?<!\w.{{{len(w)}}})(?<!\w{_APOSTROPHE}.{{{len(w)}}})"
                            for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?!\w)(?!{_APOSTROPHE}\w)", re.DOTALL)


@lru_cache(maxsize=256)
def _judge(terms: frozenset[str]):
    """A function telling whether a word matches ``terms`` (folded, or else stemmed)."""
    # Stemming a word Sastrawi hasn't seen costs a millisecond. Affixes only add
    # letters around a stem (a prefix may change its first letter: memilih ->
    # pilih), so a word can only stem to a term whose tail it contains.
    tails = [re.escape(term[1:]) for term in terms if len(term) > 2]
    may_stem_to_a_term = re.compile("|".join(tails)).search if tails else None

    def matches(word: str) -> bool:
        folded = name_term(word)  # folded, not stemmed: cheap
        if folded is None:
            return False
        if folded in terms:
            return True
        if may_stem_to_a_term is None or not may_stem_to_a_term(folded):
            return False
        return text_term(word) in terms

    return matches


def _render(text: str, begin: int, end: int, matches: list[tuple[int, int]]) -> str:
    out, pos = [], begin
    for start, stop in matches:
        out.append(html.escape(text[pos:start], quote=False))
        out.append("<mark>" + html.escape(text[start:stop], quote=False) + "</mark>")
        pos = stop
    out.append(html.escape(text[pos:end], quote=False))
    return "".join(out).strip()


def _space_before(text: str, pos: int) -> int:
    found = text.rfind(" ", 0, max(pos, 0))
    return found + 1 if found >= 0 else 0


def _cut(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    found = text.rfind(" ", 0, pos)
    return found if found > 0 else pos
