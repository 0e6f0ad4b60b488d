"""A faster Whoosh segment writer for Warta's own analyzers (same files, same postings).

Whoosh's ``SegmentWriter`` spends most of its time per posting in Python:
a ``Token`` object per word pushed through the analyzer chain, a size estimate
and a tuple per posting in its external sorting pool, a sort of every posting
at commit, and at write time a lookup of the document's field length in the
column file it has just written. ``BulkSegmentWriter`` keeps Whoosh's codec
and on-disk format, and changes only how postings reach it:

- fields analyzed by ``index.analyzer.text_analyzer``/``name_analyzer`` are
  turned into terms by one regex pass and the cached word -> term function
  (the exact terms and positions the analyzer gives; a test compares them);
- postings are grouped per term as they come (arrays, not tuples), so commit
  sorts the terms of the batch, not its postings;
- field lengths are kept in memory for the postings' block statistics.

Postings merged in from older segments (Whoosh's merge policy) still go through
Whoosh's own spilling pool; when there are any, both streams are merged in
term order. Memory grows with the postings of one batch of new documents.
"""

from __future__ import annotations

import heapq
import re
from array import array
from collections.abc import Callable, Iterator

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer, RegexTokenizer
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.compat import dumps
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.analyzer import WORD_PATTERN, TermFilter, name_term, text_term

WORD = re.compile(WORD_PATTERN)


def term_function(field) -> Callable[[str], str | None] | None:
    """The cached word -> term function equivalent to ``field``'s analyzer, or None if it is not one of ours."""
    analyzer = getattr(field, "analyzer", None)
    if type(getattr(field, "format", None)) is not formats.Positions:
        return None
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 2:
        return None
    tokenizer, term_filter = analyzer.items
    if not (isinstance(tokenizer, RegexTokenizer) and tokenizer.expression.pattern == WORD_PATTERN
            and type(term_filter) is TermFilter):
        return None
    if getattr(tokenizer, "gaps", False):
        return None
    return name_term if term_filter.names else text_term


def term_positions(text: str, to_term: Callable[[str], str | None]) -> dict[str, list[int]]:
    """Each term of ``text`` with its positions as deltas (first position, then gaps), as Whoosh encodes them.

    Positions are numbered as ``TermFilter`` numbers them: the first kept word
    keeps its place among all words, later ones follow it one by one, so
    dropped stop words leave no gaps inside the text.
    """
    deltas: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    pos = -1
    for index, word in enumerate(WORD.findall(text)):
        term = to_term(word)
        if term is None:
            continue
        pos = index if pos < 0 else pos + 1
        found = deltas.get(term)
        if found is None:
            deltas[term] = [pos]
        else:
            found.append(pos - last[term])
        last[term] = pos
    return deltas


class TermPostings:
    """The postings of one term in the batch: document numbers, weights, encoded values."""

    __slots__ = ("docs", "weights", "values")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


class BulkSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with a fast path for Warta's analyzers; see the module docstring."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[tuple[str, bytes], TermPostings] = {}
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> quantized length
        self._fast = {name: term_function(field) for name, field in self.schema.items()}

    def add_document(self, **fields) -> None:
        self._check_state()
        schema, docnum = self.schema, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.separate_spelling() or field.vector:
                    raise ValueError(f"field {name!r}: spelling and vectors are not supported by the bulk writer")
                length = self._index_field(name, field, value, docnum) if field.indexed else 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type and value is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index_field(self, name: str, field, value, docnum: int) -> int:
        """Add the field's postings to the batch; returns its length in terms (0 if not scorable)."""
        to_term = self._fast.get(name)
        if to_term is None or not isinstance(value, str):
            return self._index_with_whoosh(name, field, value, docnum)
        terms = self._terms
        boost = field.format.field_boost
        length = 0
        for term, deltas in term_positions(value, to_term).items():
            freq = len(deltas)
            length += freq
            key = (name, term.encode("utf-8"))
            postings = terms.get(key)
            if postings is None:
                postings = terms[key] = TermPostings()
            postings.docs.append(docnum)
            postings.weights.append(freq * boost)
            # Whoosh's Positions encoding: the count, then the pickled position deltas.
            postings.values.append(pack_uint(freq) + dumps(deltas, 2))
        if length and field.scorable:
            self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
        return length if field.scorable else 0

    def _index_with_whoosh(self, name: str, field, value, docnum: int) -> int:
        terms = self._terms
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            postings = terms.get((name, tbytes))
            if postings is None:
                postings = terms[(name, tbytes)] = TermPostings()
            postings.docs.append(docnum)
            postings.weights.append(weight)
            postings.values.append(vbytes if vbytes is not None else emptybytes)
        if length and field.scorable:
            self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        try:
            groups = self._batch_groups()
            if self.pool.fieldnames:  # segments being merged in: their postings are in Whoosh's pool
                groups = _merge_groups(groups, _pool_groups(self.pool.iter_postings(), pdr))
            _write_groups(self.fieldwriter, self.schema, groups)
            self.fieldwriter.close()
        finally:
            if pdr:
                pdr.close()
        self._terms = {}

    def _batch_groups(self) -> Iterator[tuple[str, bytes, array, array, list, list]]:
        lengths = self._lengths
        for key in sorted(self._terms):
            name, tbytes = key
            postings = self._terms[key]
            field_lengths = lengths.get(name, {})
            yield (name, tbytes, postings.docs, postings.weights, postings.values,
                   [field_lengths.get(d, 0) for d in postings.docs])


def _pool_groups(items, lengths) -> Iterator[tuple[str, bytes, array, array, list, list]]:
    """Whoosh pool postings (sorted tuples) as per-term groups like ``_batch_groups``."""
    dfl = lengths.doc_field_length if lengths else (lambda docnum, fieldname: 0)
    current = None
    for fieldname, btext, docnum, weight, value in items:
        if docnum == -1:  # Whoosh's marker for spelling words, which carry no postings
            continue
        if current is None or current[0] != fieldname or current[1] != btext:
            if current is not None:
                yield current
            current = (fieldname, btext, array("I"), array("f"), [], [])
        current[2].append(docnum)
        current[3].append(weight)
        current[4].append(value if value is not None else emptybytes)
        current[5].append(dfl(docnum, fieldname))
    if current is not None:
        yield current


def _merge_groups(first, second):
    """Two term-ordered group streams as one; a term in both gets its postings in document order."""
    merged = heapq.merge(first, second, key=lambda g: (g[0], g[1], g[2][0]))
    current = None
    for group in merged:
        if current is not None and current[:2] == group[:2]:
            for i in range(2, 6):
                current[i].extend(group[i])
            continue
        if current is not None:
            yield current
        current = (group[0], group[1], array("I", group[2]), array("f", group[3]), list(group[4]), list(group[5]))
    if current is not None:
        yield current


def _write_groups(fieldwriter: W3FieldWriter, schema, groups) -> None:
    """Write term-ordered postings through the codec's field writer (as ``FieldWriter.add_postings`` does)."""
    lastfield = None
    for fieldname, btext, docs, weights, values, lengths in groups:
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            lastfield = fieldname
        fieldwriter.start_term(btext)
        _fill_blocks(fieldwriter._postwriter, docs, weights, values, lengths)
        fieldwriter.finish_term()
    if lastfield is not None:
        fieldwriter.finish_field()


def _fill_blocks(postwriter, docs: array, weights: array, values: list, lengths: list) -> None:
    """Hand one term's postings to Whoosh's postings writer a block at a time.

    Sets the block buffer and statistics that ``W3PostingsWriter.add_posting``
    would build one posting at a time, and lets it write full blocks;
    ``finish_term`` writes (or inlines) the last one as usual.
    """
    limit = postwriter._blocklimit
    for start in range(0, len(docs), limit):
        if start:
            postwriter._write_block()
        end = start + limit
        block_lengths = [n for n in lengths[start:end] if n]
        postwriter._ids = docs[start:end]
        postwriter._weights = weights[start:end]
        postwriter._values = [v for v in values[start:end] if v]
        postwriter._maxweight = max(0, max(postwriter._weights))
        postwriter._minlength = min(block_lengths) if block_lengths else None
        postwriter._maxlength = max(block_lengths) if block_lengths else 0
