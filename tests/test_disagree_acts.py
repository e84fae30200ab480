"""Two dates are the day of one action only when they attach to one verb (issue 25, item 3,
:mod:`newsdesk.stories.acts`). The first test's cases fail on the rules of main at 87d34d9.
Paraphrases written for these tests; similarity is fixed (every pair of sentences at cosine
0.9), both articles dated 2026-02-12."""

from __future__ import annotations

import pytest
from test_disagree_frames import _dates
from test_disagree_spans import _found

from newsdesk.stories.acts import one_act, verb_at


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # a court appearance on a charge and the charge itself: two actions, two days
        (
            "The accused, Dale Hurst, made a brief appearance in county court Monday on a charge "
            "of murder.",
            "Dale Hurst, a 44-year-old roofer, was charged Saturday with murder, police said.",
        ),
        # a search that went on for days
        (
            "Army units were searching Wednesday for the bodies of the four kidnapped engineers.",
            "Army units were searching Friday for the bodies of the four kidnapped engineers.",
        ),
        # one end of a span is no day of one action
        (
            "The pastor is charged with practising bigamy between March 3 and June 9.",
            "The pastor is charged with practising bigamy on March 5, court files show.",
        ),
        # the rate at which a currency traded one day and its slide the day before
        (
            "The pound was trading at $1.2650 against the dollar on Friday morning in London.",
            "The pound slid to $1.2610 against the dollar on Thursday morning in London.",
        ),
    ],
)
def test_dates_of_two_verbs_are_no_disagreement(one: str, two: str) -> None:
    assert _dates(one, two) == []


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # one verb, active and passive
        (
            "The ministry on Wednesday ordered every soldier to get the vaccine at once.",
            "Every soldier was ordered Tuesday by the ministry to get the vaccine at once.",
        ),
        # one verb in two tenses
        (
            "The former agent, who leaked the papers to the press, died on Friday at home.",
            "The former agent, who had leaked the papers to the press, died Thursday at home.",
        ),
    ],
)
def test_dates_of_one_verb_still_disagree(one: str, two: str) -> None:
    assert len(_dates(one, two)) == 1


def test_the_verb_a_date_attaches_to() -> None:
    text = "Dale Hurst was charged Saturday with murder."
    at = text.index("Saturday")
    assert verb_at(text, at, at + len("Saturday")) == "char"
    text = "The deadline is Friday."
    at = text.index("Friday")
    assert verb_at(text, at, at + len("Friday")) is None


def test_ongoing_and_span_ends() -> None:
    text = "Army units were searching Wednesday for the bodies."
    assert not one_act(text, "Wednesday", "Army units searched Friday for the bodies.", "Friday")
    text = "He is charged with bigamy between March 3, 2005, and June 9, 2009."
    assert not one_act(
        text, "March 3, 2005", "He is charged with bigamy on March 5, 2005.", "March 5, 2005"
    )


def test_counts_of_times_of_two_verbs_are_no_disagreement() -> None:
    one = "Over his long career the comedian presided over the awards night three times."
    two = "Over his long career the comedian hosted the awards night five times, to acclaim."
    assert _found(one, two) == []
    one = "The officers shot the teenager 11 times outside his home, his family said."
    two = "The officers shot the teenager seven times outside his home, the autopsy showed."
    assert _found(one, two) == [("11", "seven")]
