"""The ``Store`` interface: everything newsdesk keeps, as small role protocols and their union.

A caller names the role it uses (``ArticleReader`` to read articles, ``LLMCache`` for cached
answers, ...); :class:`Store` is the union that both implementations (SQLite, PostgreSQL)
offer. An implementation owns its connection, its SQL and its dialect features: no other
module touches a connection. The records it takes and returns are the plain types of
:mod:`newsdesk.store.records` (re-exported here) and :mod:`newsdesk.model`. Writes happen inside
``with store.write():`` (one atomic transaction, nested calls join the outer one); reads may
happen anywhere.

Vectors are stored with the model name and dimension of the embedder that made them, under a
content key (a hash of model and text), so nothing is embedded twice and vectors of different
models never mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

import numpy as np

from newsdesk.model import Article
from newsdesk.store.records import (
    CachedResponse,
    DuplicateCandidate,
    FeatureRecord,
    LabelInput,
    MemberRow,
    NewArticle,
    StoryEvent,
    StoryRow,
    ThemeRow,
    chunks,
)


@runtime_checkable
class Transactions(Protocol):
    """Where the store is, whether it may be written, and its transactions."""

    location: str  # where it is, for messages and as a cache key ("path/to/x.db", a URL)
    read_only: bool  # opened on read-only media: every write() raises StoreError

    def close(self) -> None: ...
    def __enter__(self) -> Any: ...
    def __exit__(self, *exc: object) -> None: ...
    def write(self) -> AbstractContextManager[None]:
        """One atomic transaction; nested calls join the outer one."""
        ...

    def schema_version(self) -> int: ...


@runtime_checkable
class ArticleReader(Protocol):
    """Articles by ID, prefix and date window; their lineages; full-text search."""

    def count(self) -> int: ...
    def resolve_id(self, prefix: str) -> str:
        """The one article ID starting with ``prefix``; NotFound/AmbiguousIDError otherwise."""
        ...

    def ids_with_prefix(self, prefix: str) -> set[str]: ...
    def get_article(self, article_id: str, *, sentences: bool = True) -> Article: ...
    def get_articles(self, ids: Sequence[str], *, sentences: bool = True) -> list[Article]:
        """In the given order; unknown IDs are skipped."""
        ...

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: stored text}`` of the known IDs among ``ids``."""
        ...

    def list_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """id, title, url, published, source, author, original_id, lineage_id; by date."""
        ...

    def ids_in_window(self, since: str | None, until: str | None) -> set[str]: ...
    def articles_after(self, seq: int, limit: int) -> list[tuple[int, str]]:
        """(sequence, id) of up to ``limit`` articles stored after sequence ``seq``, in the
        order they were stored, so a reader can resume where it stopped (on SQLite, an article
        stored after the newest one was deleted may take its number, and be missed)."""
        ...

    def stats(self) -> dict[str, Any]: ...
    def lineages(self, ids: Sequence[str]) -> dict[str, str]:
        """``{article id: lineage id}``."""
        ...

    def lineage_members(self, lineage_id: str) -> list[str]:
        """The lineage's article IDs, earliest first."""
        ...

    def copies_of(self, article_id: str) -> list[dict[str, Any]]:
        """Other members of the article's lineage: id, title, source, published, ..."""
        ...

    def lexical_search(
        self,
        terms: Sequence[str],
        *,
        since: str | None = None,
        until: str | None = None,
        limit: int = 300,
    ) -> list[str]:
        """Article IDs matching any term, best first (title weighted above text)."""
        ...


@runtime_checkable
class ArticleWriter(Protocol):
    """Ingest: exact and near-duplicate checks, adding articles, re-rooting a lineage (inside
    ``write()``)."""

    def find_duplicate(
        self, key: str, text_hash: str, canonical_url: str | None
    ) -> tuple[str, str] | None:
        """(stored ID, "same URL" | "same text") of an exact duplicate, else None."""
        ...

    def duplicate_candidates(self, bands: Sequence[int]) -> list[DuplicateCandidate]:
        """Stored articles sharing at least one LSH band (band i is ``bands[i]``)."""
        ...

    def add_article(self, article: NewArticle) -> None: ...
    def add_articles(self, items: Sequence[NewArticle]) -> None:
        """Several articles in batched statements (a bulk load, as ``migrate`` copies); an
        original must come before its copies, in ``items`` or already stored."""
        ...

    def published_of(self, article_id: str) -> str | None: ...
    def reroot_lineage(self, old_root: str, new_root: str, similarity: float | None) -> None:
        """``new_root`` (a member) becomes the lineage's original; ``old_root`` its copy."""
        ...


@runtime_checkable
class VectorStore(Protocol):
    """The embedding cache, each article's vector, and dense scores against a query."""

    def cached_vectors(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]: ...
    def put_vectors(self, model: str, items: Iterable[tuple[bytes, np.ndarray]]) -> None:
        """Store vectors under their content keys with ``model`` and their dimension."""
        ...

    def set_article_vector(self, article_id: str, model: str, key: bytes) -> None: ...
    def article_vectors(
        self, ids: Sequence[str] | None, model: str
    ) -> tuple[list[str], np.ndarray]:
        """(ids, matrix) of stored article vectors of ``model``; all when ``ids`` is None."""
        ...

    def article_model(self, preferred: str) -> str | None:
        """The embedding model of the stored article vectors: ``preferred`` when any article
        has a vector of it, else the model the others have (None: no article vectors yet)."""
        ...

    def vector_scores(self, model: str, query: np.ndarray) -> tuple[list[str], np.ndarray]:
        """(ids, cosine similarity of each stored article vector of ``model`` to ``query``)."""
        ...


@runtime_checkable
class GroupingState(Protocol):
    """What story grouping keeps between runs: its settings, per-article features, membership
    and the stories' figures, themes and events (writes inside ``write()``)."""

    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def articles_without_features(
        self, version: int, ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, str]]:
        """(id, title, text) of articles whose features are missing or of another version."""
        ...

    def put_features(self, records: Sequence[FeatureRecord]) -> None: ...
    def load_features(self, ids: Sequence[str] | None, model: str) -> list[FeatureRecord]:
        """Features of stored articles with their ``model`` vector (None when missing)."""
        ...

    def label_inputs(self, ids: Sequence[str], lead_chars: int) -> list[LabelInput]: ...
    def story_assignments(self) -> dict[str, str]:
        """``{article id: story id}`` of every placed article."""
        ...

    def placed(self, ids: Sequence[str]) -> set[str]: ...
    def unplaced(self) -> list[str]:
        """Articles in no story, earliest first."""
        ...

    def story_ids(self) -> set[str]: ...
    def member_rows(self, story_ids: Sequence[str]) -> dict[str, list[MemberRow]]: ...
    def add_stories(
        self, new_story_ids: Sequence[str], members: Sequence[tuple[str, str, float]]
    ) -> None:
        """Create empty stories and place (article, story, score) members (inside write())."""
        ...

    def save_stories(self, rows: Sequence[StoryRow], *, delete: Sequence[str] = ()) -> None: ...
    def replace_stories(
        self, story_ids: Sequence[str], members: Sequence[tuple[str, str, float]]
    ) -> None:
        """Drop every story and membership and start over with these (a rebuild)."""
        ...

    def story_summaries(self) -> list[dict[str, Any]]:
        """id, first_seen, last_seen, article_count of every story."""
        ...

    def replace_themes(self, themes: Sequence[ThemeRow], labels: Mapping[str, str]) -> None:
        """Drop all themes, write these, and relabel stories with ``labels``."""
        ...

    def add_story_events(self, events: Sequence[StoryEvent]) -> None: ...


@runtime_checkable
class StoryReader(Protocol):
    """Stories and themes as the CLI and the web show them."""

    def story_of(self, article_id: str) -> str | None: ...
    def stories_of(self, ids: Sequence[str]) -> dict[str, str]: ...
    def story_members(self, story_id: str) -> list[str]: ...
    def story_counts(self) -> dict[str, int]: ...
    def resolve_story(self, text: str) -> str: ...
    def resolve_theme(self, text: str) -> str: ...
    def list_stories(
        self, *, since: str | None = None, until: str | None = None, theme: str | None = None
    ) -> list[dict[str, Any]]: ...
    def get_story(self, story_id: str) -> dict[str, Any]: ...
    def list_themes(self) -> list[dict[str, Any]]: ...


@runtime_checkable
class ExportReader(Protocol):
    """The complete rows ``newsdesk migrate`` copies a whole store with."""

    def article_records(self, ids: Sequence[str]) -> list[NewArticle]:
        """Complete records of stored articles, as ``add_article`` takes them (any order)."""
        ...

    def vector_rows(self, after: bytes | None, limit: int) -> list[tuple[bytes, str, np.ndarray]]:
        """(key, model, vector) of the embedding cache in key order, from after ``after``."""
        ...

    def article_vector_keys(self) -> list[tuple[str, str, bytes]]:
        """(article id, model, key) of every article vector."""
        ...

    def story_members_scored(self) -> list[tuple[str, str, float]]:
        """(article id, story id, score) of every placed article, in the order they joined."""
        ...

    def story_events(self) -> list[StoryEvent]:
        """Every story event, oldest first."""
        ...

    def meta_items(self) -> dict[str, str]: ...


@runtime_checkable
class BeatState(Protocol):
    """Following a beat: polled sources, saved topics, the history of briefings.

    Rows are plain dicts of the columns in migration 0004 (times are ISO 8601 UTC strings).
    """

    def add_feed_source(self, url: str, name: str | None, every_seconds: int, now: str) -> int:
        """A new source, due at ``now``; InputError when the URL is already one."""
        ...

    def feed_sources(self) -> list[dict[str, Any]]: ...
    def get_feed_source(self, ref: str) -> dict[str, Any]:
        """By number, URL or name; NotFoundError otherwise."""
        ...

    def due_feed_sources(self, now: str) -> list[dict[str, Any]]:
        """Sources not paused whose ``next_poll`` is at or before ``now``."""
        ...

    def update_feed_source(self, source_id: int, changes: Mapping[str, Any]) -> None: ...
    def remove_feed_source(self, source_id: int) -> None: ...
    def add_saved_topic(
        self, topic: str, every_seconds: int, out_dir: str, words: int, now: str
    ) -> int: ...
    def saved_topics(self) -> list[dict[str, Any]]: ...
    def get_saved_topic(self, ref: str) -> dict[str, Any]: ...
    def update_saved_topic(self, topic_id: int, changes: Mapping[str, Any]) -> None: ...
    def remove_saved_topic(self, topic_id: int) -> None: ...
    def add_briefing_record(self, record: Mapping[str, Any]) -> int: ...
    def briefing_records(self, topic_key: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The topic's recorded briefings, latest first."""
        ...


@runtime_checkable
class LLMCache(Protocol):
    """Answers of language models, kept so that asking again costs nothing."""

    def llm_cache_get(self, key: str) -> CachedResponse | None:
        """The cached response under ``key`` (a hex hash of backend, model and prompt)."""
        ...

    def llm_cache_put(self, key: str, response: CachedResponse) -> None:
        """Keep ``response`` under ``key``, replacing any older one (its own transaction)."""
        ...


@runtime_checkable
class DeskState(Protocol):
    """The story desk: stored headlines and summaries, and outlets' political lean."""

    def desk_rows(self, story_ids: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
        """Stored headline and summary per story ID: ``{story_id, members, headline, summary,
        updated_at}``; ``members`` is the fingerprint of the member set they were made for."""
        ...

    def put_desk_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert or replace desk rows (story_id, members, headline, summary: a JSON-ready dict
        or None, updated_at: kept when given, else now); its own transaction."""
        ...

    def outlet_leans(self) -> dict[str, str]:
        """The political lean of each outlet that a source rated (outlet name -> lean)."""
        ...

    def outlet_lean_rows(self) -> list[dict[str, Any]]:
        """outlet, lean, origin, updated_at of every rated outlet (what ``migrate`` copies)."""
        ...

    def set_outlet_leans(self, leans: Mapping[str, str], origin: str | None = None) -> None:
        """Keep outlets' leans (replacing older ratings); its own transaction."""
        ...


@runtime_checkable
class Store(
    Transactions,
    ArticleReader,
    ArticleWriter,
    VectorStore,
    GroupingState,
    StoryReader,
    ExportReader,
    BeatState,
    LLMCache,
    DeskState,
    Protocol,
):
    """Everything newsdesk keeps: the union of the roles above."""

    def __enter__(self) -> Store: ...


#: Every role, in the order :class:`Store` lists them (the contract test walks these).
ROLES: tuple[type, ...] = tuple(b for b in Store.__bases__ if b is not Protocol)

__all__ = [
    "ROLES",
    "ArticleReader",
    "ArticleWriter",
    "BeatState",
    "CachedResponse",
    "DeskState",
    "DuplicateCandidate",
    "ExportReader",
    "FeatureRecord",
    "GroupingState",
    "LLMCache",
    "LabelInput",
    "MemberRow",
    "NewArticle",
    "Store",
    "StoryEvent",
    "StoryReader",
    "StoryRow",
    "ThemeRow",
    "Transactions",
    "VectorStore",
    "chunks",
]
