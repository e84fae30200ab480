"""Briefing latency over a store of >= 10k articles, cold (new process) and warm (same process).

The store is built once (cached under --work): BBC News, the White House Mexico set and the demo
corpus are ingested, then their rows are replicated with new IDs and dates shifted by whole
years until the store holds --target articles (replicas keep their text, sentences and vectors,
as a larger archive of the same kind would).

    python bench/brief.py [--data ../shared/data] [--target 10000] [--work /tmp/newsdesk-bench]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from machine import describe  # noqa: E402

from newsdesk.embed import get_embedder  # noqa: E402
from newsdesk.engine import Engine  # noqa: E402
from newsdesk.model import BriefRequest  # noqa: E402
from newsdesk.store.sqlite import SQLiteStore  # noqa: E402

TOPICS = [
    "fentanyl in U.S.-Mexico relations",
    "tariffs on Mexican steel and aluminum",
    "migration at the southern border and asylum",
    "cartels and weapons trafficking",
    "football transfer fees and the Premier League",
    "mobile phone market and broadband",
    "the general election campaign and the Labour party",
    "oil prices and the world economy",
]


def build_store(path: Path, data: Path, target: int) -> None:
    """Ingest the real sets (no story grouping, as before), then replicate rows to ``target``.

    The replication is a SQLite fixture written with raw SQL on the store's own connection
    inside ``store.write()``; only the briefings below are measured.
    """
    store = SQLiteStore(path)
    if store.count() >= target:
        store.close()
        return
    t0 = time.perf_counter()
    sources = [data / "bbc", data / "whitehouse" / "mexico_2021_2026.jsonl",
               REPO / "src" / "newsdesk" / "data" / "demo"]
    engine = Engine(store, get_embedder())
    rep = engine.ingest([str(s) for s in sources], stories=False)
    print(f"ingested the real sets: {rep.line()} in {time.perf_counter() - t0:.0f} s")
    base = store.count()
    copy = 1
    c = store.conn
    while store.count() < target:
        with store.write():
            c.execute(
                """INSERT INTO articles (id, key, url, canonical_url, text_hash, title, text,
                   published, source, author, original_id, similarity, lineage_id, minhash,
                   origin, ingested_at)
                   SELECT id || printf('%02d', ?), key || printf('%02d', ?),
                          url || '#r' || ?, canonical_url || '?replica=' || ?,
                          text_hash || printf('%02d', ?), title, text,
                          CASE WHEN published IS NULL THEN NULL ELSE
                            printf('%04d', CAST(substr(published, 1, 4) AS INTEGER) - ?)
                            || substr(published, 5) END,
                          source, author, NULL, NULL, id || printf('%02d', ?), NULL,
                          'replica', ingested_at
                   FROM articles WHERE origin != 'replica' ORDER BY rowid LIMIT ?""",
                (copy, copy, copy, copy, copy, copy, copy, min(base, target - store.count())),
            )
            c.execute(
                """INSERT INTO sentences (article_id, idx, start, end, text)
                   SELECT s.article_id || printf('%02d', ?), s.idx, s.start, s.end, s.text
                   FROM sentences s JOIN articles a ON a.id = s.article_id || printf('%02d', ?)""",
                (copy, copy),
            )
            c.execute(
                """INSERT INTO article_vectors (article_id, model, key)
                   SELECT v.article_id || printf('%02d', ?), v.model, v.key
                   FROM article_vectors v
                   JOIN articles a ON a.id = v.article_id || printf('%02d', ?)""",
                (copy, copy),
            )
        copy += 1
    print(f"store: {store.count()} articles ({copy - 1} replica rounds)")
    store.close()


def warm(path: Path, words: int) -> list[float]:
    engine = Engine(SQLiteStore(path, create=False), get_embedder())
    times = []
    # the first call also loads the article vectors into memory: report it separately
    for i, topic in enumerate(TOPICS + TOPICS):
        t0 = time.perf_counter()
        b = engine.brief(BriefRequest(topic, words=words))
        dt = time.perf_counter() - t0
        n = sum(len(p.sentences) for p in b.paragraphs)
        tag = "first" if i == 0 else ("repeat" if i >= len(TOPICS) else "new topic")
        print(f"  warm {tag:<9} {dt:6.2f} s  {n:2d} sentences  {topic}")
        times.append(dt)
    engine.close()
    return times


def cold(path: Path) -> list[float]:
    times = []
    for topic in TOPICS[:3]:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsdesk.cli", "brief", topic, "--db", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONPATH=str(REPO / "src")),
        )
        dt = time.perf_counter() - t0
        print(f"  cold  {dt:6.2f} s  {topic}")
        times.append(dt)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NEWSDESK_DATA", str(REPO.parent / "shared" / "data"))
    ap.add_argument("--data", default=default)
    ap.add_argument("--target", type=int, default=10_000)
    ap.add_argument("--work", default="/tmp/newsdesk-bench")
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "bbc").is_dir() or not (data / "whitehouse").is_dir():
        print(f"bench/brief.py: {data}: bbc/ and whitehouse/ not found (use --data DIR)",
              file=sys.stderr)
        return 2
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"brief-{args.target}.db"
    build_store(db, data, args.target)
    print(f"{describe()}; store {db}")
    print("cold (new process per briefing: start-up, model load, retrieval, writing):")
    c = cold(db)
    print("warm (one long-running process):")
    w = warm(db, args.words)
    new = w[1:len(TOPICS)]
    rep = w[len(TOPICS):]
    print(f"\ncold median {statistics.median(c):.2f} s")
    print(f"warm first call {w[0]:.2f} s (loads the vector matrix)")
    print(f"warm new topic median {statistics.median(new):.2f} s, max {max(new):.2f} s")
    print(f"warm repeated topic median {statistics.median(rep):.2f} s, max {max(rep):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
