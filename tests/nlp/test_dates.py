"""The dates component: datelines, every day named, years borrowed from the publication date."""
import spacy

from nlp.dates import extract_dates


def days(text, published=None):
    return [d["date"] for d in extract_dates(text, published)[1]]


def test_datelines_in_their_common_forms():
    assert extract_dates("Kab-probolinggo.kpu.go.id, Kamis, 26-1-2023 Dalam rangka pembentukan Pantarlih")[0] == "2023-01-26"
    assert extract_dates("Hupmas, SURABAYA – Sabtu (05/12/2020) KPU Jatim menggelar rapat")[0] == "2020-12-05"
    assert extract_dates("KPU Kota Batu menggelar rapat pleno pada Rabu (29/3/2023) di aula kantor.")[0] == "2023-03-29"
    assert extract_dates("Denpasar- Setelah rapat, Senin (24/07/17) KPU Kota Denpasar rapat pleno.")[0] == "2017-07-24"


def test_yearless_dateline_takes_year_from_a_full_date_of_the_same_day():
    text = "Sleman (13/09) - KPU Kabupaten Sleman sosialisasi. Kegiatan pada Selasa, 13 September 2022 pukul 10.00."
    published, dates = extract_dates(text)
    assert published == "2022-09-13"
    assert [d["date"] for d in dates] == ["2022-09-13"]
    assert [text[a:b] for a, b in dates[0]["mentions"]] == ["(13/09)", "Selasa, 13 September 2022"]


def test_yearless_dateline_weekday_picks_the_year_among_those_named():
    # 25 October was a Monday in 2021, not in 2020.
    text = "Hari ini Senin (25/10) Tim Monitoring Tahun 2021 berkunjung. Sampai tahun 2020 nilainya baik."
    assert extract_dates(text)[0] == "2021-10-25"


def test_undatable_day_gives_no_publication_date_and_no_date():
    text = "Palu – KPU Kota Palu menghadiri Upacara Hari Ulang Tahun ke-80 Republik Indonesia, Sabtu (17/8)."
    assert extract_dates(text) == (None, [])


def test_metadata_date_dates_the_yearless_days():
    published, dates = extract_dates("Jakarta - Rapat pleno digelar Selasa (24/3) di kantor KPU.", "2020-03-25T08:00:00")
    assert published == "2020-03-24"
    assert [d["date"] for d in dates] == ["2020-03-24"]


def test_ranges_give_first_and_last_day_and_lists_every_day():
    assert days("Bimtek digelar 30-31 Maret 2023 di Malang.") == ["2023-03-30", "2023-03-31"]
    assert days("mulai tanggal 11 – 27 Februari 2019 yang diikuti") == ["2019-02-11", "2019-02-27"]
    assert days("tes pada 15, 16 dan 17 Agustus 2023") == ["2023-08-15", "2023-08-16", "2023-08-17"]
    assert days("dari 30 Maret sampai dengan 2 April 2023") == ["2023-03-30", "2023-04-02"]
    assert days("digelar Jumat-Sabtu (7-8/7/2023) di Batu") == ["2023-07-07", "2023-07-08"]


def test_month_names_abbreviations_and_weekdays():
    assert days("Senin 15 Januari 2021, lalu 8 Des. 2020, 17 Agt 2019, 3 Nopember 2018 dan 1 Pebruari 2017") == [
        "2021-01-15", "2020-12-08", "2019-08-17", "2018-11-03", "2017-02-01"]


def test_missing_year_comes_from_the_publication_date_across_new_year():
    published, dates = extract_dates(
        "Bekasi (31/12/2022) - Pendaftaran diperpanjang. Tes tertulis pada 9 Januari, pengumuman 28 Desember.")
    assert published == "2022-12-31"
    assert [d["date"] for d in dates] == ["2022-12-31", "2023-01-09", "2022-12-28"]


def test_numbers_that_are_not_days_are_ignored():
    text = ("Surat Nomor 703/PL.02.1-SD/01/KPU/VII/2018, 1.049 pemilih, pukul 10.00 WIB, "
            "skor 3/4, perolehan 54,43% pada 2019, Pasal 12 ayat 3 dan 12 bulan")
    assert extract_dates(text) == (None, [])


def test_document_citation_date_is_not_the_bulletin_date():
    text = ("Denpasar - Sesuai Surat KPU RI Nomor 703/PL.02.1-SD/01/KPU/VII/2018 tanggal 17 Juli 2018 perihal DPSHP. "
            "Oleh karena itu, Kamis (09/08/18) KPU Kota Denpasar membuka kotak.")
    published, dates = extract_dates(text)
    assert published == "2018-08-09"
    assert {d["date"] for d in dates} == {"2018-07-17", "2018-08-09"}


def test_a_historic_day_is_a_date_but_never_the_bulletins_own():
    text = ("Peringatan proklamasi 17 Agustus 1945 digelar di halaman kantor. Pemilu pertama berlangsung "
            "29 September 1955. Upacara dipimpin Ketua KPU, Kamis (17/8/2023).")
    published, dates = extract_dates(text)
    assert published == "2023-08-17"
    assert {d["date"] for d in dates} == {"1945-08-17", "1955-09-29", "2023-08-17"}


def test_a_deadline_or_the_end_of_a_period_dates_the_bulletin_last():
    text = ("Pendaftaran dibuka hingga 3 Januari 2023 dan paling lambat 5 Januari 2023 berkas diserahkan. "
            "Rapat pleno digelar 28 Desember 2022 di aula.")
    assert extract_dates(text)[0] == "2022-12-28"
    assert {"2023-01-03", "2023-01-05", "2022-12-28"} == set(days(text))


def test_a_range_in_the_first_sentence_dates_the_bulletin_before_a_weekday_later_on():
    text = ("KPU Kabupaten Paser menggelar bimtek Sirekap di Aula Hotel Grogot Permai, 12-13/11/2024. Bimtek "
            "diikuti 50 anggota PPK. Materi disampaikan oleh tim teknis. Peserta mencoba aplikasi secara langsung. "
            "Pemungutan suara digelar Rabu (27/11/2024) di seluruh TPS.")
    assert extract_dates(text)[0] == "2024-11-12"


def test_future_event_announcement_without_dateline_is_undated():
    text = ("Penyelenggaraan lomba Mural Pemilu tahun 2019. Pendaftaran mulai tanggal 11 – 27 Februari 2019 "
            "yang diikuti 17 kelompok.")
    assert extract_dates(text)[0] is None


def test_mentions_point_at_the_surface_text():
    text = "Malang, Kamis, 26-1-2023 - KPU rapat. Lalu pada 25 Agustus 2022 juga."
    found = extract_dates(text)[1]
    assert [(d["text"], [text[a:b] for a, b in d["mentions"]]) for d in found] == [
        ("Kamis, 26-1-2023", ["Kamis, 26-1-2023"]), ("25 Agustus 2022", ["25 Agustus 2022"])]


def test_bad_input_gives_valid_output():
    for text in ["", " ", "The meeting was held on March 5, 2023.", "Ã¢â‚¬Å“Kamis, 26-1-2023â€",
                 "<p>Rabu (29/3/2023)</p><br/>", "12/" * 50000, "Senin, " * 30000 + "1 Mei"]:
        published, dates = extract_dates(text)
        assert published is None or len(published) == 10
        assert isinstance(dates, list)
    assert days("<p>Rabu (29/3/2023)</p><br/>") == ["2023-03-29"]


def test_spacy_component_writes_into_user_data():
    from nlp import dates  # noqa: F401  (registers the factory)

    nlp = spacy.blank("id")
    nlp.add_pipe("warta_dates")
    doc = nlp.make_doc("Sleman (25/01) - Rapat pleno digelar.")
    doc.user_data["meta"] = {"title": None, "url": None, "published": "2023-01-26"}
    doc = nlp(doc)
    assert doc.user_data["warta"]["published"] == "2023-01-25"
    assert doc.user_data["warta"]["dates"][0]["date"] == "2023-01-25"


def test_page_date_decides_the_year_of_a_yearless_dateline_even_across_new_year():
    # Crawled on 2 January 2024 about Friday 29 December: the year before.
    assert extract_dates("Batu (29/12) - Rapat pleno digelar.", "2024-01-02")[0] == "2023-12-29"
    # A wrong weekday is a typo, not another year.
    assert extract_dates("Batu, Senin (24/3) - Rapat pleno digelar.", "2020-03-25")[0] == "2020-03-24"


def test_yearless_dateline_takes_the_year_the_reporter_names_not_one_quoted():
    text = ("Kulon Progo (21/08) - KPU menggelar rapat pleno tahun 2023 di aula kantor. "
            "“Pemungutan suara jatuh pada 14 Februari 2024,” kata ketua.")
    assert extract_dates(text)[0] == "2023-08-21"


def test_patterns_tried_at_digits_find_what_a_full_scan_finds():
    from nlp.dates import ISO, NUMERIC, NUMERIC_RANGE, TEXTUAL, YEAR_WORD, digit_positions
    from nlp.textscan import matches_at

    text = ("Rabu (29/3/2023) dan 30-31 Maret 2023; 123 Januari, Covid19 Januari 2020, x/2023, "
            "1.2023-01-02, 2023-01-02, (7-8/7/2023), 12–13/1, 15, 16 dan 17 Agustus 2021 s.d. 2 Sept 2021")
    digits = digit_positions(text)
    for pattern in (TEXTUAL, NUMERIC, NUMERIC_RANGE, ISO, YEAR_WORD):
        expected = [m.span() for m in pattern.finditer(text)]
        assert expected and [m.span() for m in matches_at(pattern, text, digits)] == expected


def test_a_day_the_opening_refers_to_is_not_the_dateline():
    text = ("Kotabaru - Sehari setelah dimulainya masa kampanye pada 25 September 2024, KPU Kabupaten Kotabaru "
            "menggelar rapat koordinasi, Kamis (26/9/2024).")
    assert extract_dates(text)[0] == "2024-09-26"
    assert extract_dates("Kotabaru, 25 September 2024 - KPU menggelar rapat koordinasi.")[0] == "2024-09-25"


def test_an_announcement_is_undated_and_a_document_s_date_is_no_dateline():
    text = ("KPU Kabupaten Mukomuko akan menggelar jalan sehat. Kegiatan rencananya dilaksanakan pada Minggu, "
            "8 September 2024 di halaman kantor KPU. Pendaftaran lomba dibuka sejak 19 Agustus lalu.")
    published, dates = extract_dates(text)
    assert published is None and [d["date"] for d in dates] == ["2024-09-08", "2024-08-19"]
    text = ("Ternate - Menindaklanjuti rekomendasi Panwaslu tertanggal 29 November 2024, KPU Kota Ternate menggelar "
            "PSU di TPS 05, Sabtu (30/11/2024). Rekapitulasi akan digelar Senin (2/12/2024).")
    assert extract_dates(text)[0] == "2024-11-30"


def test_a_yearless_dateline_takes_the_weekday_its_sentence_names_and_a_day_that_came_before_is_none():
    text = ("Sendawar (15/11) – KPU beraudiensi dengan Sekda Drs. Benediktus Lahang di ruang kerjanya, Rabu. NPHD "
            "ditandatangani pada 10 November 2023 lalu. Pemungutan suara pada 27 November 2024 mendatang.")
    assert extract_dates(text)[0] == "2023-11-15"
    text = ("Unaaha - Setelah sehari sebelumnya menetapkan tiga pasangan calon melalui rapat pleno tertutup Minggu "
            "(22/9/2024), KPU menggelar pengundian nomor urut, Senin 23 September 2024.")
    assert extract_dates(text)[0] == "2024-09-23"
