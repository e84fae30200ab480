"""``newsdesk topics``: saved topics, re-briefed by ``newsdesk watch`` when due."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    json_option,
    plural,
    print_json,
    reference,
)

EPILOG = """\b
Each run of a saved topic is an update on its previous briefing (only what is new, or "No new
developments since ..."), written to OUT/<topic>/<time>.{md,html,json} and latest.{md,html,json}.

\b
Examples:
  newsdesk topics add "fentanyl, tariffs and cartels" --every daily --out briefings/
  newsdesk topics list
  newsdesk topics show 1
  newsdesk topics run                 # brief the due topics now (newsdesk watch does it too)
  newsdesk topics run --force         # brief every saved topic now, due or not
  newsdesk topics run 1               # brief saved topic 1 now
  newsdesk topics remove 1
"""


@click.group("topics", context_settings=CONTEXT_SETTINGS, epilog=EPILOG, short_help="Saved topics.")
@global_options
def topics_group() -> None:
    """Saved topics, re-briefed on schedule with what is new."""


@topics_group.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("topic", metavar="TOPIC")
@click.option("--every", default="daily", show_default=True, help="How often to re-brief.")
@click.option(
    "--out",
    metavar="DIR",
    default="briefings",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the briefings.",
)
@click.option("--words", type=click.IntRange(min=40), default=250, show_default=True)
@global_options
@click.pass_context
def add(ctx: click.Context, topic: str, every: str, out: str, words: int) -> int:
    """Save TOPIC: it is briefed when next due (at once), then every --every."""
    from newsdesk.errors import InputError
    from newsdesk.follow.schedule import iso, parse_every, utcnow

    if not topic.strip():
        raise InputError("the topic is empty")
    seconds = parse_every(every, minimum=300)
    with engine(ctx, create=True) as eng:
        tid = eng.store.add_saved_topic(
            topic.strip(), seconds, str(Path(out).resolve()), words, iso(utcnow())
        )
    print(f"saved topic {tid}: {topic.strip()!r}")
    return 0


@topics_group.command("list", context_settings=CONTEXT_SETTINGS)
@json_option
@global_options
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> int:
    """Saved topics with their schedule and last run."""
    from newsdesk.follow.schedule import format_every

    with engine(ctx, create=True) as eng:
        rows = eng.store.saved_topics()
    if as_json:
        print_json(rows)
        return 0
    if not rows:
        print("no saved topics (add one with 'newsdesk topics add TOPIC')")
        return 0
    for t in rows:
        print(f"{t['id']:>3}  {t['topic']}")
        print(
            f"     every {format_every(t['every_seconds'])}, next {t['next_due']}, "
            f"last run {t['last_run'] or 'never'}, into {t['out_dir']}"
        )
        if t["last_error"]:
            print(f"     last error: {t['last_error']}")
    return 0


@topics_group.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("topic", metavar="ID|TOPIC")
@json_option
@global_options
@click.pass_context
def show(ctx: click.Context, topic: str, as_json: bool) -> int:
    """A saved topic and the history of its briefings."""
    from newsdesk.briefs.updates import topic_key

    with engine(ctx) as eng:
        t = eng.store.get_saved_topic(reference(topic, "saved topic"))
        history = eng.store.briefing_records(topic_key(t["topic"]))
    if as_json:
        print_json({**t, "history": history})
        return 0
    print(f"{t['id']}  {t['topic']}  (into {t['out_dir']}, next {t['next_due']})")
    if not history:
        print("  no briefings yet")
    for h in history:
        n = len(h["sentences"])
        print(
            f"  {h['created_at']}  {h['kind']:<6}  {plural(n, 'sentence')}, "
            f"{plural(len(h['read_ids']), 'article')} read, "
            f"up to {(h['covered_until'] or '-')[:10]}"
        )
    return 0


@topics_group.command("run", context_settings=CONTEXT_SETTINGS)
@click.argument("topic", metavar="[ID|TOPIC]", required=False)
@click.option("--force", is_flag=True, help="Brief every saved topic now, due or not.")
@global_options
@click.pass_context
def run(ctx: click.Context, topic: str | None, force: bool) -> int:
    """Brief the saved topics that are due now (TOPIC: that one, due or not; --force: all).

    Exit status 1 when a topic failed (its run is not recorded: the next one covers it)."""
    from newsdesk.follow.topics import run_due

    with engine(ctx) as eng:
        only = None
        if topic is not None:
            only = eng.store.get_saved_topic(reference(topic, "saved topic"))
        lines = run_due(eng, force=force, only=only)
    for line in lines or ["no saved topic is due (brief them all now with --force)"]:
        print(line)
    return 1 if any(": failed: " in line for line in lines) else 0


@topics_group.command("remove", context_settings=CONTEXT_SETTINGS)
@click.argument("topic", metavar="ID|TOPIC")
@global_options
@click.pass_context
def remove(ctx: click.Context, topic: str) -> int:
    """Forget a saved topic (its files stay)."""
    with engine(ctx) as eng:
        t = eng.store.get_saved_topic(reference(topic, "saved topic"))
        eng.store.remove_saved_topic(int(t["id"]))
    print(f"removed saved topic {t['id']}: {t['topic']!r}")
    return 0
