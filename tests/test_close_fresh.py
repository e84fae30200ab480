"""Rules from reading fresh briefings (session of 2026-12-07, twelfth): a close's part is news,
not a judgment; an undated article's sentence keeps its own month in the close; "player of
the year" keeps its year; a possessive surname its article gave in full before leans. The
sentences are our own paraphrases."""

import pytest

from newsdesk.write.extractive.backrefs import surname_told_before
from newsdesk.write.extractive.clauses import headline_clause, judges_only
from newsdesk.write.extractive.close_time import _own_time


@pytest.mark.parametrize(
    "clause",
    [
        "the social network is a danger to teenagers and unsafe for children",
        "the new rules, in the eyes of many, are unfair to small firms",
        "hunting with hounds is illegal in Scotland",
    ],
)
def test_a_judgment_or_description_names_no_strand(clause: str) -> None:
    assert judges_only(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "the regulator fined the social network",
        "the minister is to visit the border",
        "unemployment is 5.4% after the report",
        "the protests were the largest in a decade",
    ],
)
def test_news_and_figures_do(clause: str) -> None:
    assert not judges_only(clause)


def test_an_undated_sentence_keeps_its_own_month() -> None:
    # before: "the economy rebounded and added 850,000 new jobs (3 outlets)": no month at all
    said = "the economy added 640,000 jobs"
    assert _own_time("The economy added 640,000 jobs in June, a welcome rebound.", None, said) == (
        "in June"
    )
    assert _own_time("The economy added 640,000 jobs in June 2021.", None, said) == "in June 2021"
    # a dated article's month still wins over a bare month (the year is unknown)
    assert _own_time("The economy added 640,000 jobs in June.", "in July") is None
    assert _own_time("Prices rose years ago.", None) is None


def test_an_award_keeps_its_year() -> None:
    # before: "... was named young player" (the year went as a phrase of time)
    clause = headline_clause("The club named her young player of the year after a fine season.")
    assert clause is not None and "player of the year" in clause


def test_a_possessive_surname_told_in_full_before_leans() -> None:
    before = "Her name is Dana Whitlock. That is what the company had wanted to know. "
    text = "What makes Whitlock's complaints unusual is the stack of internal studies she kept."
    assert surname_told_before(text, before, "Company whistleblower") == "Whitlock"
    assert surname_told_before("Critics say Chelsea's owner spent too much.", before) is None


def test_what_someone_was_names_no_strand() -> None:
    # before: "Haugen was a product manager at Facebook (5 outlets)" named the whistleblower
    assert judges_only("the engineer was a data analyst at the bank")
    assert not judges_only("the engineer was fired by the bank")


def test_a_fear_without_what_it_fears_is_no_clause() -> None:
    # before: "Michael Howard has dismissed fears from some Conservatives (6 articles)"
    text = (
        "The party leader has dismissed fears from some MPs that his spending cuts are too small."
    )
    assert headline_clause(text) is None
    assert headline_clause("The party leader has dismissed his critics in a long speech.")


def test_how_things_stand_is_still_news() -> None:
    # graded before: "as of May, a growing number of gas stations ... are without fuel"
    assert not judges_only("a growing number of filling stations in the state are without fuel")


def test_concerns_keep_what_they_are_over() -> None:
    # before: "a commission expressed concerns to expand the size of the court" ("over calls" went
    # as a phrase of circumstance)
    clause = headline_clause(
        "A panel set up by the governor to study changes to the state court voiced concerns over"
        " plans to enlarge the court, with some members warning it would hurt its standing."
    )
    assert clause is not None and "concerns over plans to enlarge" in clause


def test_a_surname_before_an_adverb_and_a_past_tense_is_bare() -> None:
    # before: "Akhund previously served as foreign minister ..." passed as naming its person
    from newsdesk.write.extractive.naming import bare_surname

    article = "The new head will be Ngozi Okafor, who leads the council. Okafor previously served."
    assert bare_surname("Okafor previously served as finance minister.", article) == "Okafor"


def test_a_year_after_the_clause_and_a_comma_is_not_its_time() -> None:
    # before: "as of 1999, Wales have won two of their last three visits to Stade de France"
    text = (
        "Ireland have won three of their last four trips to Cardiff, having secured wins under"
        " their old coach in 1998 and 2000."
    )
    assert (
        _own_time(text, None, "Ireland have won three of their last four trips to Cardiff") is None
    )
    assert _own_time(
        "The firm cut 300 jobs in March, its worst month.", None, "the firm cut 300 jobs"
    )


def test_a_year_of_its_own_takes_no_dated_opener() -> None:
    # before: "[As of October 2021,] as early as 1904, advocates for protection ..."
    from datetime import date

    from newsdesk.briefing import BriefSentence
    from newsdesk.write.extractive.openers import _dated

    s = BriefSentence(
        "As early as 1911, surveyors named the valley a place to protect.", "extracted", []
    )
    assert _dated(s, date(2021, 10, 8), True).text == s.text


def test_a_year_the_clause_does_not_reach_is_not_its_time() -> None:
    # before: "as of 2005, the BBC's iMP has just finished successful technical trials"
    text = "The new player has just finished its first trials and could launch in 2006."
    assert _own_time(text, None, "the new player has just finished its first trials") is None


def test_what_was_announced_may_be_the_object() -> None:
    # before: no clause for "The Taliban announced the members of its interim government ...",
    # so "the Taliban" briefing had no close
    clause = headline_clause("The council announced the members of its new cabinet on Tuesday.")
    assert clause is not None and clause.startswith("the council announced the members")
    assert headline_clause("The minister told reporters in the capital.") is None


def test_a_clause_does_not_end_on_each() -> None:
    # before: "Wenger has won the title and the FA Cup each" (the count went as a span of time)
    assert (
        headline_clause(
            "Moyes has won the title and the League Cup four times each during his reign."
        )
        is None
    )


def test_a_year_in_an_aside_is_not_the_clause_time() -> None:
    # before: "as of 2003, Apple uses technology to ensure each song bought only plays on the iPod"
    text = (
        "The firm, which opened its store in 2003, uses software to lock each song to its player."
    )
    assert _own_time(text, None, "the firm uses software to lock each song to its player") is None


def test_which_one_it_is_is_news() -> None:
    # graded: "Sony's Playstation Portable is the top gadget" named a strand better than the
    # side detail that replaced it
    assert not judges_only("the new handheld console is the top gadget for next year")


def test_a_quoted_verb_is_not_the_lost_main_verb() -> None:
    # before: no clause for "Simone Biles and three fellow gymnasts offered gut-wrenching
    # testimony ..., charging the FBI “turned a blind eye” ...", so the briefing had no close
    clause = headline_clause(
        "Two rowers and a fellow athlete offered heart-rending testimony to Congress on Thursday,"
        " describing the harm they suffered at the hands of doctor Tom Reed and charging the"
        " agency “turned a blind eye” as he hurt young patients.",
        ["on Thursday"],
    )
    assert clause == "two rowers and a fellow athlete offered heart-rending testimony to Congress"


def test_a_clause_does_not_end_on_soon() -> None:
    # before: "the Delta variant-fueled COVID-19 surge began soon" (its "after June 30" dropped)
    text = "The flu-driven surge in cases began soon after March 3, hitting the north first."
    assert headline_clause(text, ["after March 3"]) is None


def test_a_common_noun_before_a_name_is_one_subject() -> None:
    # fresh BBC "the Athens Olympics": the parse gave "sprinters" and the names each as a
    # subject, and the central story had no clause, so the briefing had no close
    clause = headline_clause(
        "Italian swimmers Marco Rossi and Luca Bianchi have been suspended after skipping doping "
        "tests before the Rome championships."
    )
    assert clause is not None and clause.startswith("Italian swimmers Marco Rossi and Luca Bianchi")


def test_a_clause_keeps_both_of_a_pair_or_is_none() -> None:
    # "Kenteris face a criminal hearing": the aside that held "and Thanou" went with it
    clause = headline_clause(
        "Berg, the 2016 road race champion, and Smit, the silver medallist from the same "
        "Games, also face a disciplinary hearing in Utrecht over the missed tests."
    )
    assert clause is None or "Smit" in clause


def test_a_thing_said_by_what_it_does_keeps_it() -> None:
    # fresh AllSides topics with no close: "released a statement [lambasting ...]", "A Texas
    # law [that bans most abortions] took effect" were cut to nothing and left out
    clause = headline_clause(
        "Former Governor Anne Rusk released a statement criticising the conduct of the state "
        "police, following the announcement of an inquiry into the force."
    )
    assert clause == (
        "former Governor Anne Rusk released a statement criticising the conduct of the state police"
    )
    clause = headline_clause(
        "A Utah law that bans most vaping products took effect after the state court did not "
        "respond to a motion that asked it to block the law."
    )
    assert clause == "a Utah law that bans most vaping products took effect"
