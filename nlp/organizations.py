"""Organizations: KPU bodies at every level, Bawaslu, DKPP, ad hoc bodies, offices,
parties, courts, universities (component ``warta_organizations``).

An organization opens with a known acronym ("KPU", "Bawaslu", "PPK", "Disdukcapil")
or a head word ("Komisi", "Dinas", "Universitas", "Partai") and runs over the
capitalized words of its name, a bracketed acronym, and the level and region that
place it ("Komisi Pemilihan Umum (KPU) Kabupaten Buleleng", "KPU RI", "PPS Desa
Ringdikit"). Forms of one body are merged under the fullest one, so an acronym
and its full name meet ("KPU Buleleng" ~ "Komisi Pemilihan Umum Kabupaten Buleleng"),
but two levels stay two bodies: many regencies and the cities of the same name each
have their own KPU ("KPU Kota Kupang" and "KPU Kabupaten Kupang"); a form without a
level joins the body the text named first.

Writes ``warta["organizations"]`` = [{"name", "mentions"}].
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp.people import LEVEL_WORDS, is_dictionary_word, positions, reads_as_acronym, region_prefix
from nlp.places import regency_full_name
from nlp.textscan import Tok, doc_scan, doc_text
from nlp.wordlists import word_set

FULL_NAMES = {
    "komisi pemilihan umum": "kpu", "komisi independen pemilihan": "kip", "badan pengawas pemilihan umum": "bawaslu",
    "panitia pengawas pemilihan umum": "panwaslu", "dewan kehormatan penyelenggara pemilu": "dkpp",
    "panitia pemilihan kecamatan": "ppk", "panitia pemungutan suara": "pps",
    "kelompok penyelenggara pemungutan suara": "kpps", "petugas pemutakhiran data pemilih": "pantarlih",
    "mahkamah konstitusi": "mk", "mahkamah agung": "ma", "dewan perwakilan rakyat daerah": "dprd",
    "dewan perwakilan rakyat": "dpr", "republik indonesia": "ri", "kab": "kabupaten", "prov": "provinsi",
}
DAYS = frozenset("senin selasa rabu kamis jumat sabtu minggu tahun nomor".split())
SHORT_REGIONS = {
    "jatim": "jawa timur", "jateng": "jawa tengah", "jabar": "jawa barat", "diy": "daerah istimewa yogyakarta",
    "sumut": "sumatera utara", "sumbar": "sumatera barat", "sumsel": "sumatera selatan", "ntt": "nusa tenggara timur",
    "ntb": "nusa tenggara barat", "kalbar": "kalimantan barat", "kalteng": "kalimantan tengah",
    "kalsel": "kalimantan selatan", "kaltim": "kalimantan timur", "kaltara": "kalimantan utara",
    "sulsel": "sulawesi selatan", "sulteng": "sulawesi tengah", "sultra": "sulawesi tenggara", "sulbar": "sulawesi barat",
    "sulut": "sulawesi utara", "babel": "kepulauan bangka belitung", "kepri": "kepulauan riau", "malut": "maluku utara",
    "pabar": "papua barat", "dki jakarta": "jakarta", "republik indonesia": "ri",
}
# Words that may follow an acronym inside a body's name ("KPU RI", "Bawaslu Provinsi Jawa Timur").
AFTER_ACRONYM = frozenset("ri pusat daerah kabupaten/kota kab/kota negeri n pp al ad au".split())  # "Satpol PP", "TNI AL"
# The election bodies: after them come only a level and a region ("KPU Kabupaten Jepara");
# other acronyms may open a longer name ("Lapas Perempuan", "BPJS Kesehatan", "PPID KPU Boyolali").
CORE_BODIES = frozenset("kpu kip kpud bawaslu panwaslu panwaslih panwascam panwaslucam panwas dkpp ppk ppd pps kpps "
                        "ppdp pantarlih "
                        "ppln kppsln dprd dpr dpd mpr mk ma".split())
BIG_LEVELS = frozenset(("provinsi", "kabupaten", "kota"))
DISTRICT_LEVELS = BIG_LEVELS | {"kecamatan"}
# Bodies of one district, named after it ("PPK Paron", "Panwascam Sewon").
# (PPD: Papua's PPK)
DISTRICT_BODIES = frozenset(("ppk", "ppd", "panwascam", "panwaslucam", "polsek", "koramil", "puskesmas", "kua"))
# Ad hoc bodies a regency has many of: the bare acronym is all of them, not the one named in full.
MANY_BODIES = DISTRICT_BODIES | {"pps", "kpps", "pantarlih", "ppdp", "pkd"}
# Levels below the regency: an election body named with one and no place is the one of every district.
SUB_LEVELS = frozenset("kecamatan kelurahan desa distrik kalurahan kapanewon gampong nagari".split())
SUB_LEVEL_BODIES = frozenset(("panwaslu", "panwas", "ppk", "ppd", "pps"))
# Words that place a branch of a body like a level word ("Ikatan Dokter Indonesia Wilayah Kalimantan Barat").
AREA_WORDS = frozenset(("wilayah", "cabang", "perwakilan", "jemaat", "klasis"))  # a church's too: "GKS Jemaat Payeti"


@lru_cache(maxsize=65536)  # the same few bodies recur in bulletin after bulletin
def org_key(name: str) -> str:
    """A form for merging: no brackets, full names folded to acronyms, no level words."""
    s = " " + re.sub(r"[^\w ]+", " ", re.sub(r"\([^)]*\)", " ", name.lower())) + " "
    for full, short in FULL_NAMES.items():
        s = s.replace(" " + full + " ", " " + short + " ")
    s = " ".join(regency_full_name(w) for w in s.split() if w not in ("provinsi", "kabupaten", "kota", "daerah"))
    s = " " + s + " "
    for short, full in SHORT_REGIONS.items():
        s = s.replace(" " + full + " ", " " + short + " ")
    return " ".join(s.replace(" istimewa yogyakarta ", " diy ").split())


def _name_words(name: str) -> list[str]:
    """The lower-case words of a name, without its bracketed parts and punctuation."""
    return _NOT_NAME_WORDS.sub(" ", name.lower()).split()


_NOT_NAME_WORDS = re.compile(r"\([^)]*\)|[^\w ]+")
LEVEL_OF = {"kabupaten": "kabupaten", "kab": "kabupaten", "kota": "kota", "kotamadya": "kota",
            "provinsi": "provinsi", "prov": "provinsi", "propinsi": "provinsi"}


@lru_cache(maxsize=65536)
def org_level(name: str) -> str | None:
    """The level a body's name gives ("kabupaten", "kota", "provinsi", "kabupaten/kota"), or None."""
    words = _name_words(name)
    return "/".join(sorted({LEVEL_OF[w] for w in words if w in LEVEL_OF})) or None


def _same_body(known: list[dict], level: str | None) -> dict | None:
    """Which of the bodies known by one name a mention at ``level`` names: the one at that level,
    else one named so far without a level (which takes this one); with no level, the first."""
    if level is None:
        return known[0] if known else None
    for body in known:
        if body["level"] == level:
            return body
    for body in known:
        if body["level"] is None:
            body["level"] = level
            return body
    return None


@lru_cache(maxsize=65536)  # asked for every body named, and the same bodies recur
def _generic(name: str) -> bool:
    """A kind of body rather than one body: "Partai Politik", "Kelompok Kerja (Pokja)", "Partai Politik
    se-Kota Serang" (a collective), "Badan Ad Hoc Pemilu" (common words only after the kind)."""
    words = _name_words(name)
    for size in range(min(4, len(words)), 1, -1):
        if " ".join(words[:size]) in word_set("org_generic.txt"):
            rest = words[size:]
            if not rest or "se" in rest:
                return True
            named = any(w in LEVEL_WORDS or w in AREA_WORDS or w in word_set("org_acronyms.txt")
                        or not is_dictionary_word(w) for w in rest)
            return not named
    return False


def _acronym(tok: Tok) -> bool:
    return tok.kind == "word" and tok.low in word_set("org_acronyms.txt") and reads_as_acronym(tok)


def _head(tok: Tok) -> bool:
    return tok.kind == "word" and tok.cap and tok.low in word_set("org_heads.txt")


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word that may open a body's name: a quick test before the exact one."""
    return word_set("org_acronyms.txt") | word_set("org_heads.txt")


# Acronyms of a kind of institution: alone they name none ("siswa SMA", "Lapas").
NEEDS_NAME = frozenset("sd sdn smp smpn sma sman smk smkn mts mtsn man slb slbn lapas rutan rsud puskesmas".split())
ROMAN = re.compile(r"^[ivx]+[ab]?$")


def _common(tok: Tok) -> bool:
    """A word of a body's description rather than of a person's name."""
    low = tok.low
    return (is_dictionary_word(low) or low in word_set("nonname.txt") or low in word_set("org_acronyms.txt")
            or bool(ROMAN.match(low)))


def _province_word(tok: Tok) -> bool:
    return LEVEL_OF.get(tok.low.rstrip(".")) == "provinsi"


def _place_after(toks: list[Tok], j: int, districts: bool = False) -> int:
    """End of a "Kabupaten Buleleng" / "Buleleng" / "Desa Ringdikit" that starts at ``j`` (``j`` if none);
    with ``districts``, a bare district name too ("PPK Moyo Hilir", "SMAN 1 Seyegan")."""
    n = len(toks)
    if j < n and (toks[j].low.rstrip(".") in LEVEL_WORDS or toks[j].low in AREA_WORDS) and j + 1 < n:
        size = region_prefix(toks, j + 1, min(n, j + 5))
        if size:
            return j + 1 + size
        nxt = toks[j + 1]
        # A regency the gazetteer does not list ("Kab. Lobar"); provinces are all listed, so a name
        # after "Provinsi" is a person's ("Ketua KPU Provinsi Umi Rifdiyawaty").
        if nxt.cap and nxt.kind == "word" and nxt.low not in positions() and not _province_word(toks[j]) \
                and nxt.low not in word_set("nonname.txt") and nxt.low.rstrip(".") not in ("jl", "jln"):
            return j + 2
        return j
    if j < n and toks[j].cap:
        size = region_prefix(toks, j, min(n, j + 4), DISTRICT_LEVELS if districts else BIG_LEVELS)
        if size:
            return j + size
        if _regency_short_form(toks[j].low):
            return j + 1  # "Bawaslu OKU", "Bawaslu Polman": a regency as the region's news writes it
    return j


def _regency_short_form(low: str) -> bool:
    return regency_full_name(low) != low


def _goes_on(tok: Tok) -> bool:
    """A capitalized word of a name that goes on past "Indonesia" (not a level, an office or a day)."""
    return (tok.kind == "word" and tok.cap and _common(tok) and tok.low.rstrip(".") not in LEVEL_WORDS
            and tok.low not in positions() and tok.low not in DAYS and tok.low not in _starters())


# A party's boards at each level: "DPD Partai Amanat Nasional Kota Palu", "DPC PDI Perjuangan".
PARTY_BOARDS = frozenset(("dpp", "dpw", "dpd", "dpc"))


def _party_organ(toks: list[Tok], i: int) -> bool:
    """Is the board at ``i`` a party's ("DPD Golkar"), not a body such as the regional
    representatives' council (DPD RI)?"""
    if toks[i].low not in PARTY_BOARDS or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    return nxt.low == "partai" or (_acronym(nxt) and nxt.low not in CORE_BODIES and nxt.low not in PARTY_BOARDS)


def _after_acronym_stop(tok: Tok) -> bool:
    """After a name's bracketed acronym only its proper words go on ("(UNDIKSHA) Singaraja",
    "(Lapas) Kelas IIA Purwokerto", "(FEB) Universitas Widyagama"); a common word is the
    sentence going on ("(Pantarlih) Pemilu 2024", "(KPPS) Pemilu")."""
    return is_dictionary_word(tok.low) and not (_head(tok) or tok.low == "kelas" or ROMAN.match(tok.low))


def _extend(text: str, toks: list[Tok], i: int, acronym_end: int | None = None) -> int:
    """End (exclusive) of the organization name that starts at token ``i``; ``acronym_end``: the
    name is known to run to its bracketed acronym, which ends there."""
    n = len(toks)
    j = i + 1 if acronym_end is None else acronym_end
    # A head word takes the capitalized words of its name; an acronym other than an election body
    # takes common words only ("Lapas Perempuan", "BPJS Kesehatan"), never a name after it.
    head = _head(toks[i]) or acronym_end is not None or toks[i].low in NEEDS_NAME  # "RSUD Tenriawaru"
    free = head or toks[i].low not in CORE_BODIES or _party_organ(toks, i)
    bracketed = acronym_end is not None  # past the acronym of the name: "Petugas ... (Pantarlih) Pemilu 2024"
    while j < n:
        t = toks[j]
        if "\n" in text[toks[j - 1].end:t.start]:
            break
        if t.text == "(" and j + 2 < n and toks[j + 2].text == ")" and toks[j + 1].kind == "word":
            j += 3
            bracketed = True
            continue
        if (t.low in positions() and not (t.low == "pimpinan" and toks[j - 1].low == "dewan")) or t.low in DAYS:
            break  # an office ends the name, but "Dewan Pimpinan Pusat Partai ..." is a party's board
        if t.low == "se" or t.low.startswith("se-"):
            break  # "PPK Se-Kabupaten Sinjai": all the district committees of the regency, named "PPK"
        # A district body, or a numbered school ("SMAN 1 Seyegan"), is named after its district.
        districts = toks[i].low in DISTRICT_BODIES or toks[j - 1].kind == "num"
        end = _place_after(toks, j, districts)
        if end == j + 1 and t.low == "indonesia" and end < n and _goes_on(toks[end]):
            j = end  # "Partai Gerakan Indonesia Raya", "Partai Demokrasi Indonesia Perjuangan"
            continue
        if end == j and t.low in SUB_LEVELS and toks[i].low in SUB_LEVEL_BODIES:
            j += 1  # "Panwaslu Kecamatan", "PPS Desa": the body of every district or village, by its name
            break
        if end > j:
            j = end
            if j < n and toks[j].text == "(" and j + 2 < n and toks[j + 2].text == ")":
                j += 3  # "Komisi Penyiaran Indonesia (KPID) Provinsi Jawa Timur"
                j = _place_after(toks, j)
            elif j < n and toks[j].low in AREA_WORDS:
                j = _place_after(toks, j)  # "Bank Kalbar Cabang Sintang"
            break  # the level and region close a body's name
        if t.kind == "num" and j > i and (toks[j - 1].low in ("negeri", "n") or _acronym(toks[j - 1])
                                          or toks[j - 1].text == ")"):  # "Komando Resort Militer (Korem) 071"
            j += 1  # "SMP Negeri 1 Sleman", "Kodim 0726 Sukoharjo"
            continue
        if t.text == "/" and toks[j - 1].kind == "num" and j + 1 < n and toks[j + 1].cap:
            j = max(_place_after(toks, j + 1), j + 2)  # "Kodim 0732/Sleman", "Kodim 1509/Labuha": number, then base
            break
        if t.kind == "word" and (t.low in AFTER_ACRONYM or _acronym(t) and free):
            j += 1
            continue
        if bracketed and t.low == "republik" and j + 1 < n and toks[j + 1].low == "indonesia":
            j += 2  # "Komisi Pemilihan Umum (KPU) Republik Indonesia"
            continue
        if free and t.kind == "word" and t.cap and (head or _common(t)) and not (bracketed and _after_acronym_stop(t)):
            j += 1
            continue
        if head and t.text == "," and _series_goes_on(toks, j + 1):
            j += 1  # "Dinas Komunikasi, Informatika dan Statistik"
            continue
        if free and t.low in ("dan", "&") and j + 1 < n and toks[j + 1].cap and toks[j + 1].low not in positions() \
                and not (_acronym(toks[j + 1]) or _head(toks[j + 1])):
            j += 1
            continue
        break
    while j > i + 1 and toks[j - 1].low in ("dan", "&"):
        j -= 1
    return j


def _series_goes_on(toks: list[Tok], k: int) -> bool:
    """Do the words from token ``k`` list more of a name's fields, closed by "dan" ("Informatika dan
    Statistik"), rather than the sentence going on after the name?"""
    def field(t: Tok) -> bool:  # a capitalized common word, not a body, a place or an office of its own
        return t.kind == "word" and t.cap and is_dictionary_word(t.low) and t.low not in _starters() \
            and t.low not in positions() and t.low not in LEVEL_WORDS and t.low not in DAYS

    for j in range(k, min(len(toks) - 1, k + 8)):
        t = toks[j]
        if t.low in ("dan", "serta", "&"):
            return j > k and field(toks[j + 1])
        if not (t.text == "," or field(t)):
            return False
    return False


# Ministries whose regency office is named "Kantor ..." ("Kantor Kementerian Agama Kabupaten X").
MINISTRY_OFFICES = frozenset(("kementerian", "kementrian", "kemenag", "pertanahan", "imigrasi"))
STREET_WORDS = frozenset(("jalan", "jl", "jl.", "jln", "jln.", "gang", "gg", "gg."))
NAME_JOINS = frozenset(("dan", "untuk", "serta", "&", "of", "for", "and"))


def _spelled_out_names(toks: list[Tok]) -> dict[int, int]:
    """Names written out before their acronym, whatever their first word: "Indonesia Corruption
    Watch (ICW)", "Perkumpulan untuk Pemilu dan Demokrasi (Perludem)", "Pejabat Pengelola
    Informasi dan Dokumentasi (PPID)". Start token -> the end of the acronym's bracket.
    The acronym must spell the words: their initials, or letters taken from them in order,
    beginning with the first word's."""
    found: dict[int, int] = {}
    for k, tok in enumerate(toks):
        if not (tok.text == "(" and k + 2 < len(toks) and toks[k + 2].text == ")" and toks[k + 1].kind == "word"
                and toks[k + 1].cap and len(toks[k + 1].text) >= 2):
            continue
        start = _spelled_start(toks, k, toks[k + 1].text)
        # A body's acronym, or a body's head word among the words: "Daftar Pemilih Tetap (DPT)"
        # spells its acronym too, and names no body.
        if start is not None and (_acronym(toks[k + 1]) or any(_head(w) for w in toks[start:k])):
            found[start] = k + 3
    return found


def _spelled_start(toks: list[Tok], bracket: int, acronym: str) -> int | None:
    """The earliest token from which the words before ``bracket`` spell ``acronym`` (None if none)."""
    best = None
    words: list[Tok] = []
    k = bracket - 1
    while k >= 0 and bracket - k <= 12 and (toks[k].cap and toks[k].kind == "word" or toks[k].low in NAME_JOINS
                                             or toks[k].text == ","):  # "Dinas Komunikasi, Informatika, ..."
        if toks[k].cap:
            words.insert(0, toks[k])
            if len(words) >= 2 and _spells(acronym, [w.low for w in words]):
                best = k
        k -= 1
    return best


def _spells(acronym: str, words: list[str]) -> bool:
    """Do the words (lower case) spell the acronym: its letters their initials ("ICW", "PPID"),
    or taken from them in order, every word giving one or more ("PERkumpuLan pemilU DEMokrasi"),
    though the last words of a long name may give none ("DISKOMunikasi INFOrmatika, Statistik
    dan Persandian")?"""
    letters = acronym.lower()
    if acronym.isupper() and len(acronym) == len(words):
        return letters == "".join(w[0] for w in words)
    if letters[0] != words[0][0]:
        return False
    at = 0
    for count, w in enumerate(words):
        if at == len(letters):
            return count >= 2
        given = at
        for ch in w:
            if at < len(letters) and ch == letters[at]:
                at += 1
        if at == given:
            return False
    return at == len(letters)


def extract_organizations(doc: Doc) -> list[dict]:
    text, toks = doc_text(doc), doc_scan(doc)
    bodies: list[dict] = []            # in the order of their first mention
    by_key: dict[str, list[dict]] = {}  # one name may be several bodies, one per level
    aliases: dict[str, str] = {}  # "disdukcapil buleleng" -> the key of its full name
    starters = _starters()
    spelled_out = _spelled_out_names(toks)
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if i in spelled_out:
            j = _extend(text, toks, i, acronym_end=spelled_out[i])
        elif t.low not in starters or not (_acronym(t) or _head(t)) or i > 0 and toks[i - 1].low in STREET_WORDS:
            i += 1  # (a street named after a body or a virtue: "Jalan Persatuan Raya")
            continue
        else:
            j = _extend(text, toks, i)  # runs before warta_people: names are kept out by _common
        if j == i + 1 and (_head(t) or t.low in NEEDS_NAME):
            i += 1
            continue  # "Dinas", "SMA" alone name no one body
        if i > 0 and toks[i - 1].low == "kantor" and toks[i - 1].cap and t.low in MINISTRY_OFFICES:
            t = toks[i - 1]  # "Kantor Kementerian Agama Kabupaten Pamekasan": a ministry's office in a regency
        name = text[t.start:toks[j - 1].end]
        if _generic(name):
            i = j
            continue  # "Partai Politik": a kind of body, not one body
        key = org_key(name)
        key = aliases.get(key, key)
        level = org_level(name)
        body = _same_body(by_key.setdefault(key, []), level)
        if body is None:
            body = {"name": name, "mentions": [], "key": key, "level": level}
            bodies.append(body)
            by_key[key].append(body)
        elif len(name) > len(body["name"]):
            body["name"] = name
        body["mentions"].append([t.start, toks[j - 1].end])
        bracket = re.search(r"\(([^()]+)\)(.*)$", name)
        if bracket:  # "Dinas ... (Disdukcapil) Kabupaten Buleleng": the acronym names the same body
            for alias in (bracket.group(1), bracket.group(1) + " " + bracket.group(2)):
                aliases.setdefault(org_key(alias), key)
        i = j
    # A bare acronym that a fuller name of the same body covers is that body.
    ranked = sorted(by_key)
    out = []
    for body in bodies:
        key = body.pop("key")
        k = bisect_left(ranked, key + " ")  # the first key that could extend this one
        if body.pop("level") is None and key not in MANY_BODIES and k < len(ranked) \
                and ranked[k].startswith(key + " "):
            by_key[ranked[k]][0]["mentions"].extend(body["mentions"])
            continue
        out.append(body)
    for org in out:
        org["mentions"].sort()
    return out


class OrganizationsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc.user_data.setdefault("warta", {})["organizations"] = extract_organizations(doc)
        return doc


@Language.factory("warta_organizations")
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent()
