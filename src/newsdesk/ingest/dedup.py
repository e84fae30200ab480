"""Near-duplicate detection: MinHash over word shingles, LSH bands kept in SQLite.

A wire copy or a lightly edited re-publication shares most of its word 3-shingles with the
original. Each article's MinHash (datasketch) is cut into bands; articles that share a band
are candidates, and a candidate whose estimated Jaccard similarity reaches the threshold is a
near-duplicate. The bands live in the store, so nothing has to be loaded at start-up and the
index grows with the database.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from newsdesk.ingest.text import words

NUM_PERM = 120
BANDS = 20  # 20 bands of 6 rows: a pair at Jaccard 0.8 becomes a candidate with p ~ 0.998
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_SEED = 1


@dataclass(frozen=True)
class Match:
    article_id: str
    similarity: float


def shingles(text: str, n: int = SHINGLE) -> set[bytes]:
    toks = words(text)
    if len(toks) < n:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i : i + n]).encode() for i in range(len(toks) - n + 1)}


def minhash(text: str) -> np.ndarray:
    """MinHash signature (uint64[NUM_PERM]) of the text's word shingles."""
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED)
    sh = shingles(text)
    if sh:
        mh.update_batch(list(sh))
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


def find_near_duplicate(
    conn: sqlite3.Connection, sig: np.ndarray, text: str, threshold: float = 0.8
) -> Match | None:
    """The most similar stored article at or above ``threshold``, if any.

    LSH bands propose candidates; the MinHash estimate screens them loosely and the exact
    Jaccard similarity of the shingle sets decides, so estimator noise cannot flip a verdict.
    """
    bands = band_hashes(sig)
    clause = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
    params: list[int] = []
    for i, h in enumerate(bands):
        params += [i, h]
    cand = conn.execute(
        f"SELECT DISTINCT article_id FROM minhash_bands WHERE {clause}", params
    ).fetchall()
    best: Match | None = None
    mine: set[bytes] | None = None
    for (aid,) in cand:
        row = conn.execute("SELECT minhash, text FROM articles WHERE id = ?", (aid,)).fetchone()
        if row is None or row[0] is None:
            continue
        if jaccard_estimate(sig, np.frombuffer(row[0], dtype=np.uint64)) < threshold - 0.2:
            continue
        if mine is None:
            mine = shingles(text)
        sim = round(jaccard(mine, shingles(row[1])), 4)
        if sim >= threshold and (
            best is None
            or sim > best.similarity
            or (sim == best.similarity and aid < best.article_id)
        ):
            best = Match(aid, sim)
    return best


def index_signature(conn: sqlite3.Connection, article_id: str, sig: np.ndarray) -> None:
    conn.executemany(
        "INSERT INTO minhash_bands (band, hash, article_id) VALUES (?, ?, ?)",
        [(i, h, article_id) for i, h in enumerate(band_hashes(sig))],
    )
