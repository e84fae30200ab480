"""``newsdesk sources``: the feeds ``newsdesk watch`` polls (add, list, remove, resume, OPML)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    json_option,
    print_json,
    reference,
)
from newsdesk.errors import InputError

EPILOG = """\b
Examples:
  newsdesk sources add https://example.org/feed.xml --name "Example" --every 30m
  newsdesk sources add ~/feeds/                # every .xml/.rss/.atom file in a folder
  newsdesk sources list
  newsdesk sources import subscriptions.opml --every 1h
  newsdesk sources export --out subscriptions.opml
  newsdesk sources resume 3            # a source paused after repeated failures
  newsdesk sources remove 3
"""


@click.group(
    "sources",
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Feeds that 'newsdesk watch' polls.",
)
@global_options
def sources_group() -> None:
    """Feeds that 'newsdesk watch' polls, with their state."""


def _check_url(url: str, source_options: dict[str, dict[str, Any]] | None = None) -> str:
    """An http(s) URL with a host, a ``PREFIX+http(s)://`` URL of a source reader plug-in, or
    a local feed file or folder as a ``file://`` URL."""
    from urllib.parse import urlsplit

    from newsdesk.follow.localfeeds import local_source
    from newsdesk.sources.registry import load_readers

    text = url.strip()
    low = text.lower()
    owned = load_readers(source_options).for_url(text) if "+" in low.split("://")[0] else None
    if low.startswith(("http://", "https://")) or owned is not None:
        try:
            host = urlsplit(owned[1] if owned else text).hostname
        except ValueError:
            host = None
        if not host:
            raise InputError(f"{url}: no host in the URL")
        return text
    if re.match(r"^[a-z][a-z0-9+.-]*://", low) and not low.startswith("file://"):
        raise InputError(f"{url}: a source is an http(s) URL, or a feed file or folder")
    return local_source(text)


@sources_group.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("url")
@click.option("--name", metavar="N", help="A name to show (default: the feed's own title).")
@click.option("--every", default="30m", show_default=True, help="Polling interval.")
@global_options
@click.pass_context
def add(ctx: click.Context, url: str, name: str | None, every: str) -> int:
    """Add a feed to poll: an http(s) URL, a PREFIX+https:// URL of a source reader plug-in,
    or a local feed file or folder of feed files (a path or file:// URL). The first poll is
    due at once."""
    from newsdesk.follow.schedule import iso, parse_every, utcnow

    seconds = parse_every(every)
    with engine(ctx, create=True) as eng:
        where = _check_url(url, getattr(eng.settings, "source", None))
        sid = eng.store.add_feed_source(where, name, seconds, iso(utcnow()))
    print(f"added source {sid}: {where}")
    return 0


def _status(s: dict) -> str:  # type: ignore[type-arg]
    if s["paused"]:
        return f"paused ({s['failures']} failures)"
    if s["failures"]:
        return f"backing off ({s['failures']} failures)"
    return "active" if s["last_success"] else "new"


@sources_group.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@global_options
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> int:
    """Sources with last success, last error, articles stored and next poll."""
    from newsdesk.follow.schedule import format_every

    with engine(ctx, create=True) as eng:
        rows = eng.store.feed_sources()
    if as_json:
        print_json([{**r, "status": _status(r)} for r in rows])
        return 0
    if not rows:
        print("no sources (add one with 'newsdesk sources add URL')")
        return 0
    for r in rows:
        print(f"{r['id']:>3}  {r['name'] or r['url']}  [{_status(r)}]")
        if r["name"]:
            print(f"     url:          {r['url']}")
        print(f"     every:        {format_every(r['every_seconds'])}")
        print(
            f"     last success: {r['last_success'] or 'never'}"
            + (f"  ({r['last_status']})" if r["last_status"] else "")
        )
        if r["last_error"]:
            print(f"     last error:   {r['last_error_at']}  {r['last_error']}")
        print(f"     articles:     {r['articles']}")
        nxt = "paused (newsdesk sources resume)" if r["paused"] else r["next_poll"]
        print(f"     next poll:    {nxt}")
    return 0


@sources_group.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("source", metavar="ID|URL|NAME")
@global_options
@click.pass_context
def remove(ctx: click.Context, source: str) -> int:
    """Stop polling a source (its articles stay in the store)."""
    with engine(ctx) as eng:
        s = eng.store.get_feed_source(reference(source, "source"))
        eng.store.remove_feed_source(int(s["id"]))
    print(f"removed source {s['id']}: {s['url']}")
    return 0


@sources_group.command("resume", context_settings=CONTEXT_SETTINGS)
@click.argument("source", metavar="ID|URL|NAME")
@global_options
@click.pass_context
def resume(ctx: click.Context, source: str) -> int:
    """Resume a paused source: its failures are forgotten and it is due at once."""
    from newsdesk.follow.schedule import iso, utcnow

    with engine(ctx) as eng:
        s = eng.store.get_feed_source(reference(source, "source"))
        eng.store.update_feed_source(
            int(s["id"]), {"paused": 0, "failures": 0, "next_poll": iso(utcnow())}
        )
    print(f"resumed source {s['id']}: {s['url']}")
    return 0


@sources_group.command("import", context_settings=CONTEXT_SETTINGS)
@click.argument("opml", type=click.Path(dir_okay=False))
@click.option("--every", default="30m", show_default=True, help="Polling interval for each.")
@global_options
@click.pass_context
def import_(ctx: click.Context, opml: str, every: str) -> int:
    """Add every feed of an OPML file (feeds already present are skipped)."""
    from newsdesk.follow.opml import read_opml
    from newsdesk.follow.schedule import iso, parse_every, utcnow

    seconds = parse_every(every)
    path = Path(opml)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    subs = read_opml(data, str(path))
    added = skipped = 0
    with engine(ctx, create=True) as eng:
        known = {s["url"] for s in eng.store.feed_sources()}
        for sub in subs:
            if sub.url in known or not sub.url.lower().startswith(("http://", "https://")):
                skipped += 1
                continue
            eng.store.add_feed_source(sub.url, sub.name, seconds, iso(utcnow()))
            known.add(sub.url)
            added += 1
    print(f"imported {added} sources from {path} ({skipped} skipped: present or not http(s))")
    return 0


@sources_group.command("export", context_settings=CONTEXT_SETTINGS)
@click.option("--out", metavar="FILE", type=click.Path(dir_okay=False), help="Default: stdout.")
@global_options
@click.pass_context
def export(ctx: click.Context, out: str | None) -> int:
    """Write the sources as an OPML subscription list."""
    from newsdesk.follow.opml import write_opml

    with engine(ctx, create=True) as eng:
        text = write_opml(eng.store.feed_sources())
    if out is None:
        sys.stdout.write(text + "\n")
        return 0
    try:
        Path(out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror})") from exc
    print(f"wrote {out}", file=sys.stderr)
    return 0
