"""A faster Whoosh segment writer for Warta's own analyzers (same files, same postings).

Whoosh's ``SegmentWriter`` spends most of its time per posting in Python:
a ``Token`` object per word pushed through the analyzer chain, a size estimate
and a tuple per posting in its external sorting pool, a sort of every posting
at commit, and at write time a lookup of the document's field length in the
column file it has just written. ``BulkSegmentWriter`` keeps Whoosh's codec
and on-disk format, and changes only how postings reach it:

- fields analyzed by ``index.analyzer.text_analyzer``/``name_analyzer`` are
  turned into terms by one regex pass and the cached word -> term function
  (the exact terms and positions the analyzer gives; a test compares them),
  here or ahead of time in another process (``AnalyzedText``);
- postings are grouped per term as they come (arrays, not tuples), so commit
  sorts the terms of the batch, not its postings;
- field lengths are kept in memory for the postings' block statistics.

Segments merged in (Whoosh's merge policies call ``add_reader``) are not
pushed through Whoosh's pool either: their terms are already in order, so
commit streams them a term at a time, merged with the new documents' terms.
Memory grows with the postings of one batch of new documents, plus one term's
postings while merging.

The postings go through Whoosh's own codec writer (``W3FieldWriter``); only
its block buffer is filled a block at a time (``_fill_blocks``), which uses
attributes private to whoosh.codec.whoosh3. tests/index/test_bulk_writer.py
checks that every posting, statistic and stored field equals what Whoosh's
own writer writes, merges and deletions included.
"""

from __future__ import annotations

import heapq
import re
from array import array
from collections.abc import Callable, Iterator
from typing import NamedTuple

from whoosh import fields, formats
from whoosh.analysis import CompositeAnalyzer, IDTokenizer, RegexTokenizer
from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.columns import TranslatingColumnReader
from whoosh.compat import dumps
from whoosh.reading import SegmentReader
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.analyzer import WORD_PATTERN, TermFilter, name_term, text_term

WORD = re.compile(WORD_PATTERN)
# One term's postings: field, term bytes, document numbers, weights, encoded values, field lengths.
Group = tuple[str, bytes, array, array, list, list]


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
    """Each term of ``text`` with its positions, numbered as ``TermFilter`` numbers them.

    The first kept word keeps its place among all words; later ones follow it
    one by one, so dropped stop words leave no gaps inside the text.
    """
    terms = list(map(to_term, WORD.findall(text)))
    first = 0
    for first, term in enumerate(terms):
        if term is not None:
            break
    positions: dict[str, list[int]] = {}
    get = positions.get
    for pos, term in enumerate(filter(None, terms), first):
        found = get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    return positions


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's ``Positions`` encoding of one posting: the count, then the pickled position deltas."""
    if len(positions) == 1 and positions[0] < ONE_POSITION_MAX:
        return _ONE_POSITION[positions[0]]
    deltas = [positions[0]] + [b - a for a, b in zip(positions, positions[1:])]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


# Most postings hold one position: their encodings are computed once.
ONE_POSITION_MAX = 4096
_ONE_POSITION = [pack_uint(1) + dumps([pos], 2) for pos in range(ONE_POSITION_MAX)]


class AnalyzedText(NamedTuple):
    """A text field turned into postings ahead of time (in a worker process): what ``add_document`` takes
    in place of the text. ``terms``, ``freqs`` and ``values`` are parallel: term, frequency, encoded positions."""

    terms: list[str]
    freqs: list[int]
    values: list[bytes]


def analyze_text(text: str, to_term: Callable[[str], str | None]) -> AnalyzedText:
    """The postings of ``text`` for a field whose word -> term function is ``to_term``."""
    positions = term_positions(text, to_term)
    return AnalyzedText(list(positions), list(map(len, positions.values())),
                        list(map(encode_positions, positions.values())))


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
        # field -> term -> (document numbers, frequencies, encoded positions)
        self._fast_terms: dict[str, dict[str, tuple[array, array, list[bytes]]]] = {}
        self._terms: dict[tuple[str, bytes], TermPostings] = {}  # postings of other fields
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> quantized length
        self._fast = {name: term_function(field) for name, field in self.schema.items()}
        self._id_fields = {name for name, field in self.schema.items()
                           if type(field) is fields.ID and type(field.analyzer) is IDTokenizer
                           and type(field.format) is formats.Existence}
        self._merging: list[tuple] = []  # (segment, first new docnum, docmap, field lengths) of segments merged in

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
        """Add the field's postings to the batch; returns its length in terms (0 if not scorable).

        Our analyzers' postings are kept per term as arrays of document numbers
        and frequencies, and encoded positions: the inner loop here runs once
        per term of every document, and allocates nothing for most of them.
        """
        to_term = self._fast.get(name)
        if to_term is None or not isinstance(value, (str, AnalyzedText)):
            return self._index_with_whoosh(name, field, value, docnum)
        if isinstance(value, str):
            value = analyze_text(value, to_term)
        terms = self._fast_terms.get(name)
        if terms is None:
            terms = self._fast_terms[name] = {}
        get = terms.get
        for term, freq, encoded in zip(*value):
            postings = get(term)
            if postings is None:
                postings = terms[term] = (array("I"), array("I"), [])
            postings[0].append(docnum)
            postings[1].append(freq)
            postings[2].append(encoded)
        length = sum(value.freqs)
        if length and field.scorable:
            self._lengths.setdefault(name, {})[docnum] = byte_to_length(length_to_byte(length))
        return length if field.scorable else 0

    def _index_with_whoosh(self, name: str, field, value, docnum: int) -> int:
        terms = self._terms
        length = 0
        # An ID field's one term is its value (what Whoosh's IDTokenizer and Existence format give).
        postings_of = (((value.encode("utf-8"), 1, field.format.field_boost, emptybytes),)
                       if name in self._id_fields and isinstance(value, str) else field.index(value))
        for tbytes, freq, weight, vbytes in postings_of:
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

    def add_reader(self, reader) -> None:
        """Merge a segment in (Whoosh's merge policies call this): its documents now, its postings at commit.

        Whoosh would push every posting through its sorting pool; here each
        segment's terms are already in order, so commit streams them, a term
        at a time, merged with the new documents' terms.
        """
        self._check_state()
        segment = reader.segment()
        if segment is None:
            raise ValueError("the bulk writer merges segment readers only")
        basedoc = self.docnum
        lengths = _field_lengths(reader, self.schema)
        docmap = self._copy_documents(reader, lengths)
        self._merging.append((segment, basedoc, docmap, lengths))
        self._added = True

    def _copy_documents(self, reader, lengths: dict[str, list[int]]) -> dict[int, int] | None:
        """Stored fields, lengths and columns of the reader's live documents; returns old -> new docnums
        (None when no document was deleted). Whoosh's ``write_per_doc``, with the lengths read beforehand:
        it asks for every field's length of every document, and each miss stats a file."""
        schema, perdoc = self.schema, self.perdocwriter
        docmap: dict[int, int] | None = {} if reader.has_deletions() else None
        columns = {name: reader.column_reader(name, schema[name].column_type) for name in schema.names()
                   if schema[name].column_type and reader.has_column(name)}
        for name, column in columns.items():
            if isinstance(column, TranslatingColumnReader):
                columns[name] = column.raw_column()
        for docnum, stored in reader.iter_docs():
            if docmap is not None:
                docmap[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name in schema.names():
                field = schema[name]
                if field.vector:
                    raise ValueError(f"field {name!r}: vectors are not supported by the bulk writer")
                length = lengths[name][docnum] if name in lengths else 0
                perdoc.add_field(name, field, stored.get(name), length)
                if name in columns:
                    perdoc.add_column_value(name, field.column_type, columns[name][docnum])
            perdoc.finish_doc()
            self.docnum += 1
        return docmap

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        readers = [SegmentReader(self.storage, self.schema, merging[0]) for merging in self._merging]
        try:
            streams = [self._batch_groups()]
            streams += [_segment_groups(reader, self.schema, basedoc, docmap, lengths)
                        for reader, (_, basedoc, docmap, lengths) in zip(readers, self._merging)]
            groups = streams[0] if len(streams) == 1 else _merge_groups(streams)
            _write_groups(self.fieldwriter, self.schema, groups)
            self.fieldwriter.close()
        finally:
            for reader in readers:
                reader.close()
        self._fast_terms, self._terms = {}, {}

    def _batch_groups(self) -> Iterator[Group]:
        """The new documents' postings in term order (fields by name, then terms: str order is UTF-8 order)."""
        for name in sorted(set(self._fast_terms) | {name for name, _ in self._terms}):
            field_lengths = self._lengths.get(name, {})
            if name in self._fast_terms:
                boost = self.schema[name].format.field_boost
                terms = self._fast_terms[name]
                for term in sorted(terms):
                    docs, freqs, values = terms[term]
                    weights = array("f", [freq * boost for freq in freqs])
                    yield name, term.encode("utf-8"), docs, weights, values, [field_lengths.get(d, 0) for d in docs]
            else:
                for key in sorted(k for k in self._terms if k[0] == name):
                    postings = self._terms[key]
                    yield (name, key[1], postings.docs, postings.weights, postings.values,
                           [field_lengths.get(d, 0) for d in postings.docs])


def _field_lengths(reader, schema) -> dict[str, list[int]]:
    """Each scorable field's length in every document of a segment (the quantized lengths Whoosh stores)."""
    count = reader.doc_count_all()
    return {name: [reader.doc_field_length(d, name) for d in range(count)]
            for name in schema.names() if schema[name].scorable}


def _segment_groups(reader, schema, basedoc: int, docmap: dict | None,
                    lengths: dict[str, list[int]]) -> Iterator[Group]:
    """A segment's postings, a term at a time, renumbered to the new segment (deleted documents dropped)."""
    terms = reader._terms  # the segment's W3TermsReader: term infos in order, no lookup per term
    codec = reader.codec()
    no_lengths = [0] * reader.doc_count_all()
    for (fieldname, btext), terminfo in terms.items():
        if fieldname not in schema:
            continue
        field_lengths = lengths.get(fieldname, no_lengths)
        matcher = codec.postings_reader(terms._postfile, terminfo, schema[fieldname].format)
        docs, weights, values, term_lengths = array("I"), array("f"), [], []
        for ids, block_weights, block_values in _blocks(matcher):
            if docmap is None:
                docs.extend([basedoc + d for d in ids])
                weights.extend(block_weights)
                values.extend(block_values)
                term_lengths.extend([field_lengths[d] for d in ids])
                continue
            for docnum, weight, value in zip(ids, block_weights, block_values):
                new = docmap.get(docnum)
                if new is not None:  # else deleted
                    docs.append(new)
                    weights.append(weight)
                    values.append(value)
                    term_lengths.append(field_lengths[docnum])
        if docs:
            yield fieldname, btext, docs, weights, values, term_lengths


def _blocks(matcher) -> Iterator[tuple]:
    """(ids, weights, values) of each posting block of a term, deleted documents included."""
    matcher = getattr(matcher, "child", matcher)  # the deletion filter: the caller drops deleted documents
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values
            matcher._next_block()
    else:  # postings kept inline in the term info
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        if items:
            yield tuple(zip(*items))


def _merge_groups(streams: list) -> Iterator[Group]:
    """Term-ordered group streams as one; a term found in several gets its postings in document order."""
    current = None
    for group in heapq.merge(*streams, key=lambda g: (g[0], g[1], g[2][0])):
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
    lastfield, lastterm = None, None
    for fieldname, btext, docs, weights, values, lengths in groups:
        if lastfield is not None and (fieldname, btext) <= (lastfield, lastterm):
            raise OutOfOrderError(f"{lastfield}:{lastterm!r} .. {fieldname}:{btext!r}")
        lastterm = btext
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
