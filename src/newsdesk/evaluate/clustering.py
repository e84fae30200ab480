"""``newsdesk eval clustering``: story grouping on ECB+ and AllSides against baselines.

Every system in a run sees the same documents and the same vectors: all-MiniLM-L6-v2 on title +
lead, exactly as ingest computes them (``newsdesk.ingest.lead_text``). newsdesk also reads the
named entities (the capitalised-name extractor by default, or spaCy NER: ``--entities``) and
the words and figures of the title and first 1,500 characters, plus each article's own date
where it has one (AllSides: only from its URL; ECB+: none).

Systems, every one a ``Clusterer`` (:mod:`newsdesk.stories.clusterer`) named in ``SYSTEMS``
(the evaluation's own table: the product groups stories with ``StoryGrouper`` and chooses no
clusterer, so there is no plug-in group for them), and handed only the inputs it declares:

* ``newsdesk``, newsdesk (rebuild): ``stories.cluster``, what ``newsdesk stories --rebuild``
  runs;
* ``newsdesk-incremental``, newsdesk (incremental): ``StoryIndex`` fed in batches of 64 in
  arrival order (date, then a hash ID: no trace of the gold grouping), document frequencies
  growing as it goes, as during ingest; near-duplicates (word-shingle Jaccard >= 0.8, as ingest
  finds them) follow their original in both modes;
* ``hdbscan``, ``agglomerative``, ``bertopic``: the baselines of
  :mod:`newsdesk.evaluate.baselines` (vectors only; BERTopic also the lead texts);
  ``hdbscan-combined`` and ``agglomerative-combined``: the same on newsdesk's own inputs
  (vectors, words, entities/figures, dates), so the comparison is on equal input.

``lead_sentences`` swaps ingest's lead for the title and N sentences (700 characters) for every
system alike. Scores: B-cubed precision, recall and F1, adjusted Rand index, and the number of
clusters against gold; with ``oracle``, newsdesk's ceiling per subset (its best threshold chosen
on that subset's gold labels). Tuning protocol: newsdesk's pairwise model and thresholds
(``newsdesk eval clustering --fit``, :mod:`newsdesk.evaluate.pairfit`) and the agglomerative
cuts were chosen on the odd halves of both datasets (ECB+ topics with an odd number, AllSides
stories with an odd id); the result reports each whole set and each half, the even halves held
out. One configuration serves both datasets.

The vector and entity caches (``cache_dir``) are keyed by model, recipe, texts and a version
(:mod:`newsdesk.evaluate.cache_keys`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import numpy as np

from newsdesk.embed.minilm import DEFAULT_MODEL
from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate import Progress, baselines
from newsdesk.evaluate.clusterdata import DATASETS, EvalDoc, load_dataset
from newsdesk.evaluate.clusterprep import (
    build_features,
    doc_entities,
    embed_leads,
    entities_model,
    fingerprint,
    lead_recipe,
    near_duplicates,
    ner_recipe,
    odd_even_halves,
)
from newsdesk.evaluate.clustertable import format_clustering_table as format_clustering_table
from newsdesk.stories.clusterer import (
    INPUTS,
    Clusterer,
    IncrementalClusterer,
    NewsdeskClusterer,
    restrict,
)
from newsdesk.stories.core import (
    DEFAULT_CONFIG,
    StoryConfig,
    adjusted_rand,
    agreement,
    bcubed,
)
from newsdesk.stories.entities import Entity

# Every system a run can name (``systems=``), by name; newsdesk's own get the StoryConfig.
SYSTEMS: dict[str, Callable[..., Any]] = {
    "newsdesk": NewsdeskClusterer,
    "newsdesk-incremental": IncrementalClusterer,
    "newsdesk-shuffled": lambda **kw: IncrementalClusterer(order="shuffled", **kw),
    "hdbscan": baselines.HdbscanClusterer,
    "agglomerative": baselines.AgglomerativeClusterer,
    "bertopic": baselines.BertopicClusterer,
    "agglomerative-combined": baselines.CombinedAgglomerativeClusterer,
    "hdbscan-combined": baselines.CombinedHdbscanClusterer,
}
NEWSDESK_SYSTEMS: tuple[str, ...] = ("newsdesk", "newsdesk-incremental", "newsdesk-shuffled")
BASELINE_SYSTEMS: tuple[str, ...] = (
    "hdbscan",
    "agglomerative",
    "bertopic",
    "hdbscan-combined",
    "agglomerative-combined",
)
TUNING_NOTE = (
    "newsdesk's pairwise model and thresholds and both agglomerative thresholds tuned on the odd"
    " halves of ECB+ and AllSides (ingest's lead); even halves held out"
)


# -- systems ---------------------------------------------------------------------------------


def make_clusterer(name: str, config: StoryConfig = DEFAULT_CONFIG) -> Clusterer:
    """The clusterer ``SYSTEMS`` names ``name``, built with its defaults; newsdesk's own ones
    get ``config``."""
    factory = SYSTEMS.get(name)
    if factory is None:
        raise InputError(f"unknown clusterer {name!r} (available: {', '.join(sorted(SYSTEMS))})")
    clusterer = factory(config=config) if name in NEWSDESK_SYSTEMS else factory()
    if not callable(getattr(clusterer, "cluster", None)):
        raise InputError(f"clusterer {name!r} has no cluster(features, texts) method")
    return cast(Clusterer, clusterer)


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


def run_systems(
    docs: Sequence[EvalDoc],
    leads: Sequence[str],
    vectors: np.ndarray,
    entities: Sequence[Sequence[Entity]],
    *,
    config: StoryConfig = DEFAULT_CONFIG,
    baselines: bool = True,
    systems: Sequence[str] | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Cluster ``docs`` with every system (``systems``: registered clusterer names; default
    newsdesk both ways, plus the baselines when ``baselines``), all through the ``Clusterer``
    interface and on the same features and vectors; scores per system.

    Each system is handed only the inputs it declares (``restrict``); its row names them.
    """
    if systems is None:
        systems = NEWSDESK_SYSTEMS + (BASELINE_SYSTEMS if baselines else ())
    gold = [d.gold for d in docs]
    originals = near_duplicates(docs)
    feats = build_features(docs, vectors, entities, originals, config)
    rows: list[dict[str, Any]] = []
    preds: dict[str, list[int]] = {}
    for name in systems:
        clusterer = make_clusterer(name, config)
        inputs = frozenset(getattr(clusterer, "inputs", INPUTS))
        given, texts = restrict(feats, leads, inputs)
        t0 = time.perf_counter()
        pred = clusterer.cluster(given, texts)
        secs = time.perf_counter() - t0
        if len(pred) != len(docs):
            raise InputError(f"clusterer {name!r} returned {len(pred)} labels for {len(docs)}")
        preds[name] = [int(x) for x in pred]
        label = str(getattr(clusterer, "label", name))
        rows.append(
            {
                "system": label,
                "clusterer": name,
                "inputs": [x for x in INPUTS if x in inputs],
                **score(gold, preds[name]),
                "seconds": round(secs, 2),
            }
        )
        if log:
            log(f"{label}: B-cubed F1 {rows[-1]['bcubed_f1']:.3f}")
    out: dict[str, Any] = {
        "documents": len(docs),
        "gold_clusters": len(set(gold)),
        "near_duplicates": sum(o is not None for o in originals),
        "vectors": fingerprint(vectors),
        "systems": rows,
    }
    if "newsdesk" in preds and "newsdesk-incremental" in preds:
        ids = [d.id for d in docs]
        agree = agreement(
            {a: str(x) for a, x in zip(ids, preds["newsdesk-incremental"], strict=True)},
            {a: str(x) for a, x in zip(ids, preds["newsdesk"], strict=True)},
        )
        out["incremental_vs_rebuild"] = {
            k: round(v, 4) if isinstance(v, float) else v for k, v in agree.items()
        }
    return out


def run_clustering_eval(
    dataset: str,
    data_dir: Path,
    *,
    on_progress: Progress | None = None,
    cache_dir: Path | None = None,
    config: StoryConfig = DEFAULT_CONFIG,
    baselines: bool = True,
    systems: Sequence[str] | None = None,
    halves: bool = True,
    lead_sentences: int | None = None,
    model: str = DEFAULT_MODEL,
    oracle: bool = False,
) -> dict[str, Any]:
    """Evaluate story grouping on ``dataset`` ("ecbplus" or "allsides") under ``data_dir``.

    Returns the scores of every system on the whole set and (``halves``) on each half run on
    its own: the odd halves are where the model and thresholds were tuned. ``input`` says what
    every system was given: the same vectors (model, lead recipe, a fingerprint of the matrix)
    and, per row, the inputs it reads. ``oracle`` adds, per subset, newsdesk's ceiling: its
    B-cubed F1 at the threshold that is best on that subset's gold labels.
    """
    if dataset not in DATASETS:
        raise InputError(f"unknown dataset {dataset!r} (expected one of: {', '.join(DATASETS)})")
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise NotFoundError(f"{data_dir}: data folder not found (pass --data DIR)")

    def log(msg: str) -> None:
        if on_progress is not None:
            on_progress(f"{dataset}: {msg}", None, None)

    t0 = time.perf_counter()
    docs = load_dataset(dataset, data_dir)
    log(f"{len(docs)} documents; embedding title + lead")
    leads, vectors = embed_leads(docs, cache_dir, lead_sentences, model=model)
    log("named entities")
    entities = doc_entities(docs, cache_dir, config.ner_chars, config.entities)
    prep = time.perf_counter() - t0
    recipe = lead_recipe(lead_sentences)
    result: dict[str, Any] = {
        "dataset": dataset,
        "data_dir": str(data_dir),
        "embedding": f"{model} on {recipe}",
        "input": {
            "model": model,
            "lead": recipe,
            "vectors": fingerprint(vectors),
            "entities": f"{entities_model(config.entities)}: "
            f"{ner_recipe(config.ner_chars, config.entities)}",
            "note": "every system gets the same vectors; each row lists what else it reads",
        },
        "config": asdict(config),
        "tuning": TUNING_NOTE,
        "preparation_seconds": round(prep, 1),
        "all": run_systems(
            docs,
            leads,
            vectors,
            entities,
            config=config,
            baselines=baselines,
            systems=systems,
            log=log,
        ),
    }
    parts = {"all": list(range(len(docs)))}
    if halves:
        for name, idx in odd_even_halves(dataset, docs).items():
            log(f"{name} half")
            parts[name] = idx
            sub = [docs[i] for i in idx]
            result[name] = run_systems(
                sub,
                [leads[i] for i in idx],
                vectors[idx],
                [entities[i] for i in idx],
                config=config,
                baselines=baselines,
                systems=systems,
            )
    if oracle:
        from newsdesk.evaluate.pairfit import oracle_ceiling

        log("oracle thresholds")
        for name, idx in parts.items():
            sub = [docs[i] for i in idx]
            feats = build_features(
                sub, vectors[idx], [entities[i] for i in idx], near_duplicates(sub), config
            )
            result[name]["oracle"] = oracle_ceiling(sub, feats, config, NEWSDESK_SYSTEMS[:2])
    return result
