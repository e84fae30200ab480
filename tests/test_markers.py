"""Tests get their kind (slow, browser, postgres, llm, eval_data) from what they use
(tests/conftest.py, ``kinds``), so `make test-fast` can leave the heavy ones out."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

# A plug-in for the collecting pytest: each collected test with the markers it ended up with.
REPORT = """
def pytest_collection_finish(session):
    for item in session.items:
        marks = ",".join(sorted(m.name for m in item.iter_markers()))
        print(f"KINDS\t{item.nodeid}\t{marks}")
"""
FILES = ["tests/test_store_contract.py", "tests/test_web_live.py", "tests/test_brief_flow.py",
         "tests/test_llm_openai.py", "tests/test_gate.py", "tests/test_eval_verify.py",
         "tests/test_distributed.py", "tests/test_docs.py"]


def test_markers_follow_the_fixtures_a_test_uses(tmp_path) -> None:
    (tmp_path / "kinds_report.py").write_text(REPORT)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *sys.path])
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--co", "-p", "no:cacheprovider",
         "-p", "kinds_report", *FILES],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    ).stdout
    kinds = {}
    for line in out.splitlines():
        if line.startswith("KINDS\t"):
            _, node, marks = line.split("\t")
            kinds[node] = set(marks.split(",")) - {""}

    def has(node: str, mark: str) -> bool:
        return mark in kinds[node]

    contract = "tests/test_store_contract.py::test_ids_prefixes_and_errors"
    assert has(f"{contract}[postgresql]", "postgres")
    assert not has(f"{contract}[sqlite]", "postgres")
    assert has("tests/test_store_contract.py::test_the_same_ingest_gives_the_same_store",
               "postgres")
    assert any(has(n, "browser") for n in kinds if "test_web_live.py::" in n)
    assert not has("tests/test_brief_flow.py::test_nothing_on_the_briefing_path_imports_upwards",
                   "llm")
    assert any(has(n, "llm") for n in kinds if n.startswith("tests/test_llm_openai.py::"))
    assert any(has(n, "eval_data") for n in kinds if n.startswith("tests/test_gate.py::test_gate["))
    assert any(has(n, "eval_data") for n in kinds if n.startswith("tests/test_eval_verify.py::"))
    assert all(has(n, "slow") for n in kinds if n.startswith("tests/test_distributed.py::"))
    fast = {"slow", "browser", "postgres", "llm", "eval_data"}
    assert all(not (kinds[n] & fast) for n in kinds if n.startswith("tests/test_docs.py::"))
