"""One figure of one act told twice is one fact (graded: "employers added just 235,000 jobs in
August" and "the economy adding just 235,000 positions", both in one briefing). A figure in both
sentences and a verb in both: the same fact, whatever else the wording shares; a figure shared
by two acts ("will impose a 25% tariff" / "postponed a 25% tariff") is two facts."""

from __future__ import annotations

from newsdesk.write.extractive.repeats import repeats, same_figure_act


def test_one_figure_of_one_act_is_one_fact():
    a = "Factories in the region added just 12,400 workers in March, well short of forecasts."
    b = "Hiring in March was weak, with manufacturers adding only 12,400 staff, the agency said."
    assert same_figure_act(a, b)
    assert repeats(a, b)


def test_one_figure_of_two_acts_is_two_facts():
    a = "The city will impose a 15% levy on delivery vans from June unless operators cut fumes."
    b = "The city on Friday postponed for a month a 15% levy on delivery vans that was due in June."
    assert not same_figure_act(a, b)
    # a year, or a name's number, is no figure of a fact
    assert not same_figure_act(
        "The council approved the 2021 budget plan after a long debate.",
        "Residents approved of the plan in a survey published in 2021.",
    )
    assert not same_figure_act(
        "Clinics gave out COVID-19 boosters to care workers.",
        "The ministry gave COVID-19 tests to schools.",
    )


def test_an_auxiliary_or_a_month_and_year_makes_no_shared_act_or_figure():
    # graded: "A £1.3bn offer ... has already been rejected" was taken for a repeat of "...
    # has offered £1.3bn" (both had "has"), and the briefing never said the offer was rejected
    assert not same_figure_act(
        "A £2.1bn offer from the rival exchange has already been rejected by the board.",
        "The rival exchange has offered £2.1bn for the London market operator.",
    )
    # "November 2019" leaves no "19" to share
    assert not same_figure_act(
        "Three lab workers fell ill in November 2019 and were hospitalized, a report said.",
        "A dozen volunteers were hospitalized after a trial of 19 drugs, a report said.",
    )
