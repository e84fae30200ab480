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
    fmt: str,
    out: str | None,
) -> int:
    """Write a briefing on TOPIC in which every sentence cites its articles."""
    from newsdesk.render import render
    from newsdesk.write.base import BriefRequest

    check_window(since, until)
    with engine(ctx) as eng:
        b = eng.brief(BriefRequest(topic, since, until, story, words))
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
