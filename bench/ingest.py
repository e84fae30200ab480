"""Ingest throughput: BBC News (2,225 articles) and the White House Mexico set into fresh stores.

Prints articles/second for each stage (reading + parsing, dedup/MinHash, sentence splitting,
embedding, writing) and end to end, plus peak memory. Stage rates are articles divided by the
seconds spent in that stage; embedding runs on a worker thread overlapping the others, so
the stage times add up to more than the wall time.

    python bench/ingest.py [--data ../shared/data] [--only bbc|whitehouse] [--no-stories]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsdesk.embed.minilm import get_embedder  # noqa: E402
from newsdesk.ingest.pipeline import Ingestor  # noqa: E402
from newsdesk.store.sqlite.store import Store  # noqa: E402


def run(name: str, source: Path, with_stories: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        hook = None
        if with_stories:
            try:
                from newsdesk.stories.service import assign_articles

                def hook(ids: list[str]) -> None:
                    assign_articles(store.conn, ids)
            except ImportError:
                hook = None
        ing = Ingestor(store, get_embedder(), after_batch=hook)
        t0 = time.perf_counter()
        rep = ing.ingest([str(source)])
        wall = time.perf_counter() - t0
        st = store.stats()
        store.close()
    n = rep.ingested + rep.duplicates
    t = ing.timings
    print(f"\n{name}: {source}")
    print(f"  {rep.line()}; {st['sentences']} sentences")
    rows = [
        ("read + parse", t["read"]),
        ("dedup (MinHash + lookups in write)", t["minhash"]),
        ("sentence splitting", t["split"]),
        ("embedding (worker thread)", t["embed"]),
        ("write (SQLite, FTS5, near-dup lookup)", t["write"]),
        ("story assignment", t["stories"]),
    ]
    for label, secs in rows:
        if secs:
            print(f"  {label:<40} {secs:7.2f} s  {n / secs:9.1f} articles/s")
    print(f"  {'end to end':<40} {wall:7.2f} s  {n / wall:9.1f} articles/s")
    return {"articles": n, "wall": wall}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NEWSDESK_DATA", str(REPO.parent / "shared" / "data"))
    ap.add_argument("--data", default=default)
    ap.add_argument("--only", choices=["bbc", "whitehouse"])
    ap.add_argument("--no-stories", action="store_true", help="skip story assignment")
    args = ap.parse_args()
    data = Path(args.data)
    sets = {"bbc": data / "bbc", "whitehouse": data / "whitehouse" / "mexico_2021_2026.jsonl"}
    for path in sets.values():
        if not path.exists():
            print(f"bench/ingest.py: {path}: dataset not found (use --data DIR)", file=sys.stderr)
            return 2
    t0 = time.perf_counter()
    emb = get_embedder()
    print(f"model load: {time.perf_counter() - t0:.1f} s ({type(emb).__name__})")
    print(f"cpus: {os.cpu_count()}")
    total_n = total_t = 0.0
    for name, path in sets.items():
        if args.only and name != args.only:
            continue
        r = run(name, path, not args.no_stories)
        total_n += r["articles"]
        total_t += r["wall"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = total_n / total_t
    print(f"\noverall: {total_n:.0f} articles in {total_t:.1f} s = {rate:.1f} articles/s")
    print(f"peak memory (max RSS): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
