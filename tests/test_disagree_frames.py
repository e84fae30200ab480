"""Whether two figures can be one quantity at all, by principle (issue 25, item 3): two
moments, a whole and a part, games, running totals (:mod:`newsdesk.stories.frames`), heads
that differ (:mod:`newsdesk.stories.same`), days of reports and relative days a day apart
(:mod:`newsdesk.stories.days`). Each case fails on the rules before it (main at d5dfb09 for
the first). Paraphrases written for these tests; similarity is fixed (every pair of sentences
at cosine 0.9)."""

from __future__ import annotations

import pytest
from test_disagree_spans import _at, _doc, _found

from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.frames import other_frames
from newsdesk.stories.quantities import quantities


@pytest.mark.parametrize(
    ("one", "two", "why"),
    [
        # a share price at midday and at the close: two moments of one day
        (
            "Shares in the brewer were trading at 412 pence at midday in London.",
            "Shares in the brewer closed at 388 pence in London at the close.",
            "moments",
        ),
        # the crowd on two days of protest
        (
            "Police said some 300 protesters marched through the town centre on Friday.",
            "Police said some 500 protesters marched through the town centre on Sunday.",
            "moments",
        ),
        # the nation's share of the vote against a constituency's
        (
            "The Greens took 9% of the vote in the constituency, their best result in the city.",
            "The Greens took 6% of the vote nationwide, their best result in the city.",
            "scope",
        ),
        # two tallies of one rugby match: penalties of each side
        (
            "The fly-half kicked four penalties as the visitors won the match in the rain.",
            "The home side's fly-half kicked six penalties but his team lost the match.",
            "game",
        ),
        # a running total against the count of one raid
        (
            "Customs officers seized 40 kilograms of cocaine at the port in one raid.",
            "Another raid brought the haul of cocaine seized at the port to 65 kilograms.",
            "running",
        ),
    ],
)
def test_figures_of_other_frames_are_no_disagreement(one: str, two: str, why: str) -> None:
    assert other_frames(one, two) == why
    assert _found(one, two) == []


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # one moment named alike ("on Sunday" in both): still compared
        (
            "Police said 300 protesters marched through the town centre on Sunday.",
            "Police said 500 protesters marched through the town centre on Sunday.",
        ),
        # one side names a moment, the other none: compared
        (
            "Customs officers seized 40 kilograms of cocaine at the port on Tuesday.",
            "Customs officers seized 65 kilograms of cocaine at the port.",
        ),
        # "percentage points" is no game
        (
            "Support for the party rose four percentage points among voters in the poll.",
            "Support for the party rose seven percentage points among voters in the poll.",
        ),
    ],
)
def test_figures_of_one_frame_still_disagree(one: str, two: str) -> None:
    assert other_frames(one, two) == ""
    assert _found(one, two)


def test_a_named_age_is_compared_across_moments() -> None:
    one = "Jane Holt, 34, was arrested on Monday at her home in the town."
    two = "Jane Holt, 36, was charged on Thursday at the court in the town."
    assert other_frames(one, two) == "moments"
    assert _found(one, two) == [("34", "36")]


def test_two_things_that_share_a_modifier_are_two_quantities() -> None:
    # "school buses" and "school teachers" share "school" but count two things (their heads)
    one = "The strike kept 40 school buses off the roads in the county."
    two = "The strike kept 25 school teachers away from classes in the county."
    assert [q.head for q in quantities(one) + quantities(two)] == ["buse", "teacher"]
    assert _found(one, two) == []


def test_what_one_counts_may_be_what_the_other_is_about() -> None:
    # the head of one ("boats" of "two boats of pirates") is a noun of the other
    one = "The navy attacked two boats of pirates near the island."
    two = "The pirates, in three boats, fled the navy near the island."
    assert [q.head for q in quantities(one) + quantities(two)] == ["boat", "boat"]
    assert _found(one, two) == [("two", "three")]


def _dates(a: str, b: str) -> list[tuple[str, str]]:
    docs = [_doc("a", a), _doc("b", b)]  # both dated 2026-02-12, a Thursday
    got = find_disagreements(docs, _at, every=True)
    return [(d.a.value, d.b.value) for d in got if d.kind == "date"]


@pytest.mark.parametrize(
    ("one", "two", "want"),
    [
        # "today" one day from "Wednesday": the day a wire carries, not a conflict
        (
            "The minister resigned today after weeks of pressure over the contract.",
            "The minister resigned on Wednesday after weeks of pressure over the contract.",
            [],
        ),
        # ... two days from "Tuesday": still one
        (
            "The minister resigned today after weeks of pressure over the contract.",
            "The minister resigned on Tuesday after weeks of pressure over the contract.",
            [("today", "on Tuesday")],
        ),
        # the days two sources spoke are the days of two reports ("said" is no shared action)
        (
            "Health officials said on Monday that the outbreak had ended.",
            "A hospital spokesman said on Tuesday that no new cases were found.",
            [],
        ),
        # ... but one source's statement put on two days conflicts
        (
            "The hospital said on Monday that the outbreak at the ward had ended.",
            "The hospital said on Tuesday that the outbreak at the ward had ended.",
            [("on Monday", "on Tuesday")],
        ),
        # the day of the action itself still conflicts
        (
            "The minister resigned on Tuesday after weeks of pressure over the contract.",
            "The minister resigned on Wednesday after weeks of pressure over the contract.",
            [("on Tuesday", "on Wednesday")],
        ),
    ],
)
def test_days_of_reports_and_relative_days(one: str, two: str, want: list[tuple[str, str]]) -> None:
    assert _dates(one, two) == want


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # a window the writer chose ("in the last three months") is no length
        (
            "More homes signed up for the service in the last three months than in any quarter.",
            "More homes signed up for the service in the past five months than in any year.",
        ),
        # time elapsed up to the moment told grows with it
        (
            "The town was quiet on Sunday after four days of rioting over the shooting.",
            "The town was quiet again after eight days of rioting over the shooting.",
        ),
    ],
)
def test_windows_and_elapsed_time_are_no_figures(one: str, two: str) -> None:
    assert _found(one, two) == []


def test_figures_of_two_named_days_are_two_figures() -> None:
    # two weeks' claims, told by the dates the weeks end (a week apart, not more)
    one = "The agency counted 375,000 jobless claims in the week ending Feb. 2, it said."
    two = "The agency counted 348,000 jobless claims in the week ending Feb. 9, it said."
    assert _found(one, two) == []
    same = "The agency counted 348,000 jobless claims in the week ending Feb. 2, it said."
    assert _found(one, same) == [("375,000", "348,000")]


def test_a_toll_of_children_is_part_of_a_toll_of_people() -> None:
    one = "Six children were killed when the roof of the school collapsed in the quake."
    two = "Nine people were killed when the roof of the school collapsed in the quake."
    assert _found(one, two) == []
    three = "Eleven people were killed when the roof of the school collapsed in the quake."
    assert _found(two, three) == [("Nine", "Eleven")]


def test_names_and_idioms_are_no_frames() -> None:
    # "The Hunger Games" is a film's name, "all in all" no running total
    assert (
        other_frames(
            "The director of The Hunger Games signed for 3 films.",
            "The director of The Hunger Games signed for 4 films.",
        )
        == ""
    )
    assert other_frames("All in all, 12 servers moved.", "All in all, 15 servers moved.") == ""
