"""The recipes of docs/extending.md, end to end: the example package in tests/plugins/ is
installed through real entry points (a ``.dist-info`` built from its own pyproject.toml, put on
the path as pip would), then its writer writes a verified briefing with options from the config
file and its page is served by a real ``newsdesk serve`` on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest
from conftest import REPO
from conftest_web import demo_db_copy

from newsdesk import plugins
from newsdesk.cli.app import main

EXAMPLES = REPO / "tests" / "plugins" / "newsdesk_examples"
TOPIC = "fentanyl, tariffs and cartels"


def install_examples(site: Path) -> Path:
    """Write the example package's ``.dist-info`` (its entry points from its pyproject.toml)
    into ``site``; with ``site`` and the package folder on sys.path, importlib.metadata finds
    them as it finds an installed package's."""
    project = tomllib.loads((EXAMPLES / "pyproject.toml").read_text())["project"]
    dist = site / f"newsdesk_examples-{project['version']}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    groups = project["entry-points"]
    (dist / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in eps.items()) + "\n"
        for group, eps in groups.items()
    ))
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    where = install_examples(tmp_path_factory.mktemp("site"))
    added = [str(where), str(EXAMPLES)]
    sys.path[:0] = added
    try:
        yield where
    finally:
        for p in added:
            sys.path.remove(p)
        for mod in [m for m in sys.modules if m.startswith("newsdesk_examples")]:
            del sys.modules[mod]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return demo_db_copy(tmp_path_factory, "extending")


def test_the_examples_are_found_through_their_entry_points(site) -> None:
    assert "lead-lines" in plugins.names("writer")
    assert not plugins.is_builtin("writer", "lead-lines")
    assert {"outlets", "reading-room"} <= set(plugins.names("page"))
    assert plugins.get("writer", "lead-lines").__module__ == "newsdesk_examples.writer"


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return str(path)


def test_a_plugin_writer_gets_its_own_options_from_the_config(site, demo_db, tmp_path,
                                                                capsys) -> None:
    cfg = _config(tmp_path, '[writer]\nname = "lead-lines"\n\n'
                            '[writer.lead-lines]\narticles = 3\nlabel = "Three leads"\n')
    code = main(["brief", TOPIC, "--db", str(demo_db), "--config", cfg, "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    b = json.loads(out.out)
    assert b["writer"] == "lead-lines"
    [para] = b["paragraphs"]
    assert para["label"] == "Three leads" and len(para["sentences"]) == 3
    assert all(s["verdict"]["ok"] for s in para["sentences"])  # verified like any writer's


def test_a_key_the_plugin_does_not_take_is_one_line(site, demo_db, tmp_path, capsys) -> None:
    cfg = _config(tmp_path, '[writer]\nname = "lead-lines"\n\n[writer.lead-lines]\nartcles = 3\n')
    code = main(["brief", TOPIC, "--db", str(demo_db), "--config", cfg])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err, err
    assert "[writer.lead-lines]" in err and "'artcles'" in err and "articles, label" in err


def test_a_plugin_refusing_a_value_is_one_line(site, demo_db, tmp_path, capsys) -> None:
    cfg = _config(tmp_path, '[writer]\nname = "lead-lines"\n\n[writer.lead-lines]\narticles = 0\n')
    code = main(["brief", TOPIC, "--db", str(demo_db), "--config", cfg])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err and "articles: expected a whole number" in err, err


def test_a_page_plugin_is_served_by_newsdesk_serve(site, demo_db) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("NEWSDESK_TOKEN", None)
    log = demo_db.parent / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--port", "0", "--db", str(demo_db)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    try:
        base = _address(proc, log)
        with httpx.Client(base_url=base, timeout=120, trust_env=False) as http:
            page = http.get("/outlets")
            counts = http.get("/outlets", params={"format": "json"}).json()["outlets"]
            total = len(http.get("/api/articles", params={"limit": 1000}).json())
            home = http.get("/")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert page.status_code == 200 and "<h1>Outlets</h1>" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert sum(c["articles"] for c in counts) == total > 0
    assert f"{counts[0]['outlet']}: {counts[0]['articles']}" in page.text
    assert home.status_code == 200  # the reading room's own pages are still there


def _address(proc: subprocess.Popen, log: Path, timeout: float = 180) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(r"reading room on (http://127\.0\.0\.1:\d+)/", log.read_text())
        if m:
            return m.group(1)
        if proc.poll() is not None:
            raise AssertionError(f"server exited ({proc.returncode}): {log.read_text()[-2000:]}")
        time.sleep(0.1)
    raise AssertionError(f"server did not start: {log.read_text()[-2000:]}")


# -- the config tables themselves ------------------------------------------------------------


def test_a_misspelt_key_in_a_builtin_writer_table_is_refused(tmp_path) -> None:
    """A built-in writer's table takes only that writer's own keys; the right ones reach it."""
    from newsdesk.briefs.writers import make_writer
    from newsdesk.config import Settings
    from newsdesk.errors import InputError

    cfg = _config(tmp_path, "[writer.extractive]\nmax_strand = 3\n")
    settings = Settings.load(db=str(tmp_path / "x.db"), config=cfg)
    with pytest.raises(InputError, match=r"\[writer.extractive\]: unknown option 'max_strand'"):
        make_writer("extractive", settings)
    cfg = _config(tmp_path, "[writer.extractive]\nmax_strands = 3\n")
    writer = make_writer("extractive", Settings.load(db=str(tmp_path / "x.db"), config=cfg))
    assert writer.config.max_strands == 3  # type: ignore[attr-defined]


def test_writer_tables_are_read_and_a_top_level_typo_still_refused(tmp_path) -> None:
    from newsdesk.config import Settings
    from newsdesk.errors import InputError

    cfg = _config(tmp_path, '[writer]\nname = "mine"\n[writer.mine]\ndepth = 2\n')
    s = Settings.load(db=str(tmp_path / "x.db"), config=cfg)
    assert s.writer == "mine" and s.writer_options == {"mine": {"depth": 2}}
    plain = _config(tmp_path, 'writer = "openai"\n')
    assert Settings.load(db="x.db", config=plain).writer == "openai"
    for text, said in (("writr = 'openai'\n", "unknown setting 'writr'"),
                       ("writer_options = 1\n", "unknown setting 'writer_options'"),
                       ("[writer]\nlevel = 3\n", "[writer] 'level'")):
        with pytest.raises(InputError, match=re.escape(said)):
            Settings.load(db="x.db", config=_config(tmp_path, text))


def test_a_page_entry_that_is_no_router_is_one_clear_error(tmp_path) -> None:
    from newsdesk.config import Settings
    from newsdesk.errors import InputError
    from newsdesk.web import create_app

    plugins.register("page", "not-a-router", lambda: None)
    try:
        with pytest.raises(InputError, match="page 'not-a-router': function is not a FastAPI"):
            create_app(Settings(db=str(tmp_path / "x.db")))
    finally:
        plugins.unregister("page", "not-a-router")
