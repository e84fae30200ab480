"""What kind of people a count counts, when a figure is told, and cut sentences (issue 25,
item 3, session of 2026-12-08, branch disagree12): people of two fates ("injuring five" /
"killing nine"), of two origins ("11 Danish" / "14 Norwegian"), a side of a pair of dimensions
("2048 x 1536"), games played and missed, a month alone against a weekday alone, and a date in
a sentence cut at its start. Each case of the tests named ``..._no_disagreement`` fails on the
rules of main at 3a2139e. Paraphrases written for these tests; similarity is fixed (every pair
of sentences at cosine 0.9)."""

from __future__ import annotations

import pytest
from test_disagree_frames import _dates
from test_disagree_spans import _found

from newsdesk.stories.figures import not_a_count
from newsdesk.stories.frames import month_and_weekday
from newsdesk.stories.kinds import fate, origins


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # those injured against those killed: two counts of one storm
        (
            "A storm struck the coast near Harwick on Sunday, injuring six people, police said.",
            "A storm struck the coast near Harwick on Sunday, killing nine people, police said.",
        ),
        # those arrested against those killed
        (
            "Troops stormed the camp at Dorva and arrested 14 people, the army said.",
            "Troops stormed the camp at Dorva, where 30 people were killed, the army said.",
        ),
        # smugglers of two origins
        (
            "Coastguards on the cutter Vela seized 11 Danish smugglers near the Dorva reef.",
            "Coastguards on the cutter Vela seized 14 Norwegian smugglers near the Dorva reef.",
        ),
        # a side of a screen's dimensions is no count of pixels
        (
            "The new tablet from Orrin has a sharp 2048 x 1536 pixel screen and a metal case.",
            "The new tablet from Orrin has a sharp 1024 x 768 pixel screen and a metal case.",
        ),
        # games a player played and games he missed: sports statistics
        (
            "Reed played in 12 games, but had to sit out after knee surgery in March.",
            "Reed missed nine games with a broken bone in his lower left leg.",
        ),
        # a raid told by its month against one told by its weekday: two raids
        (
            "At the end of July, a lone thief took gems worth 90 million euros from a Nice hotel.",
            "Thieves took gems worth 60 million euros from a Nice jeweller on Friday.",
        ),
    ],
)
def test_two_kinds_of_people_and_two_moments_are_no_disagreement(one: str, two: str) -> None:
    assert _found(one, two) == []


@pytest.mark.parametrize(
    ("one", "two", "want"),
    [
        # one fate told two ways ("killing", "were killed") still disagrees
        (
            "A storm struck the coast near Harwick on Sunday, killing six people, police said.",
            "A storm hit the coast near Harwick on Sunday; nine people were killed, police said.",
            [("six", "nine")],
        ),
        # one origin on both sides
        (
            "Coastguards on the cutter Vela seized 11 Danish smugglers near the Dorva reef.",
            "Coastguards on the cutter Vela seized 14 Danish smugglers near the Dorva reef.",
            [("11", "14")],
        ),
        # two weekdays, or a month on both sides, are still compared by the other rules
        (
            "In July, a lone thief took gems worth 90 million euros from a Nice hotel.",
            "In July, a lone thief took gems worth 60 million euros from a Nice hotel.",
            [("90", "60")],
        ),
    ],
)
def test_one_kind_still_disagrees(one: str, two: str, want: list[tuple[str, str]]) -> None:
    assert _found(one, two) == want


def test_a_date_in_a_sentence_cut_at_its_start_is_no_disagreement() -> None:
    one = "approved the permit on Monday for the bridge at Eagle Pass."
    two = "approved the permit on Wednesday for the bridge at Eagle Pass."
    assert _dates(one, two) == []
    whole = "The board approved the permit on Wednesday for the bridge at Eagle Pass."
    other = "The board approved the permit on Monday for the bridge at Eagle Pass."
    assert len(_dates(other, whole)) == 1  # whole sentences: still one action on two days


def test_the_helpers() -> None:
    hurt = "A storm struck on Sunday, injuring at least six people."
    assert fate(hurt, hurt.index("six")) == "injured"
    dead = "Nine people were killed, and many more were hurt."
    assert fate(dead, 0) == "killed"
    assert fate("Nine people gathered at the square.", 0) == ""
    both = "Marines seized 12 Somali and 11 Yemeni pirates."
    assert origins(both, both.index("11")) == {"yemeni"}
    mixed = "Marines seized 23 Somali and Yemeni pirates."
    assert origins(mixed, mixed.index("23")) == {"somali", "yemeni"}
    screen = "a 2048 x 1536 screen"
    assert not_a_count(screen, 2, 6) and not_a_count(screen, 9, 13)
    assert not not_a_count("a 2048 pixel screen", 2, 6)
    assert month_and_weekday("In July, thieves struck.", "Thieves struck on Friday.")
    assert not month_and_weekday("On July 4, thieves struck.", "Thieves struck on Friday.")
