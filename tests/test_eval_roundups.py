"""``newsdesk eval roundups``: loading, baselines, the table, a slice of the real AllSides set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli.main import main
from newsdesk.errors import InputError
from newsdesk.evaluate.roundups import (
    format_roundups_table,
    lead_round_robin,
    load_roundup_stories,
    run_roundups_eval,
    url_date,
    whole_sentences,
)


def _story(sid: int, sides: tuple[str, ...] = ("left", "center", "right")) -> dict:
    bodies = {
        "left": [
            "The Senate voted on Thursday to raise the federal debt limit until December.",
            "The vote was 50 to 48 after a deal between party leaders...",
        ],
        "center": [
            "Lawmakers approved a short-term increase of the debt limit on Thursday night.",
            "The measure now goes to the House, which is expected to pass it next week.",
        ],
        "right": [
            "Senate Republicans let a short-term debt limit increase pass on Thursday.",
            "Minority Leader Mitch McConnell said the deal would be the last of its kind.",
        ],
    }
    return {
        "id": sid,
        "roundup": [
            "The Senate on Thursday passed a short-term increase of the debt limit, pushing the "
            "fight into December; the House is expected to pass it next week."
        ],
        "news": {
            side: {
                "newsSource": f"{side.title()} News",
                "newsTitle": f"{side} title",
                "newsLink": f"https://{side}.example.com/2021/10/07/debt-limit-{sid}",
                "newBody": bodies[side],
            }
            for side in sides
        },
    }


@pytest.fixture()
def stories_file(tmp_path: Path) -> Path:
    path = tmp_path / "stories_2021.jsonl"
    rows = [_story(1), _story(2), _story(3, ("left", "right"))]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_only_three_outlet_stories_are_loaded(stories_file: Path) -> None:
    stories = load_roundup_stories(stories_file)
    assert [s.id for s in stories] == [1, 2]
    d = stories[0].docs[0]
    assert d.published == "2021-10-07"  # from the URL: the story's own date is not handed over
    assert d.text[d.sentences[0].start : d.sentences[0].end] == d.sentences[0].text


def test_a_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(_story(1)) + "\n{not json\n")
    with pytest.raises(InputError, match=r"s\.jsonl:2: not JSON"):
        load_roundup_stories(path)


def test_url_dates() -> None:
    assert url_date("https://www.cnn.com/2021/10/18/politics/x/index.html") == "2021-10-18"
    assert url_date("https://www.nationalreview.com/2021/10/defending/") is None
    assert url_date(None) is None


def test_baselines_round_robin_and_whole_sentences() -> None:
    sents = [["a1 x x", "a2 x x"], ["b1 x x x x"], ["c1 x"]]
    rr = lead_round_robin(sents, 100)
    assert [s for _, s in rr] == ["a1 x x", "b1 x x x x", "c1 x", "a2 x x"]
    # the cut form stops once the budget is reached; the whole form skips what does not fit
    assert [s for _, s in lead_round_robin(sents, 5)] == ["a1 x x", "b1 x x x x"]
    assert [s for _, s in whole_sentences(rr, 6)] == ["a1 x x", "c1 x"]


def test_eval_runs_and_never_fails_a_briefing(stories_file: Path, embedder) -> None:
    result = run_roundups_eval(stories_file, embed=embedder.encode)
    rows = {(r["system"], r["words"]): r for r in result["rows"]}
    assert ("newsdesk", 50) in rows and ("sumy LexRank, whole", 100) in rows
    assert ("lead round-robin, cut", 50) in rows
    # newsdesk under the DUC protocol too: its ranked selection plus the next sentence, cut
    assert ("newsdesk, cut", 50) in rows and ("newsdesk, cut", 100) in rows
    assert rows[("newsdesk, cut", 50)]["all"]["stories"] == 2
    assert result["failures"] == []
    nd = rows[("newsdesk", 50)]["all"]
    assert nd["stories"] == 2 and nd["failed"] == 0
    assert 0.0 <= nd["two_outlets"] <= 1.0
    table = format_roundups_table(result)
    assert "50 words" in table and "100 words" in table and "failed briefings: none" in table


def _real_data() -> Path:
    from newsdesk.cli.evaluate import default_data_dir

    return default_data_dir()


@pytest.mark.skipif(
    not (_real_data() / "allsides" / "stories_2021.jsonl").is_file(),
    reason="AllSides data not present (../shared/data/allsides)",
)
def test_real_allsides_slice(capsys) -> None:
    assert main(["eval", "roundups", "--limit", "6", "--no-progress", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["stories"] == 6
    assert result["failures"] == []
    systems = {r["system"] for r in result["rows"]}
    assert {"newsdesk", "sumy LexRank, cut", "lead round-robin, whole"} <= systems
