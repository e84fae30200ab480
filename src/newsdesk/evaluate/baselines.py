"""Story-clustering baselines behind the ``Clusterer`` interface (``newsdesk.clusterers``).

Registered as ``hdbscan``, ``agglomerative`` and ``bertopic``; each reads the article vectors
only (BERTopic also the lead texts, for its topic words), the same vectors newsdesk is given.
Their libraries come with the ``[eval]`` extra and are imported when a clusterer runs, so a
missing one is a :class:`~newsdesk.errors.DependencyError` with the install command.

* HDBSCAN, ``min_cluster_size=2``, otherwise default (euclidean on unit vectors), noise points
  as singletons;
* agglomerative clustering, average linkage, cosine distance threshold ``AGGLO_THRESHOLD``
  (chosen on the AllSides stories with an odd id, as newsdesk's join threshold was);
* BERTopic handed our vectors (no model download), ``min_topic_size=2``, UMAP seeded,
  outliers as singletons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newsdesk.errors import DependencyError
from newsdesk.stories.core import ArticleFeatures

AGGLO_THRESHOLD = 0.375  # cosine distance; tuned on AllSides odd-id stories, as newsdesk was
INSTALL_HINT = "run: pip install -e '.[eval]' (or pip install 'newsdesk[eval]')"


def _vectors(feats: Sequence[ArticleFeatures]) -> np.ndarray:
    if not feats:
        return np.zeros((0, 0), np.float32)
    return np.stack([np.asarray(f.vector, dtype=np.float32) for f in feats])


def noise_to_singletons(labels: np.ndarray | Sequence[int]) -> list[int]:
    """Cluster labels with each noise point (label < 0) in a cluster of its own."""
    arr = np.asarray(labels)
    out: list[int] = []
    nxt = int(arr.max()) + 1 if len(arr) else 0
    for x in arr:
        if x < 0:
            out.append(nxt)
            nxt += 1
        else:
            out.append(int(x))
    return out


def _require(module: str, package: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise DependencyError(f"{package} is not installed ({exc}); {INSTALL_HINT}") from exc


class HdbscanClusterer:
    """HDBSCAN over the article vectors; noise points become singletons."""

    name = "hdbscan"
    inputs = frozenset({"vector"})

    def __init__(self, min_cluster_size: int = 2) -> None:
        self.min_cluster_size = min_cluster_size
        self.label = f"HDBSCAN (min_cluster_size={min_cluster_size})"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        hdbscan = _require("hdbscan", "hdbscan")
        if len(feats) < self.min_cluster_size:
            return list(range(len(feats)))
        model = hdbscan.HDBSCAN(min_cluster_size=self.min_cluster_size)
        return noise_to_singletons(model.fit_predict(_vectors(feats).astype(np.float64)))


class AgglomerativeClusterer:
    """Average-linkage agglomerative clustering, cut at a cosine distance."""

    name = "agglomerative"
    inputs = frozenset({"vector"})

    def __init__(self, threshold: float = AGGLO_THRESHOLD) -> None:
        self.threshold = threshold
        self.label = f"agglomerative (average, cosine dist {threshold})"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        cluster_mod = _require("sklearn.cluster", "scikit-learn")
        if len(feats) < 2:
            return [0] * len(feats)
        model = cluster_mod.AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=self.threshold
        )
        return [int(x) for x in model.fit_predict(_vectors(feats))]


class BertopicClusterer:
    """BERTopic on our vectors (its embedding model is never loaded); UMAP seeded."""

    name = "bertopic"
    inputs = frozenset({"vector", "text"})

    def __init__(self, min_topic_size: int = 2, seed: int = 42) -> None:
        self.min_topic_size = min_topic_size
        self.seed = seed
        self.label = f"BERTopic (min_topic_size={min_topic_size})"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        bertopic = _require("bertopic", "bertopic")
        umap = _require("umap", "umap-learn")
        n = len(feats)
        if len(texts) != n:
            raise ValueError(f"{n} articles but {len(texts)} texts")
        if n < 5:
            return list(range(n))
        umap_model = umap.UMAP(
            n_neighbors=min(15, n - 1),
            n_components=5,
            min_dist=0.0,
            metric="cosine",
            random_state=self.seed,
            # Spectral initialisation needs more points than dimensions; only tiny sets lack them.
            init="spectral" if n >= 50 else "random",
        )
        model = bertopic.BERTopic(
            embedding_model=None, umap_model=umap_model, min_topic_size=self.min_topic_size
        )
        topics, _ = model.fit_transform(list(texts), embeddings=_vectors(feats))
        return noise_to_singletons(np.asarray(topics))


__all__ = [
    "AGGLO_THRESHOLD",
    "AgglomerativeClusterer",
    "BertopicClusterer",
    "HdbscanClusterer",
    "noise_to_singletons",
]
