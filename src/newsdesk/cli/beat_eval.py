"""``newsdesk eval updates`` and ``newsdesk eval disagreements`` (following a beat)."""

from __future__ import annotations

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, show_progress
from newsdesk.cli.evaluate import _common, _data_dir, _emit, _eval_progress

UPDATES_EPILOG = """\b
Each DUC 2006 topic's articles are split by date into an earlier and a later half; the update
briefing (--new-since the split day) is compared with a plain briefing of the later half, a
lead baseline and a plain briefing of everything, on how many of their sentences repeat the
earlier half. Thresholds were tuned on the odd-numbered topics (--half tune); report the
even-numbered ones (--half held-out, the default).

\b
Examples:
  newsdesk eval updates
  newsdesk eval updates --half tune --limit 8 --same-meaning 0.75
"""

DISAGREE_EPILOG = """\b
Precision: the flagged pairs on real story clusters (AllSides stories, ECB+ gold events) are
listed with the judgments kept in newsdesk/evaluate/disagree_judgments.tsv (one verdict per
pair, by the rule in that module's docstring). Recall: disagreements injected into real
clusters (a number changed, a day moved, a denial), and how many are found.

\b
Examples:
  newsdesk eval disagreements --dataset allsides
  newsdesk eval disagreements --dataset ecbplus --show 20
  newsdesk eval disagreements --judged   # the judged candidate set, both halves
"""


@click.command("updates", context_settings=CONTEXT_SETTINGS, epilog=UPDATES_EPILOG)
@click.option(
    "--half",
    type=click.Choice(["held-out", "tune", "all"]),
    default="held-out",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N topics.")
@click.option("--words", type=click.IntRange(min=40), default=150, show_default=True)
@click.option("--same-meaning", type=float, metavar="COS", help="Override the cosine threshold.")
@click.option("--same-words", type=float, metavar="SHARE", help="Override the word threshold.")
@_common
@click.pass_context
def updates(
    ctx: click.Context,
    half: str,
    limit: int | None,
    words: int,
    same_meaning: float | None,
    same_words: float | None,
    data: str | None,
    as_json: bool,
) -> int:
    """DUC 2006 split by date: do update briefings repeat the earlier half?"""
    from newsdesk.evaluate.updates import format_updates_table, run_updates_eval

    with _eval_progress(show_progress(ctx), "updates") as progress:
        result = run_updates_eval(
            _data_dir(data),
            half=half,
            limit=limit,
            words=words,
            on_progress=progress,
            same_meaning=same_meaning,
            same_words=same_words,
        )
    _emit(result, as_json, format_updates_table)
    return 0


@click.command("disagreements", context_settings=CONTEXT_SETTINGS, epilog=DISAGREE_EPILOG)
@click.option(
    "--dataset",
    type=click.Choice(["allsides", "ecbplus"]),
    default="allsides",
    show_default=True,
)
@click.option(
    "--show",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Print N flagged pairs with their sentences (for judging).",
)
@click.option("--seed", type=int, default=11, show_default=True, help="Injection sampling seed.")
@click.option(
    "--judged",
    is_flag=True,
    help="Precision and recall on the judged candidate set instead (both datasets; odd "
    "numbers tuning half, even held out).",
)
@_common
@click.pass_context
def disagreements(
    ctx: click.Context,
    dataset: str,
    show: int,
    seed: int,
    judged: bool,
    data: str | None,
    as_json: bool,
) -> int:
    """Disagreement precision on real clusters and recall on injected disagreements."""
    from newsdesk.evaluate.disagreements import format_disagreement_table, run_disagreement_eval

    if judged:
        from newsdesk.evaluate.disagree_judged import format_judged_table, run_judged_eval

        result = run_judged_eval(_data_dir(data))
        result["hits"] = {str(k): v for k, v in sorted(result["hits"].items())}
        _emit(result, as_json, format_judged_table)
        return 0
    with _eval_progress(show_progress(ctx), dataset) as progress:
        result = run_disagreement_eval(
            dataset, _data_dir(data), show=show, seed=seed, on_progress=progress
        )
    _emit(result, as_json, format_disagreement_table)
    return 0
