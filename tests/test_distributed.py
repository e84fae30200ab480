"""Distributed ingest on a real Dask cluster (LocalCluster: 2 worker processes on 127.0.0.1,
no dashboard): the store it builds equals a serial ingest's, IDs, lineages, features, stories."""

from __future__ import annotations

import warnings

import pytest
from conftest import DEMO_DIR, write_jsonl

from newsdesk.engine import Engine
from newsdesk.errors import InputError
from newsdesk.ingest.distributed import dask_client
from newsdesk.store import open_store

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        c = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=40,
        )  # fmt: skip
    yield c
    c.close()


def _state(store):
    ids = [a["id"] for a in store.list_articles()]
    feats = {f.id: (f.terms, f.keys, f.entities, f.phrases) for f in store.load_features(None, "x")}
    return {
        "articles": store.list_articles(),
        "lineages": store.lineages(ids),
        "vectors": store.article_vectors(None, "all-MiniLM-L6-v2")[0],
        "features": feats,
        "stories": store.story_assignments(),
        "sentences": [[(s.start, s.end) for s in a.sentences] for a in store.get_articles(ids)],
    }


def test_dask_ingest_equals_serial(tmp_path, embedder, cluster) -> None:
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"title": "no text"}, {"text": "   "}])
    sources = [str(DEMO_DIR / "usmexico.jsonl"), str(bad)]
    states, reports = [], []
    for name, kw in (("serial", {}), ("dask", {"dask": cluster.scheduler_address})):
        with Engine(open_store(tmp_path / f"{name}.db"), embedder) as eng:
            reports.append(eng.ingest(sources, **kw))
            states.append(_state(eng.store))
    serial, dask = states
    assert "prepare_batch" in cluster.scheduler.task_prefixes  # the work ran on the workers
    assert reports[0].line() == reports[1].line() and reports[0].rejected == 2
    assert reports[0].ingested > 40 and reports[0].near_duplicates > 5
    assert serial["features"] and serial["stories"]
    for key in serial:
        assert serial[key] == dask[key], key


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        dask_client(address="tcp://127.0.0.1:9", timeout=2)
