"""``newsdesk eval themes``: how stories are grouped into themes, against AllSides topic tags.

Every AllSides story carries an editor's ``topic`` tag ("Coronavirus", "Immigration", "Supreme
Court", ... 82 of them, very uneven). Two measurements:

* **stories given** (story level): the gold stories are taken as they are, each becomes one
  item with the centroids of its articles (vectors, TF-IDF words, entity/figure keys, exactly
  what the story index keeps), and the themes over them are scored by B-cubed against the
  topic tags. This isolates the theme step from story errors.
* **end to end** (article level): newsdesk's own stories (the rebuild), then its themes; each
  article gets its theme, scored against its story's topic tag.

A story left out of every theme counts as a theme of its own. Systems on the story centroids:
newsdesk's ``cluster_themes``; average linkage on the vector centroids alone (cut tuned on the
odd half, like newsdesk's theme settings); HDBSCAN on the vector centroids
(``min_cluster_size=2``); and the two trivial groupings (every story alone, all in one theme),
which bound B-cubed from either side. Tuning: the odd half (stories with an odd id); the even
half is held out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import NotFoundError
from newsdesk.evaluate import Progress
from newsdesk.stories.config import DEFAULT_CONFIG, StoryConfig
from newsdesk.stories.features import ArticleFeatures
from newsdesk.stories.index import StoryIndex
from newsdesk.stories.metrics import bcubed
from newsdesk.stories.rebuild import cluster
from newsdesk.stories.themes import cluster_themes

THEME_AGGLO_THRESHOLD = 0.65  # cosine distance between vector centroids; tuned on the odd half

Centroids = tuple[np.ndarray, np.ndarray, np.ndarray]


def story_topics(data_dir: Path) -> dict[str, str]:
    """AllSides story id -> its topic tag."""
    import json

    path = Path(data_dir) / "allsides" / "stories_2021.jsonl"
    if not path.is_file():
        raise NotFoundError(f"{path}: AllSides not found")
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                story = json.loads(line)
                out[str(story["id"])] = str(story.get("topic") or "(none)")
    return out


def centroids_of(
    groups: Sequence[Sequence[ArticleFeatures]], config: StoryConfig = DEFAULT_CONFIG
) -> Centroids:
    """Unit centroids (vectors, words, keys) of each group, as the story index keeps them."""
    index = StoryIndex(config)
    index.load(groups)
    return index.centroids()


def _singletons(labels: Sequence[int]) -> list[int]:
    nxt = max(labels, default=-1) + 1
    out = []
    for x in labels:
        if x < 0:
            out.append(nxt)
            nxt += 1
        else:
            out.append(int(x))
    return out


def theme_systems(config: StoryConfig) -> dict[str, Callable[[Centroids], list[int]]]:
    """Name -> function from story centroids to theme labels (a label per story)."""

    def newsdesk(c: Centroids) -> list[int]:
        return _singletons(cluster_themes(c[0], c[2], config, lex=c[1]))

    def agglomerative(c: Centroids) -> list[int]:
        from sklearn.cluster import AgglomerativeClustering

        if len(c[0]) < 2:
            return [0] * len(c[0])
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=THEME_AGGLO_THRESHOLD,
        )
        return [int(x) for x in model.fit_predict(c[0])]

    def hdbscan(c: Centroids) -> list[int]:
        from newsdesk.evaluate.baselines import _require, noise_to_singletons

        mod = _require("hdbscan", "hdbscan")
        if len(c[0]) < 3:
            return list(range(len(c[0])))
        return noise_to_singletons(
            mod.HDBSCAN(min_cluster_size=2).fit_predict(c[0].astype(np.float64))
        )

    return {
        f"newsdesk themes (threshold {config.theme_threshold}, keys x{config.theme_w_key},"
        f" words x{config.theme_w_lex})": newsdesk,
        f"agglomerative on vectors (average, cosine dist {THEME_AGGLO_THRESHOLD})": agglomerative,
        "HDBSCAN on vectors (min_cluster_size=2)": hdbscan,
        "every story alone": lambda c: list(range(len(c[0]))),
        "all stories in one theme": lambda c: [0] * len(c[0]),
    }


def _score(gold: Sequence[str], pred: Sequence[int]) -> dict[str, float | int]:
    p, r, f = bcubed(gold, pred)
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "themes": len(set(pred)),
    }


def score_part(
    docs: Sequence[Any],
    feats: Sequence[ArticleFeatures],
    topics: dict[str, str],
    config: StoryConfig = DEFAULT_CONFIG,
) -> dict[str, Any]:
    """Both measurements on one set of AllSides articles."""
    by_story: dict[str, list[ArticleFeatures]] = defaultdict(list)
    for d, f in zip(docs, feats, strict=True):
        by_story[d.gold].append(f)
    sids = sorted(by_story)
    gold_topics = [topics.get(s, "(none)") for s in sids]
    cents = centroids_of([by_story[s] for s in sids], config)
    systems = theme_systems(config)
    given = [{"system": name, **_score(gold_topics, fn(cents))} for name, fn in systems.items()]
    # End to end: newsdesk's stories, then its themes, scored per article.
    index, labels = cluster(feats, config)
    c = index.centroids()
    theme_of_story = _singletons(cluster_themes(c[0], c[2], config, lex=c[1]))
    pred = [theme_of_story[lab] for lab in labels]
    article_topics = [topics.get(d.gold, "(none)") for d in docs]
    end = {"system": "newsdesk stories + themes", **_score(article_topics, pred)}
    return {
        "stories": len(sids),
        "topics": len(set(gold_topics)),
        "articles": len(docs),
        "stories_given": given,
        "end_to_end": end,
    }


def run_themes_eval(
    data_dir: Path,
    *,
    cache_dir: Path | None = None,
    lead_sentences: int | None = None,
    config: StoryConfig = DEFAULT_CONFIG,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    """Themes against AllSides topic tags, on the whole set and each half."""
    from newsdesk.evaluate.pairfit import load_half

    data_dir = Path(data_dir)
    topics = story_topics(data_dir)
    out: dict[str, Any] = {
        "dataset": "allsides",
        "tuning": "theme settings and the agglomerative cut tuned on the odd half (odd story ids)",
    }
    for part in ("all", "odd", "even"):
        if on_progress is not None:
            on_progress(f"themes: {part}", None, None)
        docs, feats = load_half("allsides", data_dir, part, cache_dir, lead_sentences)
        out[part] = score_part(docs, feats, topics, config)
    return out



def format_themes_table(result: dict[str, Any]) -> str:
    lines = [
        "Themes on AllSides against the stories' topic tags (B-cubed)",
        f"tuning: {result['tuning']}",
    ]
    names = {"all": "whole set", "odd": "odd half (tuning)", "even": "even half (held out)"}
    for part in ("all", "odd", "even"):
        r = result.get(part)
        if not r:
            continue
        lines.append("")
        lines.append(
            f"{names[part]}: {r['stories']} stories, {r['topics']} topic tags, "
            f"{r['articles']} articles"
        )
        lines.append(f"  stories given (story level):  {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} themes")
        for row in r["stories_given"]:
            lines.append(
                f"  {row['system']:<70} {row['bcubed_precision']:6.3f} "
                f"{row['bcubed_recall']:6.3f} {row['bcubed_f1']:6.3f} {row['themes']:>5}"
            )
        e = r["end_to_end"]
        lines.append(
            f"  end to end (article level): {e['system']}: P {e['bcubed_precision']:.3f} "
            f"R {e['bcubed_recall']:.3f} F1 {e['bcubed_f1']:.3f}, {e['themes']} themes"
        )
    return "\n".join(lines)
