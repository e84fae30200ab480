"""Serial ingest against Dask ingest (``--workers N``), back to back, on the same files.

Prints each run's counts, wall time and rate, and whether the two stores are equal (article
list with IDs, lineages and dates; story assignments). The Dask run includes starting the
LocalCluster and loading the models in each worker, as ``newsdesk ingest --workers N`` does.

    python bench/dask_ingest.py [--workers 2] [--no-stories] [--limit N] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from machine import describe  # noqa: E402

from newsdesk.embed import get_embedder  # noqa: E402
from newsdesk.engine import Engine  # noqa: E402
from newsdesk.store import open_store  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("NEWSDESK_DATA",
                                                     str(REPO.parent / "shared" / "data")))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-stories", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="only the first N BBC files")
    args = ap.parse_args()
    bbc = Path(args.data) / "bbc"
    if not bbc.is_dir():
        print(f"bench/dask_ingest.py: {bbc}: not found (use --data DIR)", file=sys.stderr)
        return 2
    print(describe())
    emb = get_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        src = bbc
        if args.limit:
            src = Path(tmp) / "bbc"
            for f in sorted(bbc.rglob("*.txt"))[: args.limit]:
                (src / f.parent.name).mkdir(parents=True, exist_ok=True)
                (src / f.parent.name / f.name).write_bytes(f.read_bytes())
        states = []
        for workers in (0, args.workers):
            with Engine(open_store(f"{tmp}/w{workers}.db"), emb) as eng:
                t0 = time.perf_counter()
                rep = eng.ingest([str(src)], stories=not args.no_stories, workers=workers)
                wall = time.perf_counter() - t0
                n = rep.ingested + rep.duplicates
                print(f"workers={workers}: {rep.line()}; {wall:.1f} s, {n / wall:.1f} articles/s",
                      flush=True)  # fmt: skip
                states.append((eng.store.list_articles(), eng.store.story_assignments()))
    print(f"equal articles (IDs, lineages, dates): {states[0][0] == states[1][0]}; "
          f"equal story assignments: {states[0][1] == states[1][1]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
