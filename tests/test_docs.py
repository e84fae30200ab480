"""Everything a user can set or call is documented: every setting, environment variable, CLI
command and plug-in group appears in README.md or docs/*.md (docs/configuration.md lists them
all). A new one without a line in the docs fails here, naming it."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import click
from conftest import REPO

from newsdesk import plugins
from newsdesk.cli.app import cli
from newsdesk.config import Settings

SRC = REPO / "src" / "newsdesk"
ENV_NAME = re.compile(r"_?NEWSDESK_[A-Z0-9_]+")
NOT_SETTINGS = {"writer_options"}  # filled from [writer.<name>] tables, not a key of its own


def docs_text() -> str:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


def settings() -> set[str]:
    return {f.name for f in fields(Settings)} - NOT_SETTINGS


def environment_variables(root: Path = SRC) -> set[str]:
    """Every string constant in the source that is a whole ``NEWSDESK_*`` name (what the code
    reads from the environment), except names listed in an ``__all__``."""
    found: set[str] = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        exported: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                exported |= {id(c) for c in ast.walk(node.value)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and ENV_NAME.fullmatch(node.value) and id(node) not in exported):
                found.add(node.value)
    return found


def commands(group: click.Command = cli, prefix: tuple[str, ...] = ()) -> set[str]:
    """Every command, as typed: ``ingest``, ``sources add``, ``eval clustering``..."""
    if isinstance(group, click.Group):
        out: set[str] = set()
        for name, sub in group.commands.items():
            out |= commands(sub, (*prefix, name))
        return out
    return {" ".join(prefix)}


def undocumented(text: str, *, setting: set[str], env: set[str], command: set[str],
                 group: set[str]) -> list[str]:
    """What ``text`` does not mention: a setting as `name` or ``name =``, a variable and a
    group by name, a command as ``newsdesk COMMAND``."""
    missing = [f"setting {s}" for s in sorted(setting)
               if f"`{s}`" not in text and not re.search(rf"^\s*{s}\s*=", text, re.M)]
    missing += [f"environment variable {v}" for v in sorted(env)
                if not re.search(rf"(?<![A-Z_]){v}(?![A-Z0-9_])", text)]
    missing += [f"command newsdesk {c}" for c in sorted(command)
                if not re.search(rf"newsdesk {re.escape(c)}(?![\w-])", text)]
    missing += [f"plug-in group {g}" for g in sorted(group) if f"`{g}`" not in text]
    return missing


def test_everything_a_user_can_set_or_call_is_documented() -> None:
    missing = undocumented(docs_text(), setting=settings(), env=environment_variables(),
                           command=commands(), group=set(plugins.GROUPS.values()))
    assert not missing, "not in README.md or docs/*.md: " + "; ".join(missing)


def test_what_is_looked_for_is_found() -> None:
    """The lists are read from the code, not written out here: they hold what they must."""
    assert {"db", "writer", "llm_retries"} <= settings()
    assert {"NEWSDESK_NO_STORIES", "NEWSDESK_EMBED_BACKEND", "NEWSDESK_CACHE_DIR",
            "NEWSDESK_DB"} <= environment_variables()
    assert "NEWSDESK_INPUTS" not in environment_variables()  # a Python name, in __all__
    assert {"ingest", "brief", "sources add", "eval clustering", "topics run"} <= commands()
    assert "newsdesk.pages" in set(plugins.GROUPS.values())


def test_a_missing_name_of_each_kind_is_reported() -> None:
    text = "`db` and NEWSDESK_DB, `newsdesk.writers`, newsdesk ingest and newsdesk sources add"
    kinds = dict(setting={"db"}, env={"NEWSDESK_DB"}, command={"ingest", "sources add"},
                 group={"newsdesk.writers"})
    assert undocumented(text, **kinds) == []
    missing = undocumented(
        text.replace("`db`", "db").replace("NEWSDESK_DB", "NEWSDESK_DBX")
        .replace("sources add", "sources added").replace("`newsdesk.writers`", "writers"),
        **kinds,
    )
    assert missing == ["setting db", "environment variable NEWSDESK_DB",
                       "command newsdesk sources add", "plug-in group newsdesk.writers"]
