"""Roles: the positions the text gives each person (component ``warta_roles``).

A role opens with a position word (lexicons/positions.txt) and runs through the
body, division and region that follow it. It is read where bulletins put it:
before the name ("Ketua KPU Kabupaten Buleleng Komang Dudhi Udiyana"), after it
(", Kepala Disdukcapil Kabupaten Buleleng"), after "selaku"/"sebagai", and inside
speech cues ("kata Komisioner KPU Buleleng yang membidangi data pemilih, drh.
Made Seriyasa"). A role before a list of names goes to each name of the list; in
"Role, Name, Role, Name" each role stays with the name after it; two roles joined
by "sekaligus" are both kept. Fills ``roles`` of ``warta["persons"]``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.people import LEVEL_WORDS, LIST_OPENERS, NUMBERED, ROLE_LOWER, org_acronyms, positions, role_start_before
from nlp.textscan import Tok, doc_scan, doc_text
from nlp.wordlists import word_set

DAYS = frozenset("senin selasa rabu kamis jumat jum'at sabtu minggu ahad".split())
# Words that end a role read forward ("Ketua KPU Sidoarjo, Selasa (26/11)", "... saat membuka acara").
STOP_AFTER = DAYS | frozenset("saat ketika dalam pada di yang dan bahwa usai sebelum sesudah setelah".split())
ROLE_LOWER_FORWARD = ROLE_LOWER - {"yang", "di", "dan"}
LEAD_INS = frozenset("selaku sebagai".split())
ALSO = frozenset("juga sekaligus".split())  # "X yang juga Ketua ...": a role given in passing
IS_WORDS = frozenset("merupakan menjabat bertugas adalah".split())  # "X yang merupakan Ketua ..."
SINCE_WORDS = frozenset("saat ini kini sebelumnya juga masih pernah".split())  # "X saat ini menjabat ..."
PREFIX_WORDS = frozenset("mantan plt plt. plh plh. pj pj. pjs".split())
# "Calon Bupati Blitar, Rijanto": the office is sought, not held; a candidate has no role from it.
CANDIDATE_WORDS = frozenset("calon balon bacalon paslon cabup cawabup cawalkot cagub cawagub caleg".split())


def _trim(text: str) -> str:
    text = text.strip(" ,;:-–(")
    for tail in (" dan", " serta", ",", " yang"):
        while text.endswith(tail):
            text = text[: -len(tail)].rstrip(" ,")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].rstrip(" ,")
    return text


def _role_text(text: str, toks: list[Tok], k: int, t0: int) -> str | None:
    """The role from the position at token ``k`` to the name at ``t0``, or None if it is a bare word."""
    if k > 0 and toks[k - 1].low in PREFIX_WORDS:
        k -= 1
    elif k > 1 and toks[k - 2].low == "pelaksana" and toks[k - 1].low in ("tugas", "harian"):
        k -= 2  # "Pelaksana Tugas Sekretaris KPU ...": Plt. written out
    end = t0 - 1
    while end > k and (toks[end].kind == "punct" or toks[end].low in LIST_OPENERS | LEAD_INS):
        end -= 1  # "narasumber yaitu Dr. …": the list opener is no part of the role
    role = " ".join(_trim(text[toks[k].start:toks[end].end]).split())
    role = re.split(r"\s+lainnya\b", role)[0]  # "Anggota KPU Kapuas lainnya yang hadir yaitu ..."
    if not role or role.lower() in positions() | {"divisi"} and not (role[:1].isupper() and " " not in role):
        return None
    return role


def roles_before(text: str, toks: list[Tok], t0: int, k: int | None, other_starts: set[int]) -> list[str]:
    """The roles written just before a name at token ``t0``, the nearest opening at position ``k``
    (``role_start_before``): one, or two in a row ("Anggota KPU Gunungkidul Ketua Divisi Perencanaan,
    Data dan Informasi Yohanes Dwi Prasetyo"), or joined by "selaku" ("Anggota KPU Soppeng selaku
    Koordinator Divisi Teknis, Andi Nurhidayah")."""
    if k is None or any(s in other_starts for s in range(k, t0)):
        return []
    if k > 1 and toks[k - 1].low in LEAD_INS:
        outer = role_start_before(toks, k - 1)
        if outer is None or any(s in other_starts for s in range(outer, k)):
            return []  # "Fitrah Selaku Ketua KPU Gowa dan Hasnawati": the role is the earlier name's
        return [r for r in (_role_text(text, toks, outer, k), _role_text(text, toks, k, t0)) if r]
    role = _role_text(text, toks, k, t0) if not (k > 0 and toks[k - 1].low in CANDIDATE_WORDS) else None
    if role is None:
        return []  # (nor has a candidate a role from the office sought: "Calon Bupati Blitar, Rijanto")
    outer = role_start_before(toks, k)
    if outer is not None and k - outer >= 2 and any(t.low in org_acronyms() for t in toks[outer:k]) and all(
            t.kind == "word" and t.cap for t in toks[outer:k]) and not (outer > 0 and toks[outer - 1].low in LEAD_INS):
        return [" ".join(text[toks[outer].start:toks[k - 1].end].split()), role]
    return [role]


def _group_role(text: str, toks: list[Tok], k: int, other_starts: set[int]) -> str | None:
    """The role of a whole list of offices and names, before "yaitu" ("Komisioner KPU Agam, yaitu
    Ketua Divisi Teknis Zainal Fatli, Ketua Divisi Hukum Nining ..."), for the office at token ``k``."""
    if not (k >= 2 and toks[k - 1].low in ("yaitu", "yakni", "masing-masing")):
        return None
    outer = role_start_before(toks, k - 1)
    if outer is None or any(s in other_starts for s in range(outer, k)):
        return None
    return _role_text(text, toks, outer, k - 1)


def role_after(text: str, toks: list[Tok], d1: int, other_starts: set[int]) -> list[str]:
    """The roles written after a name whose titles and degrees end at ``d1``.

    "Akmaliyah, Anggota KPU Provinsi Jawa Tengah sekaligus Ketua Divisi ..." gives two.
    """
    n = len(toks)
    k = d1
    bracket = k < n and toks[k].text == "("
    if k < n and toks[k].text in ",(":
        k += 1
    if k + 2 < n and toks[k].low == "yang" and toks[k + 1].low in SINCE_WORDS and toks[k + 2].low in IS_WORDS:
        k += 1  # "Rahmat Djafar yang sebelumnya bertugas sebagai Ketua PPK Bulango Utara"
    if k + 1 < n and toks[k].low == "yang" and toks[k + 1].low in ALSO | IS_WORDS:
        k += 2  # "Riadi yang juga Ketua Divisi ...", "Yanuk yang juga selaku Ketua ...", "yang merupakan Ketua"
        if k < n and toks[k].low in LEAD_INS | IS_WORDS:
            k += 1
        if k < n and toks[k].low in LEAD_INS:  # "menjabat sebagai"
            k += 1
    elif k < n and toks[k].low in LEAD_INS:
        k += 1
    elif _is_verb_after(toks, k):  # "Rahmat saat ini menjabat Ketua DPD ...", "X merupakan anggota DPRD"
        k = _is_verb_after(toks, k)
    elif k == d1 and not (k < n and toks[k].cap and (toks[k].low in positions() or toks[k].low == "divisi")):
        return []
    elif k == d1 and _ends_sentence(text, toks, d1):
        return []  # "…, DEDI SUPRIADI, S.Ag. Bupati Garut …": the degree's dot ended the sentence
    roles = []
    while True:
        role, k = _one_role_after(text, toks, k, other_starts, bracket)
        if role is None:
            return roles
        roles.append(role)
        if k + 1 < n and toks[k].low in ("sekaligus", "merangkap") and toks[k + 1].low in positions():
            k += 1
            continue
        return roles


def _is_verb_after(toks: list[Tok], k: int) -> int:
    """Where the role starts after "(saat ini|kini|sebelumnya|juga) menjabat (sebagai) / merupakan",
    written right after a name; 0 if it is not written so."""
    n = len(toks)
    while k < n and toks[k].low in SINCE_WORDS:
        k += 1
    if not (k < n and toks[k].low in IS_WORDS - {"adalah"}):
        return 0
    k += 1
    if k < n and toks[k].low in LEAD_INS:
        k += 1
    return k if k < n and toks[k].low in positions() else 0


def _ends_sentence(text: str, toks: list[Tok], d1: int) -> bool:
    """Does a dotted degree right before token ``d1`` close a sentence ("S.Sos. Wakil …")?"""
    last = toks[d1 - 1] if d1 > 0 else None
    return last is not None and last.kind == "degree" and text[last.end - 1:last.end] == "." \
        and text[last.end:toks[d1].start].strip() == ""


def _one_role_after(text: str, toks: list[Tok], k: int, other_starts: set[int], bracket: bool) -> tuple[str | None, int]:
    n = len(toks)
    start = k
    if k < n and toks[k].low in PREFIX_WORDS:
        k += 1
    if not (k < n and (toks[k].low in positions() or toks[k].low == "divisi")):
        return None, k
    j = k + 1
    while j < n and j not in other_starts:
        t = toks[j]
        if t.kind == "punct":
            if t.text == ")" and bracket:
                break
            if t.text == "," and j + 2 < n and toks[j + 1].low == "dan" and toks[j + 2].cap:
                j += 2
                continue
            if t.text == "," and j + 1 < n and toks[j + 1].cap and toks[j + 1].low not in STOP_AFTER \
                    and toks[j + 1].kind == "word" and toks[j + 1].low not in positions():
                j += 1
                continue
            if t.text in "()&/-":
                j += 1
                continue
            break
        if t.kind == "word" and t.low in ("dan", "serta") and j + 1 < n and (
                toks[j + 1].low in positions() or toks[j + 1].kind == "title" or j + 1 in other_starts):
            break  # "Sutrisno selaku Camat Kraksaan dan Lurah Semampir, Andi", "... serta Ibu Wahyuni": another's
        if t.low == "pada" and j + 1 < n and _opens_body(toks[j + 1]):
            j += 1  # "advokat pada Lembaga Bantuan Hukum ...": where the office is held
            continue
        if t.kind == "word" and (t.cap or t.low in ROLE_LOWER_FORWARD or t.low in positions()):
            if t.low in STOP_AFTER:
                break
            j += 1
            continue
        if t.kind == "word" and t.low == "dan" and j + 1 < n and toks[j + 1].cap and toks[j + 1].low not in STOP_AFTER:
            j += 1
            continue
        if t.kind == "num" and j > start and toks[j - 1].low in NUMBERED:
            j += 1
            continue
        break
    if j < n and j in other_starts:
        return None, j  # "Charles, Ketua Tim Kampanye, Supenpri": the role names the next person of a list
    if j + 1 < n and toks[j].text == "," and (j + 1) in other_starts:
        return None, j
    role = " ".join(_trim(text[toks[start].start:toks[j - 1].end]).split())
    return (role or None), j


def _opens_body(tok: Tok) -> bool:
    return tok.cap and (tok.low in org_acronyms() or tok.low in word_set("org_heads.txt"))


def _role_key(role: str) -> str:
    """Forms of one role written apart ("Ketua (KPU) Kabupaten Agam", "Ketua KPU Kabupaten Agam")."""
    return " ".join(re.sub(r"[^\w ]+", " ", role.lower()).split())


def _listed(toks: list[Tok], end: int, start: int) -> bool:
    """Only list separators stand between two names, past what the first one's brackets or a
    "dari ..." say of it ("Nurhayati (Divisi Teknis), Teuku Rizal", "Amin dari unsur KPU, Aulia")."""
    between = toks[end:start]
    if between and between[0].text == "(":
        close = next((k for k, t in enumerate(between) if t.text == ")"), None)
        between = between[close + 1:] if close is not None else between
    elif between and between[0].low == "dari":
        between = between[next((k for k, t in enumerate(between) if t.low in LIST_SEPARATORS), len(between)):]
    return bool(between) and all(t.low in LIST_SEPARATORS for t in between)


LIST_SEPARATORS = frozenset((",", "dan", "serta", "&"))


class _Without:
    """A set minus one member, without copying the set for every mention."""

    def __init__(self, members: set[int], left_out: int) -> None:
        self.members, self.left_out = members, left_out

    def __contains__(self, item: int) -> bool:
        return item != self.left_out and item in self.members


def add_roles(doc: Doc) -> None:
    warta = doc.user_data.setdefault("warta", {})
    persons = warta.get("persons", [])
    mentions = warta.get("_person_mentions", [])
    if not persons or not mentions:
        return
    text, toks = doc_text(doc), doc_scan(doc)
    starts = {m[5] for m in mentions}
    found: dict[int, list[str]] = {}
    shared = None  # (roles, end token of the previous name) while a list of names runs on
    group = None  # (role, end token of the previous name) while a list of offices and names runs on
    for m in mentions:
        idx, i0, i1, _, _, t0, d1 = m
        others = _Without(starts, t0)
        start = role_start_before(toks, t0)
        before = roles_before(text, toks, t0, start, others)
        if not before and shared is not None and _listed(toks, shared[1], t0):
            before = shared[0]  # "Anggota KPU Pabar Abdul Muin Salewe, Endang Wulansari dan ..."
        shared = (before, d1) if before else None
        k = start if before else None
        if k is not None and any(t.low in org_acronyms() or t.low in LEVEL_WORDS for t in toks[k:t0]):
            k = None  # an office of a body of its own ("Sekretaris Daerah Kabupaten Solok")
        outer = _group_role(text, toks, k, others) if k is not None else None
        if outer is None and group is not None and k is not None and _listed(toks, group[1], k):
            outer = group[0]  # "..., Ketua Divisi Sosialisasi Zainal Abadi": the same body's next member
        group = (outer, d1) if outer else None
        before = [outer, *before] if outer else before
        for role in [*before, *role_after(text, toks, d1, others)]:
            if role:
                roles = found.setdefault(idx, [])
                if _role_key(role) not in (_role_key(r) for r in roles):
                    roles.append(role)
    for idx, roles in found.items():
        persons[idx]["roles"] = roles


class RolesComponent:
    def __call__(self, doc: Doc) -> Doc:
        add_roles(doc)
        return doc


@Language.factory("warta_roles")
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent()
