"""Persons and their roles, on sentences written the way KPU bulletins write them."""


def _person(warta, name):
    return next((p for p in warta["persons"] if p["name"] == name), None)


def test_titles_and_degrees_kept_apart_and_role_before_name(analyze):
    w = analyze("Ketua KPU Kabupaten Buleleng Komang Dudhi Udiyana melakukan koordinasi dengan "
                "Sekretaris Daerah Kabupaten Buleleng Drs Gede Suyasa, M.Pd, Rabu (6/7/2022).")
    komang = _person(w, "Komang Dudhi Udiyana")
    gede = _person(w, "Gede Suyasa")
    assert komang and komang["roles"] == ["Ketua KPU Kabupaten Buleleng"]
    assert gede and gede["titles"] == ["Drs", "M.Pd"]
    assert gede["roles"] == ["Sekretaris Daerah Kabupaten Buleleng"]


def test_short_form_and_spelling_variant_join_the_full_name(analyze):
    w = analyze("Ketua KPU Kabupaten Buleleng Komang Dudhi Udiyana hadir. Dalam rapat itu, Dudhi Udiayana "
                "menyampaikan anggaran. Dudhi menambahkan bahwa honor badan adhoc naik.")
    assert [p["name"] for p in w["persons"]] == ["Komang Dudhi Udiyana"]
    assert "Dudhi Udiayana" in w["persons"][0]["aliases"]
    assert len(w["persons"][0]["mentions"]) == 3


def test_all_caps_name_gets_normal_case_and_role_after_comma(analyze):
    w = analyze("“Kami siap melayani masyarakat dengan baik,” kata SHODIQ TJAHJONO, Kepala Dinas Kesehatan "
                "Kabupaten Probolinggo.")
    p = _person(w, "Shodiq Tjahjono")
    assert p is not None and "SHODIQ TJAHJONO" in p["aliases"]
    assert p["roles"] == ["Kepala Dinas Kesehatan Kabupaten Probolinggo"]


def test_role_after_selaku_and_inside_speech_cue(analyze):
    w = analyze("Pardiman, selaku Divisi Perencanaan, Data, dan Informasi KPU Boyolali menjelaskan tahapan. "
                "“Data kami perbarui setiap bulan,” kata Komisioner KPU Buleleng yang membidangi data pemilih, "
                "drh. Made Seriyasa.")
    assert _person(w, "Pardiman")["roles"] == ["Divisi Perencanaan, Data, dan Informasi KPU Boyolali"]
    made = _person(w, "Made Seriyasa")
    assert made["titles"] == ["drh."]
    assert made["roles"] == ["Komisioner KPU Buleleng yang membidangi data pemilih"]


def test_bylines_groups_and_places_are_not_persons(analyze):
    w = analyze("KPU Kabupaten Buleleng melantik anggota PPS di Desa Ringdikit Kecamatan Seririt. "
                "Pelantikan berlangsung khidmat. (Ikke/Foto KPU Buleleng/Kobe/hupmas)\n\nEditor: Rina Wulandari")
    assert w["persons"] == []


def test_event_names_are_not_persons(analyze):
    w = analyze("KPU Sleman menggelar rapat Penataan Dapil dan Malam Anugerah Keterbukaan bersama partai politik.")
    assert w["persons"] == []


def test_role_before_a_list_goes_to_every_name(analyze):
    w = analyze("Rapat dihadiri Anggota KPU Kabupaten Kapuas Agus Helmi, Jamilah Maisura dan Muntiara, "
                "serta Sekretaris Suhadi.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Agus Helmi": ["Anggota KPU Kabupaten Kapuas"], "Jamilah Maisura": ["Anggota KPU Kabupaten Kapuas"],
                     "Muntiara": ["Anggota KPU Kabupaten Kapuas"], "Suhadi": ["Sekretaris"]}


def test_list_of_name_role_pairs_keeps_each_role_with_its_name(analyze):
    w = analyze("Hadir pula Ketua Tim Kampanye Paslon 01, Supenpri, Koordinator Kampanye Paslon 02, Daniel Bitak, "
                "dan Kaban Kesbangpol, Marlina.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Supenpri": ["Ketua Tim Kampanye Paslon 01"], "Daniel Bitak": ["Koordinator Kampanye Paslon 02"],
                     "Marlina": ["Kaban Kesbangpol"]}


def test_two_roles_joined_by_sekaligus(analyze):
    w = analyze("Rapat dibuka oleh Akmaliyah, Anggota KPU Provinsi Jawa Tengah sekaligus Ketua Divisi Sosialisasi, "
                "Pendidikan Pemilih, dan Partisipasi Masyarakat, serta dimoderatori oleh staf.")
    assert w["persons"][0]["roles"] == ["Anggota KPU Provinsi Jawa Tengah",
                                        "Ketua Divisi Sosialisasi, Pendidikan Pemilih, dan Partisipasi Masyarakat"]


def test_roles_in_brackets_and_initials_in_names(analyze):
    w = analyze("Hadir Bapak Hanifa (Divisi Hukum dan Pengawasan), Bapak Patrudin (Divisi Teknis Penyelenggaraan). "
                "Materi disampaikan oleh MH Fatkhur Rohman yang mewakili KPU Lamongan.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles["Hanifa"] == ["Divisi Hukum dan Pengawasan"]
    assert roles["Patrudin"] == ["Divisi Teknis Penyelenggaraan"]
    assert "MH Fatkhur Rohman" in roles


def test_bodies_places_and_programs_named_like_people_are_not_persons(analyze):
    w = analyze("Pasangan calon diperiksa di RSUD Prof. Dr. Margono Soekarjo, Purwokerto. Lapas memaparkan program "
                "Lola Sahdu (Layanan Online Lapas Sadar Hukum) kepada tamu. Distribusi logistik menjangkau Bande Alit, "
                "Kecamatan Tempurejo.")
    assert w["persons"] == []


def test_pronouns_are_mentions_of_the_last_named_person(analyze):
    text = "Ketua KPU Jatim Choirul Anam membuka rapat. Ia menegaskan bahwa logistik sudah siap."
    w = analyze(text)
    assert [text[s:e] for s, e in w["persons"][0]["mentions"]] == ["Choirul Anam", "Ia"]


def test_dotted_initials_open_a_name_but_degrees_close_it(analyze):
    w = analyze("Hadir Kapolres Gowa R.T.S Simanjuntak dan materi disampaikan oleh MH.Fatkhur Rohman, "
                "didampingi Made Sumertana, S.H., M.Pd.")
    names = {p["name"]: p["titles"] for p in w["persons"]}
    assert names == {"R.T.S Simanjuntak": [], "MH. Fatkhur Rohman": [], "Made Sumertana": ["S.H.", "M.Pd."]}


def test_role_ending_before_a_titled_name(analyze):
    w = analyze("Ketua Timsel, Prof. Dr. H. Ahmad Alim Bachri, S.E., M.Si., menyampaikan hasil tes. "
                "Rombongan dipimpin Dekan Fakultas Ilmu Sosial dan Ilmu Politik, Dr. Drs. I Gusti Putu Bagus Suka "
                "Arjawa, M.Si.")
    got = {p["name"]: (p["titles"], p["roles"]) for p in w["persons"]}
    assert got == {
        "Ahmad Alim Bachri": (["Prof.", "Dr.", "H.", "S.E.", "M.Si."], ["Ketua Timsel"]),
        "I Gusti Putu Bagus Suka Arjawa": (["Dr.", "Drs.", "M.Si."], ["Dekan Fakultas Ilmu Sosial dan Ilmu Politik"]),
    }


def test_given_name_after_an_ad_hoc_body_stays_in_the_name(analyze):
    w = analyze("Pelantikan dipimpin Ketua PPS Ahmad Fauzan Hidayat di balai desa. "
                "Hadir pula Ketua KPU Muhammad Rizal Nugroho.")
    assert _person(w, "Ahmad Fauzan Hidayat")["roles"] == ["Ketua PPS"]
    assert _person(w, "Muhammad Rizal Nugroho")["roles"] == ["Ketua KPU"]


def test_short_form_with_its_own_apposition_is_its_own_person(analyze):
    w = analyze("Anggota PPS Wulan Maharani Putri membuka acara. Rani, warga setempat, mengaku senang.")
    names = sorted(p["name"] for p in w["persons"])
    assert names == ["Rani", "Wulan Maharani Putri"]


def test_all_caps_name_in_a_role_or_apposition_slot_is_a_person(analyze):
    w = analyze("Rapat dibuka oleh Ketua KPU Kabupaten Sikka, YOHANES BAPTISTA MOAT, dan dihadiri "
                "Wakil Bupati Sumedang HENDRA KURNIAWAN beserta jajaran.")
    assert _person(w, "Yohanes Baptista Moat")["roles"] == ["Ketua KPU Kabupaten Sikka"]
    assert _person(w, "Hendra Kurniawan")["roles"] == ["Wakil Bupati Sumedang"]



def test_role_given_in_passing_after_yang_juga(analyze):
    w = analyze("Ketua KPU Lombok Barat Riadi yang juga Ketua Divisi Hukum KPU Kab. Lombok Barat membuka acara. "
                "Anggota KPU Yanuk Sri Mulyani yang juga selaku Ketua Divisi Umum, Keuangan dan Logistik menerangkan.")
    assert _person(w, "Riadi")["roles"] == ["Ketua KPU Lombok Barat", "Ketua Divisi Hukum KPU Kab. Lombok Barat"]
    assert _person(w, "Yanuk Sri Mulyani")["roles"] == ["Anggota KPU", "Ketua Divisi Umum, Keuangan dan Logistik"]


def test_role_after_selaku_ends_before_the_next_name(analyze):
    w = analyze("Kegiatan dihadiri oleh Fitrah Syahdanul Selaku Ketua KPU Gowa dan Hasnawati selaku Koordinator "
                "Divisi Perencanaan.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Fitrah Syahdanul": ["Ketua KPU Gowa"], "Hasnawati": ["Koordinator Divisi Perencanaan"]}


def test_role_before_the_others_and_a_lowercase_region_word(analyze):
    w = analyze("Turut hadir Anggota KPU Kabupaten Kapuas lainnya yang juga turut hadir yaitu Agus Helmi, dan Muntiara. "
                "Anggota KPU kab Lamongan Nursalam S Kep, Ners. mengatakan hal itu. "
                "Acara yang dihadiri tamu yaitu Rina Wulandari ditutup pukul 12.00.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Agus Helmi": ["Anggota KPU Kabupaten Kapuas"], "Muntiara": ["Anggota KPU Kabupaten Kapuas"],
                     "Nursalam": ["Anggota KPU kab Lamongan"], "Rina Wulandari": []}


def test_long_role_with_an_acronym_in_brackets_before_the_name(analyze):
    w = analyze("Hal tersebut disampaikan oleh Ketua Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat, "
                "dan Sumber Daya Manusia Komisi Pemilihan Umum Daerah Istimewa Yogyakarta (KPU DIY), Sri Surani, "
                "Kamis (21/08/2025).")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles["Sri Surani"] == ["Ketua Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat, dan Sumber "
                                   "Daya Manusia Komisi Pemilihan Umum Daerah Istimewa Yogyakarta"]


def test_shortened_given_names_army_corps_and_clipped_short_forms(analyze):
    w = analyze("Ketua KPU Kabupaten Bantul, Moh. Nurul Huda, membuka rapat bersama Abd. Rahman. Hadir Dandim 0718 "
                "Letkol Inf. Eko Wahyudi. Anggota KPU RI, Mochammad Afifuddin, juga hadir. “Kami berharap seluruh "
                "jajaran bekerja dengan baik,” kata Afif.")
    people = {p["name"]: p for p in w["persons"]}
    assert set(people) == {"Moh. Nurul Huda", "Abd. Rahman", "Eko Wahyudi", "Mochammad Afifuddin"}
    assert people["Moh. Nurul Huda"]["roles"] == ["Ketua KPU Kabupaten Bantul"]
    assert people["Eko Wahyudi"]["titles"] == ["Letkol", "Inf."] and people["Eko Wahyudi"]["roles"] == ["Dandim 0718"]
    assert people["Mochammad Afifuddin"]["aliases"] == ["Afif"]
    assert w["quotes"][0]["speaker"] == "Mochammad Afifuddin"


def test_a_candidate_has_no_role_from_the_office_sought(analyze):
    w = analyze("Calon Wali Kota Batu, Nurochman, hadir dalam debat. Bakal Calon Bupati Blitar, Rijanto, mendaftar. "
                "Ahmad Rifai yang merupakan Ketua KPU Kabupaten Pasuruan membuka acara itu.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Nurochman": [], "Rijanto": [], "Ahmad Rifai": ["Ketua KPU Kabupaten Pasuruan"]}


def test_a_role_after_selaku_ends_before_the_next_office_or_person(analyze):
    w = analyze("Turut hadir Sutrisno selaku Camat Kraksaan dan Lurah Semampir, Andi Wijaya. Bapak Sugeng selaku "
                "Kepala Desa Sukamaju serta Ibu Wahyuni selaku Ketua PKK hadir.")
    roles = {p["name"]: p["roles"] for p in w["persons"]}
    assert roles == {"Sutrisno": ["Camat Kraksaan"], "Andi Wijaya": ["Lurah Semampir"],
                     "Sugeng": ["Kepala Desa Sukamaju"], "Wahyuni": ["Ketua PKK"]}


def test_noble_titles_keep_their_capitals(analyze):
    w = analyze("Acara dibuka oleh GKR Hemas di Yogyakarta. Sambutan KGPAA PAKU ALAM X mengatakan bahwa pemilu "
                "harus damai.")
    assert [p["name"] for p in w["persons"]] == ["GKR Hemas", "KGPAA Paku Alam X"]


def test_compound_positions_and_watchdog_bodies_stay_out_of_the_name(analyze):
    """"Direktur Eksekutif Perludem", "Ketua Harian", "Pelaksana Tugas": words of the office, not of the name."""
    w = analyze("Direktur Eksekutif Perludem Khoirunnisa Nur Agustyati menilai partisipasi pemilih harus dijaga. "
                "Pelaksana Tugas Sekretaris KPU Kabupaten Garut Budi Santoso membuka acara. Rina Wati, Pelaksana "
                "Harian Kepala Dinas Kesehatan, juga hadir.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {
        "Khoirunnisa Nur Agustyati": ["Direktur Eksekutif Perludem"],
        "Budi Santoso": ["Pelaksana Tugas Sekretaris KPU Kabupaten Garut"],
        "Rina Wati": ["Pelaksana Harian Kepala Dinas Kesehatan"]}
    assert "Perludem" in {o["name"] for o in w["organizations"]}


def test_one_all_caps_word_between_commas_after_a_role_is_a_name(analyze):
    w = analyze("Ketua KPU Kabupaten Pati, SUPRIYANTO, menyerahkan SK kepada anggota PPK. Hadir pula perwakilan "
                "partai, PDIP, GOLKAR, dan NASDEM, serta KPU, BAWASLU, dan POLRES.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {"Supriyanto": ["Ketua KPU Kabupaten Pati"]}


def test_numbered_military_commands_keep_their_number_and_the_rank_is_a_title(analyze):
    w = analyze("Hadir Dandim 0722/Kudus Letkol Inf Sentot Dwi Purnomo dan Kapolres Kudus AKBP Ronni Bonic. "
                "Budi Santoso, Danramil 05/Depok, juga hadir.")
    found = {p["name"]: (p["roles"], p["titles"]) for p in w["persons"]}
    assert found == {"Sentot Dwi Purnomo": (["Dandim 0722/Kudus"], ["Letkol", "Inf"]),
                     "Ronni Bonic": (["Kapolres Kudus"], ["AKBP"]), "Budi Santoso": (["Danramil 05/Depok"], [])}


def test_school_heads_field_officers_and_english_terms(analyze):
    w = analyze("Kepala SMA Negeri 1 Sewon, Drs. Bambang Sutrisno, M.Pd., menyambut baik kegiatan ini. Seleksi "
                "memakai metode Computer Assisted Test (CAT). Stiker ditempel oleh petugas Pantarlih, Yuli Yulianti, "
                "di pintu. Donor darah bersama Palang Merah Indonesia (PMI) Kabupaten Tanah Datar.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {
        "Bambang Sutrisno": ["Kepala SMA Negeri 1 Sewon"], "Yuli Yulianti": ["petugas Pantarlih"]}
    assert "Palang Merah Indonesia (PMI) Kabupaten Tanah Datar" in {o["name"] for o in w["organizations"]}


def test_religious_honorifics_adat_titles_and_batak_clan_names(analyze):
    w = analyze("Ketua Panwaslih Bireuen, Tgk. Zulfikar Ahmad, hadir. Ketua Majelis Jemaat Rantepao, Pdt. Yohanis "
                "Rante Allo, berpesan. “Pilihlah dengan hati nurani,” kata Pendeta Yohanis. Pengasuh pesantren, "
                "KH. Ahmad Muhsin Fauzi, menyambut. Menurut Kiai Muhsin, memilih itu ikhtiar. Hadir pula Zulkifli "
                "Dt. Rajo Malano. Kepala Dispusip, Rosmawati br. Simanjuntak, hadir. Rosmawati boru Simanjuntak "
                "menyampaikan apresiasi. Selama bulan Ramadhan, kegiatan tetap berjalan.")
    people = {p["name"]: p for p in w["persons"]}
    assert set(people) == {"Zulfikar Ahmad", "Yohanis Rante Allo", "Ahmad Muhsin Fauzi", "Zulkifli Dt. Rajo Malano",
                           "Rosmawati br. Simanjuntak"}
    assert people["Zulfikar Ahmad"]["titles"] == ["Tgk."] and people["Ahmad Muhsin Fauzi"]["titles"] == ["KH.", "Kiai"]
    assert w["quotes"][0]["speaker"] == "Yohanis Rante Allo"
    assert "Rosmawati boru Simanjuntak" in people["Rosmawati br. Simanjuntak"]["aliases"]


def test_a_season_name_is_a_name_only_within_a_full_name(analyze):
    w = analyze("Ketua KPU Kabupaten Bengkalis, Fajar Ramadhan, hadir. Ramadhan menambahkan bahwa arsip penting. "
                "Dalam suasana Ramadhan, Ketua KPU memimpin doa.")
    assert [(p["name"], p["aliases"]) for p in w["persons"]] == [("Fajar Ramadhan", ["Ramadhan"])]


def test_a_role_given_by_menjabat_or_merupakan_right_after_the_name(analyze):
    w = analyze("Bakal pasangan calon adalah Rahmat Pakaya dan Nurain Bakari. Rahmat saat ini menjabat Ketua DPD "
                "Partai Golkar Kabupaten Gorontalo. Sri Wahyuni Katili sebelumnya merupakan anggota DPRD Provinsi "
                "Gorontalo.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {
        "Rahmat Pakaya": ["Ketua DPD Partai Golkar Kabupaten Gorontalo"], "Nurain Bakari": [],
        "Sri Wahyuni Katili": ["anggota DPRD Provinsi Gorontalo"]}


def test_degrees_particles_and_acronyms_in_capitals_only(analyze):
    w = analyze("Rapat dipimpin Ketua KPU Kabupaten Sampang, H. Moh. Fauzan Adima, Lc., dan dibuka oleh Ketua KPU "
                "Kabupaten Paser, Aji Muhammad Arsyad, bersama AJI Kota Malang. Dekan Fakultas Ilmu Sosial, Dr. Risman "
                "Lasandara, M.A.P. Abdul Rauf menjelaskan, pemilu lancar. Hadir Danlanal Fakfak Letkol Laut Budi "
                "Santoso. Doa dipimpin Pnt. Yosua Mandagi. “Kami kuliah di luar pulau, Bu. Apakah kami bisa pindah memilih?” "
                "tanya Soziso Zebua. “Biarlah MK yang memutus,” kata Bupati Jayapura, Mathius Awoitauw.")
    people = {p["name"]: (p["roles"], p["titles"]) for p in w["persons"]}
    assert people == {
        "Moh. Fauzan Adima": (["Ketua KPU Kabupaten Sampang"], ["H.", "Lc."]),
        "Aji Muhammad Arsyad": (["Ketua KPU Kabupaten Paser"], []),
        "Risman Lasandara": (["Dekan Fakultas Ilmu Sosial"], ["Dr.", "M.A.P."]), "Abdul Rauf": ([], []),
        "Budi Santoso": (["Danlanal Fakfak"], ["Letkol", "Laut"]), "Yosua Mandagi": ([], ["Pnt."]),
        "Soziso Zebua": ([], []), "Mathius Awoitauw": (["Bupati Jayapura"], [])}
    assert "AJI Kota Malang" in {o["name"] for o in w["organizations"]}


def test_words_of_a_body_or_a_village_are_no_people(analyze):
    w = analyze("Hadir Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian (Diskominfo) Kabupaten Paser, "
                "Rudiansyah. Pemeriksaan dijadwalkan di RSUD Tenriawaru Bone. Sosialisasi bagi kader PKK Desa "
                "Yehembang, Kecamatan Mendoyo. Anggota KPU Provinsi Delfinus yang membidangi teknis hadir.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {
        "Rudiansyah": ["Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian (Diskominfo) Kabupaten Paser"],
        "Delfinus": ["Anggota KPU Provinsi"]}
    assert "RSUD Tenriawaru Bone" in {o["name"] for o in w["organizations"]}


def test_the_name_a_person_goes_by_is_an_alias(analyze):
    w = analyze("Ketua MABT Kabupaten Sambas, Bong Khiun Fo, yang akrab disapa Afo, menyambut baik kegiatan "
                "tersebut. Menurut Afo, partisipasi meningkat. “Kami siap membantu,” kata Afo.")
    assert [(p["name"], p["aliases"], len(p["mentions"])) for p in w["persons"]] == [("Bong Khiun Fo", ["Afo"], 4)]
    assert w["quotes"][0]["speaker"] == "Bong Khiun Fo"


def test_forms_of_address_priests_rivers_and_towns_are_no_names(analyze):
    w = analyze("Rombongan diterima oleh Vikaris Jenderal Keuskupan Ruteng, RD. Yohanes Nggarang, Pr., di aula. "
                "Pak Afrizal juga berharap KPU datang lagi. “Terima kasih, Pak. Kami siap,” kata Bu Sulastri. "
                "Logistik diangkut melalui Sungai Barito menuju Puruk Cahu dan tiba di Muara Teweh bersama Orang "
                "Muda Katolik.")
    assert {p["name"]: p["titles"] for p in w["persons"]} == {
        "Yohanes Nggarang": ["RD.", "Pr."], "Afrizal": ["Pak"], "Sulastri": ["Bu"]}
    assert "Sungai Barito" in {p["name"] for p in w["places"]}


def test_numbered_assistants_and_church_offices_are_roles(analyze):
    w = analyze("Hadir Asisten I Sekda Kabupaten Simeulue Hasrul Ahmadi. Rombongan diterima oleh Vikaris Jenderal "
                "Keuskupan Ruteng, RD. Yohanes Nggarang, Pr., di aula.")
    assert {p["name"]: p["roles"] for p in w["persons"]} == {
        "Hasrul Ahmadi": ["Asisten I Sekda Kabupaten Simeulue"],
        "Yohanes Nggarang": ["Vikaris Jenderal Keuskupan Ruteng"]}


def test_the_territory_after_an_office_is_a_place_not_part_of_the_name(analyze):
    w = analyze("Rapat dihadiri Camat Kotabunan Hendrik Pakasi Lumowa, Kapolsek Kotabunan Iptu Made Sutama, dan "
                "warga Desa Bulawan. Kepala Desa Bulawan menyampaikan terima kasih. Sebelumnya Panewu Playen "
                "Agus Setyo Wibowo membuka acara.")
    names = {p["name"] for p in w["persons"]}
    assert names == {"Hendrik Pakasi Lumowa", "Made Sutama", "Agus Setyo Wibowo"}
    assert _person(w, "Hendrik Pakasi Lumowa")["roles"] == ["Camat Kotabunan"]


def test_arts_peoples_venues_and_spelled_out_bodies_are_no_people(analyze):
    w = analyze("Festival menampilkan tari Serampang Duabelas dari Sanggar Seni Tuah Negeri, tokoh adat Dayak "
                "Kenyah dan pengelola Pos Lintas Batas Negara (PLBN) Entikong. Doa dipimpin imam Masjid Raya "
                "Nurul Iman Sambas. Warga yang bolak-balik Tebedu dan Entikong diajak memilih.")
    assert w["persons"] == []


def test_running_mates_by_ballot_number_and_names_in_capitals_in_running_text(analyze):
    w = analyze("Debat diikuti Paslon Nomor Urut 1 Rahmat Hidayat – Ir. Sumiati Lubis dan Paslon Nomor Urut 2 "
                "Zulkifli Anwar – Darmawati Siregar. Pasangan yang pertama mendaftar adalah HERMAN SUPRIADI dan "
                "YULIANA PAKPAHAN.")
    names = {p["name"] for p in w["persons"]}
    assert names == {"Rahmat Hidayat", "Sumiati Lubis", "Zulkifli Anwar", "Darmawati Siregar", "Herman Supriadi",
                     "Yuliana Pakpahan"}
    assert all(p["roles"] == [] for p in w["persons"])


def test_a_list_of_names_each_with_where_it_comes_from(analyze):
    w = analyze("Majelis didampingi tiga anggota TPD, yakni Hasan Basri dari unsur masyarakat, Rahmat Saleh dari "
                "unsur KPU Provinsi Aceh dan Nurlela dari unsur Bawaslu. Petugas bernama Sukarti juga hadir.")
    names = {p["name"] for p in w["persons"]}
    assert names == {"Hasan Basri", "Rahmat Saleh", "Nurlela", "Sukarti"}


def test_a_nickname_given_to_an_office_joins_the_person_named_before(analyze):
    w = analyze("Ketua KPU Kota Bekasi Ali Syaifa Abdullah membuka acara. Menurut Ketua KPU yang akrab disapa "
                "Bang Ali itu, DPT naik. Warga yang akrab disapa Mbah Karto juga hadir.")
    ali = _person(w, "Ali Syaifa Abdullah")
    assert ali and "Bang Ali" in ali["aliases"] and "Mbah Karto" not in ali["aliases"]
    assert [p["name"] for p in w["persons"]] == ["Ali Syaifa Abdullah", "Mbah Karto"]


def test_a_role_before_a_list_goes_on_past_brackets_and_where_each_comes_from(analyze):
    w = analyze("Pelantikan didampingi Anggota KPU Kabupaten Pidie masing-masing Rusli Hasan (Divisi Hukum), "
                "Fitri Yanti (Divisi Teknis) serta Zainal Abidin. Sidang dipimpin Anggota Tim Pemeriksa Daerah "
                "Provinsi Aceh, yakni Marzuki Daud dari unsur masyarakat, Safrizal Ahmad dari unsur KPU dan Nurul "
                "Huda dari unsur Bawaslu.")
    for name in ("Rusli Hasan", "Fitri Yanti", "Zainal Abidin"):
        assert "Anggota KPU Kabupaten Pidie" in _person(w, name)["roles"], name
    assert _person(w, "Rusli Hasan")["roles"] == ["Anggota KPU Kabupaten Pidie", "Divisi Hukum"]
    for name in ("Marzuki Daud", "Safrizal Ahmad", "Nurul Huda"):
        assert _person(w, name)["roles"] == ["Anggota Tim Pemeriksa Daerah Provinsi Aceh"], name


def test_two_roles_in_a_row_before_a_name_and_a_misspelt_office(analyze):
    w = analyze("Anggota KPU Sleman Ketua Divisi Hukum dan Pengawasan Arif Wibowo menjelaskan aturan itu. "
                "Hadir pula Sekretris KPU Sleman, Budi Hartono, dan Pdt. Yosua Tarigan, Praeses GBKP Klasis Medan.")
    assert _person(w, "Arif Wibowo")["roles"] == ["Anggota KPU Sleman", "Ketua Divisi Hukum dan Pengawasan"]
    assert {p["name"] for p in w["persons"]} == {"Arif Wibowo", "Budi Hartono", "Yosua Tarigan"}
    assert _person(w, "Yosua Tarigan")["roles"] == ["Praeses GBKP Klasis Medan"]


def test_roles_joined_by_selaku_and_roles_of_teams_and_parties_to_a_case(analyze):
    w = analyze("Anggota KPU Wajo selaku Koordinator Divisi Hukum, Andi Tenri Ajeng, S.H., memimpin sidang. "
                "Ketua tim pemenangan paslon nomor urut 2, Hendra Gunawan, dan Kuasa hukum pemohon, Ahmad Rais, "
                "hadir bersama operator sekretariat KPU Wajo, Rudi Hartono.")
    assert _person(w, "Andi Tenri Ajeng")["roles"] == ["Anggota KPU Wajo", "Koordinator Divisi Hukum"]
    assert _person(w, "Hendra Gunawan")["roles"] == ["Ketua tim pemenangan paslon nomor urut 2"]
    assert _person(w, "Ahmad Rais")["roles"] == ["Kuasa hukum pemohon"]
    assert _person(w, "Rudi Hartono")["roles"] == ["operator sekretariat KPU Wajo"]


def test_towns_buildings_forms_and_customary_heads(analyze):
    w = analyze("Ketua PPK Muara Bangkahulu, Yohanes Lung, hadir di Masjid Agung Baitul Izzah Tanjung Redeb. "
                "Lewat simulasi, warga membawa formulir model A-Surat Pindah. Mereka diterima Jaro Pamarentah Desa "
                "Kanekes, Saija Sarnata. “Kami hormati aturan negara,” kata Jaro Saija.\n\n“Bisa diurus,” jelas "
                "Gung Raka, sapaan akrab Anak Agung Gede Raka Putra.")
    assert [p["name"] for p in w["persons"]] == ["Yohanes Lung", "Saija Sarnata", "Anak Agung Gede Raka Putra"]
    assert [q["speaker"] for q in w["quotes"]] == ["Saija Sarnata", "Anak Agung Gede Raka Putra"]


def test_speeches_heads_of_schools_a_body_s_town_and_a_name_cut_off(analyze):
    w = analyze("Rombongan diterima Kepala sekolah Sumarno di ruang kerjanya. Ketua KPU Sulawesi Hasbullah dalam "
                "sambutannya menegaskan pentingnya data. Kunjungan ke Lapas Kelas IIA Purwokerto diterima jajaran "
                "pejabat; perwakilan Lapas Purwokerto menyampaikan jumlah petugas. Materi dipaparkan Bapak Abdul "
                "Rohman. Penutupan oleh Bapak Abdul Roh")
    assert [p["name"] for p in w["persons"]] == ["Sumarno", "Hasbullah", "Abdul Rohman"]
    assert _person(w, "Sumarno")["roles"] == ["Kepala sekolah"]
    assert "Abdul Roh" in _person(w, "Abdul Rohman")["aliases"]


def test_a_body_s_role_before_yaitu_goes_to_each_office_and_name_of_its_list(analyze):
    w = analyze("Turut hadir Komisioner KPU Solok, yaitu Ketua Divisi Teknis Penyelenggaraan Yosrizal, Ketua Divisi "
                "Hukum dan Pengawasan Nofi Andri dan Sekretaris Daerah Kabupaten Solok Medison. Bertindak selaku "
                "Inspektur Upacara adalah Ketua KPU Solok Afrizal Tanjung.")
    assert _person(w, "Yosrizal")["roles"] == ["Komisioner KPU Solok", "Ketua Divisi Teknis Penyelenggaraan"]
    assert _person(w, "Nofi Andri")["roles"] == ["Komisioner KPU Solok", "Ketua Divisi Hukum dan Pengawasan"]
    assert _person(w, "Medison")["roles"] == ["Sekretaris Daerah Kabupaten Solok"]
    assert _person(w, "Afrizal Tanjung")["roles"] == ["Ketua KPU Solok"]


def test_bugis_names_and_a_one_word_name_that_is_also_a_district(analyze):
    w = analyze("Ketua Tim Pemenangan, Mursalim Pua' Lolo, hadir bersama Andi Sompa' Dg. Nai. Ketua PPK Kecamatan "
                "Way Lima, Jaya, meminta peserta berlatih. Camat Way Lima, Badau, tidak hadir.")
    assert [p["name"] for p in w["persons"]] == ["Mursalim Pua' Lolo", "Andi Sompa' Dg. Nai", "Jaya"]
    assert _person(w, "Jaya")["roles"] == ["Ketua PPK Kecamatan Way Lima"]


def test_witnesses_voter_list_officers_liaisons_and_where_an_office_is_held(analyze):
    w = analyze("Rekapitulasi disaksikan saksi Partai Golkar, Lim Swie Hoa, dan Pantarlih Desa Pura Utara, Marlina "
                "Djobo. Hadir pula penghubung pasangan calon, Norhasanah. Ia memberikan kuasa kepada Rizal Maulana, "
                "S.H., advokat pada Lembaga Bantuan Hukum (LBH) Rakyat Banten.")
    assert _person(w, "Lim Swie Hoa")["roles"] == ["saksi Partai Golkar"]
    assert _person(w, "Marlina Djobo")["roles"] == ["Pantarlih Desa Pura Utara"]
    assert _person(w, "Norhasanah")["roles"] == ["penghubung pasangan calon"]
    assert _person(w, "Rizal Maulana")["roles"] == ["advokat pada Lembaga Bantuan Hukum (LBH) Rakyat Banten"]


def test_names_of_valleys_regencies_of_two_words_ages_and_names_once_taken_for_words(analyze):
    w = analyze("Koordinator wilayah Lembah Gumanti mengajak warga. Ketua Bawaslu Kabupaten Muara Enim Dedy Irawan "
                "membuka sidang. Teradu adalah anggota KPU Barsel masing-masing Erliana, Yusran Tuah dan Drs. Simon "
                "Nahan. Hadir anggota KPU yakni Ramlah Pakaya dan Yulianus Marian Kogoya. Salah satu tenaga lipat, "
                "Mama Rambu Kahi (52), mengaku senang. Logistik untuk Kecamatan Banda yang merupakan wilayah terjauh "
                "dilepas Pasi Ops Kapten Inf. La Ode Safiuddin. Atasan PPID hadir.")
    names = [p["name"] for p in w["persons"]]
    assert names == ["Dedy Irawan", "Erliana", "Yusran Tuah", "Simon Nahan", "Ramlah Pakaya", "Yulianus Marian Kogoya",
                     "Rambu Kahi", "La Ode Safiuddin"]
    assert _person(w, "Erliana")["roles"] == ["anggota KPU Barsel"]
    assert _person(w, "Rambu Kahi")["titles"] == ["Mama"]


def test_lists_with_a_name_in_capitals_a_titled_name_like_a_city_and_roles_held_before(analyze):
    w = analyze("Hadir anggota KPU Bone Bolango yakni Ramlah Pakaya, YUSUF MOHAMAD dan Fadli Tuli, Sekretaris KPU Bone "
                "Bolango Hj. Nurhayati Katili. Pleno didampingi anggota KPU Simalungun Rosdiana br Sinaga, Ir. Medan "
                "Purba dan Daniel Damanik. Sementara anggota KPU Kabupaten Ciamis lainnya, Rizal Fauzi, mencoklit "
                "warga. Rahmat Djafar yang sebelumnya bertugas sebagai Ketua PPK Bulango Utara mengeluhkan honor.")
    for name in ("Ramlah Pakaya", "Yusuf Mohamad", "Fadli Tuli"):
        assert _person(w, name)["roles"] == ["anggota KPU Bone Bolango"], name
    assert _person(w, "Nurhayati Katili")["roles"] == ["Sekretaris KPU Bone Bolango"]
    for name in ("Medan Purba", "Daniel Damanik"):
        assert _person(w, name)["roles"] == ["anggota KPU Simalungun"], name
    assert _person(w, "Rizal Fauzi")["roles"] == ["anggota KPU Kabupaten Ciamis"]
    assert _person(w, "Rahmat Djafar")["roles"] == ["Ketua PPK Bulango Utara"]


def test_police_units_stand_in_the_role_not_in_the_name(analyze):
    w = analyze("Hadir Kaur Binops Bagop Polresta Denpasar dan Intelkam 1 Polda Jawa Timur AKBP Asmoro.")
    assert [p["name"] for p in w["persons"]] == ["Asmoro"]
    assert "Polda Jawa Timur" in [o["name"] for o in w["organizations"]]


def test_nicknames_regencies_in_capitals_before_names_and_names_of_ports_and_hospitals(analyze):
    w = analyze("Ketua KPU Kabupaten Tangerang MUHAMMAD RIDWAN HAKIM, S.H.I., memimpin pelantikan. Simulasi dipandu "
                "Agus Wibowo alias Mas Bowo, anggota PPK Jaten. Ketua Bawaslu OKU Dodi Kurniawan, S.H. hadir bersama "
                "Lurah Sungai Daeng Fitriyani, S.E. Rombongan juga bertemu Ketua Bawaslu Polman St. Hadidjah dan "
                "Nenek Rahmatiah (91). Logistik dilepas dari Pelabuhan Yos Sudarso Dobo oleh Danlanal Dobo Letkol "
                "Laut (P) Ricky Kalobeng. Pemeriksaan kesehatan di RSUP dr. Wahidin Sudirohusodo Makassar.\\n\\n"
                "Sementara itu Ach. Faisol Ramdhani memaparkan tahapan. Faisol, yang oleh para santri akrab disapa "
                "Ra Faisol, mengajak santri memilih. “Sekitar 60 persen untuk honor,” jelas pria yang akrab disapa "
                "Ra Faisol itu.")
    assert [p["name"] for p in w["persons"]] == [
        "Muhammad Ridwan Hakim", "Agus Wibowo", "Dodi Kurniawan", "Fitriyani", "St. Hadidjah", "Rahmatiah",
        "Ricky Kalobeng", "Ach. Faisol Ramdhani"]
    assert "Mas Bowo" in _person(w, "Agus Wibowo")["aliases"]
    assert "Ra Faisol" in _person(w, "Ach. Faisol Ramdhani")["aliases"]
    assert _person(w, "Fitriyani")["roles"] == ["Lurah Sungai Daeng"]


def test_deputy_commanders_members_by_their_side_and_heads_of_a_pesantren(analyze):
    w = analyze("Dandim 0510/Tigaraksa yang diwakili Kasdim Mayor Inf. Asep Saepudin dan Kapolres Tapin yang diwakili "
                "Wakapolres Kompol Hendra Gunawan hadir, bersama Kasrem 102 Panju Panjung. Zulkifli Rasyid selaku anggota "
                "TPD unsur KPU Provinsi Riau memeriksa berkas. Turut hadir pengasuh pondok KH. Abd. Mujib Syafi'i.")
    assert [p["name"] for p in w["persons"]] == ["Asep Saepudin", "Hendra Gunawan", "Zulkifli Rasyid",
                                                 "Abd. Mujib Syafi'i"]
    assert _person(w, "Asep Saepudin")["roles"] == ["Kasdim"]
    assert _person(w, "Hendra Gunawan")["roles"] == ["Wakapolres"]
    assert _person(w, "Zulkifli Rasyid")["roles"] == ["anggota TPD unsur KPU Provinsi Riau"]
    assert _person(w, "Abd. Mujib Syafi'i")["roles"] == ["pengasuh pondok"]


def test_glued_titles_forms_of_address_classes_islands_and_priests(analyze):
    w = analyze("Anggota KPU Kabupaten Bogor Hj.Euis Komariah menyampaikan data. Rombongan mendatangi rumah Abah Oman "
                "Rukmana (74) di Kelurahan Nagri Kidul bersama Lurah Nagri Kidul Neneng Yuliani. Sebanyak 350 siswa "
                "kelas XII IPS hadir di Kompleks Perkantoran Pemkab, lalu Ketua Komisi Informasi Hi. Ahmad Rosadi, "
                "dosen Universitas Islam Nahdlatul Ulama, menyerahkan piagam kepada anggota KPU Demak Divisi Teknis "
                "Muhammad Kudus. Ombak di Laut Flores tinggi, TPS di Gili Meno dan Gili Air siap. Romo Yosef Kalo, Pr "
                "ikut memilih.")
    assert [p["name"] for p in w["persons"]] == ["Euis Komariah", "Oman Rukmana", "Neneng Yuliani", "Ahmad Rosadi",
                                                 "Muhammad Kudus", "Yosef Kalo"]
    assert _person(w, "Euis Komariah")["titles"] == ["Hj."]
    assert _person(w, "Yosef Kalo")["titles"] == ["Romo", "Pr"]
    assert _person(w, "Neneng Yuliani")["roles"] == ["Lurah Nagri Kidul"]
    assert "Kabupaten Kudus" not in [p["name"] for p in w["places"]]


def test_a_nickname_after_an_address_form_and_after_the_quote_of_its_owner(analyze):
    w = analyze("Rombongan dipimpin Ketua KPU Kutai Barat YOSEFINA LUSI,S.Pd. Dalam audiensi Yosefina menyampaikan "
                "bahwa dana hibah telah ditandatangani. Pencairan diharapkan sebelum Desember. \"Januari kami sudah "
                "harus rekrut PPK. Honor harus siap,\" jelas wanita yang akrab disapa Mama Yosi ini.\n\nKetua KPU "
                "Sidrap, Andi Muhammad Ridwan, S.Sos yang akrab disapa Puang Ridwan, membuka rakor.")
    assert [p["name"] for p in w["persons"]] == ["Yosefina Lusi", "Andi Muhammad Ridwan"]
    assert "Mama Yosi" in _person(w, "Yosefina Lusi")["aliases"]
    assert "Puang Ridwan" in _person(w, "Andi Muhammad Ridwan")["aliases"]


def test_a_parish_priest_and_the_chair_of_a_numbered_polling_station(analyze):
    w = analyze("Di Kelurahan Beru, Pastor Paroki Beru Romo Yosef Kalo, Pr ikut memilih. Ketua KPPS 012 Kelurahan "
                "Bagan Hulu, Raja Azmi mengaku bimtek lebih detail.")
    assert _person(w, "Yosef Kalo")["roles"] == ["Pastor Paroki Beru"]
    assert _person(w, "Raja Azmi")["roles"] == ["Ketua KPPS 012 Kelurahan Bagan Hulu"]


def test_district_names_ending_in_kota_names_in_capitals_alone_and_lists_with_brackets(analyze):
    w = analyze("Longsor menutup jalan di Kecamatan Palembayan. Turut hadir Ketua PPK Garut Kota Lia Amelia dan Ketua "
                "PPK Palembayan ZULKIFLI menyebut akses sulit. "
                "Sertijab dari pejabat lama SUPRIYADI, S.E. kepada Hendra Saputra. Rapat didampingi anggota KPU Agam "
                "masing-masing Syafrizal (Divisi Teknis), Nofrianti (Divisi Hukum) dan Zulhendri. Salah satu bacaleg, "
                "Wulan Sari, berdomisili di Pekon Way Mengaku. Simulasi dipandu Rizky Amalia dan Dimas Aditya, lalu "
                "Ketua KPU M. Arief Pranata dan Ketua DPRD Hj. A. Tenri Ajeng hadir. Ketua DPRD Andi Tenri Ajeng "
                "berharap partisipasi naik. “Kami minta dibuka C Hasil-nya,” ujar Ajengan Mamad.")
    names = [p["name"] for p in w["persons"]]
    assert names == ["Lia Amelia", "Zulkifli", "Supriyadi", "Hendra Saputra", "Syafrizal", "Nofrianti", "Zulhendri",
                     "Wulan Sari", "Rizky Amalia", "Dimas Aditya", "M. Arief Pranata", "Andi Tenri Ajeng", "Mamad"]
    assert _person(w, "Lia Amelia")["roles"] == ["Ketua PPK Garut Kota"]
    assert "A. Tenri Ajeng" in _person(w, "Andi Tenri Ajeng")["aliases"]


def test_staff_sections_deputy_heads_schools_a_degree_between_commas_and_a_clipped_nickname(analyze):
    w = analyze("Dandim 0620 yang diwakili Pasi Ter hadir bersama Kepala SMA Negeri 1 Lasem Drs. Sutrisno Hadi, M.Pd dan "
                "Wakasek Kesiswaan Ibu Lestari Rahayu. Dalam sambutannya Pak Tris, sapaan akrab kepala sekolah, "
                "berterima kasih. Kegiatan serupa digelar di MA Al Hidayah Lasem. Kepala Badan Pengelolaan Keuangan "
                "(BPKAD) Berau Fitriani, S.E. hadir bersama Syahbandar Bula, Muhammad Rumalutur, dan Pastor Paroki "
                "Bajawa, RD. Yosef Dhae Ngole, Pr, yang mendukung. Ketua KPU Pinrang Andi Muh. Fadli Yunus memantau "
                "TPS; A. Fadli menyebut semua lancar.")
    assert [p["name"] for p in w["persons"]] == ["Sutrisno Hadi", "Lestari Rahayu", "Fitriani", "Muhammad Rumalutur",
                                                 "Yosef Dhae Ngole", "Andi Muh. Fadli Yunus"]
    assert _person(w, "Lestari Rahayu")["roles"] == ["Wakasek Kesiswaan"]
    assert _person(w, "Muhammad Rumalutur")["roles"] == ["Syahbandar Bula"]
    assert "Pr" in _person(w, "Yosef Dhae Ngole")["titles"]
