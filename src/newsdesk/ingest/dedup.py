"""Near-duplicate detection: MinHash over word shingles, LSH bands kept in the store.

A wire copy or a lightly edited re-publication shares most of its word 3-shingles with the
original. Each article's MinHash (datasketch) is cut into bands; articles that share a band
are candidates, and a candidate whose estimated Jaccard similarity reaches the threshold is a
near-duplicate. The bands live in the store, so nothing has to be loaded at start-up and the
index grows with the database.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.store.base import DuplicateCandidate
from newsdesk.text import words

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 120
BANDS = 20  # 20 bands of 6 rows: a pair at Jaccard 0.8 becomes a candidate with p ~ 0.998
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_SEED = 1


@dataclass(frozen=True)
class Match:
    article_id: str
    similarity: float


def shingles(text: str, n: int = SHINGLE, toks: list[str] | None = None) -> set[bytes]:
    """The word ``n``-grams of ``text`` (``toks``: its ``words``, when already at hand)."""
    toks = words(text) if toks is None else toks
    if len(toks) < n:
        return {" ".join(toks).encode()} if toks else set()
    if n == 3:  # the usual case, without a slice per position
        triples = zip(toks, toks[1:], toks[2:], strict=False)
        return {f"{a} {b} {c}".encode() for a, b, c in triples}
    return {" ".join(toks[i : i + n]).encode() for i in range(len(toks) - n + 1)}


_local = threading.local()


def _given(value: int) -> int:
    return value


def _blank() -> MinHash:
    """This thread's MinHash, emptied. datasketch draws (or parses) the permutations on every
    new MinHash; reusing one object per thread gives the same signatures for less. Its hash
    function passes on values hashed beforehand (``_sha1_32``), in one pass over the shingles."""
    mh = getattr(_local, "mh", None)
    if mh is None:
        # Imported here: datasketch's package imports SciPy's integrators (~1 s), which only
        # ingest needs, not every command that imports the engine.
        from datasketch import MinHash

        mh = _local.mh = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=_given)
        _local.empty = mh.hashvalues.copy()
    mh.hashvalues = _local.empty.copy()
    return mh


def _sha1_32(items: Iterable[bytes]) -> list[int]:
    """datasketch's default hash of each item (the first 4 bytes of its SHA-1, little-endian),
    for all of them at once: a quarter of the time of one call per item."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(b).digest() for b in items])  # 20 bytes each
    return np.frombuffer(digests, dtype="<u4")[::5].tolist()


def minhash(text: str, toks: list[str] | None = None) -> np.ndarray:
    """MinHash signature (uint64[NUM_PERM]) of the text's word shingles (``toks``: its
    ``words``, when already at hand)."""
    mh = _blank()
    sh = shingles(text, toks=toks)
    if sh:
        mh.update_batch(_sha1_32(sh))
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def band_hashes(sig: np.ndarray) -> list[int]:
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def best_near_duplicate(
    candidates: Sequence[DuplicateCandidate], sig: np.ndarray, text: str, threshold: float = 0.8
) -> Match | None:
    """The most similar of ``candidates`` (articles sharing an LSH band) at or above
    ``threshold``, if any.

    The MinHash estimate screens candidates loosely and the exact Jaccard similarity of the
    shingle sets decides, so estimator noise cannot flip a verdict.
    """
    best: Match | None = None
    mine: set[bytes] | None = None
    for cand in candidates:
        if cand.minhash is None:
            continue
        if jaccard_estimate(sig, cand.minhash) < threshold - 0.2:
            continue
        if mine is None:
            mine = shingles(text)
        sim = round(jaccard(mine, shingles(cand.text)), 4)
        if sim >= threshold and (
            best is None
            or sim > best.similarity
            or (sim == best.similarity and cand.id < best.article_id)
        ):
            best = Match(cand.id, sim)
    return best
