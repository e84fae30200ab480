"""The engine: wires the stages together, each passed in by its constructor.

::

    sources ─> ingest ─> store ─> stories ─> briefs: gather ─> write ─> verify ─> render
                 (Ingestor)  (Store)  (StoryGrouper)    (newsdesk.briefs.flow)

A briefing's data flows down once, through :mod:`newsdesk.briefs.flow`, which the engine calls
once per briefing with its stages: the gather step reads the store (an update keeps only what
the reader has not read), the writer turns the evidence into a draft
:class:`~newsdesk.briefing.Briefing` without touching the store, extra paragraphs join the
draft, the verify stage checks every sentence against the stored texts it cites, and the
caller renders the verified briefing. Swap any stage by passing another implementation (a test
passes an in-memory ``Store`` and a scripted ``Writer``), or by name through
:mod:`newsdesk.plugins`; every writer is built by :func:`newsdesk.briefs.writers.make_writer`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, cast

from newsdesk import plugins
from newsdesk.briefing import Briefing
from newsdesk.briefs import flow
from newsdesk.briefs.writers import make_writer
from newsdesk.config import INGEST_BATCH, Settings
from newsdesk.embed import Embedder, content_key
from newsdesk.ingest.pipeline import Ingestor, IngestReport, lead_text
from newsdesk.model import BriefRequest, RawArticle, Reject
from newsdesk.retrieve import embed_cached
from newsdesk.sources.mapping import ReadOptions
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.stories.service import StoryGrouper
from newsdesk.verify import SupportChecker
from newsdesk.write.base import Writer


class Engine:
    """A store, an embedder and a writer, and the operations that use them together."""

    def __init__(
        self,
        store: Store,
        embedder: Embedder | Callable[[], Embedder],
        writer: Writer | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self.store = store
        self._embedder_src = embedder
        self._embedder: Embedder | None = None
        self._writer = writer
        self.settings = settings

    # -- stages ------------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """The embedder, loaded on first use (commands that never embed never load a model)."""
        if self._embedder is None:
            src = self._embedder_src
            self._embedder = cast(Embedder, src) if hasattr(src, "encode") else cast(Any, src)()
        assert self._embedder is not None
        return self._embedder

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            return self.use_writer(self.settings.writer if self.settings else "extractive")
        return self._writer

    def use_writer(self, name: str, **options: Any) -> Writer:
        """Make the writer registered as ``name`` this engine's writer and return it, built by
        :func:`~newsdesk.briefs.writers.make_writer` with these settings and this store as the
        response cache (``options``: as that function takes them)."""
        self._writer = make_writer(name, self.settings, cache=self.store, **options)
        return self._writer

    def grouper(self) -> StoryGrouper:
        return StoryGrouper(self.store, self.embedder.name, ensure_vectors=self.ensure_vectors)

    # -- ingest and stories ------------------------------------------------------------------

    def ingest(
        self,
        sources: Sequence[str | RawArticle],
        *,
        stories: bool = True,
        fetcher: object | None = None,
        on_reject: Callable[[Reject], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        workers: int = 0,
        dask: str | None = None,
        read_options: ReadOptions | None = None,
    ) -> IngestReport:
        """Read ``sources`` into the store in atomic batches; place new articles in stories.

        With ``workers`` (local processes) or ``dask`` (a scheduler address) the per-article
        work runs on a Dask cluster and this process writes (:mod:`newsdesk.ingest.distributed`).
        """
        group = stories and not os.environ.get("NEWSDESK_NO_STORIES")
        s = self.settings
        kw: dict[str, Any] = dict(
            batch_size=s.batch_size if s else INGEST_BATCH,
            threshold=s.near_duplicate_threshold if s else 0.8,
            fetcher=fetcher,
            on_reject=on_reject,
            after_batch=(lambda ids: self.grouper().assign(ids)) if group else None,
            on_progress=on_progress,
            read_options=read_options,
        )
        if not workers and not dask:
            report = Ingestor(self.store, lambda: self.embedder, **kw).ingest(sources)
        else:
            from newsdesk.ingest.distributed import DistributedIngestor, close_client, dask_client

            client = dask_client(workers=workers, address=dask)
            try:
                dist = DistributedIngestor(
                    self.store, lambda: self.embedder, client=client, features=group, **kw
                )
                report = dist.ingest(sources)
            finally:
                close_client(client)
        if group:
            # Articles a killed run (or an earlier --no-stories run) stored but never placed:
            # place them now, so a rerun after kill -9 leaves no article outside a story.
            leftover = self.store.unplaced()
            if leftover:
                self.grouper().assign(leftover)
        return report

    def ingest_articles(
        self, articles: Sequence[RawArticle], *, stories: bool = True
    ) -> IngestReport:
        """Store articles a caller has already read (the poller's feed entries), in the same
        atomic batches, dedup and story placement as :meth:`ingest`."""
        return self.ingest(list(articles), stories=stories)

    def warm_up(self) -> None:
        """Load what briefings need before the first one is asked for: the embedding model,
        the store's article vectors (scored by every query), the NER model (the writer's
        name repairs and the verifier's entity checks load it on first use otherwise, so one
        briefing out of the first few would pay for it) and the parser (the close's clauses).
        A long-lived process calls this once."""
        from newsdesk.stories.entities import get_nlp, get_parser

        vec = self.embedder.encode(["warm-up"])[0]
        self.store.vector_scores(self.embedder.name, vec)
        get_parser()  # the close's main clauses; first, so that NER uses the same model
        get_nlp()
        warm = getattr(self.writer, "warm_up", None)  # a writer's own lazy imports
        if callable(warm):
            warm()

    def index_sentences(
        self,
        *,
        limit: int | None = None,
        batch: int = 64,
        on_progress: Callable[[int], None] | None = None,
    ) -> tuple[int, int]:
        """Embed, ahead of any briefing, the sentences of the articles stored since the last
        call (the texts the writer will ask for, cached in the store), so that a briefing on a
        topic never asked about finds them ready instead of embedding a few hundred sentences
        while the reader waits. Resumes where the last call stopped; ``limit`` caps the
        articles of this call. Returns (articles read, sentence texts newly embedded)."""
        texts_of = getattr(self.writer, "sentence_texts", None)
        if not callable(texts_of) or self.store.read_only:
            return 0, 0
        from newsdesk.retrieve import evidence_docs

        # The mark is per model and writer: another one asks for other vectors.
        key = f"{INDEX_MARK}:{self.embedder.name}:{getattr(self.writer, 'name', '')}"
        mark = int(self.store.get_meta(key) or 0)
        done = embedded = 0
        while limit is None or done < limit:
            rows = self.store.articles_after(
                mark, batch if limit is None else min(batch, limit - done)
            )
            if not rows:
                break
            texts = list(dict.fromkeys(texts_of(evidence_docs(self.store, [i for _, i in rows]))))
            have = self.store.cached_vectors([content_key(self.embedder.name, t) for t in texts])
            missing = [t for t in texts if content_key(self.embedder.name, t) not in have]
            embedded += len(missing)
            embed_cached(self.store, self.embedder, missing)  # looks up only what was missing
            mark = rows[-1][0]
            with self.store.write():
                self.store.set_meta(key, str(mark))
            done += len(rows)
            if on_progress is not None:
                on_progress(len(rows))
        return done, embedded

    def ensure_vectors(self, ids: Sequence[str]) -> None:
        """Give articles that lack one an article vector of this engine's model."""
        model = self.embedder.name
        have, _ = self.store.article_vectors(list(ids), model)
        known = set(have)
        todo = [i for i in ids if i not in known]
        for start in range(0, len(todo), 256):
            arts = self.store.get_articles(todo[start : start + 256])
            leads = [lead_text(a.title, a.sentences) for a in arts]
            embed_cached(self.store, self.embedder, leads)
            with self.store.write():
                for a, lead in zip(arts, leads, strict=True):
                    self.store.set_article_vector(a.id, model, content_key(model, lead))

    def _require_articles(self) -> None:
        flow.require_articles(self.store)

    def refresh_stories(self) -> None:
        """Catch up on unplaced articles; recompute themes and labels if stale."""
        self._require_articles()
        if self.store.read_only:  # read-only media: show what is stored
            return
        self.grouper().refresh()

    def rebuild_stories(
        self, on_progress: Callable[[int, int], None] | None = None
    ) -> dict[str, Any]:
        """Re-cluster the whole store (story IDs carried over where membership holds);
        ``on_progress(done, total)`` follows the articles."""
        self._require_articles()
        return self.grouper().rebuild(on_progress)

    # -- briefings ---------------------------------------------------------------------------

    def checker(self) -> SupportChecker:
        """The content checker of the verify stage, on this engine's embedder and store cache;
        it reads a cited article's sentences from the store (split at ingest) rather than
        splitting its text again."""
        return SupportChecker(
            lambda texts: embed_cached(self.store, self.embedder, texts),
            sentences=self.stored_sentences,
        )

    def stored_sentences(self, article_id: str, text: str) -> list[tuple[int, int]] | None:
        """The (start, end) offsets of the sentences the store keeps for ``article_id``, when
        it holds that article with ``text``; else None."""
        found = self.store.get_articles([article_id])
        if not found or found[0].id != article_id or found[0].text != text:
            return None
        return [(s.start, s.end) for s in found[0].sentences]

    def brief(
        self, request: BriefRequest, *, record: bool = False, keep_unsupported: bool = False
    ) -> Briefing:
        """A verified briefing for ``request`` (render it yourself), made by
        :func:`newsdesk.briefs.flow.brief` with this engine's stages.

        ``record``: keep what the briefing covered, for the next ``since_last``. A sentence the
        verify stage finds unsupported is re-cited to another evidence article that supports
        it, else dropped, or with ``keep_unsupported`` kept and flagged.
        """
        flow.check_request(request)  # before any model is loaded
        self._require_articles()
        stages = flow.Stages(self.store, self.embedder, self.writer, self.checker())
        if request.disagreements and not self.store.read_only:
            stages.refresh_stories = self.grouper().refresh
        return flow.brief(request, stages, record=record, keep_unsupported=keep_unsupported)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Store meta key: the sequence of the last article whose sentences index_sentences embedded.
INDEX_MARK = "sentence_index_seq"


def store_model(store: Store, configured: str) -> str:
    """The embedding model to use on ``store``: the configured one, unless the store's articles
    were embedded with another (vectors of two models are not comparable, so searching with
    the configured one would find nothing); then the store's, with a note on stderr."""
    found = store.article_model(configured)
    if found is None or found == configured:
        return configured
    print(
        f"newsdesk: note: {store.location}: its articles are embedded with {found}, "
        f"not the configured {configured}; using {found}",
        file=sys.stderr,
    )
    return found


def open_engine(
    settings: Settings, *, create: bool = False, writer: Writer | None = None
) -> Engine:
    """An engine on the store ``settings.db`` names, with the configured embedder (or the one
    the store's articles were embedded with, :func:`store_model`) and writer."""
    store = open_store(settings.db, create=create)
    name = store_model(store, settings.embed_model)

    def load() -> Embedder:
        emb: Embedder = plugins.get("embedder", name)(name)
        return emb

    return Engine(store, load, writer, settings=settings)
