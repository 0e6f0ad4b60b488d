"""Dates: the bulletin's own date (its dateline) and every calendar day it names.

Registers the spaCy component ``warta_dates``. It writes into ``doc.user_data["warta"]``:

- ``published``: ISO date of the bulletin, from its dateline ("Kamis, 26-1-2023",
  "Sleman (13/09) -", "Rabu (29/3/2023)" in the first sentence), else from the
  day the opening sentences give, else from the page metadata; ``None`` when the
  text does not tell (a day without a year that nothing in the text dates).
- ``dates``: ``[{"date": "YYYY-MM-DD", "text": surface, "mentions": [[start, end]]}]``.

Only compiled regular expressions are used (dateparser costs 2.4 ms per parse
and adds nothing for the handful of forms bulletins use). A day written without
a year takes it from the publication date; a dateline without a year takes it
from the years the text names, checked against the weekday when one is given.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from nlp.textscan import doc_text, matches_at

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "febuari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agt": 8, "agu": 8, "agus": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "december": 12, "dec": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5, "minggu": 6, "ahad": 6}

_WEEKDAY = r"(?P<wd>Senin|Selasa|Rabu|Kamis|Jum(?:[’'`]?)at|Sabtu|Minggu|Ahad)"
# Longest names first so that "Juni" wins over "Jun".
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_SEP_RANGE = r"(?:\s*(?:-|–|—|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga|s/d)\s*)"
_SEP_LIST = r"(?:\s*(?:,|dan|&)\s*)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19\d\d|20\d\d)"  # "17 Agustus 1945" too
FIRST_OWN_YEAR = 1999  # the KPU's founding: no bulletin reports on a day before it

# Every pattern starts with a digit, so that the regex engine skips plain text fast;
# the weekday, "tanggal" or bracket before a day is read from a short window behind it.
# "15 Januari 2021", "30-31 Maret 2023", "15, 16 dan 17 Agustus", "8 Des. 2020"
TEXTUAL = re.compile(
    rf"(?P<days>\d{{1,2}}(?:(?:{_SEP_RANGE}|{_SEP_LIST})\d{{1,2}})*)(?!\d)\s*(?P<month>{_MONTH})\b\.?"
    rf"(?:\s*,?\s*(?P<year>{_YEAR})(?!\d))?",
    re.IGNORECASE,
)
# "26-1-2023", "29/3/2023", "(24/07/17)", "(24/3)": a two-digit year, or none, only inside
# brackets or after a weekday.
NUMERIC = re.compile(r"(?P<d>\d{1,2})(?P<s>[/\-.])(?P<m>\d{1,2})(?:(?P=s)(?P<y>\d{4}|\d{2}))?(?![\d/])")
# "(7-8/7/2023)", "12–13/1": two days of one month, written numerically.
NUMERIC_RANGE = re.compile(r"(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])")
PREFIX = re.compile(
    rf"(?:{_WEEKDAY}\s*,?\s*(?:\(\s*)?)?(?:\b(?:tanggal|tgl\.?)\s+)?(?:\(\s*)?\Z", re.IGNORECASE
)
CLOSE = re.compile(r"\s*\)")
PREFIX_REACH = 24
ISO = re.compile(r"(?<!\d)(?P<y>20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
YEAR_WORD = re.compile(rf"(?<![\d/.\-]){_YEAR}(?![\d/])")
_DAY_NUM = re.compile(r"\d{1,2}")
_RANGE_SEP = re.compile(_SEP_RANGE)
RANGE_GAP = re.compile(rf"{_SEP_RANGE}|\s*(?:s\.?d\.?|sampai(?:\s+dengan)?|hingga)\s+(?:tanggal\s+|tgl\.?\s+)?", re.IGNORECASE)
DIGIT = re.compile(r"\d")
# A sentence ends at . ! ? followed by space and a capital letter or an opening quote.
SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"‘])")

# A cited document's number: "Nomor 703/PL.02.1-SD/01/KPU/VII/2018", "Nomor 21 Tahun 2022".
WORD_SENTENCE_END = re.compile(r"(?<=[a-z]{3})[.!?](?=\s+[A-Z“\"])|\n")
LONE_WEEKDAY = re.compile(rf"\b{_WEEKDAY}\b")
# A day the sentence says came before the one reported ("Setelah sehari sebelumnya menetapkan ... Minggu (22/9)").
EARLIER = re.compile(r"\b(?:sebelumnya|kemarin)\b", re.IGNORECASE)
FUTURE = re.compile(r"\b(?:akan|rencananya|direncanakan|dijadwalkan)\b", re.IGNORECASE)
DOCUMENT_CITE = re.compile(r"\b(?:Nomor|No\.?)\s*:?\s*\d+\s*(?:/|Tahun\b)", re.IGNORECASE)
OPENING_SENTENCES = 2    # sentences that report the event of the bulletin
DATELINE_REACH = 100     # characters of the opening a dateline may lie in
# A plain day after these is one the sentence refers to, not a dateline ("Sehari setelah ... pada 25 September",
# "rekomendasi ... tertanggal 29 November").
IN_SENTENCE = re.compile(r"\b(?:pada|sejak|mulai|hingga|sampai|setelah|sebelum|tertanggal)\s+$", re.IGNORECASE)


@dataclass
class DateMention:
    """One day named in the text; ``year`` is None until resolved."""
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None
    strength: int = 1  # how surely it is the day of the reported event: 0 range, 1 plain, 2 weekday, 3 bracketed


def _weekday(name: str | None) -> int | None:
    if not name:
        return None
    return WEEKDAYS.get(re.sub(r"[’'`]", "", name.lower()))


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year4(y: str) -> int:
    n = int(y)
    return n if len(y) == 4 else 2000 + n


def _prefix(text: str, start: int) -> tuple[int, int | None, bool]:
    """(start of the prefix, weekday, opening bracket) before a day at ``start``."""
    lo = max(0, start - PREFIX_REACH)
    m = PREFIX.search(text, lo, start)
    if not m or m.start() == start:
        return start, None, False
    return m.start(), _weekday(m["wd"]), text[m.start():start].rstrip().endswith("(")


# "hingga 3 Januari 2023", "paling lambat 5 Mei": the edge of a period or a deadline; such a day
# dates the bulletin only if nothing else does (strength EDGE, below a range's 0).
EDGE = -1
PERIOD_WORD = re.compile(r"\b(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|s/d|sejak|mulai|paling\s+lambat|"
                         r"selambat-lambatnya|batas\s+akhir|akhir)\s+(?:(?:hari\s+)?tanggal\s+|tgl\.?\s*)?$",
                         re.IGNORECASE)


def _glued(text: str, start: int) -> bool:
    """A day glued to a longer number or code ("1.049", "PL.02.1-SD") is not a day."""
    return start > 0 and text[start - 1] in "0123456789/.-"


def digit_positions(text: str) -> list[int]:
    """Where the text's digits are: every date pattern's match begins at one, so the patterns are
    tried only there (``matches_at``); bulletins are mostly words."""
    return [m.start() for m in DIGIT.finditer(text)]


def find_mentions(text: str, digits: list[int] | None = None) -> list[DateMention]:
    """Every day the text names, in text order, overlapping matches resolved left-first."""
    if digits is None:
        digits = digit_positions(text)
    found: list[DateMention] = []
    for m in matches_at(TEXTUAL, text, digits):
        if _glued(text, m.start()):
            continue
        start, wd, _ = _prefix(text, m.start())
        month = MONTHS[m["month"].lower()]
        year = int(m["year"]) if m["year"] else None
        days = [int(x) for x in _DAY_NUM.findall(m["days"])]
        is_range = len(days) == 2 and _RANGE_SEP.search(m["days"])
        strength = (EDGE if PERIOD_WORD.search(text, max(0, start - 30), start) else 0 if len(days) > 1
                    else 2 if wd is not None else 1)
        for i, d in enumerate(days):
            # The weekday names the first day of a list or range.
            found.append(DateMention(start, m.end(), d, month, year, wd if i == 0 else None, strength))
        if is_range and days[0] > days[1]:
            found[-2].month = month - 1 if month > 1 else 12  # "30 - 2 April": the first day is in March
    for m in matches_at(NUMERIC, text, digits):
        if _glued(text, m.start()):
            continue
        start, wd, opened = _prefix(text, m.start())
        close = CLOSE.match(text, m.end())
        bracketed = opened and close is not None
        y = m["y"]
        if (y is None or len(y) == 2) and not (bracketed or wd is not None):
            continue
        if y is None and m["s"] != "/":
            continue
        if m["s"] == "." and (y is None or len(y) == 2):
            continue  # "1.5.24" is more often a number than a date
        end = close.end() if bracketed else m.end()
        strength = 3 if bracketed or wd is not None else 1
        found.append(DateMention(start, end, int(m["d"]), int(m["m"]), _year4(y) if y else None, wd, strength))
    for m in matches_at(NUMERIC_RANGE, text, digits):
        if _glued(text, m.start()):
            continue
        start, wd, opened = _prefix(text, m.start())
        close = CLOSE.match(text, m.end())
        if m["y"] is None and not (opened and close):
            continue  # "1-2/3" alone is more often a score or a fraction
        end = close.end() if opened and close else m.end()
        year = _year4(m["y"]) if m["y"] else None
        for i, day in enumerate((int(m["d1"]), int(m["d2"]))):
            found.append(DateMention(start, end, day, int(m["m"]), year, wd if i == 0 else None, 0))
    for m in matches_at(ISO, text, digits):
        found.append(DateMention(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]), None))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[DateMention] = []
    last_end = -1
    last_start = -1
    for x in found:
        if x.start < last_end and x.start != last_start:
            continue  # inside an earlier, longer match
        if not (1 <= x.month <= 12 and 1 <= x.day <= 31):
            continue
        kept.append(x)
        last_end, last_start = max(last_end, x.end), x.start
    _join_ranges(text, kept)
    return kept


def _join_ranges(text: str, mentions: list[DateMention]) -> None:
    """ "17 April sampai dengan 17 Mei 2018": a range, whose first day may borrow the year of the last."""
    for a, b in zip(mentions, mentions[1:]):
        if not RANGE_GAP.fullmatch(text, a.end, b.start):
            continue
        a.strength = b.strength = 0
        if a.year is None and b.year is not None:
            a.year = b.year - 1 if (a.month, a.day) > (b.month, b.day) else b.year


def _years_named(text: str, digits: list[int]) -> list[int]:
    """Years the text names anywhere, most frequent first."""
    counts: dict[int, int] = {}
    for m in matches_at(YEAR_WORD, text, digits):
        y = int(m.group())
        counts[y] = counts.get(y, 0) + 1
    return sorted(counts, key=lambda y: -counts[y])


def _closest_year(mention: DateMention, ref: dt.date) -> int | None:
    """The year that puts a yearless day nearest to the reference day (and on its weekday, if given)."""
    best, best_gap = None, None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        day = _valid(y, mention.month, mention.day)
        if day is None or (mention.weekday is not None and day.weekday() != mention.weekday):
            continue
        gap = abs((day - ref).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    if best is None and mention.weekday is not None:
        # A wrong weekday is more often a typo than a different year.
        day = _valid(ref.year, mention.month, mention.day)
        return ref.year if day else None
    if best_gap is not None and best_gap > 200 and mention.weekday is None:
        return ref.year
    return best


def _opening_year(text: str, mention: DateMention) -> int | None:
    """The first year the reporter names after the dateline in the opening sentences
    ("… rapat pleno tahun 2023."), not one inside a quotation ("“… 14 Februari 2024”")."""
    end = _opening_end(text, OPENING_SENTENCES)
    for m in YEAR_WORD.finditer(text, mention.end, end):
        if not _inside_quote(text, mention.end, m.start()):
            return int(m.group())
    return None


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """Does a quotation opened between ``start`` and ``pos`` stay open at ``pos``?"""
    part = text[start:pos]
    return part.count("“") > part.count("”") or part.count('"') % 2 == 1


def _year_from_text(mention: DateMention, full: list[DateMention], named: list[int],
                    meta: dt.date | None, text: str) -> int | None:
    """Year of a yearless dateline. The page's own date, when known, decides (nearest year);
    otherwise a weekday must agree with one of the years the text names, or, without a
    weekday, the full dates of the text decide."""
    if meta is not None:
        return _closest_year(mention, meta)
    weekday = mention.weekday if mention.weekday is not None else _weekday_of_sentence(text, mention)
    if weekday is not None:
        for y in dict.fromkeys([x.year for x in full] + named):
            day = _valid(y, mention.month, mention.day)
            if day and day.weekday() == weekday:
                return y
        return None
    same_day = [x.year for x in full if (x.month, x.day) == (mention.month, mention.day)]
    if same_day:
        return same_day[0]
    opening = _opening_year(text, mention)
    if opening is not None and _valid(opening, mention.month, mention.day):
        return opening
    years = list(dict.fromkeys(x.year for x in full))
    return years[0] if len(years) == 1 and _valid(years[0], mention.month, mention.day) else None


def _weekday_of_sentence(text: str, mention: DateMention) -> int | None:
    """The one weekday the sentence of a yearless dateline names ("Sendawar (15/11) – ... , Rabu.")."""
    start = text.rfind(". ", 0, mention.start) + 1
    end = WORD_SENTENCE_END.search(text, mention.end)  # (a title's dot, "Drs. Benediktus", ends none)
    days = {_weekday(m.group()) for m in LONE_WEEKDAY.finditer(text, start, end.start() if end else len(text))}
    return days.pop() if len(days) == 1 else None


def _opening_end(text: str, sentences: int) -> int:
    pos = 0
    for _ in range(sentences):
        m = SENTENCE_END.search(text, pos)
        if not m:
            return len(text)
        pos = m.end()
    return pos


def _published_candidates(text: str, mentions: list[DateMention]) -> Iterator[DateMention]:
    """Days that may be the bulletin's own, best first.

    The dateline; then, in the opening sentences, a bracketed or weekday-numeric day
    ("Rabu (29/3)"), a day with a weekday, the first sentence's day or range; then the
    same kinds further on. Dates of cited documents ("Surat Nomor … tanggal …") and the
    edges of periods ("hingga 3 Januari") come last.
    """
    mentions = [x for x in mentions if (x.year is None or x.year >= FIRST_OWN_YEAR)  # not "17 Agustus 1945"
                and not _planned(text, x) and not _earlier(text, x, mentions)]  # nor a day to come or gone
    own = [x for x in mentions if not _cites_document(text, x)]
    first_end = _opening_end(text, 1)
    opening_end = _opening_end(text, OPENING_SENTENCES)
    return itertools.chain(
        (x for x in own if x.start < min(first_end, DATELINE_REACH) and x.strength > 0 and not (
            x.strength == 1 and IN_SENTENCE.search(text, max(0, x.start - 12), x.start))),
        (x for x in own if x.strength == 3 and x.start < opening_end),
        (x for x in own if x.strength == 2 and x.start < opening_end),
        (x for x in own if x.start < first_end and x.strength >= 0),  # "..., Kamis-Jumat (25-26/1/2024)."
        (x for x in own if x.strength == 3),
        (x for x in own if x.strength == 2),
        (x for x in mentions if x.start < opening_end and x.strength > 0),
        (x for x in own if x.start < first_end),
    )


def _planned(text: str, x: DateMention) -> bool:
    """Is the day one the sentence plans for ("KPU akan menggelar jalan sehat ... rencananya pada
    Minggu, 8 September 2024")? An announcement does not say on which day it was written."""
    return bool(FUTURE.search(text, _sentence_start(text, x.start, 200), x.start))


def _earlier(text: str, x: DateMention, mentions: list[DateMention]) -> bool:
    """Is the day the first one after "sebelumnya" in its sentence ("Setelah sehari sebelumnya menetapkan
    ... Minggu (22/9), KPU menggelar ..., Senin 23 September")?"""
    cues = list(EARLIER.finditer(text, _sentence_start(text, x.start, 150), x.start))
    return bool(cues) and not any(cues[-1].end() <= y.start < x.start for y in mentions)


def _sentence_start(text: str, pos: int, reach: int) -> int:
    """Where the sentence holding ``pos`` starts, looking back at most ``reach`` characters."""
    lo = max(0, pos - reach)
    stops = list(SENTENCE_END.finditer(text, lo, pos))
    return stops[-1].end() if stops else lo


def _cites_document(text: str, x: DateMention) -> bool:
    before = text[max(0, x.start - 80):x.start]
    return bool(DOCUMENT_CITE.search(before)) and not SENTENCE_END.search(before)


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    return _valid(int(m[1]), int(m[2]), int(m[3])) if m else None


def extract_dates(text: str, meta_published: str | None = None) -> tuple[str | None, list[dict]]:
    """(published ISO date or None, the days named) for one bulletin text."""
    digits = digit_positions(text)
    mentions = find_mentions(text, digits)
    meta = _parse_iso(meta_published)
    full = [x for x in mentions if x.year is not None and _valid(x.year, x.month, x.day)]
    named = _years_named(text, digits)

    published = None
    for x in _published_candidates(text, mentions):
        year = x.year if x.year is not None else _year_from_text(x, full, named, meta, text)
        published = _valid(year, x.month, x.day) if year else None
        break  # the first candidate decides: an undatable event day leaves the bulletin undated
    if published is None and meta is not None:
        published = meta

    # Days without a year take the nearest one to the bulletin's day, or, in an announcement, to the
    # day it announces ("... rencananya pada Minggu, 8 September 2024 ... dibuka sejak 19 Agustus lalu").
    reference = published or next((_valid(x.year, x.month, x.day) for x in full if _planned(text, x)), None)
    out: dict[str, dict] = {}
    seen: set[tuple[int, str]] = set()
    for x in mentions:
        year = x.year
        if year is None and reference is not None:
            year = _closest_year(x, reference)
        day = _valid(year, x.month, x.day) if year else None
        if day is None:
            continue
        iso = day.isoformat()
        entry = out.setdefault(iso, {"date": iso, "text": text[x.start:x.end], "mentions": []})
        if (x.start, iso) not in seen:
            seen.add((x.start, iso))
            entry["mentions"].append([x.start, x.end])
    return (published.isoformat() if published else None), list(out.values())


class DateComponent:
    """spaCy component: fills ``warta["published"]`` and ``warta["dates"]``."""

    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        meta = doc.user_data.get("meta") or {}
        published, dates = extract_dates(doc_text(doc), meta.get("published"))
        warta["published"] = published
        warta["dates"] = dates
        return doc


@Language.factory("warta_dates")
def make_dates(nlp: Language, name: str) -> DateComponent:
    return DateComponent()
