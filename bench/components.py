"""Component micro-benchmarks on BBC News: sentence splitters and embedding backends.

Prints, for each splitter variant (plain pysbd vs newsdesk's fast path), articles/s and
sentences/s with the share of articles split identically; and for each embedding backend
(sentence-transformers on torch, ONNX, the opt-in int8 ONNX) sentences/s and leads/s with
their agreement with torch. Rates are given per wall-clock second and per CPU second of this
process (the second is steadier when other programs share the machine).

    python bench/components.py [--data ../shared/data] [--articles 300] [--sentences 1000]
                               [--leads 300] [--skip torch,int8] [--lead-tokens 128,64,32]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402
from machine import describe  # noqa: E402

from newsdesk.embed import minilm  # noqa: E402
from newsdesk.ingest.pipeline import lead_text  # noqa: E402
from newsdesk.model import Sentence  # noqa: E402
from newsdesk.text import clean_text, split_sentences, split_sentences_pysbd  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``fn`` once; return its result, wall seconds and CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def load_bbc(root: Path, limit: int) -> list[tuple[str, str]]:
    """(title, body) of up to ``limit`` articles, spread over the five sections."""
    files = sorted(root.glob("*/*.txt"))
    if not files:
        sys.exit(f"components: no BBC articles under {root} (expected <section>/NNN.txt)")
    step = max(1, len(files) // limit)
    out = []
    for f in files[::step][:limit]:
        title, _, body = f.read_text(encoding="latin-1").partition("\n")
        out.append((clean_text(title).replace("\n", " "), clean_text(body)))
    return out


def _split_all(fn: Callable[[str], list[Sentence]], bodies: list[str]) -> list[list[Sentence]]:
    return [fn(b) for b in bodies]


def bench_splitters(bodies: list[str]) -> list[list[Sentence]]:
    split_sentences("Warm up. Both splitters.")
    split_sentences_pysbd("Warm up. Both splitters.")
    results = {}
    for name, fn in (("pysbd", split_sentences_pysbd), ("fast", split_sentences)):
        out, wall, cpu = timed(partial(_split_all, fn, bodies))
        n = sum(map(len, out))
        print(
            f"split  {name:6s} {len(bodies) / wall:7.0f} articles/s {n / wall:8.0f} sentences/s"
            f"  (per CPU-s: {len(bodies) / cpu:6.0f} articles, {n / cpu:7.0f} sentences)"
        )
        results[name] = out
    same = sum(
        [(s.start, s.end) for s in a] == [(s.start, s.end) for s in b]
        for a, b in zip(results["pysbd"], results["fast"], strict=True)
    )
    print(
        f"split  identical to pysbd: {same}/{len(bodies)} articles "
        f"({100 * same / len(bodies):.1f}%)"
    )
    return results["fast"]


def bench_embedders(
    sentences: list[str], leads: list[str], skip: set[str], lead_tokens: list[int]
) -> None:
    made: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = [
        ("torch", minilm.MiniLMEmbedder),
        ("onnx", minilm.OnnxEmbedder),
        ("int8", lambda: minilm.OnnxEmbedder(quantized=True)),
    ]
    vectors: dict[str, np.ndarray] = {}
    for name, factory in factories:
        if name in skip:
            continue
        try:
            model, wall, _ = timed(factory)
        except Exception as exc:  # report and go on with the other backends
            print(f"embed  {name:6s} unavailable: {type(exc).__name__}: {exc}")
            continue
        made[name] = model
        print(f"embed  {name:6s} loaded in {wall:.1f} s")
    for name, model in made.items():
        model.encode(["Warm up the session."])
        for kind, texts in (("sentences", sentences), ("leads", leads)):
            vecs, wall, cpu = timed(partial(model.encode, texts))
            vectors[f"{name}/{kind}"] = vecs
            print(
                f"embed  {name:6s} {len(texts) / wall:7.1f} {kind}/s"
                f"  (per CPU-s: {len(texts) / cpu:6.1f})"
            )
    for name in ("onnx", "int8"):
        for kind in ("sentences", "leads"):
            a, b = vectors.get(f"torch/{kind}"), vectors.get(f"{name}/{kind}")
            if name == "int8" and a is None:
                a = vectors.get(f"onnx/{kind}")
            if a is None or b is None:
                continue
            cos = (a * b).sum(axis=1)
            print(
                f"agree  {name:6s} vs {'torch' if 'torch/' + kind in vectors else 'onnx'}"
                f" on {kind}: max abs diff {np.abs(a - b).max():.2e}, "
                f"cosine min {cos.min():.5f} mean {cos.mean():.5f}"
            )
    if "onnx" in made:
        for tokens in lead_tokens:
            short = minilm.OnnxEmbedder(max_seq_length=tokens)
            _, wall, cpu = timed(partial(short.encode, leads))
            print(
                f"embed  onnx leads cut to {tokens:3d} tokens: {len(leads) / wall:7.1f} leads/s"
                f"  (per CPU-s: {len(leads) / cpu:6.1f})"
            )


def main(argv: list[str] | None = None) -> None:
    default_data = Path(os.environ.get("NEWSDESK_DATA", REPO.parent / "shared" / "data"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=default_data, help="folder holding bbc/")
    p.add_argument("--articles", type=int, default=300, help="articles to split")
    p.add_argument("--sentences", type=int, default=1000, help="sentences to embed")
    p.add_argument("--leads", type=int, default=300, help="article leads to embed")
    p.add_argument("--skip", default="", help="comma-separated: split,torch,onnx,int8")
    p.add_argument(
        "--lead-tokens", default="", help="also time ONNX leads cut to these token counts"
    )
    args = p.parse_args(argv)
    bbc = args.data / "bbc"
    if not bbc.is_dir():
        sys.exit(f"components: BBC data not found at {bbc}; pass --data DIR (the folder with bbc/)")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    articles = load_bbc(bbc, max(args.articles, args.leads))
    bodies = [body for _, body in articles[: args.articles]]
    print(describe())
    if "split" not in skip:
        split = bench_splitters(bodies)
    else:
        split = [split_sentences(b) for b in bodies]
    sentences = [s.text for doc in split for s in doc][: args.sentences]
    leads = [lead_text(title, split_sentences(body)) for title, body in articles[: args.leads]]
    tokens = [int(t) for t in args.lead_tokens.split(",") if t.strip()]
    bench_embedders(sentences, leads, skip, tokens)


if __name__ == "__main__":
    main()
