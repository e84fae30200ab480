"""The ``Clusterer`` interface: a collection of articles in, one story label per article out.

Every clustering method newsdesk runs or is measured against is a ``Clusterer``, found by name
through :func:`newsdesk.plugins.get` (entry-point group ``newsdesk.clusterers``)::

    clusterer = plugins.get("clusterer", "newsdesk")()
    labels = clusterer.cluster(features, texts)

``features`` are :class:`~newsdesk.stories.core.ArticleFeatures` (the article vector, content
words, entity and figure keys, date, near-duplicate link); ``texts`` are the lead texts the
vectors were made from, one per article, for methods that read text (BERTopic's topic words).
Labels are integers, equal for articles in the same story; their values mean nothing else.

``inputs`` names what a clusterer reads, from :data:`INPUTS`. A caller may hand it only those
(:func:`restrict`), so a baseline declared to read vectors alone cannot draw on anything else.

Two built-ins: :class:`NewsdeskClusterer` (``newsdesk``, the whole-collection rebuild that
``newsdesk stories --rebuild`` runs) and :class:`IncrementalClusterer`
(``newsdesk-incremental``, articles joining stories batch by batch in arrival order, as during
ingest). The evaluation baselines live in :mod:`newsdesk.evaluate.baselines`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from newsdesk.stories.core import (
    DEFAULT_CONFIG,
    ArticleFeatures,
    StoryConfig,
    StoryIndex,
    cluster,
)

# What a clusterer may read of an article: the fields of ArticleFeatures and the lead text.
INPUTS: tuple[str, ...] = (
    "vector",  # the article vector (title + lead)
    "terms",  # content words of the title and lead
    "keys",  # named entities, figures and months
    "published",  # the article's own date (with ``day``)
    "source",  # the outlet
    "original_id",  # the article it is a near-duplicate of
    "text",  # the lead text the vector was made from
)
NEWSDESK_INPUTS = frozenset({"vector", "terms", "keys", "published", "original_id"})


@runtime_checkable
class Clusterer(Protocol):
    """Groups articles: ``cluster(features, texts) -> labels``, one label per article."""

    name: str  # the registered name, e.g. "newsdesk"
    label: str  # how results show it, with its parameters, e.g. "HDBSCAN (min_cluster_size=2)"
    inputs: frozenset[str]  # what it reads, from INPUTS

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        """One integer label per article, in the order given."""
        ...


def restrict(
    feats: Sequence[ArticleFeatures], texts: Sequence[str], inputs: frozenset[str]
) -> tuple[list[ArticleFeatures], list[str]]:
    """``feats`` and ``texts`` with everything outside ``inputs`` blanked (IDs are kept)."""
    unknown = set(inputs) - set(INPUTS)
    if unknown:
        raise ValueError(f"unknown clusterer inputs: {', '.join(sorted(unknown))}")
    if len(texts) != len(feats):
        raise ValueError(f"{len(feats)} articles but {len(texts)} texts")
    out = []
    for f in feats:
        g = replace(
            f,
            vector=f.vector if "vector" in inputs else f.vector[:0],
            terms=f.terms if "terms" in inputs else {},
            keys=f.keys if "keys" in inputs else {},
            published=f.published if "published" in inputs else None,
            day=f.day if "published" in inputs else None,
            source=f.source if "source" in inputs else None,
            original_id=f.original_id if "original_id" in inputs else None,
            lineage_id=f.lineage_id if "original_id" in inputs else f.id,
        )
        out.append(g)
    return out, list(texts) if "text" in inputs else [""] * len(texts)


def _check(feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> None:
    if len(texts) != len(feats):
        raise ValueError(f"{len(feats)} articles but {len(texts)} texts")


class NewsdeskClusterer:
    """newsdesk's rebuild: the whole collection in canonical order, then a refinement pass."""

    name = "newsdesk"
    label = "newsdesk (rebuild)"
    inputs = NEWSDESK_INPUTS

    def __init__(self, config: StoryConfig = DEFAULT_CONFIG) -> None:
        self.config = config

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        _check(feats, texts)
        if not feats:
            return []
        return cluster(feats, self.config)[1]


class IncrementalClusterer:
    """newsdesk at ingest: arrival order (date, then ID; or ``order="shuffled"``: a fixed
    pseudo-random order), ``config.batch`` articles at a time, document frequencies growing
    as articles arrive, each batch settled with the rebuild's linkage (``config.settle``)."""

    name = "newsdesk-incremental"
    label = "newsdesk (incremental)"
    inputs = NEWSDESK_INPUTS

    def __init__(
        self, config: StoryConfig = DEFAULT_CONFIG, order: str = "date", seed: int = 0
    ) -> None:
        if order not in ("date", "shuffled"):
            raise ValueError(f"unknown arrival order {order!r} (date or shuffled)")
        self.config = config
        self.order = order
        self.seed = seed
        if order == "shuffled":
            self.name = "newsdesk-shuffled"
            self.label = "newsdesk (incremental, shuffled)"

    def cluster(self, feats: Sequence[ArticleFeatures], texts: Sequence[str]) -> list[int]:
        _check(feats, texts)
        if not feats:
            return []
        index = StoryIndex(self.config, dim=int(feats[0].vector.shape[0]))
        order = sorted(feats, key=lambda f: f.order_key)
        if self.order == "shuffled":
            # A hash of each ID and the seed: the same order on every run and machine.
            order = sorted(
                feats,
                key=lambda f: hashlib.sha256(f"{self.seed}:{f.id}".encode()).hexdigest(),
            )
        for start in range(0, len(order), self.config.batch):
            index.add(order[start : start + self.config.batch])
        return [index.story_of[f.id] for f in feats]


__all__ = [
    "INPUTS",
    "NEWSDESK_INPUTS",
    "Clusterer",
    "IncrementalClusterer",
    "NewsdeskClusterer",
    "restrict",
]
