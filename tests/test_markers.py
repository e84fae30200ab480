"""Tests get their kind (slow, browser, postgres, llm, eval_data) from what they use
(tests/conftest.py, ``kinds``), so `make test-fast` can leave the heavy ones out."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def collected(marker: str, *files: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--co", "-p", "no:cacheprovider", "-m", marker,
         *files],
        cwd=REPO, capture_output=True, text=True, env=dict(os.environ), check=False,
    ).stdout
    return {line for line in out.splitlines() if "::" in line}


def test_markers_follow_the_fixtures_a_test_uses() -> None:
    pg = collected("postgres", "tests/test_store_contract.py")
    assert "tests/test_store_contract.py::test_ids_prefixes_and_errors[postgresql]" in pg
    assert "tests/test_store_contract.py::test_ids_prefixes_and_errors[sqlite]" not in pg
    assert "tests/test_store_contract.py::test_the_same_ingest_gives_the_same_store" in pg
    assert any("test_web_live.py::" in t for t in collected("browser", "tests/test_web_live.py"))
    llm = collected("llm", "tests/test_brief_flow.py", "tests/test_llm_openai.py")
    assert "tests/test_brief_flow.py::test_nothing_on_the_briefing_path_imports_upwards" not in llm
    assert any(t.startswith("tests/test_llm_openai.py::") for t in llm)
    data = collected("eval_data", "tests/test_gate.py", "tests/test_eval_verify.py")
    assert any(t.startswith("tests/test_gate.py::test_gate[") for t in data)
    assert any(t.startswith("tests/test_eval_verify.py::") for t in data)
    fast = collected("not slow and not browser and not postgres and not llm and not eval_data",
                     "tests/test_distributed.py", "tests/test_docs.py")
    assert fast and not any("test_distributed.py" in t for t in fast)
