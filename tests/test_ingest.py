"""End-to-end ingest through the CLI and the Ingestor, on real SQLite and the real model."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO_DIR, write_jsonl

from newsdesk.cli.main import main

WORDS = (
    "harbor council budget vote river bridge school teacher union strike crane port ship "
    "cargo rail freight merger nurse hospital clinic vaccine county outbreak mayor senator "
    "court ruling tariff peso market factory farmer drought rain storm flood energy grid "
    "solar wind power price fuel road transit bus train airport runway pilot airline"
).split()


def synthetic(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = []
        for _ in range(3):
            sents = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
                for _ in range(3)
            ]
            paras.append(" ".join(sents))
        out.append(
            {
                "title": f"Report {i}: " + " ".join(rng.choice(WORDS) for _ in range(5)),
                "text": "\n\n".join(paras),
                "url": f"https://news.example.com/2026/01/{i:05d}",
                "published": f"2026-01-{1 + i % 28:02d}T10:00:00Z",
                "source": f"Outlet {i % 5}",
            }
        )
    return out


ARTICLE = (
    "The city council approved the harbor budget on Tuesday after a long debate about dredging. "
    "Council members said the vote would keep cargo ships moving through the winter months. "
    "The plan sets aside money for new cranes, a wider channel and repairs to the old pier.\n\n"
    "Dock workers welcomed the decision but warned that staffing remained a concern. "
    "A union spokesperson said crews had worked double shifts for most of the autumn season. "
    "The port authority expects traffic to grow by a tenth next year as two shipping lines "
    "add routes to the region."
)


def wire_copy(text: str) -> str:
    # a lightly edited re-publication: a word changed and a clause trimmed
    t = text.replace("long debate", "lengthy debate")
    return t.replace(" as two shipping lines add routes to the region", "")


def test_ingest_counts_duplicates_near_duplicates_and_ids_are_stable(tmp_path, capsys):
    recs = [
        {"title": "Council backs harbor budget", "text": ARTICLE,
         "url": "https://wire.example.com/harbor?utm_source=rss", "source": "Wire",
         "published": "2026-01-05T08:00:00Z"},
        # the same URL with tracking parameters and a fragment: exact duplicate
        {"title": "Council backs harbor budget", "text": ARTICLE,
         "url": "https://WIRE.example.com/harbor#x", "source": "Wire"},
        # the same text elsewhere: exact duplicate
        {"title": "Harbor budget passes", "text": ARTICLE,
         "url": "https://other.example.com/a", "source": "Other"},
        # a wire copy: near-duplicate
        {"title": "Harbor budget approved", "text": wire_copy(ARTICLE),
         "url": "https://daily.example.com/harbor-budget", "source": "Daily",
         "published": "2026-01-05T11:00:00Z"},
        *synthetic(5),
    ]
    src = write_jsonl(tmp_path / "in.jsonl", recs)
    db1, db2 = tmp_path / "one.db", tmp_path / "two.db"
    assert main(["ingest", str(src), "--db", str(db1), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["ingested"], out["duplicates"], out["near_duplicates"], out["rejected"]) == (
        7, 2, 1, 0)
    # again: nothing new
    assert main(["ingest", str(src), "--db", str(db1)]) == 0
    assert capsys.readouterr().out.strip() == (
        "ingested 0, duplicates 9, near-duplicates 0, rejected 0")
    # a fresh store gives the same IDs
    assert main(["ingest", str(src), "--db", str(db2), "--json"]) == 0
    capsys.readouterr()
    ids = [sorted(r[0] for r in sqlite3.connect(d).execute("SELECT id FROM articles"))
           for d in (db1, db2)]
    assert ids[0] == ids[1] and all(len(i) == 8 for i in ids[0])

    con = sqlite3.connect(db1)
    orig, copy = con.execute(
        "SELECT a.id, b.id FROM articles a JOIN articles b ON b.original_id = a.id").fetchone()
    assert main(["show", copy[:5], "--db", str(db1)]) == 0
    shown = capsys.readouterr().out
    assert f"near-duplicate of [{orig}]" in shown
    assert main(["show", orig, "--db", str(db1), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["copies"]] == [copy]
    # sentences index the stored text exactly
    text = data["text"]
    assert data["sentences"] and all(text[s["start"]:s["end"]] == s["text"]
                                     for s in data["sentences"])


def test_earlier_copy_becomes_the_original(tmp_path, capsys):
    late = {"title": "Harbor budget approved", "text": wire_copy(ARTICLE),
            "url": "https://daily.example.com/h", "published": "2026-01-06T09:00:00Z"}
    early = {"title": "Council backs harbor budget", "text": ARTICLE,
             "url": "https://wire.example.com/h", "published": "2026-01-05T09:00:00Z"}
    db = tmp_path / "r.db"
    main(["ingest", str(write_jsonl(tmp_path / "a.jsonl", [late])), "--db", str(db)])
    main(["ingest", str(write_jsonl(tmp_path / "b.jsonl", [early])), "--db", str(db)])
    capsys.readouterr()
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT url, original_id FROM articles"))
    ids = dict(con.execute("SELECT url, id FROM articles"))
    assert rows["https://wire.example.com/h"] is None
    assert rows["https://daily.example.com/h"] == ids["https://wire.example.com/h"]
    lineages = {r[0] for r in con.execute("SELECT lineage_id FROM articles")}
    assert lineages == {ids["https://wire.example.com/h"]}


def test_collision_grows_the_newcomers_id(tmp_path, monkeypatch, capsys):
    import newsdesk.ingest.pipeline as ing

    real = ing.article_key
    monkeypatch.setattr(
        ing, "article_key", lambda url, t, x, *more: "c0ffee00" + real(url, t, x, *more)[8:]
    )
    recs = synthetic(3)
    db = tmp_path / "c.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "c.jsonl", recs)), "--db", str(db)]) == 0
    ids = sorted(r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles"))
    assert ids[0] == "c0ffee00" and len(ids[1]) == 10 and len(ids[2]) >= 10
    assert main(["show", "c0ffee", "--db", str(db)]) == 3
    assert "ambiguous" in capsys.readouterr().err


def test_unknown_id_and_missing_source_are_one_line_errors(tmp_path, capsys):
    db = tmp_path / "e.db"
    main(["ingest", str(write_jsonl(tmp_path / "x.jsonl", synthetic(1))), "--db", str(db)])
    capsys.readouterr()
    assert main(["show", "ffffffff", "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no article" in err
    assert main(["ingest", str(tmp_path / "nope.jsonl"), "--db", str(db)]) != 0
    err = capsys.readouterr().err
    assert "nope.jsonl" in err and "Traceback" not in err


def test_bad_input_fixture_counts_and_strict(tmp_path, capsys):
    from conftest_http import make_bad_input_dir

    expected = make_bad_input_dir(tmp_path / "bad")
    db = tmp_path / "b.db"
    rc = main(["ingest", str(tmp_path / "bad"), "--db", str(db), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["ingested"] == expected["good"]
    assert out["rejected"] == expected["rejected"] == len(out["rejects"])
    assert all(r["where"] and r["reason"] for r in out["rejects"])
    # the plain run prints one line per reject on stderr and no traceback
    db2 = tmp_path / "b2.db"
    rc = main(["ingest", str(tmp_path / "bad"), "--db", str(db2), "--strict"])
    captured = capsys.readouterr()
    assert rc != 0
    assert "Traceback" not in captured.err
    assert len([ln for ln in captured.err.splitlines() if ln.strip()]) == expected["rejected"]
    assert captured.out.strip().endswith(f"rejected {expected['rejected']}")


def test_demo_corpus_links_wire_copies(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["ingest", str(DEMO_DIR), "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ingested"] >= 80 and out["rejected"] == 0
    assert out["near_duplicates"] >= 8
    con = sqlite3.connect(db)
    n_sources = con.execute("SELECT COUNT(DISTINCT source) FROM articles").fetchone()[0]
    assert n_sources >= 8
    # every copy points at an article from Continental Wire Service (the wire) or its lineage root
    rows = con.execute(
        "SELECT c.id, o.source FROM articles c JOIN articles o ON o.id = c.lineage_id "
        "WHERE c.original_id IS NOT NULL").fetchall()
    assert rows and all(src == "Continental Wire Service" for _, src in rows)


@pytest.mark.timeout(600)
def test_kill_9_midway_then_rerun_gives_the_same_store(tmp_path):
    """SIGKILL at a known point mid-run: after two committed batches, with more to come.

    Deterministic rather than timed: the ingest reads a regular .jsonl file of 3 batches and a
    bit, then a second source, an http URL on a loopback server that never answers. Batches
    are pipelined (batch i is written once batch i+1 has been read), so by the time the server
    sees the request the first two batches are committed, the third is in flight, and the
    process cannot finish: it waits on the server until it is killed. (A named pipe is not an
    option: read_source rejects anything that is not a regular file and opens a file twice,
    once to sniff its head.)
    """
    from conftest_http import LoopbackServer

    batch = 64
    first = synthetic(3 * batch + 20, seed=11)
    recs = first + synthetic(300, seed=12)[len(first):]
    urls = [r["url"] for r in recs]
    assert len(set(urls)) == len(recs)
    head = write_jsonl(tmp_path / "head.jsonl", first)
    full = write_jsonl(tmp_path / "full.jsonl", recs)
    config = tmp_path / "config.toml"
    # fetch_timeout: the stalled request must outlast the test, not time out and let the run end
    config.write_text(f"batch_size = {batch}\nfetch_timeout = 900\n")
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NEWSDESK_NO_STORIES="1", NEWSDESK_CONFIG=str(config))
    cmd = [sys.executable, "-m", "newsdesk.cli", "ingest", "--no-progress", "--allow-private",
           "--db"]

    def committed(db: Path) -> int:
        try:
            con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1)
            try:
                return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:  # not created yet, or the schema is being set up
            return 0

    victim = tmp_path / "killed.db"
    server = LoopbackServer()
    try:
        stall = server.add("/more.jsonl", b"{}\n", content_type="application/x-ndjson",
                           delay=3600)  # waits on an event set when the server closes
        errors = tmp_path / "killed.stderr"
        with errors.open("wb") as err:  # a file, not a pipe that could fill up and block it
            proc = subprocess.Popen(cmd + [str(victim), str(head), stall], env=env,
                                    stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + 300
            n = 0
            while time.monotonic() < deadline and proc.poll() is None:
                if "/more.jsonl" in server.requests:
                    n = committed(victim)
                    if n >= 2 * batch:
                        break
                time.sleep(0.1)
            alive = proc.poll() is None
            assert alive, f"ingest ended early ({proc.returncode}): {errors.read_text()[-2000:]}"
            assert "/more.jsonl" in server.requests, "ingest never reached the stalled source"
            assert n >= 2 * batch, f"only {n} articles committed before the deadline"
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        server.close()
    assert proc.returncode == -signal.SIGKILL, "the ingest was not killed by the signal"
    # killed mid-run: whole batches committed, the rest of the first source and the second not
    n = committed(victim)
    assert 2 * batch <= n < len(first) and n % batch == 0, n

    con = sqlite3.connect(victim)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    subprocess.run(cmd + [str(victim), str(full)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    clean = tmp_path / "clean.db"
    subprocess.run(cmd + [str(clean), str(full)], env=env, check=True, stdout=subprocess.DEVNULL)

    def summary(db: Path) -> tuple:
        c = sqlite3.connect(db)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [r[0] for r in c.execute("SELECT url FROM articles")]
        assert sorted(stored) == sorted(urls), "every record stored exactly once"
        return (
            sorted(r[0] for r in c.execute("SELECT id FROM articles")),
            c.execute("SELECT COUNT(*) FROM sentences").fetchone()[0],
            c.execute("SELECT COUNT(*) FROM article_vectors").fetchone()[0],
            c.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0],
        )

    assert summary(victim) == summary(clean)
    assert len(summary(clean)[0]) == len(recs)
