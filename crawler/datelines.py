"""Dates as KPU pages write them: metadata, listing dates and bulletin datelines.

Only what the crawler needs to date a bulletin: a date in a metadata attribute
("2023-01-26T09:00:00+07:00"), in a listing ("Kamis, 26 Januari 2023",
"26/01/2023") or in the opening dateline of the body ("Kab-probolinggo.kpu.go.id,
Kamis, 26-1-2023", "Rabu (29/3/2023)"). Short forms without a year ("Sleman (13/09) -")
are left to the NLP stage, which knows the article's context.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "january": 1, "february": 2, "march": 3, "may": 5,
    "june": 6, "july": 7, "august": 8, "october": 10, "december": 12,
}

_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d?)-(\d\d?)(?!\d)")  # also inside "2023-01-26T09:00"
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*((?:19|20)\d\d)(?![\d])")
_WORDS = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b")

# A dateline sits in the first words of a bulletin; a date further in is about something else.
DATELINE_SPAN = 160


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """The first full date (day, month and year) in ``text``, or None."""
    if not text:
        return None
    found: list[tuple[int, date]] = []
    if m := _ISO.search(text):
        if d := _make(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), d))
    if m := _NUMERIC.search(text):
        if d := _make(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            found.append((m.start(), d))
    for m in _WORDS.finditer(text):
        month = MONTHS.get(m.group(2).lower())
        if month and (d := _make(int(m.group(3)), month, int(m.group(1)))):
            found.append((m.start(), d))
            break
    return min(found)[1] if found else None


def dateline_date(text: str) -> date | None:
    """The date in a bulletin's opening dateline, if it has one."""
    return parse_date(text[:DATELINE_SPAN])
