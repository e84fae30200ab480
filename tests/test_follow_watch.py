"""Following a beat over real HTTP on 127.0.0.1: sources, watch --once, conditional GET,
failure back-off and pause, robots.txt, per-host spacing, OPML, and SIGTERM mid-poll."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from beat_server import BeatServer, Feed, http_date, item, page, rss

from newsdesk.cli.app import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def server():
    s = BeatServer().start()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(autouse=True)
def _no_stories(monkeypatch):
    monkeypatch.setenv("NEWSDESK_NO_STORIES", "1")  # grouping is tested elsewhere


def _store(db: Path):
    from newsdesk.store.sqlite import SQLiteStore

    return SQLiteStore(db)


def _make_due(db: Path) -> None:
    s = _store(db)
    for src in s.feed_sources():
        s.update_feed_source(src["id"], {"next_poll": "2000-01-01T00:00:00Z"})
    s.close()


def _watch(db: Path, *extra: str) -> int:
    return main(["watch", "--once", "--no-topics", "--allow-private", "--db", str(db), *extra])


def test_conditional_get_304_costs_nothing(server, tmp_path, capsys, embedder):
    server.feeds["/feed.xml"] = Feed(
        rss([item(n, server.base) for n in range(3)]), etag='"v1"', last_modified=http_date()
    )
    db = tmp_path / "w.db"
    assert (
        main(["sources", "add", server.base + "/feed.xml", "--every", "30m", "--db", str(db)]) == 0
    )
    assert _watch(db) == 0
    out = capsys.readouterr().out
    assert "3 new" in out
    assert "indexed 3 articles" in out  # their sentences embedded ahead of briefings
    first = server.requests("/feed.xml")[0]
    assert first.if_none_match is None

    # not due yet: nothing is fetched
    assert _watch(db) == 0
    assert len(server.requests("/feed.xml")) == 1

    _make_due(db)
    assert _watch(db) == 0
    assert "not modified (304)" in capsys.readouterr().out
    again = server.requests("/feed.xml")[1]
    assert again.if_none_match == '"v1"'
    assert again.if_modified_since == http_date()
    s = _store(db)
    assert s.count() == 3
    src = s.feed_sources()[0]
    assert src["last_status"] == "304 not modified" and src["articles"] == 3
    assert src["next_poll"] > src["last_polled"]
    s.close()

    # the feed changes: a new ETag and one more entry
    server.feeds["/feed.xml"] = Feed(rss([item(n, server.base) for n in range(4)]), etag='"v2"')
    _make_due(db)
    assert _watch(db) == 0
    out = capsys.readouterr().out
    assert "1 new, 3 already stored" in out and "indexed 1 article:" in out
    s = _store(db)
    assert s.count() == 4 and s.feed_sources()[0]["etag"] == '"v2"'
    s.close()

    assert main(["sources", "list", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "articles:     4" in listing and "last success:" in listing and "next poll:" in listing


def test_failing_source_backs_off_pauses_and_recovers(server, tmp_path, embedder):
    from newsdesk.engine import Engine
    from newsdesk.follow.poller import Poller
    from newsdesk.follow.watch import make_fetcher

    server.feeds["/flaky.xml"] = Feed(rss([item(n, server.base) for n in range(2)]), fail_first=1)
    server.feeds["/down.xml"] = Feed(rss([item(9, server.base)]), fail_first=99)
    t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    now = {"t": t0}
    store = _store(tmp_path / "b.db")
    store.add_feed_source(server.base + "/flaky.xml", "flaky", 600, "2026-03-01T12:00:00Z")
    store.add_feed_source(server.base + "/down.xml", "down", 600, "2026-03-01T12:00:00Z")
    eng = Engine(store, embedder)
    with make_fetcher(min_delay=0, allow_private=True) as fetcher:
        poller = Poller(eng, fetcher, max_failures=3, stories=False, clock=lambda: now["t"])
        r = {x.url.rsplit("/", 1)[1]: x for x in poller.poll_due()}
        assert r["flaky.xml"].outcome == "failed" and "HTTP 500" in (r["flaky.xml"].error or "")
        assert r["down.xml"].outcome == "failed"
        flaky = store.get_feed_source("flaky")
        assert flaky["failures"] == 1 and flaky["next_poll"] == "2026-03-01T12:20:00Z"  # 600*2

        now["t"] = t0 + timedelta(minutes=11)  # past the interval, not the back-off: nothing
        assert poller.poll_due() == []

        now["t"] = t0 + timedelta(minutes=21)  # recovered
        r = {x.url.rsplit("/", 1)[1]: x for x in poller.poll_due()}
        assert r["flaky.xml"].outcome == "new" and r["flaky.xml"].new == 2
        flaky = store.get_feed_source("flaky")
        assert flaky["failures"] == 0 and flaky["last_error"] and flaky["last_success"]
        down = store.get_feed_source("down")
        assert down["failures"] == 2 and down["next_poll"] == "2026-03-01T13:01:00Z"  # 600*4

        now["t"] = t0 + timedelta(hours=2)
        r = {x.url.rsplit("/", 1)[1]: x for x in poller.poll_due()}
        assert r["down.xml"].outcome == "paused"
        assert store.get_feed_source("down")["paused"] == 1
        now["t"] = t0 + timedelta(days=30)  # a paused source is never due
        assert all("down" not in x.url for x in poller.poll_due())
    assert store.count() == 2
    store.close()


def test_paused_source_is_shown_and_resumes(server, tmp_path, capsys, embedder):
    server.feeds["/down.xml"] = Feed(rss([item(1, server.base)]), fail_first=1)
    db = tmp_path / "p.db"
    assert main(["sources", "add", server.base + "/down.xml", "--db", str(db)]) == 0
    assert _watch(db, "--max-failures", "1") == 0
    assert "paused after repeated failures" in capsys.readouterr().out
    assert main(["sources", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "[paused (1 failures)]" in out and "HTTP 500" in out
    assert main(["sources", "resume", "1", "--db", str(db)]) == 0
    assert _watch(db) == 0
    assert "1 new" in capsys.readouterr().out


def test_robots_txt_forbids_a_page_and_requests_are_spaced(server, tmp_path, embedder):
    server.robots = "User-agent: *\nDisallow: /private/\n"
    server.pages["/public/1.html"] = page(1)
    server.pages["/public/2.html"] = page(2)
    server.pages["/private/3.html"] = page(3)
    server.feeds["/short.xml"] = Feed(
        rss(
            [
                item(1, server.base, short=True, path="/public/{n}.html"),
                item(2, server.base, short=True, path="/public/{n}.html"),
                item(3, server.base, short=True, path="/private/{n}.html"),
            ]
        )
    )
    db = tmp_path / "r.db"
    assert main(["sources", "add", server.base + "/short.xml", "--db", str(db)]) == 0
    assert _watch(db, "--delay", "0.3") == 0
    paths = [r.path for r in server.log]
    assert "/private/3.html" not in paths
    assert "/public/1.html" in paths and "/public/2.html" in paths
    assert paths.count("/robots.txt") == 1
    gaps = [b.at - a.at for a, b in zip(server.log, server.log[1:], strict=False)]
    assert min(gaps) >= 0.29  # one host: at least --delay between two requests
    s = _store(db)
    arts = s.list_articles()
    s.close()
    # the forbidden entry keeps its own short text; the others got their pages
    assert len(arts) == 3
    by_url = {a["url"]: a for a in arts}
    assert server.base + "/private/3.html" in by_url


def test_opml_import_export(tmp_path, capsys):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="News"><outline type="rss" text="One" xmlUrl="https://one.example/f.xml"/>'
        '<outline type="rss" text="Two" xmlUrl="https://two.example/rss"/></outline>'
        "</body></opml>",
        encoding="utf-8",
    )
    db = tmp_path / "o.db"
    assert main(["sources", "import", str(opml), "--every", "1h", "--db", str(db)]) == 0
    assert "imported 2 sources" in capsys.readouterr().out
    assert main(["sources", "import", str(opml), "--db", str(db)]) == 0
    assert "imported 0 sources" in capsys.readouterr().out
    out = tmp_path / "out.opml"
    assert main(["sources", "export", "--out", str(out), "--db", str(db)]) == 0
    capsys.readouterr()
    import listparser

    feeds = listparser.parse(out.read_bytes())["feeds"]
    assert sorted(f["url"] for f in feeds) == [
        "https://one.example/f.xml",
        "https://two.example/rss",
    ]
    assert {f["title"] for f in feeds} == {"One", "Two"}

    bad = tmp_path / "bad.opml"
    bad.write_text("this is not xml", encoding="utf-8")
    assert main(["sources", "import", str(bad), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"newsdesk: {bad}:") and "\n" not in err
    assert main(["sources", "add", "ftp://x/y", "--db", str(db)]) == 2
    assert main(["sources", "add", "https://a.example/f", "--every", "5s", "--db", str(db)]) == 2
    assert "shortest interval" in capsys.readouterr().err


def test_stop_request_waits_for_the_store_phase():
    from newsdesk.follow.poller import StopRequested
    from newsdesk.follow.watch import WatchState, stop_signals

    state = WatchState()
    phase = {"store": True}
    with stop_signals(state, lambda: not phase["store"]):
        os.kill(os.getpid(), signal.SIGTERM)  # while writing: only noted
        time.sleep(0.05)
        assert state.stop and state.signal_name == "SIGTERM"
        phase["store"] = False
        with pytest.raises(StopRequested):  # while fetching: abandons at once
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)


def _run_watch(db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NEWSDESK_NO_STORIES": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "watch",
            "--once",
            "--no-topics",
            "--delay",
            "0",
            "--allow-private",
            "--db",
            str(db),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigterm_during_a_poll_leaves_a_consistent_store(server, tmp_path):
    for n in range(6):
        server.pages[f"/slow/{n}.html"] = page(n)
    server.slow["/slow/3.html"] = 30.0  # the poll is stuck here when SIGTERM arrives
    server.feeds["/slow.xml"] = Feed(
        rss([item(n, server.base, short=True, path="/slow/{n}.html") for n in range(6)]),
        etag='"s1"',
    )
    db = tmp_path / "k.db"
    assert main(["sources", "add", server.base + "/slow.xml", "--db", str(db)]) == 0
    proc = _run_watch(db)
    try:
        assert server.slow_started.wait(60), "the watcher never reached the slow page"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped by SIGTERM during a poll of" in err and "Traceback" not in err

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0  # no half batch
    etag, success = conn.execute("SELECT etag, last_success FROM feed_sources").fetchone()
    assert etag is None and success is None  # the poll did not count: it is redone
    conn.close()

    del server.slow["/slow/3.html"]
    proc = _run_watch(db)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "6 new" in out
    s = _store(db)
    assert s.count() == 6 and s.feed_sources()[0]["etag"] == '"s1"'
    s.close()
