"""``newsdesk eval clustering``: story grouping on ECB+ and AllSides against baselines.

Every system in a run sees the same documents and the same vectors: all-MiniLM-L6-v2 on title +
lead, exactly as ingest computes them (``newsdesk.ingest.lead_text``). newsdesk also reads the
named entities (the capitalised-name extractor by default, or spaCy NER: ``--entities``) and
the words and figures of the title and first 1,500 characters, plus each article's own date
where it has one (AllSides: only from its URL; ECB+: none).

Systems, every one a ``Clusterer`` (:mod:`newsdesk.stories.clusterer`) found by its registered
name through :func:`newsdesk.plugins.get`, and handed only the inputs it declares:

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

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import numpy as np

from newsdesk import plugins
from newsdesk.embed.minilm import DEFAULT_MODEL
from newsdesk.errors import InputError, NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.evaluate.cache_keys import ENTITIES_VERSION, LEAD_VECTORS_VERSION, cache_key
from newsdesk.evaluate.clusterdata import DATASETS, EvalDoc, load_dataset
from newsdesk.evaluate.clustertable import format_clustering_table as format_clustering_table
from newsdesk.stories.clusterer import INPUTS, Clusterer, restrict
from newsdesk.stories.core import (
    DEFAULT_CONFIG,
    ArticleFeatures,
    StoryConfig,
    adjusted_rand,
    agreement,
    bcubed,
    make_features,
)
from newsdesk.stories.entities import DEFAULT_MAX_CHARS as NER_MAX_CHARS
from newsdesk.stories.entities import KEEP_LABELS, Entity, extract_entities, ner_input
from newsdesk.stories.entities import MODEL as NER_MODEL
from newsdesk.stories.names import extract_names

NEWSDESK_SYSTEMS: tuple[str, ...] = ("newsdesk", "newsdesk-incremental")
BASELINE_SYSTEMS: tuple[str, ...] = (
    "hdbscan",
    "agglomerative",
    "bertopic",
    "hdbscan-combined",
    "agglomerative-combined",
)
NEAR_DUPLICATE = 0.8
LEAD_CHARS_ALT = 700
TUNING_NOTE = (
    "newsdesk's pairwise model and thresholds and both agglomerative thresholds tuned on the odd"
    " halves of ECB+ and AllSides (ingest's lead); even halves held out"
)


# -- inputs ----------------------------------------------------------------------------------


def lead_recipe(lead_sentences: int | None = None) -> str:
    """The recipe of the lead text, in words: part of the lead-vector cache key and the output.

    ``None`` is ingest's own lead (``newsdesk.ingest.pipeline.lead_text``), named with its
    sentence count and character cut so that a change there changes the key.
    """
    from newsdesk.ingest import pipeline

    if lead_sentences is None:
        n = getattr(pipeline, "LEAD_SENTENCES", "?")
        chars = getattr(pipeline, "LEAD_CHARS", "?")
        return f"clean_text; title + {n} sentence(s), cut at {chars} chars (ingest's lead_text)"
    return f"clean_text; title + {lead_sentences} sentence(s), cut at {LEAD_CHARS_ALT} chars"


def lead_texts(docs: Sequence[EvalDoc], lead_sentences: int | None = None) -> list[str]:
    """Each document's lead as ingest builds it, or the title and ``lead_sentences`` sentences
    (at most ``LEAD_CHARS_ALT`` characters), to measure what the choice of lead costs."""
    from newsdesk.ingest.pipeline import lead_text
    from newsdesk.text import clean_text, split_sentences

    if lead_sentences is None:
        return [lead_text(clean_text(d.title), split_sentences(clean_text(d.text))) for d in docs]
    leads = [
        f"{clean_text(d.title)}. "
        + " ".join(s.text for s in split_sentences(clean_text(d.text))[:lead_sentences])
        for d in docs
    ]
    return [x[:LEAD_CHARS_ALT] for x in leads]


def embed_leads(
    docs: Sequence[EvalDoc],
    cache_dir: Path | None = None,
    lead_sentences: int | None = None,
    *,
    model: str = DEFAULT_MODEL,
) -> tuple[list[str], np.ndarray]:
    """Lead texts and their vectors from embedder ``model``, cached on disk when asked.

    The cache file is named by :func:`cache_key` over the model name, the lead recipe, the
    lead texts and ``LEAD_VECTORS_VERSION``.
    """
    leads = lead_texts(docs, lead_sentences)
    key = cache_key("lead-vectors", LEAD_VECTORS_VERSION, model, lead_recipe(lead_sentences), leads)
    path = cache_dir / f"emb-{key}.npy" if cache_dir else None
    if path is not None and path.is_file():
        vecs = np.load(path)
        if vecs.shape[0] == len(leads):
            return leads, vecs
    from newsdesk.embed.minilm import get_embedder

    embedder = get_embedder(model)
    if embedder.name != model:  # the key would name another model than the vectors
        raise ValueError(f"asked for {model!r}, got an embedder named {embedder.name!r}")
    vecs = embedder.encode(leads)
    if path is not None:
        _save_atomic(path, lambda tmp: np.save(tmp, vecs))
    return leads, vecs


def ner_model() -> str:
    """The spaCy model that finds entities, with its installed version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{NER_MODEL} {version(NER_MODEL)}"
    except PackageNotFoundError:
        return f"{NER_MODEL} (version unknown)"


def ner_recipe(max_chars: int = NER_MAX_CHARS, extractor: str = "spacy") -> str:
    if extractor == "names":
        return f"capitalised names (stories.names) of the title and first {max_chars} chars"
    return f"ner_input(title, text, max_chars={max_chars}); labels {','.join(sorted(KEEP_LABELS))}"


def entities_model(extractor: str) -> str:
    """What finds the entities: the spaCy model with its version, or the name extractor."""
    return ner_model() if extractor == "spacy" else "newsdesk capitalised-name extractor"


def doc_entities(
    docs: Sequence[EvalDoc],
    cache_dir: Path | None = None,
    max_chars: int = NER_MAX_CHARS,
    extractor: str = DEFAULT_CONFIG.entities,
) -> list[list[Entity]]:
    """Entities of each document's title and lead, from ``extractor`` ("names": the
    capitalised-name extractor, computed each time; "spacy": spaCy NER on ``ner_input``,
    cached when asked).

    The cache file is named by :func:`cache_key` over the spaCy model and version, the NER
    recipe, the input texts and ``ENTITIES_VERSION``.
    """
    if extractor == "names":
        return extract_names([(d.title, d.text) for d in docs], max_chars)
    if extractor != "spacy":
        raise InputError(f"unknown entity extractor {extractor!r} (names or spacy)")
    texts = [ner_input(d.title, d.text, max_chars) for d in docs]
    key = cache_key("entities", ENTITIES_VERSION, ner_model(), ner_recipe(max_chars), texts)
    path = cache_dir / f"ner-{key}.json" if cache_dir else None
    if path is not None and path.is_file():
        raw = json.loads(path.read_text(encoding="utf-8"))
        if len(raw) == len(texts):
            return [[Entity(**e) for e in ents] for ents in raw]
    ents = extract_entities(texts)
    if path is not None:
        data = json.dumps([[asdict(e) for e in es] for es in ents])
        _save_atomic(path, lambda tmp: tmp.write_text(data, encoding="utf-8"))
    return ents


def _save_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file of this process, then rename: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    write(tmp)
    tmp.replace(path)


def fingerprint(vectors: np.ndarray) -> str:
    """12 hex digits of SHA-256 over the vector matrix: equal prints, equal inputs."""
    arr = np.ascontiguousarray(vectors, dtype=np.float32)
    return hashlib.sha256(arr.tobytes()).hexdigest()[:12]


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


def make_clusterer(name: str, config: StoryConfig = DEFAULT_CONFIG) -> Clusterer:
    """The clusterer registered as ``name`` (``newsdesk.clusterers``), built with its defaults;
    newsdesk's own ones get ``config``."""
    factory = plugins.get("clusterer", name)
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
        for name, idx in _halves(dataset, docs).items():
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
            result[name]["oracle"] = oracle_ceiling(sub, feats, config, NEWSDESK_SYSTEMS)
    return result
