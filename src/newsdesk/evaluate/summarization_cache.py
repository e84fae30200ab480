"""An embedding function with an optional on-disk cache, for evaluation runs.

Embedding every sentence of DUC 2006 (about 37,000) takes minutes on a small CPU; with a cache
folder the vectors are computed once and reused by later runs. Each vector is keyed by
:func:`newsdesk.evaluate.cache_keys.entry_key` over the embedder's ``name``, the text recipe
(``RECIPE``: the writer hands over each candidate as it shows it, whitespace runs joined; the
text is embedded as given), the exact text and ``SENTENCE_VECTORS_VERSION``; the file name
carries the version too, so a bumped version starts a fresh file.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from newsdesk.embed.minilm import DEFAULT_MODEL, Embedder, get_embedder
from newsdesk.evaluate.cache_keys import SENTENCE_VECTORS_VERSION, entry_key

KIND = "sentence-vectors"
RECIPE = "text as given (writer candidates and question parts, whitespace joined), no cut"


def cache_file(cache_dir: Path, version: int = SENTENCE_VECTORS_VERSION) -> Path:
    return cache_dir / f"{KIND}-v{version}.npz"


class CachedEmbed:
    """Callable ``list[str] -> (n, dim) float32`` backed by the embedder and a cache.

    ``model`` names the embedder (``get_embedder(model)``, loaded on the first miss); an
    ``embedder`` given instead is used as is and keys by its own ``name``.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        embedder: Embedder | None = None,
        *,
        model: str | None = None,
        recipe: str = RECIPE,
    ) -> None:
        if embedder is not None and model is not None and model != embedder.name:
            raise ValueError(f"model {model!r} but the embedder is {embedder.name!r}")
        self._embedder = embedder
        self.model = embedder.name if embedder is not None else (model or DEFAULT_MODEL)
        self.recipe = recipe
        self._mem: dict[bytes, np.ndarray] = {}
        self._file = cache_file(cache_dir) if cache_dir else None
        self._dirty = 0
        self.hits = self.misses = 0
        if self._file is not None and self._file.is_file():
            try:
                with np.load(self._file) as z:
                    keys, vecs = z["keys"], z["vecs"]
                if keys.dtype != np.uint8 or keys.ndim != 2 or keys.shape[1] != 16:
                    raise ValueError("not a sentence-vector cache")
                self._mem = {k.tobytes(): v for k, v in zip(keys, vecs, strict=True)}
            except (OSError, ValueError, KeyError):
                self._mem = {}  # a damaged cache is only a slower run

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            emb = get_embedder(self.model)
            if emb.name != self.model:  # the key would name another model than the vectors
                raise ValueError(f"asked for {self.model!r}, got an embedder named {emb.name!r}")
            self._embedder = emb
        return self._embedder

    def key(self, text: str) -> bytes:
        return entry_key(KIND, SENTENCE_VECTORS_VERSION, self.model, self.recipe, text)

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._mem}.items()
        )
        self.misses += len(missing)
        self.hits += len(texts) - len(missing)
        if missing:
            vecs = self.embedder.encode([t for _, t in missing])
            for (k, _), v in zip(missing, vecs, strict=True):
                self._mem[k] = np.asarray(v, dtype=np.float32)
            self._dirty += len(missing)
            if self._dirty >= 5000:
                self.save()
        if not texts:
            dim = getattr(self._embedder, "dim", 384)
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([self._mem[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        """Write the cache file (when a cache folder was given and something new was added)."""
        if self._file is None or not self._dirty:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        # Raw bytes, not an "S16" string array: that would drop a key's trailing zero bytes.
        keys = np.frombuffer(b"".join(self._mem), dtype=np.uint8).reshape(-1, 16)
        vecs = np.stack(list(self._mem.values())).astype(np.float32)
        # A name of its own per process: two runs sharing a folder never write one temp file.
        tmp = self._file.with_name(f"{self._file.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=keys, vecs=vecs)
        tmp.replace(self._file)
        self._dirty = 0
