"""Searching the gold archive: stemming, phrases, names, quotes, facets, filters, snippets."""

from __future__ import annotations

import re
from datetime import date

import pytest

from index.analyzer import fold
from index.query import Filters, QueryError


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


def everything(searcher, query="", filters=Filters(), kind="articles", **kw):
    return searcher.search(query, filters, kind=kind, per_page=1000, **kw)


def gold_count(gold, predicate) -> int:
    return sum(1 for record in gold if predicate(record))


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


def test_apostrophe_variants_meet(searcher, gold):
    straight, curly = ids(everything(searcher, "Jum'at")), ids(everything(searcher, "Jum’at"))
    expected = gold_count(gold, lambda r: re.search(r"Jum['’]at", r["text"]) is not None)
    assert straight == curly and len(straight) >= expected >= 2


def test_quote_search_by_speaker(searcher, gold):
    expected = sum(1 for r in gold for q in r["quotes"] if q.get("speaker") == "Lukman Hakim")
    result = everything(searcher, kind="quotes", filters=Filters(person=("LUKMAN HAKIM",)))
    assert result.total == expected > 0
    assert {hit.speaker for hit in result.hits} == {"Lukman Hakim"}
    assert all(hit.kind == "quote" and hit.quote for hit in result.hits)
    by_name = everything(searcher, "speaker:lukman", kind="quotes")
    assert ids(result) <= ids(by_name)


def test_quote_text_search_finds_the_quote(searcher):
    result = everything(searcher, "terbaik", kind="quotes")  # stem: baik
    assert result.total and all("baik" in hit.quote.lower() for hit in result.hits)


def test_facet_counts_follow_the_data(searcher, gold):
    result = searcher.search("", per_page=1)
    assert result.total == len(gold)
    events = dict(result.facets["event_type"])
    for label, count in events.items():
        assert count == gold_count(gold, lambda r: label in r["event_types"])
    sites = dict(result.facets["site"])
    assert len(sites) > 1
    for site, count in sites.items():
        assert count == gold_count(gold, lambda r: r["site"] == site)


def test_filters_combine_and_counts_follow_them(searcher, gold):
    filters = Filters(event_type=("rapat_koordinasi",), site=("jatim.kpu.go.id",))
    expected = gold_count(gold, lambda r: "rapat_koordinasi" in r["event_types"] and r["site"] == "jatim.kpu.go.id")
    result = everything(searcher, filters=filters)
    assert result.total == expected > 0
    assert dict(result.facets["site"]) == {"jatim.kpu.go.id": expected}
    assert dict(result.facets["event_type"])["rapat_koordinasi"] == expected


def test_values_within_a_facet_are_ored(searcher, gold):
    filters = Filters(event_type=("pelantikan", "kampanye"))
    expected = gold_count(gold, lambda r: {"pelantikan", "kampanye"} & set(r["event_types"]))
    assert everything(searcher, filters=filters).total == expected


def test_date_range_and_sort_by_date(searcher, gold):
    filters = Filters(date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    result = everything(searcher, filters=filters, sort="date")
    assert result.total == gold_count(gold, lambda r: (r.get("published") or "").startswith("2023"))
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


def test_unknown_facet_value_is_a_query_error(searcher):
    with pytest.raises(QueryError, match="did you mean 'Lukman Hakim'"):
        searcher.search("", Filters(person=("Lukman Hakm",)))
    with pytest.raises(QueryError):
        searcher.search("", Filters(event_type=("tidak_ada",)))


def test_impossible_date_range_is_refused():
    with pytest.raises(QueryError):
        Filters(date_from=date(2024, 1, 2), date_to=date(2024, 1, 1))


def test_histogram_counts_dated_matches_per_month(searcher, gold):
    months = searcher.histogram("", Filters())
    assert [m for m, _ in months] == sorted(m for m, _ in months)
    assert sum(c for _, c in months) == gold_count(gold, lambda r: bool(r.get("published")))


def test_article_and_person_records(searcher, gold):
    hit = searcher.search("SHODIQ TJAHJONO").hits[0]
    article = searcher.article(hit.article_id)
    assert "SHODIQ TJAHJONO" in article["text"] and article["analysis"]["persons"]
    from index.search import person_id

    person = searcher.person(person_id("Lukman Hakim"))
    assert person["name"] == "Lukman Hakim"
    assert {r["role"] for r in person["roles"]} >= {"Ketua KPU Kabupaten Probolinggo"}
    assert person["quotes"] and all(q.speaker == "Lukman Hakim" for q in person["quotes"])
    assert all("Lukman Hakim" in a.persons for a in person["articles"])
    assert sum(c for _, c in person["timeline"]) == len(person["articles"])
    assert searcher.person("no-such-person") is None
