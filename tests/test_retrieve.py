"""Hybrid retrieval on the bundled demo corpus."""

from __future__ import annotations

import pytest
from conftest import DEMO_DIR

from newsdesk.ingest.pipeline import Ingestor
from newsdesk.retrieve import query_terms, retrieve
from newsdesk.store.sqlite import SQLiteStore as Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, embedder):
    s = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    Ingestor(s, embedder).ingest([str(DEMO_DIR)])
    yield s
    s.close()


def _sources_of(store, ids):
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in store.conn.execute(
        f"SELECT id, url FROM articles WHERE id IN ({marks})", ids)}


def test_query_terms_drop_stopwords():
    assert query_terms("The fentanyl talks in U.S.-Mexico relations") == [
        "fentanyl", "talks", "mexico", "relations"]


def test_topic_finds_the_beat_and_not_the_others(demo_store, embedder):
    hits = retrieve(demo_store, "fentanyl seizures and the joint task force", embedder)
    assert len(hits) >= 5
    urls = _sources_of(demo_store, [h.id for h in hits[:10]])
    # the top hits talk about fentanyl; none is from the ports or health beats
    texts = [demo_store.get_article(h.id, sentences=False).text.lower() for h in hits[:5]]
    assert all("fentanyl" in t for t in texts)
    assert not any("measles" in demo_store.get_article(i, sentences=False).text.lower()
                   for i in urls)


def test_date_window_and_restriction(demo_store, embedder):
    hits = retrieve(demo_store, "tariff on Mexican imports", embedder,
                    since="2026-02-10", until="2026-02-20")
    assert hits
    for h in hits:
        pub = demo_store.get_article(h.id, sentences=False).published
        assert "2026-02-10" <= pub[:10] <= "2026-02-20"
    one = {hits[0].id}
    assert [h.id for h in retrieve(demo_store, "tariff", embedder, only=one)] == [hits[0].id]


def test_unrelated_topic_finds_nothing(demo_store, embedder):
    assert retrieve(demo_store, "quantum chromodynamics lattice gauge theory", embedder) == []
