"""Error messages speak the page's language, and every wrong address gets a clear answer."""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from warta.cli import main
from webapp.i18n import MESSAGES_ID

ROOT = Path(__file__).resolve().parents[2]


def shown_error(response) -> str:
    found = re.search(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)
    assert found, response.get_data(as_text=True)[:500]
    return html.unescape(found.group(1))


@pytest.mark.parametrize("query, indonesian, english", [
    ("page=abc", "page harus bilangan bulat, bukan 'abc'", "page must be a whole number, not 'abc'"),
    ("page=-1", "page paling kecil 1, bukan -1", "page must be at least 1, not -1"),
    ("page=0", "page paling kecil 1, bukan 0", "page must be at least 1, not 0"),
    ("per_page=500", "per_page harus antara 1 dan 100", "per_page must be between 1 and 100"),
    ("page=99999999999999999999999", "terlalu jauh", "too deep"),
    ("from=2024-13-01", "from harus tanggal seperti", "from must be a date like"),
    ("from=2024&to=2023", "rentang tanggal mustahil: 2024-01-01 sesudah 2023-12-31",
     "impossible date range: 2024-01-01 is after 2023-12-31"),
    ("q=%22unclosed", "tanda kutip tidak berpasangan", "unbalanced quotation mark"),
    ("q=nama:budi", "kolom 'nama' tidak dikenal", "unknown field 'nama'"),
    ("event_type=bogus", "Jenis kegiatan tidak dikenal: 'bogus'", "unknown event type: 'bogus'"),
    ("person=Nobody+Known", "Tokoh tidak dikenal: 'Nobody Known'", "unknown person: 'Nobody Known'"),
    ("sort=popular", "sort harus salah satu dari", "sort must be one of"),
])
def test_wrong_search_parameters_are_explained_in_the_page_language(client, query, indonesian, english):
    for path in ("/search", "/quotes"):
        page = client.get(f"{path}?{query}")
        assert page.status_code == 400, (path, query)
        assert indonesian in shown_error(page)
        assert "Permintaan tidak valid" in page.get_data(as_text=True)
    for path in ("/search", "/quotes"):  # lang=en is remembered in a cookie, so English comes second
        page = client.get(f"{path}?{query}&lang=en")
        assert page.status_code == 400 and english in shown_error(page)


def test_the_api_answers_in_english_unless_asked_for_indonesian(client):
    assert "page must be at least 1" in client.get("/api/search?page=-1").json["error"]
    assert "page paling kecil 1" in client.get("/api/search?page=-1&lang=id").json["error"]
    assert "parameter 'colour' tidak dikenal" in client.get("/api/search?colour=red&lang=id").json["error"]
    missing = client.get("/api/articles/999999999", query_string={"lang": "id"})
    assert missing.status_code == 404 and missing.json["error"] == "tidak ada berita dengan id 999999999"


@pytest.mark.parametrize("path", ["/api/articles/abc", "/api/nothing-here", "/api/people/"])
def test_unknown_api_addresses_get_a_json_404_that_points_to_the_description(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.is_json
    assert "see /openapi.json" in response.json["error"] and path in response.json["error"]


def test_unknown_pages_say_so_in_the_page_language(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and shown_error(page) == "Tidak ada halaman di alamat ini."
    person = client.get("/people/nobody-at-all")
    assert person.status_code == 404 and "tidak ada tokoh dengan id 'nobody-at-all'" in shown_error(person)
    assert shown_error(client.get("/no/such/page?lang=en")) == "There is no page at this address."
    article = client.get("/articles/999999999?lang=en")
    assert article.status_code == 404 and shown_error(article) == "no bulletin with id 999999999"


def _raised_templates() -> set[str]:
    """Every message template raised or shown by the web app and the search side of index/."""
    call = re.compile(r'(?:QueryError|ParamError|message)\(\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)')
    literal = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
    templates = set()
    for path in [*ROOT.glob("webapp/**/*.py"), ROOT / "index/search.py", ROOT / "index/query.py"]:
        for literals in call.findall(path.read_text()):
            templates.add("".join(literal.findall(literals)))  # adjacent literals are one string
    return templates


def test_every_error_template_has_an_indonesian_translation_with_the_same_values():
    templates = _raised_templates()
    assert len(templates) > 30
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for template in templates:
        assert template in MESSAGES_ID, template
        assert fields(MESSAGES_ID[template]) == fields(template), template


def test_serve_refuses_a_data_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "typo"
    result = CliRunner().invoke(main, ["--data", str(missing), "serve", "--port", "0"])
    assert result.exit_code == 1
    assert f"no Warta data folder at {missing}" in result.output
    assert not missing.exists()


def test_a_page_past_the_last_names_the_list_in_the_page_language(client):
    from index.search import person_id

    response = client.get(f"/api/people/{person_id('Lukman Hakim')}?apage=50&per_page=2")
    assert response.status_code == 400 and "there is no page 50 of bulletins" in response.json["error"]
    response = client.get(f"/api/people/{person_id('Lukman Hakim')}?qpage=50&per_page=2&lang=id")
    assert response.status_code == 400 and "tidak ada halaman 50 kutipan" in response.json["error"]
