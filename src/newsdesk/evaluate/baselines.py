"""Story-clustering baselines behind the ``Clusterer`` interface.

Named in :data:`newsdesk.evaluate.clustering.SYSTEMS` as ``hdbscan``, ``agglomerative`` and
``bertopic``; each reads the article vectors only (BERTopic also the lead texts, for its topic
words), the same vectors newsdesk is given.
Their libraries come with the ``[eval]`` extra and are imported when a clusterer runs, so a
missing one is a :class:`~newsdesk.errors.DependencyError` with the install command.

* HDBSCAN, ``min_cluster_size=2``, otherwise default (euclidean on unit vectors), noise points
  as singletons;
* agglomerative clustering, average linkage, cosine distance threshold ``AGGLO_THRESHOLD``
  (chosen on the odd halves of ECB+ and AllSides, as newsdesk's threshold was);
* BERTopic handed our vectors (no model download), ``min_topic_size=2``, UMAP seeded,
  outliers as singletons.

Two more read what newsdesk reads, so the comparison is on equal input (``-combined``): the
same vectors plus the same hashed TF-IDF words and entity/figure keys (document frequencies
of the collection), mixed into one similarity with fixed weights ``COMBINED_WEIGHTS`` (vector,
words, keys; set beforehand, not tuned), and the same date rule (a pair more than
``cold_days`` apart never links):

* ``agglomerative-combined``: average linkage on that similarity, cut at
  ``AGGLO_COMBINED_THRESHOLD`` (chosen on the odd halves of ECB+ and AllSides);
* ``hdbscan-combined``: HDBSCAN on the precomputed distance 1 - similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newsdesk.errors import DependencyError
from newsdesk.stories.core import ArticleFeatures

AGGLO_THRESHOLD = 0.45  # cosine distance; best mean F1 on the odd halves of ECB+ and AllSides
COMBINED_WEIGHTS = (1.0, 1.0, 0.5)  # vector, words, keys: newsdesk's mix before the pair model
AGGLO_COMBINED_THRESHOLD = 0.65  # distance; best mean F1 on the odd halves of ECB+ and AllSides
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


def combined_similarity(feats: Sequence[ArticleFeatures]) -> np.ndarray:
    """Weighted mean of the vector, TF-IDF word and key cosines of every pair (-1 for a pair
    of dated articles further apart than ``cold_days``): what newsdesk reads, in one matrix."""
    from newsdesk.evaluate.pairfit import article_matrices
    from newsdesk.stories.config import DEFAULT_CONFIG

    emb, lex, key, days = article_matrices(feats)
    we, wl, wk = COMBINED_WEIGHTS
    sim = (we * (emb @ emb.T) + wl * (lex @ lex.T) + wk * (key @ key.T)) / (we + wl + wk)
    with np.errstate(invalid="ignore"):
        gap = np.abs(days[:, None] - days[None, :])
    sim[np.nan_to_num(gap, nan=0.0) > DEFAULT_CONFIG.cold_days] = -1.0
    return sim.astype(np.float64)


def _distance(feats: Sequence[ArticleFeatures]) -> np.ndarray:
    dist = np.clip(1.0 - combined_similarity(feats), 0.0, 2.0)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    return dist


class CombinedAgglomerativeClusterer:
    """Average linkage on newsdesk's own inputs mixed into one similarity."""

    name = "agglomerative-combined"
    inputs = frozenset({"vector", "terms", "keys", "published"})

    def __init__(self, threshold: float = AGGLO_COMBINED_THRESHOLD) -> None:
        self.threshold = threshold
        self.label = f"agglomerative on vec+words+ents (dist {threshold})"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        cluster_mod = _require("sklearn.cluster", "scikit-learn")
        if len(feats) < 2:
            return [0] * len(feats)
        model = cluster_mod.AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=self.threshold,
        )
        return [int(x) for x in model.fit_predict(_distance(feats))]


class CombinedHdbscanClusterer:
    """HDBSCAN on newsdesk's own inputs mixed into one distance; noise points as singletons."""

    name = "hdbscan-combined"
    inputs = frozenset({"vector", "terms", "keys", "published"})

    def __init__(self, min_cluster_size: int = 2) -> None:
        self.min_cluster_size = min_cluster_size
        self.label = f"HDBSCAN on vec+words+ents (min_cluster_size={min_cluster_size})"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        hdbscan = _require("hdbscan", "hdbscan")
        if len(feats) < max(self.min_cluster_size, 3):
            return list(range(len(feats)))
        model = hdbscan.HDBSCAN(min_cluster_size=self.min_cluster_size, metric="precomputed")
        return noise_to_singletons(model.fit_predict(_distance(feats)))


__all__ = [
    "AGGLO_COMBINED_THRESHOLD",
    "COMBINED_WEIGHTS",
    "CombinedAgglomerativeClusterer",
    "CombinedHdbscanClusterer",
    "combined_similarity",
    "AGGLO_THRESHOLD",
    "AgglomerativeClusterer",
    "BertopicClusterer",
    "HdbscanClusterer",
    "noise_to_singletons",
]
