"""Indonesian text analysis for the index: tokens, folding, stop words, stemming, names.

Two analyzers, both picklable (Whoosh stores the schema with the index, so they
only reference module-level functions):

- ``text_analyzer``: words of bulletins and quotes. Case and accent folding,
  apostrophe variants dropped (Da'faf = Da’faf = Dafaf), Indonesian stop words
  and academic titles removed, Sastrawi stems (pelantikan, dilantik, melantik
  -> lantik). Positions are kept, so quoted phrases still match.
- ``name_analyzer``: person names. Same folding and title removal, no stemming,
  so "dr. SHODIQ TJAHJONO" and "Shodiq Tjahjono" give the same tokens; and one
  spelling key per word (``spelling_key``), so that the old and the new
  spellings of a name meet ("Tjahjono" = "Cahyono", "Taufiq" = "Taufik").

``fold`` and ``name_key`` are the plain-Python versions used for facet values
and person identity, so that the index and the filters agree on one spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer

# A word, possibly with inner apostrophes (Da'faf, Da’faf, Ma`ruf).
WORD_PATTERN = r"\w+(?:['’‘`´]\w+)*"
APOSTROPHES = re.compile(r"['’‘`´]")

# Honorifics and academic degrees, as tokens after splitting on dots
# ("S.Pd." -> "s", "pd"). They say nothing about who a person is.
TITLE_WORDS = frozenset(
    """dr drs dra ir h hj hi kh prof ust ustadz bpk bapak ibu sdr sdri
    s m st pd si sos sh mh mm se sp sc ag ak ip kom psi kes ked hum ikom ds mt sst par
    spd msi ssos mpd mag ssi skom mkom sip mip mh se ma ba phd""".split()
)


def _stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words()) | TITLE_WORDS


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one folded word; digits and short words pass through.

    Sastrawi runs about 3k unique words/s, so the LRU cache (and the one of
    ``text_term`` above it) is what makes indexing fast: bulletin vocabulary repeats heavily.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


class TermFilter(Filter):
    """Fold, drop stop words and stem in one step, through a cached word -> term function.

    One filter instead of Whoosh's chain of four saves most of the per-token
    cost of indexing. Positions are renumbered over dropped words, as Whoosh's
    StopFilter does, so phrases match across stop words the same way.
    """

    def __init__(self, names: bool = False) -> None:
        self.names = names

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermFilter) and other.names == self.names

    def __call__(self, tokens):
        to_term = name_term if self.names else text_term
        pos = None
        for t in tokens:
            term = to_term(t.text)
            if term is None:
                if not t.removestops:  # highlighting keeps stop words, marked as such
                    t.stopped = True
                    yield t
                continue
            t.text = term
            if t.positions:
                if pos is None:
                    pos = t.pos
                else:
                    pos += 1
                    t.pos = pos
            t.stopped = False
            yield t


class ApostropheFilter(Filter):
    """Kept so that indexes written before TermFilter still open (their schema names it)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = APOSTROPHES.sub("", t.text)
            yield t


def text_analyzer():
    """Analyzer for bulletin and quote text: folded, stop words dropped, stemmed."""
    return RegexTokenizer(WORD_PATTERN) | TermFilter()


def name_analyzer():
    """Analyzer for person names: folded, titles removed, not stemmed."""
    return RegexTokenizer(WORD_PATTERN) | TermFilter(names=True)


def fold(text: str) -> str:
    """Lowercase, strip accents and apostrophes, squeeze spaces: the key of a facet value."""
    if len(text) <= 80:  # names, places, roles: they repeat across bulletins
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    text = APOSTROPHES.sub("", _strip_accents(text.lower()))
    return " ".join(_WORDS.findall(text))


_WORDS = re.compile(r"\w+")
_fold_short = lru_cache(maxsize=200_000)(_fold)


def strip_titles(name: str) -> str:
    """A person's name without honorifics and degrees, in its original case."""
    words = re.findall(WORD_PATTERN, name)
    kept = [w for w in words if fold(w) not in TITLE_WORDS]
    return " ".join(kept) if kept else " ".join(words)


def name_key(name: str) -> str:
    """The normalized form of a person name: folded, without titles, each word's spelling key."""
    return " ".join(spelling_key(word) for word in fold(strip_titles(name)).split())


# Indonesian names keep the spelling their bearers were registered with: the Dutch-era
# spelling before 1972 (oe, tj, dj, j for today's y) and several transliterations of
# Arabic sounds (q/k, kh/ch/h, dh/d, sy/s), and bulletins write one person both ways.
# Each rule maps the variants of one sound to one form; the key is never shown.
_SPELLING_RULES = [(re.compile(pattern), form) for pattern, form in (
    (r"oe", "u"),                   # Soekarno = Sukarno
    (r"tj", "c"),                   # Tjahjono = Cahyono
    (r"dj", "j"),                   # Djoko = Joko
    (r"s[jyh]", "s"),               # Sjamsul = Syamsul = Samsul, Shodiq = Sodiq
    (r"[kc]h", "h"),                # Achmad = Akhmad = Ahmad
    (r"(?<=[dt])h", ""),            # Ramadhan = Ramadan, Thamrin = Tamrin
    (r"dz", "z"),                   # Dzulkifli = Zulkifli
    (r"ph", "f"),                   # Stephanus = Stefanus
    (r"q", "k"),                    # Taufiq = Taufik
    (r"y$", "i"),                   # Rizky = Rizki
    (r"y", "j"),                    # old j is today's y: Tjahjono = Cahyono
    (r"(\w)\1+", r"\1"),            # Muhammad = Muhamad, Abdurrahman = Abdurahman
    (r"^moh", "muh"),               # Mohamad = Muhamad, Moh. = Muh.
)]


@lru_cache(maxsize=200_000)
def spelling_key(word: str) -> str:
    """One form for the spelling variants of a folded name word ("tjahjono" -> "cahjono")."""
    for pattern, form in _SPELLING_RULES:
        word = pattern.sub(form, word)
    return word


def display_name(name: str) -> str:
    """Names written in capitals ("SHODIQ TJAHJONO") shown in normal case."""
    if name.isupper():
        return " ".join(w.capitalize() for w in name.split())
    return name


@lru_cache(maxsize=500_000)
def text_term(word: str) -> str | None:
    """The term ``text_analyzer`` makes of one word, or None for a stop word (cached)."""
    folded = APOSTROPHES.sub("", _strip_accents(word.lower()))
    if not folded or folded in _STOP_WORDS():
        return None
    return stem(folded)


@lru_cache(maxsize=500_000)
def name_term(word: str) -> str | None:
    """The term ``name_analyzer`` makes of one word, or None for a title."""
    folded = APOSTROPHES.sub("", _strip_accents(word.lower()))
    return None if not folded or folded in TITLE_WORDS else spelling_key(folded)


_COMBINING_MARKS = {code: None for code in range(0x0300, 0x0370)}  # the accents of Latin letters


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_COMBINING_MARKS)


@lru_cache(maxsize=1)
def _STOP_WORDS() -> frozenset[str]:  # noqa: N802
    return _stop_words()
