"""Read `warta analyze` records the same way everywhere in ``index/``.

The record format (DESIGN.md) gives persons, organizations, places and quotes
as objects; older records and the gold files give organizations and places as
plain strings. These helpers accept both and return plain tuples, so the
writer, the exports and the person pages agree on names, roles and regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.analyzer import display_name, fold, name_key

PROVINCE_KINDS = {"provinsi", "province"}
REGENCY_KINDS = {"kabupaten", "kota", "regency", "city", "kab", "kabupaten/kota"}

# Words that open the body part of a role: "Ketua | KPU Kabupaten Probolinggo".
BODY_START = re.compile(
    r"\b(KPU|KIP|Bawaslu|Panwas\w*|DKPP|DPR\w*|PPK|PPS|KPPS|Pantarlih|Komisi|Dinas|Badan|Pemerintah|Pemkab|Pemkot|"
    r"Pemprov|Kantor|Sekretariat|Kementerian|Kepolisian|Polres|Polda|Kodim|Korem|Pengadilan|Mahkamah|Universitas|"
    r"Partai|Kecamatan|Desa|Kelurahan|Kabupaten|Kota|Provinsi|Kesbangpol|Bappeda|BPKPD|Diskominfo|Disdukcapil)\b"
)
LEVEL_WORDS = ("Kabupaten", "Kota", "Provinsi", "Kecamatan", "Desa", "Kelurahan")
REGION = re.compile(rf"\b((?:{'|'.join(LEVEL_WORDS)})\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")


@dataclass
class Person:
    name: str
    key: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: int = 1


@dataclass
class Place:
    name: str
    kind: str | None = None
    code: str | None = None
    province: str | None = None
    regency: str | None = None


@dataclass
class Quote:
    text: str
    speaker: str | None
    role: str | None
    number: int


def persons(record: dict | None) -> list[Person]:
    out: dict[str, Person] = {}
    for item in (record or {}).get("persons") or []:
        if isinstance(item, str):
            item = {"name": item}
        name = display_name(item.get("name") or "")
        key = name_key(name)
        if not key:
            continue
        person = out.setdefault(key, Person(name=name, key=key))
        for alias in item.get("aliases") or []:
            if alias and alias not in person.aliases:
                person.aliases.append(alias)
        for role in item.get("roles") or []:
            if role and role not in person.roles:
                person.roles.append(role)
        person.mentions = max(1, len(item.get("mentions") or []))
    return list(out.values())


def organizations(record: dict | None) -> list[str]:
    names = []
    for item in (record or {}).get("organizations") or []:
        name = item if isinstance(item, str) else item.get("name")
        if name and name not in names:
            names.append(name)
    return names


def places(record: dict | None) -> list[Place]:
    out = []
    for item in (record or {}).get("places") or []:
        if isinstance(item, str):
            item = {"name": item}
        name = item.get("name")
        if not name:
            continue
        place = Place(name=name, kind=item.get("kind"), code=item.get("code"),
                      province=item.get("province"), regency=item.get("regency"))
        kind = (place.kind or "").lower()
        if kind in PROVINCE_KINDS and not place.province:
            place.province = name
        if kind in REGENCY_KINDS and not place.regency:
            place.regency = name
        out.append(place)
    return out


def quotes(record: dict | None, people: list[Person]) -> list[Quote]:
    """Quotes with their speaker's display name and role (the quote's own, else the person's first)."""
    by_key = {p.key: p for p in people}
    for p in people:
        for alias in p.aliases:
            by_key.setdefault(name_key(alias), p)
    out = []
    for number, item in enumerate((record or {}).get("quotes") or []):
        text = (item.get("text") or "").strip()
        if not text:
            continue
        speaker, role = item.get("speaker"), item.get("role")
        person = by_key.get(name_key(speaker)) if speaker else None
        if person is not None:
            speaker = person.name
            role = role or (person.roles[0] if person.roles else None)
        elif speaker:
            speaker = display_name(speaker)
        out.append(Quote(text=text, speaker=speaker, role=role, number=number))
    return out


# "Kab. Sleman", "kab Sleman", "Prov. Jambi": the level written out, so one body has one name.
LEVEL_ABBREVIATIONS = re.compile(r"\b((?i:kab|prov|kec|kel))\b\.?\s*(?=[A-Z])")
LEVEL_NAMES = {"kab": "Kabupaten", "prov": "Provinsi", "kec": "Kecamatan", "kel": "Kelurahan"}


def spell_out_levels(text: str) -> str:
    """ "Kab. Sleman" -> "Kabupaten Sleman" """
    return LEVEL_ABBREVIATIONS.sub(lambda m: LEVEL_NAMES[m.group(1).lower()] + " ", text)


DIVISION = re.compile(r"\s+((?:Divisi|Bidang)\b.*)$")


def split_role(role: str) -> tuple[str, str, str]:
    """(position, body, region) of a role as written: "Ketua KPU Kabupaten Probolinggo"
    -> ("Ketua", "KPU Kabupaten Probolinggo", "Kabupaten Probolinggo"); a division after the
    body belongs to the position ("Anggota KPU RI Divisi Hukum" -> "Anggota Divisi Hukum", "KPU RI")."""
    role = " ".join(role.split())
    match = BODY_START.search(role)
    if match is None or match.start() == 0:
        position, body = (role, "") if match is None else ("", role)
    else:
        position, body = role[: match.start()].strip(" ,("), role[match.start():].strip()
        body = re.sub(r"^(\w+)\)", r"\1", body)  # "Ketua (KPU) Kabupaten Agam"
    division = DIVISION.search(body)
    if division and division.start() > 0:
        position, body = f"{position} {division.group(1)}".strip(), body[: division.start()].strip(" ,")
    body = spell_out_levels(body)
    region = REGION.search(body)
    return position, body, region.group(1) if region else ""


def role_key(role: str) -> str:
    return fold(role)
