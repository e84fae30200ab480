"""``newsdesk eval verify``: the labelled set's corruptions, and a small slice of the real
evaluation (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
import random
import re
from datetime import date

import pytest
from conftest import SHARED_DATA

from newsdesk.cli.app import main
from newsdesk.evaluate.corruptions import (
    change_number,
    insert_negation,
    paraphrase,
    shift_date,
)
from newsdesk.verify import SourceDoc

DOC = SourceDoc(
    "abcd0001",
    "The council approved 3,400 new homes on Tuesday. Officials said that the plan would cost "
    "120 million dollars.",
    date(2026, 1, 9),
)


def test_corruptions_change_what_they_say_they_change():
    rng = random.Random(1)
    s = "The council approved 3,400 new homes on Tuesday."
    changed = change_number(s, DOC, rng)
    assert changed and "3,400" not in changed and changed.replace(" ", "") != s.replace(" ", "")
    moved = shift_date(s, DOC, rng)
    assert moved and "Tuesday" not in moved
    assert insert_negation("The plan would cost 120 million dollars.") == (
        "The plan would not cost 120 million dollars."
    )
    assert paraphrase("On Tuesday, the council approved 3,400 new homes in the city.") == (
        "The council approved 3,400 new homes in the city on Tuesday."
    )
    assert paraphrase("Officials said that the plan would cost 120 million dollars a year.") == (
        "The plan would cost 120 million dollars a year, Officials said."
    )


@pytest.mark.skipif(
    not (SHARED_DATA / "duc2006").is_dir(), reason="evaluation data not present (../shared/data)"
)
def test_eval_verify_on_a_small_slice(capsys):
    rc = main(["eval", "verify", "--limit", "1", "--data", str(SHARED_DATA), "--json"])
    assert rc == 0
    result = json.loads(capsys.readouterr().out)
    rows = result["summary"]["all"]
    assert rows["true"]["n"] > 5 and rows["citation"]["n"] > 5
    assert rows["false_alarms"]["rate"] <= 0.2
    for kind in ("number", "citation", "negation"):
        if rows[kind]["n"]:
            assert rows[kind]["rate"] >= 0.8, (kind, rows[kind])


def test_new_corruptions_change_a_date_form_the_article_does_not_state():
    from newsdesk.evaluate.corruptions import (
        shift_month,
        shift_relative,
        shift_weekday,
        shift_year,
        wrong_repair,
    )
    from newsdesk.verify.dates import date_misses

    doc = SourceDoc(
        "abcd0002",
        "Sales rose in March, the company said on Tuesday. Its 2025 results beat forecasts. "
        "Prices fell last week.",
        date(2026, 1, 9),  # a Friday
    )
    rng = random.Random(3)
    for fn, s in (
        (shift_month, "Sales rose in March, the company said."),
        (shift_year, "Its 2025 results beat forecasts."),
        (shift_weekday, "The company said on Tuesday that sales rose."),
        (shift_relative, "Prices fell last week."),
    ):
        changed = fn(s, doc, rng)
        assert changed and changed != s, fn.__name__
        assert date_misses(changed, [(doc.text, doc.day)]), (fn.__name__, changed)
        assert not date_misses(s, [(doc.text, doc.day)]), (fn.__name__, s)
    repaired = wrong_repair("The company said on Tuesday that sales rose.", doc, rng)
    # the article's Tuesday is January 6; the repair names the one a week off either way
    assert repaired and re.search(r"\[on Tuesday, (December 30|January 13)\]", repaired)


def test_hand_written_paraphrases_are_references_and_own_words():
    from newsdesk.evaluate.verification import PARAPHRASES

    rows = [
        line.split("\t")
        for line in PARAPHRASES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "corpus\t"))
    ]
    assert len(rows) >= 150
    assert all(len(r) == 4 and r[0] in ("duc2006", "allsides") and r[2].isdigit() for r in rows)
    assert {r[0] for r in rows} == {"duc2006", "allsides"}
