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
    t = cfg.time_logit(g)
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


BEST_K = 3  # the second stage reads each article's three best logits with others
BEST_FLOOR = -10.0  # a best logit below this means "no match" (an article with few others)


def _weights(cfg: StoryConfig) -> tuple[tuple[float, float], ...]:
    """(max, min) weights of the second stage on the 1st, 2nd and 3rd best logits."""
    return (
        (cfg.r_best_max, cfg.r_best_min),
        (cfg.r_second_max, cfg.r_second_min),
        (cfg.r_third_max, cfg.r_third_min),
    )


def two_stage(cfg: StoryConfig) -> bool:
    """Whether the rebuild's second stage reads the neighbourhoods (any r_best weight)."""
    return any(w != 0.0 for pair in _weights(cfg) for w in pair)


def staged(s: np.ndarray, bi: np.ndarray, bj: np.ndarray, cfg: StoryConfig) -> np.ndarray:
    """The rebuild's second-stage score of pair logits ``s`` given the ``BEST_K`` best logits
    ``bi`` and ``bj`` of either side (their last axis; the others broadcast against ``s``)."""
    if not two_stage(cfg):
        return cfg.r_logit * s + cfg.r_bias
    out = cfg.r_bias + cfg.r_logit * s
    for k, (w_max, w_min) in enumerate(_weights(cfg)):
        x, y = bi[..., k], bj[..., k]
        out = out + w_max * np.maximum(x, y) + w_min * np.minimum(x, y)
    return np.where(s <= COLD, COLD, out)


def _merge_top(best: np.ndarray, idx: np.ndarray, cand: np.ndarray) -> None:
    """Keep in ``best[idx]`` the ``BEST_K`` largest of its values and the candidates ``cand``
    (one row per index, candidates along the columns)."""
    both = np.concatenate([best[idx], cand], axis=1)
    best[idx] = -np.sort(-both, axis=1)[:, :BEST_K]


def best_logits(
    vecs: tuple[np.ndarray, np.ndarray, np.ndarray],
    days: np.ndarray,
    config: StoryConfig = DEFAULT_CONFIG,
    chunk: int = 512,
) -> np.ndarray:
    """Each article's ``BEST_K`` best logits with other articles, best first (n x BEST_K),
    floored at ``BEST_FLOOR`` (an article with fewer non-cold neighbours gets the floor)."""
    n = len(days)
    best = np.full((n, BEST_K), BEST_FLOOR)
    for rows, cols in _chunks(days, config, chunk):
        s = pair_logits(vecs, days, rows, cols, config)
        s[rows[:, None] == cols[None, :]] = COLD
        k = min(BEST_K, s.shape[1])
        _merge_top(best, rows, -np.sort(-s, axis=1)[:, :k])
        # Columns outside the chunk's own rows: pairs no later chunk scores again (pairs inside
        # the chunk were counted row by row above, both ways).
        outside = ~np.isin(cols, rows)
        if outside.any():
            sub = s[:, outside]
            k = min(BEST_K, sub.shape[0])
            _merge_top(best, cols[outside], -np.sort(-sub.T, axis=1)[:, :k])
    return np.maximum(best, BEST_FLOOR)


def size_bonus(config: StoryConfig, size: np.ndarray | float) -> np.ndarray:
    """The merge bonus of a group of ``size`` articles: ``size_bonus`` log(size), capped at
    ``size_cap`` articles."""
    return config.size_bonus * np.log(np.minimum(size, config.size_cap))


def size_aware_linkage(s: np.ndarray, config: StoryConfig) -> np.ndarray:
    """Group labels of one component from its pair scores ``s`` (symmetric): agglomerative,
    each step merging the two groups with the highest mean cross score plus the size bonus of
    the merged group, while that reaches ``threshold``.

    With ``size_bonus`` 0 this is average linkage. The bonus lets large groups (an event many
    outlets covered, whose members agree less pair by pair) absorb fragments that a flat cut
    leaves apart. Each row keeps its best partner, so a merge recomputes only the rows that
    pointed at one of the two groups.
    """
    k = s.shape[0]
    total = s.astype(np.float64)
    np.fill_diagonal(total, 0.0)
    size = np.ones(k)
    alive = np.ones(k, dtype=bool)
    label = np.arange(k)

    def row_scores(r: int) -> np.ndarray:
        sc = total[r] / (size[r] * size) + size_bonus(config, size[r] + size)
        sc[~alive] = -np.inf
        sc[r] = -np.inf
        return sc

    # Every group is one article at first: its scores are the pair scores plus the bonus of 2.
    first = total + size_bonus(config, 2.0)
    np.fill_diagonal(first, -np.inf)
    partner = np.argmax(first, axis=1)
    value = first[np.arange(k), partner]
    while True:
        i = int(np.argmax(np.where(alive, value, -np.inf)))
        if not alive[i] or value[i] < config.threshold:
            break
        j = int(partner[i])
        # Merge j into i.
        total[i] += total[j]
        total[:, i] += total[:, j]
        total[i, i] = 0.0
        size[i] += size[j]
        alive[j] = False
        value[j] = -np.inf
        label[label == j] = i
        new_i = row_scores(i)
        rows = np.nonzero(alive)[0]
        rows = rows[rows != i]
        stale = np.isin(partner[rows], (i, j))
        for r in rows[stale].tolist():  # their partner changed: rescore the whole row
            sc = row_scores(r)
            partner[r] = int(np.argmax(sc))
            value[r] = sc[partner[r]]
        fresh = rows[~stale]
        gain = fresh[new_i[fresh] > value[fresh]]  # the merged group beats their partner
        partner[gain] = i
        value[gain] = new_i[gain]
        partner[i] = int(np.argmax(new_i))
        value[i] = new_i[partner[i]]
    return label


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
    staging = two_stage(config)
    best = best_logits(vecs, days, config, chunk) if staging else np.zeros((n, BEST_K))
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    for rows, cols in _chunks(days, config, chunk):
        s = pair_logits(vecs, days, rows, cols, config)
        z = staged(s, best[rows][:, None, :], best[cols][None, :, :], config)
        # A pair below the threshold may still join two groups whose size bonus lifts it.
        i, j = np.nonzero(z >= t - float(size_bonus(config, config.size_cap)))
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
        s = staged(
            pair_logits(vecs, days, sel, sel, config), bs[:, None, :], bs[None, :, :], config
        )
        s = (s + s.T) / 2
        if config.size_bonus:
            flat = np.unique(size_aware_linkage(s, config), return_inverse=True)[1] + 1
        else:
            top = float(s.max())
            dist = top - s
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
