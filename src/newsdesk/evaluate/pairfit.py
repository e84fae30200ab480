"""Fitting the pairwise same-event model, and the threshold, on the tuning halves only.

``newsdesk eval clustering --fit`` runs :func:`fit_story_model`: it loads ECB+ and AllSides,
keeps the odd half of each (ECB+ topics with an odd number, AllSides stories with an odd id),
and

1. fits a logistic regression on every pair of articles within each half: same gold event or
   not, from the features the story index scores with (cosines of the article vectors, the
   hashed TF-IDF words and the entity/figure keys, with document frequencies of the half; and,
   when both are dated, a known-date indicator, the capped gap and a same-day flag). Pairs more
   than ``cold_days`` apart are left out: the index never joins them;
2. fits the rebuild's second stage on the same pairs (:func:`fit_stage2`: the pair logit and
   the two articles' best, second and third best logits with others);
3. sweeps the thresholds (logits) with the real clusterers on the same odd halves: the
   rebuild's ``threshold`` and the incremental ``join_threshold``, each set to the value with
   the best mean B-cubed F1 of its mode over the two datasets. The rebuild's ``size_bonus``
   stays at its configured value (it was chosen with the threshold by a grid on the odd
   halves, recorded in docs/benchmarks.md).

The coefficients it prints go into :class:`~newsdesk.stories.config.StoryConfig`. Nothing of the
even halves is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.embed.minilm import DEFAULT_MODEL
from newsdesk.evaluate.clusterdata import DATASETS, EvalDoc, load_dataset
from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig
from newsdesk.stories.features import ArticleFeatures, Vectorizer
from newsdesk.stories.metrics import bcubed

FEATURES = ("emb", "lex", "key", "known", "gap", "near")
THRESHOLDS = tuple(round(x, 2) for x in np.arange(-3.0, 2.01, 0.25))


def article_matrices(
    feats: Sequence[ArticleFeatures], config: StoryConfig = DEFAULT_CONFIG
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unit vectors (emb, TF-IDF words, keys) and days of each article, as a rebuild sees them."""
    lex = Vectorizer(config.lex_dim, config.min_df)
    key = Vectorizer(config.key_dim, config.min_df)
    for f in feats:
        if not f.original_id:
            lex.add_document(f.terms)
            key.add_document(f.keys)
    emb = np.stack([np.asarray(f.vector, np.float32) for f in feats])
    lx = np.stack([lex.transform(f.terms) for f in feats])
    ky = np.stack([key.transform(f.keys) for f in feats])
    days = np.array([np.nan if f.day is None else f.day for f in feats])
    return emb, lx, ky, days


def pair_features(
    feats: Sequence[ArticleFeatures], config: StoryConfig = DEFAULT_CONFIG
) -> tuple[np.ndarray, np.ndarray]:
    """(features of every pair i < j, in ``FEATURES`` order; mask of the pairs not cold)."""
    emb, lx, ky, days = article_matrices(feats, config)
    iu = np.triu_indices(len(feats), 1)
    gap = np.abs(days[:, None] - days[None, :])[iu]
    known = ~np.isnan(gap)
    g = np.where(known, gap, 0.0)
    x = np.stack(
        [
            (emb @ emb.T)[iu],
            (lx @ lx.T)[iu],
            (ky @ ky.T)[iu],
            known.astype(float),
            np.where(known, np.minimum(g, 30.0) / 30.0, 0.0),
            np.where(known, (g <= config.near_days).astype(float), 0.0),
        ],
        axis=1,
    )
    return x, ~(known & (g > config.cold_days))


def with_coefficients(config: StoryConfig, coef: dict[str, float]) -> StoryConfig:
    return replace(
        config,
        bias=coef["bias"],
        w_emb=coef["emb"],
        w_lex=coef["lex"],
        w_key=coef["key"],
        w_known=coef["known"],
        w_gap=coef["gap"],
        w_near=coef["near"],
    )


def fit_pairs(
    sets: dict[str, tuple[list[EvalDoc], list[ArticleFeatures]]],
    config: StoryConfig = DEFAULT_CONFIG,
    c: float = 10.0,
) -> dict[str, float]:
    """Logistic regression of same-event on the pair features of every set given."""
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for docs, feats in sets.values():
        x, keep = pair_features(feats, config)
        gold = np.array([d.gold for d in docs])
        y = (gold[:, None] == gold[None, :])[np.triu_indices(len(docs), 1)]
        xs.append(x[keep])
        ys.append(y[keep])
    model = LogisticRegression(C=c, max_iter=5000).fit(np.concatenate(xs), np.concatenate(ys))
    coef = {name: round(float(w), 3) for name, w in zip(FEATURES, model.coef_[0], strict=True)}
    coef["bias"] = round(float(model.intercept_[0]), 3)
    return coef


STAGE2 = ("logit", "best_max", "best_min", "second_max", "second_min", "third_max", "third_min")


def fit_stage2(
    sets: dict[str, tuple[list[EvalDoc], list[ArticleFeatures]]],
    config: StoryConfig,
    c: float = 10.0,
) -> dict[str, float]:
    """Logistic regression of same-event on (pair logit, max and min of the two articles' best,
    second and third best logits with others) over every pair of the sets given, the pair
    model being ``config``'s: the rebuild's second stage (``stories.linkage.staged``)."""
    from sklearn.linear_model import LogisticRegression

    from newsdesk.stories.linkage import best_logits, pair_logits

    xs, ys = [], []
    for docs, feats in sets.values():
        emb, lx, ky, days = article_matrices(feats, config)
        every = np.arange(len(feats))
        lg = pair_logits((emb, lx, ky), days, every, every, config)
        best = best_logits((emb, lx, ky), days, config)
        iu = np.triu_indices(len(feats), 1)
        bi, bj = best[iu[0]], best[iu[1]]
        cols = [lg[iu]]
        for k in range(best.shape[1]):
            cols += [np.maximum(bi[:, k], bj[:, k]), np.minimum(bi[:, k], bj[:, k])]
        x = np.stack(cols, axis=1)
        gold = np.array([d.gold for d in docs])
        y = (gold[:, None] == gold[None, :])[iu]
        keep = lg[iu] > -50.0  # cold pairs never link
        xs.append(x[keep])
        ys.append(y[keep])
    model = LogisticRegression(C=c, max_iter=5000).fit(np.concatenate(xs), np.concatenate(ys))
    coef = {name: round(float(w), 3) for name, w in zip(STAGE2, model.coef_[0], strict=True)}
    coef["bias"] = round(float(model.intercept_[0]), 3)
    return coef


def with_stage2(config: StoryConfig, coef: dict[str, float]) -> StoryConfig:
    return replace(
        config,
        r_bias=coef["bias"],
        r_logit=coef["logit"],
        r_best_max=coef["best_max"],
        r_best_min=coef["best_min"],
        r_second_max=coef["second_max"],
        r_second_min=coef["second_min"],
        r_third_max=coef["third_max"],
        r_third_min=coef["third_min"],
    )


def sweep(
    sets: dict[str, tuple[list[EvalDoc], list[ArticleFeatures]]],
    config: StoryConfig,
    thresholds: Sequence[float] = THRESHOLDS,
    systems: Sequence[str] = ("newsdesk", "newsdesk-incremental"),
) -> dict[float, dict[str, float]]:
    """B-cubed F1 of each system on each set for every threshold: {t: {"set/system": f1}}."""
    from newsdesk.stories.clusterer import IncrementalClusterer, NewsdeskClusterer

    factories: dict[str, Callable[[StoryConfig], Any]] = {
        "newsdesk": NewsdeskClusterer,
        "newsdesk-incremental": IncrementalClusterer,
    }
    out: dict[float, dict[str, float]] = {}
    for t in thresholds:
        cfg = replace(config, threshold=float(t), join_threshold=float(t))
        row: dict[str, float] = {}
        for name, (docs, feats) in sets.items():
            gold = [d.gold for d in docs]
            for system in systems:
                pred = factories[system](cfg).cluster(feats, [""] * len(feats))
                row[f"{name}/{system}"] = round(bcubed(gold, pred)[2], 4)
        out[float(t)] = row
    return out


def oracle_ceiling(
    docs: Sequence[EvalDoc],
    feats: Sequence[ArticleFeatures],
    config: StoryConfig,
    systems: Sequence[str] = ("newsdesk", "newsdesk-incremental"),
) -> dict[str, dict[str, float]]:
    """newsdesk's best B-cubed F1 on ``docs`` over the threshold grid, chosen on their gold
    labels: a ceiling for the shipped thresholds, not a result."""
    grid = sweep({"x": (list(docs), list(feats))}, config)
    out: dict[str, dict[str, float]] = {}
    for system in systems:
        t = max(grid, key=lambda k: grid[k][f"x/{system}"])
        out[system] = {"threshold": t, "bcubed_f1": grid[t][f"x/{system}"]}
    return out


def load_half(
    dataset: str,
    data_dir: Path,
    half: str,
    cache_dir: Path | None,
    lead_sentences: int | None,
    model: str = DEFAULT_MODEL,
    config: StoryConfig = DEFAULT_CONFIG,
) -> tuple[list[EvalDoc], list[ArticleFeatures]]:
    """One half ("odd", "even" or "all") of a dataset with the features the systems get."""
    from newsdesk.evaluate.clusterprep import (
        build_features,
        doc_entities,
        embed_leads,
        near_duplicates,
        odd_even_halves,
    )

    docs = load_dataset(dataset, data_dir)
    _leads, vecs = embed_leads(docs, cache_dir, lead_sentences, model=model)
    ents = doc_entities(docs, cache_dir, config.ner_chars, config.entities)
    idx = list(range(len(docs))) if half == "all" else odd_even_halves(dataset, docs)[half]
    sub = [docs[i] for i in idx]
    feats = build_features(sub, vecs[idx], [ents[i] for i in idx], near_duplicates(sub), config)
    return sub, feats


def fit_story_model(
    data_dir: Path,
    *,
    cache_dir: Path | None = None,
    lead_sentences: int | None = None,
    config: StoryConfig = DEFAULT_CONFIG,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fit the pairwise model and the threshold on the odd halves (see the module docstring)."""
    sets = {
        ds: load_half(ds, data_dir, "odd", cache_dir, lead_sentences, config=config)
        for ds in DATASETS
    }
    if log:
        log("fitting the pairwise model on the odd halves")
    coef = fit_pairs(sets, config)
    fitted = with_coefficients(config, coef)
    if log:
        log("fitting the rebuild's second stage on the odd halves")
    stage2 = fit_stage2(sets, fitted)
    fitted = with_stage2(fitted, stage2)
    if log:
        log("sweeping the threshold on the odd halves")
    grid = sweep(sets, fitted)

    def best(system: str) -> float:
        def mean(t: float) -> float:
            return float(np.mean([v for k, v in grid[t].items() if k.endswith("/" + system)]))

        return max(grid, key=lambda t: (mean(t), -abs(t)))

    return {
        "tuned_on": "odd halves of ECB+ (odd topic numbers) and AllSides (odd story ids)",
        "lead": lead_sentences,
        "coefficients": coef,
        "stage2": stage2,
        "threshold": best("newsdesk"),
        "join_threshold": best("newsdesk-incremental"),
        "sweep": grid,
    }


def format_fit(result: dict[str, Any]) -> str:
    coef = result["coefficients"]
    lines = [
        f"pairwise same-event model, fitted on the {result['tuned_on']}",
        "  " + ", ".join(f"{k} {v:+.3f}" for k, v in coef.items()),
        "rebuild's second stage (r_*): "
        + ", ".join(f"{k} {v:+.3f}" for k, v in result.get("stage2", {}).items()),
        f"threshold (rebuild): {result['threshold']:+.2f}; join_threshold (incremental): "
        f"{result['join_threshold']:+.2f} (best mean B-cubed F1 of each mode on the odd halves)",
        "",
        "  threshold  " + "  ".join(f"{k:>30}" for k in next(iter(result["sweep"].values()))),
    ]
    for t, row in result["sweep"].items():
        mark = " *" if t in (result["threshold"], result["join_threshold"]) else "  "
        lines.append(f"  {t:+8.2f}{mark} " + "  ".join(f"{v:30.3f}" for v in row.values()))
    return "\n".join(lines)
