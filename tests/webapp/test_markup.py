"""Building markup from offsets and snippets, and the chart's time buckets."""

from __future__ import annotations

import html
import random
import re

from index.analyzer import name_term
from index.snippets import WORD, _judge, snippet
from webapp.chart import bar_chart, fill_buckets
from webapp.markup import Span, analysis_spans, highlight, safe_snippet, safe_url


def test_nested_spans_nest_and_crossing_spans_are_dropped():
    text = "KPU Kabupaten Probolinggo <b>"
    spans = [Span(0, 25, "org", "KPU Kabupaten Probolinggo"), Span(4, 25, "place", "Kabupaten Probolinggo"),
             Span(20, 27, "person", "crosses")]
    assert str(highlight(text, spans)) == (
        '<mark class="ent-org" title="KPU Kabupaten Probolinggo">KPU <mark class="ent-place" '
        'title="Kabupaten Probolinggo">Kabupaten Probolinggo</mark></mark> &lt;b&gt;')


def test_labels_and_text_are_escaped():
    text = '<script>x</script> "Ali"'
    out = str(highlight(text, [Span(20, 23, "person", '"><img onerror=1>')]))
    assert out.startswith("&lt;script&gt;x&lt;/script&gt;")
    assert 'title="&#34;&gt;&lt;img onerror=1&gt;"' in out and "<img" not in out


def test_invalid_offsets_from_a_record_are_ignored():
    record = {"persons": [{"name": "A", "mentions": [[5, 2], [-1, 3], [0, 99], ["x", 1], [0, 1]]}],
              "quotes": [{"speaker": "A", "start": None, "end": 3}, {"speaker": "A", "start": 1, "end": 3}]}
    assert analysis_spans(record, 10) == [Span(0, 1, "person", "A"), Span(1, 3, "quote", "A")]


def test_snippets_keep_only_mark_tags():
    assert str(safe_snippet("a <mark>b</mark> &lt;script&gt; <b>c</b> & d")) == \
        "a <mark>b</mark> &lt;script&gt; &lt;b&gt;c&lt;/b&gt; &amp; d"
    assert str(safe_snippet("<mark>open")) == "<mark>open</mark>"
    assert str(safe_snippet("</mark>x")) == "x"


def test_search_snippets_mark_every_whole_word_that_matches_and_nothing_else():
    """Whole words only: not inside a longer word, nor a part of one joined by an apostrophe ("KPU'nya")."""
    assert snippet("KPU kpu2 KPU'nya xkpu kpu_a Kpu’s kpu.", {"kpu"}) == (
        "<mark>KPU</mark> kpu2 KPU'nya xkpu kpu_a Kpu’s <mark>kpu</mark>.")
    rng = random.Random(7)
    letters = list("aeiklmnpst") + ["é", "_", "1", "'", "’", "`", " ", " ", " ", ",", ".", "\n", "“", "”", "-"]
    for _ in range(300):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 80)))
        words = WORD.findall(text)
        if not words:
            continue
        terms = frozenset(rng.sample(sorted({name_term(w) or "x" for w in words}), 1))
        matches = _judge(terms)  # which words match the terms (folded or stemmed) is not what is tested here
        marked = re.findall(r"<mark>(.*?)</mark>", snippet(text, set(terms), max_chars=10_000))
        assert marked == [html.escape(w, quote=False) for w in words if matches(w)], (text, terms)


def test_only_http_links_are_links():
    assert safe_url("https://jatim.kpu.go.id/berita/1") == "https://jatim.kpu.go.id/berita/1"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example", "http://", None):
        assert safe_url(bad) is None


def test_months_are_filled_and_long_spans_become_years():
    assert fill_buckets([("2023-01", 2), ("2023-03", 1)]) == ("month", [("2023-01", 2), ("2023-02", 0), ("2023-03", 1)])
    unit, years = fill_buckets([("2013-05", 1), ("2023-02", 3), ("2023-07", 2), ("bogus", 9)])
    assert unit == "year" and years[0] == ("2013", 1) and years[-1] == ("2023", 5) and len(years) == 11
    assert str(bar_chart([], "t")) == ""
    svg = str(bar_chart([("2023-01", 2)], "<t>", link=lambda unit, key: f"/search?{unit}={key}&x=1"))
    assert "<title id=\"chart-title\">&lt;t&gt;</title>" in svg and 'href="/search?month=2023-01&amp;x=1"' in svg
