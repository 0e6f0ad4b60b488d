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
