"""What every command shares: the global options, settings and engine, dates, JSON output.

``--db``, ``--config`` and ``--no-progress`` are accepted both on the root group (before the
command) and on each command (after it): every occurrence writes into one :class:`CliState`
kept in ``ctx.obj``, the group's first and the command's after it, so the option given after
the command wins when both are.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from newsdesk.config import Settings
from newsdesk.engine import Engine, open_engine

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    "max_content_width": 100,
}


@dataclass
class CliState:
    """The global options, wherever on the command line they were given."""

    db: str | None = None
    config: str | None = None
    no_progress: bool = False


def state(ctx: click.Context) -> CliState:
    return ctx.ensure_object(CliState)


def _store(field: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is not None and value is not False:
            setattr(state(ctx), field, value)

    return callback


def global_options(f: F) -> F:
    """``--db`` and ``--config``, on the root group and on every command that opens a store."""
    f = click.option(
        "--config",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_store("config"),
        help="TOML settings file (default: $NEWSDESK_CONFIG or the user config dir).",
    )(f)
    f = click.option(
        "--db",
        metavar="PATH",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_store("db"),
        help="Database file (default: $NEWSDESK_DB, the config file's db, or the user data dir).",
    )(f)
    return f


def progress_option(f: F) -> F:
    """``--no-progress``, on the root group and on the commands that draw a progress bar."""
    return click.option(
        "--no-progress",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_store("no_progress"),
        help="No progress bar (and, when stderr is not a terminal, no progress lines).",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def window_options(f: F) -> F:
    f = click.option("--until", metavar="DATE", help="Last date (inclusive).")(f)
    f = click.option("--since", metavar="DATE", help="First date, e.g. 2026-01-01.")(f)
    return f


def check_window(since: str | None, until: str | None) -> None:
    """A one-line InputError for a malformed date or ``--since`` later than ``--until``.

    Checked before the store is opened or a model loaded, so the error comes first and fast.
    """
    from newsdesk.dates import window_bounds

    window_bounds(since, until)


def settings(ctx: click.Context) -> Settings:
    st = state(ctx)
    return Settings.load(st.db, st.config)


def engine(ctx: click.Context, *, create: bool = False) -> Engine:
    """The engine on the store the global options name (the caller closes it)."""
    return open_engine(settings(ctx), create=create)


def show_progress(ctx: click.Context) -> bool:
    """Progress bars only on a terminal, and not with ``--no-progress``."""
    if state(ctx).no_progress:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


# The largest number SQLite stores in an INTEGER column; a bigger one matches nothing.
MAX_ROW_ID = 2**63 - 1
MAX_REF_CHARS = 200


def reference(ref: str, what: str) -> str:
    """A source/topic/article reference as typed, checked before it reaches the store.

    A number past SQLite's integer range names nothing (one line, not an OverflowError);
    an over-long reference is refused without echoing it back whole.
    """
    from newsdesk.errors import InputError, NotFoundError

    if len(ref) > MAX_REF_CHARS:
        raise InputError(f"{what} reference too long ({len(ref):,} characters: {ref[:16]}...)")
    if ref.strip().isdigit() and int(ref) > MAX_ROW_ID:
        raise NotFoundError(f"no {what} {ref[:24]}{'...' if len(ref) > 24 else ''}")
    return ref


def progress_mode(ctx: click.Context) -> str:
    """"bar" on a terminal, "log" (a line every few seconds) when standard error is not one,
    "off" with ``--no-progress``."""
    if state(ctx).no_progress:
        return "off"
    return "bar" if show_progress(ctx) else "log"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles`` (``many`` for an irregular plural: story -> stories)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")


def readable_markdown(text: str) -> str:
    """Markdown for a person at a terminal: backslash escapes removed (``\\[in 2025\\]`` reads
    ``[in 2025]``). Piped or written to a file, a briefing stays exact Markdown."""
    return _MD_ESCAPE.sub(r"\1", text)


def print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, default=str))
