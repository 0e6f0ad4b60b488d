"""The pipeline: Indonesian rules with a short curated exception list, all components in order."""

from nlp.pipeline import COMPONENTS, PIPELINE_VERSION


def test_components_in_order(nlp):
    assert nlp.lang == "id"
    assert nlp.pipe_names == [name for name, _ in COMPONENTS]
    assert PIPELINE_VERSION


def test_curated_exceptions_keep_titles_and_degrees_whole(nlp):
    words = [t.text for t in nlp.make_doc("Drs. Gede Suyasa, S.Pd., M.Si. dan Hj. Siti di Jl. Merdeka")]
    assert words == ["Drs.", "Gede", "Suyasa", ",", "S.Pd.", ",", "M.Si.", "dan", "Hj.", "Siti", "di", "Jl.", "Merdeka"]
    # the stock Indonesian list has ~16k entries and takes seconds to load; ours is short
    assert len(nlp.tokenizer.rules) < 2000


def test_metadata_reaches_the_components(analyze):
    text = "Rapat pleno digelar pada Rabu (29/3) di kantor KPU."
    assert analyze(text)["dates"] == []  # a day without a year, and nothing to take the year from
    dated = analyze(text, title="Rapat Pleno", published="2023-03-29")
    assert [d["date"] for d in dated["dates"]] == ["2023-03-29"]  # the year came from the page metadata


def test_letters_alone_have_no_suffix_or_infix_and_lower_case_no_prefix():
    # nlp/pipeline.py skips the suffix and infix patterns for strings of letters alone,
    # and the prefix pattern for strings that open with a lower-case letter
    import sys

    from spacy.lang.id import Indonesian
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    prefix = compile_prefix_regex(Indonesian.Defaults.prefixes).search
    suffix = compile_suffix_regex(Indonesian.Defaults.suffixes).search
    infixes = compile_infix_regex(Indonesian.Defaults.infixes).finditer
    letters = (chr(i) for i in range(sys.maxunicode + 1) if chr(i).isalpha())
    found = [s for c in letters for s in (c, "a" + c + "a", "Ab" + c) if suffix(s) or next(infixes(s), None)]
    assert found == []
    lower = (chr(i) for i in range(sys.maxunicode + 1) if chr(i).islower() and chr(i).isalpha())
    assert [s for c in lower for s in (c, c + "p", c + "$") if prefix(s)] == []


def test_tokens_are_spacys_own(nlp):
    # remembering and skipping affix searches changes no token
    from spacy.lang.id import Indonesian

    plain = Indonesian()
    plain.tokenizer.rules = nlp.tokenizer.rules
    text = ("Ketua KPU Kab. Probolinggo, Drs. H. Ahmad (55) membuka rapat pleno-nya, Senin (2/1/2023), "
            "di Aula \u201cGraha\u201d lt.2 pukul 09.00 WIB; biaya Rp50.000/orang... selesai!")
    for _ in range(2):  # the second time from what was remembered
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in plain.make_doc(text)]
