"""Embedding backends: ONNX against sentence-transformers, backend choice, the export cache."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from newsdesk.embed import base, onnx_export
from newsdesk.embed import minilm as embed
from newsdesk.embed import onnx_embedder as onnx_backend
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


def _news_sentences() -> list[str]:
    """Four dozen news-like sentences from a few clauses each: 3 to well over 128 tokens."""
    subjects = [
        "The finance minister",
        "Shares in the carmaker",
        "Rescue teams in the north",
        "The 42-year-old striker",
        "Officials in Brussels",
        "A spokesperson for Ofcom",
    ]
    verbs = [
        "said on Tuesday that",
        "warned that",
        "rose 4.5% after reports that",
        "told reporters that",
        "denied claims that",
        "confirmed late on Friday that",
    ]
    tails = [
        "the deal would be signed within weeks",
        "prices had fallen for a third month",
        "more than 1,200 homes were still without power",
        "the club had rejected a £30m offer",
        "talks would resume in Geneva next month",
        "the rules, first proposed in 2019, would apply to every broadcaster",
    ]
    out = ["Talks fail.", "Markets rally", "Why?", "UK GDP: +0.3%"]
    for i in range(44):
        n = 1 + (i * 7) % 9  # 1 to 9 clauses
        parts = [
            f"{subjects[(i + k) % 6]} {verbs[(i + 2 * k) % 6]} {tails[(i + 3 * k) % 6]}"
            for k in range(n)
        ]
        out.append("; ".join(parts) + ".")
    return out


def _encode_fixed_batches(e: embed.OnnxEmbedder, texts: list[str]) -> np.ndarray:
    """The encoding path before issue 25: fixed batches of ``batch_size`` in length order."""
    ids = e.token_ids(texts)
    order = base._length_order([len(x) for x in ids])
    out = np.zeros((len(texts), e.dim), dtype=np.float32)
    for b in range(0, len(order), e.batch_size):
        rows = order[b : b + e.batch_size]
        out[rows] = e._run([ids[i] for i in rows])
    return out


def test_new_batching_and_single_thread_give_the_old_vectors(
    onnx_embedder: embed.OnnxEmbedder,
) -> None:
    texts = _news_sentences()
    lengths = [len(x) for x in onnx_embedder.token_ids(texts)]
    assert min(lengths) < 8 and max(lengths) == onnx_embedder.max_seq_length  # varied, truncated
    old = _encode_fixed_batches(onnx_embedder, texts)
    single = onnx_embedder.single_threaded()
    assert single.threads == 1 and single.name == onnx_embedder.name
    assert single is onnx_embedder.single_threaded()  # made once
    for got in (onnx_embedder.encode(texts), single.encode(texts)):
        assert np.abs(got - old).max() < 1e-5


def test_shared_encode_run_by_two_threads_gives_the_vectors_of_encode(
    onnx_embedder: embed.OnnxEmbedder,
) -> None:
    import threading

    texts = _news_sentences() * 3
    want = onnx_embedder.encode(texts)
    single = onnx_embedder.single_threaded()
    shared = single.shared_encode(texts)
    ran: list[int] = []
    helper = threading.Thread(target=lambda: ran.append(shared.work()))
    helper.start()
    got = shared.result()
    helper.join()
    assert np.abs(got - want).max() < 1e-5
    total = len(onnx_backend._batches([len(x) for x in single.token_ids(texts)], single.batch_size))
    assert 0 <= ran[0] <= total
    assert shared.work() == 0  # nothing left to run
    assert single.shared_encode([]).result().shape == (0, 384)


def test_batches_cover_every_text_once_and_keep_padding_low() -> None:
    lengths = [35, 12, 36, 35, 80, 12, 13, 128, 40, 35, 35, 36, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]
    batches = onnx_backend._batches(lengths, batch_size=8)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert len(b) <= 8
        real = sum(lengths[i] for i in b)
        assert len(b) == 1 or max(lengths[i] for i in b) * len(b) - real <= 0.05 * real
    assert [len(b) for b in batches if lengths[b[0]] == 9] == [8, 2]  # full batches where dense


# ----------------------------------------------------------------------- cache dir handling


def fake_export(tmp: Path, model_dir: Path) -> dict[str, object]:
    """Stand-in for the torch export (the directory logic is what these tests are about)."""
    (tmp / "model.onnx").write_bytes(b"onnx-bytes")
    return {"recipe": onnx_export._EXPORT_RECIPE, "onnx_bytes": 10}


def test_partial_temp_dir_is_ignored_and_old_ones_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(onnx_export, "_export_into", fake_export)
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
    monkeypatch.setattr(onnx_export, "_export_into", fake_export)
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

    monkeypatch.setattr(onnx_export, "_export_into", broken)
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

    monkeypatch.setattr(onnx_export, "_export_into", broken)
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

    monkeypatch.setattr(onnx_export, "_export_into", broken)
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
