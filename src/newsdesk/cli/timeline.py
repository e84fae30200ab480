"""``newsdesk timeline``: per day, the sentences that carry a topic's development, cited."""

from __future__ import annotations

from collections.abc import Sequence

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    check_window,
    engine,
    global_options,
    json_option,
    print_json,
    window_options,
)

EPILOG = """\b
Examples:
  newsdesk timeline "fentanyl, tariffs and cartels"
  newsdesk timeline "measles" --since 2026-02-01 --json
"""


def print_days(days: Sequence[object]) -> None:
    """One block per day: the date, then each sentence with its citation."""
    from newsdesk.stories.timeline import Day

    for day in days:
        assert isinstance(day, Day)
        n = day.articles
        print(f"{day.day}  ({n} article{'s' if n != 1 else ''})")
        for line in day.lines:
            print(f"  {' '.join(line.text.split())} ([{line.article_id}])")
        if not day.lines:
            print("  (nothing new that day)")


@click.command(
    "timeline",
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="A topic's cited day-by-day timeline.",
)
@click.argument("topic", metavar="TOPIC")
@window_options
@json_option
@global_options
@click.pass_context
def timeline(
    ctx: click.Context, topic: str, since: str | None, until: str | None, as_json: bool
) -> int:
    """Per day, the one or two sentences that carry TOPIC's development, each cited."""
    from newsdesk.errors import InputError
    from newsdesk.stories.timeline import topic_timeline

    if not topic.strip():
        raise InputError("the topic is empty")
    check_window(since, until)
    with engine(ctx) as eng:
        days = topic_timeline(eng, topic, since, until)
    if as_json:
        print_json(
            {"topic": topic, "since": since, "until": until, "days": [d.as_dict() for d in days]}
        )
        return 0
    print_days(days)
    return 0
