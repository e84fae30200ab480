"""Update briefings, disagreements and cited timelines on the bundled demo corpus (real
store, real embedding model)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DEMO_DIR, write_jsonl

from newsdesk.cli.app import main

TOPIC = "fentanyl, tariffs, cartels and migration in U.S.-Mexico relations"
SPLIT = "2026-02-04"  # the middle of the demo corpus's dates (2026-01-12 .. 2026-02-27)


def _records():
    out = []
    for f in sorted(DEMO_DIR.glob("*.jsonl")):
        out += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line]
    return out


@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    d = tmp_path_factory.mktemp("halves")
    recs = _records()
    first = write_jsonl(d / "first.jsonl", [r for r in recs if r["published"][:10] <= SPLIT])
    second = write_jsonl(d / "second.jsonl", [r for r in recs if r["published"][:10] > SPLIT])
    return first, second


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, embedder):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["ingest", str(DEMO_DIR), "--db", str(db)]) == 0
    return db


def _words(text: str) -> list[str]:
    from newsdesk.retrieve import query_terms

    return [w for w in query_terms(text) if len(w) > 2]


def _bigrams(text: str) -> set[tuple[str, str]]:
    w = re.findall(r"[a-z0-9]+", text.lower())
    return set(zip(w, w[1:], strict=False))


def _brief_json(db, *args):
    from contextlib import redirect_stdout
    from io import StringIO

    buf = StringIO()
    with redirect_stdout(buf):
        rc = main(["brief", TOPIC, "--format", "json", "--db", str(db), *args])
    assert rc == 0
    return json.loads(buf.getvalue())


def _sentences(b) -> list[dict]:
    return [s for p in b["paragraphs"] for s in p["sentences"]]


def test_update_after_first_half_repeats_none_of_its_facts(tmp_path, halves, embedder):
    first, second = halves
    db = tmp_path / "u.db"
    assert main(["ingest", str(first), "--db", str(db), "--no-stories"]) == 0
    b1 = _brief_json(db)
    assert main(["ingest", str(second), "--db", str(db), "--no-stories"]) == 0
    b2 = _brief_json(db, "--since-last")
    assert b2["notice"].startswith("What is new since the last briefing")
    s1 = [s["text"] for s in _sentences(b1)]
    s2 = _sentences(b2)
    assert len(s2) >= 3
    published = {a["id"]: a["published"] for a in b2["sources"]}
    for s in s2:
        # only articles of the second half are cited ...
        assert all(published[c["id"]][:10] > SPLIT for c in s["citations"])
        # ... and no sentence restates a sentence of the first briefing
        assert s["text"] not in s1
        for old in s1:
            shared = _bigrams(s["text"]) & _bigrams(old)
            assert len(shared) / max(1, len(_bigrams(s["text"]))) < 0.5, (s["text"], old)
    assert all(s["verdict"]["ok"] for s in s2)

    # asked again with nothing new in between: says so, cites nothing
    b3 = _brief_json(db, "--since-last")
    assert b3["notice"].startswith("No new developments since the last briefing")
    assert b3["paragraphs"] == []


def test_new_since_counts_earlier_articles_as_read(demo_db, capsys):
    b = _brief_json(demo_db, "--new-since", SPLIT)
    cited = {c["id"] for s in _sentences(b) for c in s["citations"]}
    assert cited
    assert all(a["published"][:10] > SPLIT for a in b["sources"])
    assert b["notice"].startswith(f"What is new since {SPLIT}")
    assert main(["brief", TOPIC, "--new-since", "2026-13-01", "--db", str(demo_db)]) == 2
    assert "--new-since '2026-13-01'" in capsys.readouterr().err
    empty = _brief_json(demo_db, "--new-since", "2026-03-31")
    assert empty["notice"] == "No new developments since 2026-03-31." and not empty["paragraphs"]


def test_troop_number_disagreement_is_found(demo_db, capsys):
    from newsdesk.store.sqlite import SQLiteStore

    s = SQLiteStore(demo_db)
    sid = s.story_of(next(a["id"] for a in s.list_articles() if "15,000 troops" in a["title"]))
    s.close()
    assert sid is not None
    assert main(["story", sid, "--json", "--db", str(demo_db)]) == 0
    story = json.loads(capsys.readouterr().out)
    troops = [d for d in story["disagreements"] if d["subject"] == "troop"]
    assert troops, story["disagreements"]
    values = sorted(side["value"].split()[0] for side in troops[0]["sides"])
    assert values == ["10,000", "15,000"]
    sources = {side["source"] for side in troops[0]["sides"]}
    assert len(sources) == 2
    for side in troops[0]["sides"]:
        assert side["value"].split()[0] in side["sentence"]

    b = _brief_json(demo_db, "--disagreements", "--since", "2026-02-10", "--until", "2026-02-16")
    differ = [p for p in b["paragraphs"] if p.get("label") == "Where reports differ"]
    assert differ, [p.get("label") for p in b["paragraphs"]]
    text = " ".join(s["text"] for s in differ[0]["sentences"])
    assert "15,000" in text and "10,000" in text
    assert all(s["verdict"]["ok"] for s in differ[0]["sentences"])


def test_story_and_topic_timelines_cite_verbatim_sentences(demo_db, capsys):
    from newsdesk.store.sqlite import SQLiteStore

    assert main(["timeline", TOPIC, "--since", "2026-02-01", "--json", "--db", str(demo_db)]) == 0
    out = json.loads(capsys.readouterr().out)
    days = out["days"]
    assert days and all(d["day"] >= "2026-02-01" for d in days)
    s = SQLiteStore(demo_db)
    texts = s.texts({x["id"] for d in days for x in d["sentences"]})
    s.close()
    for d in days:
        assert len(d["sentences"]) <= 2
        for x in d["sentences"]:
            assert texts[x["id"]][x["start"] : x["end"]] == x["text"]
    assert sum(bool(d["sentences"]) for d in days) >= len(days) - 2
    assert main(["timeline", TOPIC, "--db", str(demo_db)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"^2026-02-12 ", text, re.M) and "([" in text
    assert (
        main(
            [
                "timeline",
                TOPIC,
                "--since",
                "2026-02-10",
                "--until",
                "2026-02-01",
                "--db",
                str(demo_db),
            ]
        )
        == 2
    )


def test_saved_topic_is_briefed_when_due_and_keeps_its_history(demo_db, tmp_path, capsys):
    out = tmp_path / "briefings"
    db = str(demo_db)
    assert (
        main(
            [
                "topics",
                "add",
                "measles outbreak in Ashgrove County",
                "--every",
                "daily",
                "--out",
                str(out),
                "--db",
                db,
            ]
        )
        == 0
    )
    assert main(["topics", "run", "--db", db]) == 0
    assert "briefing, wrote" in capsys.readouterr().out
    folder = out / "measles-outbreak-in-ashgrove-county"
    assert {p.suffix for p in folder.glob("latest.*")} == {".md", ".html", ".json"}
    first = json.loads((folder / "latest.json").read_text(encoding="utf-8"))
    assert first["paragraphs"]
    # not due again until tomorrow
    assert main(["topics", "run", "--db", db]) == 0
    assert "no saved topic is due" in capsys.readouterr().out
    from newsdesk.store.sqlite import SQLiteStore

    s = SQLiteStore(demo_db)
    t = s.get_saved_topic("1")
    s.update_saved_topic(t["id"], {"next_due": "2000-01-01T00:00:00Z"})
    s.close()
    assert main(["topics", "run", "--db", db]) == 0
    assert "no new developments" in capsys.readouterr().out
    again = json.loads((folder / "latest.json").read_text(encoding="utf-8"))
    assert again["notice"].startswith("No new developments since the last briefing")
    assert len(list(folder.glob("*.md"))) == 3  # two runs kept, and latest.md
    assert main(["topics", "show", "1", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "none" in shown and "full" in shown
    assert main(["topics", "list", "--db", db]) == 0
    assert "measles outbreak" in capsys.readouterr().out
