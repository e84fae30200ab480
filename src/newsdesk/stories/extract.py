"""Grouping features of article text, in the form the store keeps (:class:`FeatureRecord`).

A pure function of the text, computed once per article (``FEATURE_VERSION`` marks which
extraction made a stored record).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.store.base import FeatureRecord
from newsdesk.stories.core import DEFAULT_CONFIG, StoryConfig, text_features
from newsdesk.stories.entities import extract_entities, ner_input, noun_phrases
from newsdesk.stories.names import extract_names

FEATURE_VERSION = 2  # 2: entities from the capitalised-name extractor by default


def feature_records(
    rows: Sequence[tuple[str, str, str]], config: StoryConfig = DEFAULT_CONFIG
) -> list[FeatureRecord]:
    """Grouping features of (id, title, text) rows: entities (``config.entities``: the
    capitalised-name extractor, or spaCy NER in one batch plus the title noun phrases of the
    tagger), then words and keys. Without the tagger, labels take the titles' word runs.

    A pure function of the text, so the distributed ingest runs it on workers."""
    if config.entities == "spacy":
        ents = extract_entities([ner_input(t, x, config.ner_chars) for _, t, x in rows])
        phrases = noun_phrases([t for _, t, _ in rows])
    elif config.entities == "names":
        ents = extract_names([(t, x) for _, t, x in rows], config.ner_chars)
        phrases = [[] for _ in rows]
    else:
        raise ValueError(f"unknown entity extractor {config.entities!r} (names or spacy)")
    out = []
    for (aid, title, text), es, ph in zip(rows, ents, phrases, strict=True):
        terms, keys = text_features(title, text, es, config.max_chars)
        out.append(
            FeatureRecord(
                id=aid,
                terms=dict(terms),
                keys=dict(keys),
                entities=[[e.key, e.label, e.text, e.count] for e in es],
                phrases=list(ph),
                version=FEATURE_VERSION,
            )
        )
    return out
