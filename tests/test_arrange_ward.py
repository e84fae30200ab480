"""The writer's strand clustering: SciPy's Ward tree cut into k groups gives scikit-learn's
partition (the writer no longer imports scikit-learn for it)."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from newsdesk.write.extractive.arrange import ward_groups


def _partition(labels) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_ward_groups_match_scikit_learn() -> None:
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(4, 31))
        k = int(rng.integers(2, min(6, n) + 1))
        vecs = rng.normal(size=(n, 16)).astype(np.float32)
        if rng.random() < 0.3:  # exact duplicates: ties in the tree
            vecs[rng.integers(0, n)] = vecs[0]
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        want = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(vecs)
        got = ward_groups(vecs, k)
        assert _partition(got) == _partition(want)
        assert len(set(got)) == k


def test_ward_groups_edge_cases() -> None:
    vecs = np.eye(4, dtype=np.float32)
    assert len(set(ward_groups(vecs, 4))) == 4
    assert len(set(ward_groups(vecs, 1))) == 1
    assert len(set(ward_groups(vecs, 9))) == 4  # never more groups than rows
