"""Saved topics: re-briefed when due, each briefing an update on the previous one, written to
the topic's folder as Markdown, HTML and JSON with its history kept.

Files: ``OUT/<slug>/<YYYY-MM-DDTHH-MM-SSZ>.{md,html,json}`` for every run, and
``OUT/<slug>/latest.{md,html,json}`` copies of the newest. A file is written whole (a temporary
file renamed into place), so a reader never sees half a briefing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from newsdesk.engine import Engine
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.follow.schedule import iso, later, parse_iso, utcnow
from newsdesk.model import BriefRequest

FORMATS = ("md", "html", "json")


def slug(topic: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")
    return s[:60].rstrip("-") or "topic"


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    tmp.replace(path)


def folder_of(engine: Engine, t: dict[str, Any]) -> Path:
    """``OUT/<slug>``; a later topic whose name gives the same slug gets ``<slug>-<id>``."""
    name = slug(t["topic"])
    earlier = [
        o
        for o in engine.store.saved_topics()
        if int(o["id"]) < int(t["id"]) and slug(o["topic"]) == name
        and Path(o["out_dir"]) == Path(t["out_dir"])
    ]
    return Path(t["out_dir"]) / (f"{name}-{t['id']}" if earlier else name)


def _writable(folder: Path) -> None:
    """Make ``folder`` and check that a file can be written there, before any briefing."""
    probe = folder / ".newsdesk-probe.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"{folder}: cannot write ({exc.strerror})") from exc


def run_topic(engine: Engine, t: dict[str, Any], now: datetime) -> tuple[str, list[str]]:
    """Brief one saved topic (an update on its previous briefing) and write its files.

    The briefing is recorded (what the next "since last" run starts from) in the same store
    transaction as the files are written: when they cannot be, nothing is recorded.
    """
    from newsdesk.render import render

    request = BriefRequest(t["topic"], words=int(t["words"]), since_last=True)
    folder = folder_of(engine, t)
    _writable(folder)
    stamp = iso(now).replace(":", "-")
    files = []
    with engine.store.write():
        briefing = engine.brief(request, record=True)
        try:
            n = 1
            while (folder / f"{stamp}.md").exists():  # two runs in one second keep both
                n += 1
                stamp = iso(now).replace(":", "-") + f"-{n}"
            for fmt in FORMATS:
                text = render(briefing, fmt)
                path = folder / f"{stamp}.{fmt}"
                _write(path, text)
                _write(folder / f"latest.{fmt}", text)
                files.append(str(path))
        except OSError as exc:
            raise InputError(f"{folder}: cannot write ({exc.strerror})") from exc
    kind = "no new developments" if not briefing.paragraphs else "briefing"
    return kind, files


def run_due(
    engine: Engine,
    *,
    clock: Callable[[], datetime] = utcnow,
    force: bool = False,
    only: dict[str, Any] | None = None,
) -> list[str]:
    """Brief every due saved topic (every one with ``force``, or just ``only``); one line per
    topic for the log. A run is recorded (``last_run``) only when its files were written."""
    lines = []
    for t in [only] if only is not None else engine.store.saved_topics():
        now = clock()
        if not force and only is None and parse_iso(str(t["next_due"])) > now:
            continue
        changes: dict[str, Any] = {"next_due": later(now, int(t["every_seconds"]))}
        try:
            kind, files = run_topic(engine, t, now)
        except NewsdeskError as exc:
            changes.update(last_error=str(exc))
            lines.append(f"topic {t['topic']!r}: failed: {exc}")
        else:
            changes.update(last_error=None, last_run=iso(now))
            lines.append(f"topic {t['topic']!r}: {kind}, wrote {files[0]} (+{len(files) - 1})")
        engine.store.update_saved_topic(int(t["id"]), changes)
    return lines


def next_due(engine: Engine) -> datetime | None:
    times = [parse_iso(str(t["next_due"])) for t in engine.store.saved_topics()]
    return min(times) if times else None
