"""Helpers for the web tests: the demo corpus ingested once per test run, copied per module."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEMO_DIR

_BUILT: dict[str, Path] = {}


def demo_db_copy(factory, name: str) -> Path:
    """A fresh copy of a store holding the demo corpus with its stories and themes."""
    if "db" not in _BUILT:
        from newsdesk.cli.app import main

        folder = factory.mktemp("demo-store")
        db = folder / "demo.db"
        assert main(["ingest", str(DEMO_DIR), "--db", str(db), "--no-progress"]) == 0
        assert main(["themes", "--db", str(db)]) == 0  # story catch-up and themes, now
        _BUILT["db"] = db
    target = factory.mktemp(name) / "demo.db"
    shutil.copy(_BUILT["db"], target)
    return target
