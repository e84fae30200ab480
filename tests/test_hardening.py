"""Ingest and renderers tried as a hostile user would: each defect of the serve issue, reproduced.

Each test below failed before its fix (the message it asserts against was what the user saw).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import DEMO_DIR, write_jsonl
from conftest_http import LoopbackServer, article_html, http_server, rss_feed  # noqa: F401

from newsdesk.cli.app import main
from newsdesk.engine import Engine
from newsdesk.model import RawArticle, Reject
from newsdesk.sources import Fetcher, read_source

GOOD = [
    {"title": f"Good {n}", "text": f"Good record number {n} says the port reopened on time."}
    for n in range(3)
]


def ingest(argv: list[str], capsys) -> tuple[int, str, str]:
    rc = main(["ingest", "--no-stories", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


# --------------------------------------------------------------------------- link schemes


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4="]
)
def test_non_web_article_url_is_kept_as_text_not_a_link(tmp_path, capsys, url):
    rec = {"title": "Tariff news", "url": url, "text": "Tariffs on steel rose again on Monday. "
           "Officials said the tariffs on steel would stay in place through the spring."}
    db = str(tmp_path / "x.db")
    assert ingest([str(write_jsonl(tmp_path / "a.jsonl", [rec])), "--db", db], capsys)[0] == 0
    for fmt in ("html", "md"):
        argv = ["brief", "tariffs on steel", "--words", "60", "--format", fmt, "--db", db]
        assert main(argv) == 0
        text = capsys.readouterr().out
        scheme = url.split(":", 1)[0]
        assert f'href="{scheme}' not in text and f"<{scheme}:" not in text
        assert f"]({scheme}:" not in text
        if fmt == "md":
            assert url in text or url.replace("(", "\\(") in text or "Tariff news" in text


# --------------------------------------------------------------------------- files


def test_directory_ingest_does_not_follow_symlinks_out_of_the_tree(tmp_path, capsys):
    tree = tmp_path / "d"
    (tree / "inner").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret title\nroot:x:0:0:root:/root:/bin/bash and other private text\n")
    (tree / "passwd.txt").symlink_to(secret)
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "more.txt").write_text("More secret\nanother private file outside the tree\n")
    (tree / "linkdir").symlink_to(outside_dir, target_is_directory=True)
    (tree / "inner" / "ok.txt").write_text("Ferry news\nThe ferry ran on time all week long.\n")
    (tree / "alias.txt").symlink_to(tree / "inner" / "ok.txt")  # inside the tree: read
    items = list(read_source(str(tree)))
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = [i for i in items if isinstance(i, Reject)]
    assert sorted(g.title for g in good) == ["Ferry news", "Ferry news"]
    assert [str(r) for r in bad] == [
        f"{tree}/passwd.txt: symbolic link to a file outside the directory (not followed)"
    ]
    assert not any("root:x" in g.text or "private" in g.text for g in good)


def test_empty_source_name_is_refused_not_the_current_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.txt").write_text("Here\nA file in the current directory, not to be read.\n")
    rc, out, err = ingest(["", "--db", str(tmp_path / "x.db")], capsys)
    assert rc == 2 and "ingested 0" in out
    assert err.strip() == "'': empty source name (give a file, directory or URL)"


@pytest.mark.parametrize("bad", [b"\x00garbage\n", b"\x00\x01\x02 junk \xff\xfe\n", b"}{\n"])
def test_bad_line_early_in_jsonl_costs_only_itself(tmp_path, capsys, bad):
    lines = [json.dumps(r).encode() + b"\n" for r in GOOD]
    path = tmp_path / "n.jsonl"
    path.write_bytes(lines[0] + bad + lines[1] + lines[2])
    rc, out, err = ingest([str(path), "--db", str(tmp_path / "x.db")], capsys)
    assert out.strip() == "ingested 3, duplicates 0, near-duplicates 0, rejected 1"
    assert err.startswith(f"{path}:2: ") and err.count("\n") == 1
    assert rc == 0


def test_binary_file_named_jsonl_is_still_one_reject(tmp_path, capsys):
    path = tmp_path / "b.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    rc, out, err = ingest([str(path), "--db", str(tmp_path / "x.db")], capsys)
    assert err.strip() == f"{path}: binary file" and "rejected 1" in out


def test_csv_unclosed_quote_does_not_swallow_the_next_rows(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        'title,text\nA,"unclosed quote, never ends\nB,good row b text here\n'
        'C,good row c text\nD,"a quoted ""fine"" row"\n', encoding="utf-8"
    )
    items = list(read_source(str(path)))
    assert [i.title for i in items if isinstance(i, RawArticle)] == ["B", "C", "D"]
    [reject] = [str(i) for i in items if isinstance(i, Reject)]
    assert reject.startswith(f"{path}:2: invalid CSV (")
    path.write_text('title,text\nA,"unclosed quote, never ends\nB,good row b\nC,good row c\n')
    items = list(read_source(str(path)))
    assert [i.title for i in items if isinstance(i, RawArticle)] == ["B", "C"]
    assert [str(i) for i in items if isinstance(i, Reject)] == [
        f"{path}:2: invalid CSV (a quoted field is never closed)"
    ]
    # a quote closed in a later row: the damage is still the one row
    path.write_text('title,text\nA,"opens here\nB,good b\nC,"closed" here\nD,good d\n')
    items = list(read_source(str(path)))
    assert [i.title for i in items if isinstance(i, RawArticle)] == ["B", "C", "D"] or [
        i.title for i in items if isinstance(i, RawArticle)
    ] == ["B", "D"]
    assert str(next(i for i in items if isinstance(i, Reject))).startswith(f"{path}:2: ")


# --------------------------------------------------------------------------- feeds and fetching


def test_local_feed_links_go_through_the_guard_and_are_reported(
    tmp_path, capsys, http_server: LoopbackServer  # noqa: F811
):
    page = http_server.add("/p1", article_html("Page", ["A long page body. " * 80]))
    feed = tmp_path / "f.rss"
    feed.write_text(rss_feed("Local", [{"title": "Short", "link": page, "description": "Tease."}]))
    rc, out, err = ingest([str(feed), "--db", str(tmp_path / "x.db")], capsys)
    assert http_server.requests == [], "a loopback link in a local feed was fetched"
    assert f"{page}: refused: 127.0.0.1 is a loopback" in err
    assert "ingested 1" in out and "rejected 1" in out  # the entry keeps its own text
    rc, out, err = ingest([str(feed), "--db", str(tmp_path / "y.db"), "--allow-private"], capsys)
    assert http_server.requests == ["/p1"] and err == ""


def test_links_that_never_answer_are_bounded_by_the_budget_and_reported(
    tmp_path, http_server: LoopbackServer  # noqa: F811
):
    """Links that never answer: fetched four at a time, each reported, the budget ends it."""
    items = [
        {"title": f"Dead {i}", "link": http_server.add(f"/never{i}", "x", delay=60.0),
         "description": "Short tease."}
        for i in range(16)  # 4 workers x 4: each worker's 4th fetch starts after the budget
    ]
    feed = tmp_path / "f.rss"
    feed.write_text(rss_feed("Local", items))
    with Fetcher(timeout=0.5, budget=1.2, allow_private=True) as f:
        got = list(read_source(str(feed), f))
    rejects = [str(r) for r in got if isinstance(r, Reject)]
    assert len(rejects) == 16 and len([g for g in got if isinstance(g, RawArticle)]) == 16
    assert all(f"/never{i}: " in r for i, r in enumerate(rejects))  # in feed order
    assert "timed out" in rejects[0]
    assert "fetch budget of 1.2s for this run is used up" in rejects[-1]
    assert len(http_server.requests) >= 4  # the first four were in flight together


# --------------------------------------------------------------------------- stories after kill -9


def test_articles_stored_but_never_grouped_are_grouped_by_the_next_ingest(
    store, embedder, monkeypatch
):
    """The state a kill -9 between a batch's commit and its story step leaves behind."""
    eng = Engine(store, embedder)
    first = eng.ingest([str(DEMO_DIR / "usmexico.jsonl")], stories=False)
    assert first.ingested > 40 and len(store.unplaced()) == first.ingested
    again = eng.ingest([str(DEMO_DIR / "usmexico.jsonl")])  # the rerun: all duplicates
    assert again.ingested == 0
    assert store.unplaced() == []


# --------------------------------------------------------------------------- read-only media


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, **kw)


# Several commands in one process (one start-up, one model load): [[rc, stdout, stderr], ...]
_COMMANDS = """
import contextlib, io, json, sys
from newsdesk.cli.app import main
results = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(argv)
    results.append([rc, out.getvalue(), err.getvalue()])
print(json.dumps(results))
"""


def test_read_commands_work_on_a_read_only_file_system(tmp_path, capsys):
    folder = tmp_path / "media"
    folder.mkdir()
    db = folder / "n.db"
    few = tmp_path / "few.jsonl"  # the first dozen demo articles (the strike among them)
    few.write_text("".join((DEMO_DIR / "otherbeats.jsonl").read_text().splitlines(True)[:12]))
    assert ingest([str(few), "--db", str(db)], capsys)[0] == 0
    if os.geteuid() == 0:  # root writes through permissions: make a read-only mount
        if not shutil.which("unshare") or _run(["unshare", "-rm", "true"]).returncode != 0:
            pytest.skip("needs unshare (user namespaces) to make a read-only mount as root")
        wrap = ["unshare", "-rm", "sh", "-c",
                f'mount --bind -o ro "{folder}" "{folder}" && exec "$@"', "sh"]
    else:
        folder.chmod(0o555)
        db.chmod(0o444)
        wrap = []
    commands = [
        ["stats"], ["articles", "--limit", "2"], ["themes"], ["stories"],
        ["brief", "dockworkers strike", "--words", "60"],
        ["ingest", "--no-progress", str(DEMO_DIR / "otherbeats.jsonl")],
    ]
    try:
        done = _run(wrap + [sys.executable, "-c", _COMMANDS,
                            json.dumps([c + ["--db", str(db)] for c in commands])])
        assert done.returncode == 0, done.stderr[-2000:]
        results = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    (stats, listing, themes, stories, brief, write) = results
    assert stats[0] == 0 and "articles: " in stats[1], stats
    assert listing[0] == 0 and len(listing[1].splitlines()) == 2, listing
    for rc, _out, err in (themes, stories, brief):
        assert rc == 0, err
    assert "([" in brief[1]  # a cited briefing
    rc, out, err = write
    assert rc != 0 and "Traceback" not in err
    assert "read-only" in err and err.count("\n") == 1, err


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize(
    "argv",
    [
        ["brief", "-5% tariffs on steel"],
        ["brief", "--words", "60", "-5% tariffs on steel"],
        ["brief", "- tariffs on steel", "--since", "2026-01-01"],
        ["brief", "--since", "2026-01-01", "--", "-tariffs"],
    ],
)
def test_topic_starting_with_a_dash_is_the_topic(tmp_path, capsys, argv):
    """It used to be taken for an option: "No such option: -5"."""
    assert main([argv[0], "--db", str(tmp_path / "none.db"), *argv[1:]]) == 1
    err = capsys.readouterr().err
    assert "no such database" in err and "option" not in err.lower()


def test_dash_words_that_are_options_stay_options(tmp_path, capsys):
    assert main(["brief", "tariffs", "--wrods", "60", "--db", str(tmp_path / "n.db")]) == 2
    assert "No such option '--wrods'" in capsys.readouterr().err
