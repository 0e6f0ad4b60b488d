"""Interface text in Indonesian (the default) and English.

A small message table rather than gettext catalogs: the interface has about a
hundred strings and two languages, and a table keeps each string next to its
translation. The language comes from ``?lang=``, then the ``lang`` cookie, then
Indonesian.
"""

from __future__ import annotations

from flask import g, request

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"

# English text -> Indonesian. English is the key so templates read naturally.
MESSAGES_ID = {
    "Search": "Cari",
    "Search bulletins": "Cari berita",
    "Bulletins": "Berita",
    "Quotes": "Kutipan",
    "Quote finder": "Pencari kutipan",
    "People": "Tokoh",
    "Person": "Tokoh",
    "Admin": "Admin",
    "Skip to content": "Langsung ke isi",
    "Language": "Bahasa",
    "Search words": "Kata kunci",
    "Filters": "Saring",
    "Apply filters": "Terapkan saringan",
    "Active filters": "Saringan aktif",
    "Remove filter": "Hapus saringan",
    "Clear all": "Hapus semua",
    "From": "Dari",
    "To": "Sampai",
    "Date range": "Rentang tanggal",
    "Sort": "Urutkan",
    "relevance": "relevansi",
    "date": "tanggal",
    "Newest first": "Terbaru dulu",
    "Most relevant": "Paling relevan",
    "results": "hasil",
    "result": "hasil",
    "No results.": "Tidak ada hasil.",
    "Did you mean": "Maksud Anda",
    "Previous": "Sebelumnya",
    "Next": "Berikutnya",
    "Page": "Halaman",
    "of": "dari",
    "Pages": "Halaman",
    "First": "Pertama",
    "Last": "Terakhir",
    "quotes": "kutipan",
    "No quotes.": "Tidak ada kutipan.",
    "Export": "Ekspor",
    "Export what is shown": "Ekspor yang tampil",
    "JSON": "JSON",
    "Matching bulletins over time": "Berita yang cocok per waktu",
    "Mentions over time": "Penyebutan per waktu",
    "Matching quotes over time": "Kutipan yang cocok per waktu",
    "bulletins": "berita",
    "More": "Lainnya",
    "Show more": "Tampilkan lainnya",
    "event_type": "Jenis kegiatan",
    "person": "Tokoh",
    "role": "Jabatan",
    "org": "Lembaga",
    "place": "Tempat",
    "province": "Provinsi",
    "regency": "Kabupaten/kota",
    "site": "Situs",
    "year": "Tahun",
    "month": "Bulan",
    "Speaker": "Pembicara",
    "Role": "Jabatan",
    "Roles": "Jabatan",
    "Roles over time": "Jabatan dari waktu ke waktu",
    "First seen": "Pertama",
    "Last seen": "Terakhir",
    "Mentions": "Penyebutan",
    "Aliases": "Nama lain",
    "People mentioned with": "Tokoh yang disebut bersama",
    "Bodies mentioned with": "Lembaga yang disebut bersama",
    "Sites that mention": "Situs yang menyebut",
    "Every quote": "Semua kutipan",
    "Bulletins that mention": "Berita yang menyebut",
    "Citation": "Kutipan sumber",
    "Copy citation": "Salin kutipan sumber",
    "Copied": "Tersalin",
    "Said by": "Diucapkan oleh",
    "Original page": "Halaman asli",
    "Archived copy": "Salinan arsip",
    "Archived copy as Warta fetched it": "Salinan arsip seperti diambil Warta",
    "Download the archived page": "Unduh halaman arsip",
    "The archived copy is shown as text only; it is never run as a web page here.":
        "Salinan arsip hanya ditampilkan sebagai teks; tidak pernah dijalankan sebagai halaman web di sini.",
    "No archived copy of this bulletin is available.": "Salinan arsip berita ini tidak tersedia.",
    "Fetched at": "Diambil pada",
    "Status": "Status",
    "Content type": "Jenis isi",
    "Headers": "Header",
    "Published": "Terbit",
    "Category": "Kategori",
    "Places": "Tempat",
    "Organizations": "Lembaga",
    "Dates": "Tanggal",
    "Event types": "Jenis kegiatan",
    "Captions": "Keterangan foto",
    "Not analyzed yet.": "Belum dianalisis.",
    "Legend": "Keterangan",
    "Other copies of this story": "Salinan lain berita ini",
    "Not found": "Tidak ditemukan",
    "Bad request": "Permintaan tidak valid",
    "Something went wrong": "Terjadi kesalahan",
    "Back to search": "Kembali ke pencarian",
    "The search index is not ready yet. Run `warta index` first.":
        "Indeks pencarian belum siap. Jalankan `warta index` terlebih dahulu.",
    "Admin token": "Token admin",
    "Log in": "Masuk",
    "Log out": "Keluar",
    "Admin is disabled: no admin token is configured (WARTA_ADMIN_TOKEN).":
        "Admin dinonaktifkan: token admin belum diatur (WARTA_ADMIN_TOKEN).",
    "Wrong token.": "Token salah.",
    "Start a crawl": "Mulai merayapi",
    "Sites or URLs": "Situs atau URL",
    "Re-analyze": "Analisis ulang",
    "Reindex": "Indeks ulang",
    "Rebuild from scratch": "Bangun ulang dari awal",
    "Jobs": "Pekerjaan",
    "Action": "Tindakan",
    "Started": "Dimulai",
    "running": "berjalan",
    "Job started.": "Pekerjaan dimulai.",
    "Output": "Keluaran",
    "Type": "Jenis",
    "Name": "Nama",
    "Count": "Jumlah",
    "Role of speaker": "Jabatan pembicara",
    "Matching passage": "Bagian yang cocok",
    "Open bulletin": "Buka berita",
    "in": "di",
    "Search quotes": "Cari kutipan",
    "Warta archives and searches the press bulletins of Indonesia's election commission (KPU).":
        "Warta mengarsipkan dan menelusuri siaran pers Komisi Pemilihan Umum (KPU).",
    "Highlighted in the text": "Disorot dalam teks",
}

# Keys that are codes rather than English text need an English label too.
MESSAGES_EN = {
    "event_type": "Event type", "person": "Person", "role": "Role", "org": "Organization", "place": "Place",
    "province": "Province", "regency": "Regency or city", "site": "Site", "year": "Year", "month": "Month",
}

EVENT_TYPES = {
    "rapat_koordinasi": ("Rapat koordinasi", "Coordination meeting"),
    "rapat_pleno": ("Rapat pleno", "Plenary session"),
    "pelantikan": ("Pelantikan", "Swearing-in"),
    "bimtek": ("Bimbingan teknis", "Technical training"),
    "sosialisasi": ("Sosialisasi", "Voter education"),
    "rekrutmen": ("Rekrutmen", "Recruitment"),
    "data_pemilih": ("Data pemilih", "Voter list"),
    "pencalonan": ("Pencalonan", "Candidacy"),
    "kampanye": ("Kampanye", "Campaign"),
    "pemungutan_suara": ("Pemungutan suara", "Voting"),
    "rekapitulasi": ("Rekapitulasi", "Tabulation"),
    "hukum_etik": ("Hukum dan etik", "Law and ethics"),
    "kelembagaan": ("Kelembagaan", "Institutional affairs"),
}


def current_language() -> str:
    """The request's language, looked up once per request (a page translates hundreds of labels)."""
    lang = g.get("language")
    if lang is None:
        lang = request.args.get("lang") or request.cookies.get("lang") or DEFAULT_LANGUAGE
        lang = g.language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return lang


def translate(text: str, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "id":
        return MESSAGES_ID.get(text, text)
    return MESSAGES_EN.get(text, text)


def event_label(code: str, lang: str | None = None) -> str:
    """Human label of an event type code; unknown codes are shown as they are."""
    lang = lang or current_language()
    labels = EVENT_TYPES.get(code)
    if not labels:
        return code
    return labels[0] if lang == "id" else labels[1]
