"""Dates for undated articles: URL, dateline, text, and where each came from (issue 25, item 2).
Every test here fails on the old code (no ``newsdesk.ingest.datesource``, no ``date_source``)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import write_jsonl

from newsdesk.cli.main import main
from newsdesk.ingest.datesource import from_dateline, from_text, from_url, infer_date


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("https://www.cnn.com/2021/10/18/politics/qualified-immunity/index.html", "2021-10-18"),
        ("https://example.com/news/2021-08-30-kabul-airport", "2021-08-30"),
        ("https://example.com/story/20210830-kabul", "2021-08-30"),
        # a slug ending in its day
        (
            "https://news.example.com/world/us/house-leader-says-claim-poisons-vote-2021-05-03/",
            "2021-05-03",
        ),
        ("https://example.com/news/ten-point-plan-2021-05-03.html", "2021-05-03"),
        ("https://example.com/news/the-2020-10-3-point-plan", None),  # no whole day, slug goes on
        ("https://example.com/news/plan-2020-10-31-and-more", None),
        ("https://example.com/2021/8/3/kabul", "2021-08-03"),
        ("https://www.whitehouse.gov/articles/2025/02/slug/", None),  # a month, no day
        ("https://example.com/video/1234567890123", None),  # a long number is no date
        ("https://example.com/2021/02/30/no-such-day", None),
        ("https://example.com/a?d=20210830", None),  # the query is not the path
        (None, None),
    ],
)
def test_url_dates(url, want):
    got = from_url(url)
    assert (got.isoformat() if got else None) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("KABUL, Aug. 30, 2021 (Reuters) - A rocket hit a house.", "2021-08-30"),
        ("KABUL, Aug. 30 (Reuters) - The 2021 evacuation ended.", "2021-08-30"),
        ("KABUL, Aug. 30 (Reuters) - No year is named here.", None),
        ("KABUL, Aug. 30 (Reuters) - Talks of 2020 and 2021.", None),  # which year: none
        ("SACRAMENTO, Calif., Sept. 3, 2021 (AP) — The governor", "2021-09-03"),
        ("Published: Monday, August 30, 2021. The ministry said", "2021-08-30"),
        ("The ministry said on Aug. 30, 2021 that", None),  # not an opening dateline
    ],
)
def test_datelines(text, want):
    got = from_dateline(text)
    assert (got.isoformat() if got else None) == want


def test_text_dates_are_conservative():
    got = from_text("Talks ended on Monday, August 30, 2021 and resume Tuesday, Aug. 31, 2021.")
    assert got is not None and got.isoformat() == "2021-08-31"
    # a bare full date mostly names another event
    assert from_text("Claims were the lowest since March 14, 2020, the department said.") is None
    assert from_text("It happened on Friday, August 30, 2021.") is None  # that was a Monday
    # dates weeks apart: the article could be from either, or later
    assert from_text("On Monday, Aug. 2, 2021 and on Monday, Aug. 30, 2021 they met.") is None
    assert from_text("It happened on Monday, August 30.") is None  # no year


def test_infer_date_order_and_sources():
    assert infer_date("2026-01-05T08:00:00Z", "https://x.com/2021/08/30/a", "") == (
        "2026-01-05T08:00:00Z",
        "metadata",
    )
    assert infer_date(None, "https://x.com/2021/08/30/a", "KABUL, Aug. 1, 2021 -") == (
        "2021-08-30",
        "url",
    )
    assert infer_date(None, "https://x.com/a", "KABUL, Aug. 1, 2021 - x") == (
        "2021-08-01",
        "dateline",
    )
    assert infer_date(None, None, "Said on Wednesday, June 2, 2021.") == ("2021-06-02", "text")
    assert infer_date(None, None, "Nothing dated.") == (None, "none")
    # a URL naming only a month vetoes a text date from another month
    assert infer_date(None, "https://x.gov/a/2026/07/slug/", "On Monday, May 18, 2026.") == (
        None,
        "none",
    )


def test_ingest_records_the_date_source_and_show_prints_it(tmp_path, capsys):
    body = "The harbor council approved the budget after a long debate about dredging work."
    recs = [
        {"title": "Dated by the source", "text": body + " One.", "published": "2026-01-05"},
        {"title": "Dated by the URL", "text": body + " Two.",
         "url": "https://news.example.com/2021/08/30/harbor"},
        {"title": "Dated by a dateline", "text": "PORTLAND, Maine, Aug. 2, 2021 (AP) - " + body},
        {"title": "Undated", "text": body + " Four."},
    ]  # fmt: skip
    db = tmp_path / "d.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "in.jsonl", recs)), "--db", str(db)]) == 0
    capsys.readouterr()
    rows = dict(
        sqlite3.connect(db).execute("SELECT title, published || ' ' || date_source FROM articles")
    )
    assert rows["Dated by the source"] == "2026-01-05 metadata"
    assert rows["Dated by the URL"] == "2021-08-30 url"
    assert rows["Dated by a dateline"] == "2021-08-02 dateline"
    con = sqlite3.connect(db)
    aid, undated = con.execute(
        "SELECT id, published IS NULL AND date_source = 'none' FROM articles "
        "WHERE title = 'Undated'"
    ).fetchone()
    assert undated
    url_id = con.execute("SELECT id FROM articles WHERE date_source = 'url'").fetchone()[0]
    assert main(["show", url_id, "--db", str(db)]) == 0
    assert "published: 2021-08-30 (from url)" in capsys.readouterr().out
    assert main(["show", url_id, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["date_source"] == "url"


def test_brief_since_on_an_undated_store_counts_the_undated(tmp_path, capsys):
    body = "The harbor council approved the budget after a long debate about dredging work."
    recs = [{"title": f"Harbor budget {i}", "text": f"{body} Item {i}."} for i in range(3)]
    db = tmp_path / "u.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "in.jsonl", recs)), "--db", str(db)]) == 0
    capsys.readouterr()
    rc = main(["brief", "harbor budget", "--db", str(db), "--since", "2026-01-01"])
    err = capsys.readouterr().err
    assert rc != 0
    assert "3 of 3 articles have no date" in err and "Traceback" not in err
