"""Load on the reading room: bounded concurrent clients against `newsdesk serve` on loopback.

Starts the real server (the CLI command, in a subprocess, on a free 127.0.0.1 port) on a copy
of a store holding the demo corpus, warms it up (one briefing loads the embedding model), then
runs two phases back to back with the same request mix, so the figures sit side by side:

* baseline: 1 client, no ingester, for --baseline-seconds (after a warm-up);
* load: --clients clients plus one ingesting client, for --seconds.

Every client loops over a weighted mix: page views (overview, story, article with a highlighted
span, articles list), searches (the HTML page and the API), and briefings (POST /api/briefings,
a few topics and windows). The ingesting client posts JSON Lines batches of new articles with
the bearer token. Requests go only to 127.0.0.1; each client stops at the deadline or after
--max-requests. Prints throughput, p50/p95 latency by kind, and every error.

    python bench/serve.py [--clients 20] [--seconds 30] [--baseline-seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from machine import describe  # noqa: E402

TOKEN = "bench-token"
TOPICS = [
    ("fentanyl, tariffs and cartels", None, None),
    ("tariffs on Mexican imports", "2026-01-10", "2026-02-10"),
    ("port strike and the longshore union", None, None),
    ("measles cases and school exposures", None, None),
    ("cartels designated as terrorist organizations", "2026-01-20", None),
]
SEARCHES = ["fentanyl", "tariff", "strike", "measles", "National Guard", "ferry", "peso"]
MIX = [("page", 55), ("search", 30), ("brief", 15)]
# --desk: the story desk's pages (issue 23), as a share of the page views, recorded apart
DESK_PAGES: list[str] = []


def build_store(work: Path) -> Path:
    db = work / "demo.db"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    demo = REPO / "src" / "newsdesk" / "data" / "demo"
    for args in (["ingest", str(demo), "--no-progress"], ["themes"]):
        subprocess.run([sys.executable, "-m", "newsdesk.cli", *args, "--db", str(db)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    return db


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NEWSDESK_TOKEN=TOKEN, PYTHONPATH=str(REPO / "src"))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--port", "0", "--db", str(db)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        m = re.search(r"reading room on (http://127\.0\.0\.1:\d+)/", log.read_text())
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {log.read_text()[-2000:]}")


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def client_loop(base: str, rec: Recorder, deadline: float, max_requests: int, seed: int,
                ids: list[str], stories: list[str]) -> None:
    rnd = random.Random(seed)
    kinds = [k for k, w in MIX for _ in range(w)]
    with httpx.Client(base_url=base, timeout=120, trust_env=False) as c:
        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                return
            kind = rnd.choice(kinds)
            if kind == "page" and DESK_PAGES and rnd.random() < 0.5:
                kind = "desk page"
                req = ("GET", rnd.choice(DESK_PAGES), None)
            elif kind == "page":
                path = rnd.choice([
                    "/", f"/stories/{rnd.choice(stories)}",
                    f"/articles/{rnd.choice(ids)}?start=0&end=60", "/articles?limit=50",
                ])
                req = ("GET", path, None)
            elif kind == "search":
                q = rnd.choice(SEARCHES)
                req = rnd.choice([("GET", f"/search?q={q}", None),
                                  ("GET", f"/api/search?q={q}", None)])
            else:
                topic, since, until = rnd.choice(TOPICS)
                req = ("POST", "/api/briefings",
                       {"topic": topic, "since": since, "until": until, "words": 150})
            method, path, body = req
            t0 = time.perf_counter()
            error = None
            try:
                r = c.request(method, path, json=body)
                if r.status_code != 200:
                    error = f"{method} {path}: HTTP {r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                error = f"{method} {path}: {type(exc).__name__}: {exc}"
            rec.add(kind, time.perf_counter() - t0, error)


def ingest_loop(base: str, rec: Recorder, deadline: float, max_requests: int,
                phase: str) -> None:
    with httpx.Client(base_url=base, timeout=120, trust_env=False) as c:
        for n in range(max_requests):
            if time.monotonic() >= deadline:
                return
            lines = []
            for k in range(10):
                serial = f"{phase}-{n}-{k}"
                lines.append(json.dumps({
                    "title": f"Harbor bulletin {serial}: ferry timetable update",
                    "source": "Bench Wire",
                    "published": f"2026-03-{1 + n % 28:02d}T08:00:00Z",
                    "url": f"https://bench.example.com/{serial}",
                    "text": f"Bulletin {serial}. The harbor authority posted a new ferry "
                            f"timetable on Monday, adding {n + k} sailings a week. Officials "
                            "said the change follows the end of the repair work on the pier.",
                }))
            t0 = time.perf_counter()
            error = None
            try:
                r = c.post("/api/ingest", content="\n".join(lines) + "\n", headers={
                    "content-type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"})
                if r.status_code != 200 or r.json().get("ingested") != 10:
                    error = f"ingest: HTTP {r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                error = f"ingest: {type(exc).__name__}: {exc}"
            rec.add("ingest", time.perf_counter() - t0, error)
            time.sleep(0.5)


def run_phase(base: str, name: str, clients: int, seconds: float, max_requests: int,
              ingester: bool, ids: list[str], stories: list[str]) -> Recorder:
    rec = Recorder()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop,
                         args=(base, rec, deadline, max_requests, 1000 + i, ids, stories))
        for i in range(clients)
    ]
    if ingester:
        threads.append(threading.Thread(target=ingest_loop,
                                        args=(base, rec, deadline, max_requests, name)))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rec.elapsed = time.perf_counter() - t0  # type: ignore[attr-defined]
    return rec


def pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(name: str, rec: Recorder) -> None:
    elapsed = rec.elapsed  # type: ignore[attr-defined]
    total = sum(len(v) for v in rec.times.values())
    print(f"\n{name}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} req/s, "
          f"errors {len(rec.errors)}")
    print(f"  {'kind':<9} {'n':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind in ("page", "desk page", "search", "brief", "ingest"):
        v = rec.times.get(kind)
        if not v:
            continue
        print(f"  {kind:<9} {len(v):>5} {len(v) / elapsed:>7.2f} {pct(v, 50) * 1000:>8.0f} "
              f"{pct(v, 95) * 1000:>8.0f} {max(v) * 1000:>8.0f}")
    for e in rec.errors[:20]:
        print(f"  error: {e}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--baseline-seconds", type=float, default=20.0)
    ap.add_argument("--max-requests", type=int, default=2000, help="per client, per phase")
    ap.add_argument("--db", type=Path, help="a store to copy (default: the demo corpus)")
    ap.add_argument("--desk", action="store_true",
                    help="half the page views go to the story desk's pages (themes, a theme, "
                    "a timeline, a theme's Atom feed, filtered search); summaries written first")
    args = ap.parse_args()
    print(describe())
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-serve-"))
    proc = None
    try:
        if args.db:
            db = work / "copy.db"
            shutil.copy(args.db, db)
        else:
            t0 = time.perf_counter()
            db = build_store(work)
            print(f"store: the demo corpus, built in {time.perf_counter() - t0:.1f} s")
        if args.desk:
            t0 = time.perf_counter()
            env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
            subprocess.run([sys.executable, "-m", "newsdesk.cli", "summaries", "--no-progress",
                            "--db", str(db)], check=True, env=env, stdout=subprocess.DEVNULL)
            print(f"summaries of every story written in {time.perf_counter() - t0:.1f} s")
        proc, base = start_server(db, work / "serve.log")
        print(f"server: {base} (newsdesk serve, uvicorn, 1 process)")
        with httpx.Client(base_url=base, timeout=300, trust_env=False) as c:
            t0 = time.perf_counter()
            r = c.post("/api/briefings", json={"topic": TOPICS[0][0], "words": 60})
            r.raise_for_status()
            c.get("/")  # the first page computes themes if the store left them stale
            print(f"warm-up (loads the model, one briefing): {time.perf_counter() - t0:.1f} s")
            ids = [a["id"] for a in c.get("/api/articles", params={"limit": 1000}).json()]
            stories = [s["id"] for s in c.get("/api/stories").json()]
            if args.desk:
                themes = [t["id"] for t in c.get("/api/themes").json()]
                outlet = c.get("/api/search", params={"q": "port"}).json()["results"][0]["source"]
                DESK_PAGES[:] = ["/themes", "/timeline?topic=measles+outbreak",
                                 f"/search?q=port&source={outlet}&since=2026-01-01"]
                DESK_PAGES.extend(f"/themes/{t}" for t in themes[:3])
                DESK_PAGES.extend(f"/feeds/themes/{t}.atom" for t in themes[:3])
        base_rec = run_phase(base, "baseline", 1, args.baseline_seconds, args.max_requests,
                             False, ids, stories)
        report("baseline (1 client, no ingest)", base_rec)
        load_rec = run_phase(base, "load", args.clients, args.seconds, args.max_requests,
                             True, ids, stories)
        report(f"load ({args.clients} clients + 1 ingesting)", load_rec)
        errors = len(base_rec.errors) + len(load_rec.errors)
        print(f"\nerrors in all: {errors}")
        return 1 if errors else 0
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
