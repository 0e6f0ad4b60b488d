"""Matching parsed Whoosh queries with numpy masks over term postings.

Whoosh's matchers walk every candidate document in Python: a phrase of two
common words, or an OR / NOT of them, costs seconds on 100,000 bulletins and
holds the GIL meanwhile. Here a query tree is evaluated as boolean arrays over
document numbers, from the same postings arrays the plain-word path uses
(``index/ranking.py``): And is ``&``, Or is ``|``, Not is ``~``. A phrase first
takes the documents having all its words, restricted to the documents the
filters and kind allow, and only those have their word positions read and
checked. Query kinds this module does not know (prefixes, wildcards, ranges,
fuzzy terms) fall back to Whoosh's own matcher for that part of the tree.

Every mask is exact within ``within`` (the documents the caller will keep),
which lets a NOT or a phrase look at those documents only.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from index.ranking import FIELD_BOOSTS, Postings, decode_positions, running_positions, saved_postings

CACHED_PHRASES = 64  # two bit masks each: 50 KB at 100,000 bulletins


def query_mask(postings: Postings, parsed, within: np.ndarray) -> np.ndarray:
    """The documents of ``within`` that match the Whoosh query ``parsed``."""
    if isinstance(parsed, wq.Term):
        return within & _term_mask(postings, parsed.fieldname, parsed.text, len(within))
    if isinstance(parsed, wq.Phrase) and parsed.slop == 1:
        return _phrase_mask(postings, parsed.fieldname, list(parsed.words), within)
    if isinstance(parsed, wq.And):
        mask = within
        for sub in _cheapest_first(parsed.subqueries):
            mask = query_mask(postings, sub, mask)  # each part narrows what the next one checks
        return mask
    if isinstance(parsed, (wq.Or, wq.DisjunctionMax)) and not getattr(parsed, "minmatch", 0):
        mask = np.zeros(len(within), dtype=bool)
        for sub in _cheapest_first(parsed.subqueries):  # a phrase then checks only what is not yet matched
            mask |= query_mask(postings, sub, within & ~mask)
        return mask
    if isinstance(parsed, wq.Not):
        return within & ~query_mask(postings, parsed.query, within)
    if isinstance(parsed, wq.AndNot):
        positive = query_mask(postings, parsed.a, within)
        return positive & ~query_mask(postings, parsed.b, positive)
    if isinstance(parsed, wq.Require):
        return query_mask(postings, parsed.b, query_mask(postings, parsed.a, within))
    if isinstance(parsed, wq.AndMaybe):
        return query_mask(postings, parsed.a, within)
    if isinstance(parsed, wq.Every) and not parsed.fieldname:
        return within.copy()
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        return np.zeros(len(within), dtype=bool)
    return within & _whoosh_mask(postings.searcher, parsed, len(within))


def _cheapest_first(subqueries) -> list:
    """Words first, phrases last: And and Or give the same documents in any order, and each
    part only looks at the documents the earlier parts left open, so the costly ones see fewest."""
    return sorted(subqueries, key=lambda q: 0 if isinstance(q, wq.Term) else 2 if isinstance(q, wq.Phrase) else 1)


def scoring_terms(parsed) -> list[tuple[str, str, float]]:
    """(field, term, boost) of the query's positive words, phrase words included, for ranking."""
    if isinstance(parsed, wq.Term):
        return [(parsed.fieldname, parsed.text, FIELD_BOOSTS.get(parsed.fieldname, 1.0))]
    if isinstance(parsed, wq.Phrase):
        return [(parsed.fieldname, w, FIELD_BOOSTS.get(parsed.fieldname, 1.0)) for w in parsed.words]
    if isinstance(parsed, wq.Not):
        return []
    if isinstance(parsed, wq.AndNot):
        return scoring_terms(parsed.a)
    if isinstance(parsed, (wq.CompoundQuery, wq.BinaryQuery)):
        return [t for sub in parsed.children() for t in scoring_terms(sub)]
    return []


def _term_mask(postings: Postings, field: str, term, size: int) -> np.ndarray:
    term = term.decode("utf-8") if isinstance(term, bytes) else term
    mask = np.zeros(size, dtype=bool)
    ids, _ = postings.get(field, term)
    mask[ids] = True
    return mask


def _whoosh_mask(searcher, parsed, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(parsed), dtype=np.int64)] = True
    return mask


def _phrase_mask(postings: Postings, field: str, words: list, within: np.ndarray) -> np.ndarray:
    """Documents of ``within`` where the words follow one another in ``field``."""
    words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in words]
    cache, key = postings.cache, (field, tuple(words))
    with cache.lock:
        cached = cache.phrases.get(key)
        if cached is not None:
            cache.phrases.move_to_end(key)
    if cached is not None:
        matches, checked = (np.unpackbits(bits, count=len(within)).astype(bool) for bits in cached)
        unchecked = within & ~checked
        if not unchecked.any():  # every document asked about now was checked then
            return within & matches
        # Only the documents never checked are read: each is checked at most once per snapshot.
        matches |= _check_phrase(postings, field, words, unchecked)
        checked |= within
    else:
        matches, checked = _check_phrase(postings, field, words, within), within
    with cache.lock:  # bit-packed: 1/8 of the memory
        cache.phrases[key] = (np.packbits(matches), np.packbits(checked))
        while len(cache.phrases) > CACHED_PHRASES:
            cache.phrases.popitem(last=False)
    return within & matches


def _check_phrase(postings: Postings, field: str, words: list[str], within: np.ndarray) -> np.ndarray:
    candidates = within
    for word in words:  # documents with every word: cheap, and usually far fewer
        candidates = candidates & _term_mask(postings, field, word, len(within))
    if len(words) < 2 or not candidates.any():
        return candidates
    mask = np.zeros(len(within), dtype=bool)
    for sub, offset in postings.leaves:
        reader = sub.reader()
        local = candidates[offset:offset + reader.doc_count_all()]
        if not local.any():
            continue
        # Keys doc << 32 | position where the phrase so far ends, one word further each time.
        ends = _keys(*_positions(postings, reader, field, words[0], local))
        for word in words[1:]:
            if not len(ends):
                break
            following = _keys(*_positions(postings, reader, field, word, _doc_mask(ends >> 32, len(local))))
            ends = following[np.isin(following, ends + 1)]
        if len(ends):
            mask[(ends >> 32) + offset] = True
    return mask


def _keys(docs: np.ndarray, positions: np.ndarray) -> np.ndarray:
    return (docs << 32) | positions


def _doc_mask(docs: np.ndarray, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[docs] = True
    return mask


def _positions(postings: Postings, reader, field: str, word: str, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(document, position) of every occurrence of ``word`` in the segment documents marked in ``docs``."""
    none = np.zeros(0, np.int64)
    if (field, word) not in reader:
        return none, none
    saved = saved_postings(postings.saved_dir, reader, field) if postings.saved_dir else None
    found = saved.positions_of(word, docs) if saved is not None else None
    if found is not None:  # a frequent word: its positions are arrays already
        return found
    matcher = reader.postings(field, word)
    matcher = getattr(matcher, "child", matcher)
    doc_parts, delta_lists = [], []
    if not (hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block")):
        while matcher.is_active():  # an in-memory segment: Whoosh's own decoding
            if docs[matcher.id()]:
                found = sorted(matcher.value_as("positions"))
                doc_parts.append(np.array([matcher.id()], np.int64))
                delta_lists.append([found[0], *np.diff(found).tolist()] if found else [])
            matcher.next()
    else:
        wanted = np.flatnonzero(docs)
        first_id = 0  # of the current block: the ids of a block run up to its header's max id
        while matcher.is_active():
            # A block holding none of the wanted documents is skipped unread (its header tells its last id).
            next_wanted = np.searchsorted(wanted, first_id)
            if next_wanted == len(wanted):
                break
            if wanted[next_wanted] > matcher._maxid:
                first_id = matcher._maxid + 1
                matcher._next_block()
                continue
            first_id = matcher._maxid + 1
            # Whole blocks: the ids as an array, and the encoded positions of the wanted ones only.
            matcher._read_data()
            block_ids = np.asarray(matcher._data[0], dtype=np.int64)
            if not matcher._byteids:
                block_ids = np.cumsum(block_ids)
            hits = np.nonzero(docs[block_ids])[0]
            if len(hits):
                matcher._read_values()
                doc_parts.append(block_ids[hits])
                delta_lists += decode_positions([matcher._values[i] for i in hits.tolist()])
            matcher._next_block()
    if not delta_lists:
        return none, none
    counts, positions = running_positions(delta_lists)
    return np.repeat(np.concatenate(doc_parts), counts), positions
