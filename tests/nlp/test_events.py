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
