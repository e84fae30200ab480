"""Whose figure, which group, which day (issue 25, item 3, session of 2026-12-08): an owner
named in the article's sentences before the figure's ("He", "The 26-year-old"), play told in
the sentence before, a breakdown against its total, "one of N", those who spoke, a fraction's
sign after the digits, and a day right after a verb of speaking. Each case of the tests named
``..._no_disagreement`` fails on the rules of main at ae97dd2. Paraphrases written for these
tests; similarity is fixed (every pair of sentences at cosine 0.9)."""

from __future__ import annotations

import pytest
from test_disagree_frames import _dates
from test_disagree_spans import _found

from newsdesk.stories.acts import verb_at
from newsdesk.stories.groups import breakdown_total, one_of, spoke
from newsdesk.stories.owners import owners


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # "He" is the named subject of the sentence before: two runners' races
        (
            "Tomas Varga won the hill race at Keswick. He has run 42 races for the club.",
            "Pieter Lund won the hill race at Keswick. He has run 36 races for the club.",
        ),
        # a person told by age is the one named before: two players' caps
        (
            "Rhys Morgan was named in the squad. The 26-year-old has won 31 caps for Wales.",
            "Dafydd Price was named in the squad. The 24-year-old has won 22 caps for Wales.",
        ),
    ],
)
def test_figures_of_two_people_named_before_are_no_disagreement(one: str, two: str) -> None:
    assert _found(one, two) == []


def test_figures_of_one_person_named_before_still_disagree() -> None:
    one = "Tomas Varga won the hill race at Keswick. He has run 42 races for the club."
    two = "Tomas Varga won the fell race at Keswick. He has run 36 races for the club."
    assert _found(one, two) == [("42", "36")]


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # a sentence after one of play tells of the game: a tally before and after a match
        (
            "Dawson scored twice in the first half at Elm Park. Dawson has 14 goals in the league.",
            "Dawson scored the winner in the second half. Dawson has 11 goals in the league.",
        ),
        # a medal count and its golds, listed with the silver: 4 + 1 is the other's 5
        (
            "Harper won four gold medals and one silver at the last Games.",
            "Harper, who won five medals at the last Games, has now retired from the sport.",
        ),
        # two groups one member is put in, each described by the writer
        (
            "Grant, one of six managers charged in the case, gave evidence for the state.",
            "In evidence, Grant named Ford as one of five managers who took part in the fraud.",
        ),
        # those who spoke against those arrested
        (
            "Police said two activists arrested this week would face charges of sedition.",
            "In an open letter, three activists said that the arrests broke the law.",
        ),
        # the whole part of a mixed number: 4½ is no four
        (
            "The former aide served 4\u00bd months in prison for perjury.",
            "The former aide served five months in prison for perjury.",
        ),
        # a character the text lost in the fraction's place
        (
            "The former aide served 4\ufffd months in prison for perjury.",
            "The former aide served five months in prison for perjury.",
        ),
    ],
)
def test_parts_groups_and_play_are_no_disagreement(one: str, two: str) -> None:
    assert _found(one, two) == []


@pytest.mark.parametrize(
    ("one", "two", "want"),
    [
        # one medal count, told two ways
        (
            "Harper won four medals at the last Games.",
            "Harper, who won five medals at the last Games, has now retired from the sport.",
            [("four", "five")],
        ),
        # one group of speakers counted twice
        (
            "In an open letter, two activists said that the arrests broke the law.",
            "In an open letter, three activists said that the arrests broke the law.",
            [("two", "three")],
        ),
    ],
)
def test_one_group_still_disagrees(one: str, two: str, want: list[tuple[str, str]]) -> None:
    assert _found(one, two) == want


def test_a_day_right_after_a_verb_of_speaking_is_the_days_of_two_reports() -> None:
    one = "State health officials said Thursday the virus is likely present across the state."
    two = "Officials reported on Wednesday that the virus is likely present across the state."
    assert _dates(one, two) == []
    three = "State health officials said Wednesday the virus is likely present across the state."
    assert len(_dates(one, three)) == 1  # one verb: the same report on two days


def test_the_helpers() -> None:
    second = "He has run 42 races for the club."
    assert owners(second, second.index("42"), ("Tomas Varga won the hill race.",))[0] == {
        "tomas",
        "varga",
    }
    assert owners(second, second.index("42"))[0] == frozenset()
    medals = "Harper won four gold medals and one silver at the last Games."
    assert breakdown_total(medals, medals.index("four")) == 5
    assert breakdown_total("Harper won four medals.", len("Harper won ")) is None
    group = "Grant, one of six managers charged in the case, gave evidence."
    assert one_of(group, group.index("six")) and not one_of(medals, medals.index("four"))
    letter = "Three activists said that the arrests broke the law."
    assert spoke(letter, 0)
    assert not spoke("Three activists were arrested on Monday.", 0)
    said = "Officials said Thursday the virus is present."
    at = said.index("Thursday")
    assert verb_at(said, at, at + len("Thursday"), adjacent=True) == "say"
