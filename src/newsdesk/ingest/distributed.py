"""Distributed ingest on Dask: the per-article work on workers, the store written by one process.

``newsdesk ingest --workers N`` starts a ``distributed.LocalCluster`` of N single-threaded
worker processes on 127.0.0.1 (no dashboard); ``--dask tcp://HOST:PORT`` uses an existing
cluster (its workers need newsdesk installed, with the same embedding model). Each batch of
raw records read here goes to a worker, which cleans the text, computes the ID key and MinHash,
splits sentences, embeds the article lead and (with story grouping) extracts entities and the
other grouping features. This process writes the results batch by batch, in the order the
records were read, through the serial ingest's own ``_write``: duplicate checks, IDs, lineages
and story assignment happen exactly as in a serial run, so the store comes out the same.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.embed import content_key
from newsdesk.errors import DependencyError, InputError
from newsdesk.ingest.pipeline import Ingestor, IngestReport, lead_text
from newsdesk.model import RawArticle, Reject
from newsdesk.store.base import FeatureRecord

_worker_embedders: dict[str, Any] = {}


@dataclass
class PreparedBatch:
    """What a worker sends back for one batch (picklable)."""

    prepared: list[dict[str, Any]]
    keys: list[bytes]
    vectors: dict[bytes, np.ndarray]
    features: list[FeatureRecord] | None
    rejects: list[Reject] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def prepare_batch(raws: list[RawArticle], model: str, features: bool) -> PreparedBatch:
    """The per-article work of one batch, on a worker: clean, key, MinHash, split, embed,
    and grouping features. Deterministic: the same batch gives the same result anywhere."""
    from newsdesk import plugins

    if model not in _worker_embedders:
        _worker_embedders[model] = plugins.get("embedder", model)(model)
    embedder = _worker_embedders[model]
    ing = Ingestor(None, embedder)  # type: ignore[arg-type]  # only _prepare is used
    local = IngestReport()
    prepared = [p for p in (ing._prepare(r, local) for r in raws) if p is not None]
    leads = [lead_text(p["title"], p["sentences"]) for p in prepared]
    keys = [content_key(model, t) for t in leads]
    todo = dict(zip(keys, leads, strict=True))  # the same texts, in the same order, as serial
    t0 = time.perf_counter()
    vecs = embedder.encode(list(todo.values())) if todo else np.zeros((0, 1))
    ing.timings["embed"] += time.perf_counter() - t0
    feats = None
    if features:
        from newsdesk.stories.service import feature_records

        t0 = time.perf_counter()
        feats = feature_records([("", p["title"], p["text"]) for p in prepared])
        ing.timings["features"] += time.perf_counter() - t0
    return PreparedBatch(
        prepared=prepared,
        keys=keys,
        vectors=dict(zip(todo, vecs, strict=True)),
        features=feats,
        rejects=local.rejects,
        timings=dict(ing.timings),
    )


def _done(value: Any) -> Future:
    fut: Future = Future()
    fut.set_result(value)
    return fut


class DistributedIngestor(Ingestor):
    """An :class:`Ingestor` whose per-article work runs on a Dask cluster.

    ``client`` is a ``distributed.Client``; ``features`` computes grouping features on the
    workers (set it when story grouping follows each batch). At most ``window`` batches are
    in flight, so memory stays bounded on a long source.
    """

    def __init__(
        self, *args: Any, client: Any, features: bool = True, window: int = 0, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.client = client
        self.features = features
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = window or 2 * workers + 1

    def ingest(self, specs: Iterable[str | RawArticle]) -> IngestReport:
        report = IngestReport()
        model = self.embedder.name
        pending: deque[tuple[Any, int]] = deque()
        try:
            for batch in self._batches(specs, report):
                fut = self.client.submit(prepare_batch, batch, model, self.features, pure=False)
                pending.append((fut, len(batch)))
                while len(pending) >= self.window:
                    self._finish(*pending.popleft(), report)
            while pending:
                self._finish(*pending.popleft(), report)
        finally:
            for fut, _ in pending:
                fut.cancel()
        return report

    def _finish(self, fut: Any, n: int, report: IngestReport) -> None:
        t0 = time.perf_counter()
        res: PreparedBatch = fut.result()
        self.timings["wait"] += time.perf_counter() - t0
        for name, secs in res.timings.items():
            self.timings[f"worker {name}"] += secs
        for rej in res.rejects:
            self._reject(report, rej)
        if res.prepared:
            self._write(res.prepared, res.keys, _done(res.vectors), report, res.features)
        if self.on_progress is not None:
            self.on_progress(n)


_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}/?$")


def dask_client(*, workers: int = 0, address: str | None = None, timeout: int = 20) -> Any:
    """A client of the cluster at ``address``, or of a new LocalCluster of ``workers``
    processes on 127.0.0.1; close it (it closes its own LocalCluster) when done."""
    if address is not None and not _ADDRESS.match(address):
        raise InputError(
            f"--dask {address[:80]}: not a scheduler address (expected tcp://HOST:PORT)"
        )
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DependencyError(
            "distributed ingest needs Dask: pip install 'newsdesk[dask]'"
        ) from exc
    if address:
        try:
            return Client(address, timeout=f"{int(timeout)}s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from exc
    if workers < 1:
        raise InputError(f"--workers {workers}: expected 1 or more")
    with warnings.catch_warnings():
        # without a dashboard the scheduler still serves its health endpoints on loopback,
        # on the default port or, when that is taken, any free one (a warning we silence)
        warnings.simplefilter("ignore", UserWarning)
        # Each worker process gets its share of the cores for onnxruntime and BLAS, so N
        # workers on N cores do not run N times as many threads as there are cores.
        share = str(max(1, (os.cpu_count() or 1) // workers))
        env = {"NEWSDESK_EMBED_THREADS": share, "OMP_NUM_THREADS": share,
               "OPENBLAS_NUM_THREADS": share, "MKL_NUM_THREADS": share}  # fmt: skip
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
            env=env,
        )
    client = Client(cluster)
    client._newsdesk_cluster = cluster  # type: ignore[attr-defined]  # closed in close_client
    return client


def close_client(client: Any) -> None:
    cluster = getattr(client, "_newsdesk_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()
