"""``newsdesk verify FILE|-``: check a briefing written anywhere against the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
Every sentence, whatever opens it ("Overall," included), passes only when an article it
cites states it: every number, date (a month, a year, a weekday ... too) and name, and a
span close to it in meaning; a sentence of several clauses may have each clause stated by a
different cited article. A cited article that states none of it is a citation to drop. For
each failure the check quotes the fact that failed, shows what the cited article says
instead, and names a stored article that supports the sentence when there is one. Exit
status 0 when every sentence passes and every citation holds, 1 otherwise.

\b
Examples:
  newsdesk verify chatbot-answer.md
  newsdesk verify chatbot-answer.md --fix fixed.md
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


def _quote(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print(result: dict[str, Any]) -> None:
    for n, row in enumerate(result["sentences"], start=1):
        mark = "ok " if not row["needs_fix"] else ("BAD" if not row["supported"] else "FIX")
        cites = ", ".join(f"[{i}]" for i in row["cites"]) or "no citation"
        print(f"{mark} {n:>3}. {row['text']} ({cites})")
        for reason in row["reasons"]:
            print(f"         - {reason}")
        says = row.get("cited_article_says")
        if says:
            gives = f" (it gives {'; '.join(says['gives'])})" if says.get("gives") else ""
            print(f"         [{says['id']}] says{gives}: “{_quote(says['text'])}”")
        sg = row.get("supported_by")
        if sg:
            print(f"         supported by [{sg['id']}] in the store: “{_quote(sg['text'])}”")
        elif not row["supported"]:
            print("         no stored article found that supports it")
    print(
        f"{result['supported']} of {result['checked']} sentences supported by the articles "
        f"they cite; {result['unsupported']} unsupported; {result['dropped_citations']} "
        "citation(s) to drop."
    )


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Check a briefing written anywhere against the store.",
)
@click.argument("path", metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, help="Print every verdict as JSON.")
@progress_option
@click.option(
    "--fix",
    "fix_path",
    metavar="OUT",
    default=None,
    help="Write the corrected briefing to OUT (- for standard output): citations that state "
    "nothing dropped, a failing sentence re-cited to a stored article that supports it, "
    "else marked [unsupported: ...].",
)
@global_options
@click.pass_context
def verify(ctx: click.Context, path: str, as_json: bool, fix_path: str | None) -> int:
    """Check every sentence of the briefing in FILE (- for standard input) against the
    articles it cites; print a verdict per sentence."""
    from newsdesk.retrieve import retrieve
    from newsdesk.verify.check import check_document, fixed_markdown, report, suggest
    from newsdesk.verify.document import parse_document

    text, where = _read(path)
    doc = parse_document(text, where)
    n = len(doc.sentences())
    shown = show_progress(ctx) and len(text) > PROGRESS_BYTES
    with engine(ctx) as eng, progress_bar(shown, f"verifying {n:,} sentences") as bar:
        checker = eng.checker()
        checked = check_document(doc, eng.store, checker)
        bar.describe(f"verified {n:,} sentences")

        def search(sentence: str) -> list[str]:
            return [h.id for h in retrieve(eng.store, sentence, eng.embedder, limit=8)]

        found = suggest(checked, eng.store, checker, search)
        assert checked.verification is not None
        ids = {
            c.id
            for s in checked.verification.sentences
            for c in (s.verdict.spans if s.verdict else [])
        }
        ids |= {sg.id for sg in found.values()}
        texts = eng.store.texts(ids)
    result = report(checked, texts, found)
    if fix_path is not None:
        fixed = fixed_markdown(checked, result)
        if fix_path == "-":
            sys.stdout.write(fixed)
        else:
            try:
                Path(fix_path).write_text(fixed, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"{fix_path}: cannot write ({exc.strerror})") from exc
            print(f"wrote {fix_path}", file=sys.stderr)
    if as_json:
        print_json(result)
    elif fix_path != "-":
        _print(result)
    return 1 if any(r["needs_fix"] for r in result["sentences"]) else 0
