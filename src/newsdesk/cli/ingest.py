"""``newsdesk ingest``: files, directories, feeds and article URLs into the store."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    progress_mode,
    progress_option,
    settings,
)
from newsdesk.cli.progress import IngestProgress
from newsdesk.errors import InputError
from newsdesk.sources.mapping import ReadOptions

EPILOG = """\b
Sources:
  a JSONL/NDJSON, JSON, CSV or TSV file; a directory (read recursively) of
  .html, .txt and .md files; an RSS/Atom feed, as a file or a URL; an article URL;
  a PREFIX+https:// URL or file type of an installed source reader plug-in, whose
  options come from a [source.NAME] table in the config file (docs/extending-sources.md).

\b
Exit status:
  0  the run did its job and every reject was reported
  1  with --strict, anything was rejected; or nothing at all could be used
  2  a source could not be read at all (the other sources are still ingested)

\b
Your own records: --map names the fields, --records unpacks several articles per line,
--outlet and --date fill in what the articles do not say; a meta.json or meta.csv in a
folder gives each file's title, outlet, date and URL. Text that is not UTF-8 is read in the
encoding detected (recorded with the article).

\b
Examples:
  newsdesk ingest articles.jsonl
  newsdesk ingest bbc/ --outlet "BBC News"
  newsdesk ingest stories.jsonl --records 'news.*' \\
      --map title=newsTitle,text=newBody,url=newsLink,outlet=newsSource
  newsdesk ingest export.json --profile allsides   # [profile.allsides] in the config
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
    "--map",
    "field_map",
    metavar="FIELD=PATH,...",
    help="Which record field holds each article field (title, text, url, date, outlet, "
    "author); dotted paths reach nested fields: --map text=body.text,outlet=site.name",
)
@click.option(
    "--records",
    metavar="PATH",
    help="Each line holds several articles at PATH: 'news.*' reads every value of the "
    "object (or element of the list) at 'news'. Only those records are read.",
)
@click.option(
    "--profile",
    metavar="NAME",
    help="Use the [profile.NAME] table of the config file (records, map, outlet, date).",
)
@click.option("--outlet", metavar="NAME", help="The outlet of every article that names none.")
@click.option("--date", "date_", metavar="DATE", help="The date of every article that gives none.")
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
    field_map: str | None,
    records: str | None,
    profile: str | None,
    outlet: str | None,
    date_: str | None,
    summaries: bool | None,
) -> int:
    """Ingest files, directories, RSS/Atom feeds or article URLs.

    Prints `ingested N, duplicates D, near-duplicates W, rejected R`; each reject goes to
    standard error as FILE:LINE: reason (or URL: reason) as it happens.
    """
    from newsdesk.sources import Fetcher
    from newsdesk.sources.files import source_bytes
    from newsdesk.sources.mapping import ReadTracker

    cfg = settings(ctx)
    options = replace(
        read_options(cfg.profile, profile, field_map, records, outlet, date_),
        tracker=ReadTracker(),
        sources=cfg.source,  # the [source.NAME] tables, for the source readers
    )

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
    tracker = options.tracker
    assert tracker is not None
    try:
        with IngestProgress(progress_mode(ctx), source_bytes(list(sources), options)) as progress:
            progress.loading()
            eng.embedder  # noqa: B018 - loaded under the "loading model" spinner
            progress.reading()
            report = eng.ingest(
                list(sources),
                stories=not no_stories,
                fetcher=fetcher,
                on_reject=on_reject,
                on_progress=lambda n: progress.advance(n, tracker.position()),
                workers=workers or 0,
                dask=dask_address,
                read_options=options,
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


def read_options(
    profiles: dict[str, dict[str, Any]],
    profile: str | None,
    field_map: str | None,
    records: str | None,
    outlet: str | None,
    date: str | None,
) -> ReadOptions:
    """The mapping and defaults of one run: a config profile, overridden by the flags."""
    from newsdesk.sources.dates import normalise_date
    from newsdesk.sources.mapping import parse_map

    base: dict[str, Any] = {}
    where = "--map"
    if profile is not None:
        if profile not in profiles:
            known = ", ".join(sorted(profiles)) or "none in the config file"
            raise InputError(f"--profile {profile}: no such profile (profiles: {known})")
        base = dict(profiles[profile])
        where = f"profile.{profile}.map"
    fields = parse_map(base["map"], where) if base.get("map") else {}
    if field_map is not None:
        fields.update(parse_map(field_map))
    records = records if records is not None else base.get("records")
    if records is not None and (not records.strip() or ".." in records):
        raise InputError(f"--records {records!r}: expected a dotted path such as 'news.*'")
    date = date if date is not None else base.get("date")
    when = None
    if date is not None:
        when = normalise_date(date)
        if when is None:
            raise InputError(f"--date {date!r}: not a date (e.g. 2026-01-31)")
    return ReadOptions(
        fields=fields,
        records=records.strip() if records else None,
        outlet=(outlet if outlet is not None else base.get("outlet")) or None,
        date=when,
    )
