"""Ingest throughput: BBC News (2,225 articles) and the White House Mexico set into fresh stores.

Prints, for each stage (reading + parsing, dedup/MinHash, sentence splitting, embedding,
writing, story assignment and, within it, the re-clustering after each batch), its wall-clock
seconds, articles/second and CPU seconds (of the thread it ran on), then end to end, the
process's CPU (also per 1000 articles: the figure to compare on a shared machine), the load
average before and after, and peak memory. Embedding runs on worker
threads overlapping the others (their seconds are summed), so the stage times add up to more
than the wall time; wall-clock stage times grow with the machine's load, CPU times do not.

The measured call is ``Engine(store, embedder).ingest(sources, stories=...)``, the same one
``newsdesk ingest`` makes (story assignment after each batch unless ``--no-stories``). The
engine builds its ``Ingestor`` internally; the stage seconds are read from that ingestor's
``timings``, caught by ``recorded_ingestors`` (nothing else about the ingest is changed).

    python bench/ingest.py [--data ../shared/data] [--only bbc|whitehouse] [--no-stories]
                           [--workers N] [--postgres] [--model NAME]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from machine import describe  # noqa: E402

from newsdesk.embed import Embedder, get_embedder  # noqa: E402
from newsdesk.engine import Engine  # noqa: E402
from newsdesk.ingest.pipeline import Ingestor  # noqa: E402
from newsdesk.store import open_store  # noqa: E402
from newsdesk.store.sqlite import SQLiteStore  # noqa: E402


@contextmanager
def settle_seconds() -> Iterator[dict[str, float]]:
    """Sum the thread CPU seconds and calls of ``StoryIndex.settle`` (the re-clustering after
    each batch) while inside; nothing else about it is changed."""
    from newsdesk.stories.index import StoryIndex

    spent = {"cpu": 0.0, "calls": 0.0}
    original = StoryIndex.settle

    def settle(self: StoryIndex, *args: Any, **kwargs: Any) -> Any:
        c0 = time.thread_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["cpu"] += time.thread_time() - c0
            spent["calls"] += 1

    StoryIndex.settle = settle  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        StoryIndex.settle = original  # type: ignore[method-assign]


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):  # not POSIX
        return float("nan")


@contextmanager
def recorded_ingestors() -> Iterator[list[Ingestor]]:
    """Collect every ``Ingestor`` (the distributed one included) built while inside, to read
    its stage timings."""
    made: list[Ingestor] = []
    original = Ingestor.__init__

    def init(self: Ingestor, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    Ingestor.__init__ = init  # type: ignore[method-assign]
    try:
        yield made
    finally:
        Ingestor.__init__ = original  # type: ignore[method-assign]


def run(
    name: str, source: Path, with_stories: bool, emb: Embedder, workers: int = 0, pg: Any = None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(pg.database()) if pg else SQLiteStore(Path(tmp) / "bench.db")
        engine = Engine(store, emb)
        load0 = _load()
        with recorded_ingestors() as made, settle_seconds() as settled:
            t0, c0, p0 = time.perf_counter(), time.thread_time(), time.process_time()
            rep = engine.ingest([str(source)], stories=with_stories, workers=workers)
            wall = time.perf_counter() - t0
            main_cpu = time.thread_time() - c0
            proc_cpu = time.process_time() - p0
        load1 = _load()
        st = store.stats()
        engine.close()
    n = rep.ingested + rep.duplicates
    t: dict[str, float] = dict(made[0].timings) if made else {}
    if not made:
        print("  (stage timings unavailable: the engine built no Ingestor this script knows)")
    print(f"\n{name}: {source}")
    print(f"  {rep.line()}; {st['sentences']} sentences")
    rows = [
        ("read + parse", "read"),
        ("preparation (clean, key, date, split, MinHash)", "prepare"),
        ("dedup (MinHash + lookups in write)", "minhash"),
        ("sentence splitting", "split"),
        ("embedding (worker threads, summed)", "embed"),
        ("embedding (main thread, instead of waiting)", "embed (main thread)"),
        ("write (SQLite, FTS5, near-dup lookup)", "write"),
        ("story assignment", "stories"),
        # with --workers: the stages on the workers (summed over them), and the wait for them
        ("workers: sentence splitting", "worker split"),
        ("workers: embedding", "worker embed"),
        ("workers: grouping features (NER)", "worker features"),
        ("writer waiting for workers", "wait"),
    ]
    # Wall-clock seconds grow with the machine's load; a stage's CPU seconds (its thread's) do not.
    print(f"  {'stage':<46} {'wall':>7}    {'rate (wall)':>20}  {'CPU':>7}")
    for label, key in rows:
        secs = t.get(key, 0.0)
        if secs:
            cpu = t.get(f"{key} cpu")
            cpu_s = f"{cpu:7.2f} s" if cpu is not None else ""
            print(f"  {label:<46} {secs:7.2f} s  {n / secs:9.1f} articles/s  {cpu_s}")
    if settled["calls"]:
        print(f"  {'of which re-clustering (settle, CPU)':<46} {'':>7}    {'':>20}  "
              f"{settled['cpu']:7.2f} s  ({settled['calls']:.0f} calls)")
    print(f"  {'end to end':<46} {wall:7.2f} s  {n / wall:9.1f} articles/s")
    print(f"  CPU: {proc_cpu:.1f} s in all = {proc_cpu / n * 1000:.2f} s per 1000 articles "
          f"(main thread {main_cpu:.1f} s, other threads (embedding) "
          f"{proc_cpu - main_cpu:.1f} s); load average {load0:.1f} before, {load1:.1f} after")
    return {"articles": n, "wall": wall, "cpu": proc_cpu}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NEWSDESK_DATA", str(REPO.parent / "shared" / "data"))
    ap.add_argument("--data", default=default)
    ap.add_argument("--only", choices=["bbc", "whitehouse"])
    ap.add_argument("--no-stories", action="store_true", help="skip story assignment")
    ap.add_argument("--workers", type=int, default=0, help="Dask worker processes (issue 12)")
    ap.add_argument("--model", default="all-MiniLM-L6-v2",
                    help="embedding model (all-MiniLM-L6-v2-int8: the opt-in int8 variant)")
    ap.add_argument("--postgres", action="store_true",
                    help="a throwaway local PostgreSQL store instead of SQLite (issue 12)")
    args = ap.parse_args()
    data = Path(args.data)
    sets = {"bbc": data / "bbc", "whitehouse": data / "whitehouse" / "mexico_2021_2026.jsonl"}
    for path in sets.values():
        if not path.exists():
            print(f"bench/ingest.py: {path}: dataset not found (use --data DIR)", file=sys.stderr)
            return 2
    t0 = time.perf_counter()
    emb = get_embedder(args.model)
    print(f"model load: {time.perf_counter() - t0:.1f} s ({type(emb).__name__})")
    print(describe())
    print(f"store: {'PostgreSQL' if args.postgres else 'SQLite'}; workers: {args.workers}; "
          f"model: {emb.name}")
    total_n = total_t = total_cpu = 0.0
    pg = None
    if args.postgres:
        from newsdesk.store.postgres.localserver import LocalPostgres

        pg = LocalPostgres(fast=False, options="-c synchronous_commit=off")
        pg.start()
    try:
        for name, path in sets.items():
            if args.only and name != args.only:
                continue
            r = run(name, path, not args.no_stories, emb, args.workers, pg)
            total_n += r["articles"]
            total_t += r["wall"]
            total_cpu += r["cpu"]
    finally:
        if pg:
            pg.stop()
    use = resource.getrusage(resource.RUSAGE_SELF)
    peak = use.ru_maxrss / 1024
    print(f"CPU of this process: {use.ru_utime + use.ru_stime:.1f} s (workers not counted)")
    rate = total_n / total_t
    print(f"\noverall: {total_n:.0f} articles in {total_t:.1f} s = {rate:.1f} articles/s; "
          f"CPU {total_cpu / total_n * 1000:.2f} s per 1000 articles")
    print(f"peak memory (max RSS): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
