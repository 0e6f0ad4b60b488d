"""Indonesian analysis: the index, the ranking and the highlighter must agree on every word."""

from __future__ import annotations

import re

from index.analyzer import WORD_PATTERN, name_analyzer, name_key, text_analyzer, text_term
from index.records import split_role
from index.search import person_id


def test_word_terms_agree_with_the_analyzer(gold):
    analyzer = text_analyzer()
    for record in gold[:20]:
        text = record["text"]
        by_analyzer = [t.text for t in analyzer(text)]
        by_words = [term for word in re.findall(WORD_PATTERN, text) if (term := text_term(word))]
        assert by_analyzer == by_words


def test_affixes_stop_words_accents_and_apostrophes():
    terms = lambda text: [t.text for t in text_analyzer()(text)]  # noqa: E731
    assert terms("pelantikan dilantik melantik") == ["lantik"] * 3
    assert terms("yang dan di") == []
    assert terms("Pidië PIDIE") == ["pidie", "pidie"]
    assert terms("Da'faf Da’faf") == ["dafaf", "dafaf"]


def test_phrase_positions_close_over_stop_words():
    positions = [(t.text, t.pos) for t in text_analyzer()("rapat di kantor", positions=True)]
    assert positions == [("rapat", 0), ("kantor", 1)]


def test_names_with_and_without_titles():
    tokens = [t.text for t in name_analyzer()("dr. SHODIQ TJAHJONO, S.Pd")]
    assert tokens == [t.text for t in name_analyzer()("Shodiq Tjahjono")] and len(tokens) == 2
    assert name_key("Drs. H. Da’faf Ali, M.Si.") == name_key("Da'faf Ali") == "dafaf ali"


def test_old_and_new_spellings_of_a_name_meet():
    same = [("Mochammad Afifuddin", "Muhammad Afifuddin"), ("Moh. Taufiq", "Muh. Taufik"),
            ("Shodiq Tjahjono", "Sodik Cahyono"), ("Soekarno", "Sukarno"), ("Djoko Santoso", "Joko Santoso"),
            ("Sjamsul Rizky", "Syamsul Rizki"), ("Achmad Ramadhan", "Ahmad Ramadan"), ("Jusuf", "Yusuf"),
            ("Abdurrahman Dzulkifli", "Abdurahman Zulkifli")]
    for old, new in same:
        assert name_key(old) == name_key(new), (old, new)
        assert [t.text for t in name_analyzer()(old)] == [t.text for t in name_analyzer()(new)]
    different = [("Ahmad Hidayat", "Ahmad Hidayah"), ("Dewi Lestari", "Dewi Lestiani"), ("Rina", "Rani")]
    for one, other in different:
        assert name_key(one) != name_key(other), (one, other)


def test_person_ids_are_stable_and_url_safe():
    assert person_id("SHODIQ TJAHJONO") == person_id("dr. Shodiq Tjahjono") == "shodiq-tjahjono"
    assert person_id("Sodik Cahyono") == "sodik-cahyono"  # readable as written; both ids find one person
    assert re.fullmatch(r"[a-z0-9-]+", person_id("I Gusti Ngurah Agung Pidië"))


def test_roles_split_into_position_body_and_region():
    assert split_role("Ketua KPU Kabupaten Probolinggo") == ("Ketua", "KPU Kabupaten Probolinggo", "Kabupaten Probolinggo")
    assert split_role("Sekretaris KPU") == ("Sekretaris", "KPU", "")
    assert split_role("Ketua Divisi Sosdiklih, Parmas dan SDM") == ("Ketua Divisi Sosdiklih, Parmas dan SDM", "", "")
    # One body, however its level is written; a division goes with the position.
    assert split_role("Sekretaris KPU Kab. Sleman")[1:] == split_role("Ketua KPU kab Sleman")[1:] == (
        "KPU Kabupaten Sleman", "Kabupaten Sleman")
    assert split_role("Anggota KPU RI Divisi Hukum") == ("Anggota Divisi Hukum", "KPU RI", "")
    assert split_role("Ketua (KPU) Kabupaten Agam") == ("Ketua", "KPU Kabupaten Agam", "Kabupaten Agam")
