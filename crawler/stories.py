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

import numpy as np
from datasketch import MinHash

from crawler.archive import Archive, Article

NUM_PERM = 64
BANDS = 16          # 16 bands of 4 rows: pairs at Jaccard 0.6 share a band with probability ~0.9
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.6
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)
# A copy usually differs only in its dateline ("Kab-x.kpu.go.id, Kamis, ..."): it is left out of the shingles.
_DATELINE = re.compile(r"^[^.]{0,40}kpu\.go\.id\s*[,–-]?", re.I)


def signature(text: str) -> MinHash | None:
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


def _similarity(mh: MinHash, raw: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    other = np.frombuffer(raw, dtype=np.uint64)
    return float(np.mean(mh.hashvalues.astype(np.uint64) == other)) if len(other) == NUM_PERM else 0.0


def assign_story(archive: Archive, article: Article) -> int | None:
    """Put one archived article into its story group; returns the group id."""
    mh = signature(article.text)
    if mh is None:
        archive.set_story(article.id, article.id)
        return article.id
    bands = band_hashes(mh)
    best_story, best_score = None, THRESHOLD
    for other_id, other_story, raw in archive.story_candidates(bands):
        if other_id == article.id:
            continue
        score = _similarity(mh, raw)
        if score >= best_score:
            best_story, best_score = (other_story or other_id), score
    story = best_story or article.id
    archive.save_story_signature(article.id, mh.hashvalues.astype(np.uint64).tobytes(), bands)
    if article.story_id != story:
        archive.set_story(article.id, story)
    return story


def assign_new_stories(archive: Archive) -> int:
    """Group every article that has no signature yet; returns how many were grouped."""
    count = 0
    for article in archive.articles_without_signature():
        assign_story(archive, article)
        count += 1
    return count
