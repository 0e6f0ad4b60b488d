"""One pass over a bulletin's text into word tokens that part A's components share.

spaCy's tokens are kept for the Doc, but names, titles and degrees are easier to
read from a token list made for them: "S.ST", "M.Par", "Hj." stay whole, and each
token knows whether it is capitalized, a title, a degree, an initial or punctuation.
The scan is computed once per Doc and cached in ``doc.user_data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from nlp.wordlists import sections, word_set

TOKEN = re.compile(
    r"(?P<gluedtitle>(?:Hj|Hi|H|Dra?|Drs|Ir|Prof|KH|dr)\.(?=[A-Z][a-z]{2,}))"  # "Hj.Euis Komariah": no space
    r"|(?P<glued>[A-Z]{1,3}\.(?=[A-Z][a-z]{4,}))"  # "MH.Fatkhur": initials glued to the name
    r"|(?P<abbr>(?:[A-Za-z]{1,4}\.){1,4}[A-Za-z]{0,4}\.?(?![\w’']))"
    # (a Bugis or Makassar name may end in a glottal stop written as an apostrophe: "Mursalim Pua' Lolo")
    r"|(?P<word>[^\W\d_](?:[\w'’`\-]*[^\W_])?(?:(?<=[aeiou])['’](?=[ \t]+[A-Z]))?)"
    r"|(?P<num>\d(?:[\d.,/:\-]*\d)?)"
    r"|(?P<punct>\S)"
)
# "S.Pd", "M.Si", "S.H.I.", "SH", "S.ST", "Par": academic degrees after a name.
DOTTED_DEGREE = re.compile(r"^[A-Za-z]{1,2}\.[A-Za-z]{1,4}\.?(?:[A-Za-z]{1,4}\.?){0,2}$")
BARE_DEGREES = frozenset(
    "se sh st mm mh ma mba mpa msc bsc lc phd spd msi mpd ssos skom sag sip sth amd ssi sked mkes mt ak cpa "
    "mpar par ip ikom sst shi sei spdi mag mhum mkom sthi sh mh mk mkn mpsi spsi sikom sp mp "
    "pr".split()  # "RD. Yohanes Nggarang, Pr.": a Catholic priest's suffix
)
QUOTE_CHARS = "“”\"‘’„«»"
# Abbreviated words that keep their dot and stay ordinary words.
ABBR_WORDS = frozenset("plt. plh. pj. pjs. kab. kec. kel. prov. jl. jln. no. ds. kota. telp. hal. dkk. dll. dsb. s.d. a.n. sdm. "
                       "br.".split())


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    kind: str  # word, title, degree, initial, num, punct
    low: str
    cap: bool  # starts with a capital letter
    upper: bool  # all capitals (two letters or more)


# Shortened given names, written like initials: "Moh. Nurul Huda", "Abd. Rahman".
NAME_ABBREVIATIONS = frozenset("moh. muh. moch. mochd. much. mhd. abd. ach. ahm. st.".split())  # St.: Sitti, Sutan


def _kind_of_abbr(text: str) -> str:
    bare = text.rstrip(".").lower()
    if text.lower() in NAME_ABBREVIATIONS:
        return "initial"
    if text.lower() in ABBR_WORDS or bare in word_set("noble.txt") or text.lower() in word_set("noble.txt"):
        return "keep"
    if bare in word_set("titles.txt") or text.lower() in word_set("titles.txt"):
        return "title"
    if len(bare) == 1:
        return "initial"
    if DOTTED_DEGREE.match(text) or (text[0].isupper() and bare in BARE_DEGREES):  # "M.A.P.", "Lc."
        return "degree"
    return "word"


# Written without a dot, these are still titles ("Drs Gede Suyasa").
BARE_TITLES = frozenset(("dr", "drs", "dra", "drh", "ir", "hj", "kh", "prof"))


def scan(text: str) -> list[Tok]:
    """Tokens of ``text`` with their kinds. Plain words and punctuation take the fast path."""
    titles = word_set("titles.txt")
    addresses = sections("titles.txt")["address"]  # titles only right before a name
    out: list[Tok] = []
    append = out.append
    for m in TOKEN.finditer(text):
        group = m.lastgroup
        t = m.group()
        s, e = m.span()
        if group == "word":
            low = t.lower()
            if t[0].isupper():
                kind = "title" if (low in titles and (low not in addresses or _before_name(text, e))) \
                    or low in BARE_TITLES else "word"
                append(Tok(s, e, t, kind, low, True, len(t) > 1 and t.isupper()))
            else:
                append(Tok(s, e, t, "title" if low in BARE_TITLES else "word", low, False, False))
        elif group == "punct" or group == "num":
            append(Tok(s, e, t, group, t, False, False))
        elif group == "glued":
            append(_tok(s, e, t, "initial"))
        elif group == "gluedtitle":
            append(_tok(s, e, t, "title"))
        else:
            kind = _kind_of_abbr(t)
            if kind == "keep":
                kind = "word"
            elif kind == "word":  # a word that ends a sentence: "Rabu." -> "Rabu" "."
                if "." in t.rstrip("."):
                    kind = "degree" if t[0].isupper() else "word"
                else:
                    append(_tok(s, e - 1, t[:-1], "word"))
                    append(_tok(e - 1, e, ".", "punct"))
                    continue
            append(_tok(s, e, t, kind))
    return out


def _before_name(text: str, end: int) -> bool:
    """"Pak Afrizal", "Bu Sulastri": an address before a name (not "Terima kasih, Pak.")."""
    return text[end:end + 1] == " " and text[end + 1:end + 2].isupper()


def _tok(s: int, e: int, t: str, kind: str) -> Tok:
    bare = t.replace(".", "")
    return Tok(s, e, t, kind, t.lower(), t[:1].isupper(), len(bare) > 1 and bare.isupper())


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose every match begins at one of
    ``starts`` (ascending): tried only there rather than at every character. Lookbehinds still
    see the text before each start."""
    end = 0
    for pos in starts:
        if pos >= end:
            m = pattern.match(text, pos)
            if m:
                end = m.end()
                yield m


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds the string from every token on each access."""
    text = doc.user_data.get("_warta_text")
    if text is None:
        text = doc.text
        doc.user_data["_warta_text"] = text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Cache ``text`` as the Doc's text (the string it was tokenized from, so equal to ``doc.text``)."""
    doc.user_data["_warta_text"] = text


def doc_scan(doc: Doc) -> list[Tok]:
    """The cached scan of a Doc's text."""
    cached = doc.user_data.get("_warta_scan")
    if cached is None:
        cached = scan(doc_text(doc))
        doc.user_data["_warta_scan"] = cached
    return cached


def is_bare_degree(tok: Tok) -> bool:
    return tok.low.replace(".", "") in BARE_DEGREES
