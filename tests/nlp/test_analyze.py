"""``warta analyze``: JSON Lines in and out, the archive, and bad or strange input."""

import json
import subprocess
import sys

import pytest

from crawler.archive import Archive, Article
from nlp import analyze as analyze_mod
from nlp.analyze import analyze_archive, analyze_files, analyze_item
from nlp.pipeline import PIPELINE_VERSION, analyze_doc

BULLETIN = ("Singaraja, kab-buleleng.kpu.go.id – Ketua KPU Kabupaten Buleleng Komang Dudhi Udiyana membuka "
            "rapat koordinasi, Rabu (6/7/2022). “Kami siap melaksanakan seluruh tahapan dengan baik,” ujar Dudhi.")


def _write(path, items):
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")


def test_files_one_record_per_line_in_order(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, [{"id": "b", "text": BULLETIN, "title": "Rapat"}, {"id": "a", "text": ""}, {"id": 3, "text": "Halo."}])
    assert analyze_files(str(src), str(out)) == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["b", "a", 3]
    first = records[0]
    assert set(first) >= {"id", "published", "persons", "organizations", "places", "dates", "quotes", "event_types"}
    assert first["persons"][0]["name"] == "Komang Dudhi Udiyana"
    assert first["quotes"][0]["speaker"] == "Komang Dudhi Udiyana"
    assert first["quotes"][0]["role"] == "Ketua KPU Kabupaten Buleleng"
    s, e = first["persons"][0]["mentions"][0]
    assert BULLETIN[s:e] == "Komang Dudhi Udiyana"


def test_malformed_line_is_named_and_nothing_written(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        analyze_files(str(src), str(out))
    assert not out.exists()
    src.write_text('{"text": "tanpa id"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="id"):
        analyze_files(str(src), str(out))


def test_cli_reads_stdin_and_writes_stdout(tmp_path):
    line = json.dumps({"id": "x", "text": BULLETIN}, ensure_ascii=False) + "\n"
    proc = subprocess.run([sys.executable, "-m", "warta.cli", "analyze", "--input", "-", "--output", "-"],
                          input=line.encode("utf-8"), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout.decode("utf-8"))
    assert record["id"] == "x" and record["persons"]
    bad = subprocess.run([sys.executable, "-m", "warta.cli", "analyze", "--input", "-", "--output", "-"],
                         input=b"not json\n", capture_output=True, timeout=120)
    assert bad.returncode == 1 and b"line 1" in bad.stderr


@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    "<p>Ketua KPU <b>Budi Santoso</b> membuka rapat.</p><script>alert(1)</script>&nbsp;&amp;",
    "The General Elections Commission said on Monday that \"all ballots were counted\", its chair said.",
    "KPU Kabupaten Probolinggo menggelar rapat. \u00e2\u0080\u009cKami siap\u00e2\u0080\u009d ujar Ã¢â‚¬Å“Ketua.",
    "“Kalimat pertama tanpa penutup. “Kalimat kedua juga tanpa penutup ” dan ‘ satu lagi \" lalu ” sendiri.",
    "\x00\x01 KPU \ufffd\ufffd Rabu (31/2/2023) 99/99/9999 “”",
])
def test_strange_input_gives_a_valid_record(text):
    record = analyze_item({"id": "r", "text": text})
    json.dumps(record)
    for q in record["quotes"]:
        assert 0 <= q["start"] < q["end"] <= len(text)
    for p in record["persons"]:
        for s, e in p["mentions"]:
            assert 0 <= s < e <= len(text)


def test_html_remnants_and_invisible_characters_are_read_through():
    """Entities and zero-width characters from other tools: the quote keeps its marks, the name
    its second word, and every offset still points into the text as given."""
    text = ("Ketua KPU Kabupaten Sleman, Trapsi\u200b Haryadi, mengatakan, &ldquo;Pemilih wajib membawa KTP "
            "elektronik.&rdquo;&nbsp;Hal itu disampaikan Rabu (29/3/2023).\n\nAnggota KPU Sleman, "
            "Nur&nbsp;Hi\u00addayat, menegaskan &quot;Semua TPS siap digunakan besok pagi,&quot; ujarnya.")
    record = analyze_item({"id": "h", "text": text, "title": "Rapat &amp; sosialisasi"})
    people = {p["name"]: [text[s:e] for s, e in p["mentions"]] for p in record["persons"]}
    assert people == {"Trapsi Haryadi": ["Trapsi\u200b Haryadi"], "Nur Hidayat": ["Nur&nbsp;Hi\u00addayat"]}
    quotes = [(q["text"], q["speaker"], text[q["start"]:q["end"]]) for q in record["quotes"]]
    assert quotes == [
        ("Pemilih wajib membawa KTP elektronik.", "Trapsi Haryadi",
         "&ldquo;Pemilih wajib membawa KTP elektronik.&rdquo;"),
        ("Semua TPS siap digunakan besok pagi", "Nur Hidayat", "&quot;Semua TPS siap digunakan besok pagi,&quot;")]
    assert [[text[s:e] for s, e in d["mentions"]] for d in record["dates"]] == [["Rabu (29/3/2023)"]]


def test_text_over_a_million_characters():
    text = (BULLETIN + " ") * (1_100_000 // (len(BULLETIN) + 1))  # past spaCy's default limit
    assert len(text) > 1_000_000
    record = analyze_item({"id": "big", "text": text})
    assert "error" not in record
    assert record["persons"][0]["name"] == "Komang Dudhi Udiyana"
    assert len(record["persons"]) == 1
    assert len(record["quotes"]) == text.count("“")


def test_a_long_run_of_punctuation_is_not_split_char_by_char():
    """spaCy's affix rules split such a run one character at a time (quadratic: 8,000 dashes took 17 s)."""
    text = "Ketua KPU Kota Batu Nurul Aini membuka rapat.\n" + "-" * 20_000 + "“" * 5_000 + "\nSelesai."
    doc = analyze_doc(text)
    assert len(doc) < 40
    record = analyze_item({"id": "art", "text": text})
    assert [p["name"] for p in record["persons"]] == ["Nurul Aini"]


def test_a_bulletin_the_pipeline_fails_on_is_reported_and_the_others_go_on(tmp_path, monkeypatch):
    real = analyze_mod.analyze_doc

    def failing(text, meta=None, nlp=None):  # an unforeseen bug on one bulletin
        if "RUSAK" in text:
            raise RuntimeError("unexpected token")
        return real(text, meta, nlp)

    monkeypatch.setattr(analyze_mod, "analyze_doc", failing)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                             [("a", BULLETIN), ("b", "RUSAK " + BULLETIN), ("c", BULLETIN)]), encoding="utf-8")
    assert analyze_files(str(src), str(tmp_path / "out.jsonl")) == 3
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == ["a", "b", "c"]
    assert out[1]["error"] == "RuntimeError: unexpected token" and out[1]["persons"] == []
    assert out[0]["persons"] and out[2]["persons"] and "error" not in out[2]


def test_archive_analysis_is_incremental(settings):
    with Archive(settings.archive_path) as archive:
        archive.save_articles([
            Article(url=f"https://kab-buleleng.kpu.go.id/berita/{i}", site="kab-buleleng.kpu.go.id",
                    text=BULLETIN if i % 2 else "KPU Buleleng menggelar rapat pleno.", title=f"Berita {i}")
            for i in range(5)
        ])
    summary = analyze_archive(settings, workers=2, batch=2)  # three batches over two worker processes
    assert "analyzed 5" in summary
    with Archive(settings.archive_path) as archive:
        assert archive.count_to_analyze(PIPELINE_VERSION) == 0
        record = archive.get_analysis(2)
        assert record["persons"][0]["name"] == "Komang Dudhi Udiyana"
        archive.save_articles([Article(url="https://kab-buleleng.kpu.go.id/berita/0", site="kab-buleleng.kpu.go.id",
                                       text="Ketua KPU Buleleng Komang Dudhi Udiyana melantik PPS.", title="Berita 0")])
    assert "analyzed 1" in analyze_archive(settings, workers=1)
    assert "nothing to analyze" in analyze_archive(settings)


def test_text_with_thousands_of_names_and_quotes():
    syllables = [c + v for c in "bdgklmnprst" for v in "aiu"]
    names = [f"{syllables[i % 33].capitalize()}{syllables[(i * 7) % 33]}{syllables[(i * 13) % 33]}" for i in range(3000)]
    text = " ".join(f"“Kami siap melayani semua pemilih,” ujar Ketua KPU {a} {b}." for a, b in zip(names, names[1:]))
    record = analyze_item({"id": "many", "text": text})
    assert len(record["quotes"]) == 2999
    assert all(q["speaker"] for q in record["quotes"])
