"""Preparation of ingest batches in a child process (issue 25, item 5): the store, the report and
the order of rejects come out as in a run that prepares everything in one process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import write_jsonl
from test_ingest import synthetic

from newsdesk.engine import Engine
from newsdesk.ingest import pipeline
from newsdesk.ingest.pipeline import Ingestor, IngestReport, prepare_records
from newsdesk.model import RawArticle
from newsdesk.store.sqlite import SQLiteStore

needs_two_cpus = pytest.mark.skipif(pipeline._cpus() < 2, reason="one CPU: no child process")


def _records(n: int) -> list[dict]:
    recs = synthetic(n, seed=11)
    recs[3]["text"] = ""  # rejected in preparation ("no article text")
    recs[9] = dict(recs[2])  # an exact duplicate
    recs[14]["text"] = recs[5]["text"] + " The mayor spoke."  # a near-duplicate
    return recs


def _ingest(tmp: Path, src: Path, monkeypatch, embedder, child: bool) -> tuple:
    monkeypatch.setattr(pipeline, "PREP_PROCESS", child)
    tmp.mkdir(exist_ok=True)
    store = SQLiteStore(tmp / f"child-{child}.db")
    rejects: list[tuple[str, str]] = []
    seen: list[Ingestor] = []
    original = Ingestor.__init__

    def init(self, *args, **kw):  # type: ignore[no-untyped-def]
        kw["batch_size"] = 4
        original(self, *args, **kw)
        seen.append(self)

    monkeypatch.setattr(Ingestor, "__init__", init)
    engine = Engine(store, embedder)
    rep = engine.ingest(
        [str(src), str(src.parent / "missing.jsonl")],
        on_reject=lambda r: rejects.append((r.where, r.reason)),
    )
    engine.close()
    con = sqlite3.connect(store.path)
    tables = {
        t: con.execute(f"SELECT {cols} FROM {t} ORDER BY 1, 2").fetchall()
        for t, cols in {
            "articles": "id, key, text_hash, title, text, published, original_id, lineage_id",
            "sentences": 'article_id, idx, start, "end", text',
            "minhash_bands": "article_id, band, hash",
            "story_articles": "article_id, story_id, score",
        }.items()
    }
    con.close()
    return rep, rejects, tables, seen[0]


@needs_two_cpus
def test_child_preparation_gives_the_same_store(tmp_path, monkeypatch, embedder):
    src = write_jsonl(tmp_path / "a.jsonl", _records(22))
    one = _ingest(tmp_path, src, monkeypatch, embedder, child=False)
    two = _ingest(tmp_path, src, monkeypatch, embedder, child=True)
    rep1, rej1, tables1, ing1 = one
    rep2, rej2, tables2, ing2 = two
    assert rep2.as_dict() == rep1.as_dict()
    assert rep2.ids == rep1.ids
    assert rej2 == rej1  # read rejects, then each batch's preparation rejects, as before
    assert any("no article text" in r for _, r in rej1)
    assert any("missing.jsonl" in w for w, _ in rej1)
    assert rep1.duplicates == 1 and rep1.near_duplicates == 1
    assert tables2 == tables1
    assert all(tables1.values())
    # Batches 2..6 of 4 went to the child; the run that kept them here never waited for one.
    assert ing2.timings["wait for preparation"] > 0
    assert "wait for preparation" not in ing1.timings or ing1.timings["wait for preparation"] < 1


@needs_two_cpus
@pytest.mark.parametrize("code", ["import sys; sys.exit(3)", "import os; os.write(1, b'junk')"])
def test_a_failing_child_leaves_the_batches_to_this_process(tmp_path, monkeypatch, embedder, code):
    src = write_jsonl(tmp_path / "a.jsonl", _records(22))
    want = _ingest(tmp_path, src, monkeypatch, embedder, child=False)
    monkeypatch.setattr(pipeline._PrepChild, "code", code)
    got = _ingest(tmp_path / "x", src, monkeypatch, embedder, child=True)
    assert got[0].as_dict() == want[0].as_dict()
    assert got[1] == want[1]
    assert got[2] == want[2]


def test_prepare_records_matches_prepare():
    raws = [RawArticle(title=r["title"], text=r["text"], url=r["url"]) for r in _records(16)]
    prepared, rejects, timings = prepare_records(raws)
    assert [r.reason for r in rejects] == ["no article text"]
    ing = Ingestor(None, None)  # type: ignore[arg-type]
    report = IngestReport()
    want = [p for p in (ing._prepare(r, report) for r in raws) if p is not None]
    assert len(prepared) == len(want) == 15
    for got, exp in zip(prepared, want, strict=True):
        assert got.keys() == exp.keys()
        assert (got["sig"] == exp["sig"]).all()
        assert {k: v for k, v in got.items() if k != "sig"} == {
            k: v for k, v in exp.items() if k != "sig"
        }
    assert timings["split"] > 0 and "prepare cpu" in timings


@needs_two_cpus
def test_a_script_without_a_main_guard_is_not_run_again(tmp_path, embedder):
    """The child is ``python -c``, not multiprocessing's spawn, which would run the calling
    script again (here: a second ingest into the same store, and a second marker line)."""
    src = write_jsonl(tmp_path / "a.jsonl", synthetic(12, seed=3))
    marks = tmp_path / "marks.txt"
    script = tmp_path / "noguard.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from pathlib import Path
            from newsdesk.ingest import pipeline
            from newsdesk.engine import Engine
            from newsdesk.embed import get_embedder
            from newsdesk.store.sqlite import SQLiteStore
            with open({str(marks)!r}, "a") as fh:
                fh.write("run\\n")
            pipeline.PREP_PROCESS = True
            eng = Engine(SQLiteStore(Path({str(tmp_path / "s.db")!r})), get_embedder())
            from newsdesk.ingest.pipeline import Ingestor
            ing = Ingestor(eng.store, eng.embedder, batch_size=3)
            rep = ing.ingest([{str(src)!r}])
            print(rep.ingested, round(ing.timings["wait for preparation"], 6) >= 0)
            """
        )
    )
    env_path = ":".join(p for p in sys.path if p)
    out = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["12", "True"]
    assert marks.read_text() == "run\n"


@needs_two_cpus
def test_a_stalled_source_leaves_every_batch_but_the_last_read_committed(
    tmp_path, monkeypatch, embedder
):
    """While reading waits (a slow feed or URL), the batches before the last one read are
    committed, as in a serial run: preparation ahead must not hold them back."""
    monkeypatch.setattr(pipeline, "PREP_PROCESS", True)
    recs = synthetic(3 * 8 + 3, seed=11)
    reached, release = threading.Event(), threading.Event()

    def records():
        for r in recs:
            yield RawArticle(title=r["title"], text=r["text"], url=r["url"])
        reached.set()
        release.wait(120)

    store = SQLiteStore(tmp_path / "s.db")
    ing = Ingestor(store, embedder, batch_size=8)
    done: list = []
    worker = threading.Thread(target=lambda: done.append(ing.ingest(records())))
    worker.start()
    try:
        assert reached.wait(300)
        con = sqlite3.connect(store.path)
        stalled = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        con.close()
    finally:
        release.set()
        worker.join(300)
    assert stalled == 16  # batches 1 and 2; batch 3 waits for the next read, as before
    assert done and done[0].ingested == len(recs)
    assert ing.timings["wait for preparation"] > 0
