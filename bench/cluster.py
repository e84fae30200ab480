"""Story grouping speed: assign 10,000 articles incrementally, then rebuild; embeddings excluded.

Two levels are timed:

* core: ``StoryIndex.add`` in ingest-sized batches of 64 (arrival = date order), and
  ``stories.cluster`` over the whole set (what a rebuild computes);
* store: ``StoryGrouper.assign`` batch by batch on a ``SQLiteStore`` (membership, story
  figures and labels written per batch), ``StoryGrouper.refresh`` (themes and labels), then
  ``StoryGrouper.rebuild`` (re-cluster, carry IDs, write every story, themes and labels).
  Article rows (raw SQL on the store's connection inside ``store.write()``, a fixture), article
  vectors and features (``put_vectors``, ``set_article_vector``, ``put_features``) are written
  beforehand, so NER and embedding are not in the timings (they are per-article ingest costs,
  measured by bench/ingest.py).

Data: synthetic by default (2,500 stories of 1-12 articles over 120 days in 60 topics; vectors
are topic + story + noise directions, words and entities drawn per story and topic), or with
``--real DIR`` the AllSides and ECB+ documents' real vectors and features (computed once and
cached in /tmp/cluster_eval/cache) replicated to 10,000 with every copy shifted by 150 days.

    python bench/cluster.py [--n 10000] [--real ../shared/data]

On a machine other jobs share, run it with ``OPENBLAS_NUM_THREADS=1``: OpenBLAS's two spinning
worker threads then no longer fight the other jobs for the cores, which otherwise made single
runs swing by up to 4x (2026-11-29).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from machine import describe  # noqa: E402

from newsdesk.embed import content_key  # noqa: E402
from newsdesk.store.base import FeatureRecord  # noqa: E402
from newsdesk.store.sqlite import SQLiteStore  # noqa: E402
from newsdesk.stories import core as stories  # noqa: E402
from newsdesk.stories.core import ArticleFeatures, StoryIndex  # noqa: E402
from newsdesk.stories.service import FEATURE_VERSION, StoryGrouper  # noqa: E402

DAY0 = np.datetime64("2025-01-01")
MODEL = "all-MiniLM-L6-v2"  # the name the vectors are stored under (any name would do)


def synthetic(n: int, seed: int = 7) -> tuple[list[ArticleFeatures], list[dict]]:
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(60, 384))
    feats: list[ArticleFeatures] = []
    meta: list[dict] = []
    sid = 0
    while len(feats) < n:
        t = int(rng.integers(60))
        center = topics[t] + 0.8 * rng.normal(size=384)
        start = int(rng.integers(120))
        size = int(min(12, 1 + rng.geometric(0.3)))
        ents = [f"e:ent{sid}_{k}" for k in range(2)] + [f"e:topic{t}"]
        for _ in range(size):
            if len(feats) >= n:
                break
            v = center + 0.9 * rng.normal(size=384)
            v = (v / np.linalg.norm(v)).astype(np.float32)
            terms = {f"s{sid}w{k}": 1 for k in rng.choice(10, 6, replace=False)}
            terms.update({f"t{t}w{k}": 1 for k in rng.choice(8, 3, replace=False)})
            terms.update({f"v{k}": 1 for k in rng.integers(20000, size=25)})
            day = start + int(rng.integers(3))
            ts = str(DAY0 + np.timedelta64(day, "D")) + f"T{int(rng.integers(24)):02d}:00:00Z"
            aid = f"{len(feats):08x}"
            feats.append(
                ArticleFeatures(
                    aid,
                    v,
                    terms,
                    {e: 1 for e in ents},
                    published=ts,
                    source=f"outlet{int(rng.integers(40))}",
                )
            )
            meta.append(
                {
                    "title": f"Story {sid} about topic {t} and its actors",
                    "entities": [[e[2:], "ORG", e[2:].title(), 1] for e in ents],
                }
            )
        sid += 1
    return feats, meta


def real(n: int, data: Path) -> tuple[list[ArticleFeatures], list[dict]]:
    from newsdesk.evaluate.clusterdata import load_dataset
    from newsdesk.evaluate.clusterprep import doc_entities, embed_leads

    cache = Path("/tmp/cluster_eval/cache")
    base: list[ArticleFeatures] = []
    meta0: list[dict] = []
    for ds in ("allsides", "ecbplus"):
        docs = load_dataset(ds, data)
        _, vecs = embed_leads(docs, cache)
        ents = doc_entities(docs, cache)
        for i, d in enumerate(docs):
            f = stories.make_features(
                d.id,
                d.title,
                d.text,
                vecs[i],
                ents[i],
                published=d.published or "2021-06-01",
                source=d.source,
            )
            base.append(f)
            meta0.append(
                {"title": d.title, "entities": [[e.key, e.label, e.text, e.count] for e in ents[i]]}
            )
    feats: list[ArticleFeatures] = []
    meta: list[dict] = []
    rep = 0
    while len(feats) < n:
        for f, m in zip(base, meta0, strict=True):
            if len(feats) >= n:
                break
            day = np.datetime64((f.published or "2021-06-01")[:10]) + np.timedelta64(150 * rep, "D")
            feats.append(
                ArticleFeatures(
                    f"{len(feats):08x}",
                    f.vector,
                    f.terms,
                    f.keys,
                    published=str(day),
                    source=f.source,
                )
            )
            meta.append(m)
        rep += 1
    return feats, meta


def core(feats: list[ArticleFeatures]) -> None:
    order = sorted(feats, key=lambda f: f.order_key)
    t0 = time.perf_counter()
    index = StoryIndex()
    for i in range(0, len(order), 64):
        index.add(order[i : i + 64])
    t_inc = time.perf_counter() - t0
    t0 = time.perf_counter()
    idx2, labels = stories.cluster(feats)
    t_reb = time.perf_counter() - t0
    inc = {f.id: str(index.story_of[f.id]) for f in feats}
    reb = {f.id: str(lab) for f, lab in zip(feats, labels, strict=True)}
    agree = stories.agreement(inc, reb)
    print(
        f"  core incremental: {t_inc:6.2f} s  ({len(feats) / t_inc:,.0f} articles/s), "
        f"{index.n} stories"
    )
    print(
        f"  core rebuild:     {t_reb:6.2f} s  ({len(feats) / t_reb:,.0f} articles/s), "
        f"{idx2.n} stories"
    )
    print(f"  incremental vs rebuild: ARI {agree['ari']:.3f}, B-cubed F1 {agree['bcubed_f1']:.3f}")


def fill(store: SQLiteStore, feats: list[ArticleFeatures], meta: list[dict]) -> list[str]:
    """Write the articles (a SQLite fixture), their vectors and features; IDs in date order."""
    order = sorted(range(len(feats)), key=lambda i: feats[i].order_key)
    keys = {f.id: content_key(MODEL, f.id) for f in feats}
    with store.write():
        store.conn.executemany(
            "INSERT INTO articles (id, key, text_hash, title, text, published, source, "
            "lineage_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    feats[i].id,
                    "k" + feats[i].id,
                    "h" + feats[i].id,
                    meta[i]["title"],
                    meta[i]["title"],
                    feats[i].published,
                    feats[i].source,
                    feats[i].id,
                    "2026-01-01T00:00:00Z",
                )
                for i in order
            ],
        )
        store.put_vectors(MODEL, [(keys[f.id], f.vector) for f in feats])
        for f in feats:
            store.set_article_vector(f.id, MODEL, keys[f.id])
        store.put_features(
            [
                FeatureRecord(
                    id=f.id,
                    terms=f.terms,
                    keys=f.keys,
                    entities=m["entities"],
                    phrases=[],
                    version=FEATURE_VERSION,
                )
                for f, m in zip(feats, meta, strict=True)
            ]
        )
    return [feats[i].id for i in order]


def store_path(feats: list[ArticleFeatures], meta: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        ids = fill(store, feats, meta)
        grouper = StoryGrouper(store, MODEL)
        t0 = time.perf_counter()
        for i in range(0, len(ids), 64):
            grouper.assign(ids[i : i + 64])
        t_inc = time.perf_counter() - t0
        t0 = time.perf_counter()
        grouper.refresh()
        t_ref = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = grouper.rebuild()
        t_reb = time.perf_counter() - t0
        counts = store.story_counts()
        store.close()
    a = res["agreement"]
    batches = -(-len(ids) // 64)
    print(f"  store incremental (StoryGrouper.assign x {batches}): {t_inc:6.2f} s")
    print(f"  store themes + labels refresh:  {t_ref:6.2f} s")
    print(
        f"  store rebuild:                  {t_reb:6.2f} s  ({counts['stories']} stories, "
        f"{counts['themes']} themes; {res['unchanged']} unchanged, {res['merges']} merges, "
        f"{res['splits']} splits)"
    )
    print(
        f"  agreement incremental vs rebuild: ARI {a['ari']:.3f}, B-cubed F1 {a['bcubed_f1']:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--real", type=Path, help="replicate real AllSides + ECB+ features")
    a = ap.parse_args()
    feats, meta = real(a.n, a.real) if a.real else synthetic(a.n)
    kind = "replicated real AllSides + ECB+" if a.real else "synthetic"
    print(describe())
    print(f"{len(feats):,} articles ({kind}), embeddings and NER excluded")
    core(feats)
    store_path(feats, meta)


if __name__ == "__main__":
    main()
