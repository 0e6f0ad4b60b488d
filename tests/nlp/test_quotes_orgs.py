"""Quotes with their speakers, and organizations."""


def _speakers(warta):
    return [(q["text"][:20], q["speaker"]) for q in warta["quotes"]]


def test_speaker_after_quote_with_role_in_between(analyze):
    w = analyze("Rapat digelar Senin (6/2). “Kami ingin melakukan kerja sama riset tentang partisipasi,” ungkap "
                "Gede Sutrawan, Komisioner KPU Buleleng Divisi Sosialisasi.")
    q = w["quotes"][0]
    assert q["speaker"] == "Gede Sutrawan" and q["cue"] == "ungkap"
    assert q["role"] == "Komisioner KPU Buleleng Divisi Sosialisasi"
    assert w["quotes"][0]["text"].startswith("Kami ingin") and not q["text"].endswith(",")


def test_running_speaker_through_nya_and_pronoun_cues(analyze):
    w = analyze("Ketua KPU Jatim Choirul Anam membuka rapat. \"Semua logistik sudah kami kirim ke daerah,\" "
                "jelasnya. Ia menambahkan, “Distribusi berjalan lancar sampai ke pulau terluar.”")
    assert [q["speaker"] for q in w["quotes"]] == ["Choirul Anam", "Choirul Anam"]


def test_speaker_before_quote_and_unclosed_quote(analyze):
    w = analyze("Heri Wahidin menambahkan, “Dari sejarah perjalanan KPU Provinsi Banten kami belajar banyak hal")
    assert len(w["quotes"]) == 1
    assert w["quotes"][0]["speaker"] == "Heri Wahidin"


def test_no_speaker_rather_than_a_wrong_one(analyze):
    w = analyze("Warga berkumpul di balai desa. “Pemilu adalah pesta demokrasi bagi seluruh rakyat Indonesia.” "
                "Acara ditutup dengan doa bersama.")
    assert len(w["quotes"]) == 1 and w["quotes"][0]["speaker"] is None


def test_titles_in_quotes_and_lone_closing_marks_are_not_quotes(analyze):
    w = analyze("KPU menggelar lomba “Desa Peduli Pemilu” tahun ini. Tema besarnya adalah "
                "“Pemilu Berintegritas Untuk Indonesia Maju Sejahtera”. Kegiatan berjalan lancar” katanya.")
    assert w["quotes"] == []


def test_acronyms_and_full_names_of_one_body_merge(analyze):
    w = analyze("Komisi Pemilihan Umum (KPU) Kabupaten Buleleng berkoordinasi dengan Dinas Kependudukan dan "
                "Catatan Sipil (Disdukcapil) Kabupaten Buleleng. KPU Buleleng juga mengundang Bawaslu, PPK dan PPS.")
    names = [o["name"] for o in w["organizations"]]
    assert names[0] == "Komisi Pemilihan Umum (KPU) Kabupaten Buleleng"
    assert "Dinas Kependudukan dan Catatan Sipil (Disdukcapil) Kabupaten Buleleng" in names
    assert {"Bawaslu", "PPK", "PPS"} <= set(names)
    assert not any(n == "KPU Buleleng" for n in names)
    assert len(w["organizations"][0]["mentions"]) == 2


def test_a_city_and_the_regency_of_the_same_name_are_two_bodies(analyze):
    w = analyze("KPU Kota Kupang menggelar rapat pleno di Hotel Neo. KPU Kupang menetapkan DPS sebanyak 301.245 "
                "pemilih. Hadir pula perwakilan KPU Kabupaten Kupang dan Bawaslu Kota Kupang.")
    bodies = {o["name"]: len(o["mentions"]) for o in w["organizations"]}
    assert bodies["KPU Kota Kupang"] == 2  # "KPU Kupang" without a level is the body named before
    assert bodies["KPU Kabupaten Kupang"] == 1
    # A body first named without a level takes the level named later; another level is another body.
    w = analyze("KPU Blitar menggelar rapat. Ketua KPU Kabupaten Blitar hadir bersama KPU Kota Blitar.")
    assert sorted(o["name"] for o in w["organizations"]) == ["KPU Kabupaten Blitar", "KPU Kota Blitar"]


def test_district_bodies_and_numbered_schools_keep_their_district(analyze):
    w = analyze("Sebanyak 80 anggota Panitia Pemilihan Kecamatan (PPK) dilantik. Ketua PPK Moyo Hilir dan anggota "
                "PPK Paron hadir bersama siswa SMAN 1 Seyegan dan Kepala Satpol PP Sidoarjo.")
    names = [o["name"] for o in w["organizations"]]
    assert {"PPK Moyo Hilir", "PPK Paron", "SMAN 1 Seyegan", "Satpol PP Sidoarjo"} <= set(names)
    # The bare acronym is all the district bodies, not one of them.
    assert "Panitia Pemilihan Kecamatan (PPK)" in names


def test_kinds_and_collectives_of_bodies_are_not_bodies(analyze):
    w = analyze("KPU Kota Serang mengundang Partai Politik se-Kota Serang, Kelompok Kerja (Pokja) dan Badan Ad Hoc "
                "Pemilu. Hadir pula Pemerintah Daerah Kabupaten Sleman.")
    names = [o["name"] for o in w["organizations"]]
    assert "Pemerintah Daerah Kabupaten Sleman" in names and "KPU Kota Serang" in names
    assert not any(n.startswith(("Partai Politik", "Kelompok Kerja", "Badan Ad Hoc")) for n in names), names


def test_a_name_after_provinsi_is_a_person_not_a_province(analyze):
    w = analyze("Acara dibuka oleh Ketua KPU Provinsi Umi Rifdiyawaty bersama Bawaslu Provinsi Kalimantan Barat.")
    names = [o["name"] for o in w["organizations"]]
    assert "Bawaslu Provinsi Kalimantan Barat" in names
    assert not any("Umi" in n for n in names), names


def test_speaker_named_by_role_alone(analyze):
    w = analyze("Ketua KPU Sidoarjo, Fauzan Adhim, memimpin rapat pleno. Logistik tiba tepat waktu. "
                "“Distribusi ke semua kecamatan sudah selesai hari ini,” ujar Ketua KPU Sidoarjo.")
    assert w["quotes"][0]["speaker"] == "Fauzan Adhim"


def test_quote_split_around_its_cue(analyze):
    w = analyze("“Kami siap melayani seluruh pemilih,” kata Ketua KPU Jepara Muhammadun, “termasuk pemilih "
                "disabilitas di seluruh TPS.”")
    assert [q["speaker"] for q in w["quotes"]] == ["Muhammadun", "Muhammadun"]
    assert w["quotes"][1]["text"] == "termasuk pemilih disabilitas di seluruh TPS."


def test_unnamed_speaker_gets_no_name(analyze):
    w = analyze("Ketua KPU Kudus Miftahurrohmah membuka acara. “Kami siap mendukung semua pihak,” ungkap "
                "Miftahurrohmah. Dukungan juga datang dari instansi. Perwakilan Rutan Kudus menyampaikan pentingnya "
                "pemutakhiran data. “Terima kasih kepada Bawaslu maupun KPU yang telah memfasilitasi hak pilih.")
    assert [q["speaker"] for q in w["quotes"]] == ["Miftahurrohmah", None]


def test_title_case_bulletin_keeps_its_quotes_but_not_its_titles(analyze):
    w = analyze("Rapat Dipimpin Langsung Oleh Ketua KPU NTB Muhammad Khuwailid. “Kami Minta Seluruh PPK Bekerja "
                "Sesuai Aturan Yang Berlaku,” Tegasnya. Tema Lomba “Pemilu Damai Untuk Indonesia Maju Dan "
                "Sejahtera” Diikuti Pelajar.")
    assert [(q["speaker"], q["cue"]) for q in w["quotes"]] == [("Muhammad Khuwailid", "Tegasnya")]


def test_role_and_running_speaker_stop_at_a_sentence_closed_by_a_degree(analyze):
    w = analyze("Sambutan disampaikan oleh Kepala Kesbangpol, YUSUF HERMAWAN, S.Sos. Wakil Wali Kota Depok juga "
                "hadir dalam acara itu. “Kami mendukung penuh seluruh tahapan pemilihan tahun ini,” ucapnya.")
    yusuf = next(p for p in w["persons"] if p["name"] == "Yusuf Hermawan")
    assert yusuf["roles"] == ["Kepala Kesbangpol"]
    assert [q["speaker"] for q in w["quotes"]] == [None]


def test_short_form_that_is_also_a_region_name_still_names_the_speaker(analyze):
    w = analyze("Ketua KPU Kabupaten Sleman Bambang Sutrisno membuka rapat pleno. “Tahapan pemutakhiran data "
                "pemilih berjalan lancar di semua kecamatan,” ujar Bambang.")
    assert [q["speaker"] for q in w["quotes"]] == ["Bambang Sutrisno"]


def test_region_name_alone_is_not_made_a_person(analyze):
    w = analyze("“Tahapan pemutakhiran data pemilih berjalan lancar di semua kecamatan,” ujar Bambang.")
    assert w["persons"] == []


def test_speaker_through_menurutnya_and_past_a_dotted_degree(analyze):
    w = analyze("Hal tersebut disampaikan oleh Kepala Bagian Umum KPU Kota Batu, Tri Wahyuni. Menurutnya, “Pengadaan "
                "logistik sudah sesuai jadwal yang ditetapkan.” Sekretaris KPU Kabupaten Lamongan, Gatot Prasetyo, "
                "S.Sos. mengatakan, “Semua logistik pemilu sudah kami terima dengan baik.”")
    assert [q["speaker"] for q in w["quotes"]] == ["Tri Wahyuni", "Gatot Prasetyo"]


def test_a_nya_cue_does_not_point_to_a_listed_guest(analyze):
    heard = analyze("Ketua KPU Kabupaten Jember, Muhammad Syai'in, menyampaikan materi sosialisasi. Peserta yang hadir "
                    "antara lain Camat Kaliwates, Bambang Hermanto.\n\n“Kami berharap camat dan kepala desa ikut "
                    "mengajak warga,” ujarnya.")
    assert heard["quotes"][0]["speaker"] == "Muhammad Syai'in"  # the one last heard speaking
    unknown = analyze("Ketua KPU Kabupaten Pati, Supriyanto, membuka acara tersebut. Hadir pula Kapolres Pati AKBP "
                      "Budi Santoso dan Dandim 0718 Letkol Inf. Eko Wahyudi. “Kami siap mengamankan seluruh tahapan "
                      "pemilu,” ujarnya.")
    assert unknown["quotes"][0]["speaker"] is None  # no speaker rather than a wrong one


def test_a_short_quote_counts_when_a_speech_cue_follows_it(analyze):
    w = analyze("Ketua KPU Kota Batu Nurul Aini memeriksa gudang. “Kami sudah siap,” katanya. Acara bertema "
                "“Pemilu Damai” itu dihadiri warga.")
    assert [(q["text"], q["speaker"]) for q in w["quotes"]] == [("Kami sudah siap", "Nurul Aini")]


def test_a_body_name_goes_on_past_indonesia(analyze):
    w = analyze("Rapat dihadiri Partai Demokrasi Indonesia Perjuangan dan Partai Gerakan Indonesia Raya. Hadir pula "
                "Ikatan Dokter Indonesia dan Komisi Pemilihan Umum Republik Indonesia, Selasa (3/1).")
    assert [o["name"] for o in w["organizations"]] == [
        "Partai Demokrasi Indonesia Perjuangan", "Partai Gerakan Indonesia Raya", "Ikatan Dokter Indonesia",
        "Komisi Pemilihan Umum Republik Indonesia"]


def test_an_unclosed_quote_ends_at_a_line_opening_with_its_cue(analyze):
    w = analyze('"Kami mengajak seluruh warga datang ke TPS. Jangan golput,\nkata Ketua KPU Sleman Trapsi Haryadi.'
                "\n\nAcara ditutup dengan doa.")
    assert [(q["text"], q["speaker"]) for q in w["quotes"]] == [
        ("Kami mengajak seluruh warga datang ke TPS. Jangan golput", "Trapsi Haryadi")]


def test_the_sentence_after_a_quote_may_name_its_speaker(analyze):
    """"Hal tersebut disampaikan (oleh) Role, Name" after a quote whose cue names no one."""
    w = analyze("Ia menegaskan, “Tidak ada toleransi bagi petugas yang melanggar kode etik.” Hal tersebut "
                "disampaikan Ketua Bawaslu Kota Medan, Payung Harahap.\n\nRapat dibuka pagi ini.\n\n"
                "“Semua TPS sudah siap digunakan,” katanya.\n\nHal itu disampaikan oleh Ketua KPU Kabupaten Pati, "
                "Supriyanto, Senin (6/11).\n\n“Logistik tiba besok pagi di gudang,” ujarnya. Hal ini dilakukan "
                "agar Budi Santoso tenang.")
    assert [q["speaker"] for q in w["quotes"]] == ["Payung Harahap", "Supriyanto", "Supriyanto"]


def test_party_boards_are_one_body_with_their_party(analyze):
    w = analyze("Pengurus DPD Partai Amanat Nasional Kota Palu mendaftar. Dewan Pimpinan Pusat Partai Amanat "
                "Nasional menyetujui. Ketua DPC PDI Perjuangan Kabupaten Sleman, Budi Santoso, hadir bersama "
                "DPD Golkar Kota Batu dan anggota DPD RI.")
    assert [o["name"] for o in w["organizations"]] == [
        "DPD Partai Amanat Nasional Kota Palu", "Dewan Pimpinan Pusat Partai Amanat Nasional",
        "DPC PDI Perjuangan Kabupaten Sleman", "DPD Golkar Kota Batu", "DPD RI"]


def test_numbered_commands_and_study_centres_are_named_in_full(analyze):
    w = analyze("Hadir perwakilan Kodim 0732/Sleman dan Polres Sleman. KPU bekerja sama dengan Fakultas Hukum "
                "Universitas Diponegoro dan Pusat Studi Pemilu UIN Walisongo.")
    assert [o["name"] for o in w["organizations"]] == [
        "Kodim 0732/Sleman", "Polres Sleman", "KPU", "Fakultas Hukum Universitas Diponegoro",
        "Pusat Studi Pemilu UIN Walisongo"]


def test_speakers_the_sentence_before_leaves_open_or_closes(analyze):
    w = analyze("Ma’ruf Hidayat menjawab bahwa pemilih wajib terdaftar. Ia lalu menegaskan kembali pentingnya "
                "perekaman KTP. “Kalau belum rekam, segera ke Dispendukcapil. Jangan sampai hak pilih hilang.”\n\n"
                "Ketua KPU Nurjannah Umasugi memimpin rapat. \"Semua harus siap tepat waktu,\" ujarnya. \"Jangan "
                "sampai ada TPS yang terlambat dibuka,\" demikian ditegaskan dalam rapat tersebut.\n\n"
                "Ketua KPU Dian Purnama memimpin rombongan. \"Data kami mutakhir per semester,\" tutur Bambang "
                "Sudaryanto. Dian dan Bambang "
                "juga menyoroti rendahnya pelaporan kematian. \"Kalau kematian tidak dilaporkan, daftar pemilih "
                "yang dirugikan.\"")
    assert [q["speaker"] for q in w["quotes"]] == [
        "Ma’ruf Hidayat", "Nurjannah Umasugi", None, "Bambang Sudaryanto", None]


def test_a_name_spelled_out_before_its_acronym_is_one_body(analyze):
    w = analyze("Peneliti Indonesia Corruption Watch (ICW) dan Perkumpulan untuk Pemilu dan Demokrasi (Perludem) "
                "hadir bersama Kantor Pelayanan Perbendaharaan Negara (KPPN) Purwokerto. Petugas Pemutakhiran Data "
                "Pemilih (Pantarlih) Pemilu 2024 dilantik di Pondok Pesantren Darul Falah. Daftar Pemilih Tetap (DPT) "
                "ditetapkan, dan Komisi Pemilihan Umum (KPU) Kota Palangka Raya mengumumkannya.")
    assert [o["name"] for o in w["organizations"]] == [
        "Indonesia Corruption Watch (ICW)", "Perkumpulan untuk Pemilu dan Demokrasi (Perludem)",
        "Kantor Pelayanan Perbendaharaan Negara (KPPN) Purwokerto", "Petugas Pemutakhiran Data Pemilih (Pantarlih)",
        "Pondok Pesantren Darul Falah", "Komisi Pemilihan Umum (KPU) Kota Palangka Raya"]


def test_a_title_with_its_small_words_in_lower_case_is_no_quote_unless_spoken(analyze):
    w = analyze("Tema debat adalah “Ambon Manise yang Inklusif dan Berdaya Saing” sesuai visi daerah. "
                "“Kota yang Aman dan Damai Bagi Semua,” kata Ketua KPU Kota Ambon, Marthinus Kainama.")
    assert [(q["text"], q["speaker"]) for q in w["quotes"]] == [
        ("Kota yang Aman dan Damai Bagi Semua", "Marthinus Kainama")]


def test_speakers_named_by_role_or_among_those_present(analyze):
    w = analyze("Pelepasan logistik dilakukan Ketua KPU Kabupaten Sumba Timur, Umbu Maramba Hawu, bersama Kapolres "
                "Sumba Timur, AKBP Yohanis Ndapa Lede. “Kita kejar agar semua logistik tiba paling lambat Senin,” "
                "kata Ketua KPU Sumba Timur itu.\n\nSalah satu peserta, Rini Agustina dari Kecamatan Pampangan, "
                "mengaku sudah dua kali menjadi anggota PPS. ‘Saya ingin naik level, pengalaman jadi bekal,’ "
                "katanya.\n\n“Dulu banyak yang malas memilih karena kerja di luar,” celetuk seorang peserta dari "
                "barisan belakang.")
    assert [q["speaker"] for q in w["quotes"]] == ["Umbu Maramba Hawu", "Rini Agustina", None]


def test_banks_broadcasters_units_and_collectives_of_ad_hoc_bodies(analyze):
    w = analyze("Rapat dihadiri Bank Kalbar Cabang Sintang, TVRI Kalimantan Barat, Satgas Pamtas Yonif 645/Gardapati, "
                "Inspektorat dan Polairud. Sebanyak 70 calon anggota PPK Se-Kabupaten Sintang diwawancarai di "
                "Jalan Persatuan Raya Sintang.")
    names = [o["name"] for o in w["organizations"]]
    assert names == ["Bank Kalbar Cabang Sintang", "TVRI Kalimantan Barat", "Satgas Pamtas Yonif 645/Gardapati",
                     "Inspektorat", "Polairud", "PPK"]


def test_an_unnamed_speaker_a_message_passed_on_and_a_body_of_a_regency(analyze):
    w = analyze("Ketua KPU Kabupaten Konawe, Ahmad Fauzi, membuka acara. Rektor UHO Konawe menyambut baik rencana "
                "itu.\n\nDi sela acara, seorang peserta dari Desa Lalonggasu mengaku baru pertama kali ikut. “Selama "
                "ini kami pikir pemilu urusan orang kota saja,” katanya.\n\n“Pantau pengumuman di laman KPU, jangan "
                "percaya calo,” demikian pesan yang disampaikan kepada seluruh peserta.\n\nBagi seorang penyelenggara, "
                "aturan adalah pedoman. “Lakukan sesuai aturan yang berlaku,” tambah Ahmad Fauzi.")
    assert [p["name"] for p in w["persons"]] == ["Ahmad Fauzi"]
    assert [q["speaker"] for q in w["quotes"]] == [None, None, "Ahmad Fauzi"]


def test_a_quotation_of_two_paragraphs_is_one_quote(analyze):
    w = analyze("Ketua KPU Kabupaten Subang, Dadang Sutisna, membuka debat. “Subang ini lumbung padi. Kami ingin "
                "warga melihat gagasan para calon.\n\n“Debat bukan ajang saling serang. Silakan adu program,” "
                "ujarnya.\n\n“Kami siap mengamankan,” kata Kapolres Subang, AKBP Ariek Indra Sentanu.")
    assert [(q["text"], q["speaker"]) for q in w["quotes"]] == [
        ("Subang ini lumbung padi. Kami ingin warga melihat gagasan para calon. Debat bukan ajang saling serang. "
         "Silakan adu program", "Dadang Sutisna"),
        ("Kami siap mengamankan", "Ariek Indra Sentanu")]


def test_district_supervisors_congregations_and_a_body_that_ends_before_its_head_s_name(analyze):
    w = analyze("Bimtek diawasi Panwaslu Kecamatan dan PPD Distrik Salawati. Doa dipimpin pendeta HKBP Jemaat "
                "Siborongborong. Hadir Kepala Dinas Kependudukan dan Pencatatan Sipil Rosmawati Br. Situmorang, S.E., "
                "dan Pantarlih Desa.")
    names = [o["name"] for o in w["organizations"]]
    assert names == ["Panwaslu Kecamatan", "PPD Distrik Salawati", "HKBP Jemaat Siborongborong",
                     "Dinas Kependudukan dan Pencatatan Sipil", "Pantarlih"]
    assert [p["name"] for p in w["persons"]] == ["Rosmawati Br. Situmorang"]


def test_a_body_whose_name_lists_its_fields(analyze):
    w = analyze("Hadir Kepala Dinas Komunikasi, Informatika dan Statistik Provinsi Riau Ahmad Taufik, Dinas Kesehatan, "
                "Bappeda, dan Dinas Sosial, serta Asisten I Setdaprov Riau.")
    assert [o["name"] for o in w["organizations"]] == [
        "Dinas Komunikasi, Informatika dan Statistik Provinsi Riau", "Dinas Kesehatan", "Bappeda", "Dinas Sosial",
        "Setdaprov Riau"]
    assert [p["name"] for p in w["persons"]] == ["Ahmad Taufik"]


def test_a_speaker_named_by_an_office_with_the_regency_written_short_and_one_of_several_unnamed(analyze):
    w = analyze("Rakor dipimpin Ketua KPU Minahasa Selatan, Stevanus Lumowa, didampingi anggota Bawaslu Minahasa "
                "Selatan Meity Kalangi.\n\n“Kami minta LO menyampaikan ke tim pasangan calon,” tegas Ketua KPU Minsel "
                "itu.\n\nSalah satu siswa yang ditemui usai acara mengaku baru pertama kali memilih. “Deg-degan juga, "
                "tapi sekarang sudah tahu caranya,” ujarnya.")
    assert [q["speaker"] for q in w["quotes"]] == ["Stevanus Lumowa", None]


def test_he_who_the_sentence_before_cites_goes_on_speaking(analyze):
    w = analyze("Menurut Raja Aulia, nilai tertinggi diraih Siti Nurhaliza dari Kecamatan Singkep dengan skor 88. Namun "
                "ia menegaskan nilai tes bukan satu-satunya penentu. “Integritas juga kami gali saat wawancara,” "
                "imbuhnya.")
    assert [q["speaker"] for q in w["quotes"]] == ["Raja Aulia"]


def test_bodies_of_a_regency_written_short_and_a_ministry_s_office(analyze):
    w = analyze("KPU Kabupaten Halmahera Selatan menggelar rapat bersama Bawaslu OKU, DPRD Polman, TNI AL dan Kepala "
                "Kantor Kementerian Agama Kabupaten Pamekasan. KPU Halsel juga mengundang GIDI.")
    names = [o["name"] for o in w["organizations"]]
    assert names == ["KPU Kabupaten Halmahera Selatan", "Bawaslu OKU", "DPRD Polman", "TNI AL",
                     "Kantor Kementerian Agama Kabupaten Pamekasan", "GIDI"]
    assert len(w["organizations"][0]["mentions"]) == 2
