"""Event types: what a bulletin reports, as one to three labels of GUIDELINES.md, main first.

Registers the spaCy component ``warta_events``, which writes ``doc.user_data["warta"]["event_types"]``.

Each label has a lexicon of words and phrases (``lexicons/event_terms.txt``), written as
stems that cover their affixed forms ("dilantik", "pelantikan", "melantik"). The rules
follow how Indonesian news is written, not any one bulletin:

- The title and the opening sentences state the main event: a label scores by the terms
  of the title (weighted strongly), of the lead, and of the rest of the text, where
  repeated mentions count less and less. The best label is the main one.
- A second or third label needs substantial support: a fixed share of the main score,
  more than one mention of a specific term, and not generic words alone ("pemilih",
  "calon", "warga"). A gathering the opening sentence names ("menggelar rapat pleno
  terbuka rekapitulasi ...") is a label even when its subject dominates the text.
- Some mentions are no evidence: names of divisions and units ("Ketua Divisi Sosialisasi,
  Pendidikan Pemilih ..."), ad hoc bodies written out ("Panitia Pemungutan Suara"), an
  event told as background ("Usai dilantik, ..."), and a closing paragraph alone.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
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
ACTIVITY_SHARE = 0.2       # ... named in the title, main when it has this share of the best score
OPENING_ACTIVITY = 2.0     # ... named in the opening sentence by a term this specific, a label

TITLE_WEIGHT = 4.0
LEAD_WEIGHT = 1.5
LEAD_CHARS = 400           # the opening sentences say what happened
MIN_SCORE = 2.5            # the main label scores at least this much
SECOND_SHARE = 0.35        # a second or third label scores at least this share of the main one,
SECOND_MIN = 3.5           # more than a single mention of a specific term (3),
# Voting-day words (surat suara, TPS, mencoblos) are what outreach, training and recruitment
# are about: as a second subject, voting needs several mentions of its own.
SECOND_MIN_OF = {"pemungutan_suara": 10.0}
STRONG = 2.0               # and has one specific term (weight 2 or more)
SEVERAL = 3                # or several generic ones
MAX_LABELS = 3
MAX_PREFIX = 6             # longest prefix before a term's literal ("meng", "pen", "ter")

# "Usai dilantik, ...", "Setelah pelantikan, ...": what came before the reported event.
BACKGROUND = re.compile(r"\b(?:usai|seusai|setelah|sesudah|selepas|pasca|sebelum)\s+(?:[\w-]+\s+){0,2}$")
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\u201c\"])")
PARAGRAPH_BREAK = re.compile(r"\n\s*")
MIN_PARAGRAPH = 80         # characters: shorter lines are bylines, captions, credits
MIN_PARAGRAPHS = 3         # a closing paragraph is told apart only in a text of several
DATED = re.compile(r"\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b|\b\d{1,2}[/-]\d{1,2}\b", re.I)

# Names are not events. A commissioner's division ("Ketua Divisi Sosialisasi, Pendidikan
# Pemilih, Partisipasi Masyarakat dan SDM") or a secretariat unit ("Kasubbag Hukum") says who
# spoke, not what happened: the unit word and the capitalized words after it are blanked,
# up to the body's own name (KPU, Bawaslu) or a place level.
UNIT_NAME = re.compile(
    r"\b(?:[Dd]ivisi|DIVISI|Div|Kadiv|Kordiv|[Ss]ub ?[Bb]ag(?:ian)?|Kasubb?ag|Kabag|Bagian|Biro|Kabiro)\.?"
    r"(?:[ \t]+\w+)"                                      # the first word, in any case
    r"(?:(?:[ \t]*,[ \t]*|[ \t]+)(?:dan|serta|&)?[ \t]*"  # then up to 6 capitalized words,
    r"(?!KPU\b|Bawaslu\b|Kab(?:upaten)?\b|Kota\b|Prov(?:insi)?\b|RI\b)"  # not the body or its place,
    r"(?!(?:Me|Ber|Di|Ter)[a-z])"                           # nor a verb of a Title Case sentence
    r"[A-Z][\w.]*){0,6}"
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
    if re.match(r"\((?:\?:)?[^()]*\) ", expr):
        return ""  # starts with a choice of words: no literal in the first word of every match
    s = re.sub(r"\(\?[=!<][^)]*\)", cut, expr)          # lookarounds
    s = re.sub(r"\([^()]*\)[?*]", cut, s)                # optional groups
    s = re.sub(r"\\[a-zA-Z][*+?]?", cut, s)               # \w, \d ...
    s = re.sub(r"\[[^\]]*\][?*+]?", cut, s)             # character classes
    s = re.sub(r"\([^()]*\)", cut, s)                    # alternatives
    s = re.sub(r".[?*]", cut, s)                         # an optional character
    return next((run.strip() for run in s.split(cut) if run.strip()), "")


def _term_matches(term: Term, text: str, occurrences: list[int]) -> Iterator[re.Match]:
    """Matches of a term, tried only where its literal occurs (``occurrences``, ascending),
    from the start of that word."""
    last = -1
    for pos in occurrences:
        if pos < last:
            continue  # inside the previous match
        start = pos
        while start > 0 and text[start - 1].isalnum() and pos - start < MAX_PREFIX:
            start -= 1  # the literal may follow a prefix: "pe-lantik-an"
        m = term.pattern.match(text, start) if start > last else None
        if m:
            last = m.end()
            yield m


@lru_cache(maxsize=1)
def literal_automaton() -> ahocorasick.Automaton:
    """The terms' literals in one Aho-Corasick automaton, each with the indices of the terms
    that need it: where they all occur is one pass over a text, not a search per term (~240)."""
    by_literal: dict[str, list[int]] = {}
    for index, term in enumerate(load_terms()):
        by_literal.setdefault(term.literal, []).append(index)
    automaton = ahocorasick.Automaton()
    for literal, indices in by_literal.items():
        if literal:
            automaton.add_word(literal, (literal, tuple(indices)))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _terms_without_literal() -> tuple[int, ...]:
    return tuple(index for index, term in enumerate(load_terms()) if not term.literal)


def _occurrences(text: str) -> dict[tuple[str, tuple[int, ...]], list[int]]:
    """Start of every occurrence of every literal in the text (overlapping ones too), ascending."""
    found: dict[tuple[str, tuple[int, ...]], list[int]] = {}
    for end, key in literal_automaton().iter(text):
        found.setdefault(key, []).append(end - len(key[0]) + 1)
    return found


def _hits(text: str) -> list[tuple[int, int]]:
    """(position, term index) of every term in the text (lower case); where terms overlap the longest wins."""
    terms = load_terms()
    found = []
    for (_, indices), occurrences in _occurrences(text).items():
        for index in indices:
            found += [(m.start(), -m.end(), index) for m in _term_matches(terms[index], text, occurrences)]
    for index in _terms_without_literal():
        found += [(m.start(), -m.end(), index) for m in terms[index].pattern.finditer(text)]
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


@dataclass
class Evidence:
    """What a bulletin says for one label."""
    score: float = 0.0
    strongest: float = 0.0      # weight of its most specific term: generic words weigh 1
    in_title: float = 0.0       # weight of its most specific term in the title
    in_opening: float = 0.0     # ... in the opening sentence, which says what happened
    terms: int = 0              # how many different terms speak for it
    before_closing: bool = False  # said in the title or before the closing paragraph


def _background(text: str, start: int) -> bool:
    """Whether the term at ``start`` follows "usai", "setelah", "sebelum": an event told as the
    background of the one reported ("Usai Dilantik, Anggota PPS Langsung Mengikuti Bimtek")."""
    return bool(BACKGROUND.search(text, max(0, start - 40), start))


def closing_start(text: str) -> int:
    """Where the closing paragraph begins, in a text of several paragraphs: its standard close
    ("KPU mengajak seluruh pemilih ...") adds nothing to what was reported. A byline after it
    is not the closing paragraph, and one that dates what it tells ("pada Kamis (5/1/2023)
    anggota PPK mengikuti bimtek") reports an event."""
    starts = [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
    paragraphs = [start for start, end in zip([0] + starts, starts + [len(text)])
                  if len(text[start:end].strip()) >= MIN_PARAGRAPH]
    if len(paragraphs) < MIN_PARAGRAPHS or DATED.search(text, paragraphs[-1]):
        return len(text)
    return paragraphs[-1]


def opening_end(text: str) -> int:
    """Where the first sentence ends (at most ``LEAD_CHARS``)."""
    m = SENTENCE_END.search(text, 0, LEAD_CHARS)
    return m.end() if m else LEAD_CHARS


def gather(title: str | None, text: str) -> dict[str, Evidence]:
    """The evidence for every label in one bulletin."""
    terms = load_terms()
    found = {label: Evidence() for label in LABELS}
    title = (title or "").lower()
    in_title = {index for start, index in _hits(title) if not _background(title, start)}
    lead: set[int] = set()
    body: dict[int, int] = {}
    opening, closing = opening_end(text), closing_start(text)
    plain = _plain_text(text)
    for start, index in _hits(plain):
        if _background(plain, start):
            continue
        term = terms[index]
        if start < closing:
            found[term.label].before_closing = True
        if start < opening:
            found[term.label].in_opening = max(found[term.label].in_opening, term.weight)
        if start < LEAD_CHARS:
            lead.add(index)
        else:
            body[index] = body.get(index, 0) + 1
    for index in in_title:
        term = terms[index]
        found[term.label].score += TITLE_WEIGHT * term.weight
        found[term.label].in_title = max(found[term.label].in_title, term.weight)
        found[term.label].before_closing = True
    for index in lead:
        found[terms[index].label].score += LEAD_WEIGHT * terms[index].weight
    for index, count in body.items():
        # Diminishing returns: a word repeated ten times is not ten times the evidence.
        found[terms[index].label].score += terms[index].weight * math.log2(1 + count)
    for index in in_title | lead | set(body):
        label = terms[index].label
        found[label].strongest = max(found[label].strongest, terms[index].weight)
        found[label].terms += 1
    return found


def score_labels(title: str | None, text: str) -> tuple[dict[str, float], set[str]]:
    """Score of every label for one bulletin, and the labels its title names."""
    found = gather(title, text)
    return {label: e.score for label, e in found.items()}, {label for label, e in found.items() if e.in_title}


def classify(title: str | None, text: str) -> list[str]:
    """One to three event types, main first; [] when nothing in the text points to any."""
    found = gather(title, text)
    ranked = sorted(LABELS, key=lambda label: -found[label].score)
    top = found[ranked[0]].score
    if top <= 0:
        return []
    if top < MIN_SCORE:
        return [ranked[0]]  # little evidence, but every bulletin reports something: its likeliest kind

    def secondary(label: str) -> bool:
        e = found[label]
        if not e.before_closing:
            return False  # mentioned only in the closing paragraph
        if e.strongest < STRONG and e.terms < SEVERAL:
            return False  # generic words alone ("pemilih", "calon", "warga") are not a second subject
        if e.score >= SECOND_SHARE * top and e.score >= SECOND_MIN_OF.get(label, SECOND_MIN):
            return True
        # The opening sentence names the gathering: "menggelar rapat pleno terbuka rekapitulasi".
        return label in ACTIVITIES and e.in_opening >= OPENING_ACTIVITY

    labels = [ranked[0]] + [label for label in ranked[1:] if secondary(label)]
    # What happened comes before what it was about: a meeting, plenary, swearing-in,
    # training or outreach the title names is the main label, its subject the second.
    named = [label for label in ranked
             if label in ACTIVITIES and found[label].in_title and found[label].score >= ACTIVITY_SHARE * top]
    if named:
        labels = [named[0]] + [label for label in labels if label != named[0]]
    return labels[:MAX_LABELS]


class EventComponent:
    """spaCy component: fills ``warta["event_types"]``."""

    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        meta = doc.user_data.get("meta") or {}
        warta["event_types"] = classify(meta.get("title"), doc_text(doc))
        return doc


@Language.factory("warta_events")
def make_events(nlp: Language, name: str) -> EventComponent:
    literal_automaton()  # compiles every term now, not during the first bulletin
    return EventComponent()
