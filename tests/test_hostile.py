"""The defects of the hostile run (issue 24), each with a test that fails on the code before it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import write_jsonl

from newsdesk.cli.app import main

GOOD = {
    "title": "Budget passed",
    "text": "The council approved the budget on Monday after a debate.",
}
OTHER = {"title": "Other", "text": "A second article about trains."}


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    rc = main([*argv, "--no-progress"] if argv[0] in ("ingest", "verify") else argv)
    out, err = capsys.readouterr()
    return rc, out, err


def stored(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        sql = "SELECT id, url, canonical_url, source, text FROM articles"
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


# ------------------------------------------------------------------ 2: IPv6 hosts, 4: credentials


def test_ipv6_literal_url_is_stored_with_the_rest_of_its_batch(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [
            GOOD,
            {
                "title": "v6",
                "text": "A server on an IPv6 address answered.",
                "url": "http://[2001:db8::1]:8080/x",
            },
        ],
    )
    rc, out, err = run(["ingest", str(src), "--db", str(tmp_path / "n.db"), "--no-stories"], capsys)
    assert rc == 0, err
    assert "ingested 2" in out
    urls = {r["url"] for r in stored(tmp_path / "n.db")}
    assert "http://[2001:db8::1]:8080/x" in urls


def test_credentials_in_a_url_are_never_stored(tmp_path, capsys):
    src = write_jsonl(
        tmp_path / "a.jsonl",
        [{**GOOD, "url": "http://user:secret@example.com/story"}],
    )
    rc, _, err = run(["ingest", str(src), "--db", str(tmp_path / "n.db"), "--no-stories"], capsys)
    assert rc == 0, err
    (row,) = stored(tmp_path / "n.db")
    assert row["url"] == "http://example.com/story"
    assert "secret" not in row["canonical_url"] and "user" not in row["canonical_url"]


# ------------------------------------------------------------------ 3: config types


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('allow_private = "false"', "allow_private"),
        ("token = 123", "token"),
        ('fetch_timeout = "abc"', "fetch_timeout"),
        ("batch_size = 0", "batch_size"),
        ("[profile.x]\nmap = 3", "profile.x.map"),
    ],
)
def test_config_values_are_type_checked_with_the_key_named(tmp_path, capsys, line, key):
    cfg = tmp_path / "c.toml"
    cfg.write_text(line + "\n", encoding="utf-8")
    rc, out, err = run(["stats", "--config", str(cfg), "--db", str(tmp_path / "n.db")], capsys)
    assert rc != 0
    assert err.count("\n") == 1 and f": {key}: " in err, err


def test_a_well_typed_config_still_loads(tmp_path):
    from newsdesk.config import Settings

    cfg = tmp_path / "c.toml"
    cfg.write_text("allow_private = false\nfetch_timeout = 5\nbatch_size = 7\n", encoding="utf-8")
    s = Settings.load(str(tmp_path / "n.db"), str(cfg))
    assert (s.allow_private, s.fetch_timeout, s.batch_size) == (False, 5, 7)


# ------------------------------------------------------------------ 6: full disk, damaged store


def test_full_disk_is_one_error_naming_the_cause_and_keeps_what_was_committed(tmp_path):
    from newsdesk.errors import StoreError
    from newsdesk.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "n.db")
    store.set_meta("kept", "yes")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # as good as a full disk
    with pytest.raises(StoreError, match="disk is full") as info:
        store.set_meta("big", "x" * 200_000)
    assert info.value.__cause__ is None and info.value.__suppress_context__ is not False
    assert store.get_meta("kept") == "yes"
    store.close()


def test_a_damaged_store_is_one_line_not_a_traceback(tmp_path, capsys):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    (row,) = stored(db)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE sentences")
    conn.commit()
    conn.close()
    rc, _, err = run(["show", row["id"], "--db", str(db)], capsys)
    assert rc == 1
    assert err.startswith("newsdesk: ") and err.count("\n") == 1 and "sentences" in err, err


# ------------------------------------------------------------------ 7, 8: whose store is it


def test_a_store_from_a_newer_schema_is_not_written(tmp_path, capsys):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    conn.commit()
    conn.close()
    more = write_jsonl(tmp_path / "b.jsonl", [OTHER])
    rc, _, err = run(["ingest", str(more), "--db", str(db), "--no-stories"], capsys)
    assert rc != 0
    assert "99" in err and "newer" in err, err
    assert len(stored(db)) == 1


def test_a_user_version_from_the_future_is_not_written(tmp_path, capsys):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    more = write_jsonl(tmp_path / "b.jsonl", [OTHER])
    rc, _, err = run(["ingest", str(more), "--db", str(db), "--no-stories"], capsys)
    assert rc != 0 and "99" in err, err
    assert len(stored(db)) == 1


def test_an_unrelated_sqlite_file_is_not_turned_into_a_store(tmp_path, capsys):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    rc, _, err = run(["articles", "--db", str(db)], capsys)
    assert rc != 0 and "not a newsdesk store" in err
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert names == ["things"]


# ------------------------------------------------------------------ 9: verify on nested brackets


def test_entity_text_is_tamed_in_linear_time_and_keeps_offsets():
    from newsdesk.stories.entities import tame

    text = "Joe Biden met. " + "(" * 50_000 + "x" + ")" * 50_000 + " " + "a" * 1000
    out = tame(text)
    assert len(out) == len(text)
    assert out.startswith("Joe Biden met. ")
    assert max(len(w) for w in out.split()) <= 32


def test_nested_brackets_do_not_reach_the_tokenizer_as_one_token():
    """Counted in tokens, not seconds: 4,000 levels were 8,000 affix steps on one token."""
    from newsdesk.stories.entities import get_nlp, tame

    text = "Joe Biden met. " + "(" * 4000 + "x" + ")" * 4000
    tokens = get_nlp().tokenizer(tame(text))
    assert len(tokens) < 50


def test_verify_refuses_a_file_past_the_size_limit(tmp_path, capsys):
    big = tmp_path / "big.md"
    big.write_text("The council met ([72a80bcf]). " * 40_000, encoding="utf-8")
    rc, _, err = run(["verify", str(big), "--db", str(tmp_path / "n.db")], capsys)
    assert rc == 2 and "too large to verify" in err and err.count("\n") == 1


# ------------------------------------------------------------------ 10: a topic's unwritable folder


def test_a_topic_whose_folder_cannot_be_written_is_not_recorded_as_run(tmp_path, capsys):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # a file where the topic's folder should be (root can write anywhere; this stops it too)
    (out_dir / "council-budget").write_text("not a folder", encoding="utf-8")
    argv = ["topics", "add", "council budget", "--out", str(out_dir), "--db", str(db)]
    assert run(argv, capsys)[0] == 0
    rc, out, _ = run(["topics", "run", "--db", str(db)], capsys)
    assert "failed" in out
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT last_run FROM saved_topics").fetchone()[0]
    briefings = conn.execute("SELECT COUNT(*) FROM briefing_history").fetchone()[0]
    conn.close()
    assert runs is None and briefings == 0


# ------------------------------------------------------------------ 11: tracebacks


@pytest.mark.parametrize(
    "argv",
    [
        ["sources", "remove", "99999999999999999999999"],
        ["topics", "remove", "99999999999999999999999"],
        ["articles", "--limit", "99999999999999999999999"],
        ["ingest", "x.txt", "--dask", "garbage"],
    ],
)
def test_out_of_range_numbers_and_bad_addresses_are_one_line(tmp_path, capsys, argv):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    (tmp_path / "x.txt").write_text("A line of text about the council budget.", encoding="utf-8")
    argv = [str(tmp_path / "x.txt") if a == "x.txt" else a for a in argv]
    rc, _, err = run([*argv, "--db", str(db)], capsys)
    assert rc != 0
    assert err.count("\n") == 1 and "Traceback" not in err, err


def test_a_long_id_is_not_echoed_back_whole(tmp_path, capsys):
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", [GOOD])
    assert run(["ingest", str(src), "--db", str(db), "--no-stories"], capsys)[0] == 0
    rc, _, err = run(["show", "a" * 100_000, "--db", str(db)], capsys)
    assert rc != 0 and len(err) < 200


def test_nan_text_is_no_text(tmp_path, capsys):
    src = tmp_path / "a.jsonl"
    src.write_text('{"title": "t", "text": NaN}\n' + json.dumps(GOOD) + "\n", encoding="utf-8")
    rc, out, err = run(["ingest", str(src), "--db", str(tmp_path / "n.db"), "--no-stories"], capsys)
    assert "ingested 1" in out and "rejected 1" in out
    assert "a.jsonl:1: no article text" in err
