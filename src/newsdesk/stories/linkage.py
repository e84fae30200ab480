"""The rebuild's clustering: exact average linkage on the pairwise same-event logit.

Two articles score ``bias + w_emb cos_emb + w_lex cos_lex + w_key cos_key`` plus the time
terms when both are dated (:class:`~newsdesk.stories.config.StoryConfig`); pairs more than
``cold_days`` apart never link. Average linkage merges two groups while the mean logit over
their cross pairs reaches ``threshold``, so the result is what the incremental index
approximates in one pass (it scores an article by its mean logit with a story's members), but
free of arrival order: fragments of one event are merged and chains split.

A merged group's mean can reach the threshold only if at least one of its pairs does, so the
groups never cross the connected components of the graph of pairs at or above the threshold.
The pairs are scored in chunks (only those edges are kept), and each component is clustered on
its own full matrix: memory follows the largest component, not the collection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig

COLD = -50.0  # the logit a cold pair takes inside a component (finite, so means stay defined)


def pair_logits(
    vecs: tuple[np.ndarray, np.ndarray, np.ndarray],
    days: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    config: StoryConfig = DEFAULT_CONFIG,
) -> np.ndarray:
    """Same-event logits of articles ``rows`` against articles ``cols`` (``COLD`` if cold)."""
    emb, lex, key = vecs
    cfg = config
    s = cfg.w_emb * (emb[rows] @ emb[cols].T)
    s += cfg.w_lex * (lex[rows] @ lex[cols].T)
    s += cfg.w_key * (key[rows] @ key[cols].T)
    s += cfg.bias
    gap = np.abs(days[rows][:, None] - days[cols][None, :])
    known = ~np.isnan(gap)
    g = np.where(known, gap, 0.0)
    t = cfg.w_known + cfg.w_gap * np.minimum(g, 30.0) / 30.0 + cfg.w_near * (g <= cfg.near_days)
    s = np.where(known, s + t, s)
    s[known & (g > cfg.cold_days)] = COLD
    return s


def _chunks(days: np.ndarray, config: StoryConfig, chunk: int) -> Iterator[tuple[np.ndarray, ...]]:
    """(rows, cols) blocks covering every pair that is not cold, each pair at least once (both
    orders inside a block): by date, undated last, a chunk of rows against the later articles
    within ``cold_days`` of it and the undated ones."""
    n = len(days)
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    sorted_days = days[order]
    n_dated = int(np.count_nonzero(~np.isnan(sorted_days)))
    for start in range(0, n, chunk):
        rows = order[start : start + chunk]
        last = sorted_days[min(start + chunk, n) - 1]
        if start + chunk <= n_dated:
            end = int(np.searchsorted(sorted_days[:n_dated], last + config.cold_days, "right"))
            cols = np.concatenate([order[start:end], order[n_dated:]])
        else:
            cols = order[start:]
        yield rows, cols


def staged(s: np.ndarray, bi: np.ndarray, bj: np.ndarray, cfg: StoryConfig) -> np.ndarray:
    """The rebuild's second-stage score of pair logits ``s`` given the best logits ``bi`` and
    ``bj`` of either side (arrays that broadcast against ``s``)."""
    if cfg.r_best_max == 0.0 and cfg.r_best_min == 0.0 and cfg.r_logit == 1.0:
        return s + cfg.r_bias
    out = (
        cfg.r_bias
        + cfg.r_logit * s
        + cfg.r_best_max * np.maximum(bi, bj)
        + cfg.r_best_min * np.minimum(bi, bj)
    )
    out[s <= COLD] = COLD
    return out


def logit_floor(config: StoryConfig) -> float:
    """A pair logit below which the second-stage score cannot reach ``threshold``.

    Each side's best logit is at least the pair's own, so with non-positive weights on the
    bests the staged score is at most ``r_bias + (r_logit + r_best_max + r_best_min) logit``.
    """
    c = config
    slope = c.r_logit + c.r_best_max + c.r_best_min
    if c.r_best_max > 0 or c.r_best_min > 0 or slope <= 0:
        return -np.inf  # no bound: every pair is a candidate
    return (c.threshold - c.r_bias) / slope


def best_logits(
    vecs: tuple[np.ndarray, np.ndarray, np.ndarray],
    days: np.ndarray,
    config: StoryConfig = DEFAULT_CONFIG,
    chunk: int = 512,
) -> np.ndarray:
    """Each article's best logit with any other article (``COLD`` when it has none)."""
    n = len(days)
    best = np.full(n, COLD)
    for rows, cols in _chunks(days, config, chunk):
        s = pair_logits(vecs, days, rows, cols, config)
        s[rows[:, None] == cols[None, :]] = COLD
        np.maximum.at(best, rows, s.max(axis=1))
        np.maximum.at(best, cols, s.max(axis=0))
    return best


def average_linkage(
    vecs: tuple[np.ndarray, np.ndarray, np.ndarray],
    days: np.ndarray,
    config: StoryConfig = DEFAULT_CONFIG,
    chunk: int = 512,
) -> list[int]:
    """Group labels (0, 1, ... in order of each group's first article) for the articles whose
    unit vectors (emb, TF-IDF words, keys) and days (NaN: undated) are given."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial.distance import squareform

    n = vecs[0].shape[0]
    if n == 0:
        return []
    t = config.threshold
    two_stage = not (config.r_best_max == 0.0 and config.r_best_min == 0.0)
    best = best_logits(vecs, days, config, chunk) if two_stage else np.zeros(n)
    floor = logit_floor(config)
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    for rows, cols in _chunks(days, config, chunk):
        s = pair_logits(vecs, days, rows, cols, config)
        i, j = np.nonzero(s >= floor) if two_stage else (np.array([], int), np.array([], int))
        if two_stage:
            keep = rank[cols[j]] > rank[rows[i]]
            i, j = i[keep], j[keep]
            ok = staged(s[i, j], best[rows[i]], best[cols[j]], config) >= t
            i, j = i[ok], j[ok]
        else:
            i, j = np.nonzero(s + config.r_bias >= t)
            keep = rank[cols[j]] > rank[rows[i]]
            i, j = i[keep], j[keep]
        src.append(rows[i])
        dst.append(cols[j])
    a, b = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _k, comp = connected_components(graph, directed=False)
    labels = np.full(n, -1, dtype=np.int64)
    members: dict[int, list[int]] = {}
    for pos, c in enumerate(comp.tolist()):
        members.setdefault(c, []).append(pos)
    next_label = 0
    raw = np.zeros(n, dtype=np.int64)
    for idx in members.values():
        if len(idx) == 1:
            raw[idx[0]] = next_label
            next_label += 1
            continue
        sel = np.array(idx)
        bs = best[sel]
        s = staged(pair_logits(vecs, days, sel, sel, config), bs[:, None], bs[None, :], config)
        top = float(s.max())
        dist = top - s
        dist = (dist + dist.T) / 2
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform(np.maximum(dist, 0.0), checks=False), method="average")
        flat = fcluster(tree, t=top - t, criterion="distance")
        raw[sel] = next_label + flat - 1
        next_label += int(flat.max())
    # Number the groups by their first article, so labels follow the input order.
    numbering: dict[int, int] = {}
    for pos in range(n):
        labels[pos] = numbering.setdefault(int(raw[pos]), len(numbering))
    return labels.tolist()


def group_by_labels(labels: Sequence[int]) -> list[list[int]]:
    """Positions per label, labels in order."""
    out: list[list[int]] = [[] for _ in range(max(labels, default=-1) + 1)]
    for i, lab in enumerate(labels):
        out[lab].append(i)
    return out
