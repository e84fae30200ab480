"""New topics on an archive of distinct articles, before and after ``newsdesk index``.

bench/scale.py replicates 3,897 real articles to 100,000, and its replicas share most of their
sentences, so a topic never briefed there needs only 30-110 sentence vectors. On an archive of
distinct articles a new topic draws on a few hundred sentences not embedded yet. This script
briefs the ten topics of bench/scale.py, warm (one process, models and vectors loaded), on a
copy of scale.py's base store (the 3,897 articles, no sentence vectors cached), then indexes
that copy (``Engine.index_sentences``, what ``newsdesk index`` runs) and briefs the same topics
in a fresh process on the indexed copy. Prints per topic the seconds, the texts embedded and
the embedding's share, and the indexing rate.

    python bench/newtopics.py [--work /tmp/newsdesk-scale] [--words 250]

Run bench/scale.py once first (it builds ``--work``/base.db).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from machine import describe  # noqa: E402
from scale import ENV, NEW_TOPICS, pct, time_embedding  # noqa: E402


def child(loc: str, words: int, index: bool) -> None:
    """In a fresh process: optionally index the store, then brief every topic once."""
    from newsdesk.embed import get_embedder
    from newsdesk.engine import Engine
    from newsdesk.model import BriefRequest
    from newsdesk.store import open_store

    eng = Engine(open_store(loc, create=False), get_embedder())
    eng.warm_up()
    out: dict[str, Any] = {"topics": []}
    if index:
        t0 = time.perf_counter()
        c0 = time.process_time()
        n, texts = eng.index_sentences()
        out["index"] = {"articles": n, "texts": texts, "seconds": time.perf_counter() - t0,
                        "cpu": time.process_time() - c0}  # fmt: skip
    spent = time_embedding(eng)
    for topic in NEW_TOPICS:
        spent[:] = [0.0, 0]
        t0 = time.perf_counter()
        eng.brief(BriefRequest(topic, words=words))
        out["topics"].append([topic, time.perf_counter() - t0, spent[0], spent[1]])
    eng.close()
    print(json.dumps(out))


def run(loc: str, words: int, index: bool) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", loc, "--words", str(words)]
        + (["--index"] if index else []),
        check=True, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default="/tmp/newsdesk-scale")
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--index", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.words, args.index)
        return 0
    base = Path(args.work) / "base.db"
    if not base.is_file():
        print(f"bench/newtopics.py: {base}: not found (run bench/scale.py first)", file=sys.stderr)
        return 2
    print(describe())
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, index in (("not indexed", False), ("indexed", True)):
            loc = str(Path(tmp) / f"{label.replace(' ', '-')}.db")
            shutil.copyfile(base, loc)
            results[label] = run(loc, args.words, index)
    for label, r in results.items():
        print(f"\n{label}:")
        if "index" in r:
            ix = r["index"]
            print(f"  index: {ix['articles']} articles, {ix['texts']} texts in "
                  f"{ix['seconds']:.0f} s ({ix['articles'] / ix['seconds']:.1f} articles/s, "
                  f"{ix['texts'] / ix['seconds']:.0f} texts/s, CPU {ix['cpu']:.0f} s)")  # fmt: skip
        for topic, secs, emb, n in r["topics"]:
            print(f"  {secs:5.2f} s  embedding {emb:4.2f} s ({n:3d} texts)  {topic}")
        v = [t[1] for t in r["topics"]]
        print(f"  p50 / p95: {statistics.median(v):.2f} / {pct(v, 0.95):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
