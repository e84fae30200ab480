from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from newsdesk.errors import AmbiguousIDError, InputError, NotFoundError, StoreError
from newsdesk.retrieve import embed_cached
from newsdesk.store.sql.access import date_filter
from newsdesk.store.sqlite import SQLiteStore as Store


def _insert(store: Store, aid: str, **kw) -> None:
    with store.write():
        store.conn.execute(
            "INSERT INTO articles (id, key, text_hash, title, text, lineage_id, ingested_at,"
            " published) VALUES (?, ?, ?, ?, ?, ?, 'now', ?)",
            (aid, aid * 4, aid + "h", kw.get("title", "t"), "x", aid, kw.get("published")),
        )


def test_migrations_applied_once_and_wal(tmp_path):
    s = Store(tmp_path / "a.db")
    v = s.schema_version()
    assert v >= 1
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()
    s2 = Store(tmp_path / "a.db")
    assert s2.schema_version() == v
    n = s2.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    # each migration once; numbers may have gaps (0003 and 0004 are reserved per branch)
    from newsdesk.store.sqlite.store import _migrations

    assert n == len(_migrations()) and v == max(m[0] for m in _migrations())
    s2.close()


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        Store(bad)


def test_missing_store_without_create(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "none.db", create=False)


def test_resolve_id_prefixes(store):
    _insert(store, "abcd1234")
    _insert(store, "abcd9999")
    _insert(store, "abcd123456")
    assert store.resolve_id("abcd9") == "abcd9999"
    assert store.resolve_id("abcd1234") == "abcd1234"  # exact beats the longer ID
    assert store.resolve_id("[abcd12345]") == "abcd123456"
    with pytest.raises(AmbiguousIDError, match="ambiguous"):
        store.resolve_id("abcd")
    with pytest.raises(NotFoundError, match="no article"):
        store.resolve_id("ffff")
    with pytest.raises(NotFoundError, match="not an article ID"):
        store.resolve_id("zz-top")


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.write():
            _insert_raw(store.conn, "deadbeef")
            raise RuntimeError("boom")
    assert store.count() == 0


def _insert_raw(conn: sqlite3.Connection, aid: str) -> None:
    conn.execute(
        "INSERT INTO articles (id, key, text_hash, title, text, lineage_id, ingested_at)"
        " VALUES (?, ?, ?, 't', 'x', ?, 'now')",
        (aid, aid * 4, aid + "h", aid),
    )


def test_embedding_cache_embeds_each_text_once(store):
    calls: list[list[str]] = []

    class Counting:
        name = "fake-test-model"
        dim = 3

        def encode(self, texts):
            calls.append(list(texts))
            return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)

    e = Counting()
    v1 = embed_cached(store, e, ["a", "bb", "a"])
    v2 = embed_cached(store, e, ["bb", "ccc"])
    assert calls == [["a", "bb"], ["ccc"]]
    assert v1.shape == (3, 3) and v2.shape == (2, 3)
    assert v1[1][0] == 2.0 and v2[0][0] == 2.0


def test_date_filter_validates():
    where, params = date_filter("2026-01-01", "2026-01-31")
    assert params == ["2026-01-01", "2026-01-31T23:59:59Z"]
    with pytest.raises(InputError, match="--since"):
        date_filter("yesterday", None)
    with pytest.raises(InputError, match="not a real date"):
        date_filter(None, "2026-02-31")


def test_vectors_record_their_model_and_dimension(store):
    class Tiny:
        name = "tiny-model"
        dim = 2

        def encode(self, texts):
            return np.array([[1.0, 0.0] for _ in texts], dtype=np.float32)

    embed_cached(store, Tiny(), ["x"])
    row = store.conn.execute("SELECT model, dim FROM embeddings").fetchone()
    assert tuple(row) == ("tiny-model", 2)
    assert store.vector_dim("tiny-model") == 2
    assert store.vector_dim("all-MiniLM-L6-v2") == 0


def test_the_article_matrix_is_the_same_by_scan_or_by_lookup(store, monkeypatch):
    """All article vectors at once: a scan of the vector table (few cached sentence vectors)
    and a lookup per article (many) give the same IDs, order and vectors, shared keys too."""
    from newsdesk.store.sqlite import vectors

    rng = np.random.default_rng(1)
    ids = ["c0000003", "a0000001", "b0000002", "d0000004"]
    for aid in ids:
        _insert(store, aid)
    vecs = rng.normal(size=(3, 4)).astype(np.float32)
    with store.write():
        store.put_vectors("m", [(b"k0", vecs[0]), (b"k1", vecs[1]), (b"k2", vecs[2])])
        store.put_vectors("other", [(b"k9", vecs[2])])
        for aid, key in zip(ids, [b"k0", b"k1", b"k2", b"k0"], strict=True):  # two share k0
            store.set_article_vector(aid, "m", key)
    scanned = store.article_vectors(None, "m")
    assert scanned[0] == sorted(ids)
    monkeypatch.setattr(vectors, "_SCAN_RATIO", 0)  # every store now has "too many" vectors
    looked_up = store.article_vectors(None, "m")
    assert scanned[0] == looked_up[0]
    assert np.array_equal(scanned[1], looked_up[1])
    assert np.array_equal(scanned[1][0], vecs[1])  # a0000001 -> k1
    assert np.array_equal(scanned[1][2], scanned[1][3])  # c and d share k0
