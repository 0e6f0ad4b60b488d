"""The Whoosh schema, and where an index lives on disk.

One index holds two kinds of documents: articles, and quotes (one document per
quotation, carrying its speaker and the article's place, date, site and event
types). Facet values are not Whoosh fields: every document carries one packed
column of facet value ids (see ``index/facets.py``), which is what makes facet
counting fast.

On disk, ``<index_dir>/CURRENT`` names the live generation directory; a
rebuild writes a new generation and switches ``CURRENT`` with an atomic rename,
so a crash half way leaves the previous index in place.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from whoosh import columns, fields

from index.analyzer import name_analyzer, text_analyzer

ARTICLE, QUOTE = "article", "quote"
KIND_OF = {"articles": ARTICLE, "quotes": QUOTE}

# Query prefixes users may type (person:..., title:...) -> schema field.
FIELD_ALIASES = {
    "title": "title", "text": "body", "body": "body", "person": "names", "name": "names",
    "speaker": "names", "role": "roles",
}


def build_schema() -> fields.Schema:
    text = text_analyzer()
    names = name_analyzer()
    return fields.Schema(
        doc_id=fields.ID(unique=True, stored=True),
        parent=fields.ID(),  # article id, shared by the article and its quotes (for deletion)
        kind=fields.ID(stored=True),
        title=fields.TEXT(analyzer=text, field_boost=2.0),
        body=fields.TEXT(analyzer=text),
        names=fields.TEXT(analyzer=names, field_boost=1.5),
        roles=fields.TEXT(analyzer=text),
        facets=fields.COLUMN(columns.VarBytesColumn()),
        hit=fields.STORED(),  # the plain dict a Hit is built from
    )


class IndexLocation:
    """The generation directories under ``index_dir`` and the CURRENT pointer."""

    def __init__(self, index_dir: Path) -> None:
        self.root = Path(index_dir)

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    def current(self) -> Path | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def new_generation(self) -> Path:
        path = self.root / f"gen-{time.time_ns()}"
        (path / "whoosh").mkdir(parents=True)
        return path

    def switch_to(self, generation: Path) -> None:
        """Point CURRENT at ``generation`` atomically, then drop older generations."""
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(generation.name)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.pointer)
        for other in self.root.glob("gen-*"):
            if other != generation and other.is_dir():
                _remove_tree(other)


def _remove_tree(path: Path) -> None:
    import shutil

    # Readers that still have files open keep them (POSIX); new readers follow CURRENT.
    shutil.rmtree(path, ignore_errors=True)
