"""The CLI handlers of ``newsdesk stories``, ``story`` and ``themes`` (text and JSON)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from newsdesk.engine import Engine

# -- CLI handlers ----------------------------------------------------------------------------


def _ready(engine: Engine) -> None:
    engine.refresh_stories()


def _span(first: str | None, last: str | None) -> str:
    a = (first or "")[:10] or "undated"
    b = (last or "")[:10] or "undated"
    return a if a == b else f"{a} → {b}"


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))


def cmd_stories(engine: Engine, args: argparse.Namespace) -> int:
    """``newsdesk stories [--since] [--until] [--theme] [--rebuild] [--json]``."""
    as_json = bool(getattr(args, "json", False))
    rebuilt = None
    if getattr(args, "rebuild", False):
        rebuilt = engine.rebuild_stories()
    _ready(engine)
    theme = getattr(args, "theme", None)
    theme_id = engine.store.resolve_theme(theme) if theme else None
    rows = engine.store.list_stories(
        since=getattr(args, "since", None), until=getattr(args, "until", None), theme=theme_id
    )
    if as_json:
        _print_json({"rebuild": rebuilt, "stories": rows} if rebuilt else rows)
        return 0
    if rebuilt:
        print(_rebuild_line(rebuilt))
    if not rows:
        print("no stories match")
        return 0
    print(f"{'STORY':<11} {'SEEN':<25} {'ARTS':>4} {'OUTLETS':>7} {'INDEP':>5}  LABEL")
    for r in rows:
        theme_note = f"  [{r['theme_id']}]" if r["theme_id"] else ""
        print(
            f"{r['id']:<11} {_span(r['first_seen'], r['last_seen']):<25} "
            f"{r['article_count']:>4} {r['outlet_count']:>7} {r['independent_sources']:>5}  "
            f"{r['label']}{theme_note}"
        )
    return 0


def _rebuild_line(r: dict[str, Any]) -> str:
    line = (
        f"rebuilt {r['articles']} articles into {r['stories']} stories and {r.get('themes', 0)} "
        f"themes ({r['unchanged']} stories unchanged, {r['merges']} merges, {r['splits']} splits)"
    )
    a = r.get("agreement")
    if a:
        line += (
            f"; agreement with the previous grouping: ARI {a['ari']:.3f}, "
            f"B-cubed F1 {a['bcubed_f1']:.3f}"
        )
    return line


def cmd_story(engine: Engine, args: argparse.Namespace) -> int:
    """``newsdesk story ID [--json]``: one story with its day-by-day timeline."""
    _ready(engine)
    sid = engine.store.resolve_story(args.id)
    s = engine.store.get_story(sid)
    if getattr(args, "json", False):
        _print_json(s)
        return 0
    print(f"{s['id']}  {s['label']}")
    if s["theme_id"]:
        print(f"  theme:     {s['theme_id']}  {s['theme_label']}")
    print(f"  seen:      {_span(s['first_seen'], s['last_seen'])}")
    print(
        f"  articles:  {s['article_count']} from {s['outlet_count']} outlets, "
        f"{s['independent_sources']} independent (wire copies counted once)"
    )
    if s["top_entities"]:
        print("  entities:  " + ", ".join(e["text"] for e in s["top_entities"]))
    for e in s["events"]:
        if e["kind"] == "merge":
            print(f"  merged:    from {', '.join(e['from'])} ({e['at'][:10]})")
        elif e["kind"] == "split":
            print(f"  split:     into {', '.join(e['into'])} ({e['at'][:10]})")
    print()
    print("Timeline")
    for day in s["timeline"]:
        n = len(day["articles"])
        print(f"  {day['day']}  {n} article{'s' if n != 1 else ''}")
        for a in day["articles"]:
            hhmm = (a["published"] or "")[11:16] or "     "
            copy = f"  (copy of {a['original_id']})" if a["original_id"] else ""
            src = (a["source"] or "?")[:24]
            print(f"    {hhmm}  [{a['id']}] {src:<24} {a['title']}{copy}")
    return 0


def cmd_themes(engine: Engine, args: argparse.Namespace) -> int:
    """``newsdesk themes [--json]``: themes and their stories."""
    _ready(engine)
    themes = engine.store.list_themes()
    if getattr(args, "json", False):
        _print_json(themes)
        return 0
    if not themes:
        print("no themes yet (a theme needs two related stories of two or more articles each)")
        return 0
    for t in themes:
        print(
            f"{t['id']}  {t['label']}  ({t['story_count']} stories, {t['article_count']} articles,"
            f" {_span(t['first_seen'], t['last_seen'])})"
        )
        for s in t["stories"]:
            print(
                f"    {s['id']:<11} {_span(s['first_seen'], s['last_seen']):<25} "
                f"{s['article_count']:>3} articles  {s['label']}"
            )
    alone = engine.store.story_counts()["stories"] - sum(int(t["story_count"]) for t in themes)
    print(f"\n{alone} stories belong to no theme (newsdesk stories lists them all)")
    return 0
