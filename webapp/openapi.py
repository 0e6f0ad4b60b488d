"""The OpenAPI 3 description of the JSON API, built from the same parameter lists the API checks."""

from __future__ import annotations

from index.query import SORTS
from webapp.params import EXPORT_FORMATS, FILTER_PARAMS, MAX_PER_PAGE, MAX_QUERY_CHARS, PERSON_PER_PAGE

FILTER_HELP = {
    "person": "person's name", "role": "role as written", "position": "position of a role, e.g. Ketua",
    "body": "body of a role, e.g. KPU Kabupaten Sleman", "org": "organization", "place": "place at any level",
    "province": "province", "regency": "regency or city", "event_type": "event type code (e.g. pelantikan)",
    "site": "site host, e.g. jatim.kpu.go.id", "year": "year, e.g. 2023", "month": "month, e.g. 2023-01",
}


def _param(name: str, description: str, schema: dict, repeat: bool = False, where: str = "query") -> dict:
    param = {"name": name, "in": where, "description": description, "required": where == "path"}
    if repeat:
        param.update(schema={"type": "array", "items": schema}, style="form", explode=True)
    else:
        param["schema"] = schema
    return param


LANG = _param("lang", "language of error messages: en (the API's default) or id (Indonesian)",
              {"type": "string", "enum": ["en", "id"], "default": "en"})


def search_parameters(paged: bool = True) -> list[dict]:
    params = [_param("q", "search words; quotes for phrases, AND/OR/NOT", {"type": "string", "maxLength": MAX_QUERY_CHARS})]
    params += [_param(name, f"filter by {FILTER_HELP.get(name, name)}; repeat for OR", {"type": "string"}, repeat=True)
               for name in FILTER_PARAMS]
    params += [
        _param("from", "earliest date: YYYY-MM-DD, YYYY-MM or YYYY", {"type": "string"}),
        _param("to", "latest date: YYYY-MM-DD, YYYY-MM or YYYY (a month or year means its end)", {"type": "string"}),
    ]
    params.append(LANG)
    params.append(_param("sort", "order of results (and of export rows): relevance by default when q has search "
                                 "words, date (newest first) when it has none", {"type": "string", "enum": list(SORTS)}))
    if paged:
        params += [
            _param("page", "page number (400 past the last page)", {"type": "integer", "minimum": 1, "default": 1}),
            _param("per_page", "results per page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                    "default": 20}),
        ]
    return params


def person_parameters() -> list[dict]:
    page = {"type": "integer", "minimum": 1, "default": 1}
    return [
        _param("id", "person id (from the person links)", {"type": "string"}, where="path"),
        _param("qpage", "page of the person's quotes (400 past the last page)", page),
        _param("apage", "page of the bulletins that mention the person (400 past the last page)", page),
        _param("per_page", "quotes, and bulletins, per page", {"type": "integer", "minimum": 1,
                                                                "maximum": MAX_PER_PAGE, "default": PERSON_PER_PAGE}),
        LANG,
    ]


ERROR = {"description": "wrong parameters", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
NOT_FOUND = {"description": "not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def openapi_document() -> dict:
    from index.export import EXPORT_KINDS

    hit = {"type": "object", "properties": {
        "kind": {"type": "string", "enum": ["article", "quote"]}, "id": {"type": "string"},
        "article_id": {"type": "integer"}, "title": {"type": "string"}, "url": {"type": "string"},
        "site": {"type": "string"}, "published": {"type": "string", "nullable": True},
        "snippet": {"type": "string", "description": "escaped HTML with <mark> around matches"},
        "score": {"type": "number"}, "persons": {"type": "array", "items": {"type": "string"}},
        "event_types": {"type": "array", "items": {"type": "string"}},
        "places": {"type": "array", "items": {"type": "string"}},
        "quote": {"type": "string", "nullable": True}, "speaker": {"type": "string", "nullable": True},
        "speaker_role": {"type": "string", "nullable": True}}}
    search_result = {"type": "object", "properties": {
        "kind": {"type": "string"}, "query": {"type": "string"}, "filters": {"type": "object"},
        "sort": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
        "per_page": {"type": "integer"}, "pages": {"type": "integer"},
        "suggestion": {"type": "string", "nullable": True},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": {"type": "object", "description": "facet name -> [[value, count], ...], most frequent first",
                   "additionalProperties": {"type": "array", "items": {"type": "array"}}},
        "histogram": {"type": "array", "description": "[[YYYY-MM, count], ...]", "items": {"type": "array"}}}}
    counted = {"type": "array", "items": {"type": "array"}, "description": "[[value, count], ...]"}
    person = {"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
        "roles": {"type": "array", "items": {"type": "object", "properties": {
            "role": {"type": "string"}, "count": {"type": "integer"},
            "first": {"type": "string", "nullable": True}, "last": {"type": "string", "nullable": True}}}},
        "quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"},
                   "description": "page qpage of the person's quotes, newest first"},
        "quotes_total": {"type": "integer"}, "quotes_page": {"type": "integer"}, "quotes_pages": {"type": "integer"},
        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"},
                     "description": "page apage of the bulletins that mention the person, newest first"},
        "articles_total": {"type": "integer"}, "articles_page": {"type": "integer"},
        "articles_pages": {"type": "integer"}, "per_page": {"type": "integer"},
        "timeline": {**counted, "description": "[[YYYY-MM, bulletins], ...]"},
        "co_people": {"type": "array", "items": {"type": "array"}, "description": "[[name, person id, count], ...]"},
        "co_orgs": counted, "sites": counted}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Warta API", "version": "0.1.0",
                 "description": "Search the archived press bulletins of Indonesia's election commission (KPU). "
                                "Every page of the web app has a JSON twin here with the same parameters. "
                                "Errors are {\"error\": message, \"status\": code}: 400 for wrong parameters, "
                                "404 for unknown ids and addresses; messages in English unless lang=id."},
        "paths": {
            "/api/search": {"get": {"summary": "Search bulletins", "parameters": search_parameters(),
                                    "responses": {"200": _json("SearchResult", "one page of bulletins, facets, histogram"),
                                                  "400": ERROR}}},
            "/api/quotes": {"get": {"summary": "Search quotes", "parameters": search_parameters(),
                                    "responses": {"200": _json("SearchResult", "one page of quotes, facets, histogram"),
                                                  "400": ERROR}}},
            "/api/articles/{id}": {"get": {"summary": "One bulletin with its analysis",
                                           "parameters": [_param("id", "bulletin id", {"type": "integer"}, where="path")],
                                           "responses": {"200": {"description": "the bulletin"}, "404": NOT_FOUND}}},
            "/api/people/{id}": {"get": {"summary": "One person: roles, timeline, company, sites, and one page each "
                                                    "of every quote and every bulletin, newest first",
                                         "parameters": person_parameters(),
                                         "responses": {"200": _json("Person", "the person"), "400": ERROR,
                                                       "404": NOT_FOUND}}},
            "/api/export/{kind}": {"get": {
                "summary": "Every row of a table for a search, unpaged and streamed",
                "parameters": [_param("kind", "table to export", {"type": "string", "enum": list(EXPORT_KINDS)},
                                      where="path"),
                               _param("format", "file format", {"type": "string", "enum": list(EXPORT_FORMATS),
                                                                "default": "csv"})] + search_parameters(paged=False),
                "responses": {"200": {"description": "the file", "content": {
                    "text/csv": {}, "application/x-ndjson": {},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, "400": ERROR}}},
        },
        "components": {"schemas": {
            "Hit": hit, "SearchResult": search_result, "Person": person,
            "Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
        }},
    }
