"""``newsdesk stories``, ``story`` and ``themes``: the click commands and their handlers.

The handlers (``cmd_stories``, ``cmd_story``, ``cmd_themes``) take an open engine and an
argparse-style namespace, so they can be called without the command line.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import Any

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    check_window,
    engine,
    global_options,
    json_option,
    plural,
    print_json,
    progress_option,
    show_progress,
    window_options,
)
from newsdesk.cli.progress import progress_bar
from newsdesk.engine import Engine
from newsdesk.errors import NotFoundError

# -- CLI handlers ----------------------------------------------------------------------------


def _ready(engine: Engine) -> None:
    engine.refresh_stories()


def _headlines(engine: Engine, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with the story desk's headline as ``label`` (the keyword label kept as
    ``keywords``) and the stored summary, as the reading room shows them."""
    from newsdesk.engine import store_model
    from newsdesk.stories.summaries import desk

    if not rows:
        return rows
    model = store_model(engine.store, engine.settings.embed_model if engine.settings else "")
    entries = desk(engine.store, model, [r["id"] for r in rows])
    for r in rows:
        e = entries.get(r["id"])
        r["keywords"] = r["label"]
        if e is not None and e.headline:
            r["label"] = e.headline
        r["summary"] = e.summary if e is not None else None
    return rows


def _span(first: str | None, last: str | None) -> str:
    a = (first or "")[:10] or "undated"
    b = (last or "")[:10] or "undated"
    return a if a == b else f"{a} → {b}"


def cmd_stories(engine: Engine, args: Any, *, rebuilt: dict[str, Any] | None = None) -> int:
    """``newsdesk stories [--since] [--until] [--theme] [--rebuild] [--json]``.

    ``rebuilt`` is the result of a rebuild the caller already ran (with a progress bar).
    """
    as_json = bool(getattr(args, "json", False))
    if rebuilt is None and getattr(args, "rebuild", False):
        rebuilt = engine.rebuild_stories()
    _ready(engine)
    theme = getattr(args, "theme", None)
    theme_id = engine.store.resolve_theme(theme) if theme else None
    rows = _headlines(
        engine,
        [
            dict(r)
            for r in engine.store.list_stories(
                since=getattr(args, "since", None),
                until=getattr(args, "until", None),
                theme=theme_id,
            )
        ],
    )
    if as_json:
        print_json({"rebuild": rebuilt, "stories": rows} if rebuilt else rows)
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
        f"rebuilt {plural(r['articles'], 'article')} into "
        f"{plural(r['stories'], 'story', 'stories')} and {plural(r.get('themes', 0), 'theme')} "
        f"({r['unchanged']} stories unchanged, {r['merges']} merges, {r['splits']} splits)"
    )
    a = r.get("agreement")
    if a:
        line += (
            f"; agreement with the previous grouping: ARI {a['ari']:.3f}, "
            f"B-cubed F1 {a['bcubed_f1']:.3f}"
        )
    return line


def cmd_story(engine: Engine, args: Any) -> int:
    """``newsdesk story ID [--json]``: one story with its day-by-day timeline."""
    _ready(engine)
    try:
        sid = engine.store.resolve_story(args.id)
    except NotFoundError:  # an ID that settling or a rebuild retired: say where it went
        from newsdesk.stories.service import story_fate

        given = str(args.id).strip().lower()
        fate = story_fate(engine.store, given if given.startswith("s") else "s" + given)
        if fate is None:
            raise
        raise NotFoundError(fate) from None
    s = engine.store.get_story(sid)
    s = _headlines(engine, [s])[0]
    from newsdesk.stories.differ import story_disagreements
    from newsdesk.stories.timeline import story_timeline

    days = story_timeline(engine, sid)
    differ = story_disagreements(engine, sid)
    if getattr(args, "json", False):
        s["developments"] = [d.as_dict() for d in days]
        s["disagreements"] = [d.as_dict() for d in differ]
        print_json(s)
        return 0
    print(f"{s['id']}  {s['label']}")
    if s.get("summary"):
        import textwrap

        for line in textwrap.wrap(_cited(s["summary"]), 96):
            print(f"  {line}")
    if s["theme_id"]:
        print(f"  theme:     {s['theme_id']}  {s['theme_label']}")
    print(f"  seen:      {_span(s['first_seen'], s['last_seen'])}")
    print(
        f"  articles:  {s['article_count']} from {plural(s['outlet_count'], 'outlet')}, "
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
    _print_developments(days, differ)
    return 0


def _print_developments(days: list[Any], differ: list[Any]) -> None:
    from newsdesk.cli.timeline import print_days

    print()
    print("What happened, day by day")
    print_days(days)
    print()
    print("Where reports differ")
    if not differ:
        print("  no differing claims found between independent sources")
    for d in differ:
        print(f"  {d.kind}: {d.subject}")
        for side in (d.a, d.b):
            who = side.source or "?"
            print(f"    {who} says {side.value!r}: {side.sentence} ([{side.article_id}])")


def cmd_themes(engine: Engine, args: Any) -> int:
    """``newsdesk themes [--json]``: themes and their stories."""
    _ready(engine)
    themes = engine.store.list_themes()
    from newsdesk.stories.summaries import theme_labels_of

    for t in themes:
        _headlines(engine, t["stories"])
    for t, label in zip(themes, theme_labels_of(themes), strict=True):
        t["keywords"] = t["label"]
        t["label"] = label or t["label"]
    if getattr(args, "json", False):
        print_json(themes)
        return 0
    if not themes:
        print("no themes yet (a theme needs two related stories of two or more articles each)")
        return 0
    for t in themes:
        print(
            f"{t['id']}  {t['label']}  ({plural(t['story_count'], 'story', 'stories')}, "
            f"{plural(t['article_count'], 'article')}, {_span(t['first_seen'], t['last_seen'])})"
        )
        for s in t["stories"]:
            print(
                f"    {s['id']:<11} {_span(s['first_seen'], s['last_seen']):<25} "
                f"{s['article_count']:>3} {'article ' if s['article_count'] == 1 else 'articles'}"
                f"  {s['label']}"
            )
    alone = engine.store.story_counts()["stories"] - sum(int(t["story_count"]) for t in themes)
    verb = "belongs" if alone == 1 else "belong"
    alone_text = plural(alone, "story", "stories")
    print(f"\n{alone_text} {verb} to no theme (newsdesk stories lists them all)")
    return 0


def _cited(summary: dict[str, Any]) -> str:
    return " ".join(
        f"{x['text']} ({', '.join('[' + c['id'] + ']' for c in x['citations'])})"
        for x in summary["sentences"]
    )


def cmd_summaries(engine: Engine, args: Any) -> int:
    """``newsdesk summaries [ID...] [--all] [--json]``: write missing or stale summaries."""
    from newsdesk.stories.summaries import refresh_summaries

    _ready(engine)
    ids = [engine.store.resolve_story(x) for x in getattr(args, "ids", ()) or ()] or None
    done = refresh_summaries(
        engine, ids, force=bool(getattr(args, "all", False)), on_progress=getattr(args, "bar", None)
    )
    if getattr(args, "json", False):
        print_json(done.as_dict())
        return 1 if done.failed else 0
    print(
        f"summaries: {done.written} written, {done.current} already current, "
        f"{len(done.failed)} failed, in {done.seconds:.1f} s"
    )
    for sid in done.failed:
        print(f"  {sid}: no verified summary could be written", file=sys.stderr)
    return 1 if done.failed else 0


# -- commands --------------------------------------------------------------------------------

STORIES_EPILOG = """\b
Columns: SEEN is the first and last day; ARTS articles; OUTLETS distinct outlets; INDEP
independent sources (wire copies counted once); the theme's ID follows the label.

\b
Examples:
  newsdesk stories
  newsdesk stories --since 2026-02-01 --theme t3f2a
  newsdesk stories --rebuild          # re-cluster the whole store first
  newsdesk stories --json | jq '.[].label'
"""

STORY_EPILOG = """\b
Examples:
  newsdesk story s3f2a91c0
  newsdesk story s3f2 --json          # any unique prefix; the s may be left out
"""

THEMES_EPILOG = """\b
Examples:
  newsdesk themes
  newsdesk themes --json
"""


@click.command(context_settings=CONTEXT_SETTINGS, epilog=STORIES_EPILOG, short_help="List stories.")
@window_options
@click.option("--theme", metavar="ID", help="Only stories of this theme (ID or prefix).")
@click.option("--rebuild", is_flag=True, help="Re-cluster the whole store first.")
@json_option
@progress_option
@global_options
@click.pass_context
def stories(
    ctx: click.Context,
    since: str | None,
    until: str | None,
    theme: str | None,
    rebuild: bool,
    as_json: bool,
) -> int:
    """List stories: when seen, how many articles and outlets, and a label."""
    check_window(since, until)
    args = SimpleNamespace(since=since, until=until, theme=theme, rebuild=rebuild, json=as_json)
    with engine(ctx) as eng:
        rebuilt = None
        if rebuild:
            with progress_bar(show_progress(ctx), "rebuilding stories") as bar:
                rebuilt = eng.rebuild_stories(on_progress=bar.update)
        return cmd_stories(eng, args, rebuilt=rebuilt)


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=STORY_EPILOG,
    short_help="One story with its day-by-day timeline.",
)
@click.argument("story_id", metavar="ID")
@json_option
@global_options
@click.pass_context
def story(ctx: click.Context, story_id: str, as_json: bool) -> int:
    """One story with its day-by-day timeline; ID is a story ID or a unique prefix."""
    with engine(ctx) as eng:
        return cmd_story(eng, SimpleNamespace(id=story_id, json=as_json))


@click.command(context_settings=CONTEXT_SETTINGS, epilog=THEMES_EPILOG)
@json_option
@global_options
@click.pass_context
def themes(ctx: click.Context, as_json: bool) -> int:
    """List themes (stories on one beat) and their stories."""
    with engine(ctx) as eng:
        return cmd_themes(eng, SimpleNamespace(json=as_json))


SUMMARIES_EPILOG = """\b
Each story's summary is two or three cited sentences (about 60 words) written and verified by
the default writer, stored, and rewritten only when the story's articles change. Once a store
keeps summaries, ingest and watch refresh those of the stories they touch.

\b
Examples:
  newsdesk summaries                  # every missing or stale summary
  newsdesk summaries s3f2a91c0        # one story
  newsdesk summaries --all            # rewrite them all (e.g. after a writer upgrade)
"""


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=SUMMARIES_EPILOG,
    short_help="Write the stories' short cited summaries.",
)
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--all", "rewrite", is_flag=True, help="Rewrite every summary, current or not.")
@json_option
@progress_option
@global_options
@click.pass_context
def summaries(ctx: click.Context, ids: tuple[str, ...], rewrite: bool, as_json: bool) -> int:
    """Write the summaries of the stories (or of the IDs given) that are missing or stale."""
    import contextlib
    import io

    with engine(ctx) as eng:
        out = io.StringIO()
        with progress_bar(show_progress(ctx), "summarising", unit="stories") as bar:
            with contextlib.redirect_stdout(out):
                rc = cmd_summaries(
                    eng, SimpleNamespace(ids=ids, all=rewrite, json=as_json, bar=bar.update)
                )
        print(out.getvalue(), end="")
        return rc
