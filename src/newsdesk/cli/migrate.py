"""``newsdesk migrate``: copy a whole store to another backend (SQLite -> PostgreSQL, or back)."""

from __future__ import annotations

import os
import sys

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    global_options,
    progress_option,
    settings,
    show_progress,
)
from newsdesk.cli.progress import progress_bar
from newsdesk.errors import InputError

EPILOG = """\b
Examples:
  newsdesk migrate --from newsdesk.db --to postgresql://me@dbhost/news
  newsdesk migrate --from postgresql://me@dbhost/news --to copy.db
  newsdesk --db newsdesk.db migrate --to postgresql://me@dbhost/news

\b
Run again after an interruption: articles already copied are skipped.
"""


def _sqlite_file(location: str) -> str | None:
    """The real path of a SQLite store (a path or ``sqlite:///path``), None for another kind."""
    from newsdesk.store import scheme_of

    if scheme_of(location) != "sqlite":
        return None
    text = location[len("sqlite://") :] if location.lower().startswith("sqlite://") else location
    return os.path.realpath(os.path.expanduser(text))


@click.command(context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.option(
    "--from", "source", default=None, metavar="STORE", help="The store to copy (default: --db)."
)
@click.option("--to", "target", required=True, metavar="STORE", help="Where to (created).")
@progress_option
@global_options
@click.pass_context
def migrate(ctx: click.Context, source: str | None, target: str) -> int:
    """Copy every article (same IDs, lineages), vector, story and theme into another store."""
    from newsdesk.store import open_store
    from newsdesk.store.copy import copy_store

    source = source or str(settings(ctx).db)
    if _sqlite_file(source) is not None and _sqlite_file(source) == _sqlite_file(target):
        raise InputError(f"--from {source} and --to {target} are the same store")
    src = open_store(source, create=False)
    try:
        dst = open_store(target, create=True)
        try:
            with progress_bar(show_progress(ctx), "copying", unit="articles") as bar:
                done = [0]

                def on_progress(stage: str, n: int, total: int) -> None:
                    if stage == "articles":
                        bar.advance(n - done[0])
                        done[0] = n

                report = copy_store(src, dst, on_progress=on_progress)
            print(report.line())
            if dst.count() != src.count():
                print(
                    f"newsdesk: {target}: holds {dst.count()} articles, "
                    f"{source} {src.count()}",
                    file=sys.stderr,
                )
                return 1
        finally:
            dst.close()
    finally:
        src.close()
    return 0
