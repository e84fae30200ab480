"""Story grouping by the pairwise same-event logit: the index's mean logit, the rebuild's
average linkage, the fitting code, the equal-input baselines, ``eval clustering`` options and
``eval themes``.

Synthetic vectors for the exactness checks; the invented ECB+/AllSides fixture of
``test_eval_clustering`` (real all-MiniLM-L6-v2 vectors and spaCy entities) for the commands.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_eval_clustering import data_dir  # noqa: F401  (the invented fixture)

from newsdesk.cli.main import main
from newsdesk.evaluate.clusterdata import EvalDoc
from newsdesk.stories.config import DEFAULT_CONFIG
from newsdesk.stories.core import ArticleFeatures, StoryIndex, bcubed, cluster
from newsdesk.stories.linkage import average_linkage, best_logits, pair_logits, staged


def synthetic(n_groups: int = 6, size: int = 5, seed: int = 3, dated: bool = False):
    """Groups of articles sharing a direction, words and entities."""
    rng = np.random.default_rng(seed)
    feats, gold = [], []
    for g in range(n_groups):
        center = rng.normal(size=64)
        for k in range(size):
            v = center + 0.4 * rng.normal(size=64)
            terms = {f"g{g}w{j}": 1 for j in rng.choice(8, 4, replace=False)}
            terms.update({f"x{j}": 1 for j in rng.integers(500, size=6)})
            keys = {f"e:g{g}": 1, f"e:x{int(rng.integers(50))}": 1}
            day = f"2026-01-{1 + 3 * g + int(rng.integers(2)):02d}" if dated else None
            feats.append(
                ArticleFeatures(
                    f"{g:02d}{k:06d}",
                    (v / np.linalg.norm(v)).astype(np.float32),
                    terms,
                    keys,
                    published=day,
                )
            )
            gold.append(g)
    return feats, gold


def _vectors(index: StoryIndex, feats):
    rows = [index.vectors(f) for f in feats]
    return tuple(np.stack([r[k] for r in rows]) for k in range(3))


@pytest.mark.parametrize("dated", [False, True])
def test_story_score_is_the_mean_pairwise_logit_with_its_members(dated):
    feats, gold = synthetic(dated=dated)
    groups = [[f for f, g in zip(feats, gold, strict=True) if g == k] for k in range(3)]
    newcomer = feats[-1]
    index = StoryIndex(DEFAULT_CONFIG)
    index.load(groups)
    members = [f for g in groups for f in g]
    vecs = _vectors(index, [*members, newcomer])
    days = np.array([np.nan if f.day is None else f.day for f in [*members, newcomer]])
    pair = pair_logits(vecs, days, np.array([len(members)]), np.arange(len(members)))[0]
    one = tuple(v[-1:] for v in vecs)
    got = index._score_rows(*one, days[-1:], np.arange(3))[0]
    start = 0
    for s, g in enumerate(groups):
        want = pair[start : start + len(g)].mean()
        start += len(g)
        if dated:  # time terms come from the story's span, not from each member: compare sign
            assert np.isfinite(got[s]) == (want > -50)
        else:
            assert got[s] == pytest.approx(want, abs=1e-4)


def test_average_linkage_equals_scipy_on_the_whole_matrix():
    feats, gold = synthetic(n_groups=8, size=6, seed=11)
    index = StoryIndex(DEFAULT_CONFIG)
    for f in feats:
        index.lex.add_document(f.terms)
        index.key.add_document(f.keys)
    vecs = _vectors(index, feats)
    days = np.full(len(feats), np.nan)
    # Either stage: the pair logits alone, or the rebuild's second stage on them.
    plain = replace(
        DEFAULT_CONFIG,
        r_bias=0.0,
        r_logit=1.0,
        r_best_max=0.0,
        r_best_min=0.0,
        r_second_max=0.0,
        r_second_min=0.0,
        r_third_max=0.0,
        r_third_min=0.0,
    )
    for cfg in (
        replace(plain, threshold=-1.0, size_bonus=0.0),
        replace(DEFAULT_CONFIG, size_bonus=0.0),
    ):
        _check_linkage(vecs, days, cfg, gold)


def _naive_size_aware(s, cfg):
    """The size-aware agglomeration the slow way: rescore every pair of groups each step."""
    groups = [[i] for i in range(len(s))]
    while len(groups) > 1:
        best, pair = -np.inf, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                ga, gb = groups[a], groups[b]
                sc = s[np.ix_(ga, gb)].mean() + cfg.size_bonus * np.log(
                    min(len(ga) + len(gb), cfg.size_cap)
                )
                if sc > best:
                    best, pair = sc, (a, b)
        if best < cfg.threshold:
            break
        a, b = pair
        groups[a] = groups[a] + groups[b]
        del groups[b]
    out = [0] * len(s)
    for g, members in enumerate(groups):
        for i in members:
            out[i] = g
    return out


def test_size_aware_linkage_equals_the_naive_one_and_average_linkage_without_bonus():
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from newsdesk.stories.linkage import size_aware_linkage

    rng = np.random.default_rng(5)
    centres = rng.normal(size=(5, 3))
    pts = np.repeat(centres, 6, axis=0) + rng.normal(scale=0.6, size=(30, 3))
    s = -((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
    cfg = replace(DEFAULT_CONFIG, threshold=-4.0, size_bonus=0.8, size_cap=8)
    ours = size_aware_linkage(s, cfg).tolist()
    assert bcubed(_naive_size_aware(s, cfg), ours)[2] == pytest.approx(1.0)
    flat = replace(cfg, size_bonus=0.0)
    assert bcubed(_naive_size_aware(s, flat), ours)[2] < 1.0  # the bonus changes the result
    assert len(set(ours)) < len(set(_naive_size_aware(s, flat)))  # ... by merging more
    top = s.max()
    dist = top - s
    np.fill_diagonal(dist, 0.0)
    ref = fcluster(
        linkage(squareform(dist, checks=False), "average"),
        t=top - flat.threshold,
        criterion="distance",
    )
    assert bcubed(ref.tolist(), size_aware_linkage(s, flat).tolist())[2] == pytest.approx(1.0)


def _check_linkage(vecs, days, cfg, gold):
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    ours = average_linkage(vecs, days, cfg, chunk=7)  # chunks smaller than the set
    every = np.arange(len(days))
    s = pair_logits(vecs, days, every, every, cfg)
    best = best_logits(vecs, days, cfg)
    # The three best logits with anyone else, best first.
    assert best[0] == pytest.approx(sorted(s[0, 1:], reverse=True)[:3])
    s = staged(s, best[:, None], best[None, :], cfg)
    top = s.max()
    dist = top - s
    np.fill_diagonal(dist, 0.0)
    ref = fcluster(
        linkage(squareform(dist, checks=False), "average"),
        t=top - cfg.threshold,
        criterion="distance",
    )
    assert bcubed(ref.tolist(), ours)[2] == pytest.approx(1.0)
    assert bcubed(gold, ours)[2] > 0.9
    assert ours[0] == 0  # numbered by first article


def test_rebuild_keeps_copies_with_originals_and_cold_pairs_apart():
    feats, gold = synthetic(n_groups=3, size=4, dated=True)
    copy = replace(feats[0], id="c0000001", original_id=feats[0].id)
    # The same text a month later is a new story: more than cold_days apart.
    late = replace(feats[1], id="late0001", published="2026-03-01", day=None)
    _index, labels = cluster([*feats, copy, late])
    assert labels[len(feats)] == labels[0]
    assert labels[-1] not in labels[: len(feats)]


def test_fit_pairs_and_the_threshold_sweep_learn_from_gold():
    from newsdesk.evaluate.pairfit import FEATURES, fit_pairs, sweep, with_coefficients

    feats, gold = synthetic(n_groups=10, size=4, seed=5)
    docs = [EvalDoc(f.id, "", "", str(g), str(g)) for f, g in zip(feats, gold, strict=True)]
    coef = fit_pairs({"s": (docs, feats)})
    assert set(coef) == {*FEATURES, "bias"}
    assert coef["emb"] > 0 and coef["lex"] > 0 and coef["bias"] < 0
    cfg = with_coefficients(DEFAULT_CONFIG, coef)
    grid = sweep({"s": (docs, feats)}, cfg, thresholds=(-30.0, 0.0, 30.0))
    assert grid[0.0]["s/newsdesk"] > grid[30.0]["s/newsdesk"]  # all apart scores lower
    assert grid[0.0]["s/newsdesk"] > grid[-30.0]["s/newsdesk"]  # all together too
    assert set(grid[0.0]) == {"s/newsdesk", "s/newsdesk-incremental"}


def test_combined_baselines_read_what_newsdesk_reads():
    from newsdesk.evaluate.baselines import (
        CombinedAgglomerativeClusterer,
        CombinedHdbscanClusterer,
        combined_similarity,
    )
    from newsdesk.stories.clusterer import restrict

    feats, gold = synthetic(n_groups=5, size=4, seed=9)
    for cls in (CombinedAgglomerativeClusterer, CombinedHdbscanClusterer):
        c = cls()
        assert {"vector", "terms", "keys"} <= c.inputs
        labels = c.cluster(feats, [""] * len(feats))
        assert len(labels) == len(feats) and bcubed(gold, labels)[2] > 0.5
    vec_only, _ = restrict(feats, [""] * len(feats), frozenset({"vector"}))
    assert not np.allclose(combined_similarity(feats), combined_similarity(vec_only))


# -- the commands on the invented fixture ------------------------------------------------------


def test_eval_clustering_lead_sentences_and_oracle(data_dir, tmp_path, capsys):  # noqa: F811
    argv = ["eval", "clustering", "--dataset", "allsides", "--data", str(data_dir)]
    argv += ["--cache", str(tmp_path / "c"), "--lead-sentences", "3", "--oracle", "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert "title + 3 sentence(s)" in out["input"]["lead"]
    for part in ("all", "odd", "even"):
        assert set(out[part]["oracle"]) == {"newsdesk", "newsdesk-incremental"}
    rows = {r["clusterer"]: r for r in out["all"]["systems"]}
    assert rows["agglomerative-combined"]["inputs"] == ["vector", "terms", "keys", "published"]
    assert main(argv[:-1]) == 0
    table = capsys.readouterr().out
    assert "oracle ceiling, newsdesk:" in table and "agglomerative on vec+words+ents" in table
    assert "capitalised-name extractor" in out["input"]["entities"]


def test_eval_clustering_can_read_spacy_entities(data_dir, tmp_path, capsys):  # noqa: F811
    argv = ["eval", "clustering", "--dataset", "ecbplus", "--data", str(data_dir), "--json"]
    assert main([*argv, "--entities", "spacy", "--cache", str(tmp_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["input"]["entities"].startswith("en_core_web_sm") and out["config"]["entities"] == (
        "spacy"
    )
    assert list(tmp_path.glob("ner-*.json"))  # spaCy's entities are cached
    assert main([*argv, "--entities", "bogus"]) != 0  # a clear usage error, no traceback
    assert out["config"]["size_bonus"] > 0 and out["config"]["r_best_min"] != 0


def test_eval_clustering_fit_prints_the_model(data_dir, tmp_path, capsys):  # noqa: F811
    argv = ["eval", "clustering", "--fit", "--data", str(data_dir), "--cache", str(tmp_path)]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["coefficients"]) >= {"emb", "lex", "key", "bias"}
    assert str(out["threshold"]) in out["sweep"] and "odd halves" in out["tuned_on"]


THEMED = [  # story id, topic, (title, body) per side: invented
    (
        201,
        "Weather",
        [
            (
                "Storm cuts power to 80,000 in Lakeshore",
                "A winter storm left 80,000 Lakeshore homes without power on Tuesday.",
            ),
            (
                "Lakeshore storm leaves thousands in the dark",
                "About 80,000 customers in Lakeshore lost power in the winter storm.",
            ),
        ],
    ),
    (
        202,
        "Weather",
        [
            (
                "Blizzard closes highways across Lakeshore county",
                "Snow from a second winter storm shut Lakeshore county highways.",
            ),
            (
                "Second Lakeshore storm brings blizzard and closed roads",
                "Lakeshore county closed highways as a blizzard followed the storm.",
            ),
        ],
    ),
    (
        203,
        "Economy",
        [
            (
                "Central bank holds interest rates steady",
                "The central bank kept its benchmark interest rate at 0.25% on Wednesday.",
            ),
            (
                "Rates unchanged as central bank waits on inflation",
                "Policymakers left the 0.25% rate unchanged; inflation was transitory.",
            ),
        ],
    ),
    (
        204,
        "Economy",
        [
            (
                "Inflation rises to 4.2% as prices climb",
                "Consumer prices rose 4.2% in April, the central bank's inflation gauge.",
            ),
            (
                "Prices jump 4.2%, fastest inflation in a decade",
                "Inflation hit 4.2% as consumer prices climbed, pressuring the bank.",
            ),
        ],
    ),
]


@pytest.fixture()
def themed(tmp_path: Path) -> Path:
    root = tmp_path / "themed"
    (root / "allsides").mkdir(parents=True)
    lines = []
    for sid, topic, items in THEMED:
        news = {
            side: {
                "newsSource": f"Outlet {side}",
                "newsTitle": t,
                "newBody": [b],
                "newsLink": f"https://{side}.example.com/{sid}",
            }
            for side, (t, b) in zip(("left", "right"), items, strict=True)
        }
        lines.append(json.dumps({"id": sid, "topic": topic, "date": "2021-01-01", "news": news}))
    (root / "allsides" / "stories_2021.jsonl").write_text("\n".join(lines) + "\n")
    return root


def test_eval_themes(themed, tmp_path, capsys):
    from newsdesk.evaluate.themes import run_themes_eval

    result = run_themes_eval(themed, cache_dir=tmp_path / "c")
    whole = result["all"]
    assert whole["stories"] == 4 and whole["topics"] == 2 and whole["articles"] == 8
    rows = {r["system"].split(" (")[0]: r for r in whole["stories_given"]}
    assert rows["every story alone"]["bcubed_precision"] == 1.0
    assert rows["all stories in one theme"]["bcubed_recall"] == 1.0
    assert rows["newsdesk themes"]["bcubed_f1"] == 1.0  # two storms, two rate stories
    assert 0.0 <= whole["end_to_end"]["bcubed_f1"] <= 1.0
    assert main(["eval", "themes", "--data", str(themed), "--cache", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "even half (held out)" in out and "newsdesk themes" in out


def test_eval_themes_without_data_is_one_line_error(tmp_path, capsys):
    assert main(["eval", "themes", "--data", str(tmp_path / "none")]) != 0
    err = capsys.readouterr().err
    assert "AllSides not found" in err and "Traceback" not in err


def test_average_linkage_skips_only_cold_pairs():
    """Dated and undated articles mixed, chunks smaller than the set: the same groups as one
    chunk holding everything."""
    feats, gold = synthetic(n_groups=8, size=5, seed=2, dated=True)
    feats = [replace(f, published=None, day=None) if i % 4 == 0 else f for i, f in enumerate(feats)]
    index = StoryIndex(DEFAULT_CONFIG)
    for f in feats:
        index.lex.add_document(f.terms)
        index.key.add_document(f.keys)
    vecs = _vectors(index, feats)
    days = np.array([np.nan if f.day is None else f.day for f in feats])
    whole = average_linkage(vecs, days, DEFAULT_CONFIG, chunk=len(feats))
    assert average_linkage(vecs, days, DEFAULT_CONFIG, chunk=3) == whole
    assert bcubed(gold, whole)[2] > 0.8


def test_name_extractor_finds_names_not_sentence_openers():
    from newsdesk.stories.names import name_mentions, pattern_entities

    text = (
        "Actress Lindsay Lohan, an actress, met Bush and Obama at the Bank of America. "
        "Police said Mr. Smith left on Friday. The U.S. Embassy in Kabul said Brian G. Nichols "
        'was there. Lohan told "People" that she was fine.'
    )
    got = name_mentions("", text)
    assert "Lindsay Lohan" in got and "Bank of America" in got
    assert "Bush" in got and "Obama" in got  # "and" joins no names
    assert "Brian G Nichols" in got and "Kabul" in got
    assert not {"Actress", "Police", "Friday", "Mr", "The"} & set(got)
    # A Title Case headline counts only words the body confirms as names.
    ents = pattern_entities("Lohan Checks Into Rehab At Betty Ford", text, 600)
    keys = {e.key: e for e in ents}
    assert "rehab" not in keys and "checks" not in keys
    assert keys["lindsay lohan"].count == 3  # the lone surname joins the full name
    assert all(e.label == "NAME" for e in ents)
