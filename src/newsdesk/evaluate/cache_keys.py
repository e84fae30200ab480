"""Keys of the evaluation caches: everything that changes a cached value is part of its key.

A cached value (a vector, a list of entities) depends on

* the model that computed it: the embedder's ``name`` (or the spaCy model and its version);
* the recipe that turned a document into the model's input: which lead (title + how many
  sentences, cut at how many characters), what cleaning, what the NER reads;
* the exact input texts;
* the code that produced or stores it, summed up by a version constant per cache, bumped by
  hand whenever that code changes in a way the other parts do not show.

:func:`cache_key` hashes all four, with a separator that no part can forge (each part is
length-prefixed), so two different combinations never share a key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

# Bump a constant when its cache's producing code changes (the recipe strings name the rest).
# 1 was the unversioned layout (embeddings.npz keyed by model and text; emb-/ner- files keyed by
# the texts alone): never read again.
SENTENCE_VECTORS_VERSION = 2  # summarization: one vector per candidate sentence / question
LEAD_VECTORS_VERSION = 2  # clustering: one vector per document lead
ENTITIES_VERSION = 2  # clustering: spaCy entities per document (entities.extract_entities)


def _feed(h: Any, part: str) -> None:
    data = part.encode("utf-8")
    h.update(len(data).to_bytes(8, "big"))
    h.update(data)


def cache_key(kind: str, version: int, model: str, recipe: str, texts: Iterable[str] = ()) -> str:
    """A 16-hex-digit key of (cache kind, version, model, recipe, texts)."""
    h = hashlib.sha256()
    for part in (kind, str(version), model, recipe):
        _feed(h, part)
    for t in texts:
        _feed(h, t)
    return h.hexdigest()[:16]


def entry_key(kind: str, version: int, model: str, recipe: str, text: str) -> bytes:
    """The 16-byte key of one cached entry (one text) under the same parts."""
    h = hashlib.sha256()
    for part in (kind, str(version), model, recipe, text):
        _feed(h, part)
    return h.digest()[:16]


__all__ = [
    "ENTITIES_VERSION",
    "LEAD_VECTORS_VERSION",
    "SENTENCE_VECTORS_VERSION",
    "cache_key",
    "entry_key",
]
