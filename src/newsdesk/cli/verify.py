"""``newsdesk verify FILE|-``: check a briefing written anywhere against the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    print_json,
    progress_option,
    show_progress,
)
from newsdesk.cli.progress import progress_bar
from newsdesk.errors import InputError

EPILOG = """\b
FILE is Markdown or plain text with citations such as ([de4dbeca]), [de4dbeca],
[de4dbeca, e706d217] or (de4dbeca), or newsdesk's own JSON (brief --format json). A sentence
without citations takes those that close its paragraph; an "Overall" sentence without any is
checked against everything the briefing cites.

\b
Each sentence passes when every number, date and name it states is in an article it cites
and some span of those articles is close to it in meaning. Exit status 0 when every sentence
passes, 1 when any does not.

\b
Examples:
  newsdesk verify chatbot-answer.md
  pbpaste | newsdesk verify -
  newsdesk brief "tariffs" --format json | newsdesk verify - --json
"""


# A briefing is a few KB; past this a file is refused rather than checked for minutes.
MAX_BYTES = 1_000_000
# Files longer than this show a progress display while they are checked.
PROGRESS_BYTES = 32_000


def _too_large(where: str, size: int) -> InputError:
    return InputError(
        f"{where}: too large to verify ({size:,} bytes; the limit is {MAX_BYTES:,}): "
        "split it into briefings"
    )


def _read(path: str) -> tuple[str, str]:
    if path == "-":
        text = sys.stdin.read(MAX_BYTES + 1)
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise _too_large("<stdin>", len(text.encode("utf-8")))
        return text, "<stdin>"
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size > MAX_BYTES:
            raise _too_large(str(p), p.stat().st_size)
        return p.read_text(encoding="utf-8"), str(p)
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{p}: is a directory, not a briefing") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Check a briefing written anywhere against the store.",
)
@click.argument("path", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="Print every verdict as JSON.")
@progress_option
@global_options
@click.pass_context
def verify(ctx: click.Context, path: str, as_json: bool) -> int:
    """Check every sentence of the briefing in FILE (- for standard input) against the
    articles it cites; print a verdict per sentence."""
    from newsdesk.verify.check import check_document, report
    from newsdesk.verify.document import parse_document

    text, where = _read(path)
    doc = parse_document(text, where)
    n = len(doc.sentences())
    shown = show_progress(ctx) and len(text) > PROGRESS_BYTES
    with engine(ctx) as eng, progress_bar(shown, f"verifying {n:,} sentences") as bar:
        checked = check_document(doc, eng.store, eng.checker())
        bar.describe(f"verified {n:,} sentences")
    result = report(checked)
    if as_json:
        print_json(result)
    else:
        for n, row in enumerate(result["sentences"], start=1):
            mark = "ok " if row["supported"] else "BAD"
            cites = ", ".join(f"[{i}]" for i in row["cites"]) or "no citation"
            short = row["text"] if len(row["text"]) <= 90 else row["text"][:89] + "…"
            print(f"{mark} {n:>3}. {short} ({cites})")
            for reason in row["reasons"]:
                print(f"         - {reason}")
        print(
            f"{result['supported']} of {result['checked']} sentences supported by the articles "
            f"they cite; {result['unsupported']} unsupported."
        )
    return 1 if result["unsupported"] else 0
