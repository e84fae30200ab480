"""The ``newsdesk`` command line."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk import __version__
from newsdesk.config import Settings
from newsdesk.engine import Engine, open_engine
from newsdesk.errors import InputError, NewsdeskError


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite database file (default: $NEWSDESK_DB or the user data dir)")
    p.add_argument("--config", help="TOML settings file (default: the user config dir)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="News briefings with verified citations."
    )
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="ingest files, directories, feeds or article URLs")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--json", action="store_true", help="print the counts and rejects as JSON")
    p.add_argument("--strict", action="store_true", help="exit non-zero if anything was rejected")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--no-stories",
        action="store_true",
        help="skip story assignment now; the next stories/story/themes command catches up",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also list each duplicate and what it copies"
    )
    _add_db(p)

    p = sub.add_parser("articles", help="list stored articles")
    p.add_argument("--since", help="first date, e.g. 2026-01-01")
    p.add_argument("--until", help="last date (inclusive)")
    p.add_argument("--source", help="only this outlet")
    p.add_argument("--limit", type=int, help="at most this many")
    p.add_argument("--json", action="store_true")
    _add_db(p)

    p = sub.add_parser("show", help="show one article: metadata, text, sentences, duplicates")
    p.add_argument("id", metavar="ID", help="article ID or a unique prefix")
    p.add_argument("--json", action="store_true")
    _add_db(p)

    p = sub.add_parser("stats", help="store statistics")
    p.add_argument("--json", action="store_true")
    _add_db(p)

    _register_optional(sub)
    return parser


def _register_optional(sub: Any) -> None:
    """Commands that live in their own modules."""
    from newsdesk.cli import more as cli_more

    cli_more.register(sub, _add_db)


def open_engine_for(args: argparse.Namespace, *, create: bool = False) -> Engine:
    settings = Settings.load(getattr(args, "db", None), getattr(args, "config", None))
    return open_engine(settings, create=create)


# -- commands ------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsdesk.sources import Fetcher

    settings = Settings.load(args.db, args.config)

    def on_reject(rej: Any) -> None:
        if not args.json:
            print(str(rej), file=sys.stderr)

    fetcher = Fetcher(timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes)
    engine = open_engine(settings, create=True)
    try:
        report = engine.ingest(
            args.sources, stories=not args.no_stories, fetcher=fetcher, on_reject=on_reject
        )
    except KeyboardInterrupt:
        print("newsdesk: interrupted; batches already committed are kept", file=sys.stderr)
        return 130
    finally:
        fetcher.close()
        engine.close()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        if args.verbose:
            for where, aid, why in report.duplicate_of:
                print(f"{where}: duplicate of [{aid}] ({why})", file=sys.stderr)
        print(report.line())
    if report.unreadable:
        return 2
    if args.strict and report.rejected:
        return 1
    if report.rejected and report.ingested == 0 and report.duplicates == 0:
        return 1
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    with open_engine_for(args) as engine:
        rows = engine.store.list_articles(
            since=args.since, until=args.until, source=args.source, limit=args.limit
        )
    if args.json:
        print(json.dumps([dict(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        date = (r["published"] or "")[:10] or "----------"
        copy = f"  (copy of {r['original_id']})" if r["original_id"] else ""
        src = (r["source"] or "?")[:24]
        print(f"{r['id']}  {date}  {src:<24}  {r['title']}{copy}")
    if not rows:
        print("no articles match", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_engine_for(args) as engine:
        store = engine.store
        aid = store.resolve_id(args.id)
        art = store.get_article(aid)
        copies = store.copies_of(aid)
        lineage = store.lineages([aid])[aid]
        story = store.story_of(aid)
    if args.json:
        out = {
            "id": art.id,
            "title": art.title,
            "url": art.url,
            "published": art.published,
            "source": art.source,
            "author": art.author,
            "original_id": art.original_id,
            "similarity": art.similarity,
            "lineage_id": lineage,
            "story_id": story,
            "text": art.text,
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": s.text}
                for s in art.sentences
            ],
            "copies": [dict(c) for c in copies],
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"[{art.id}] {art.title}")
    print(f"  outlet:    {art.source or '?'}")
    print(f"  published: {art.published or '?'}")
    if art.author:
        print(f"  author:    {art.author}")
    if art.url:
        print(f"  url:       {art.url}")
    if story:
        print(f"  story:     {story}")
    if art.original_id:
        sim = f" (similarity {art.similarity:.2f})" if art.similarity is not None else ""
        print(f"  near-duplicate of [{art.original_id}]{sim}; lineage {lineage}")
    if copies:
        print(f"  same lineage ({len(copies)} other copies):")
        for c in copies:
            role = "original" if c["id"] == lineage else "copy"
            print(f"    [{c['id']}] {role}, {c['source'] or '?'}, {(c['published'] or '')[:10]}")
    print()
    for para in art.text.split("\n"):
        print(textwrap.fill(para, width=100) if para else "")
    print()
    print(f"Sentences ({len(art.sentences)}):")
    for s in art.sentences:
        print(f"  {s.index:3d} [{s.start}:{s.end}] {s.text}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with open_engine_for(args) as engine:
        st = engine.store.stats()
        st.update(engine.store.story_counts())
    if args.json:
        print(json.dumps(st, indent=2, ensure_ascii=False))
        return 0
    for k, v in st.items():
        if k == "by_source":
            print("by outlet:")
            for s, n in v.items():
                print(f"  {n:6d}  {s}")
        else:
            print(f"{k}: {v}")
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "articles": cmd_articles,
    "show": cmd_show,
    "stats": cmd_stats,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    handler = getattr(args, "handler", None) or COMMANDS[args.command]
    try:
        return int(handler(args) or 0)
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"newsdesk: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


def _path_arg(value: str) -> Path:
    if not value:
        raise InputError("empty path")
    return Path(value)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
