"""``newsdesk ingest``: files, directories, feeds and article URLs into the store."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    progress_option,
    settings,
    show_progress,
)
from newsdesk.cli.progress import progress_bar

EPILOG = """\b
Sources:
  a JSONL/NDJSON, JSON, CSV or TSV file; a directory (read recursively) of
  .html, .txt and .md files; an RSS/Atom feed, as a file or a URL; an article URL.

\b
Exit status:
  0  the run did its job and every reject was reported
  1  with --strict, anything was rejected; or nothing at all could be used
  2  a source could not be read at all (the other sources are still ingested)

\b
Examples:
  newsdesk ingest articles.jsonl
  newsdesk ingest ~/news/ https://example.com/feed.xml --strict
  newsdesk ingest dump.csv --no-stories --json     # fast bulk load, group later
  newsdesk ingest big.jsonl --db news.db -v
  newsdesk ingest bbc/ --workers 2                 # the per-article work on 2 processes
  newsdesk ingest dump.jsonl --dask tcp://10.0.0.5:8786 --db postgresql://me@db/news
"""


@click.command(context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the counts and rejects as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 if anything was rejected.")
@click.option(
    "--no-stories",
    is_flag=True,
    help="Skip story assignment now; the next stories/story/themes command catches up.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch URLs on loopback, private and other non-public addresses (refused "
    "by default, also in feeds and redirects).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Also list each duplicate and what it duplicates."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Parse, split, embed and extract entities on N local worker processes (Dask).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Do that work on an existing Dask cluster; this process writes the store.",
)
@click.option(
    "--summaries/--no-summaries",
    "summaries",
    default=None,
    help="Write the touched stories' summaries (default: when the store keeps summaries).",
)
@progress_option
@global_options
@click.pass_context
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    as_json: bool,
    strict: bool,
    no_stories: bool,
    verbose: bool,
    workers: int | None,
    dask_address: str | None,
    allow_private: bool,
    summaries: bool | None,
) -> int:
    """Ingest files, directories, RSS/Atom feeds or article URLs.

    Prints `ingested N, duplicates D, near-duplicates W, rejected R`; each reject goes to
    standard error as FILE:LINE: reason (or URL: reason) as it happens.
    """
    from newsdesk.sources import Fetcher

    cfg = settings(ctx)

    def on_reject(rej: Any) -> None:
        if not as_json:
            print(str(rej), file=sys.stderr)

    fetcher = Fetcher(
        timeout=cfg.fetch_timeout,
        max_bytes=cfg.fetch_max_bytes,
        allow_private=allow_private or cfg.allow_private,
        budget=cfg.fetch_budget,
    )
    try:
        eng = engine(ctx, create=True)
    except BaseException:
        fetcher.close()
        raise
    try:
        with progress_bar(show_progress(ctx), "ingesting", unit="records") as bar:
            report = eng.ingest(
                list(sources),
                stories=not no_stories,
                fetcher=fetcher,
                on_reject=on_reject,
                on_progress=bar.advance,
                workers=workers or 0,
                dask=dask_address,
            )
        if report.ids:  # an outlet's political lean, where the records carry one
            from newsdesk.stories.outlets import record_leans

            record_leans(eng.store, list(sources))
        if not no_stories and report.ids:
            from newsdesk.stories.summaries import refresh_if_kept, touched_stories

            touched = touched_stories(eng.store, report.ids)
            done = refresh_if_kept(eng, touched, wanted=summaries)
            if done is not None and done.written and not as_json:
                print(f"summaries: {done.written} written in {done.seconds:.1f} s", file=sys.stderr)
    except KeyboardInterrupt:
        print("newsdesk: interrupted; batches already committed are kept", file=sys.stderr)
        return 130
    finally:
        fetcher.close()
        eng.close()
    if as_json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        if verbose:
            for where, aid, why in report.duplicate_of:
                print(f"{where}: duplicate of [{aid}] ({why})", file=sys.stderr)
        print(report.line())
    if report.unreadable:
        return 2
    if strict and report.rejected:
        return 1
    if report.rejected and report.ingested == 0 and report.duplicates == 0:
        return 1
    return 0
