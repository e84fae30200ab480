"""The one-off export of all-MiniLM-L6-v2 to ONNX, and its cache.

The transformer body is exported once with torch into
``user_cache_dir("newsdesk")/onnx/<model>-<version>-r<recipe>/`` (``$NEWSDESK_CACHE_DIR``
replaces the user cache dir), checked against torch, and renamed into place only when complete;
the opt-in int8 variant is quantised from it on first use. Reading a finished export needs
neither torch nor transformers (see :mod:`newsdesk.embed.onnx_embedder`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.embed.base import DEFAULT_MODEL, _model_dir, _model_version

# Bump when the export recipe changes, so caches written by an older recipe are not reused.
_EXPORT_RECIPE = 1
_ONNX_FILE = "model.onnx"
_INT8_FILE = "model.int8.onnx"
_META_FILE = "meta.json"
_TMP_MARK = ".tmp-"
_CACHE_ENV = "NEWSDESK_CACHE_DIR"


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
