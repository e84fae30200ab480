"""``newsdesk eval summarization``, ``clustering`` and ``themes``: public-dataset scores."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, progress_option, show_progress
from newsdesk.cli.progress import progress_bar
from newsdesk.errors import InputError
from newsdesk.evaluate import Progress

DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def default_data_dir() -> Path:
    """``$NEWSDESK_DATA``, else ``../shared/data`` next to the checkout, else relative to the
    working directory."""
    env = os.environ.get("NEWSDESK_DATA")
    if env:
        return Path(env)
    if DEFAULT_DATA.is_dir():
        return DEFAULT_DATA
    return Path("..") / "shared" / "data"


def _data_dir(data: str | None) -> Path:
    return Path(data) if data else default_data_dir()


def _cache(cache: str | None) -> Path | None:
    if not cache:
        return None
    path = Path(cache)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot create cache folder ({exc.strerror})") from exc
    return path


@contextmanager
def _eval_progress(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr, or None when progress is not shown."""
    if not enabled:
        yield None
        return
    with progress_bar(True, label) as bar:

        def report(message: str, done: int | None, total: int | None) -> None:
            bar.describe(message)
            if done is not None:
                bar.update(done, total)

        yield report


def _emit(result: dict[str, Any], as_json: bool, table: Callable[[dict[str, Any]], str]) -> None:
    if as_json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(table(result))


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")(f)
    f = click.option(
        "--data",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="Data folder (default: $NEWSDESK_DATA or ../shared/data).",
    )(f)
    return progress_option(f)


SUMMARIZATION_EPILOG = """\b
Examples:
  newsdesk eval summarization --dataset duc2006
  newsdesk eval summarization --dataset duc2004 --limit 5 --cache ~/.cache/newsdesk-eval
  newsdesk eval summarization --data /data/nlp --json > duc2006.json
"""

CLUSTERING_EPILOG = """\b
Examples:
  newsdesk eval clustering --dataset ecbplus
  newsdesk eval clustering --dataset allsides --cache ~/.cache/newsdesk-eval --json
  newsdesk eval clustering --dataset allsides --lead-sentences 3 --oracle
  newsdesk eval clustering --fit     # refit the pairwise model on the odd halves of both sets
"""


@click.group(
    "eval", context_settings=CONTEXT_SETTINGS, short_help="Evaluate against public datasets."
)
def eval_group() -> None:
    """Evaluate against public datasets (read from --data, $NEWSDESK_DATA or ../shared/data)."""


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=SUMMARIZATION_EPILOG)
@click.option(
    "--dataset", type=click.Choice(["duc2006", "duc2004"]), default="duc2006", show_default=True
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N topics.")
@click.option("--cache", metavar="DIR", help="Keep embeddings in DIR between runs.")
@_common
@click.pass_context
def summarization(
    ctx: click.Context,
    dataset: str,
    limit: int | None,
    cache: str | None,
    data: str | None,
    as_json: bool,
) -> int:
    """DUC 2006 / DUC 2004: ROUGE of newsdesk, baselines and every peer."""
    from newsdesk.evaluate.summarization import format_summarization_table, run_summarization_eval

    with _eval_progress(show_progress(ctx), dataset) as progress:
        result = run_summarization_eval(
            dataset, _data_dir(data), limit=limit, on_progress=progress, cache_dir=_cache(cache)
        )
    _emit(result, as_json, format_summarization_table)
    return 0


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=CLUSTERING_EPILOG)
@click.option(
    "--dataset", type=click.Choice(["ecbplus", "allsides"]), default="ecbplus", show_default=True
)
@click.option("--cache", metavar="DIR", help="Keep embeddings and entities in DIR between runs.")
@click.option(
    "--lead-sentences",
    type=click.IntRange(min=1, max=20),
    metavar="N",
    help="Embed the title and N sentences (700 chars) instead of ingest's own lead.",
)
@click.option(
    "--oracle", is_flag=True, help="Also show newsdesk's ceiling: the threshold best on gold."
)
@click.option(
    "--fit",
    is_flag=True,
    help="Fit the pairwise model and thresholds on the odd halves of both datasets instead.",
)
@click.option(
    "--entities",
    "extractor",
    type=click.Choice(["names", "spacy"]),
    default=None,
    help="Entity extractor newsdesk reads (default: the configured one, names).",
)
@_common
@click.pass_context
def clustering(
    ctx: click.Context,
    dataset: str,
    cache: str | None,
    lead_sentences: int | None,
    oracle: bool,
    fit: bool,
    extractor: str | None,
    data: str | None,
    as_json: bool,
) -> int:
    """ECB+ / AllSides: story clustering against baselines."""
    from dataclasses import replace

    from newsdesk.evaluate.clustering import format_clustering_table, run_clustering_eval
    from newsdesk.stories.config import DEFAULT_CONFIG

    config = replace(DEFAULT_CONFIG, entities=extractor) if extractor else DEFAULT_CONFIG
    with _eval_progress(show_progress(ctx), dataset) as progress:
        if fit:
            from newsdesk.evaluate.pairfit import fit_story_model, format_fit

            def log(msg: str) -> None:
                if progress is not None:
                    progress(msg, None, None)

            fitted = fit_story_model(
                _data_dir(data),
                cache_dir=_cache(cache),
                lead_sentences=lead_sentences,
                config=config,
                log=log,
            )
        else:
            result = run_clustering_eval(
                dataset,
                _data_dir(data),
                on_progress=progress,
                cache_dir=_cache(cache),
                lead_sentences=lead_sentences,
                oracle=oracle,
                config=config,
            )
    if fit:
        _emit(fitted, as_json, format_fit)
    else:
        _emit(result, as_json, format_clustering_table)
    return 0


THEMES_EPILOG = """\b
Examples:
  newsdesk eval themes
  newsdesk eval themes --cache ~/.cache/newsdesk-eval --json
"""


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=THEMES_EPILOG)
@click.option("--cache", metavar="DIR", help="Keep embeddings and entities in DIR between runs.")
@_common
@click.pass_context
def themes(ctx: click.Context, cache: str | None, data: str | None, as_json: bool) -> int:
    """AllSides: stories grouped into themes against the editors' topic tags."""
    from newsdesk.evaluate.themes import format_themes_table, run_themes_eval

    with _eval_progress(show_progress(ctx), "themes") as progress:
        result = run_themes_eval(_data_dir(data), cache_dir=_cache(cache), on_progress=progress)
    _emit(result, as_json, format_themes_table)
    return 0


ROUNDUPS_EPILOG = """\b
Examples:
  newsdesk eval roundups
  newsdesk eval roundups --data ../shared/data/allsides/stories_2021.jsonl --limit 50
  newsdesk eval roundups --cache ~/.cache/newsdesk-eval --json > roundups.json
"""


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=ROUNDUPS_EPILOG)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N stories.")
@click.option("--cache", metavar="DIR", help="Keep embeddings in DIR between runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--data",
    metavar="PATH",
    type=click.Path(),
    help="Data folder or the stories file (default: $NEWSDESK_DATA or ../shared/data).",
)
@progress_option
@click.pass_context
def roundups(
    ctx: click.Context, limit: int | None, cache: str | None, data: str | None, as_json: bool
) -> int:
    """AllSides: three-outlet stories briefed in 50 and 100 words against the editors' roundup."""
    from newsdesk.evaluate.roundups import format_roundups_table, run_roundups_eval

    with _eval_progress(show_progress(ctx), "roundups") as progress:
        result = run_roundups_eval(
            _data_dir(data), limit=limit, on_progress=progress, cache_dir=_cache(cache)
        )
    _emit(result, as_json, format_roundups_table)
    return 0


READABILITY_EPILOG = """\b
Multi-story topics with gold stories (ECB+ topics, two events each; AllSides stories of one
issue mixed, three a topic), briefed by the product's planned writer. Prints strand purity,
strand coverage, lead accuracy, the standalone detector's rate on published sentences,
chronology inversions inside paragraphs and repeated facts, for the tuning half (odd ids) and
the held-out half (even ids).

\b
Examples:
  newsdesk eval readability --cache ~/.cache/newsdesk-eval
  newsdesk eval readability --limit 10 --json
"""


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=READABILITY_EPILOG)
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N topics of each set."
)
@click.option("--words", type=click.IntRange(min=1), default=250, show_default=True)
@click.option("--cache", metavar="DIR", help="Keep embeddings in DIR between runs.")
@_common
@click.pass_context
def readability(
    ctx: click.Context,
    limit: int | None,
    words: int,
    cache: str | None,
    data: str | None,
    as_json: bool,
) -> int:
    """Planned briefings on multi-story topics: strands, lead, order, repeats."""
    from newsdesk.evaluate.readability import format_readability_table, run_readability_eval

    with _eval_progress(show_progress(ctx), "readability") as progress:
        result = run_readability_eval(
            _data_dir(data), limit=limit, words=words, on_progress=progress, cache_dir=_cache(cache)
        )
    _emit(result, as_json, format_readability_table)
    return 0


VERIFY_EPILOG = """\b
Builds a labelled set from real sentences of DUC 2006 and AllSides (true, paraphrased, and
corrupted: a number, a name or a date changed, the citation moved, a negation inserted) and
checks it exactly as 'newsdesk verify' checks a file. Prints detection recall per corruption
and false alarms on true sentences, for the tuning half (odd topics) and the held-out half.

\b
Examples:
  newsdesk eval verify
  newsdesk eval verify --limit 10 --json
"""


@eval_group.command("verify", context_settings=CONTEXT_SETTINGS, epilog=VERIFY_EPILOG)
@click.option(
    "--limit", type=click.IntRange(min=1), metavar="N", help="Only N topics (and 2N stories)."
)
@_common
@click.pass_context
def verify_eval(ctx: click.Context, limit: int | None, data: str | None, as_json: bool) -> int:
    """The verifier: recall per corruption type, false alarms on true sentences."""
    from newsdesk.evaluate.verification import format_verify_table, run_verify_eval

    with _eval_progress(show_progress(ctx), "verify") as progress:
        result = run_verify_eval(_data_dir(data), limit=limit, on_progress=progress)
    _emit(result, as_json, format_verify_table)
    return 0


STANDALONE_EPILOG = """\b
Reads the sentences of ../shared/data labelled by reading them (references only, in
newsdesk/evaluate/data/standalone_labels.tsv) and scores the standalone detector: precision and
recall of "leans on context" overall and per kind, on the tuning half (odd keys) and the
held-out half (even keys).

\b
Examples:
  newsdesk eval standalone
  newsdesk eval standalone --errors     # also list the tuning half's mistakes
"""


@eval_group.command("standalone", context_settings=CONTEXT_SETTINGS, epilog=STANDALONE_EPILOG)
@click.option(
    "--labels", metavar="FILE", type=click.Path(dir_okay=False), help="Another labels file."
)
@click.option(
    "--errors", is_flag=True, help="List the tuning half's mistakes (never the held-out)."
)
@_common
@click.pass_context
def standalone_eval(
    ctx: click.Context, labels: str | None, errors: bool, data: str | None, as_json: bool
) -> int:
    """The standalone detector against labelled sentences: precision and recall."""
    from newsdesk.evaluate.standalone import (
        LABELS_FILE,
        format_standalone_table,
        run_standalone_eval,
    )

    with _eval_progress(show_progress(ctx), "standalone") as progress:
        result = run_standalone_eval(
            _data_dir(data),
            labels=Path(labels) if labels else LABELS_FILE,
            on_progress=progress,
            show_errors=errors,
        )
    _emit(result, as_json, format_standalone_table)
    return 0
