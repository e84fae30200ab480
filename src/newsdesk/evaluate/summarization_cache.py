"""An embedding function with an optional on-disk cache, for evaluation runs.

Embedding every sentence of DUC 2006 (about 37,000) takes minutes on a small CPU; with a cache
folder the vectors are computed once and reused by later runs. Keys are
:func:`newsdesk.embed.content_key` (model name and exact text), so a changed text is a miss.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsdesk.embed.minilm import Embedder, content_key, get_embedder


class CachedEmbed:
    """Callable ``list[str] -> (n, dim) float32`` backed by the embedder and a cache."""

    def __init__(self, cache_dir: Path | None = None, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        self._mem: dict[bytes, np.ndarray] = {}
        self._file = cache_dir / "embeddings.npz" if cache_dir else None
        self._dirty = 0
        if self._file is not None and self._file.is_file():
            try:
                with np.load(self._file) as z:
                    keys, vecs = z["keys"], z["vecs"]
                self._mem = {bytes(k): v for k, v in zip(keys, vecs, strict=True)}
            except (OSError, ValueError, KeyError):
                self._mem = {}  # a damaged cache is only a slower run

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    def __call__(self, texts: list[str]) -> np.ndarray:
        name = "all-MiniLM-L6-v2" if self._embedder is None else self._embedder.name
        keys = [content_key(name, t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._mem}.items()
        )
        if missing:
            vecs = self.embedder.encode([t for _, t in missing])
            for (k, _), v in zip(missing, vecs, strict=True):
                self._mem[k] = np.asarray(v, dtype=np.float32)
            self._dirty += len(missing)
            if self._dirty >= 5000:
                self.save()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._mem[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        """Write the cache file (when a cache folder was given and something new was added)."""
        if self._file is None or not self._dirty:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._mem.keys()), dtype="S16")
        vecs = np.stack(list(self._mem.values())).astype(np.float32)
        tmp = self._file.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vecs=vecs)
        tmp.replace(self._file)
        self._dirty = 0
