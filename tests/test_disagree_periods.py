"""Periods in the disagreement rules (issue 25, item 3): a figure told of a period between two
dates named is not the count of a sentence that names no time. The first case fails on the
rules of main at ebf5950. Paraphrases written for these tests; similarity is fixed (every pair
at cosine 0.9)."""

from __future__ import annotations

from test_disagree_spans import _at
from test_disagree_spans import _doc as _dated

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.periods import two_periods, when


def _doc(i: str, text: str) -> EvidenceDoc:
    return _dated(i, text)


def _numbers(a: EvidenceDoc, b: EvidenceDoc) -> list[tuple[str, str]]:
    got = find_disagreements([a, b], _at, every=True)
    return [(d.a.value.split()[0], d.b.value.split()[0]) for d in got if d.kind == "number"]


def test_a_count_over_a_period_of_dates_is_not_the_count_now():
    charged = "The indictment says Harlan had three wives between April 2, 2003, and July 9, 2006."
    now = "Neighbours say that Harlan now has five wives."
    assert _numbers(_doc("a", charged), _doc("b", now)) == []
    # the same two counts with no period named are one claim told two ways
    then = "Under the indictment, Harlan had three wives."
    assert _numbers(_doc("a", then), _doc("b", now)) == [("three", "five")]


def test_a_period_is_two_dates_joined_as_its_ends():
    from newsdesk.reltime import find_dates

    def w(text: str) -> str:
        return when(text, find_dates(text, None))

    assert w("The firm sold 400 cars from May 3 through June 20, 2005.") == "period"
    assert w("Prices rose between March 1, 2024, and March 4, 2024.") == "time"  # days, no period
    assert w("On Tuesday the firm said it sold 400 cars on March 3, 2005.") == "time"
    assert w("The firm sold 400 cars.") == ""
    assert two_periods("period", "") and not two_periods("period", "time")
    # a span counted back from now is one time, and a span of time is still compared
    one = "Lee had been in hospital for the past three weeks with a chest infection."
    two = "Lee had been in hospital for four weeks with a chest infection."
    assert _numbers(_doc("a", one), _doc("b", two)) == [("three", "four")]
