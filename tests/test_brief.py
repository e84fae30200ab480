"""`newsdesk brief` end to end on the demo corpus: formats, citations, windows, errors."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from conftest import DEMO_DIR

from newsdesk.cli.main import main

TOPIC = "fentanyl, tariffs, cartels and migration in U.S.-Mexico relations"
CITE = re.compile(r"\[([0-9a-f]{8,})\]")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("brief") / "demo.db"
    assert main(["ingest", str(DEMO_DIR), "--db", str(db), "--no-progress"]) == 0
    return str(db)


def test_markdown_briefing_cites_every_sentence(demo_db, capsys, tmp_path):
    out = tmp_path / "b.md"
    assert main(["brief", TOPIC, "--db", demo_db, "--out", str(out)]) == 0
    md = out.read_text()
    body, _, sources = md.partition("## Sources")
    assert sources, "a Sources list follows the prose"
    paras = [p for p in body.split("\n\n") if p.strip() and not p.startswith("#")]
    assert len(paras) >= 3  # lead, strands, overall
    con = sqlite3.connect(demo_db)
    known = {r[0] for r in con.execute("SELECT id FROM articles")}
    cited = set(CITE.findall(body))
    assert cited and cited <= known
    # every cited ID is listed under Sources
    assert cited <= set(CITE.findall(sources))
    # no dateline survives
    assert not re.search(r"\b[A-Z]{3,}(?:,? [A-Z][a-z]+)? \(Continental Wire\)", body)


def test_json_citations_point_at_supporting_spans(demo_db, capsys):
    assert main(["brief", TOPIC, "--db", demo_db, "--format", "json"]) == 0
    b = json.loads(capsys.readouterr().out)
    con = sqlite3.connect(demo_db)
    n_extracted = 0
    for para in b["paragraphs"]:
        for s in para["sentences"]:
            assert s["kind"] in ("extracted", "repaired", "templated", "generated")
            if s["kind"] == "generated":
                # the planned "Overall" close: written from clauses of the strands' headline
                # sentences and checked by the verify stage like any written claim
                assert para["role"] == "overall" and s["citations"]
                continue
            if s["kind"] == "templated":
                continue
            n_extracted += 1
            assert s["citations"]
            spans = []
            for c in s["citations"]:
                row = con.execute("SELECT text FROM articles WHERE id = ?", (c["id"],)).fetchone()
                assert row is not None
                assert 0 <= c["start"] < c["end"] <= len(row[0])
                spans.append(row[0][c["start"]:c["end"]])
            # the sentence stands verbatim in at least one cited span; a repaired sentence
            # (leading pronoun replaced by the name, shown in brackets) after undoing the repair
            text = s["text"]
            for rep in sorted(s.get("repairs") or [], key=lambda r: -r["at"]):
                at = rep["at"]
                assert text[at:at + len(rep["replacement"])] == rep["replacement"]
                text = text[:at] + rep["original"] + text[at + len(rep["replacement"]):]
            assert any(text in span for span in spans), s["text"]
    assert n_extracted >= 4


def test_html_links_each_id(demo_db, capsys):
    assert main(["brief", TOPIC, "--db", demo_db, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.lstrip().lower().startswith("<!doctype html")
    ids = set(CITE.findall(html))
    assert ids
    for i in list(ids)[:5]:
        assert re.search(rf'<a [^>]*href="[^"]+"[^>]*>\[?{i}\]?</a>', html)


def test_thin_evidence_says_so(demo_db, capsys):
    rc = main(["brief", "Sinaloa fentanyl seizure", "--db", demo_db, "--since", "2026-02-03",
               "--until", "2026-02-03", "--format", "json"])
    assert rc == 0
    b = json.loads(capsys.readouterr().out)
    assert b["notice"] and b["notice"].startswith("Only")


def test_no_match_is_an_error(demo_db, capsys):
    rc = main(["brief", "quantum chromodynamics on a lattice", "--db", demo_db])
    captured = capsys.readouterr()
    assert rc != 0 and "no articles match" in captured.err and captured.out == ""
    rc = main(["brief", TOPIC, "--db", demo_db, "--since", "2030-01-01"])
    assert rc != 0 and "since 2030-01-01" in capsys.readouterr().err


def test_bad_arguments(demo_db, capsys, tmp_path):
    assert main(["brief", TOPIC, "--db", demo_db, "--words", "5"]) != 0
    assert "--words" in capsys.readouterr().err
    assert main(["brief", TOPIC, "--db", str(tmp_path / "none.db")]) != 0
    assert "no such database" in capsys.readouterr().err
