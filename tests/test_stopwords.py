"""One stopword list: every stage's set is derived from newsdesk.stopwords, and the words a stage
keeps apart from it stay as they were."""

from __future__ import annotations

import ast
from pathlib import Path

from newsdesk.retrieve import query_terms
from newsdesk.stopwords import STOPWORDS
from newsdesk.verify.support import content_words
from newsdesk.write.extractive.words import STOPWORDS as EXTRACTIVE

SRC = Path(__file__).resolve().parents[1] / "src" / "newsdesk"


def _a_set(value: ast.expr) -> bool:
    """A set expression: a set literal, ``set(...)``/``frozenset(...)``, ``x.union(...)`` or
    set arithmetic (a regular expression named ``*_STOP*`` is none)."""
    if isinstance(value, (ast.Set, ast.BinOp)):
        return True
    if isinstance(value, ast.Call):
        f = value.func
        return (isinstance(f, ast.Name) and f.id in {"set", "frozenset"}) or (
            isinstance(f, ast.Attribute) and f.attr == "union"
        )
    return False


def _stop_assignments(path: Path) -> list[tuple[str, ast.expr]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name) and "STOP" in t.id.upper() and _a_set(node.value):
                    out.append((t.id, node.value))
    return out


def test_every_stopword_set_is_derived_from_the_shared_list() -> None:
    """A module-level ``*STOP*`` set written out as a word list of its own (five of them before
    the shared module) fails; one derived from ``STOPWORDS`` or from another derived set, passes."""
    own: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "stopwords.py":
            continue
        for name, value in _stop_assignments(path):
            names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
            attrs = {n.attr for n in ast.walk(value) if isinstance(n, ast.Attribute)}
            if not any("STOP" in n.upper() or n == "_SHARED" for n in names | attrs):
                own.append(f"{path.relative_to(SRC)}: {name}")
    assert not own, own


def test_the_shared_list_holds_function_words_only() -> None:
    assert {"the", "of", "not", "would", "themselves"} <= STOPWORDS
    assert not {"said", "year", "troops", "monday", "percent"} & STOPWORDS
    assert {"said", "mr", "s", "year"} <= EXTRACTIVE  # the writer's additions


def test_the_verifier_keeps_negating_and_stance_words_as_content() -> None:
    words = content_words("Neither the House nor the Senate voted against it now, he said.")
    assert {"nor", "agains", "now", "house", "senate", "voted"} <= words
    assert not {"the", "it", "he", "said"} & words


def test_query_terms_keep_what_retrieval_always_kept() -> None:
    assert query_terms("What could the latest news say about tariffs via Mexico") == [
        "could",
        "say",
        "tariffs",
        "mexico",
    ]
