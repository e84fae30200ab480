"""The ``newsdesk`` command line: the root group, ``completion``, and ``main``.

Each command group lives in its own module (articles, ingest, brief, stories, evaluate) and
knows nothing of this one; this module only assembles them and turns every failure into one
line on standard error and an exit status.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

import click

from newsdesk import __version__
from newsdesk.cli.articles import articles, show, stats
from newsdesk.cli.beat_eval import disagreements as eval_disagreements
from newsdesk.cli.beat_eval import updates as eval_updates
from newsdesk.cli.brief import brief
from newsdesk.cli.common import CONTEXT_SETTINGS, global_options, progress_option
from newsdesk.cli.evaluate import eval_group
from newsdesk.cli.index import index
from newsdesk.cli.ingest import ingest
from newsdesk.cli.mcp import mcp
from newsdesk.cli.migrate import migrate
from newsdesk.cli.serve import serve
from newsdesk.cli.sources import sources_group
from newsdesk.cli.stories import stories, story, summaries, themes
from newsdesk.cli.timeline import timeline
from newsdesk.cli.topics import topics_group
from newsdesk.cli.verify import verify
from newsdesk.cli.watch import watch
from newsdesk.errors import NewsdeskError

PROG = "newsdesk"
COMPLETE_VAR = "_NEWSDESK_COMPLETE"
SHELLS = ("bash", "zsh", "fish")

ROOT_EPILOG = """\b
--db, --config and --no-progress go before or after the command:
  newsdesk --db news.db brief "tariffs"  ==  newsdesk brief "tariffs" --db news.db
(given in both places, the one after the command wins). The database is --db, else
$NEWSDESK_DB, else the config file's db (--config, $NEWSDESK_CONFIG, or config.toml in
the user config directory), else newsdesk.db in the user data directory.

\b
An argument that starts with "-" goes after "--":  newsdesk brief -- "-5% tariffs"

\b
Examples:
  newsdesk ingest src/newsdesk/data/demo
  newsdesk stories
  newsdesk brief "fentanyl, tariffs and cartels" --format html --out brief.html
  eval "$(newsdesk completion bash)"       # tab completion in this shell

Run 'newsdesk COMMAND --help' for a command's options and examples.
"""

COMPLETION_EPILOG = """\b
Examples:
  eval "$(newsdesk completion bash)"       # this bash session; or put it in ~/.bashrc
  newsdesk completion bash > ~/.local/share/bash-completion/completions/newsdesk
  newsdesk completion zsh > "${fpath[1]}/_newsdesk"
  newsdesk completion fish > ~/.config/fish/completions/newsdesk.fish
"""


class _PipeClosed(Exception):
    """Standard output was closed by the reader (``newsdesk articles | head``)."""


class _Root(click.Group):
    """Lists commands in the order they were added; reports a closed pipe to ``main``.

    (click turns an escaping ``BrokenPipeError`` into ``sys.exit(1)`` even outside standalone
    mode; a closed pipe is a normal end for a command whose output is piped into ``head``.)
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise _PipeClosed() from exc


@click.group(
    PROG,
    cls=_Root,
    context_settings=CONTEXT_SETTINGS,
    invoke_without_command=True,
    epilog=ROOT_EPILOG,
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@progress_option
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """News briefings with verified citations."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(2)


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=COMPLETION_EPILOG,
    short_help="Print the shell completion script.",
)
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> int:
    """Print the tab-completion script for SHELL (bash, zsh or fish).

    Completes commands, options, choices and file names.
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # every name in SHELLS is one of click's
    click.echo(cls(ctx.find_root().command, {}, PROG, COMPLETE_VAR).source())
    return 0


eval_group.add_command(eval_updates)  # following a beat (issue 11)
eval_group.add_command(eval_disagreements)

for _command in (
    ingest,
    articles,
    show,
    stats,
    brief,
    verify,
    stories,
    story,
    themes,
    summaries,  # the story desk (issue 23)
    mcp,
    eval_group,
    serve,
    sources_group,  # following a beat (issue 11)
    watch,
    topics_group,
    timeline,
    completion,
    migrate,
    index,
):
    cli.add_command(_command)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _usage_line(exc: click.UsageError) -> str:
    where = exc.ctx.command_path if exc.ctx is not None else PROG
    msg = _one_line(exc.format_message())
    takes_args = exc.ctx is not None and any(
        isinstance(p, click.Argument) for p in exc.ctx.command.params
    )
    if isinstance(exc, click.NoSuchOption) and takes_args and not exc.option_name[1:2] == "-":
        msg += " (an argument that starts with '-' goes after '--')"
    return f"{where}: {msg} (see '{where} --help')"


def _database_problem(exc: sqlite3.Error) -> str:
    """One line for a database failure that no store method turned into a StoreError."""
    text = _one_line(str(exc)) or type(exc).__name__
    low = text.lower()
    if "full" in low:
        return f"database or disk is full ({text}); what was committed before is kept"
    if "no such table" in low or "no such column" in low or "malformed" in low:
        return f"the store is damaged or incomplete ({text})"
    return f"database error ({text})"


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the exit flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Failures are one line on standard error: ``newsdesk: <message>`` with the error's exit
    status (see :mod:`newsdesk.errors`), 2 for a usage error, 130 when interrupted; never a
    traceback for bad input.
    """
    try:
        rv = cli.main(
            args=None if argv is None else list(argv),
            prog_name=PROG,
            complete_var=COMPLETE_VAR,
            standalone_mode=False,
        )
        sys.stdout.flush()  # a closed pipe shows here, not as a complaint at exit
    except click.exceptions.NoArgsIsHelpError as exc:  # a group given no command: its help
        print(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
        return 2
    except click.UsageError as exc:
        print(_usage_line(exc), file=sys.stderr)
        return exc.exit_code
    except click.ClickException as exc:
        print(f"{PROG}: {_one_line(exc.format_message())}", file=sys.stderr)
        return exc.exit_code
    except NewsdeskError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    except (_PipeClosed, BrokenPipeError):
        _silence_stdout()
        return 0
    except (click.Abort, KeyboardInterrupt):
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except sqlite3.Error as exc:
        print(f"{PROG}: {_database_problem(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"{PROG}: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    return rv if isinstance(rv, int) else 0
