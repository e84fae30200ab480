"""Hybrid retrieval: FTS5 bm25 and dense article vectors, fused by reciprocal rank.

The result is a ranked list of article IDs within the date window, diverse in sources: wire
copies of one lineage count once towards the budget, but all of them come back so that the
writer can cite every outlet that ran a fact.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from newsdesk.embed.minilm import Embedder
from newsdesk.store.sqlite.store import Store, date_filter

_STOP = set(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our out over own same she should so some such than
    that the their them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with you your within across among amid
    over per via vs news latest""".split()
)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

RRF_K = 60


@dataclass
class Hit:
    id: str
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    dense_sim: float


def query_terms(topic: str) -> list[str]:
    seen: list[str] = []
    for tok in _TOKEN.findall(topic.lower()):
        if tok in _STOP or len(tok) < 2 or tok in seen:
            continue
        seen.append(tok)
    return seen


class _VectorCache:
    """Article vectors kept in memory between queries of a long-running process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, int, int] | None = None
        self._ids: list[str] = []
        self._mat = np.zeros((0, 384), dtype=np.float32)

    def get(self, store: Store, model: str) -> tuple[list[str], np.ndarray]:
        row = store.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM articles"
        ).fetchone()
        key = (str(store.path), int(row[0]), int(row[1]))
        with self._lock:
            if key != self._key:
                self._ids, self._mat = store.article_vectors(None, model)
                self._key = key
            return self._ids, self._mat


_vectors = _VectorCache()


def retrieve(
    store: Store,
    topic: str,
    embedder: Embedder,
    *,
    since: str | None = None,
    until: str | None = None,
    only: set[str] | None = None,
    limit: int = 40,
    min_sim: float = 0.25,
) -> list[Hit]:
    """Ranked articles for ``topic`` in the window (``only``: restrict to these IDs)."""
    where, params = date_filter(since, until, "a.published")
    allowed: set[str] | None = None
    if where or only is not None:
        sql = "SELECT a.id FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        allowed = {r[0] for r in store.conn.execute(sql, params)}
        if only is not None:
            allowed &= only

    lexical: list[str] = []
    terms = query_terms(topic)
    if terms:
        match = " OR ".join(f'"{t}"' for t in terms)
        sql = (
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ?"
        )
        args: list[object] = [match]
        if where:
            sql += " AND " + " AND ".join(where)
            args += params
        sql += " ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT 300"
        lexical = [r[0] for r in store.conn.execute(sql, args)]
        if only is not None:
            lexical = [i for i in lexical if i in only]

    ids, mat = _vectors.get(store, embedder.name)
    qv = embedder.encode([topic])[0]
    sims = mat @ qv if len(ids) else np.zeros(0, dtype=np.float32)
    sim_of = dict(zip(ids, sims.tolist(), strict=True))
    order = np.argsort(-sims)
    dense: list[str] = []
    for i in order:
        aid = ids[int(i)]
        if allowed is not None and aid not in allowed:
            continue
        if sims[int(i)] < min_sim:
            break
        dense.append(aid)
        if len(dense) >= 300:
            break

    scores: dict[str, float] = {}
    lex_rank = {aid: r for r, aid in enumerate(lexical)}
    dense_rank = {aid: r for r, aid in enumerate(dense)}
    for aid in set(lexical) | set(dense):
        s = 0.0
        if aid in lex_rank:
            s += 1.0 / (RRF_K + lex_rank[aid])
        if aid in dense_rank:
            s += 1.0 / (RRF_K + dense_rank[aid])
        # a keyword hit on an article that is semantically far from the topic is weak evidence
        if aid not in dense_rank and sim_of.get(aid, 0.0) < min_sim * 0.6:
            continue
        scores[aid] = s
    ranked = sorted(scores, key=lambda a: (-scores[a], a))[:limit]
    return [
        Hit(a, scores[a], lex_rank.get(a), dense_rank.get(a), float(sim_of.get(a, 0.0)))
        for a in ranked
    ]
