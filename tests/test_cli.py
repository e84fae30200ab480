"""CLI behaviour: listing, stats, settings and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import write_jsonl

from newsdesk.cli.main import main

RECS = [
    {"title": "Rail merger hearing opens", "outlet": "Meridian Post",
     "date": "2026-01-14T10:00:00Z", "link": "https://meridian.example.com/a",
     "body": "Regulators opened a hearing on the rail merger on Wednesday. Shippers objected to "
             "the plan, saying rates would rise for grain and coal customers across the plains."},
    {"headline": "Nurses rally at the capitol", "publisher": "Tidewater Signal",
     "pubDate": "Mon, 02 Feb 2026 08:00:00 GMT", "url": "https://tidewater.example.com/b",
     "content": "Hundreds of nurses rallied at the state capitol on Monday to back a staffing "
                "bill. Hospital groups said the bill would cost too much to put in place."},
]


@pytest.fixture()
def db(tmp_path, capsys):
    path = tmp_path / "cli.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "r.jsonl", RECS)), "--db", str(path)]) == 0
    capsys.readouterr()
    return str(path)


def test_articles_filters_and_json(db, capsys):
    assert main(["articles", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in rows] == ["Meridian Post", "Tidewater Signal"]
    assert rows[1]["published"].startswith("2026-02-02")
    assert main(["articles", "--db", db, "--since", "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "Nurses rally" in out and "Rail merger" not in out
    assert main(["articles", "--db", db, "--source", "meridian post"]) == 0
    assert "Rail merger" in capsys.readouterr().out


def test_stats(db, capsys):
    assert main(["stats", "--db", db, "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["articles"] == 2 and st["sources"] == 2 and st["sentences"] >= 4
    assert st["first_published"].startswith("2026-01-14")


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["articles", "--since", "last week"], "--since"),
        (["show", "zz"], "not an article ID"),
        (["show", "0000"], "no article"),
    ],
)
def test_one_line_errors(db, capsys, argv, needle):
    rc = main(argv + ["--db", db])
    err = capsys.readouterr().err
    assert rc != 0 and needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_database_for_read_commands(tmp_path, capsys):
    rc = main(["stats", "--db", str(tmp_path / "none.db")])
    assert rc != 0 and "no such database" in capsys.readouterr().err


def test_env_and_config_file_choose_the_database(tmp_path, monkeypatch, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'db = "{tmp_path / "from-config.db"}"\n')
    src = write_jsonl(tmp_path / "r.jsonl", RECS[:1])
    monkeypatch.setenv("NEWSDESK_CONFIG", str(cfg))
    assert main(["ingest", str(src)]) == 0
    assert (tmp_path / "from-config.db").exists()
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "from-env.db"))
    assert main(["ingest", str(src)]) == 0
    assert (tmp_path / "from-env.db").exists()
    cfg.write_text("nonsense = 1\n")
    assert main(["stats"]) != 0
    assert "unknown setting" in capsys.readouterr().err


def test_console_script_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"{not json\n\xff\xfe\n")
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "ingest", str(bad), "--db", str(tmp_path / "x.db"),
         "--strict"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert f"{bad}:1:" in proc.stderr and f"{bad}:2:" in proc.stderr
