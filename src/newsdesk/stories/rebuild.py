"""Whole-collection clustering, for the rebuild (see :mod:`newsdesk.stories`).

``cluster`` groups a whole collection by exact average linkage
(:mod:`newsdesk.stories.linkage`) into a fresh :class:`~newsdesk.stories.index.StoryIndex`,
which ingest then extends article by article; ``refine`` is the optional k-means-style pass
over the result (``refine_passes``, none by default).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig
from newsdesk.stories.features import ArticleFeatures
from newsdesk.stories.index import StoryIndex


def cluster(
    feats: Sequence[ArticleFeatures], config: StoryConfig = DEFAULT_CONFIG
) -> tuple[StoryIndex, list[int]]:
    """Re-cluster a whole collection: document frequencies of the whole set, exact average
    linkage on the pairwise logit (:mod:`newsdesk.stories.linkage`) over the originals, copies
    following their originals; then ``refine_passes`` refinement passes (none by default).

    Stories are numbered in canonical order of their first article (published date, then ID).
    """
    from newsdesk.stories.linkage import average_linkage, group_by_labels

    index = StoryIndex(config, dim=int(feats[0].vector.shape[0]) if feats else 0)
    by_id = {f.id: f for f in feats}
    ordered = sorted(feats, key=lambda f: f.order_key)
    originals = [f for f in ordered if not (f.original_id and f.original_id in by_id)]
    for f in originals:
        index.lex.add_document(f.terms)
        index.key.add_document(f.keys)
    if originals:
        rows = [index.vectors(f) for f in originals]
        vecs = (
            np.stack([r[0] for r in rows]),
            np.stack([r[1] for r in rows]),
            np.stack([r[2] for r in rows]),
        )
        days = np.array([np.nan if f.day is None else f.day for f in originals])
        groups = group_by_labels(average_linkage(vecs, days, config))
    else:
        groups = []
    for g in groups:
        s = index._new_story()
        for i in g:
            f = originals[i]
            index._place(f, s, 1.0, rows[i])
    # Copies follow their originals (a copy of a copy once its own original is placed).
    pending = [f for f in ordered if f.original_id and f.original_id in by_id]
    while pending:
        ready = [f for f in pending if f.original_id in index.story_of]
        if not ready:  # a cycle: group the rest on their own merits
            index.add(
                [replace(f, original_id=None) for f in pending], update_df=False, settle=False
            )
            break
        for f in ready:
            index._place(f, index.story_of[f.original_id or ""], 1.0, None)
        done = {f.id for f in ready}
        pending = [f for f in pending if f.id not in done]
    for _ in range(config.refine_passes):
        if not refine(index, feats):
            break
    index.compact()
    labels = [index.story_of[f.id] for f in feats]
    return index, labels


def refine(index: StoryIndex, feats: Sequence[ArticleFeatures], chunk: int = 512) -> int:
    """One k-means-style pass: move each article to the story that fits it best now.

    A sequential pass decides with the stories as they were when each article arrived; here
    every article is scored against the final stories (its own with itself left out) and
    moves, or leaves to stand alone, when another story fits better or its own no longer
    reaches the threshold. All moves are decided first, then applied. Copies follow their
    originals. Returns the number of articles moved.
    """
    cfg = index.config
    moves: list[tuple[ArticleFeatures, int, int, tuple[np.ndarray, ...]]] = []
    size = Counter(
        index.story_of[f.id] for f in feats if not f.original_id and f.id in index.story_of
    )
    order = sorted(
        (f for f in feats if not f.original_id and f.id in index.story_of),
        key=lambda f: f.order_key,
    )
    n = index.n
    for start in range(0, len(order), chunk):
        part = order[start : start + chunk]
        vecs = [index.vectors(f) for f in part]
        emb = np.stack([v[0] for v in vecs])
        lex = np.stack([v[1] for v in vecs])
        key = np.stack([v[2] for v in vecs])
        days = np.array([np.nan if f.day is None else f.day for f in part])
        rows = _rows_near(index, days, n)
        scores = index._score_rows(emb, lex, key, days, rows)
        pos = {int(r): j for j, r in enumerate(rows.tolist())}
        for i, f in enumerate(part):
            own = index.story_of[f.id]
            if own in pos:
                own_score = _own_score(index, own, vecs[i], size[own])
                if f.day is not None and not np.isnan(index._lo[own]):
                    own_score += cfg.time_logit(0.0)  # its own story is dated on its day
                scores[i, pos[own]] = own_score
            j = int(np.argmax(scores[i])) if len(rows) else -1
            best = int(rows[j]) if j >= 0 and scores[i, j] >= cfg.join_threshold else -1
            if best != own and not (best < 0 and size[own] == 1):
                moves.append((f, own, best, vecs[i]))
    for f, old, new, v in moves:
        if new < 0:
            new = index._new_story()
        index.members[old].remove(f.id)
        index._update(old, v, None, sign=-1.0)
        index._place(f, new, index.scores.get(f.id, 1.0), v)
    moved = {f.id for f, *_ in moves}
    for f in feats:  # copies go where their originals went
        if f.original_id and f.id in index.story_of and f.original_id in moved:
            s_old, s_new = index.story_of[f.id], index.story_of[f.original_id]
            if s_old != s_new:
                index.members[s_old].remove(f.id)
                index._place(f, s_new, 1.0, None)
    _respan(index, feats)
    return len(moves)


def _rows_near(index: StoryIndex, days: np.ndarray, n: int) -> np.ndarray:
    """Stories a chunk of articles could join: near its dates in time, or undated."""
    rows = np.arange(n)
    if np.isnan(days).any() or not len(days):
        return rows
    lo, hi = index._lo[:n], index._hi[:n]
    slack = index.config.cold_days
    keep = np.isnan(lo) | ((lo <= days.max() + slack) & (hi >= days.min() - slack))
    return rows[keep]


def _own_score(index: StoryIndex, s: int, v: tuple[np.ndarray, ...], size: int) -> float:
    """Score of an article against its own story with itself left out."""
    rest_n = float(index._count[s]) - 1.0
    if size <= 1 or rest_n < 1.0:
        return -np.inf
    cfg = index.config
    total = 0.0
    for w, arr, x in zip(
        (cfg.w_emb, cfg.w_lex, cfg.w_key), (index._emb, index._lexs, index._keys), v, strict=True
    ):
        total += w * float(x @ (arr[s] - x))
    return cfg.bias + total / rest_n


def _respan(index: StoryIndex, feats: Sequence[ArticleFeatures]) -> None:
    day = {f.id: f.day for f in feats}
    index._lo[: index.n] = np.nan
    index._hi[: index.n] = np.nan
    for s, members in enumerate(index.members):
        ds = [d for a in members if (d := day.get(a)) is not None]
        if ds:
            index._lo[s], index._hi[s] = min(ds), max(ds)
