"""The plain records the store takes and returns (with :mod:`newsdesk.model`'s ``Article``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.model import Sentence


@dataclass
class NewArticle:
    """An article ready to be stored: ID chosen, duplicates checked, sentences split."""

    id: str
    key: str  # the full SHA-256 the ID is a prefix of
    title: str
    text: str
    text_hash: str
    sentences: list[Sentence]
    minhash: np.ndarray  # uint64 MinHash signature
    bands: list[int]  # LSH band hashes of the signature, band i at position i
    lineage_id: str  # the lineage's first article (itself when not a copy)
    url: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    original_id: str | None = None
    similarity: float | None = None
    origin: str = ""
    encoding: str | None = None  # the text encoding it was read with
    previous_id: str | None = None  # the version a corrected feed item replaces
    date_source: str | None = None  # where ``published`` came from (newsdesk.ingest.datesource)


@dataclass
class DuplicateCandidate:
    """A stored article that shares an LSH band with a newcomer."""

    id: str
    minhash: np.ndarray | None
    text: str


@dataclass
class FeatureRecord:
    """What story grouping computed once for an article, plus the fields it reads with it."""

    id: str
    terms: dict[str, int]
    keys: dict[str, int]
    entities: list[list[Any]]  # [[key, label, text, count], ...]
    phrases: list[str]
    version: int
    vector: np.ndarray | None = None  # the article vector of the requested model, if stored
    published: str | None = None
    source: str | None = None
    original_id: str | None = None
    lineage_id: str | None = None


@dataclass
class LabelInput:
    """What a story label is made from: title, the start of the text, entities, phrases."""

    id: str
    title: str
    lead: str  # the first characters of the text, as stored
    entities: list[list[Any]]
    phrases: list[str]


@dataclass
class MemberRow:
    """One member of a story, with what the story's figures are counted from."""

    story_id: str
    id: str
    published: str | None
    source: str | None
    lineage_id: str
    original_id: str | None
    root_source: str | None  # the outlet of the lineage's original


@dataclass
class StoryRow:
    """A story's figures and label, as ``stories`` lists them."""

    id: str
    label: str
    first_seen: str | None
    last_seen: str | None
    article_count: int
    outlet_count: int
    independent_sources: int
    top_entities: list[list[Any]] = field(default_factory=list)  # [[text, label, articles]]


@dataclass
class ThemeRow:
    id: str
    label: str
    story_ids: list[str]
    article_count: int
    first_seen: str | None
    last_seen: str | None


@dataclass
class StoryEvent:
    kind: str  # "merge" | "split" | "rebuild"
    story_id: str
    detail: dict[str, Any]


@dataclass
class CachedResponse:
    """An LLM's answer to one prompt, kept so that asking again costs nothing."""

    model: str
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


def chunks(items: Sequence[Any], n: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]
