"""Near-duplicate story groups: copies of one bulletin on several sites, linked by MinHash LSH.

Each article gets a MinHash signature (datasketch) of its word 5-grams. The
signature is cut into bands whose hashes are stored in the archive, so finding
candidates is an indexed lookup and costs stay linear however large the archive
grows (no in-memory index of every article). A candidate joins the group when
the estimated Jaccard similarity of the two texts reaches :data:`THRESHOLD`.
The group id is the id of the group's first article.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import numpy as np

from crawler.archive import Archive

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 64
BANDS = 16          # 16 bands of 4 rows: pairs at Jaccard 0.6 share a band with probability ~0.9
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)
# A copy usually differs only in its dateline ("Kab-x.kpu.go.id, Kamis, ..."): it is left out of the shingles.
_DATELINE = re.compile(r"^[^.]{0,40}kpu\.go\.id\s*[,–-]?", re.I)


def signature(text: str) -> MinHash | None:
    from datasketch import MinHash  # imported on first use: it takes seconds (scipy), and most runs add nothing

    words = _WORD.findall(_DATELINE.sub("", text).lower())
    if len(words) < SHINGLE:
        return None
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    mh.update_batch(list(shingles))
    return mh


def band_hashes(mh: MinHash) -> list[int]:
    values = mh.hashvalues.astype(np.uint64)
    out = []
    for band in range(BANDS):
        chunk = values[band * ROWS:(band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


CANDIDATES = 20     # the articles sharing most bands are compared; bounds the cost on templated bulletins


def assign_new_stories(archive: Archive, batch: int = 500) -> int:
    """Group every article that has no signature yet; returns how many were grouped.

    Articles are handled in batches, each saved in one transaction; articles of the
    same batch are matched with each other in memory, and with older ones through
    the stored LSH bands.
    """
    count = 0
    articles = archive.articles_without_signature(batch=batch)
    while chunk := [a for _, a in zip(range(batch), articles)]:
        recent: dict[int, list[int]] = {}           # band -> ids of this batch
        batch_info: dict[int, tuple[int, bytes]] = {}  # id -> (story, signature)
        decided = []
        for article in chunk:
            mh = signature(article.text)
            if mh is None:
                decided.append((article.id, b"", [], article.id, article.story_id))
                continue
            values = mh.hashvalues.astype(np.uint64)
            bands = band_hashes(mh)
            story = _best_story(archive, article.id, values, bands, recent, batch_info)
            raw = values.tobytes()
            decided.append((article.id, raw, bands, story, article.story_id))
            batch_info[article.id] = (story, raw)
            for b in bands:
                recent.setdefault(b, []).append(article.id)
        archive.save_stories(decided)
        count += len(chunk)
    return count


def _best_story(archive: Archive, article_id: int, values: np.ndarray, bands: list[int],
                recent: dict[int, list[int]], batch_info: dict[int, tuple[int, bytes]]) -> int:
    """The story of the most similar candidate at or above THRESHOLD, else the article's own id."""
    hits: dict[int, int] = {}
    stories: dict[int, int] = {}
    sigs: dict[int, bytes] = {}
    for other_id, other_story, raw, shared in archive.story_candidates(bands, CANDIDATES):
        hits[other_id], stories[other_id], sigs[other_id] = shared, other_story or other_id, raw
    for band in bands:
        for other_id in recent.get(band, ()):
            hits[other_id] = hits.get(other_id, 0) + 1
            stories[other_id], sigs[other_id] = batch_info[other_id]
    ranked = [i for i in sorted(hits, key=lambda i: (-hits[i], i)) if i != article_id][:CANDIDATES]
    ranked = [i for i in ranked if len(sigs[i]) == NUM_PERM * 8]
    if not ranked:
        return article_id
    matrix = np.frombuffer(b"".join(sigs[i] for i in ranked), dtype=np.uint64).reshape(len(ranked), NUM_PERM)
    scores = (matrix == values).mean(axis=1)  # estimated Jaccard similarity of each candidate
    best = int(np.argmax(scores))
    return stories[ranked[best]] if scores[best] >= THRESHOLD else article_id
