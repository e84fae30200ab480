"""``newsdesk eval clustering``: story grouping on ECB+ and AllSides against baselines.

Every system in a run sees the same documents and the same vectors: all-MiniLM-L6-v2 on title +
lead, exactly as ingest computes them (``newsdesk.ingest.lead_text``). newsdesk also reads the
named entities (spaCy) and the words and figures of the title and first 1,500 characters, plus
each article's own date where it has one (AllSides: only from its URL; ECB+: none).

Systems:

* newsdesk (rebuild): ``stories.cluster``, what ``newsdesk stories --rebuild`` runs;
* newsdesk (incremental): ``StoryIndex`` fed in batches of 64 in arrival order (date, then a
  hash ID: no trace of the gold grouping), document frequencies growing as it goes, as during
  ingest; near-duplicates (word-shingle Jaccard >= 0.8, as ingest finds them) follow their
  original in both modes;
* HDBSCAN, ``min_cluster_size=2``, otherwise default (euclidean on unit vectors), noise points
  as singletons;
* agglomerative clustering, average linkage, cosine distance threshold ``AGGLO_THRESHOLD``
  (chosen on the same tuning half as newsdesk's threshold, see below);
* BERTopic 0.17 handed our vectors (no model download), ``min_topic_size=2``, UMAP seeded,
  outliers as singletons.

Scores: B-cubed precision, recall and F1, adjusted Rand index, and the number of clusters
against gold. Tuning protocol: newsdesk's one free parameter (the join threshold) and the
agglomerative baseline's distance threshold were chosen on the AllSides stories with an odd id
only; the result reports AllSides on the whole set and on the held-out even half, and ECB+ (never
tuned on) whole and by halves. One configuration serves both datasets.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import DependencyError, InputError, NotFoundError
from newsdesk.evaluate.clusterdata import DATASETS, EvalDoc, load_dataset
from newsdesk.stories.core import (
    DEFAULT_CONFIG,
    ArticleFeatures,
    StoryConfig,
    StoryIndex,
    adjusted_rand,
    agreement,
    bcubed,
    cluster,
    make_features,
)
from newsdesk.stories.entities import Entity, extract_entities, ner_input

AGGLO_THRESHOLD = 0.375  # cosine distance; tuned on AllSides odd-id stories, as newsdesk was
NEAR_DUPLICATE = 0.8
LEAD_CHARS_ALT = 700
TUNING_NOTE = (
    "newsdesk threshold and the agglomerative threshold tuned on AllSides stories with odd id"
)


# -- inputs ----------------------------------------------------------------------------------


def _key(parts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def embed_leads(
    docs: Sequence[EvalDoc], cache_dir: Path | None = None, lead_sentences: int | None = None
) -> tuple[list[str], np.ndarray]:
    """Lead texts (as ingest builds them) and their vectors, cached on disk when asked.

    ``lead_sentences`` replaces ingest's lead with the title and that many first sentences
    (at most ``LEAD_CHARS_ALT`` characters).
    """
    from newsdesk.embed.minilm import get_embedder
    from newsdesk.ingest.pipeline import lead_text
    from newsdesk.text import clean_text, split_sentences

    if lead_sentences is None:
        leads = [lead_text(clean_text(d.title), split_sentences(clean_text(d.text))) for d in docs]
    else:  # an alternative lead, to measure what the choice of lead costs or gains
        leads = [
            f"{clean_text(d.title)}. "
            + " ".join(s.text for s in split_sentences(clean_text(d.text))[:lead_sentences])
            for d in docs
        ]
        leads = [x[:LEAD_CHARS_ALT] for x in leads]
    path = cache_dir / f"emb-{_key(leads)}.npy" if cache_dir else None
    if path is not None and path.is_file():
        return leads, np.load(path)
    vecs = get_embedder().encode(leads)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return leads, vecs


def doc_entities(docs: Sequence[EvalDoc], cache_dir: Path | None = None) -> list[list[Entity]]:
    """spaCy entities of each document's title and lead (``ner_input``), cached when asked."""
    texts = [ner_input(d.title, d.text) for d in docs]
    path = cache_dir / f"ner-{_key(texts)}.json" if cache_dir else None
    if path is not None and path.is_file():
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [[Entity(**e) for e in ents] for ents in raw]
    ents = extract_entities(texts)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([[asdict(e) for e in es] for es in ents]), encoding="utf-8")
    return ents


def near_duplicates(docs: Sequence[EvalDoc], threshold: float = NEAR_DUPLICATE) -> list[str | None]:
    """For each document, the earlier one it copies (word 3-shingle Jaccard >= threshold)."""
    from newsdesk.ingest.dedup import jaccard, shingles

    order = sorted(
        range(len(docs)),
        key=lambda i: (docs[i].published is None, docs[i].published or "", docs[i].id),
    )
    seen: list[tuple[set[bytes], int]] = []
    out: list[str | None] = [None] * len(docs)
    for i in order:
        sh = shingles(docs[i].text)
        match = next((j for other, j in seen if sh and jaccard(sh, other) >= threshold), None)
        if match is not None:
            out[i] = docs[match].id
        else:
            seen.append((sh, i))
    return out


def build_features(
    docs: Sequence[EvalDoc],
    vectors: np.ndarray,
    entities: Sequence[Sequence[Entity]],
    originals: Sequence[str | None],
    config: StoryConfig = DEFAULT_CONFIG,
) -> list[ArticleFeatures]:
    return [
        make_features(
            d.id,
            d.title,
            d.text,
            vectors[i],
            entities[i],
            published=d.published,
            source=d.source,
            original_id=originals[i],
            max_chars=config.max_chars,
        )
        for i, d in enumerate(docs)
    ]


# -- systems ---------------------------------------------------------------------------------


def newsdesk_rebuild(feats: Sequence[ArticleFeatures], config: StoryConfig) -> list[int]:
    return cluster(feats, config)[1]


def newsdesk_incremental(feats: Sequence[ArticleFeatures], config: StoryConfig) -> list[int]:
    """Arrival order (date, then ID), in ingest-sized batches, frequencies growing."""
    index = StoryIndex(config, dim=int(feats[0].vector.shape[0]))
    order = sorted(feats, key=lambda f: f.order_key)
    for start in range(0, len(order), config.batch):
        index.add(order[start : start + config.batch])
    return [index.story_of[f.id] for f in feats]


def hdbscan_labels(vectors: np.ndarray) -> list[int]:
    try:
        import hdbscan
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DependencyError("hdbscan is not installed; run: pip install -e '.[eval]'") from exc
    labels = hdbscan.HDBSCAN(min_cluster_size=2).fit_predict(vectors.astype(np.float64))
    return _noise_to_singletons(labels)


def agglomerative_labels(vectors: np.ndarray, threshold: float = AGGLO_THRESHOLD) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) < 2:
        return [0] * len(vectors)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    return [int(x) for x in model.fit_predict(vectors)]


def bertopic_labels(texts: Sequence[str], vectors: np.ndarray) -> list[int]:
    try:
        from bertopic import BERTopic
        from umap import UMAP
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DependencyError("bertopic is not installed; run: pip install -e '.[eval]'") from exc
    n = len(texts)
    if n < 5:
        return list(range(n))
    umap_model = UMAP(
        n_neighbors=min(15, n - 1),
        n_components=5,
        min_dist=0.0,
        metric="cosine",
        random_state=42,
        # Spectral initialisation needs more points than dimensions; only tiny sets lack them.
        init="spectral" if n >= 50 else "random",
    )
    model = BERTopic(embedding_model=None, umap_model=umap_model, min_topic_size=2)
    topics, _ = model.fit_transform(list(texts), embeddings=vectors)
    return _noise_to_singletons(np.asarray(topics))


def _noise_to_singletons(labels: np.ndarray) -> list[int]:
    out: list[int] = []
    nxt = int(labels.max()) + 1 if len(labels) else 0
    for x in labels:
        if x < 0:
            out.append(nxt)
            nxt += 1
        else:
            out.append(int(x))
    return out


def score(gold: Sequence[str], pred: Sequence[int]) -> dict[str, float | int]:
    p, r, f = bcubed(gold, pred)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "ari": round(adjusted_rand(gold, pred), 4),
        "clusters": len(set(pred)),
        "gold_clusters": len(set(gold)),
    }


# -- the run ---------------------------------------------------------------------------------


def _halves(dataset: str, docs: Sequence[EvalDoc]) -> dict[str, list[int]]:
    """Document positions of the odd and even halves (ECB+ topic number, AllSides story id)."""
    odd = [i for i, d in enumerate(docs) if int(d.group) % 2 == 1]
    even = [i for i, d in enumerate(docs) if int(d.group) % 2 == 0]
    return {"odd": odd, "even": even}


def run_systems(
    docs: Sequence[EvalDoc],
    leads: Sequence[str],
    vectors: np.ndarray,
    entities: Sequence[Sequence[Entity]],
    *,
    config: StoryConfig = DEFAULT_CONFIG,
    baselines: bool = True,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Cluster ``docs`` with newsdesk (both modes) and the baselines; scores per system."""
    gold = [d.gold for d in docs]
    originals = near_duplicates(docs)
    feats = build_features(docs, vectors, entities, originals, config)
    systems: list[tuple[str, Callable[[], list[int]]]] = [
        ("newsdesk (rebuild)", lambda: newsdesk_rebuild(feats, config)),
        ("newsdesk (incremental)", lambda: newsdesk_incremental(feats, config)),
    ]
    if baselines:
        systems += [
            ("HDBSCAN (min_cluster_size=2)", lambda: hdbscan_labels(vectors)),
            (
                f"agglomerative (average, cosine dist {AGGLO_THRESHOLD})",
                lambda: agglomerative_labels(vectors),
            ),
            ("BERTopic (min_topic_size=2)", lambda: bertopic_labels(leads, vectors)),
        ]
    rows: list[dict[str, Any]] = []
    preds: dict[str, list[int]] = {}
    for name, fn in systems:
        t0 = time.perf_counter()
        pred = fn()
        secs = time.perf_counter() - t0
        preds[name] = pred
        rows.append({"system": name, **score(gold, pred), "seconds": round(secs, 2)})
        if log:
            log(f"{name}: B-cubed F1 {rows[-1]['bcubed_f1']:.3f}")
    inc = preds["newsdesk (incremental)"]
    reb = preds["newsdesk (rebuild)"]
    ids = [d.id for d in docs]
    agree = agreement(
        {a: str(x) for a, x in zip(ids, inc, strict=True)},
        {a: str(x) for a, x in zip(ids, reb, strict=True)},
    )
    return {
        "documents": len(docs),
        "gold_clusters": len(set(gold)),
        "near_duplicates": sum(o is not None for o in originals),
        "systems": rows,
        "incremental_vs_rebuild": {
            k: round(v, 4) if isinstance(v, float) else v for k, v in agree.items()
        },
    }


def run_clustering_eval(
    dataset: str,
    data_dir: Path,
    *,
    progress: bool = False,
    cache_dir: Path | None = None,
    config: StoryConfig = DEFAULT_CONFIG,
    baselines: bool = True,
    halves: bool = True,
    lead_sentences: int | None = None,
) -> dict[str, Any]:
    """Evaluate story grouping on ``dataset`` ("ecbplus" or "allsides") under ``data_dir``.

    Returns the scores of every system on the whole set and (``halves``) on each half run on
    its own: the odd half of AllSides is where the thresholds were tuned.
    """
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset {dataset!r} (expected one of: {', '.join(DATASETS)})")
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise NotFoundError(f"{data_dir}: data folder not found (pass --data DIR)")

    def log(msg: str) -> None:
        if progress:
            print(f"[{dataset}] {msg}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    docs = load_dataset(dataset, data_dir)
    log(f"{len(docs)} documents; embedding title + lead")
    leads, vectors = embed_leads(docs, cache_dir, lead_sentences)
    log("named entities")
    entities = doc_entities(docs, cache_dir)
    prep = time.perf_counter() - t0
    result: dict[str, Any] = {
        "dataset": dataset,
        "data_dir": str(data_dir),
        "embedding": "all-MiniLM-L6-v2 on "
        + (
            "title + lead (ingest's lead_text)"
            if lead_sentences is None
            else f"title + {lead_sentences} sentences ({LEAD_CHARS_ALT} chars)"
        ),
        "config": asdict(config),
        "tuning": TUNING_NOTE,
        "preparation_seconds": round(prep, 1),
        "all": run_systems(
            docs, leads, vectors, entities, config=config, baselines=baselines, log=log
        ),
    }
    if halves:
        for name, idx in _halves(dataset, docs).items():
            log(f"{name} half")
            sub = [docs[i] for i in idx]
            result[name] = run_systems(
                sub,
                [leads[i] for i in idx],
                vectors[idx],
                [entities[i] for i in idx],
                config=config,
                baselines=baselines,
            )
    return result


def format_clustering_table(result: dict[str, Any]) -> str:
    """The result as plain-text tables, one per subset."""
    lines = [
        f"Story clustering on {result['dataset']} ({result['embedding']})",
        f"tuning: {result['tuning']}",
    ]
    names = {
        "all": "whole set",
        "odd": "odd half" + (" (tuning half)" if result["dataset"] == "allsides" else ""),
        "even": "even half" + (" (held out)" if result["dataset"] == "allsides" else ""),
    }
    for key in ("all", "odd", "even"):
        part = result.get(key)
        if not part:
            continue
        lines.append("")
        lines.append(
            f"{names[key]}: {part['documents']} documents, {part['gold_clusters']} gold clusters,"
            f" {part['near_duplicates']} near-duplicates"
        )
        lines.append(
            f"  {'system':<44} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6} {'clusters':>9}"
        )
        for r in part["systems"]:
            lines.append(
                f"  {r['system']:<44} {r['bcubed_precision']:6.3f} {r['bcubed_recall']:6.3f} "
                f"{r['bcubed_f1']:6.3f} {r['ari']:6.3f} {r['clusters']:>4}/{r['gold_clusters']:<4}"
            )
        a = part["incremental_vs_rebuild"]
        lines.append(
            f"  incremental vs rebuild: ARI {a['ari']:.3f}, B-cubed F1 {a['bcubed_f1']:.3f} "
            f"({a['stories_before']} vs {a['stories_after']} stories)"
        )
    return "\n".join(lines)
