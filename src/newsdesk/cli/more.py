"""CLI commands of the later stages: briefings, stories and themes, evaluations."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def default_data_dir() -> Path:
    """``../shared/data`` next to the checkout, else relative to the working directory."""
    import os

    env = os.environ.get("NEWSDESK_DATA")
    if env:
        return Path(env)
    if DEFAULT_DATA.is_dir():
        return DEFAULT_DATA
    return Path("..") / "shared" / "data"


def register(sub: Any, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("brief", help="write a cited briefing on a topic")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("--since", help="first date, e.g. 2026-01-01")
    p.add_argument("--until", help="last date (inclusive)")
    p.add_argument("--story", help="only this story (ID or prefix)")
    p.add_argument("--words", type=int, default=250, help="length in words (default 250)")
    p.add_argument("--format", choices=["md", "html", "json"], default="md")
    p.add_argument("--out", help="write to this file instead of standard output")
    add_db(p)
    p.set_defaults(handler=_cmd_brief)

    p = sub.add_parser("stories", help="list stories")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--theme", help="only stories of this theme (ID or prefix)")
    p.add_argument("--rebuild", action="store_true", help="re-cluster the whole store first")
    p.add_argument("--json", action="store_true")
    add_db(p)
    p.set_defaults(handler=_story_handler("cmd_stories"))

    p = sub.add_parser("story", help="one story with its day-by-day timeline")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    add_db(p)
    p.set_defaults(handler=_story_handler("cmd_story"))

    p = sub.add_parser("themes", help="list themes and their stories")
    p.add_argument("--json", action="store_true")
    add_db(p)
    p.set_defaults(handler=_story_handler("cmd_themes"))

    p = sub.add_parser("eval", help="evaluate against public datasets")
    esub = p.add_subparsers(dest="eval_kind", metavar="KIND", required=True)
    e = esub.add_parser("summarization", help="DUC 2006 / DUC 2004 ROUGE against every peer")
    e.add_argument("--dataset", choices=["duc2006", "duc2004"], default="duc2006")
    e.add_argument("--data", help="data folder (default ../shared/data)")
    e.add_argument("--limit", type=int, help="only the first N topics")
    e.add_argument("--cache", help="keep embeddings in this folder between runs")
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=_cmd_eval_summarization)
    e = esub.add_parser("clustering", help="ECB+ / AllSides story clustering against baselines")
    e.add_argument("--dataset", choices=["ecbplus", "allsides"], default="ecbplus")
    e.add_argument("--data", help="data folder (default ../shared/data)")
    e.add_argument("--cache", help="keep embeddings and entities in this folder between runs")
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=_cmd_eval_clustering)


def _story_handler(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from newsdesk.cli import stories as story_cli
        from newsdesk.cli.main import open_engine_for

        with open_engine_for(args) as engine:
            return int(getattr(story_cli, name)(engine, args) or 0)

    return run


def _cmd_brief(args: argparse.Namespace) -> int:
    from newsdesk.cli.main import open_engine_for
    from newsdesk.engine import BriefRequest
    from newsdesk.render import render

    with open_engine_for(args) as engine:
        req = BriefRequest(args.topic, args.since, args.until, args.story, args.words)
        b = engine.brief(req)
    text = render(b, args.format)
    if args.out:
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".tmp")
            tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
            tmp.replace(out)
        except OSError as exc:
            from newsdesk.errors import InputError

            raise InputError(f"{out}: cannot write ({exc.strerror})") from exc
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data) if args.data else default_data_dir()


def _cache(args: argparse.Namespace) -> Path | None:
    if not args.cache:
        return None
    path = Path(args.cache)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from newsdesk.errors import InputError

        raise InputError(f"{path}: cannot create cache folder ({exc.strerror})") from exc
    return path


def _cmd_eval_summarization(args: argparse.Namespace) -> int:
    from newsdesk.evaluate.summarization import format_summarization_table, run_summarization_eval

    result = run_summarization_eval(
        args.dataset,
        _data_dir(args),
        limit=args.limit,
        progress=sys.stderr.isatty(),
        cache_dir=_cache(args),
    )
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(format_summarization_table(result))
    return 0


def _cmd_eval_clustering(args: argparse.Namespace) -> int:
    from newsdesk.evaluate.clustering import format_clustering_table, run_clustering_eval

    result = run_clustering_eval(
        args.dataset, _data_dir(args), progress=sys.stderr.isatty(), cache_dir=_cache(args)
    )
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(format_clustering_table(result))
    return 0
