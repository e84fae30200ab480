"""Packaging: pyproject.toml declares what the code needs, and plugins are found by entry point.

These tests read the source tree and pyproject.toml only (no wheel is built here; `make
wheel-smoke` builds one and installs it in a fresh venv).
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from newsdesk import plugins

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "src" / "newsdesk"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY_POINTS: dict[str, dict[str, str]] = PYPROJECT["project"].get("entry-points", {})


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _req_name(req: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    assert m, f"unparseable requirement {req!r}"
    return _norm(m.group(1))


# ----------------------------------------------------------------------------- entry points


def test_plugin_groups_are_the_registry_groups():
    assert set(ENTRY_POINTS) == set(plugins.GROUPS.values())


@pytest.mark.parametrize("kind", sorted(plugins.GROUPS))
def test_entry_points_equal_builtins(kind):
    assert ENTRY_POINTS[plugins.GROUPS[kind]] == plugins.BUILTINS[kind]


def test_entry_point_values_are_module_colon_attr():
    for group, entries in ENTRY_POINTS.items():
        for name, value in entries.items():
            assert re.fullmatch(r"newsdesk(\.\w+)+:\w+(\.\w+)*", value), (group, name, value)


def test_plugin_registered_through_a_real_entry_point(tmp_path, monkeypatch):
    pkg = tmp_path / "mypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text(
        "class ScriptedWriter:\n"
        "    def __init__(self, **options):\n"
        "        self.options = options\n"
    )
    dist = tmp_path / "mypkg_newsdesk_writer-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mypkg-newsdesk-writer\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[newsdesk.writers]\nscripted = mypkg.mod:ScriptedWriter\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "mypkg", raising=False)
    monkeypatch.delitem(sys.modules, "mypkg.mod", raising=False)
    try:
        assert "scripted" in plugins.names("writer")
        assert "scripted" not in plugins.names("store")
        factory = plugins.get("writer", "scripted")
        import mypkg.mod  # type: ignore[import-not-found]

        assert factory is mypkg.mod.ScriptedWriter
        assert factory(width=3).options == {"width": 3}
    finally:
        sys.modules.pop("mypkg.mod", None)
        sys.modules.pop("mypkg", None)


# ----------------------------------------------------------------------------- dependencies


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {m for m in found if m != "newsdesk" and m not in sys.stdlib_module_names}


def _scale_extras(parts: tuple[str, ...]) -> set[str]:
    """Issue 12: the PostgreSQL store may import its [postgres] extra, the Dask ingest [dask]."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    if parts[:2] == ("store", "postgres"):
        return {_req_name(r) for r in extras.get("postgres", [])}
    if parts[:2] == ("ingest", "distributed.py"):
        return {_req_name(r) for r in extras.get("dask", [])}
    if parts[0] == "mcp":  # issue 23: newsdesk mcp, the [mcp] extra (which includes [web])
        return {_req_name(r) for r in extras.get("mcp", []) + extras.get("web", [])}
    return set()


def test_every_imported_package_is_declared():
    """Each third-party module imported anywhere (lazily too) under src/newsdesk is declared:
    in the core dependencies, or, for the evaluation code only, in the [eval] extra, for the
    web server (newsdesk.web, cli/serve.py) in the [web] extra, for the local LLM backend
    (write/llm/backends/llamacpp.py) in the [local] extra, and for the PostgreSQL store and
    the Dask ingest in [postgres] and [dask]."""
    core = {_req_name(r) for r in PYPROJECT["project"]["dependencies"]}
    eval_extra = core | {
        _req_name(r) for r in PYPROJECT["project"]["optional-dependencies"].get("eval", [])
    }
    web_extra = core | {
        _req_name(r) for r in PYPROJECT["project"]["optional-dependencies"].get("web", [])
    }
    local_extra = core | {
        _req_name(r) for r in PYPROJECT["project"]["optional-dependencies"].get("local", [])
    }
    dists = packages_distributions()
    missing = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).parts
        allowed = eval_extra if "evaluate" in rel else core
        if rel[0] == "web" or rel == ("cli", "serve.py"):  # the [web] extra
            allowed = web_extra
        allowed = allowed | _scale_extras(rel)
        if path.relative_to(PKG).as_posix() == "write/llm/backends/llamacpp.py":
            allowed = local_extra
        for module in sorted(_third_party_imports(path)):
            candidates = {_norm(d) for d in dists.get(module, [])}
            if not candidates:
                missing.append(f"{path.relative_to(REPO)}: {module} (not installed, not mapped)")
            elif not candidates & allowed:
                missing.append(f"{path.relative_to(REPO)}: {module} ({', '.join(candidates)})")
    assert not missing, "undeclared imports:\n" + "\n".join(missing)


def test_pysbd_is_pinned():
    # newsdesk copies pysbd internals, so any other release may break sentence splitting
    assert "pysbd==0.3.4" in [r.replace(" ", "") for r in PYPROJECT["project"]["dependencies"]]


# ----------------------------------------------------------------------------- packages, data


def test_every_package_directory_is_discovered():
    from setuptools import find_namespace_packages

    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    assert find.get("namespaces", True), "namespace packages must be discovered"
    found = set(find_namespace_packages(where=str(REPO / find["where"][0]),
                                        include=find.get("include", ["*"])))
    with_code = {
        ".".join(p.parent.relative_to(PKG.parent).parts)
        for p in PKG.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert with_code <= found, f"packages left out: {sorted(with_code - found)}"


def _glob_match(path: str, pattern: str) -> bool:
    """setuptools' package-data globbing: ``*`` stays within one directory, ``**`` crosses."""
    if "**" in pattern:
        return fnmatch.fnmatch(path, pattern)
    parts, pats = path.split("/"), pattern.split("/")
    return len(parts) == len(pats) and all(map(fnmatch.fnmatchcase, parts, pats))


def test_every_data_file_is_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["newsdesk"]
    data = [
        p.relative_to(PKG).as_posix()
        for p in PKG.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "expected the demo corpus and the migrations at least"
    left_out = [f for f in data if not any(_glob_match(f, pat) for pat in patterns)]
    assert not left_out, f"files the package reads but the wheel would drop: {left_out}"
    for needed in ("py.typed", "data/demo/*.jsonl", "store/sqlite/migrations/*.sql"):
        assert any(_glob_match(f, needed) for f in data), needed
