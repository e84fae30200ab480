"""``newsdesk brief``: a cited briefing on a topic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, check_window, engine, global_options
from newsdesk.cli.textargs import TextArgCommand
from newsdesk.errors import InputError

EPILOG = """\b
Every sentence cites the articles it rests on: ([de4dbeca]) or ([de4dbeca], [e706d217]).
With few matching articles the briefing says so; with none, the command fails.

\b
A topic that starts with "-" is read as the topic when it has a space or a digit after the
"-" ("-5% tariffs on steel"); a single word such as "-tariffs" goes after "--":
  newsdesk brief --since 2026-02-01 -- "-tariffs"

\b
Examples:
  newsdesk brief "fentanyl, tariffs and cartels"
  newsdesk brief "rail merger" --since 2026-01-01 --until 2026-01-31 --words 150
  newsdesk brief "tariffs" --story s3f2a91c0 --format html --out brief.html
  newsdesk brief "tariffs" --format json | jq '.paragraphs[0]'
  newsdesk brief "tariffs" --since-last        # only what is new since the last briefing
  newsdesk brief "tariffs" --new-since 2026-02-04 --disagreements
"""


@click.command(
    cls=TextArgCommand,
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Write a cited briefing on a topic.",
)
@click.argument("topic", metavar="TOPIC")
@click.option("--since", metavar="DATE", help="First date, e.g. 2026-01-01.")
@click.option("--until", metavar="DATE", help="Last date (inclusive).")
@click.option("--story", metavar="ID", help="Only this story's articles (ID or prefix).")
@click.option(
    "--words", type=int, default=250, show_default=True, metavar="N", help="Length in words."
)
@click.option(
    "--since-last",
    is_flag=True,
    help="Only what is new since the previous briefing on this topic.",
)
@click.option(
    "--new-since",
    metavar="DATE",
    help="Only what is new after DATE (articles up to DATE count as already read).",
)
@click.option(
    "--disagreements",
    is_flag=True,
    help='Add a "Where reports differ" paragraph (claims that differ between outlets).',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="Markdown, a standalone HTML page, or JSON with citation spans.",
)
@click.option(
    "--out",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE instead of standard output.",
)
@global_options
@click.pass_context
def brief(
    ctx: click.Context,
    topic: str,
    since: str | None,
    until: str | None,
    story: str | None,
    words: int,
    since_last: bool,
    new_since: str | None,
    disagreements: bool,
    fmt: str,
    out: str | None,
) -> int:
    """Write a briefing on TOPIC in which every sentence cites its articles."""
    from newsdesk.render import render
    from newsdesk.write.base import BriefRequest

    check_window(since, until)
    if since_last and new_since:
        raise InputError("--since-last and --new-since: give one or the other")
    if new_since:
        from newsdesk.store.base import check_date

        check_date(new_since, "--new-since")
    request = BriefRequest(
        topic,
        since,
        until,
        story,
        words,
        new_since=new_since,
        since_last=since_last,
        disagreements=disagreements,
    )
    with engine(ctx) as eng:
        # every briefing is kept in the topic's history, so --since-last knows what was read
        b = eng.brief(request, record=True)
    text = render(b, fmt)
    if not text.endswith("\n"):
        text += "\n"
    if not out:
        sys.stdout.write(text)
        return 0
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from exc
    print(f"wrote {path}", file=sys.stderr)
    return 0
