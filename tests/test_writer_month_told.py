"""Graded on AllSides "inflation": an undated report of August's prices read between two
reports of June's; "... inflation stood at 3.8% over that 12- month period." led a briefing
(which period?); "... when the Associated Press called the low-turnout, Republican-vs." ended a
paragraph, cut after an abbreviation. Our own paraphrases of those sentences."""

from __future__ import annotations

from test_writer_topic_words import _doc

from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.order import _day_of, _month_told, date_order
from newsdesk.write.extractive.readability import standalone_problem


def _prices() -> list:
    return [
        _doc(
            1,
            "Consumer prices jump",
            "Consumer prices climbed in June at the fastest pace in 13 years, the Labor "
            "Department said on Tuesday.",
            "Ledger",
            "2021-07-13",
            "s-prices",
        ),
        _doc(
            2,
            "Price gains slow",
            "The consumer price index rose 0.3 percent in August from July, the Labor Department "
            "said in a Sept. 14 report.",
            "Courier",
            None,
            "s-prices",
        ),
        _doc(
            3,
            "Prices up 5.4 percent",
            "Prices rose 5.4 percent in June from a year earlier as shoppers returned to stores.",
            "Herald",
            None,
            "s-prices",
        ),
        _doc(
            4,
            "Rates hold",
            "The central bank held rates steady on Wednesday.",
            "Post",
            "2021-07-28",
            "s-rates",
        ),
    ]


def _first_sentences(embedder, docs: list):
    """The prepared candidates and each article's first candidate."""
    prep = prepare("consumer prices", docs, embed=embedder.encode, config=product_config())
    return prep, {prep.cands[i].doc: i for i in reversed(range(len(prep.cands)))}


def test_an_undated_sentence_reads_at_the_month_it_names(embedder):
    prep, first = _first_sentences(embedder, _prices())
    assert _month_told(prep, first[1]) == "2021-09-14"  # the report's own day
    assert _month_told(prep, first[2]) == "2021-06-28"  # a month's figures: its end
    order = date_order(prep, [first[1], first[0], first[2]])
    assert order == [first[2], first[0], first[1]]
    # for ordering inside a paragraph only: the sentence's day stays unknown elsewhere
    assert _day_of(prep, first[1]) == ""


def test_no_month_is_placed_when_the_articles_span_years(embedder):
    docs = _prices()
    docs[3] = _doc(
        4,
        "Rates hold",
        "The central bank held rates steady on Wednesday.",
        "Post",
        "2022-01-12",
        "s-rates",
    )
    prep, first = _first_sentences(embedder, docs)
    assert _month_told(prep, first[1]) == ""


def test_a_month_an_event_recalled_is_in_places_nothing(embedder):
    # graded: "... during the riot in January has been set out in a Senate report" (June)
    docs = _prices()
    docs[2] = _doc(
        3,
        "Report on the riot",
        "A breakdown in police planning before the riot in January has been set out in a report.",
        "Herald",
        None,
        "s-prices",
    )
    prep, first = _first_sentences(embedder, docs)
    assert _month_told(prep, first[2]) == ""


def test_a_demonstrative_period_and_a_cut_abbreviation_lean():
    kinds = product_config().leaning
    lean = "Stripping out food and fuel, prices rose 3.8% over that 12- month period."
    assert standalone_problem(lean, strict_context=True, leaning=kinds) == "reference"
    cut = (
        "Ellzey beat fellow Republican Ann Wright, 53 percent to 47 percent, when the wire "
        "service called the low-turnout, Republican-vs."
    )
    assert standalone_problem(cut, strict_context=True, leaning=kinds) == "fragment"
    # a period a sentence names in full, or "that" as a conjunction, is no reference
    fine = "Prices rose 5.4 percent over the 12 months to June, officials said on Tuesday."
    assert standalone_problem(fine, strict_context=True, leaning=kinds) is None
    said = "Officials said on Tuesday that the central bank expects prices to rise 4 percent."
    assert standalone_problem(said, strict_context=True, leaning=kinds) is None


def test_a_sentence_with_no_verb_is_a_fragment():
    # graded, White House "clean energy": a lead of "Things like clean energy, including
    # hydrogen, ..." (a spoken list, no verb)
    kinds = product_config().leaning
    listed = (
        "Fields like wind power, including storage, shipbuilding, low-carbon trucks, and "
        "helping more families to buy them."
    )
    assert standalone_problem(listed, strict_context=True, leaning=kinds) == "fragment"
    present = "Veterans pay tribute to fallen comrades in a quiet ceremony at the memorial."
    assert standalone_problem(present, strict_context=True, leaning=kinds) is None
