"""Event types: what a bulletin reports, as one to three labels of GUIDELINES.md, main first.

Registers the spaCy component ``warta_events``, which writes ``doc.user_data["warta"]["event_types"]``.

Each label has a lexicon of words and phrases (``lexicons/event_terms.txt``), written as
stems that cover their affixed forms ("dilantik", "pelantikan", "melantik"). A label
scores by the terms of the title (weighted strongly: the title says what the
bulletin is about), of the opening sentences, and of the rest of the text, where
repeated mentions count less and less. The best label is the main one; others follow
when they score at least a fixed share of it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp.textscan import doc_text

LEXICON = Path(__file__).parent / "lexicons" / "event_terms.txt"
LABELS = (
    "rapat_koordinasi", "rapat_pleno", "pelantikan", "bimtek", "sosialisasi", "rekrutmen", "data_pemilih",
    "pencalonan", "kampanye", "pemungutan_suara", "rekapitulasi", "hukum_etik", "kelembagaan",
)

# Labels for the kind of gathering, as opposed to its subject.
ACTIVITIES = ("rapat_pleno", "pelantikan", "bimtek", "sosialisasi", "rapat_koordinasi")
ACTIVITY_SHARE = 0.2       # ... when it has at least this share of the best score
TITLE_WEIGHT = 4.0
LEAD_WEIGHT = 1.5
LEAD_CHARS = 400           # the opening sentences say what happened
SECOND_SHARE = 0.35        # a second or third label scores at least this share of the main one
MIN_SCORE = 2.5            # and at least this much in absolute terms
MAX_LABELS = 3
MAX_PREFIX = 6             # longest prefix before a term's literal ("meng", "pen", "ter")

# Names are not events. A commissioner's division ("Ketua Divisi Sosialisasi, Pendidikan
# Pemilih, Partisipasi Masyarakat dan SDM") or a secretariat unit ("Kasubbag Hukum") says who
# spoke, not what happened: the unit word and the capitalized words after it are blanked,
# up to the body's own name (KPU, Bawaslu) or a place level.
UNIT_NAME = re.compile(
    r"\b(?:[Dd]ivisi|DIVISI|[Ss]ub ?[Bb]ag(?:ian)?|Kasubb?ag|Kabag|Bagian|Biro|Kabiro)\.?"
    r"(?:[ \t]+\w+)"                                         # the first word, in any case
    r"(?:(?:[ \t]*,[ \t]*|[ \t]+)(?:dan|serta|&)?[ \t]*"
    r"(?!KPU\b|Bawaslu\b|Kab(?:upaten)?\b|Kota\b|Prov(?:insi)?\b|RI\b)[A-Z][\w.]*){0,10}"
)
# The ad hoc bodies written out are their acronyms: "Panitia Pemungutan Suara" names a body
# (and so a recruitment or a swearing-in), not a vote.
BODY_NAMES = (
    (re.compile(r"kelompok penyelenggara pemungutan suara"), "kpps"),
    (re.compile(r"panitia pemungutan suara"), "pps"),
    (re.compile(r"panitia pemilihan kecamatan"), "ppk"),
    (re.compile(r"(?:petugas|panitia) pemutakhiran data pemilih"), "pantarlih"),
)


@dataclass(frozen=True)
class Term:
    label: str
    weight: float
    literal: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def load_terms(path: Path = LEXICON) -> tuple[tuple[str, re.Pattern], ...]:
    """Every term as (a literal it cannot match without, its compiled pattern), with its ``Term``."""
    terms: list[Term] = []
    label = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            label = line[1:]
            if label not in LABELS:
                raise ValueError(f"{path}: unknown event type {label!r}")
            continue
        if label is None:
            raise ValueError(f"{path}: term {line!r} before any @label")
        expr, _, weight = raw.rstrip().partition("\t")
        expr = expr.strip()
        # Word-initial matches only.
        pattern = re.compile(rf"(?<![\w-])(?:{expr})(?!\w)")
        terms.append(Term(label, float(weight) if weight else 1.0, required_literal(expr), pattern))
    return tuple(terms)


def required_literal(expr: str) -> str:
    """The first plain text every match of a term contains ("koordinasi" of
    "(?:ber|di)?koordinasi(?:kan)?"), found by a fast substring search before the term is tried."""
    cut = "\x00"
    if re.match(r"\((?:\?:)?[^()]*\)(?![?*])", expr):
        return ""  # starts with a choice of words: no single literal starts every match
    s = re.sub(r"\(\?[=!<][^)]*\)", cut, expr)          # lookarounds
    s = re.sub(r"\([^()]*\)[?*]", cut, s)                # optional groups
    s = re.sub(r"\\[a-zA-Z][*+?]?", cut, s)               # \w, \d ...
    s = re.sub(r"\[[^\]]*\][?*+]?", cut, s)             # character classes
    s = re.sub(r"\([^()]*\)", cut, s)                    # alternatives
    s = re.sub(r".[?*]", cut, s)                         # an optional character
    return next((run.strip() for run in s.split(cut) if run.strip()), "")


def _term_matches(term: Term, text: str) -> Iterator[re.Match]:
    """Matches of a term, tried only where its literal occurs, from the start of that word."""
    if not term.literal:
        yield from term.pattern.finditer(text)
        return
    pos = text.find(term.literal)
    last = -1
    while pos != -1:
        start = pos
        while start > 0 and text[start - 1].isalnum() and pos - start < MAX_PREFIX:
            start -= 1  # the literal may follow a prefix: "pe-lantik-an"
        m = term.pattern.match(text, start) if start > last else None
        if m:
            last = m.end()
            yield m
        pos = text.find(term.literal, max(pos + 1, last))


def _hits(text: str) -> list[tuple[int, int]]:
    """(position, term index) of every term in the text (lower case); where terms overlap the longest wins."""
    found = []
    for index, term in enumerate(load_terms()):
        if term.literal in text:
            found += [(m.start(), -m.end(), index) for m in _term_matches(term, text)]
    found.sort()
    hits = []
    end = -1
    for start, neg_end, index in found:
        if start < end:
            continue  # inside a longer term ("rapat" of "rapat pleno")
        end = -neg_end
        hits.append((start, index))
    return hits


def _plain_text(text: str) -> str:
    """Lower-case text with names of units and bodies neutralized, at unchanged positions."""
    text = UNIT_NAME.sub(lambda m: " " * len(m.group()), text).lower()
    for pattern, acronym in BODY_NAMES:
        text = pattern.sub(lambda m: acronym.ljust(len(m.group())), text)
    return text


def score_labels(title: str | None, text: str) -> tuple[dict[str, float], set[str]]:
    """Score of every label for one bulletin, and the labels its title names."""
    terms = load_terms()
    scores = dict.fromkeys(LABELS, 0.0)
    in_title = {index for _, index in _hits((title or "").lower())}
    lead: set[int] = set()
    body: dict[int, int] = {}
    for start, index in _hits(_plain_text(text)):
        if start < LEAD_CHARS:
            lead.add(index)
        else:
            body[index] = body.get(index, 0) + 1
    for index in in_title:
        scores[terms[index].label] += TITLE_WEIGHT * terms[index].weight
    for index in lead:
        scores[terms[index].label] += LEAD_WEIGHT * terms[index].weight
    for index, count in body.items():
        # Diminishing returns: a word repeated ten times is not ten times the evidence.
        scores[terms[index].label] += terms[index].weight * math.log2(1 + count)
    return scores, {terms[index].label for index in in_title}


def classify(title: str | None, text: str) -> list[str]:
    """One to three event types, main first; [] when nothing in the text points to any."""
    scores, in_title = score_labels(title, text)
    ranked = sorted(LABELS, key=lambda label: -scores[label])
    top = scores[ranked[0]]
    if top < MIN_SCORE:
        return []
    labels = [label for label in ranked[:MAX_LABELS]
              if label == ranked[0] or (scores[label] >= SECOND_SHARE * top and scores[label] >= MIN_SCORE)]
    # What happened comes before what it was about: a meeting, plenary, swearing-in,
    # training or outreach the title names is the main label, its subject the second.
    named = [label for label in ranked
             if label in ACTIVITIES and label in in_title and scores[label] >= ACTIVITY_SHARE * top]
    if named:
        labels = [named[0]] + [label for label in labels if label != named[0]][:MAX_LABELS - 1]
    return labels


class EventComponent:
    """spaCy component: fills ``warta["event_types"]``."""

    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        meta = doc.user_data.get("meta") or {}
        warta["event_types"] = classify(meta.get("title"), doc_text(doc))
        return doc


@Language.factory("warta_events")
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent()
