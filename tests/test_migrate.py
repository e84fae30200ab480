"""``newsdesk migrate`` copies the story desk (headlines, summaries, outlet leans) and the
article columns added after the first copy was written (encoding, previous_id, date_source):
SQLite to SQLite, and SQLite to PostgreSQL when the throwaway server can start."""

from __future__ import annotations

import numpy as np
import pytest
from test_store_contract import _article

from newsdesk.cli.main import main
from newsdesk.store import open_store


def _source(path: str) -> None:
    with open_store(path) as s:
        first = _article("aaaa0001", "The port reopened after the strike.", source="Wire")
        first.encoding, first.date_source = "cp1252", "dateline"
        fixed = _article("bbbb0002", "The port reopened after a long strike.", source="Daily")
        fixed.previous_id, fixed.date_source = "aaaa0001", "metadata"
        with s.write():
            s.add_articles([first, fixed])
        s.put_desk_rows([
            {"story_id": "saaaa0001", "members": "f1", "headline": "Port reopens",
             "summary": {"text": "It reopened.", "sentences": []},
             "updated_at": "2026-01-02T03:04:05Z"},
            {"story_id": "sbbbb0002", "members": "f2", "headline": "Strike", "summary": None},
        ])  # fmt: skip
        s.set_outlet_leans({"Wire": "center", "Daily": "left"}, origin="allsides")


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_migrate_copies_desk_rows_leans_and_article_columns(tmp_path, request, capsys, target):
    src = str(tmp_path / "src.db")
    _source(src)
    dst = str(tmp_path / "dst.db") if target == "sqlite" else request.getfixturevalue("pg_url")
    assert main(["migrate", "--from", src, "--to", dst]) == 0
    assert "copied 2 articles" in capsys.readouterr().out
    with open_store(src, create=False) as a, open_store(dst, create=False) as b:
        ids = ["aaaa0001", "bbbb0002"]
        cols = [(r.id, r.encoding, r.previous_id, r.date_source) for r in a.article_records(ids)]
        assert sorted(cols) == [("aaaa0001", "cp1252", None, "dateline"),
                                ("bbbb0002", None, "aaaa0001", "metadata")]  # fmt: skip
        assert sorted(
            (r.id, r.encoding, r.previous_id, r.date_source) for r in b.article_records(ids)
        ) == sorted(cols)
        assert [x.encoding for x in b.get_articles(ids)] == ["cp1252", None]
        assert b.desk_rows() == a.desk_rows() and len(b.desk_rows()) == 2
        assert b.desk_rows()["saaaa0001"]["updated_at"] == "2026-01-02T03:04:05Z"
        leans = [(r["outlet"], r["lean"], r["origin"]) for r in a.outlet_lean_rows()]
        assert leans == [("Daily", "left", "allsides"), ("Wire", "center", "allsides")]
        assert [(r["outlet"], r["lean"], r["origin"]) for r in b.outlet_lean_rows()] == leans
    assert main(["migrate", "--from", src, "--to", dst]) == 0  # again: nothing doubles
    assert "copied 0 articles (2 already there)" in capsys.readouterr().out
    with open_store(dst, create=False) as b:
        assert len(b.desk_rows()) == 2 and len(b.outlet_lean_rows()) == 2


def test_schema_0009_drops_the_hnsw_indexes_nothing_reads(pg_url) -> None:
    """``Store.nearest`` is gone, so no HNSW index is made; a store opened by an earlier
    version loses the ones it has (migration 0009) and keeps its vectors."""
    with open_store(pg_url) as s:
        with s.write():
            s.put_vectors("m", [(b"k1", np.ones(4, dtype=np.float32))])
        s._exec(  # type: ignore[attr-defined]  # what the earlier versions made
            "CREATE INDEX embeddings_hnsw_0123456789ab_4 ON embeddings USING hnsw "
            "((vector::vector(4)) vector_cosine_ops) WHERE model = 'm' AND dim = 4"
        )
        s._exec("DELETE FROM schema_migrations WHERE version = 9")  # type: ignore[attr-defined]
        assert _hnsw(s) == ["embeddings_hnsw_0123456789ab_4"]
    with open_store(pg_url, create=False) as s:
        assert _hnsw(s) == [] and s.schema_version() == 9
        assert np.allclose(s.cached_vectors([b"k1"])[b"k1"], 1.0)


def _hnsw(store) -> list[str]:
    return [
        r[0]
        for r in store._all(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' "
            "AND indexname LIKE 'embeddings_hnsw_%'"
        )
    ]
