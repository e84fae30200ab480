"""A topic's name as articles write it: the owner of a possessive ("Merck's COVID pill" names
Merck: a Pfizer shot for teenagers filled its briefing, under a notice that no article named
"Merck COVID"), a group's other forms ("G-7", "Group of Seven"); an opening under a title that
names the topic is usable; a reference to the day's action, a pair or a reaction told before
leans on what the briefing never says (fresh AllSides, BBC and White House topics). Articles
are our own."""

from __future__ import annotations

from test_writer_topic_words import _three
from test_writer_up_front import _brief

from newsdesk.write.extractive.leaning import leaning_kind
from newsdesk.write.extractive.strands import topic_names


def test_a_possessive_ends_the_name_its_thing_follows():
    assert topic_names("Merck's COVID pill") == ["Merck"]
    assert topic_names("Gordon Brown's budget") == ["Gordon Brown"]
    # a place's possessive is no owner: the name follows it
    assert topic_names("Britain's Tony Blair") == ["Tony Blair"]


def test_the_days_action_and_a_pair_told_before_lean():
    assert (
        leaning_kind("Today's action shows the government's commitment to punish smugglers at sea.")
        == "reference"
    )
    assert leaning_kind("This week's decision was welcomed by dairy farmers.") == "reference"
    assert (
        leaning_kind("The sport's ruling body took action against the pair for missing tests.")
        == "reference"
    )
    # the day's action said in full, and a pair named in the sentence itself, stand alone
    assert leaning_kind("Today's jobs report showed gains of 850,000 positions.") is None
    assert (
        leaning_kind("Ann Lowe and Tom Kerr missed two tests, and the pair now face bans.") is None
    )
    assert leaning_kind("A married couple in Ohio won the state lottery on Friday.") is None
    assert leaning_kind("Within hours, the reaction in the party was fierce.") == "reference"
    assert leaning_kind("The response from the regulator was to open an inquiry.") is None


def test_a_groups_name_in_its_other_forms():
    from newsdesk.write.extractive.places import place_forms
    from newsdesk.write.extractive.strands import names_said

    assert names_said("Leaders of the Group of Seven met in Cornwall.", ["G7"])
    assert names_said("G-7 nations filed a joint statement.", ["G7"])
    assert names_said("Aukus: the pact angers Beijing", ["AUKUS"])
    assert not names_said("The G20 met in Rome.", ["G7"])
    # the parse may take "G7" for a place: its forms are a place's forms too
    assert "Group of Seven" in place_forms("G7")


def test_an_opening_under_a_title_naming_the_topic_is_usable(embedder):
    # fresh AllSides "the AUKUS submarine deal": the opening sentences of articles whose
    # titles named the pact were below the relevance floor, and the briefing had one article
    pact = _three(
        0,
        "Nations sign ORCA submarine pact to counter rival navy",
        "Three Pacific nations signed a defence pact on Wednesday under which two of them will "
        "help the third build nuclear-powered submarines. Officials said the first boats would "
        "be delivered within fifteen years.",
        "2021-09-15",
        "s-pact",
    )
    envoy = _three(
        10,
        "Lisbon recalls its envoy over ORCA submarine pact",
        "In a sharp break with an old ally, Portugal has recalled its ambassador after losing a "
        "contract worth 50 billion euros. Its foreign minister called the deal a stab in the "
        "back. Diplomats in Lisbon said talks on trade would be frozen for now.",
        "2021-09-17",
        "s-envoy",
    )
    filler = _three(
        20,
        "City council approves new cycle lanes",
        "The city council approved twelve miles of new cycle lanes on Tuesday. Work will start "
        "in the spring and cost four million euros.",
        "2021-09-14",
        "s-lanes",
    )
    b = _brief("the ORCA submarine deal", [*pact, *envoy, *filler], embedder)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "recalled its ambassador" in text, text


def test_an_also_in_an_aside_after_a_dash_adds_to_its_own_sentence():
    # fresh AllSides "the AUKUS submarine deal": the opening sentence of a report on China's
    # anger was left out for its "also", whose counterpart is the sentence's own deal
    assert (
        leaning_kind(
            "Beijing attacked the three governments for signing a technology deal that would give "
            "the navy nuclear-powered boats — a partnership that analysts say also answers "
            "China's growing fleet."
        )
        is None
    )
    assert leaning_kind("The three governments also signed a deal on missiles.") == "connective"


def test_a_paragraph_opened_by_an_undated_report_takes_its_dated_sentences_day(embedder):
    # fresh AllSides "the withdrawal from Afghanistan" (graded): a strand opened by an undated
    # report, then an article of August 14, stood before a strand of July 8
    from test_writer_topic_words import _doc

    from newsdesk.write.extractive import product_config
    from newsdesk.write.extractive.candidates import prepare
    from newsdesk.write.extractive.order import group_day

    docs = [
        _doc(
            1,
            "Capital could fall within weeks",
            "The capital could fall within 90 days, officials told reporters.",
            "Wire",
            None,
            "s-fall",
        ),
        _doc(
            2,
            "Army collapses",
            "The army collapsed in the face of a concerted push by the rebels on Saturday.",
            "Herald",
            "2021-08-14",
            "s-fall",
        ),
        _doc(
            3,
            "Leader defends pull-out",
            "The leader defended the pull-out of troops in a speech on Thursday.",
            "Courier",
            "2021-07-08",
            "s-speech",
        ),
    ]
    prep = prepare("the pull-out", docs, embed=embedder.encode, config=product_config())
    first = {prep.cands[i].doc: i for i in reversed(range(len(prep.cands)))}
    assert group_day(prep, [first[0], first[1]]) == "2021-08-14"
    assert group_day(prep, [first[2]]) == "2021-07-08"
    assert group_day(prep, [first[0]]) == ""
