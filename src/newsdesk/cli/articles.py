"""``newsdesk articles``, ``show`` and ``stats``: what the store holds."""

from __future__ import annotations

import textwrap

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    MAX_ROW_ID,
    check_window,
    engine,
    global_options,
    json_option,
    print_json,
    window_options,
)
from newsdesk.errors import NotFoundError

ARTICLES_EPILOG = """\b
Examples:
  newsdesk articles --since 2026-01-01 --until 2026-01-31
  newsdesk articles --source "Meridian Post" --limit 20
  newsdesk articles --json > articles.json
"""

SHOW_EPILOG = """\b
Examples:
  newsdesk show de4dbeca           # a full ID
  newsdesk show de4d --json        # any unique prefix
"""

STATS_EPILOG = """\b
Examples:
  newsdesk stats
  newsdesk --db other.db stats --json
"""


@click.command(
    context_settings=CONTEXT_SETTINGS, epilog=ARTICLES_EPILOG, short_help="List stored articles."
)
@window_options
@click.option("--source", metavar="OUTLET", help="Only this outlet (case-insensitive).")
@click.option(
    "--limit", type=click.IntRange(min=0, max=MAX_ROW_ID), metavar="N", help="At most N articles."
)
@json_option
@global_options
@click.pass_context
def articles(
    ctx: click.Context,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int | None,
    as_json: bool,
) -> int:
    """List stored articles: ID, date, outlet, title (and which article a copy copies)."""
    check_window(since, until)
    with engine(ctx) as eng:
        rows = eng.store.list_articles(since=since, until=until, source=source, limit=limit)
    if as_json:
        print_json([dict(r) for r in rows])
        return 0
    for r in rows:
        date = (r["published"] or "")[:10] or "----------"
        copy = f"  (copy of {r['original_id']})" if r["original_id"] else ""
        src = (r["source"] or "?")[:24]
        print(f"{r['id']}  {date}  {src:<24}  {r['title']}{copy}")
    if not rows:
        click.echo("no articles match", err=True)
    return 0


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=SHOW_EPILOG,
    short_help="Show one article, its sentences and duplicates.",
)
@click.argument("article_id", metavar="ID")
@json_option
@global_options
@click.pass_context
def show(ctx: click.Context, article_id: str, as_json: bool) -> int:
    """Show one article: metadata, text, sentences with offsets, duplicates.

    ID is an article ID or any unique prefix of one.
    """
    with engine(ctx) as eng:
        store = eng.store
        if len(article_id) > 64:  # an ID has at most 64 hex digits
            raise NotFoundError(f"{article_id[:16]}...: not an article ID (too long)")
        aid = store.resolve_id(article_id)
        art = store.get_article(aid)
        copies = store.copies_of(aid)
        lineage = store.lineages([aid])[aid]
        story = store.story_of(aid)
    if as_json:
        print_json(
            {
                "id": art.id,
                "title": art.title,
                "url": art.url,
                "published": art.published,
                "date_source": art.date_source,
                "source": art.source,
                "author": art.author,
                "encoding": art.encoding,
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
        )
        return 0
    print(f"[{art.id}] {art.title}")
    print(f"  outlet:    {art.source or '?'}")
    how = f" (from {art.date_source})" if art.date_source not in (None, "metadata", "none") else ""
    print(f"  published: {art.published or '?'}{how}")
    if art.author:
        print(f"  author:    {art.author}")
    if art.url:
        print(f"  url:       {art.url}")
    if art.encoding:
        print(f"  encoding:  {art.encoding}")
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


@click.command(
    context_settings=CONTEXT_SETTINGS, epilog=STATS_EPILOG, short_help="Store statistics."
)
@json_option
@global_options
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> int:
    """Store statistics: articles, sentences, outlets, dates, stories and themes."""
    with engine(ctx) as eng:
        st = eng.store.stats()
        st.update(eng.store.story_counts())
    if as_json:
        print_json(st)
        return 0
    for k, v in st.items():
        if k == "by_source":
            print("by outlet:")
            for s, n in v.items():
                print(f"  {n:6d}  {s}")
        elif k == "themes" and not v and st.get("stories"):
            print("themes: not computed yet (run 'newsdesk themes')")
        else:
            print(f"{k}: {v}")
    return 0
