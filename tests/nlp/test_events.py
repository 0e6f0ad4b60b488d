"""The events component: one to three of the 13 labels, main first, from title and text."""
import spacy

from nlp.events import LABELS, classify, load_terms, required_literal


def test_affixed_forms_of_one_stem_meet():
    for title in ("990 Anggota PPS Dilantik", "Pelantikan Anggota PPS", "KPU Melantik Anggota PPS"):
        assert classify(title, "Acara berlangsung di aula kantor.")[0] == "pelantikan"


def test_title_weighs_more_than_a_passing_mention_in_the_text():
    text = ("KPU menggelar kegiatan di aula. Acara dibuka oleh ketua. Sebelumnya ada sosialisasi kepada warga "
            "pekan lalu.")
    assert classify("Bimbingan Teknis Pemungutan dan Penghitungan Suara bagi KPPS", text)[0] == "bimtek"


def test_meeting_named_in_the_title_is_main_and_its_subject_second():
    title = "KPU Agam Gelar Rapat Koordinasi Terkait Perbaikan Dokumen Bakal Calon DPRD"
    text = ("KPU Kabupaten Agam melaksanakan rapat koordinasi pengajuan perbaikan dokumen persyaratan bakal calon "
            "anggota DPRD bersama partai politik. Verifikasi administrasi dokumen persyaratan bakal calon "
            "dilakukan melalui Silon. Partai politik diminta melengkapi syarat calon.")
    labels = classify(title, text)
    assert labels[:2] == ["rapat_koordinasi", "pencalonan"]


def test_voter_list_plenary_is_a_plenary_about_the_voter_list():
    title = "KPU Kota Serang Gelar Rapat Pleno Terbuka Rekapitulasi PDPB Triwulan IV"
    text = ("KPU Kota Serang menggelar rapat pleno terbuka rekapitulasi daftar pemilih berkelanjutan. "
            "Jumlah pemilih ditetapkan sebanyak 480.000 pemilih. Data pemilih dimutakhirkan setiap bulan.")
    labels = classify(title, text)
    assert labels[0] == "rapat_pleno" and "data_pemilih" in labels and "rekapitulasi" not in labels


def test_campaign_and_legal_cases():
    assert classify("Debat Publik Pasangan Calon Bupati", "Debat kedua membahas visi misi paslon dalam "
                    "masa kampanye.")[0] == "kampanye"
    assert classify("Sidang Sengketa di Mahkamah Konstitusi", "Gugatan perselisihan hasil diajukan ke MK.")[0] \
        == "hukum_etik"


def test_at_most_three_known_labels_and_none_for_unrelated_text():
    text = ("Rapat koordinasi sosialisasi bimtek pelantikan rekrutmen coklit pencalonan kampanye TPS "
            "rekapitulasi sengketa anggaran rapat pleno.")
    labels = classify("Rapat", text)
    assert 1 <= len(labels) <= 3 and set(labels) <= set(LABELS) and len(set(labels)) == len(labels)
    assert classify(None, "The weather was nice and everyone went home.") == []
    assert classify(None, "") == []


def test_lexicon_covers_every_label():
    terms = load_terms()
    assert {t.label for t in terms} == set(LABELS)
    # The literal each term needs really is in what it matches (else the fast path would skip it).
    for sample in ("pelantikan", "berkoordinasi", "kerjasama", "kerja sama", "pendaftaran calon anggota pps",
                   "ktp-el", "rekapitulasi pdpb", "menetapkan", "ditetapkan"):
        for term in terms:
            if term.pattern.search(sample):
                assert term.literal in sample, (term, sample)


def test_a_term_led_by_a_choice_of_words_still_matches():
    # No literal starts every match of "(?:peningkatan|penguatan) kapasitas": the whole term is tried.
    assert required_literal("(?:peningkatan|penguatan) kapasitas") == ""
    assert required_literal("(?:pe|me)netap(?:an|kan)?") == "netap"
    assert classify("Peningkatan Kapasitas Penyelenggara Pemilu", "Kegiatan digelar di aula.") == ["bimtek"]


def test_bad_input_gives_valid_output():
    for title, text in [(None, ""), ("", "<p><b>Sosialisasi</b></p>"), ("Ã¢â‚¬Å“", "Ã¢â‚¬Å“ " * 1000),
                        ("x" * 5000, "rapat " * 100000)]:
        labels = classify(title, text)
        assert isinstance(labels, list) and len(labels) <= 3
    assert classify("", "<p><b>Sosialisasi</b> pemilih pemula</p>")[0] == "sosialisasi"


def test_spacy_component_reads_the_title_from_metadata():
    from nlp import events  # noqa: F401  (registers the factory)

    nlp = spacy.blank("id")
    nlp.add_pipe("warta_events")
    doc = nlp.make_doc("Kegiatan berlangsung di aula KPU.")
    doc.user_data["meta"] = {"title": "Pelantikan Anggota PPK", "url": None, "published": None}
    doc = nlp(doc)
    assert doc.user_data["warta"]["event_types"][0] == "pelantikan"


def test_required_literal_of_a_term():
    assert required_literal("(?:ber|di|me|men)?koordinasi(?:kan)?") == "koordinasi"
    assert required_literal("kerja ?sama") == "kerja"
    assert required_literal("ad ?hoc") == "ad"
    assert required_literal("pendaftaran (?:calon )?anggota (?:ppk|pps)") == "pendaftaran"
    assert required_literal("(?:di|me|pe|ter)?lantik\\w*") == "lantik"


# Patterns of news writing the classifier relies on, each as a user would see it.

DIVISION_TEXT = ("KPU Kabupaten Deli Serdang mengumumkan hasil seleksi tertulis calon anggota PPK. Seleksi tertulis "
                 "dengan metode CAT diikuti 1.110 pendaftar. Ketua Divisi Sosialisasi, Pendidikan Pemilih, "
                 "Partisipasi Masyarakat dan SDM KPU Deli Serdang, Ahmad Fauzi, mengatakan 110 orang lolos ke tahap "
                 "wawancara.")


def test_a_speakers_division_is_not_an_event():
    labels = classify("KPU Umumkan Hasil Seleksi Calon Anggota PPK", DIVISION_TEXT)
    assert labels == ["rekrutmen"]
    # The same words as the activity itself still count.
    outreach = DIVISION_TEXT.replace("Ketua Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM",
                                     "Dalam sosialisasi pendidikan pemilih kepada masyarakat, ketua")
    assert "sosialisasi" in classify("KPU Umumkan Hasil Seleksi Calon Anggota PPK", outreach)
    # Short forms of the same titles.
    text = ("Kordiv Sosialisasi KPU Kota Batu, Ahmad, menyerahkan laporan keuangan dan laporan anggaran tahun 2024 "
            "kepada sekretariat.")
    assert classify(None, text) == ["kelembagaan"]
    # In a Title Case sentence the division's name ends at the verb.
    assert "rapat_pleno" in classify(None, "Ketua Divisi Hukum Dan Pengawasan Memimpin Rapat Pleno Penetapan "
                                           "DPT Di Aula KPU.")


def test_an_ad_hoc_body_written_out_is_a_body_not_a_vote():
    text = ("KPU Kabupaten Banyuwangi membuka pendaftaran calon anggota Kelompok Penyelenggara Pemungutan Suara "
            "(KPPS) untuk Pemilihan 2024. Pendaftaran dibuka pada 2 - 8 Oktober 2024 melalui PPS di desa.")
    assert classify("Pengumuman Pendaftaran Calon Anggota KPPS", text) == ["rekrutmen"]


def test_an_event_told_as_background_adds_no_label():
    text = ("Setelah melaksanakan kegiatan pelantikan anggota PPS, KPU Kabupaten Probolinggo melakukan bimbingan "
            "teknis anggota PPS di aula. Materi bimbingan teknis mencakup tata kerja PPS.")
    assert classify("Usai Dilantik, Anggota PPS Langsung Mengikuti Bimtek", text) == ["bimtek"]
    # Told as what happened, the swearing-in is a label.
    told = text.replace("Setelah melaksanakan kegiatan pelantikan", "KPU melaksanakan pelantikan")
    assert "pelantikan" in classify("Anggota PPS Dilantik dan Mengikuti Bimtek", told)


def test_one_passing_mention_adds_no_second_label():
    title = "Anggota PPS Kota Batu Siap Bertugas"
    text = ("KPU Kota Batu menggelar bimbingan teknis bagi anggota PPS di aula kantor pada Senin pagi, diikuti oleh "
            "seluruh anggota PPS dari 24 desa dan kelurahan. Acara dibuka oleh Ketua KPU Kota Batu dan berlangsung "
            "hingga sore hari dengan penuh semangat. Para peserta mendengarkan paparan tentang tata kerja, kewajiban "
            "dan hak anggota PPS selama tahapan pemilu. Ketua KPU berpesan agar anggota PPS menjaga integritas. "
            "Peserta bimtek juga berbagi pengalaman dari kampanye lalu.")
    assert classify(title, text) == ["bimtek"]
    repeated = text + " Mereka membahas jadwal kampanye, alat peraga kampanye dan dana kampanye."
    assert set(classify(title, repeated)) == {"bimtek", "kampanye"}


def test_generic_words_alone_add_no_second_label():
    # "calon", "nomor urut", "warga": who took part in a debate, not a candidacy event.
    text = ("KPU Kota Makassar menggelar debat publik pasangan calon wali kota. Debat mengangkat tema pembangunan. "
            "Calon nomor urut 1 menekankan air bersih bagi warga. Debat kedua dijadwalkan pekan depan, disiarkan "
            "langsung agar warga bisa menilai visi dan misi calon.")
    assert classify("Debat Publik Pertama Calon Wali Kota Makassar", text) == ["kampanye"]


def test_a_plenary_named_in_the_opening_sentence_is_a_label():
    text = ("KPU Kota Pontianak menuntaskan rapat pleno terbuka rekapitulasi hasil penghitungan perolehan suara "
            "Pemilu 2024 tingkat kota, Rabu (28/2/2024). Rekapitulasi berlangsung sejak 24 Februari. Hasil "
            "rekapitulasi dibawa ke tingkat provinsi. Perolehan suara partai dicocokkan dengan formulir C.Hasil, "
            "dan rekapitulasi enam kecamatan selesai.")
    assert classify("Rekapitulasi Tingkat Kota Pontianak Rampung", text) == ["rekapitulasi", "rapat_pleno"]


def test_a_passing_mention_in_the_closing_paragraph_adds_no_label():
    paragraphs = [
        "KPU Kabupaten Sleman menggelar bimbingan teknis bagi anggota PPK di aula kantor KPU pada Senin pagi. "
        "Kegiatan dibuka oleh Ketua KPU Kabupaten Sleman dan diikuti oleh 85 anggota PPK dari seluruh kecamatan.",
        "Ketua KPU berharap seluruh anggota PPK bekerja dengan teliti, menjaga integritas, dan memahami tata kerja "
        "yang telah dijelaskan selama kegiatan berlangsung hingga sore hari.",
        "Anggota PPK dari Kecamatan Depok mengaku mendapat banyak bekal untuk menjalankan tugas di kecamatan.",
        "KPU juga mengajak masyarakat memeriksa daftar pemilih melalui laman resmi, karena pemutakhiran data "
        "pemilih berkelanjutan terus berjalan.",
    ]
    title = "Bimtek Anggota PPK Kabupaten Sleman"
    assert classify(title, "\n\n".join(paragraphs)) == ["bimtek"]
    # The same sentence before the last paragraph is part of what the bulletin reports.
    reordered = paragraphs[:2] + [paragraphs[3], paragraphs[2]]
    assert classify(title, "\n\n".join(reordered)) == ["bimtek", "data_pemilih"]
    # A closing paragraph that dates what it tells reports an event of its own.
    dated = paragraphs[:3] + ["Pada Kamis (5/1/2023) KPU juga menggelar pemutakhiran data pemilih dan mencocokkan "
                              "daftar pemilih bersama Disdukcapil di kantor KPU."]
    assert classify(title, "\n\n".join(dated)) == ["bimtek", "data_pemilih"]


def test_voter_list_recapitulation_is_not_a_vote_recapitulation():
    title = "Rekapitulasi Rapat Pleno Terbuka PDPB Triwulan II Tingkat Kota Serang"
    text = ("KPU Kota Serang menyelenggarakan Rapat Pleno Terbuka Rekapitulasi Pemutakhiran Data Pemilih "
            "Berkelanjutan. Jumlah pemilih bertambah 2.245 orang.")
    labels = classify(title, text)
    assert "rekapitulasi" not in labels and {"rapat_pleno", "data_pemilih"} <= set(labels)


def test_a_bulletin_with_little_evidence_still_gets_its_likeliest_label():
    labels = classify(None, "Komisi Pemilihan Umum (KPU) Kabupaten Jepara menggelar rapat bersama Badan Pengawas "
                            "Pemilihan Umum (Bawaslu) Jepara.")
    assert labels == ["rapat_koordinasi"]


def test_voting_as_the_topic_of_outreach_is_no_second_label_until_it_is_a_subject_of_its_own():
    title = "KPU Lebak Datangi Warga Baduy"
    text = ("KPU Kabupaten Lebak menggelar sosialisasi Pemilu 2024 kepada warga Baduy Luar di Desa Kanekes. "
            "Tim menunjukkan lima jenis surat suara dan cara mencoblos yang sah. Warga diminta datang ke TPS.")
    assert classify(title, text) == ["sosialisasi"]
    voting = text + (" Pada hari pemungutan suara, KPPS membuka TPS pukul 07.00 dan pemungutan suara berlangsung "
                     "tertib. Penghitungan suara di TPS selesai sore hari, dan pemilih mencoblos lima surat suara. "
                     "Pemungutan suara ulang tidak diperlukan.")
    assert classify(title, voting) == ["sosialisasi", "pemungutan_suara"]
