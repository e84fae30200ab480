"""Graded on BBC "Chelsea": "This time Arsenal did not allow Chelsea to level so soon ..." read
in a briefing with no earlier game told (than when?). Our own paraphrases."""

from __future__ import annotations

from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.readability import standalone_problem


def test_this_time_leans_on_an_earlier_time_not_told():
    kinds = product_config().leaning
    lean = "This time the visitors did not let the hosts draw level before the break."
    assert standalone_problem(lean, strict_context=True, leaning=kinds) == "connective"
    that = "That time the council waited a week before it closed the bridge to lorries."
    assert standalone_problem(that, strict_context=True, leaning=kinds) == "connective"
    # a season named whole is no comparison
    season = "This time of year brings floods to the valley towns along the river."
    assert standalone_problem(season, strict_context=True, leaning=kinds) is None


def test_a_capital_inside_a_compound_is_no_antecedent_for_he():
    # graded blind, BBC "the Budget": "In an upbeat pre-Budget report, he slightly increased
    # borrowing ..." after a paragraph on another man
    kinds = product_config().leaning
    lean = "In a gloomy pre-Election speech, he promised lower fares but warned of delays."
    assert standalone_problem(lean, strict_context=True, leaning=kinds) == "reference"
    named = "After meeting Alan Price, he promised lower fares but warned of delays."
    assert standalone_problem(named, strict_context=True, leaning=kinds) is None
