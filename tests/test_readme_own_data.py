"""Every ``newsdesk`` command of the README's "Your own data" section, run as written on files
shaped like the ones it names (made here: the section names the user's own files)."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import REPO, write_jsonl
from conftest_http import rss_feed

from newsdesk.cli.app import main

SECTION = re.compile(r"^## Your own data\n(.*?)^## ", re.S | re.M)
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
LONG_RUNNING = ("serve", "watch")


def commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = SECTION.search(text)
    assert m, "README has no 'Your own data' section"
    out = []
    for block in BLOCK.findall(m.group(1)):
        for line in block.splitlines():
            if line.startswith("newsdesk "):
                out.append(shlex.split(line, comments=True)[1:])
    return out


def make_files(root: Path) -> None:
    """The user's files the section names, with text of our own."""
    folder = root / "my-articles"
    (folder / "sport").mkdir(parents=True)
    (folder / "sport" / "199.txt").write_bytes(
        "Mutu sacked\n\nChelsea sacked Adrian Mutu, a \u00a315.8m signing, after a failed drug "
        "test on Friday.\n".encode("latin-1")
    )
    (folder / "flood.txt").write_text(
        "Flood defences approved\n\nThe council approved new flood defences for the river "
        "on Monday after a long debate about costs.\n",
        encoding="utf-8",
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sidecar = re.search(r"^```\n(file,title,outlet,date,url\n.*?)^```", readme, re.S | re.M)
    assert sidecar
    (folder / "meta.csv").write_text(sidecar.group(1), encoding="utf-8")
    (root / "feeds").mkdir()
    items = [
        {
            "title": "Flood barrier opens",
            "link": "http://127.0.0.1:9/barrier",
            "content": "<p>The new flood barrier on the river opened on Tuesday, a year late, "
            "and the flood defences held in the first storm of the winter. Engineers said the "
            "gates closed in eleven minutes, faster than in the trials held in the spring. "
            "Residents of the lower town, flooded twice in the past decade, watched from the "
            "bridge as the water rose against the steel and stopped. The council will review "
            "the barrier's first season in March and publish the figures for each storm.</p>",
        }
    ]
    (root / "feeds" / "wire.xml").write_text(rss_feed("Wire", items), encoding="utf-8")
    export = [
        {
            "headline": "Flood defences cost more",
            "body": {"paragraphs": ["The flood defences will cost more than planned.",
                                    "The council blamed steel prices."]},
            "link": "https://gazette.example/flood-cost",
            "site": {"name": "Gazette"},
        }
    ]  # fmt: skip
    (root / "export.json").write_text(json.dumps(export), encoding="utf-8")
    side = lambda outlet, n: {  # noqa: E731
        "newsSource": outlet,
        "newsTitle": f"{outlet} on the flood vote {n}",
        "newsLink": f"https://{outlet.lower()}.example/flood-{n}",
        "newBody": f"{outlet} reports that the flood defences vote {n} passed narrowly.",
    }
    stories = [
        {"id": n, "date": "2021-10-18", "news": {"left": side("Left", n), "right": side("Rt", n)}}
        for n in range(2)
    ]
    write_jsonl(root / "stories_2021.jsonl", stories)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_section_runs_as_written(tmp_path, monkeypatch, capsys):
    cmds = commands()
    names = [c[0] for c in cmds]
    for needed in ("ingest", "sources", "watch", "brief", "topics", "serve"):
        assert needed in names
    make_files(tmp_path)
    db = tmp_path / "news.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSDESK_DB", str(db))
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "none.toml"))
    for argv in cmds:
        if argv[0] == "serve":
            serve_once(tmp_path, argv)
            continue
        if argv[0] == "watch" and "--once" not in argv:
            argv = [*argv, "--once"]  # the long-running form, one round
        rc = main(argv)
        out, err = capsys.readouterr()
        assert rc == 0, f"newsdesk {shlex.join(argv)}: {rc}\n{out}\n{err}"
        if argv[0] == "ingest":
            assert "rejected 0" in out and "ingested 0" not in out, (argv, out, err)
        if argv[:2] == ["topics", "run"]:
            assert "wrote" in out
    conn = __import__("sqlite3").connect(db)
    rows = conn.execute("SELECT title, source, published, encoding FROM articles").fetchall()
    conn.close()
    by_title = {r[0]: r for r in rows}
    assert by_title["Chelsea sack Mutu"][1:] == ("BBC Sport", "2004-10-29", "iso-8859-1")
    assert by_title["Flood defences approved"][1:3] == ("BBC News", "2005-03-01")
    assert by_title["Flood defences cost more"][1] == "Gazette"
    assert {r[1] for r in rows if "flood vote" in r[0]} == {"Left", "Rt"}
    assert all(r[2] != "2021-10-18" for r in rows)


def serve_once(root: Path, argv: list[str]) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", *argv, "--port", str(port)],
        cwd=root, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "reading room on http://127.0.0.1:" in line, line
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=10)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        assert r.status_code == 200 and len(r.json()) >= 5
    finally:
        proc.terminate()
        proc.wait(timeout=30)
