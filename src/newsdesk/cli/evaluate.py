"""``newsdesk eval summarization`` and ``newsdesk eval clustering``: public-dataset scores."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, progress_option, show_progress
from newsdesk.cli.progress import Bar, progress_bar
from newsdesk.errors import InputError

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


class _StatusStream(io.TextIOBase):
    """Standard error while an evaluation runs: its status lines move the progress bar.

    The evaluations report progress as text (``\\rduc2006: topic 3/50 D0601`` or
    ``[ecbplus] named entities``); those become the bar's description (and position, for
    ``n/N``). Any other line is printed above the bar.
    """

    _STATUS = re.compile(r"^(?:\S+: topic \d+/\d+|\[\w+\] )")
    _COUNT = re.compile(r"\b(\d+)/(\d+)\b")

    def __init__(self, bar: Bar) -> None:
        self.bar = bar
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        text = self._pending + s
        *done, self._pending = re.split(r"[\r\n]", text)
        for piece in done:
            self._line(piece)
        if self._pending and self._STATUS.match(self._pending):
            self._line(self._pending)  # a \r status line is complete once written
            self._pending = ""
        return len(s)

    def flush(self) -> None:
        if self._pending:
            self._line(self._pending)
            self._pending = ""

    def _line(self, line: str) -> None:
        if not line.strip():
            return
        if self._STATUS.match(line):
            self.bar.describe(line.strip())
            m = self._COUNT.search(line)
            if m:
                self.bar.update(int(m.group(1)) - 1, int(m.group(2)))
        elif self.bar.console is not None:
            self.bar.console.print(line, markup=False, highlight=False)


@contextmanager
def _eval_progress(enabled: bool, label: str) -> Iterator[bool]:
    """Yields whether the evaluation should report progress (then it draws a bar)."""
    if not enabled:
        yield False
        return
    with progress_bar(True, label, redirect=False) as bar:
        stream = _StatusStream(bar)
        with redirect_stderr(stream):  # type: ignore[type-var]
            try:
                yield True
            finally:
                stream.flush()


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
            dataset, _data_dir(data), limit=limit, progress=progress, cache_dir=_cache(cache)
        )
    _emit(result, as_json, format_summarization_table)
    return 0


@eval_group.command(context_settings=CONTEXT_SETTINGS, epilog=CLUSTERING_EPILOG)
@click.option(
    "--dataset", type=click.Choice(["ecbplus", "allsides"]), default="ecbplus", show_default=True
)
@click.option("--cache", metavar="DIR", help="Keep embeddings and entities in DIR between runs.")
@_common
@click.pass_context
def clustering(
    ctx: click.Context, dataset: str, cache: str | None, data: str | None, as_json: bool
) -> int:
    """ECB+ / AllSides: story clustering against baselines."""
    from newsdesk.evaluate.clustering import format_clustering_table, run_clustering_eval

    with _eval_progress(show_progress(ctx), dataset) as progress:
        result = run_clustering_eval(
            dataset, _data_dir(data), progress=progress, cache_dir=_cache(cache)
        )
    _emit(result, as_json, format_clustering_table)
    return 0
