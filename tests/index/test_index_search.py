"""Searching the seed and dev bulletins as analyzed: stemming, phrases, names, quotes, facets, filters, snippets."""

from __future__ import annotations

import re
from datetime import date

import pytest

from collections import Counter

from index import records
from index.analyzer import fold, text_term
from index.query import Filters, QueryError


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


def everything(searcher, query="", filters=Filters(), kind="articles", **kw):
    return searcher.search(query, filters, kind=kind, per_page=1000, **kw)


def count(stored, predicate) -> int:
    """How many stored (article, analysis) pairs satisfy ``predicate``."""
    return sum(1 for article, record in stored if predicate(article, record))


def speakers(stored) -> Counter:
    return Counter(q.speaker for _, rec in stored for q in records.quotes(rec, records.persons(rec)) if q.speaker)


def day(article, record) -> str:
    return article.published or record.get("published") or ""


def test_affixed_forms_of_one_stem_meet(searcher):
    results = [ids(everything(searcher, q)) for q in ("pelantikan", "dilantik", "melantik")]
    assert results[0] and results[0] == results[1] == results[2]
    found = everything(searcher, "pelantikan")
    for hit in found.hits:
        text = fold(searcher.article(hit.article_id)["text"] + " " + hit.title)
        assert "lantik" in text


def test_snippets_mark_the_matched_words(searcher):
    result = searcher.search("dilantik")
    marked = [m.lower() for hit in result.hits for m in re.findall(r"<mark>(.*?)</mark>", hit.snippet)]
    assert marked and all("lantik" in word for word in marked)


def test_exact_phrase_is_narrower_than_words(searcher):
    words = ids(everything(searcher, "rapat koordinasi"))
    phrase = everything(searcher, '"rapat koordinasi"')
    assert phrase.total and ids(phrase) <= words
    for hit in phrase.hits:
        text = fold(searcher.article(hit.article_id)["text"] + " " + hit.title)
        assert re.search(r"rapat\s+\w*koordinasi", text)


def test_names_match_in_any_case_and_with_titles(searcher):
    variants = [ids(everything(searcher, q)) for q in ("SHODIQ TJAHJONO", "Shodiq Tjahjono", "dr. Shodiq Tjahjono")]
    assert variants[0] and variants[0] == variants[1] == variants[2]


def test_apostrophe_variants_meet(searcher, stored):
    straight, curly = ids(everything(searcher, "Jum'at")), ids(everything(searcher, "Jum’at"))
    expected = count(stored, lambda a, r: re.search(r"Jum['’]at", a.text) is not None)
    assert straight == curly and len(straight) >= expected >= 2


def test_quote_search_by_speaker(searcher, stored):
    speaker, expected = speakers(stored).most_common(1)[0]
    result = everything(searcher, kind="quotes", filters=Filters(person=(speaker.upper(),)))
    assert result.total == expected > 1
    assert {hit.speaker for hit in result.hits} == {speaker}
    assert all(hit.kind == "quote" and hit.quote for hit in result.hits)
    by_name = everything(searcher, f"speaker:({speaker})", kind="quotes")
    assert ids(result) <= ids(by_name)


def test_quote_text_search_finds_the_quote(searcher):
    result = everything(searcher, "terbaik", kind="quotes")  # stem: baik
    assert result.total and all("baik" in hit.quote.lower() for hit in result.hits)


def test_facet_counts_follow_the_data(searcher, stored):
    result = searcher.search("", per_page=1)
    assert result.total == len(stored)
    events = dict(result.facets["event_type"])
    assert len(events) > 3
    for label, n in events.items():
        assert n == count(stored, lambda a, r: label in (r.get("event_types") or []))
    sites = dict(result.facets["site"])
    assert len(sites) > 1
    for site, n in sites.items():
        assert n == count(stored, lambda a, r: a.site == site)


def test_filters_combine_and_counts_follow_them(searcher, stored):
    pairs = Counter((a.site, e) for a, r in stored for e in r.get("event_types") or [])
    (site, event), expected = pairs.most_common(1)[0]
    result = everything(searcher, filters=Filters(event_type=(event,), site=(site,)))
    assert result.total == expected > 1
    assert dict(result.facets["site"]) == {site: expected}
    assert dict(result.facets["event_type"])[event] == expected
    assert all(hit.site == site and event in hit.event_types for hit in result.hits)


def test_values_within_a_facet_are_ored(searcher, stored):
    labels = {"pelantikan", "kampanye"}
    expected = count(stored, lambda a, r: labels & set(r.get("event_types") or []))
    assert everything(searcher, filters=Filters(event_type=tuple(labels))).total == expected > 0


def test_roles_are_faceted_by_position_and_by_body(searcher, stored):
    """"Ketua" counts every chair, of any body; "KPU Kabupaten X" every official of that body."""
    def with_role(test):
        return count(stored, lambda a, r: any(test(*records.split_role(role)) for p in records.persons(r)
                                              for role in p.roles))

    result = everything(searcher)
    positions, bodies = dict(result.facets["position"]), dict(result.facets["body"])
    assert positions["Ketua"] == with_role(lambda position, body, region: position.lower() == "ketua")
    assert positions["Ketua"] > dict(result.facets["role"]).get("Ketua", 0)  # more than the bare role "Ketua"
    body, n = max(bodies.items(), key=lambda item: item[1])
    assert n == with_role(lambda position, b, region: b.lower() == body.lower()) > 1
    chairs_of_body = everything(searcher, filters=Filters(position=("ketua",), body=(body,)))
    assert 0 < chairs_of_body.total <= min(positions["Ketua"], n)
    quotes = everything(searcher, kind="quotes", filters=Filters(position=("Ketua",)))
    assert quotes.total and all(hit.speaker_role and records.split_role(hit.speaker_role)[0].lower() == "ketua"
                                for hit in quotes.hits)


def test_a_place_as_written_or_by_its_bare_name(searcher):
    regencies = dict(everything(searcher).facets["regency"])
    full = next(name for name in regencies if name.startswith("Kabupaten "))
    bare = full.removeprefix("Kabupaten ")
    by = lambda *values: everything(searcher, filters=Filters(regency=values)).total  # noqa: E731
    assert by("Kab. " + bare) == by(full) == regencies[full]
    both = [name for name in (full, "Kota " + bare) if name in regencies]
    assert by(bare) == by(*both)  # every level of that name
    with pytest.raises(QueryError, match="unknown regency"):
        by("Kab. Atlantis")


def test_date_range_and_sort_by_date(searcher, stored):
    filters = Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    result = everything(searcher, filters=filters, sort="date")
    assert result.total == count(stored, lambda a, r: day(a, r).startswith("2023")) > 1
    days = [hit.published for hit in result.hits]
    assert days == sorted(days, reverse=True)
    assert all("2023-01-01" <= d <= "2023-12-31" for d in days)
    assert dict(result.facets["year"]) == {"2023": result.total}


def test_pagination_walks_the_same_ranking(searcher):
    whole = searcher.search("pemilu", per_page=10)
    first, second = searcher.search("pemilu", per_page=5), searcher.search("pemilu", per_page=5, page=2)
    assert [h.id for h in first.hits + second.hits] == [h.id for h in whole.hits]
    assert first.total == second.total == whole.total > 10


def test_did_you_mean(searcher):
    assert searcher.search("pelantkan").suggestion == "pelantikan"
    assert searcher.search("Lukman Hakm").suggestion == "Lukman Hakim"
    assert searcher.search("pelantikan").suggestion is None


@pytest.mark.parametrize("query", ['"rapat koordinasi', "(pemilu", "pemilu AND", "colour:red"])
def test_invalid_syntax_is_a_query_error(searcher, query):
    with pytest.raises(QueryError):
        searcher.search(query)


def test_unknown_facet_value_is_a_query_error(searcher, stored):
    name = Counter(p.name for _, r in stored for p in records.persons(r) if len(p.name) > 8).most_common(1)[0][0]
    with pytest.raises(QueryError, match=f"did you mean '{name}'"):
        searcher.search("", Filters(person=(name[:-2] + name[-1],)))  # one letter dropped
    with pytest.raises(QueryError):
        searcher.search("", Filters(event_type=("tidak_ada",)))


def test_impossible_date_range_is_refused():
    with pytest.raises(QueryError):
        Filters(date_from=date(2024, 1, 2), date_to=date(2024, 1, 1))


def test_histogram_counts_dated_matches_per_month(searcher, stored):
    months = searcher.histogram("", Filters())
    assert [m for m, _ in months] == sorted(m for m, _ in months)
    assert sum(c for _, c in months) == count(stored, lambda a, r: bool(day(a, r)))


def test_article_and_person_records(searcher, stored):
    from index.search import person_id

    hit = searcher.search("SHODIQ TJAHJONO").hits[0]
    article = searcher.article(hit.article_id)
    assert "SHODIQ TJAHJONO" in article["text"] and article["analysis"]["persons"]
    speaker = speakers(stored).most_common(1)[0][0]
    key = records.name_key(speaker)
    roles = {role for _, r in stored for p in records.persons(r) if p.key == key for role in p.roles}
    person = searcher.person(person_id(speaker))
    assert records.name_key(person["name"]) == key
    assert {r["role"] for r in person["roles"]} == roles
    assert all(r["count"] > 0 and (r["first"] or "") <= (r["last"] or "") for r in person["roles"])
    assert person["quotes"] and all(records.name_key(q.speaker) == key for q in person["quotes"])
    assert person["articles"] and all(key in map(records.name_key, a.persons) for a in person["articles"])
    assert sum(c for _, c in person["timeline"]) == count(stored, lambda a, r: bool(day(a, r)) and any(
        p.key == key for p in records.persons(r)))
    assert searcher.person("no-such-person") is None
    aliases = {a for _, r in stored for p in records.persons(r) if p.name == "Shodiq Tjahjono" for a in p.aliases}
    assert set(searcher.person(person_id("dr. SHODIQ TJAHJONO"))["aliases"]) == aliases


def test_phrase_and_boolean_matches_equal_whooshs_own_matchers(searcher, stored):
    """The numpy path (index/matching.py) finds exactly the documents Whoosh's matchers find."""
    import numpy as np

    from index.matching import query_mask

    texts = [article.text for article, _ in stored[:12]]
    phrases = []
    for text in texts:  # two- and three-word runs taken from the bulletins themselves
        words = re.findall(r"[A-Za-z]{4,}", text)
        phrases += [" ".join(words[3:5]), " ".join(words[10:13])]
    queries = [f'"{p}"' for p in phrases if any(map(text_term, p.split()))] + [
        '"komisi pemilihan umum"', '"rapat koordinasi" OR pemilu', 'pemilih NOT kampanye',
        '(rapat OR pelantikan) AND NOT "rapat koordinasi"', 'title:"rapat pleno"', 'pemil*', '"tidak ada pemilih"',
    ]
    live = searcher.arrays.live
    some = 0
    quotes = searcher.match_mask("", Filters(), "quotes")
    for query in queries:
        parsed = searcher.parse(query)
        expected = {d for d in searcher.searcher.docs_for_query(parsed) if live[d]}
        some += bool(expected)
        # Narrowed to one kind first (as filters are), then the whole index, then narrowed
        # again (from the phrase cache): always the documents Whoosh finds.
        for within in (quotes, live, quotes):
            found = set(np.nonzero(query_mask(searcher.postings, parsed, within.copy()))[0].tolist())
            assert found == {d for d in expected if within[d]}, query
    assert some >= len(queries) // 2  # the check is not vacuous


def test_every_field_prefix_alias_searches_its_field(searcher):
    from index.schema import FIELD_ALIASES

    by_field = {}
    for alias, field_name in FIELD_ALIASES.items():
        by_field.setdefault(field_name, []).append(alias)
    words = {"names": '"Lukman Hakim"', "title": "pelantikan", "body": "pelantikan", "roles": "ketua"}
    for field_name, aliases in by_field.items():
        results = [ids(everything(searcher, f"{alias}:{words[field_name]}")) for alias in aliases]
        assert results[0], field_name
        assert all(found == results[0] for found in results), aliases


@pytest.mark.parametrize("query, without_stop_words", [
    ('pelantikan dan "rapat koordinasi"', 'pelantikan "rapat koordinasi"'),
    ("rapat di kantor OR pelantikan", "rapat kantor OR pelantikan"),
    ("pukul 10.00 WIB", "10.00 WIB"),
    ("pemilu-di-kantor", "pemilu-kantor"),
    ("pelantikan NOT dan", "pelantikan"),
    ("pemilu NOT dan kampanye", "pemilu kampanye"),
    ("title:(rapat di internal)", "title:(rapat internal)"),
    ("dan OR di", ""),
])
def test_stop_words_do_not_constrain_a_query(searcher, query, without_stop_words):
    expected = everything(searcher, without_stop_words)
    assert expected.total > 0
    assert ids(everything(searcher, query)) == ids(expected)


def test_a_phrase_keeps_its_stop_words_in_place(searcher):
    phrase = everything(searcher, 'di "berkumpul di ruang rapat"')
    assert phrase.total and ids(phrase) == ids(everything(searcher, '"berkumpul di ruang rapat"'))
    for hit in phrase.hits:
        assert re.search(r"berkumpul\s+di\s+ruang\s+rapat", searcher.article(hit.article_id)["text"])


@pytest.mark.parametrize("query, expected", [
    ("title:pelantkan", "title:pelantikan"),
    ('speaker:"Lukman Hakm"', 'speaker:"Lukman Hakim"'),
    ('name:"Lukman Hakm"', 'name:"Lukman Hakim"'),
    ('(pelantkan "rapat koordinasi")', '(pelantikan "rapat koordinasi")'),
])
def test_did_you_mean_keeps_the_query_as_typed(searcher, query, expected):
    suggestion = searcher.search(query).suggestion
    assert suggestion == expected
    assert searcher.search(suggestion).total > 0


@pytest.mark.parametrize("query, complaint", [
    ("pelantikan NOT NOT rapat", "operator without a term"),
    ("pelantikan OR OR rapat", "operator without a term"),
    ("pelantikan AND OR rapat", "operator without a term"),
    ("pemilu (rapat NOT)", "operator without a term"),
    ("(OR rapat)", "operator without a term"),
    ("title:", "a field name needs a word"),
    ("title: pelantikan", "a field name needs a word"),
    ("pemilu (speaker:)", "a field name needs a word"),
    ('"yang dan" pemilu', "only common words"),
])
def test_malformed_operators_and_empty_prefixes_are_one_line_query_errors(searcher, query, complaint):
    with pytest.raises(QueryError) as error:
        searcher.search(query)
    assert complaint in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("query", [
    "pemilu AND NOT rapat", "NOT rapat pemilu", '(rapat OR pelantikan) AND NOT "rapat koordinasi"',
    'title:"rapat pleno" OR title:(rapat internal)', '"rapat OR" pemilu', '"rapat (pleno" pemilu',
    '"kegiatan pukul: 10.00"', 'name:"de la" pemilu',
])
def test_well_formed_operators_prefixes_and_phrases_are_accepted(searcher, query):
    searcher.search(query)


def test_one_person_however_the_bulletins_spell_the_name(settings, fill_archive):
    """Old and new spellings (Mochammad/Muhammad, Tjahjono/Cahyono) are one person: one facet value,
    one page with the other spelling as an alias, and quotes found by either spelling."""
    from index.search import Searcher, person_id
    from index.writer import update_index

    def bulletin(number: int, name: str, said: str) -> dict:
        return {"id": f"b{number}", "url": f"https://kpu.go.id/berita/baca/{number}/x", "title": f"Rapat {number}",
                "published": f"2024-0{number}-10", "text": f"{name} mengatakan: \u201c{said}\u201d",
                "persons": [{"name": name, "roles": ["Ketua KPU RI"]}], "quotes": [{"text": said, "speaker": name}]}

    fill_archive(settings, [bulletin(1, "Mochammad Afifuddin", "Tahapan berjalan lancar dan aman."),
                            bulletin(2, "Muhammad Afifuddin", "Logistik pemilu sudah tiba di gudang."),
                            bulletin(3, "Muhammad Afifudin", "Rekapitulasi selesai tepat waktu sesuai jadwal.")])
    update_index(settings)
    with Searcher(settings) as s:
        assert [name for name, _ in s.search("").facets["person"]] == ["Mochammad Afifuddin"]
        assert s.search("", Filters(person=("Muhammad Afifuddin",)), kind="quotes").total == 3
        assert s.search("Mochamad Afifudin", kind="quotes").total == 3
        person = s.person(person_id("Muhammad Afifudin"))
        assert person["name"] == "Mochammad Afifuddin" and person["quotes_total"] == 3
        assert sorted(person["aliases"]) == ["Muhammad Afifuddin", "Muhammad Afifudin"]
