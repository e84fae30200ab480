"""Rules tuned on the odd half of the judged set (issue 25, item 3): quake magnitudes, ranges,
parts of a whole, a bare share among several, and dates that are the day of one action. Each
``not flagged`` case of ranges, wholes, places, shares and dates is flagged by the rules before this
change and each ``flagged`` quake missed; the ``not one quake`` cases guard the new rule.
Similarity comes from a fixed embedding (every pair at cosine 1), so only the rules are tested."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.quakes import magnitudes
from newsdesk.text import split_sentences


def _doc(i: str, text: str, source: str) -> EvidenceDoc:
    return EvidenceDoc(i, "t", text, split_sentences(text), source, None, lineage_id=i)


def _same(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def _found(one: str, two: str, kind: str) -> list[tuple[str, str]]:
    got = find_disagreements([_doc("a", one, "One"), _doc("b", two, "Two")], _same)
    return [(d.a.value, d.b.value) for d in got if d.kind == kind]


@pytest.mark.parametrize(
    ("one", "two", "values"),
    [
        # two agencies' magnitudes of one quake: tenths apart, written three ways
        ("A 5.6 magnitude earthquake hit an island off Iran's southern coast on Sunday, "
         "injuring five people, Iranian media said.",
         "The U.S. Geological Survey put the quake's strength at magnitude-5.4.",
         {"5.6", "5.4"}),
        ("An earthquake with a preliminary magnitude of 4.4 struck in Sonoma County near "
         "The Geysers, according to the U.S. Geological Survey.",
         "A 4.2 magnitude earthquake shook a remote area of eastern Sonoma County, the largest "
         "in a flurry over the weekend.",
         {"4.4", "4.2"}),
        ("An earthquake measuring 5.6 on the Richter scale jolted Qeshm island.",
         "Iran's state television says a magnitude-5.2 quake has injured three people.",
         {"5.6", "5.2"}),
    ],
)  # fmt: skip
def test_a_quake_given_two_magnitudes_is_flagged(one, two, values):
    (pair,) = _found(one, two, "number")
    assert {v.split()[0] for v in pair} == values


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # two quakes in one sentence, the other article's first quake
        ("The coastal city was hit by the 7.6 and 7.5 magnitude quakes early on Sunday.",
         "Residents fled as the first earthquake measuring 7.6 magnitude struck on Sunday."),
        # one of several tremors
        ("One of the tremors with a 7.3 magnitude was felt 1,300 kilometers away.",
         "The first quake, magnitude 7.6, struck at 4:43 a.m. local time, officials said."),
        # an earlier, dated quake
        ("A powerful quake with a magnitude of 6.1 struck southern Iran in September.",
         "An earthquake measuring 5.8 on the Richter scale jolted Qeshm island on Sunday."),
        # the day's quake against this week's
        ("West Papua was hit by a magnitude 6.1 earthquake today, officials said.",
         "The first quake, magnitude 6.4, struck on Sunday, the U.S. Geological Survey said."),
        # quakes far apart in size are two quakes
        ("A 4.4-magnitude temblor struck near The Geysers at 9:27 a.m., the USGS said.",
         "It measured 3.0 on the Richter scale, as Lake County News has reported."),
    ],
)  # fmt: skip
def test_not_one_quake(one, two):
    assert _found(one, two, "number") == []


def test_a_magnitude_is_not_an_ordinary_figure():
    assert magnitudes("The 4.2-magnitude earthquake was recorded at 9:27 a.m.") == [
        (4.2, "4.2 magnitude")
    ]
    assert magnitudes("The 6.1-magnitude quake followed 7.6 and 7.5 magnitude quakes.") == []


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # the end of a range holds the other value
        ("Various Russian reports said the submarine was 330 to 510 feet down.",
         "Russian officials tried to reach the submarine some 350 feet below the surface."),
        # the whole a part is of
        ("The separatist party retained its majority in Monday's election, winning 75 of the "
         "125 seats in the assembly.",
         "In the final results of Monday's election, the separatist party won 75 seats in the "
         "assembly."),
        # counts of two places: a region's toll against one country's
        ("Hurricane Mitch killed an estimated 9,000 people throughout Central America, "
         "relief agencies said.",
         "As of Thursday, Mitch had killed 6,076 people in Honduras, relief agencies said."),
        # a bare share among several of one sentence: whose is it?
        ("Data released on Tuesday showed that prices rose 0.9 percent in the past month, "
         "after prices also rose 0.6 percent in May.",
         "Energy prices climbed 1.5% in the past month and food prices rose 0.8%, the data "
         "released on Tuesday showed."),
    ],
)  # fmt: skip
def test_ranges_wholes_places_and_shares_among_several_are_not_flagged(one, two):
    assert _found(one, two, "number") == []


def test_undated_articles_compare_month_days():
    # undated articles (most of AllSides): "October 12" against "October 14" was never compared
    assert _found(
        "The Senate voted on October 12 to raise the debt limit, leaders said.",
        "The Senate voted on Oct. 14 to raise the debt limit, leaders said.",
        "date",
    ) == [("October 12", "Oct. 14")]


def test_a_date_is_the_day_of_one_action():
    # one death, two days: flagged (as before)
    assert _found(
        "Mark Felt, who was known as Watergate informant Deep Throat, died on Friday.",
        "W. Mark Felt, who leaked information as Deep Throat, died Thursday at the age of 95.",
        "date",
    )
    for one, two in [
        # a promise made Tuesday, the patch issued Wednesday
        ("Microsoft on Wednesday released an emergency patch to fix a flaw in Internet "
         "Explorer.",
         "As it promised Tuesday, Microsoft Corp. today issued an emergency patch to plug a "
         "critical hole in Internet Explorer."),
        # a charge on Saturday, the shooting on Friday
        ("A 61-year-old man was charged with first-degree murder Saturday after allegedly "
         "opening fire at an office Christmas party in Vancouver, police said.",
         "A man has been charged with first-degree murder after a shooting at an office "
         "Christmas party in Vancouver Friday."),
        # a day's event, not the day of an action
        ("In Saturday's semifinals, Creighton will play Indiana State, which defeated "
         "Evansville.",
         "Creighton will play the winner of Friday's second semifinal between Evansville and "
         "Indiana State."),
    ]:  # fmt: skip
        assert _found(one, two, "date") == [], one


def test_parallel_sentences_differing_in_one_share_are_still_flagged():
    # guards the "bare share among several" rule: the one figure two sentences differ on
    got = _found(
        "The Labor Department's report showed that consumer prices in June rose 1.4% from May "
        "and 5.4% over the past year.",
        "The Labor Department's report showed that consumer prices in June rose 2.1% from May "
        "and 5.4% over the past year.",
        "number",
    )
    assert [(a.split()[0], b.split()[0]) for a, b in got] == [("1.4%", "2.1%")]


def test_a_dated_weekday_is_held_against_an_undated_one():
    # most AllSides articles are undated: their "Sunday" was never held against a dated
    # article's "Friday" (the one resolved to a date, the other kept as a word)
    dated = EvidenceDoc(
        "a",
        "t",
        "A federal judge in Texas blocked the program on Friday, halting new applications.",
        split_sentences(
            "A federal judge in Texas blocked the program on Friday, halting new applications."
        ),
        "One",
        "2021-07-17",
        lineage_id="a",
    )
    undated = _doc(
        "b", "A federal judge in Texas blocked the program on Sunday, halting new applications.",
        "Two",
    )  # fmt: skip
    got = find_disagreements([dated, undated], _same)
    assert [(d.a.value, d.b.value) for d in got if d.kind == "date"] == [("on Friday", "on Sunday")]
