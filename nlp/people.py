"""Persons: every named person once per bulletin (component ``warta_people``).

Candidates are runs of capitalized words that are not the vocabulary of offices,
bodies, places and events (lexicons/nonname.txt, positions.txt, org_*.txt,
english.txt, the region list). A run is a person when the text says so:

- a title before it ("dr.", "Hj.", ranks like "AKBP") or a degree after it ("S.Pd.");
- a position before it ("Ketua KPU Kabupaten Buleleng Komang Dudhi Udiyana");
- a speech cue ("kata Reika Nurhaeni", "Harmain menuturkan");
- an apposition (", Ketua KPU ...", ", salah seorang pengunjung");
- a list it stands in next to a person ("Agus Helmi, dan Muntiara");
- for names of two words or more, a word that neither the dictionary nor the
  gazetteer knows, unless the run ends a longer capitalized phrase.

Evidence is overruled where a run is a body's town ("Lapas Purwokerto"), a place
("Bande Alit, Kecamatan ..."), an acronym spelled out in brackets, a derived
dictionary word ("Penataan Dapil") or a word the same text also writes in lower
case. Short forms, nicknames and spelling variants ("Dudhi Udiayana", "Rani" for
"Sri Surani") join the fullest name they fit, and "ia", "dia", "beliau" become
mentions of the person named last. Titles and degrees are kept apart; ALL-CAPS
names get normal case; bylines and credits are skipped.

Writes ``warta["persons"]`` = [{"name", "aliases", "titles", "roles", "mentions"}]
and, for the role and quote components, ``warta["_person_mentions"]`` =
[(person index, first token, end token, char start, char end, first title token, end of degrees)]
in text order. ``WARTA_DEBUG_PEOPLE=1`` prints the evidence behind each mention.
"""

from __future__ import annotations

import heapq
import os
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlp.places import compact, get_gazetteer
from nlp.textscan import Tok, doc_scan, doc_text, is_bare_degree
from nlp.wordlists import region_name_words, region_names, root_words, sections, word_set

DEBUG = bool(os.environ.get("WARTA_DEBUG_PEOPLE"))
LEVEL_WORDS = frozenset(
    "provinsi propinsi prov kabupaten kab kota kotamadya kecamatan kec desa kelurahan kel kalurahan kapanewon "
    "kemantren distrik nagari gampong pekon dusun kampung banjar lingkungan".split()
)
BIG_REGIONS = frozenset(("provinsi", "kabupaten", "kota"))
VILLAGE_WORDS = frozenset("desa kelurahan kel kalurahan nagari gampong pekon dusun kampung banjar lingkungan".split())
VENUE_WORDS = frozenset("jl. jl jln jln. jalan gedung hotel aula ruang balai pendopo pendapa kantor lapangan pantai pasar "
                        "masjid gereja taman monumen tugu stadion wisma graha pelabuhan dermaga bandara terminal "
                        "stasiun".split())
# Buildings, whose names go on over capitalized words ("Masjid Agung Baiturrahim Lhoksukon"); unlike
# "Kantor" or "Balai", no office's name opens so ("Kepala Kantor Kemenag Budi Santoso").
BUILDING_WORDS = frozenset("masjid musala mushola gereja vihara klenteng gedung hotel aula wisma graha stadion "
                           "lapangan taman monumen tugu pendopo pendapa pondok pesantren ponpes".split())
# Places and bodies named after a person ("RSUD Prof. Dr. Margono Soekarjo", "Jl. Ir. H. Juanda").
NAMED_AFTER_PERSONS = frozenset("jl. jl jln jln. jalan gedung stadion bandara bandar masjid yayasan rsud rsup rs rsu rsia "
                                "universitas pelabuhan lapangan taman monumen wisma graha".split())  # (not "Pasar", "Pura")
DAYS_MONTHS = frozenset(
    "senin selasa rabu kamis jumat sabtu minggu ahad januari februari maret april mei juni juli agustus "
    "september oktober november nopember desember".split())
VILLAGE_LEVELS = frozenset("desa kelurahan kel kalurahan dusun kampung nagari gampong banjar lingkungan".split())
BYLINE_WORDS = frozenset(
    "kontributor editor penulis foto fotografer reporter teks text dok dokumentasi sumber redaktur liputan "
    "oleh pewarta narasi caption".split()
)
# Words before a name that make it likely a person ("bersama Ahmad Shidqi").
SOFT_CUES = frozenset("oleh bersama kepada dengan yakni yaitu saudara saudari menurut didampingi bernama".split())
# Candidates for an office, who are named after the word ("salah satu bacaleg, Wulan Sari, ...").
CANDIDATES = frozenset("bacaleg caleg bakal calon bapaslon paslon cabup cawabup cagub cawagub".split())
# Words after "Name, ..." that describe a person ("Indah, salah seorang pengunjung").
APPOSITIONS = frozenset("seorang salah warga pengunjung mahasiswa siswa pelajar paslon calon peserta pemilih "
                        "perwakilan tokoh pemuda petani nelayan ibu bapak".split())
BORU = frozenset(("br.", "br", "boru"))  # a Batak woman's clan: "Rosmawati br. Simanjuntak"
CONNECTORS = frozenset(("bin", "binti", "van", "de", "al", "el")) | BORU
# Lowercase words that may sit inside a role ("Komisioner KPU Buleleng yang membidangi data pemilih").
ROLE_LOWER = frozenset(
    "dan serta yang membidangi bidang divisi urusan data pemilih teknis hukum umum keuangan logistik sosialisasi "
    "pendidikan partisipasi masyarakat perencanaan informasi penyelenggaraan pengawasan sdm se & / di komisi "
    "sekolah bagian seksi sub kab kab. kabupaten kota prov prov. provinsi kec kec. kecamatan sekretariat "
    # teams and parties of a case: "Ketua tim kampanye pasangan calon nomor urut 2", "Kuasa hukum pemohon"
    "tim pemenangan kampanye pasangan calon paslon nomor urut penguji pemohon termohon pelapor terlapor "
    "unsur pondok pesantren".split()  # "anggota TPD unsur KPU Provinsi Riau", "pengasuh pondok"
)


# Words that take the particles -kah and -lah to open a question or a plea ("Apakah", "Marilah").
PARTICLE_STEMS = frozenset("apa siapa bagaimana mengapa kapan mana bisa biar mari ada ini itu sudah jangan "
                           "bukan tentu harus boleh dapat perlu mampu akan cukup begitu demikian semoga".split())
# "Bong Khiun Fo, yang akrab disapa Afo", "Faisol, yang oleh para santri akrab disapa Ra Faisol":
# the name a person goes by.
NICKNAME = re.compile(r"(?:\b(?:yang\s+(?:[a-z]+\s+){0,4}?)?(?:akrab|biasa|kerap|sering)\s+"
                      r"(?:di)?(?:sapa|panggil|kenal\s+dengan)"
                      r"|\balias)\s+([A-Z][\w'’]+(?:\s+[A-Z][\w'’]+){0,2})")  # "Hendra Wijaya alias Tjhin Ket Min"
ROMAN_NUMBER = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)$")
# Words before a place, hardly ever before a person's name.
PLACE_WORDS_BEFORE = frozenset("di ke menuju sekitar kawasan wilayah daerah asal".split())
# Schools, named after their acronym ("MA Al Hidayah Lasem", "SMP Muhammadiyah Sleman").
SCHOOLS = frozenset("ma mts mi sd sdn smp smpn sma sman smk smkn slb man mtsn min".split())
# Words that open the names of towns and districts ("Muara Wahau", "Tanjung Redeb"): one word after them is that name's.
PLACE_OPENERS = frozenset("muara kuala tanjung teluk sungai pulau ujung lembah gunung bukit gili".split())
# Words before the name of a people, a language, an art or a group ("tari Tatak Pakpak", "tokoh adat Dayak Iban").
THING_WORDS_BEFORE = frozenset("tari tarian lagu suku etnis adat bahasa komunitas tradisi budaya kesenian upacara ritual "
                               "festival lomba program aplikasi gerakan motif kain batik grup band paguyuban kapal perahu "
                               "formulir model kelas".split())
# Given names that alone are a month or a feast ("Fajar Ramadhan", but "suasana Ramadhan").
SEASON_NAMES = frozenset(("ramadhan", "ramadan", "syawal", "muharram"))
# "Name dalam sambutannya ...": the speech someone gives.
SPEECH_OCCASIONS = frozenset("sambutannya arahannya paparannya pemaparannya penjelasannya keterangannya "
                             "pidatonya materinya laporannya".split())
# Given names the dictionary holds too ("Muhammad Kudus" is a name, "Cabang Gowa" is not).
COMMON_GIVEN_NAMES = frozenset("muhammad ahmad abdul siti nur sri dewi putri budi rahmat slamet".split())
# Words before a candidate's number on the ballot: "Nomor Urut 3 Mukhlis Rahman", "Paslon 02 Budi".
BALLOT_NUMBER = frozenset(("urut", "nomor", "no", "no.", "nomer", "paslon", "pasangan"))
# Commands and their officers, whose number is followed by the command's name ("Korem 102 Panju Panjung").
MILITARY_UNITS = frozenset("dandim danramil danrem kodim koramil korem danyon yonif kasdim kasrem".split())
# Words a number belongs to inside a role: "Paslon Nomor 2", "Dandim 0722/Kudus", "Ketua RT 05".
NUMBERED = MILITARY_UNITS | frozenset(  # ("Kepala SMA Negeri 1 Sewon")
    "paslon nomor urut no no. tps kpps rw rt negeri n sdn smpn sman smkn mtsn man".split())


def positions() -> frozenset[str]:
    return word_set("positions.txt")


def org_acronyms() -> frozenset[str]:
    return word_set("org_acronyms.txt")


PREFIXES = ("memper", "menge", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe",
            "ber", "ter", "di", "ke", "se")
SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "i", "lah", "kah", "pun")
NASAL = {"meny": "s", "peny": "s", "mem": "p", "pem": "p", "men": "t", "pen": "t", "meng": "k", "peng": "k"}


@lru_cache(maxsize=50000)
def is_dictionary_word(low: str) -> bool:
    """Is ``low`` an Indonesian root word, or one with common affixes ("Pengganti", "Sambutannya")?"""
    roots = root_words()
    if low in roots:
        return True
    stems = {low}
    for suf in SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stems.add(low[: -len(suf)])
    for stem in list(stems) + [x[len(p):] for x in list(stems) for p in ("ke", "se", "di") if x.startswith(p)]:
        for pre in PREFIXES:
            if stem.startswith(pre) and len(stem) - len(pre) >= 3:
                rest = stem[len(pre):]
                stems.add(rest)
                if pre in NASAL:
                    stems.add(NASAL[pre] + rest)
    return any(s in roots for s in stems)


@lru_cache(maxsize=50000)
def is_affixed_word(low: str) -> bool:
    """A derived dictionary word ("Penataan", "Keterbukaan"): names are rarely built that way.

    A bare "-i" ending is not enough ("Helmi", "Suhadi" are names).
    """
    if low in root_words() or not is_dictionary_word(low):
        return False
    if any(low.startswith(p) for p in PREFIXES) and is_dictionary_word(low):
        return _prefixed_root(low)
    return any(low.endswith(suf) and len(low) - len(suf) >= (5 if suf == "an" else 4) and low[: -len(suf)] in root_words()
               for suf in ("kan", "an", "nya", "annya"))  # (a root of four letters and "-an" is a name: "Marian")


def _prefixed_root(low: str) -> bool:
    roots = root_words()
    for pre in PREFIXES:
        if low.startswith(pre):
            rest = low[len(pre):]
            for cand in (rest, NASAL.get(pre, "") + rest):
                for suf in ("", "kan", "an", "i", "nya", "annya", "kannya"):
                    base = cand[: -len(suf)] if suf and cand.endswith(suf) else (cand if not suf else None)
                    if base and len(base) >= 4 and (base in roots or any(
                            base.startswith(p2) and base[len(p2):] in roots for p2 in ("ter", "ber", "se", "ke"))):
                        return True
    return False


def is_nameable(tok: Tok) -> bool:
    """Could this token be part of a person's name?"""
    if tok.kind == "initial":
        return True
    if tok.kind != "word" or not tok.cap:
        return False
    return _nameable_word(tok.low, acronyms=reads_as_acronym(tok))


def reads_as_acronym(tok: Tok) -> bool:
    """Could this token be a body's acronym as the lexicon writes it? One written in capitals
    only ("AJI") is none in normal case: "Aji Muhammad Arsyad" is a name."""
    return tok.upper or tok.low not in _shouted_acronyms()


@lru_cache(maxsize=1)
def _shouted_acronyms() -> frozenset[str]:
    """Acronyms the lexicon writes in capitals only ("AJI", "PAN")."""
    written = word_set("org_acronyms.txt", lower=False)
    mixed = {w.lower() for w in written if not w.isupper()}
    return frozenset(w.lower() for w in written if w.isupper() and w.lower() not in mixed)


@lru_cache(maxsize=65536)  # asked for every capitalized word, several times, of every bulletin
def _nameable_word(low: str, acronyms: bool = True) -> bool:
    low = low.rstrip(".")
    if low in word_set("noble.txt"):
        return True
    if low.startswith("se-"):
        return False
    head, _, tail = low.partition("-")
    if tail and tail.startswith(head[:3]):
        return False  # reduplicated nouns: "Ibu-ibu", "Bapak-bapak"
    if low.endswith("nya") and (is_dictionary_word(low) or low.endswith("-nya")):  # ("C Hasil-nya")
        return False  # "Sambutannya" (a name that ends so, "Semunya", joins a run in _runs)
    if low.endswith(("kah", "lah")) and low[:-3] in PARTICLE_STEMS:
        return False  # a question or a plea opening a sentence: "Apakah", "Biarlah" (not "Ramlah", "Atikah")
    if low in word_set("nonname.txt") or low in positions() or acronyms and low in org_acronyms() \
            or low in word_set("english.txt"):
        return False
    if low in word_set("org_heads.txt") or low in LEVEL_WORDS or _misspelt_position(low):
        return False
    verbs = sections("speech_verbs.txt")
    if low in verbs.get("before", ()) or low in verbs.get("after", ()):
        return False
    return True


def _misspelt_position(low: str) -> bool:
    """A long position word with a letter dropped or swapped ("Sekretris", "Kordinator")."""
    return len(low) >= 7 and any(
        abs(len(low) - len(p)) <= 1 and p[:3] == low[:3] and SequenceMatcher(None, low, p).ratio() >= 0.9
        for p in _long_positions())


@lru_cache(maxsize=1)
def _long_positions() -> tuple[str, ...]:
    return tuple(p for p in positions() if len(p) >= 8)


@dataclass
class Candidate:
    i0: int  # first name token
    i1: int  # end (exclusive)
    titles: list[str] = field(default_factory=list)
    degrees: list[str] = field(default_factory=list)
    t0: int = 0  # first token of the titles
    d1: int = 0  # end of the degrees
    strong: bool = False
    blocked: bool = False
    noble: bool = False
    reason: str = ""


def _adjacent(text: str, a: Tok, b: Tok) -> bool:
    gap = text[a.end:b.start]
    return "\n" not in gap and len(gap) <= 2 and gap.strip() == ""


def _runs(text: str, toks: list[Tok]) -> list[tuple[int, int]]:
    runs, i, n = [], 0, len(toks)
    while i < n:
        if not is_nameable(toks[i]) and not (toks[i].upper and _initials_before_name(text, toks, i)):
            i += 1
            continue
        j = i + 1
        while j < n and _adjacent(text, toks[j - 1], toks[j]) and (
            is_nameable(toks[j]) or (toks[j].low in CONNECTORS and j + 1 < n and is_nameable(toks[j + 1]))
            or (toks[j].low in NAME_LIKE_POSITIONS and toks[j].cap and toks[j].upper == toks[j - 1].upper)
            or (toks[j].low.endswith("nya") and "-" not in toks[j].low and toks[j].cap and toks[j].kind == "word"
                and not toks[j].upper
                and toks[j - 1].kind == "word" and toks[j].low not in word_set("nonname.txt"))
        ):
            j += 1
        while j > i and toks[j - 1].kind == "initial" and j - i > 1 and toks[j - 1].text[-1:] != "." :
            break
        runs.append((i, j))
        i = j
    return runs


def _initials_before_name(text: str, toks: list[Tok], i: int) -> bool:
    """"R.T.S Simanjuntak", "MH.Fatkhur": dotted single letters that open a name, not a degree after one
    ("Dr. Risman Lasandara, M.A.P. Abdul Rauf menjelaskan": the degree ends a sentence)."""
    t = toks[i]
    if t.kind not in ("degree", "word") or not t.upper or i + 1 >= len(toks):
        return False
    if t.kind == "degree" and i >= 2 and toks[i - 1].text == "," and (toks[i - 2].cap or toks[i - 2].kind == "degree"):
        return False
    if t.kind == "degree" and not all(len(part) <= 1 for part in t.text.split(".")):
        return False
    if t.kind == "word" and not (t.text.endswith(".") or text[t.end:t.end + 1] == "."):
        return False
    prev_is_name = i > 0 and is_nameable(toks[i - 1]) and toks[i - 1].low not in region_names()
    nxt = toks[i + 1] if t.kind == "degree" else (toks[i + 2] if i + 2 < len(toks) else None)
    return not prev_is_name and nxt is not None and nxt.kind == "word" and nxt.cap and not nxt.upper and is_nameable(nxt)


def region_prefix(toks: list[Tok], i0: int, i1: int, levels: frozenset[str] | None = None) -> int:
    """Length of the longest region name that opens toks[i0:i1] (0 if none)."""
    if i0 >= i1:
        return 0
    regions = region_names()
    for size in range(min(4, i1 - i0, region_name_words().get(toks[i0].low, 0)), 0, -1):
        name = " ".join(t.low for t in toks[i0:i0 + size])
        if name in regions and (levels is None or regions[name] in levels):
            return size
    if i1 - i0 >= 2 and toks[i0 + 1].cap:  # "Palangka Raya", "Gunung Kidul": an official one-word name, spaced
        joined = toks[i0].low + toks[i0 + 1].low
        if joined in regions and (levels is None or regions[joined] in levels):
            return 2
    return 0


def _strip_places(toks: list[Tok], i0: int, i1: int, is_place=lambda start: False,
                  place_words: frozenset[str] = frozenset()) -> int:
    """Skip a region or village name that follows a level word, a body ("KPU Buleleng Gede ...")
    or an office of a territory ("Camat Silahisabungan Roy Martin Padang")."""
    if i0 == 0:
        return i0
    prev = toks[i0 - 1]
    if prev.low in JURISDICTIONS:
        named = next((size for size in (3, 2) if " ".join(t.low for t in toks[i0:i0 + size]) in place_words
                      and i0 + size < i1), 0)  # "Lurah Nagri Kidul Neneng Yuliani"
        if named or is_place(toks[i0].start) or toks[i0].low in place_words \
                or i1 - i0 >= 3 and _gazetteer_knows(toks[i0].low):
            return i0 + (named or region_prefix(toks, i0, i1) or 1)
    if prev.cap and prev.low in PLACE_OPENERS and i1 - i0 >= 2:
        return i0 + 1  # "Lurah Sungai Daeng Fitriyani": the second word of a town's name
    if prev.cap and (size := region_prefix(toks, i0 - 1, i1)) >= 2:
        return i0 - 1 + size  # "Bawaslu Kabupaten Muara Enim Dedy Irawan": "Muara" opens no name, but the region
    after_level = prev.low.rstrip(".") in LEVEL_WORDS and not (
        prev.low == "kota" and i0 >= 2 and toks[i0 - 2].cap and toks[i0 - 2].low in place_words | region_names().keys())
    # ("Ketua PPK Garut Kota Lia Amelia": "Kota" ends a district's name)
    if after_level or prev.low in org_acronyms() or prev.low in word_set("nonname.txt"):
        size = region_prefix(toks, i0, i1, None if after_level else BIG_REGIONS)
        if size == 1 and i1 - i0 >= 2 and toks[i0].low in word_set("noble.txt"):
            return i0  # "Menurut Raja Aulia": a noble title, though a town is named so too
        if size:
            return i0 + size
        if after_level and i1 - i0 >= 2 and prev.low.rstrip(".") not in ("provinsi", "propinsi", "prov") \
                or is_place(toks[i0].start) or after_level and is_place(prev.start):
            return i0 + 1  # a place the gazetteer does not list ("Kab. Lobar Abrar", "Kecamatan Banda yang ...")
        if after_level and i1 - i0 == 1 and prev.low.rstrip(".") in VILLAGE_WORDS \
                and not (i0 >= 2 and toks[i0 - 2].low in positions() and toks[i0].low not in place_words):
            return i1  # "PKK Desa Yehembang, ...": the village, not a person (but "Kepala Desa Budi",
            # unless the text names a place so: "Desa Maringkik ... Kepala Desa Maringkik berharap")
        if prev.upper and prev.low in org_acronyms() and (i1 - i0 >= 3 and _gazetteer_knows(toks[i0].low)
                                                          or i1 - i0 >= 2 and toks[i0].low in place_words):
            return i0 + 1  # "Kepala KPPN Purwokerto Heri Winarno", "Ketua PPK Palembayan ZULKIFLI" (a district
            # of this text; not "Ketua PPS Muhammad Rizki Pratama")
    return i0


@lru_cache(maxsize=16384)
def _gazetteer_knows(low: str) -> bool:
    """Is ``low`` the name of a region, district or village somewhere in Indonesia?"""
    gaz = get_gazetteer()
    key = compact(low)
    return low in region_names() or key in gaz.lower or key in gaz.upper


# Offices of a territory, whose name follows them: "Camat Badau", "Kapolsek Silahisabungan".
JURISDICTIONS = frozenset("camat lurah kades perbekel panewu keuchik geuchik bendesa klian bupati walikota gubernur "
                          "kapolsek kapolres kapolresta kapolda danramil dandim danrem danlanal danlanud kajari sekda"
                          .split())
# Position words that are also common family names, after a given name: "Lukman Hakim".
NAME_LIKE_POSITIONS = frozenset(("hakim", "jaksa", "pranata"))
LIST_OPENERS = frozenset(("yaitu", "yakni", "terdiri", "adalah", "masing-masing", "dari", "atas"))
WEAK_POSITIONS = frozenset(("divisi", "koordinator", "kordiv", "kadiv"))


def _bracket_holds_a_role(toks: list[Tok], close: int) -> bool:
    """Does the bracket closed at token ``close`` open with a position ("(Divisi Hukum)"), not an
    acronym ("... Daerah Istimewa Yogyakarta (KPU DIY), Sri Surani")?"""
    k = close - 1
    while k >= 0 and toks[k].text != "(" and close - k < 12:
        k -= 1
    if k < 0 or toks[k].text != "(" or k + 1 >= close:
        return True
    first = toks[k + 1].low
    return first in positions() or first in WEAK_POSITIONS


def _before_the_others(toks: list[Tok], k: int) -> int:
    """Step back over "lainnya (yang juga turut hadir)," ending at token ``k``: in "Anggota KPU Kapuas
    lainnya yang hadir yaitu A dan B" the role before "lainnya" is A's and B's."""
    j = k - 1 if k >= 0 and toks[k].text == "," else k
    stop = max(-1, j - 6)
    while j > stop and toks[j].kind == "word" and not toks[j].cap:
        if toks[j].low == "lainnya":
            return j - 1
        j -= 1
    return k


def role_start_before(toks: list[Tok], i: int) -> int | None:
    """Index of the position word that opens a role ending just before token ``i``, or None.

    "Divisi" opens a role only when no fuller position stands before it in the
    same chain ("Anggota KPU Divisi Hukum" starts at "Anggota").
    """
    k = i - 1
    if k >= 1 and (toks[k].text in ",:" or toks[k].low in ("dan", "serta")) and toks[k - 1].text == ")" \
            and _bracket_holds_a_role(toks, k - 1):
        return None  # "Hanifa (Divisi Hukum), Patrudin": the bracket closed the previous name's role
    if k >= 0 and toks[k].text in ",:":
        k -= 1
        k = _before_the_others(toks, k)  # "anggota KPU Kabupaten Ciamis lainnya, Rizal Fauzi"
    if k >= 0 and toks[k].low in LIST_OPENERS:  # "Anggota KPU Kota Palu terdiri Haris Lawisi, ..."
        k -= 1
        if k >= 0 and toks[k].low in ("dari", "atas"):
            k -= 1
        k = _before_the_others(toks, k)
    steps = 0
    found = None
    in_list = False  # past a comma: the offices of others may stand there ("Danrem 032/Wirabraja, ...")
    while k >= 0 and steps < 30:
        t = toks[k]
        is_pos = t.low in positions() or t.low in WEAK_POSITIONS
        if is_pos:
            found = k
            if t.low not in WEAK_POSITIONS and not (k > 0 and toks[k - 1].low in positions()) \
                    and not (k > 1 and ROMAN_NUMBER.match(toks[k - 1].text) and toks[k - 2].low in positions()):
                return found  # (but "Asisten I Sekda ..." opens at "Asisten")
            k -= 1
            steps += 1
            continue
        if t.kind == "punct" and t.text not in ",()&/-":
            break
        if t.kind == "word" and not t.cap and t.low not in ROLE_LOWER:
            break
        if found is not None and t.text == ",":
            break
        in_list = in_list or t.text == ","
        if t.kind in ("num",) and steps > 0 and (in_list or toks[k - 1].low not in NUMBERED):
            break
        k -= 1
        steps += 1
    return found


def _evidence(text: str, toks: list[Tok], c: Candidate) -> None:
    """Collect titles before, degrees after, and decide whether the context marks a person."""
    k = c.i0 - 1
    while k >= 0 and toks[k].kind == "title" and _adjacent(text, toks[k], toks[k + 1]):
        c.titles.insert(0, toks[k].text)
        k -= 1
    c.t0 = k + 1
    j = c.i1
    n = len(toks)
    while j < n:
        t = toks[j]
        if t.kind == "degree" and all(len(p) <= 1 for p in t.text.split(".")) and j + 1 < n \
                and toks[j + 1].kind == "word" and toks[j + 1].cap and not toks[j + 1].upper and toks[j - 1].text != ",":
            break  # "Gowa R.T.S Simanjuntak": initials of the next name, not a degree (but "Fitriyani, S.E. Rombongan")
        if t.kind == "degree" or (t.kind == "word" and (t.upper or toks[j - 1].text == "," and t.cap and (
                j + 1 >= n or not toks[j + 1].cap)) and is_bare_degree(t)) or (
                c.degrees and t.kind == "word" and is_bare_degree(t)):
            c.degrees.append(t.text)
            j += 1
        elif t.text in ",." and j + 1 < n and (toks[j + 1].kind == "degree" or (
                toks[j + 1].kind == "word" and is_bare_degree(toks[j + 1]) and (toks[j + 1].upper or toks[j + 1].cap and (
                    j + 2 >= n or not toks[j + 2].cap)))) and (t.text == "," or c.degrees):  # ("Yosef Kalo, Pr ikut")
            j += 1
        else:
            break
    c.d1 = j if c.degrees else c.i1
    verbs = sections("speech_verbs.txt")
    before = toks[c.t0 - 1] if c.t0 > 0 else None
    after = toks[c.d1] if c.d1 < n else None
    after2 = toks[c.d1 + 1] if c.d1 + 1 < n else None
    after3 = toks[c.d1 + 2] if c.d1 + 2 < n else None
    words = toks[c.i0:c.i1]
    c.noble = words[0].low in word_set("noble.txt") and len(words) > 1  # (not "Raja" alone)
    # "Dewan Perwakilan Rakyat": a run glued to an office word is that office's name
    if not (c.titles or c.degrees or c.noble) and (before is not None and before.cap and (
            before.low in word_set("org_heads.txt") or before.low in VENUE_WORDS) and _adjacent(text, before, words[0])
            or _ends_a_named_thing(toks, c.t0, BUILDING_WORDS)):
        c.strong = False  # (and "Masjid Agung Baiturrahim Lhoksukon": a building's name)
        c.blocked = True
        return
    if len(words) == 1 and before is not None and before.cap and before.low in PLACE_OPENERS and not c.titles:
        c.blocked = True  # "PPK Muara Wahau": a town
        return
    if before is not None and before.upper and before.low in SCHOOLS and not (c.titles or c.degrees):
        c.blocked = True  # "MA Al Hidayah Lasem": a school's name
        return
    if after is not None and after.text == "," and after2 is not None and after2.low.rstrip(".") in LEVEL_WORDS \
            and not (c.titles or c.degrees):
        c.blocked = True  # "Bande Alit, Kecamatan Tempurejo": a place
        return
    if not (c.titles or c.degrees) and len(words) == 1 and after is not None and (
            after.kind == "title" or after.text == "," and after2 is not None and after2.kind == "title"):
        c.blocked = True  # "Ketua Timsel, Prof. Dr. …", "Danlanal Dobo Letkol Laut …": the end of a role
        return
    if c.titles and c.t0 > 0 and toks[c.t0 - 1].low.rstrip(".") in NAMED_AFTER_PERSONS:
        c.blocked = True  # "RSUD Prof. Dr. Margono Soekarjo": a body named after a person
        return
    if after is not None and after.text == "(":
        inside = []
        for t in toks[c.d1 + 1:c.d1 + 12]:
            if t.text == ")":
                break
            inside.append(t)
        if sum(1 for t in inside if t.cap and t.kind == "word") >= 3 and not any(
                t.low in positions() or t.low in WEAK_POSITIONS or t.low in APPOSITIONS for t in inside):
            c.blocked = True  # "Lola Sahdu (Layanan Online Lapas ...)": an acronym spelled out
            return
    if len(words) == 1 and not (c.titles or c.degrees) and before is not None and before.kind == "word" \
            and before.cap and (before.low in org_acronyms() or before.low in word_set("org_heads.txt")) \
            and _adjacent(text, before, words[0]) and not (after is not None and after.low in verbs["before"]):
        c.blocked = True  # "Undiksha Singaraja", "Lapas Purwokerto": the body's town
        return
    if c.titles or c.degrees or c.noble:
        c.strong = True
        c.reason = "title"
    elif before is not None and (before.low in verbs["after"] or before.low in ("menurut", "selaku")):
        c.strong = True
        c.reason = "verb_before"
    elif after is not None and after.text == "(" and after2 is not None and after2.kind == "num" \
            and len(after2.text) <= 2 and after3 is not None and after3.text == ")":
        c.strong = True
        c.reason = "age"  # "Rambu Kahi (52) asal Kelurahan Tebara"
    elif c.t0 >= 2 and toks[c.t0 - 1].kind == "num" and toks[c.t0 - 2].low in MILITARY_UNITS:
        c.blocked = True  # "Kasrem 102 Panju Panjung": a command's name after its number
        return
    elif c.t0 >= 2 and toks[c.t0 - 1].kind == "num" and toks[c.t0 - 2].low in BALLOT_NUMBER:
        c.strong = True
        c.reason = "ballot"  # "Paslon Nomor Urut 3 Mukhlis Rahman"
    elif after is not None and (after.low in verbs["before"] or after.low in ("selaku", "sebagai", "mengaku")
                                or after.low == "dalam" and after2 is not None and after2.low in SPEECH_OCCASIONS):
        c.strong = True
        c.reason = "verb_after"  # (or "Purwanto dalam sambutannya menyampaikan")
    elif after is not None and after.text in ",(" and after2 is not None and (
            after2.low in positions() or after2.low in APPOSITIONS
            or (after2.low in ("selaku", "sebagai") and after3 is not None)) or (
            c.t0 >= 2 and toks[c.t0 - 1].text == "," and toks[c.t0 - 2].low in APPOSITIONS | CANDIDATES
            and after is not None and after.text == ","):
        c.strong = True
        c.reason = "apposition"  # (or "salah satu bacaleg, Wulan Sari, yang ...")
    elif after is not None and after.cap and (after.low in positions() and after2 is not None and (
            after2.low in org_acronyms() or after2.low in ("divisi", "bidang")) or after.low == "divisi"):
        c.strong = True
        c.reason = "pos_after"
    elif role_start_before(toks, c.t0) is not None and (len(words) > 1 or _single_after_role(toks, c.t0)) and not (
            len(words) == 1 and after is not None and after.cap and after.kind == "word"
            and after.low in word_set("nonname.txt") and after.low not in DAYS_MONTHS):
        # ("Ketua Perisai Demokrasi ..." is a body's name going on, not "Ketua Idrus")
        c.strong = True
        c.reason = "role_before"
    elif before is not None and before.low in SOFT_CUES and not any(
            t.upper and not _is_initials(toks, k, c) for k, t in enumerate(words, c.i0)) and (
            len(words) > 1 or not is_dictionary_word(words[0].low)) and \
            " ".join(t.low for t in words) not in region_names():
        c.strong = True
        c.reason = "soft"


def _caps_name(toks: list[Tok], i0: int, i1: int) -> bool:
    """"MARIA GORETI NDOEN": two or more ALL-CAPS words of three letters or more, none an
    acronym or a word of offices and bodies, at least one outside the dictionary, and not
    inside a line written all in capitals (a headline). One such word of four letters or
    more is a name too between commas, before a speech verb or before a degree."""
    words = toks[i0:i1]
    n = len(toks)
    alone = len(words) == 1 and len(words[0].text) >= 4 and 0 < i0 and i1 < n and (
        toks[i0 - 1].text == "," and toks[i1].text == ","  # "Ketua KPU Kabupaten Pati, SUPRIYANTO, menyerahkan"
        or toks[i1].low in sections("speech_verbs.txt").get("before", ())  # "Ketua PPK X ZULKIFLI menyebut"
        or toks[i1].text == "," and i1 + 1 < n and toks[i1 + 1].kind == "degree")  # "SUPRIYADI, S.E."
    if len(words) < 2 and not alone or not all(t.kind == "word" and t.upper and len(t.text) >= 3 and t.text.isalpha()
                                 and t.low not in org_acronyms() and not ROMAN_NUMBER.match(t.text) for t in words):
        return False
    if i0 > 0 and toks[i0 - 1].kind == "word" and toks[i0 - 1].upper and len(toks[i0 - 1].text) >= 3 \
            and toks[i0 - 1].low not in org_acronyms():
        return False
    return any(not is_dictionary_word(t.low) for t in words)


def _single_after_role(toks: list[Tok], t0: int) -> bool:
    """A one-word name after a role needs the role to end in a body, a place or a position ("KPU Kota Palu Idrus")."""
    k = t0 - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    if k >= 0 and toks[k].low in LIST_OPENERS:  # "anggota KPU Barsel masing-masing Erliana, ..."
        k -= 1
    if k < 0:
        return False
    prev = toks[k]
    if prev.low in WEAK_POSITIONS or prev.low in ("bidang", "bagian", "sub", "seksi", "urusan"):
        return False
    return (prev.low in positions() or prev.low in org_acronyms() or prev.low in region_names()
            or compact(prev.low) in get_gazetteer().upper  # "anggota KPU Barsel masing-masing Erliana"
            or prev.low in word_set("org_heads.txt")  # "Kepala sekolah Purwanto"
            or prev.low.rstrip(".") in ("provinsi", "propinsi", "prov")
            or prev.text == ")" or prev.kind == "num" or toks[t0 - 1].text == ",")


def _in_byline(text: str, toks: list[Tok], c: Candidate) -> bool:
    for k in range(max(0, c.t0 - 3), c.t0):
        if toks[k].low in BYLINE_WORDS and any(t.text in ":/" for t in toks[k + 1:c.t0 + 1]):
            return True
    # "(Ikke/Foto KPU Buleleng/Kobe/hupmas)": credits in brackets joined by slashes
    left = text.rfind("(", max(0, toks[c.i0].start - 60), toks[c.i0].start)
    if left >= 0 and ")" not in text[left:toks[c.i0].start]:
        right = text.find(")", toks[c.i1 - 1].end, toks[c.i1 - 1].end + 80)
        if right >= 0 and "/" in text[left:right]:
            return True
    if c.i1 < len(toks) and toks[c.i1].text == "/" or c.i0 > 0 and toks[c.i0 - 1].text == "/":
        return True
    return False


def _weak_ok(toks: list[Tok], c: Candidate, caps: bool = False) -> bool:
    """A name of two words or more that the dictionary and gazetteer do not explain (``caps``: written
    in capitals, "ARIEF BUDI SANTOSO")."""
    words = [t for t in toks[c.i0:c.i1] if t.kind == "word"]
    prev = toks[c.t0 - 1] if c.t0 > 0 else None
    if caps and not (prev is not None and (prev.kind == "word" and not prev.cap or prev.low in LIST_JOINS)):
        caps = False  # only in running text ("adalah ARIEF BUDI SANTOSO", ", YUSUF MOHAMAD dan"), not after a
        # label ("Juara II: PANAI ART")
    if c.blocked or len(toks[c.i0:c.i1]) < 2 or not words or any(t.upper for t in words) and not caps:
        return False
    if prev is not None and prev.cap and prev.kind == "word" and not (
            prev.low in region_names() or prev.low in org_acronyms() or prev.low in positions()):
        return False  # the tail of a longer capitalized phrase: an event, a venue, a title
    if prev is not None and (prev.low in PLACE_WORDS_BEFORE or prev.low in THING_WORDS_BEFORE):
        return False  # "menuju Puruk Cahu", "di Muara Teweh": a town the region list does not hold
    if _ends_a_named_thing(toks, c.t0):
        return False  # "Masjid Agung Baitul Makmur Bangko": the rest of a venue's or a body's name
    roots, regions = root_words(), region_names()
    if " ".join(t.low for t in toks[c.i0:c.i1]) in regions:
        return False
    return any(t.low not in roots and t.low not in regions and not is_dictionary_word(t.low) for t in words)


def _spelled_out(toks: list[Tok], c: Candidate) -> bool:
    """Is the run part of a capitalized phrase that an acronym in brackets spells right after it
    ("Pos Lintas Batas Negara (PLBN)")? People are not named so."""
    k = c.i1
    while k < len(toks) and k - c.i0 < 8 and toks[k].kind == "word" and toks[k].cap:
        k += 1
    if not (k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")" and toks[k + 1].upper):
        return False
    acronym = toks[k + 1].text.lower()
    start = k - len(acronym)
    return 0 <= start <= c.i0 and "".join(t.low[0] for t in toks[start:k]) == acronym


def _between_commas_before_a_verb(toks: list[Tok], c: Candidate) -> bool:
    """"…, Jaya, meminta": a name set off by commas after an office, then what the person does."""
    n = len(toks)
    return c.t0 > 0 and toks[c.t0 - 1].text == "," and c.d1 + 1 < n and toks[c.d1].text == "," \
        and toks[c.d1 + 1].low in sections("speech_verbs.txt").get("before", ())


def _listed_with_place(toks: list[Tok], c: Candidate, starts: set[int], words: frozenset[str]) -> bool:
    """Is the run listed before a place of this text ("bolak-balik Lubok Antu dan Badau")? (A place
    before it may end an office: "Koordinator JPPR Kabupaten Sambas, Tjhin Nyuk Fa".)"""
    after = c.d1
    return after + 1 < len(toks) and toks[after].low in LIST_JOINS and (
        toks[after + 1].start in starts or toks[after + 1].low in words)


def _ends_a_named_thing(toks: list[Tok], t0: int, openers: frozenset[str] | None = None) -> bool:
    """Do the capitalized words just before token ``t0`` open with a venue or a body ("Masjid Agung"),
    or with one of ``openers``?"""
    k = t0 - 1
    while k >= 0 and t0 - k <= 4 and toks[k].kind == "word" and toks[k].cap:
        if toks[k].low in openers if openers is not None else (
                toks[k].low in VENUE_WORDS or toks[k].low in word_set("org_heads.txt")):
            return True
        k -= 1
    return False


def display_name(toks: list[Tok]) -> str:
    """Normal case for ALL-CAPS words, but noble titles ("GKR Hemas"); other words as written."""
    noble = word_set("noble.txt")
    return " ".join(t.text.capitalize() if t.upper and len(t.text) > 2 and "." not in t.text and t.low not in noble
                    else t.text for t in toks)


# Name prefixes a short form drops ("Sudrajat" -> "Drajat", "Srimulyani" -> "Mulyani", Balinese
# "Gung" for "Agung", "Gus" for "Agus").
NAME_PREFIXES = frozenset(("su", "sri", "a"))


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> bool:
    if a == b or (a in BORU and b in BORU):
        return True
    if len(a) >= 4 and len(b) > len(a) and b.endswith(a) and b[:len(b) - len(a)] in NAME_PREFIXES:
        return True  # "Rani" for "Surani", "Drajat" for "Sudrajat" (not "Rani" for "Maharani")
    if len(a) >= 4 and any(b.startswith(p) and len(b) >= len(p) + len(a) + 2 and b[len(p):].startswith(a)
                           for p in ("",) + tuple(NAME_PREFIXES)):
        return True  # a clipped name: "Afif" for "Afifuddin", "Tris" for "Sutrisno"
    if min(len(a), len(b)) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False  # spelling variants keep their first letter and about their length
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


def _fits(short: list[str], full: list[str]) -> bool:
    """Every word of ``short`` is (nearly) a word of ``full``; the last one of a longer short form may
    be cut off ("Abdul Roh" at the end of a truncated text, for "Abdul Rohman")."""
    pool = list(full)
    for k, w in enumerate(short):
        cut = k == len(short) - 1 and k > 0 and len(w) >= 3
        initial = len(w) == 1 and len(short) >= 2  # "A. Tenri Ajeng" for "Andi Tenri Ajeng", "A. Fadli"
        hit = next((p for p in pool if _similar(w, p) or (cut or initial) and p.startswith(w)), None)
        if hit is None:
            return False
        pool.remove(hit)
    return True


@dataclass
class Person:
    name: str
    words: list[str]
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)
    nicknames: list[list[str]] = field(default_factory=list)  # "Bong Khiun Fo, yang akrab disapa Afo"

    def add_form(self, name: str, words: list[str]) -> None:
        fuller = len(words) > len(self.words) or len(words) == len(self.words) and any(
            len(w) == 1 for w in self.words) and not any(len(w) == 1 for w in words)  # "A." written out: "Andi"
        if fuller and _fits(self.words, words):
            if self.name not in self.aliases:
                self.aliases.append(self.name)
            self.name, self.words = name, words
        elif name != self.name and name not in self.aliases:
            self.aliases.append(name)


MAX_COMPARED = 32


class PersonIndex:
    """Persons found so far, looked up by the beginnings and endings of their words.

    A short form or spelling variant shares a word's first or last three letters
    with the name it belongs to ("Udiayana"/"Udiyana", "Rani"/"Surani"), so only
    those persons are compared: linear time even for texts with thousands of names.
    """

    def __init__(self) -> None:
        self.persons: list[Person] = []
        self.keys: dict[str, set[int]] = {}

    @staticmethod
    def _keys(words: list[str]) -> set[str]:
        keys = {k for w in words for k in (w[:3], "~" + w[-3:])}
        # and the beginning after a prefix a short form drops: "Tris" for "Sutrisno"
        keys.update(w[len(p):len(p) + 3] for w in words for p in NAME_PREFIXES if w.startswith(p) and len(w) > len(p) + 3)
        return keys

    def find(self, words: list[str]) -> int | None:
        """The latest person whose name fits ``words`` or is fitted by them."""
        candidates = set().union(*(self.keys.get(k, ()) for k in self._keys(words)))
        # The most recent ones are enough, and keep a text with thousands of names linear.
        for idx in heapq.nlargest(MAX_COMPARED, candidates):
            p = self.persons[idx]
            if _fits(words, p.words) or _fits(p.words, words) or words in p.nicknames:
                return idx
        return None

    def add_nickname(self, idx: int, nickname: str) -> None:
        words = [w.lower() for w in nickname.split()]
        person = self.persons[idx]
        if nickname not in person.aliases:
            person.aliases.append(nickname)
        # "Mama Yosi" is "Yosi" after a form of address
        for form in (words, words[1:]) if len(words) > 1 and words[0] in word_set("titles.txt") else (words,):
            if form not in person.nicknames:
                person.nicknames.append(form)
                for k in self._keys(form):
                    self.keys.setdefault(k, set()).add(idx)

    def add(self, person: Person) -> int:
        self.persons.append(person)
        self.register(len(self.persons) - 1)
        return len(self.persons) - 1

    def register(self, idx: int) -> None:
        for k in self._keys(self.persons[idx].words):
            self.keys.setdefault(k, set()).add(idx)


def extract_persons(doc: Doc) -> tuple[list[Person], list[tuple[int, ...]]]:
    text = doc_text(doc)
    toks = doc_scan(doc)
    place_spans = sorted(tuple(m) for p in doc.user_data.get("warta", {}).get("places", []) for m in p.get("mentions", []))
    place_starts = [s for s, _ in place_spans]
    place_start_set = set(place_starts)
    # Places this text names ("Desa Maringkik", "Kelurahan Nagri Kidul"): the same words after an office are that place.
    place_words = frozenset(" ".join(words[1:] if words[0] in LEVEL_WORDS else words) for s, e in place_spans
                            if 0 < len(words := text[s:e].lower().split()) <= 4)
    org_spans = sorted(tuple(m) for o in doc.user_data.get("warta", {}).get("organizations", []) for m in o["mentions"])
    org_starts = [s for s, _ in org_spans]
    # Towns that end a body's name in this text ("Lapas Kelas IIA Purwokerto"): alone, still that town.
    body_towns = {low for _, e in org_spans if _gazetteer_knows(low := text[max(0, e - 40):e].split()[-1].lower())}
    accepted: list[Candidate] = []
    pending: list[Candidate] = []
    # Words this text also writes in lower case are common words here, not names.
    lowercase = {t.low for t in toks if t.kind == "word" and not t.cap}
    regions = region_names()
    degrees_end = 0
    for i0, i1 in _runs(text, toks):
        i0 = _strip_places(toks, i0, i1, lambda start: start in place_start_set, place_words)
        caps = _caps_name(toks, i0, i1)
        # "Radio MQ FM Aan", "SMP N 1 Sleman Aswino": acronyms or a regency glued before a name
        lead = i1 if caps else i0
        while lead < i1 and toks[lead].upper and toks[lead].kind == "word" and toks[lead].low not in word_set("noble.txt"):
            lead += 1
        if not caps and lead < i1 and (lead - i0 >= 2 or (lead - i0 == 1 and len(toks[i0].text) > 3)
                                       or " ".join(t.low for t in toks[lead:i1]) in regions
                                       or lead - i0 == 1 and compact(toks[i0].low) in get_gazetteer().upper):
            i0 = lead  # one short capital group before a name is an initial ("MH Fatkhur Rohman", "BN Holik"),
            # but not before a region ("USN Kolaka" is a body), nor a regency's ("Ketua Bawaslu OKU Dodi")
        if i1 - i0 >= 2 and i0 > 0 and regions.get(toks[i0].low) in BIG_REGIONS and toks[i0 - 1].kind != "title" \
                and toks[i0].low not in word_set("noble.txt") and (
                toks[i0 - 1].kind == "num" or toks[i0 - 1].upper or toks[i0 - 1].cap or toks[i0 - 1].text == ")"):  # (but "Ir. Medan Purba")
            i0 += 1
            caps = _caps_name(toks, i0, i1)  # "Bupati Garut ASEP NURJAMAN"
        while i0 < i1 and toks[i0].kind == "initial" and i1 - i0 == 1:
            i0 += 1
        if i0 >= i1:
            continue
        while i0 < i1 and toks[i0].kind == "word" and is_affixed_word(toks[i0].low):
            i0 += 1  # "Sambutan Khoirul Anam"
        if i1 - i0 >= 2 and i0 > 0 and toks[i0 - 1].low in positions() and toks[i0].low in lowercase \
                and toks[i0].low in root_words():
            i0 += 1  # "Temenggung Adat Iban": a common word of this text goes on the office
        while i1 > i0 and toks[i1 - 1].kind == "word" and is_affixed_word(toks[i1 - 1].low):
            i1 -= 1
        if i0 >= i1 or (i1 - i0 == 1 and len(toks[i0].text.rstrip(".")) == 1):
            continue
        if i0 < degrees_end:
            continue  # "Yosef Dhae Ngole, Pr, menyampaikan": the degree of the name before
        c = Candidate(i0, i1)
        _evidence(text, toks, c)
        degrees_end = c.d1
        if _in_byline(text, toks, c) or not (c.titles or c.degrees) and _spelled_out(toks, c):
            continue
        span = (toks[c.i0].start, toks[c.i1 - 1].end)
        k = bisect_right(place_starts, span[0]) - 1
        inside_place = k >= 0 and place_spans[k][1] >= span[1]
        k = bisect_right(org_starts, span[0]) - 1
        if k >= 0 and org_spans[k][1] >= span[1] and (not c.strong or all(
                is_dictionary_word(t.low) for t in toks[c.i0:c.i1])):
            continue  # words of a body's name ("RSUD Tenriawaru Bone", "Dinas Komunikasi, Informatika, ...")
        phrase = " ".join(t.low for t in toks[c.i0:c.i1])
        district_named = regions.get(phrase) == "kecamatan" and c.reason == "role_before" \
            and _between_commas_before_a_verb(toks, c)  # "Ketua PPK Kecamatan Way Lima, Jaya, meminta ..."
        if (phrase in region_names() or phrase in SEASON_NAMES or phrase in body_towns) \
                and not (c.titles or c.degrees or district_named and not inside_place):
            if not inside_place:
                c.strong, c.blocked = False, True
                pending.append(c)  # "ujar Bambang", "Dian dan Bambang": a region's name, or the short form of a person named
            continue
        if c.strong and any(t.upper and t.low not in word_set("noble.txt") and not _is_initials(toks, k, c)
                            for k, t in enumerate(toks[c.i0:c.i1], c.i0)) and (
                c.reason not in ("title", "verb_before", "verb_after") or c.i1 - c.i0 < 2) and not (
                caps and c.reason in ("role_before", "apposition", "ballot", "title", "verb_after")):
            c.strong = False  # acronyms ("SLB", "TAPD") look like names only to the capitalization test
            c.blocked = True
        words = [t.low for t in toks[c.i0:c.i1]]
        if c.strong and c.reason in ("role_before", "soft", "pos_after", "apposition") and (
                all(w in lowercase for w in words)
                or (len(words) > 1 and regions.get(words[-1]) in BIG_REGIONS and " ".join(words) not in lowercase
                    and all(is_dictionary_word(w) and w not in COMMON_GIVEN_NAMES for w in words[:-1]))):
            c.strong = False  # "Instansi", "Cabang Gowa": common words, or a body ending in its region
            # (but "Muhammad Kudus")
        if c.reason not in ("title", "verb_before", "verb_after") and any(
                t.kind == "word" and is_affixed_word(t.low) for t in toks[c.i0:c.i1]):
            c.strong = False
            c.blocked = True
        if c.strong and not (inside_place and c.reason in ("role_before", "soft", "pos_after", "list")):
            accepted.append(c)
        elif not c.blocked and _weak_ok(toks, c, caps) and not inside_place \
                and not _listed_with_place(toks, c, place_start_set, place_words):
            c.reason = "weak"
            accepted.append(c)
        else:
            pending.append(c)
    _spread_lists(toks, accepted, pending)
    index = PersonIndex()
    persons = index.persons
    mentions: list[tuple[int, ...]] = []
    accepted.sort(key=lambda c: c.i0)
    # A name given as what someone goes by ("yang akrab disapa Afo") is that person's, not another's.
    nicknames = list(NICKNAME.finditer(text))
    ends = {m.end(1): m.start(1) for m in nicknames}
    given = [c for c in accepted if ends.get(toks[c.i1 - 1].end, len(text)) <= toks[c.i0].start]  # ("Mama Yosi")
    accepted = [c for c in accepted if c not in given]
    owners = _nickname_owners(text, nicknames, [toks[c.i1 - 1].end for c in accepted])
    for k, c in enumerate(accepted):
        _add_mention(index, mentions, toks, c)
        for nickname in owners.get(k, ()):
            index.add_nickname(mentions[-1][0], nickname)
    # Short forms without context of their own ("Umam melanjutkan" has one; "Yasin" alone may not).
    for c in pending:
        words = [t.low for t in toks[c.i0:c.i1] if t.kind == "word"]
        if words and all(not t.upper for t in toks[c.i0:c.i1]) and index.find(words) is not None:
            _add_mention(index, mentions, toks, c)
    for c in given:
        words = [t.low for t in toks[c.i0:c.i1]]
        # "Faisol, yang oleh para santri akrab disapa Ra Faisol": a form of address before a name of theirs
        idx = index.find(words)
        if idx is None and len(words) > 1:
            idx = index.find(words[1:])
        if idx is not None:
            index.add_nickname(idx, " ".join(t.text for t in toks[c.i0:c.i1]))
        _add_mention(index, mentions, toks, c)
    mentions.sort(key=lambda m: m[3])
    _link_pronouns(toks, persons, mentions)
    return persons, mentions


PRONOUNS = frozenset(("ia", "dia", "beliau"))
QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
SENTENCE_STOP = re.compile(r"[.!?](?=\s+[A-Z“\"])")  # (not the dot of "S.Sos yang")
PERSON_WORDS = frozenset("pria wanita perempuan lelaki laki-laki sosok bapak ibu".split())


def _nickname_owners(text: str, nicknames: list[re.Match], ends: list[int]) -> dict[int, list[str]]:
    """The names people go by, by the candidate (its end in ``ends``, in text order) they belong to:
    the name just before ("Bong Khiun Fo, yang akrab disapa Afo"), or the one of the sentence before
    when an office, a pronoun or a word for a person stands for it ("Menurut Ketua KPU yang akrab
    disapa Bang Ilen itu", "jelas pria yang akrab disapa Bang Muis itu")."""
    owners: dict[int, list[str]] = {}
    for match in nicknames:
        k = bisect_right(ends, match.start()) - 1
        if k < 0:
            continue
        # (one character of the nickname's phrase shows whether a sentence ended before it; what a quote
        # says ends no sentence of the text's)
        gap = QUOTED.sub(" ", text[ends[k]:match.start() + 1])
        stops = SENTENCE_STOP.findall(gap)
        clause = SENTENCE_STOP.split(gap)[-1].lower().split()
        if len(gap) <= 40 and not stops or len(gap) <= 600 and len(stops) <= 3 and any(
                w in positions() or w in PRONOUNS or w in PERSON_WORDS for w in clause):
            owners.setdefault(k, []).append(match.group(1))
    return owners


def _link_pronouns(toks: list[Tok], persons: list[Person], mentions: list[tuple[int, ...]]) -> None:
    """"Ia", "dia", "beliau" refer to the person named last before them (in the last 300 characters)."""
    if not mentions:
        return
    ends = [m[4] for m in mentions]
    for t in toks:
        if t.kind == "word" and t.low in PRONOUNS:
            k = bisect_right(ends, t.start) - 1
            if k >= 0 and t.start - ends[k] <= 300:
                persons[mentions[k][0]].mentions.append([t.start, t.end])
    for p in persons:
        p.mentions.sort()


def _is_initials(toks: list[Tok], k: int, c: Candidate) -> bool:
    """A short capital group opening a name in normal case: "MH Fatkhur Rohman", "BN Holik"."""
    if not (k == c.i0 and len(toks[k].low.replace(".", "")) <= 3 and c.i1 - c.i0 >= 2 and not toks[c.i1 - 1].upper):
        return False
    # Name initials are consonants ("MH", "BN"); acronyms mostly carry vowels ("IDI", "PU"),
    # and an acronym is followed by common words ("PHP Kada").
    return not any(ch in "aeiou" for ch in toks[k].low.replace(".", "")) and toks[k + 1].low not in root_words() \
        and toks[k].low not in org_acronyms()


LIST_JOINS = frozenset((",", "dan", "serta", "&", "–", "-"))  # dashes pair running mates: "Mukhlis Rahman – Ir. Suryani"


def _spread_lists(toks: list[Tok], accepted: list[Candidate], pending: list[Candidate]) -> None:
    """Names listed next to a person are persons too ("Agus Helmi, dan Muntiara").

    One pass forward (names after a person), one backward (names before one, joined
    by "dan"), one forward again: chains of any length in linear time.
    """
    ends = {c.d1 for c in accepted}
    starts = {c.t0 for c in accepted}
    listable = sorted((c for c in pending if not c.blocked and not any(t.upper for t in toks[c.i0:c.i1])),
                      key=lambda c: c.i0)
    taken: set[int] = set()

    def take(c: Candidate) -> None:
        c.reason = "list"
        taken.add(id(c))
        ends.add(c.d1)
        starts.add(c.t0)

    for order in (listable, listable[::-1], listable):
        for c in order:
            if id(c) in taken:
                continue
            back = c.t0 - 1
            while back >= 0 and toks[back].low in LIST_JOINS:
                back -= 1
            fwd = c.d1
            while fwd < len(toks) and toks[fwd].low in LIST_JOINS:
                fwd += 1
            joined = any(t.low in ("dan", "serta", "&", "–") for t in toks[c.d1:fwd])
            if back < c.t0 - 1 and (back + 1 in ends or _described_from(toks, back) in ends
                                    or _bracket_from(toks, back) in ends) \
                    or (fwd > c.d1 and fwd in starts and joined):
                take(c)
    moved = [c for c in pending if id(c) in taken]
    pending[:] = [c for c in pending if id(c) not in taken]
    accepted.extend(moved)


def _bracket_from(toks: list[Tok], k: int) -> int | None:
    """Where the bracket closed at token ``k`` opens ("Syafrizal (Divisi Teknis), Nofrianti ...")."""
    if k < 0 or toks[k].text != ")":
        return None
    return next((j for j in range(k - 1, max(-1, k - 12), -1) if toks[j].text == "("), None)


def _described_from(toks: list[Tok], k: int) -> int | None:
    """Where a short "dari ..." ending at token ``k`` begins, that tells what the name before it
    stands for ("Muhammad Amin dari unsur masyarakat, Aulia Rahman ...")."""
    for j in range(k, max(0, k - 6), -1):
        if toks[j].kind not in ("word", "num"):
            return None
        if toks[j].low == "dari":
            return j
    return None


def _add_mention(index: PersonIndex, mentions: list, toks: list[Tok], c: Candidate) -> None:
    persons = index.persons
    name_toks = toks[c.i0:c.i1]
    while len(name_toks) > 1 and len(name_toks[-1].text.rstrip(".")) == 1 and name_toks[-1].text not in "IVX":
        name_toks = name_toks[:-1]  # "Nursalam S Kep": a trailing letter belongs to a degree
    name = display_name(name_toks)
    words = [t.low.rstrip(".") for t in name_toks]
    idx = index.find(words)
    if idx is not None and c.reason == "apposition" and len(words) == 1 and words[0] not in persons[idx].words:
        idx = None  # "Rani, warga setempat": a one-word name described on its own is its own person
    if idx is None:
        idx = index.add(Person(name, words))
    else:
        persons[idx].add_form(name, words)
        index.register(idx)  # the name may have grown fuller
    p = persons[idx]
    for t in c.titles + c.degrees:
        if t not in p.titles:
            p.titles.append(t)
    p.mentions.append([name_toks[0].start, name_toks[-1].end])
    mentions.append((idx, c.i0, c.i1, name_toks[0].start, name_toks[-1].end, c.t0, c.d1))
    if DEBUG:
        print("PERSON", c.reason or "alias", name, sep="\t", file=sys.stderr)
    if any(t.upper for t in name_toks) and c.i1 - c.i0 >= 1:
        raw = " ".join(t.text for t in name_toks)
        if raw != p.name and raw not in p.aliases:
            p.aliases.append(raw)


def _trim_bodies(text: str, organizations: list[dict], persons: list[Person]) -> None:
    """A body's name read on into the name of its head ("Dinas Kependudukan dan Pencatatan Sipil
    Rosmawati Br. Situmorang") ends before that person."""
    ends = {e: s for p in persons for s, e in p.mentions}
    for org in organizations:
        for mention in org["mentions"]:
            start = ends.get(mention[1])
            if start is not None and mention[0] < start:
                cut = len(text[mention[0]:start].rstrip(" ,"))
                if org["name"] == text[mention[0]:mention[1]]:
                    org["name"] = org["name"][:cut]
                mention[1] = mention[0] + cut


def _drop_places_in_names(places: list[dict], persons: list[Person]) -> list[dict]:
    """A town inside a person's name ("Roy Martin Padang", "Muhammad Kudus") is no place named."""
    spans = sorted((s, e) for p in persons for s, e in p.mentions)
    starts = [s for s, _ in spans]

    def in_name(start: int, end: int) -> bool:
        k = bisect_right(starts, start) - 1
        return k >= 0 and spans[k][1] >= end

    for place in places:
        place["mentions"] = [m for m in place["mentions"] if not in_name(*m)]
    return [place for place in places if place["mentions"]]


class PeopleComponent:
    def __call__(self, doc: Doc) -> Doc:
        warta = doc.user_data.setdefault("warta", {})
        persons, mentions = extract_persons(doc)
        _trim_bodies(doc_text(doc), warta.get("organizations", []), persons)
        if "places" in warta:
            warta["places"] = _drop_places_in_names(warta["places"], persons)
        warta["persons"] = [
            {"name": p.name, "aliases": p.aliases, "titles": p.titles, "roles": p.roles, "mentions": p.mentions}
            for p in persons
        ]
        warta["_person_mentions"] = mentions
        return doc


@Language.factory("warta_people")
def make_people(nlp: Language, name: str) -> PeopleComponent:
    region_names(), region_name_words(), root_words()  # load the word lists now, not on the first bulletin
    return PeopleComponent()
