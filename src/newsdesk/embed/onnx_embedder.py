"""all-MiniLM-L6-v2 run with onnxruntime: ``OnnxEmbedder`` and its shareable ``SharedEncode``.

Texts are tokenised with the model's own ``tokenizer.json``, grouped into length-sorted batches
with little padding, and pooled in numpy exactly as sentence-transformers does. The model file
comes from :mod:`newsdesk.embed.onnx_export`.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.embed.base import (
    _DIM,
    DEFAULT_MODEL,
    INT8_MODEL,
    _length_order,
    _model_dir,
    _offline_env,
)
from newsdesk.embed.onnx_export import _ONNX_FILE, ensure_int8_model, ensure_onnx_model
from newsdesk.errors import DependencyError

# A batch takes the next (longer) text only while its padding stays within this share of its
# real tokens: on BBC leads (~35 tokens) fixed batches of 16 spent 6% of the model's work on
# padding, and this cut gives ~3% less CPU for the same vectors (to ~1e-7).
_PAD_SHARE = 0.05


def _batches(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Indices of texts grouped into batches: sorted by length, at most ``batch_size`` each,
    cut early where the next text would pad the batch beyond ``_PAD_SHARE``."""
    out: list[list[int]] = []
    cur: list[int] = []
    real = 0
    for i in _length_order(lengths):
        n = lengths[i]
        padding = (len(cur) + 1) * n - (real + n)  # sorted: the batch pads to n
        if cur and (len(cur) >= batch_size or padding > _PAD_SHARE * (real + n)):
            out.append(cur)
            cur, real = [], 0
        cur.append(i)
        real += n
    if cur:
        out.append(cur)
    return out


class OnnxEmbedder:
    """all-MiniLM-L6-v2 exported to ONNX and run with onnxruntime on the CPU.

    Tokenisation uses the model's own ``tokenizer.json`` (the same fast tokenizer
    sentence-transformers uses); mean pooling over real tokens and L2 normalisation follow
    sentence-transformers exactly, so the vectors match it to ~1e-6. With ``quantized=True`` it
    runs the int8 model instead and is named ``INT8_MODEL``. A ``max_seq_length`` other than
    the default 128 changes the vectors of long texts under the same name: keep such an
    instance away from stored vectors.
    """

    dim = _DIM
    backend = "onnx"

    def __init__(
        self,
        max_seq_length: int = 128,
        batch_size: int = 16,
        threads: int = 2,
        cache_root: Path | None = None,
        quantized: bool = False,
    ) -> None:
        _offline_env()
        try:
            import onnxruntime  # noqa: F401  # fail early, with the one-line hint
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise DependencyError(
                f"onnxruntime is not installed ({exc}); run: pip install onnxruntime onnx"
            ) from exc
        if quantized:
            self.name = INT8_MODEL
            self.model_path = ensure_int8_model(cache_root)
        else:
            self.name = DEFAULT_MODEL
            self.model_path = ensure_onnx_model(cache_root) / _ONNX_FILE
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        tok = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
        # tokenizer.json pads every input to a fixed 128; pad per batch instead (in numpy).
        tok.no_padding()
        tok.enable_truncation(max_length=max_seq_length)
        self._tokenizer = tok
        self.threads = threads
        self._session = self._new_session(threads)
        self._lock = threading.Lock()
        self._single: OnnxEmbedder | None = None

    def _new_session(self, threads: int) -> Any:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Busy-waiting threads steal the shared cores from the rest of the pipeline.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(self.model_path), opts, providers=["CPUExecutionProvider"])

    def single_threaded(self) -> OnnxEmbedder:
        """This model on one onnxruntime thread, for embedding beside other work: the ingest
        pipeline embeds on a worker thread while its main thread parses, writes and groups, so
        a second onnxruntime thread only competes with that (on 2 cores, BBC leads took ~16%
        more CPU on two threads than on one). Made once per embedder (its own session, ~90 MB);
        the same vectors to float noise."""
        if self.threads == 1:
            return self
        with self._lock:
            if self._single is None:
                single = copy.copy(self)
                single.threads = 1
                single._session = self._new_session(1)
                single._lock = threading.Lock()
                single._single = single
                self._single = single
            return self._single

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids per text, with [CLS]/[SEP], truncated to ``max_seq_length``."""
        # sentence-transformers strips inputs before tokenising; do the same.
        return [enc.ids for enc in self._tokenizer.encode_batch([t.strip() for t in texts])]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an (n, 384) float32 array of unit vectors, in the order of ``texts``."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.token_ids(texts)
        with self._lock:
            for rows in _batches([len(x) for x in ids], self.batch_size):
                out[rows] = self._run([ids[i] for i in rows])
        return out

    def shared_encode(self, texts: list[str]) -> SharedEncode:
        """An ``encode`` of ``texts`` that several threads may work on at once, each running
        whole batches (onnxruntime runs concurrent calls of one session in parallel): the
        ingest pipeline's main thread helps its embedding thread when it would otherwise wait.
        Tokenises here; the batches are those of ``encode``, so are the vectors."""
        return SharedEncode(self, texts)

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in batch)
        input_ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, x in enumerate(batch):
            input_ids[r, : len(x)] = x
            mask[r, : len(x)] = 1
        hidden = self._session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
        weights = mask.astype(np.float32)
        # Mean over real tokens (padding excluded), then unit length: sentence-transformers'
        # Pooling(mean) + Normalize, with the same epsilons.
        summed = np.matmul(weights[:, None, :], hidden)[:, 0, :]
        mean = summed / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        return (mean / np.maximum(norm, 1e-12)).astype(np.float32, copy=False)


class SharedEncode:
    """One ``OnnxEmbedder.encode`` cut into its batches, for any number of threads to run:
    each calls ``work()`` (runs batches until none is left); ``result()`` works too, then waits
    for the batches other threads are running and returns the vectors in the order of the
    texts. Made by ``OnnxEmbedder.shared_encode``."""

    def __init__(self, embedder: OnnxEmbedder, texts: list[str]) -> None:
        self._embedder = embedder
        self._ids = embedder.token_ids(texts) if texts else []
        self._todo = _batches([len(x) for x in self._ids], embedder.batch_size)
        self._out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
        self._next = 0
        self._left = len(self._todo)
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._error: BaseException | None = None
        if not self._todo:
            self._finished.set()

    def work(self) -> int:
        """Run batches nobody has taken yet, until there are none; returns how many ran here."""
        ran = 0
        while True:
            with self._lock:
                if self._next >= len(self._todo):
                    return ran
                rows = self._todo[self._next]
                self._next += 1
            try:
                self._out[rows] = self._embedder._run([self._ids[i] for i in rows])
            except BaseException as exc:  # handed to result(), in the thread that asks
                self._error = exc
            ran += 1
            with self._lock:
                self._left -= 1
                if self._left == 0:
                    self._finished.set()

    def result(self) -> np.ndarray:
        self.work()
        self._finished.wait()
        if self._error is not None:
            raise self._error
        return self._out
