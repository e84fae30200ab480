"""``newsdesk eval verify``: the labelled set's corruptions, and a small slice of the real
evaluation (skipped when ../shared/data is absent)."""

from __future__ import annotations

import json
import random
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
