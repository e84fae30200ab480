"""Ingest: sources -> clean -> ID -> dedup -> sentences -> store -> vectors, in atomic batches."""

from __future__ import annotations

import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from newsdesk.embed import Embedder, content_key
from newsdesk.errors import InputError
from newsdesk.ingest import dedup
from newsdesk.ingest.datesource import infer_date
from newsdesk.ingest.ids import (
    article_key,
    canonical_url,
    short_id,
    strip_credentials,
    text_hash,
)
from newsdesk.model import RawArticle, Reject, Sentence
from newsdesk.sources.encodings import mend
from newsdesk.sources.mapping import ReadOptions
from newsdesk.store.base import FeatureRecord, NewArticle, Store
from newsdesk.text import clean_text, split_sentences, words

# The article vector embeds the title and first sentence: the densest statement of what the
# article is about, and short enough (~40 tokens) to embed at well over 100 articles/s.
LEAD_SENTENCES = 1
LEAD_CHARS = 400
# Threads embedding the leads of a batch (each runs the model on one onnxruntime thread, whole
# batches at a time, beside the main thread; an embedder without ``shared_encode`` gets one).
_raw_threads = os.environ.get("NEWSDESK_INGEST_EMBED_THREADS", "")
EMBED_THREADS = int(_raw_threads) if _raw_threads.isdigit() and int(_raw_threads) > 0 else 2


@dataclass
class IngestReport:
    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # sources that could not be read at all
    ids: list[str] = field(default_factory=list)
    duplicate_of: list[tuple[str, str, str]] = field(default_factory=list)  # (where, id, why)

    def line(self) -> str:
        return (
            f"ingested {self.ingested}, duplicates {self.duplicates}, "
            f"near-duplicates {self.near_duplicates}, rejected {self.rejected}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "rejected": self.rejected,
            "rejects": [{"where": r.where, "reason": r.reason} for r in self.rejects],
            "unreadable_sources": self.unreadable,
            "duplicates_of": [
                {"where": w, "id": i, "reason": why} for w, i, why in self.duplicate_of
            ],
        }


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def lead_text(title: str, sentences: list[Sentence]) -> str:
    """The text that stands for the whole article in dense search and story grouping."""
    lead = " ".join(s.text for s in sentences[:LEAD_SENTENCES])
    return f"{title}. {lead}"[:LEAD_CHARS]


class _Job(Protocol):
    """Vectors on the way: a ``Future`` of them, or a ``_SharedJob``."""

    def result(self) -> dict[bytes, np.ndarray]: ...


class _SharedJob:
    """The vectors of one batch, embedded on the worker thread; the thread that asks for them
    runs the batches still waiting instead of only waiting (both cores busy to the end)."""

    def __init__(
        self, ing: Ingestor, futures: list[Future], shared: Any, keys: list[bytes]
    ) -> None:
        self._ingestor = ing
        self._futures = futures
        self._shared = shared
        self._keys = keys

    def result(self) -> dict[bytes, np.ndarray]:
        t0 = _now()
        if self._shared.work():
            self._ingestor._since("embed (main thread)", t0)
        vecs = self._shared.result()
        for fut in self._futures:
            fut.result()  # the workers' own errors, if any
        return dict(zip(self._keys, vecs, strict=True))


class Ingestor:
    """Reads sources and stores their articles in batches of ``batch_size``, one transaction each.

    ``after_batch`` is called with the IDs committed by each batch (story assignment hooks in
    there); ``on_reject`` with each reject as it happens, so a long run reports as it goes;
    ``on_progress`` with the number of records read by each batch.
    """

    def __init__(
        self,
        store: Store,
        embedder: Callable[[], Embedder] | Embedder,
        *,
        batch_size: int = 64,
        threshold: float = 0.8,
        fetcher: object | None = None,
        on_reject: Callable[[Reject], None] | None = None,
        after_batch: Callable[[list[str]], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        read_options: ReadOptions | None = None,
    ) -> None:
        self.store = store
        self.read_options = read_options
        self._embedder_src = embedder
        self._embedder: Embedder | None = None
        self.batch_size = batch_size
        self.threshold = threshold
        self.fetcher = fetcher
        self.on_reject = on_reject
        self.after_batch = after_batch
        self.on_progress = on_progress
        # Seconds per stage for bench/: wall clock ("split") and the thread's CPU ("split cpu").
        self.timings: dict[str, float] = defaultdict(float)

    def _since(self, stage: str, start: tuple[float, float]) -> None:
        """Add the wall-clock and this thread's CPU seconds since ``start`` to ``stage``."""
        self.timings[stage] += time.perf_counter() - start[0]
        self.timings[f"{stage} cpu"] += time.thread_time() - start[1]

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            src = self._embedder_src
            self._embedder = src() if callable(src) and not hasattr(src, "encode") else src  # type: ignore[assignment]
        assert self._embedder is not None
        return self._embedder

    # -- driving -----------------------------------------------------------------------------

    def ingest(self, specs: Iterable[str | RawArticle]) -> IngestReport:
        """Ingest every source (a path or URL, or an article already read) in turn.

        Batches are pipelined: while batch i is written, batch i+1 is embedded on a worker
        thread (the model releases the GIL) and batch i+2 is read and split on this one. The
        worker runs the model on one thread (this one has the other core); when this thread
        needs vectors not ready yet, it runs the waiting embedding batches itself (an ONNX
        embedder's ``shared_encode``) rather than wait.
        """
        report = IngestReport()
        pool = ThreadPoolExecutor(max_workers=EMBED_THREADS, thread_name_prefix="newsdesk-embed")
        pending: tuple[list[dict], list[bytes], _Job] | None = None
        try:
            for batch in self._batches(specs, report):
                t0 = _now()
                prepared = [p for p in (self._prepare(r, report) for r in batch) if p is not None]
                self._since("prepare", t0)
                job = self._submit_vectors(pool, prepared) if prepared else None
                if pending is not None:
                    self._write(*pending, report)
                pending = job
                if self.on_progress is not None:
                    self.on_progress(len(batch))
            if pending is not None:
                self._write(*pending, report)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return report

    def _batches(
        self, specs: Iterable[str | RawArticle], report: IngestReport
    ) -> Iterator[list[RawArticle]]:
        batch: list[RawArticle] = []
        it = iter(self._records(specs, report))
        while True:
            t0 = _now()
            item = next(it, None)
            self._since("read", t0)
            if item is None:
                break
            if isinstance(item, Reject):
                self._reject(report, item)
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _records(
        self, specs: Iterable[str | RawArticle], report: IngestReport
    ) -> Iterator[RawArticle | Reject]:
        from newsdesk.sources import read_source

        for spec in specs:
            if isinstance(spec, RawArticle):  # already read (the poller parses feeds itself)
                yield spec
                continue
            try:
                items = read_source(spec, self.fetcher, self.read_options)  # type: ignore[arg-type]
                yield from (self._defaults(item) for item in items)
            except InputError as exc:
                report.unreadable.append(str(exc))
                where = spec or "''"
                reason = str(exc).removeprefix(f"{where}: ")
                self._reject(report, Reject(where, reason), count=False)

    def _defaults(self, item: RawArticle | Reject) -> RawArticle | Reject:
        """``--outlet`` and ``--date`` for an article that does not give its own."""
        opts = self.read_options
        if opts is not None and isinstance(item, RawArticle):
            if opts.outlet and not (item.source or "").strip():
                item.source = opts.outlet
            if opts.date and not item.published:
                item.published = opts.date
        return item

    def _reject(self, report: IngestReport, rej: Reject, count: bool = True) -> None:
        if count:
            report.rejected += 1
            report.rejects.append(rej)
        if self.on_reject:
            self.on_reject(rej)

    # -- one batch ---------------------------------------------------------------------------

    def _submit_vectors(
        self, pool: ThreadPoolExecutor, prepared: list[dict]
    ) -> tuple[list[dict], list[bytes], _Job]:
        """Start embedding the leads of a prepared batch that are not cached yet."""
        model = self.embedder.name
        leads = [lead_text(p["title"], p["sentences"]) for p in prepared]
        keys = [content_key(model, t) for t in leads]
        have = self.store.cached_vectors(keys)
        todo = {k: t for k, t in zip(keys, leads, strict=True) if k not in have}

        # This thread reads, splits, writes and groups meanwhile: the embedder gets one core.
        single = getattr(self.embedder, "single_threaded", None)
        embedder = single() if callable(single) else self.embedder
        shared_encode = getattr(embedder, "shared_encode", None)
        if callable(shared_encode) and todo:
            shared = shared_encode(list(todo.values()))

            def work() -> None:
                t0 = _now()
                shared.work()
                self._since("embed", t0)

            futures = [pool.submit(work) for _ in range(EMBED_THREADS)]
            return prepared, keys, _SharedJob(self, futures, shared, list(todo))

        def run() -> dict[bytes, np.ndarray]:
            t0 = _now()
            vecs = embedder.encode(list(todo.values())) if todo else np.zeros((0, 1))
            self._since("embed", t0)
            return dict(zip(todo, vecs, strict=True))

        return prepared, keys, pool.submit(run)

    def _write(
        self,
        prepared: list[dict],
        keys: list[bytes],
        job: _Job,
        report: IngestReport,
        features: list[FeatureRecord] | None = None,
    ) -> None:
        """Store one batch with its vectors (and grouping features computed elsewhere, one per
        prepared article, when given) in a single transaction."""
        vectors = job.result()
        t0 = _now()
        model = self.embedder.name
        stored: list[str] = []
        stats = {"near": 0}
        dups: list[tuple[str, str, str]] = []
        found: list[FeatureRecord] = []
        with self.store.write():
            for i, (p, key) in enumerate(zip(prepared, keys, strict=True)):
                aid = self._insert(p, stats, dups)
                if aid is None:
                    continue
                self.store.set_article_vector(aid, model, key)
                stored.append(aid)
                if features is not None:
                    found.append(replace(features[i], id=aid))
            self.store.put_vectors(model, vectors.items())
            if found:
                self.store.put_features(found)
        self._since("write", t0)
        report.ingested += len(stored)
        report.duplicates += len(dups)
        report.duplicate_of += dups
        report.near_duplicates += stats["near"]
        report.ids += stored
        if stored and self.after_batch:
            t0 = _now()
            self.after_batch(stored)
            self._since("stories", t0)

    def _prepare(self, raw: RawArticle, report: IngestReport) -> dict | None:
        title = clean_text(mend(raw.title or "")).replace("\n", " ")
        text = clean_text(mend(raw.text or ""))
        where = raw.origin or raw.url or "record"
        if not text:
            self._reject(report, Reject(where, "no article text"))
            return None
        url = raw.url.strip() if raw.url else None
        canon = None
        if url:
            try:
                url = strip_credentials(url)
            except ValueError:
                pass
        if url and url.lower().startswith(("http://", "https://")):
            try:
                canon = canonical_url(url)
                canonical_url(canon)  # must parse again: article_key canonicalises it once more
            except ValueError:
                canon = None
        t0 = _now()
        sentences = split_sentences(text)
        self._since("split", t0)
        if not title:
            title = sentences[0].text[:120] if sentences else text[:120]
        published, date_source = infer_date(raw.published, url, text)  # URL, dateline, text
        toks = words(text)  # for the key, the text hash and the MinHash shingles
        normalized = " ".join(toks)  # normalize_for_hash(text)
        return {
            "title": title,
            "text": text,
            "url": url,
            "canonical_url": canon,
            "key": article_key(canon, title, text, normalized),
            "text_hash": text_hash(title, text, normalized),
            "published": published,
            "date_source": date_source,
            "source": (raw.source or "").strip() or None,
            "author": (raw.author or "").strip() or None,
            "origin": where,
            "encoding": raw.encoding,
            "revisable": raw.revisable,
            "sentences": sentences,
            "sig": self._minhash(text, toks),
        }

    def _minhash(self, text: str, toks: list[str]) -> np.ndarray:
        t0 = _now()
        sig = dedup.minhash(text, toks)
        self._since("minhash", t0)
        return sig

    def _insert(self, p: dict, stats: dict[str, int], dups: list) -> str | None:  # type: ignore[type-arg]
        store = self.store
        dup = store.find_duplicate(p["key"], p["text_hash"], p["canonical_url"])
        previous_id = None
        if dup is not None and dup[1] == "same URL" and p.get("revisable"):
            # a feed entry corrected in place: new text under the same link is a new version,
            # linked to the one first stored (unless this text is stored already)
            same_text = store.find_duplicate("", p["text_hash"], None)
            if same_text is None:
                previous_id = dup[0]
                p["key"] = hashlib.sha256(f"{p['key']}\x00{p['text_hash']}".encode()).hexdigest()
                p["canonical_url"] = None  # the first version keeps the link's unique slot
                dup = None
            else:
                dup = same_text
        if dup is not None:
            dups.append((p["origin"], dup[0], dup[1]))
            return None
        aid = short_id(p["key"], store.ids_with_prefix(p["key"][:8]))
        bands = dedup.band_hashes(p["sig"])
        match = dedup.best_near_duplicate(
            store.duplicate_candidates(bands), p["sig"], p["text"], self.threshold
        )
        original_id = lineage_id = None
        similarity = None
        if match is not None:
            stats["near"] += 1
            original_id, similarity = match.article_id, match.similarity
            lineage_id = store.lineages([match.article_id]).get(match.article_id)
        store.add_article(
            NewArticle(
                id=aid,
                key=p["key"],
                title=p["title"],
                text=p["text"],
                text_hash=p["text_hash"],
                sentences=p["sentences"],
                minhash=p["sig"],
                bands=bands,
                lineage_id=lineage_id or aid,
                url=p["url"],
                canonical_url=p["canonical_url"],
                published=p["published"],
                date_source=p["date_source"],
                source=p["source"],
                author=p["author"],
                original_id=original_id,
                similarity=similarity,
                origin=p["origin"],
                encoding=p.get("encoding"),
                previous_id=previous_id,
            )
        )
        if lineage_id is not None:
            self._reroot_if_earlier(aid, p["published"], lineage_id, similarity)
        return aid

    def _reroot_if_earlier(
        self, aid: str, published: str | None, root: str, sim: float | None
    ) -> None:
        """A copy that turns out to predate its lineage's first article becomes the original."""
        if not published:
            return
        first = self.store.published_of(root)
        if not first or first <= published:
            return
        self.store.reroot_lineage(root, aid, sim)
