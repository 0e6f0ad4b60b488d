"""Interface text in Indonesian (the default) and English.

A small message table rather than gettext catalogs: the interface has about a
hundred strings and two languages, and a table keeps each string next to its
translation. The language comes from ``?lang=``, then the ``lang`` cookie, then
Indonesian.
"""

from __future__ import annotations

from flask import g, request

from index.query import Label

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
    "Relevance with search words, else newest": "Relevansi bila ada kata kunci, selain itu terbaru",
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
    "Other value": "Nilai lain",
    "event_type": "Jenis kegiatan",
    "person": "Tokoh",
    "role": "Jabatan",
    "position": "Posisi",
    "body": "Instansi",
    "Position of speaker": "Posisi pembicara",
    "Body of speaker": "Instansi pembicara",
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
    "ended": "berakhir",
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

# Error messages: templates with {named} values, filled in after translation
# (``message``). Raised in webapp/ and index/ (``QueryError``); the values
# (parameter names, what the user typed) are shown as they are.
MESSAGES_ID |= {
    # parameters
    "unknown parameter {name!r}; known: {known}": "parameter {name!r} tidak dikenal; yang dikenal: {known}",
    "{name} must be a whole number, not {value!r}": "{name} harus bilangan bulat, bukan {value!r}",
    "{name} must be at least {low}, not {value}": "{name} paling kecil {low}, bukan {value}",
    "{name} must be between {low} and {high}, not {value}": "{name} harus antara {low} dan {high}, bukan {value}",
    "{name} {page} is too deep (at most {limit} results by paging; use an export)":
        "{name} {page} terlalu jauh (paling banyak {limit} hasil lewat halaman; gunakan ekspor)",
    "{name} must be a date like 2023-01-26, 2023-01 or 2023, not {value!r}":
        "{name} harus tanggal seperti 2023-01-26, 2023-01 atau 2023, bukan {value!r}",
    "year must look like 2023, not {value!r}": "year harus seperti 2023, bukan {value!r}",
    "month must look like 2023-01, not {value!r}": "month harus seperti 2023-01, bukan {value!r}",
    "too many values for {name} ({count}; at most {limit})":
        "terlalu banyak nilai untuk {name} ({count}; paling banyak {limit})",
    "a value of {name} is too long (at most {limit} characters)":
        "sebuah nilai {name} terlalu panjang (paling banyak {limit} karakter)",
    "the query is too long ({length} characters; at most {limit})":
        "kata kunci terlalu panjang ({length} karakter; paling banyak {limit})",
    "sort must be one of {choices}, not {value!r}": "sort harus salah satu dari {choices}, bukan {value!r}",
    "format must be one of {choices}, not {value!r}": "format harus salah satu dari {choices}, bukan {value!r}",
    "lang must be one of {choices}, not {value!r}": "lang harus salah satu dari {choices}, bukan {value!r}",
    "unknown export {kind!r}; one of {choices}": "ekspor {kind!r} tidak dikenal; pilih salah satu: {choices}",
    # searches
    "impossible date range: {start} is after {end}": "rentang tanggal mustahil: {start} sesudah {end}",
    "unknown {facet}: {value!r}": "{facet} tidak dikenal: {value!r}",
    "event type": "Jenis kegiatan",  # the facets' names, at the start of that sentence
    "unknown {facet}: {value!r} (did you mean {close!r}?)":
        "{facet} tidak dikenal: {value!r} (maksud Anda {close!r}?)",
    "unbalanced quotation mark in {query!r}": "tanda kutip tidak berpasangan dalam {query!r}",
    "unbalanced parentheses in {query!r}": "tanda kurung tidak berpasangan dalam {query!r}",
    "operator without a term on both sides in {query!r}":
        "operator tanpa kata di kedua sisinya dalam {query!r}",
    "unknown field {field!r}: use one of {choices}": "kolom {field!r} tidak dikenal: gunakan salah satu dari {choices}",
    "cannot read the query {query!r}: {reason}": "kata kunci {query!r} tidak dapat dibaca: {reason}",
    "the phrase {phrase!r} has only common words (stop words), which the index leaves out: add a word that says more":
        "frasa {phrase!r} hanya berisi kata umum (kata henti) yang tidak diindeks: tambahkan kata yang lebih bermakna",
    "a field name needs a word or a quoted phrase right after its colon":
        "nama kolom harus langsung diikuti kata atau frasa bertanda petik setelah titik dua",
    "unknown kind {kind!r}: use one of {choices}": "jenis {kind!r} tidak dikenal: gunakan salah satu dari {choices}",
    "unknown sort {sort!r}: use one of {choices}": "urutan {sort!r} tidak dikenal: gunakan salah satu dari {choices}",
    "page and page size must be at least 1": "halaman dan ukuran halaman paling kecil 1",
    "there is no page {page} of {what}: there are {pages}": "tidak ada halaman {page} {what}: hanya ada {pages}",
    "no search index yet: run `warta index` first": "belum ada indeks pencarian: jalankan `warta index` dulu",
    "the search index was built by an older version of Warta: run `warta index`":
        "indeks pencarian dibuat oleh versi Warta yang lebih lama: jalankan `warta index`",
    "cannot open the search index ({reason}): run `warta index --rebuild`":
        "indeks pencarian tidak dapat dibuka ({reason}): jalankan `warta index --rebuild`",
    "the search index changed while opening it: try again": "indeks pencarian berubah saat dibuka: coba lagi",
    # pages that are not there
    "no bulletin with id {id}": "tidak ada berita dengan id {id}",
    "no person with id {id!r}": "tidak ada tokoh dengan id {id!r}",
    "no such person": "tokoh itu tidak ada",
    "no archived copy of this bulletin": "tidak ada salinan arsip berita ini",
    "There is no page at this address.": "Tidak ada halaman di alamat ini.",
    "no such API endpoint, or a malformed id: {path}; see /openapi.json":
        "tidak ada titik API itu, atau id-nya salah bentuk: {path}; lihat /openapi.json",
    "This address does not take {method} requests.": "Alamat ini tidak menerima permintaan {method}.",
    # admin
    "Forbidden": "Terlarang",
    "Log in with the admin token first.": "Masuk dulu dengan token admin.",
    "Give 1 to {limit} KPU site names (kab-probolinggo) or http(s) URLs, separated by spaces.":
        "Berikan 1 sampai {limit} nama situs KPU (kab-probolinggo) atau URL http(s), dipisah spasi.",
    "unknown action {action!r}": "tindakan {action!r} tidak dikenal",
    "Missing or wrong CSRF token; reload the page and try again.":
        "Token CSRF tidak ada atau salah; muat ulang halaman lalu coba lagi.",
}

# Keys that are codes rather than English text need an English label too.
MESSAGES_EN = {
    "event_type": "Event type", "person": "Person", "role": "Role", "position": "Position", "body": "Body",
    "org": "Organization", "place": "Place",
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
        # Pages speak Indonesian unless asked; the JSON API, whose field names are English, speaks English.
        default = "en" if request.path.startswith("/api/") else DEFAULT_LANGUAGE
        lang = request.args.get("lang") or request.cookies.get("lang") or default
        lang = g.language = lang if lang in LANGUAGES else default
    return lang


def translate(text: str, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "id":
        return MESSAGES_ID.get(text, text)
    return MESSAGES_EN.get(text, text)


def message(template: str, **values) -> str:
    """A message in the request's language: ``template`` (English, with ``{named}`` values) translated,
    then filled in. Errors are written this way (see ``index.query.QueryError``)."""
    text = translate(template)
    if current_language() == "id":  # English labels read as they are; Indonesian ones are looked up
        values = {k: MESSAGES_ID.get(v, v) if isinstance(v, Label) else v for k, v in values.items()}
    return text.format(**values) if values else text


def event_label(code: str, lang: str | None = None) -> str:
    """Human label of an event type code; unknown codes are shown as they are."""
    lang = lang or current_language()
    labels = EVENT_TYPES.get(code)
    if not labels:
        return code
    return labels[0] if lang == "id" else labels[1]
