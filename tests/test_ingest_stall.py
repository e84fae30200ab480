"""A source that stalls mid-run (a slow feed or URL) must not hold back batches already read:
every batch before the last one read is committed. Kept from issue 25 item 5, where a version
that prepared batches ahead in a child process committed none of them (0 of 16 here)."""

from __future__ import annotations

import sqlite3
import threading

from test_ingest import synthetic

from newsdesk.ingest.pipeline import Ingestor
from newsdesk.model import RawArticle
from newsdesk.store.sqlite import SQLiteStore


def test_a_stalled_source_leaves_every_batch_but_the_last_read_committed(tmp_path, embedder):
    recs = synthetic(3 * 8 + 3, seed=11)
    reached, release = threading.Event(), threading.Event()

    def records():
        for r in recs:
            yield RawArticle(title=r["title"], text=r["text"], url=r["url"])
        reached.set()  # the records of batch 4 are read; the source now waits
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
    assert stalled == 16  # batches 1 and 2; batch 3 waits for the next read to be written
    assert done and done[0].ingested == len(recs)
