"""``newsdesk brief``: a cited briefing on a topic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsdesk.cli import common
from newsdesk.cli.common import CONTEXT_SETTINGS, check_window, global_options, settings
from newsdesk.cli.textargs import TextArgCommand
from newsdesk.engine import open_engine
from newsdesk.errors import InputError
from newsdesk.render.common import usage_line


def _is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _echo_draft(piece: str) -> None:
    """The model's draft as it streams (stderr: standard output gets the verified briefing)."""
    sys.stderr.write(piece)
    sys.stderr.flush()


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
  newsdesk brief "tariffs" --cite paragraph

\b
With a language model (every sentence is still verified; see 'newsdesk verify'):
  newsdesk brief "tariffs" --llm openai --llm-model llama3.2            # Ollama on this machine
  OPENAI_API_KEY=... newsdesk brief "tariffs" --llm openai \\
      --llm-base-url https://api.openai.com/v1 --llm-model gpt-4o-mini
  newsdesk brief "tariffs" --llm llamacpp --llm-model ~/models/model.gguf
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
@click.option(
    "--cite",
    type=click.Choice(["sentence", "paragraph"]),
    default="sentence",
    show_default=True,
    help="Citations after each sentence, or merged at each paragraph's end (JSON keeps both).",
)
@click.option(
    "--llm",
    metavar="NAME",
    help="Write with a language model: openai (any OpenAI-compatible endpoint) or llamacpp "
    "(a local GGUF file). Default: the config file's writer, else extractive.",
)
@click.option("--llm-base-url", metavar="URL", help="Endpoint, e.g. http://127.0.0.1:11434/v1.")
@click.option("--llm-model", metavar="NAME", help="Model name (llamacpp: the GGUF file).")
@click.option("--llm-context", type=click.IntRange(min=512), metavar="TOKENS", help="Context size.")
@click.option("--llm-timeout", type=click.FloatRange(min=0.1), metavar="SECONDS")
@click.option("--no-cache", is_flag=True, help="Ask the model again even if it answered before.")
@click.option(
    "--stream/--no-stream",
    default=None,
    help="Show the model's draft on stderr as it arrives (default: when stderr is a terminal).",
)
@click.option(
    "--keep-unsupported",
    is_flag=True,
    help="Keep sentences verification finds unsupported, flagged, instead of dropping them.",
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
    cite: str,
    llm: str | None,
    llm_base_url: str | None,
    llm_model: str | None,
    llm_context: int | None,
    llm_timeout: float | None,
    no_cache: bool,
    stream: bool | None,
    keep_unsupported: bool,
) -> int:
    """Write a briefing on TOPIC in which every sentence cites its articles."""
    from newsdesk.render import render
    from newsdesk.write.base import BriefRequest

    check_window(since, until)
    if since_last and new_since:
        raise InputError("--since-last and --new-since: give one or the other")
    if new_since:
        from newsdesk.dates import check_date

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
    conf = settings(ctx)
    for key, value in (
        ("llm_base_url", llm_base_url),
        ("llm_model", llm_model),
        ("llm_context", llm_context),
        ("llm_timeout", llm_timeout),
    ):
        if value is not None:
            setattr(conf, key, value)
    if llm:
        conf.writer = llm
    with open_engine(conf) as eng:
        show = stream if stream is not None else _is_tty()
        # the one way writers are built: a model writer takes the cache and stream options,
        # any other writer only its own
        eng.use_writer(conf.writer, use_cache=not no_cache, on_token=_echo_draft if show else None)
        # every briefing is kept in the topic's history, so --since-last knows what was read
        b = eng.brief(request, record=True, keep_unsupported=keep_unsupported)
    if b.usage and (stream or _is_tty()):
        print(file=sys.stderr)
    if b.usage:
        print(usage_line(b), file=sys.stderr)
    text = render(b, fmt, cite=cite)
    if not text.endswith("\n"):
        text += "\n"
    if not out:
        if fmt == "md" and common.stdout_is_terminal():
            text = common.readable_markdown(text)
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
