"""Embedding backends: ONNX against sentence-transformers, backend choice, the export cache."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from newsdesk.embed import minilm as embed
from newsdesk.errors import DependencyError, InputError

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")

TEXTS = [
    "Shares in the chip maker rose sharply after strong quarterly results.",
    "The central bank left interest rates unchanged.",
    "",
    "   padded with spaces   ",
    "Café owners in Zürich said naïve tourists paid €5 — or more.",
    "“Curly quotes”, 'single quotes' and (brackets) [too].",
    "word " * 300,  # longer than max_seq_length: truncated the same way by both backends
    "a",
    "Mr. Smith went to Washington. He met the U.S. envoy at 3 p.m. on Friday.",
]


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in for NEWSDESK_CACHE_DIR, holding one real export made in this test run."""
    return tmp_path_factory.mktemp("cache-home")


@pytest.fixture(scope="module")
def fresh_cache(cache_home: Path) -> Path:
    return cache_home / "onnx"


@pytest.fixture(scope="module")
def onnx_embedder(fresh_cache: Path) -> embed.OnnxEmbedder:
    return embed.OnnxEmbedder(cache_root=fresh_cache)


@pytest.fixture(scope="module")
def torch_embedder() -> embed.MiniLMEmbedder:
    return embed.MiniLMEmbedder()


def test_real_export_writes_a_complete_cache_dir(
    onnx_embedder: embed.OnnxEmbedder, fresh_cache: Path
) -> None:
    folder = embed.onnx_model_dir(fresh_cache)
    assert onnx_embedder.model_path == folder / "model.onnx"
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["onnx_bytes"] == (folder / "model.onnx").stat().st_size
    assert meta["check_max_abs_diff"] < 1e-3
    assert [p.name for p in fresh_cache.iterdir()] == [folder.name]  # no temp dirs left
    assert embed.ensure_onnx_model(fresh_cache) == folder  # reused, not exported again


def test_onnx_matches_sentence_transformers(
    onnx_embedder: embed.OnnxEmbedder, torch_embedder: embed.MiniLMEmbedder
) -> None:
    a = onnx_embedder.encode(TEXTS)
    b = torch_embedder.encode(TEXTS)
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert a.dtype == np.float32
    assert np.abs(a - b).max() < 1e-4
    assert (a * b).sum(axis=1).min() > 0.9999
    assert onnx_embedder.name == torch_embedder.name  # one cache key space for both


def test_onnx_vectors_are_unit_length_and_keep_input_order(
    onnx_embedder: embed.OnnxEmbedder,
) -> None:
    vecs = onnx_embedder.encode(TEXTS)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    one_by_one = np.vstack([onnx_embedder.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(vecs, one_by_one, atol=1e-5)
    assert onnx_embedder.encode([]).shape == (0, 384)
    # Related texts are closer than unrelated ones.
    q = onnx_embedder.encode(["stock market gains", "football match result", "shares jumped"])
    assert q[0] @ q[2] > q[0] @ q[1]


def test_int8_variant_is_close_but_named_apart(
    onnx_embedder: embed.OnnxEmbedder, fresh_cache: Path
) -> None:
    quant = embed.OnnxEmbedder(cache_root=fresh_cache, quantized=True)
    assert quant.name == embed.INT8_MODEL != onnx_embedder.name
    cos = (quant.encode(TEXTS) * onnx_embedder.encode(TEXTS)).sum(axis=1)
    assert cos.min() > 0.95


# ----------------------------------------------------------------------- cache dir handling


def fake_export(tmp: Path, model_dir: Path) -> dict[str, object]:
    """Stand-in for the torch export (the directory logic is what these tests are about)."""
    (tmp / "model.onnx").write_bytes(b"onnx-bytes")
    return {"recipe": embed._EXPORT_RECIPE, "onnx_bytes": 10}


def test_partial_temp_dir_is_ignored_and_old_ones_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed, "_export_into", fake_export)
    final = embed.onnx_model_dir(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    # What a killed export leaves behind: a temp dir with half a model and no metadata.
    recent = tmp_path / f"{final.name}.tmp-killed"
    recent.mkdir()
    (recent / "model.onnx").write_bytes(b"half")
    old = tmp_path / f"{final.name}.tmp-ancient"
    old.mkdir()
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))

    assert embed.ensure_onnx_model(tmp_path) == final
    assert (final / "model.onnx").read_bytes() == b"onnx-bytes"
    assert (final / "meta.json").is_file()
    assert recent.is_dir()  # may belong to an export still running elsewhere
    assert not old.exists()


def test_incomplete_final_dir_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_export_into", fake_export)
    final = embed.onnx_model_dir(tmp_path)
    final.mkdir(parents=True)
    (final / "model.onnx").write_bytes(b"truncated")  # no meta.json: never trusted
    assert embed.ensure_onnx_model(tmp_path) == final
    assert (final / "model.onnx").read_bytes() == b"onnx-bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == [final.name]


def test_failed_export_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(tmp: Path, model_dir: Path) -> dict[str, object]:
        (tmp / "model.onnx").write_bytes(b"half")
        raise RuntimeError("export exploded")

    monkeypatch.setattr(embed, "_export_into", broken)
    with pytest.raises(RuntimeError):
        embed.ensure_onnx_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------- backend choice


@pytest.fixture()
def fresh_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty embedder cache and an empty ONNX cache dir for one test."""
    monkeypatch.setattr(embed, "_cache", {})
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSDESK_EMBED_BACKEND", raising=False)
    return tmp_path


def test_export_failure_falls_back_to_torch_with_one_line_warning(
    fresh_choice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(tmp: Path, model_dir: Path) -> dict[str, object]:
        raise RuntimeError("no exporter here\nwith a second line")

    monkeypatch.setattr(embed, "_export_into", broken)
    got = embed.get_embedder()
    assert isinstance(got, embed.MiniLMEmbedder)
    warning = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warning) == 1
    assert "no exporter here" in warning[0] and "second line" not in warning[0]


def test_forced_onnx_reports_export_failure(
    fresh_choice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(tmp: Path, model_dir: Path) -> dict[str, object]:
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(embed, "_export_into", broken)
    monkeypatch.setenv("NEWSDESK_EMBED_BACKEND", "onnx")
    with pytest.raises(DependencyError, match="no exporter here"):
        embed.get_embedder()


def test_backend_env_forces_torch_and_rejects_nonsense(
    fresh_choice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBED_BACKEND", "tensorflow")
    with pytest.raises(InputError, match="NEWSDESK_EMBED_BACKEND"):
        embed.get_embedder()
    monkeypatch.setenv("NEWSDESK_EMBED_BACKEND", "torch")
    got = embed.get_embedder()
    assert isinstance(got, embed.MiniLMEmbedder)
    assert embed.get_embedder() is got  # loaded once per process
    with pytest.raises(DependencyError, match="unknown embedding model"):
        embed.get_embedder("no-such-model")


def test_default_backend_is_onnx_when_available(
    fresh_choice: Path,
    monkeypatch: pytest.MonkeyPatch,
    onnx_embedder: embed.OnnxEmbedder,
    cache_home: Path,
) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(cache_home))  # reuse this run's export
    got = embed.get_embedder()
    assert isinstance(got, embed.OnnxEmbedder)
    assert got.model_path == onnx_embedder.model_path


def test_content_key_depends_on_model_and_text() -> None:
    k = embed.content_key(embed.DEFAULT_MODEL, "text")
    assert len(k) == 16
    assert k == embed.content_key(embed.DEFAULT_MODEL, "text")
    assert k != embed.content_key(embed.DEFAULT_MODEL, "text ")
    assert k != embed.content_key(embed.INT8_MODEL, "text")
