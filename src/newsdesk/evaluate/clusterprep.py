"""The inputs of ``newsdesk eval clustering`` and its model fit, computed once and cached:
ingest's lead vectors, the entities, near-duplicates and the grouping features, and the
odd/even halves. Shared by :mod:`newsdesk.evaluate.clustering`, :mod:`newsdesk.evaluate.pairfit`
and :mod:`newsdesk.evaluate.gates`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np

from newsdesk.embed.minilm import DEFAULT_MODEL
from newsdesk.errors import InputError
from newsdesk.evaluate.cache_keys import ENTITIES_VERSION, LEAD_VECTORS_VERSION, cache_key
from newsdesk.evaluate.clusterdata import EvalDoc
from newsdesk.stories.core import DEFAULT_CONFIG, ArticleFeatures, StoryConfig, make_features
from newsdesk.stories.entities import DEFAULT_MAX_CHARS as NER_MAX_CHARS
from newsdesk.stories.entities import KEEP_LABELS, Entity, extract_entities, ner_input
from newsdesk.stories.entities import MODEL as NER_MODEL
from newsdesk.stories.names import extract_names

NEAR_DUPLICATE = 0.8
LEAD_CHARS_ALT = 700


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


def odd_even_halves(dataset: str, docs: Sequence[EvalDoc]) -> dict[str, list[int]]:
    """Document positions of the odd and even halves (ECB+ topic number, AllSides story id)."""
    odd = [i for i, d in enumerate(docs) if int(d.group) % 2 == 1]
    even = [i for i, d in enumerate(docs) if int(d.group) % 2 == 0]
    return {"odd": odd, "even": even}
