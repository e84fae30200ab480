"""Close clauses that keep what their sentence measures (graded: briefings on inflation and on a
state abortion law had no "Overall", because no headline sentence gave a clause).

- A number phrase on a verb says by how much ("rose 4.2 percent"): the clause keeps it.
- "compared with ..." is a circumstance: it goes whole, not leaving "compared" behind.
- "most" before a plural noun says how many ("bans most vaping products"), not which is
  greatest, so a phrase of time the clause drops bounds nothing."""

from __future__ import annotations

from newsdesk.write.extractive.clauses import headline_clause


def test_a_clause_keeps_by_how_much_and_drops_the_comparison():
    got = headline_clause(
        "Average rents in the capital rose 4.2 percent in March compared with a year earlier, "
        "reflecting a shortage of homes."
    )
    assert got == "average rents in the capital rose 4.2 percent"


def test_a_clause_keeps_a_fall_in_points():
    got = headline_clause("The main share index in Frankfurt fell 120 points on Tuesday.")
    assert got is not None and got.endswith("fell 120 points")


def test_a_span_of_time_is_still_no_measure():
    got = headline_clause("The regional airline halted its flights to the island two weeks ago.")
    assert got is None or "two weeks" not in got


def test_most_before_a_plural_noun_is_no_superlative():
    got = headline_clause(
        "A Utah law that bans most vaping products took effect on March 1 after a state court "
        "declined to block it."
    )
    assert got == "a Utah law that bans most vaping products took effect"


def test_the_most_bounded_by_a_time_is_still_kept_whole_or_not_at_all():
    # "jumped the most" without "in 13 years" would overstate: no clause ends there
    got = headline_clause("Consumer prices for gasoline jumped the most in 13 years in June.")
    assert got is None or "13 years" in got


def test_a_description_before_a_name_is_lower_case_a_title_is_not(embedder):
    # graded: "... (3 outlets); and Gymnast Simone Biles chose her mental health"
    from test_writer_topic_words import _doc

    from newsdesk.write.extractive import product_config
    from newsdesk.write.extractive.candidates import prepare

    docs = [
        _doc(
            1,
            "Skater pulls out of final",
            "Skater Mira Lund chose her health over a medal at the winter games. The skater "
            "said she needed rest, and the governing body backed her.",
            "Ledger",
            "2022-02-10",
            "s-1",
        ),
        _doc(
            2,
            "Minister backs skater",
            "Sports Minister Ola Berg praised the decision. Prime Minister Anna Holm said the "
            "skater had shown courage. The new rules start soon, officials in New York said.",
            "Courier",
            "2022-02-11",
            "s-1",
        ),
    ]
    prep = prepare("the winter games", docs, embed=embedder.encode, config=product_config())
    got = headline_clause(docs[0].sentences[0].text, None, prep)
    assert got is not None and got.startswith("skater Mira Lund chose her health")
    got = headline_clause(
        "Prime Minister Anna Holm said the skater from the capital had shown great courage.",
        None,
        prep,
    )
    assert got is None or got.startswith("Prime Minister Anna Holm")
    # a name before a title keeps its capital, though "new" is a common word
    got = headline_clause(
        "New York Gov. Ada Moss signed the new budget bill into law at the state capitol.",
        None,
        prep,
    )
    assert got is not None and got.startswith("New York Gov. Ada Moss signed")


def test_a_sentence_with_its_own_month_repaired_takes_no_dated_opener() -> None:
    # graded: "[In June,] consumer prices roared higher [in May], ..." (an article of June 10
    # whose "last month" was repaired to May)
    from datetime import date

    from newsdesk.briefing import BriefSentence, Repair
    from newsdesk.write.extractive.openers import _dated

    text = "Shop prices climbed sharply [in May], the fastest rise in a decade."
    s = BriefSentence(
        text, "repaired", [], repairs=[Repair("last month", "[in May]", text.index("[in May]"))]
    )
    assert _dated(s, date(2021, 6, 10), True).text == s.text


def test_what_will_happen_at_a_time_of_its_own_is_not_as_of_it() -> None:
    # graded: "as of June, Coach Clive Woodward's Lions squad will tour New Zealand"
    from newsdesk.write.extractive.close_time import _framed

    clause = "the touring squad will play four matches in Canada"
    assert _framed(clause, "in June", None) == "in June"  # the sentence's own month
    assert _framed(clause, "in June", "in May") == "in June"
    # the article's month for what is planned: how things stood then
    assert _framed(clause, "in May", "in May") == "as of May"
    assert _framed("the two clubs remain committed to the plan", "in May", "in May") == "as of May"


def test_a_participle_set_off_after_the_complement_is_an_aside():
    # graded: no clause for "Dr. Anthony Fauci has admitted making his latest mistake in
    # coronavirus guidance, ... — apologizing by saying, “My bad.”" (the aside's quotation
    # went with the clause, and a quotation is never the close's own words)
    got = headline_clause(
        "Mayor Ana Ruiz has admitted making her latest error in flood guidance, this time over "
        "when she thinks the river will come “under control” — apologizing by saying, “My "
        "mistake.”"
    )
    assert got == "Mayor Ana Ruiz has admitted making her latest error in flood guidance"
    # a participle that is the verb's own complement stays: "kept [selling] ..."
    got = headline_clause("The struggling shop kept selling winter coats at full price all summer.")
    assert got is not None and "selling winter coats" in got


def test_what_unnamed_people_of_a_kind_expect_names_no_story():
    # before: "...; most commentators have been expecting an election (1 article); ..." named
    # a strand in the close (a "most" before a plural noun no longer bounds a dropped time)
    from newsdesk.write.extractive.clauses import judges_only

    assert judges_only("most pundits have been expecting a vote in the spring")
    assert judges_only("many economists say the central bank will raise rates")
    # a count of a kind is a fact, and so is a quantity of things
    assert not judges_only("some 300 dock workers lost their jobs at the port")
    assert not judges_only("most flights from the island were cancelled")


def test_an_adverb_phrase_set_off_by_a_comma_goes_whole():
    # graded: "... Labor Department data showed initial jobless claims totaled 419,000 up"
    got = headline_clause(
        "Weekly applications for housing grants totaled 8,200 in the week ended June 4, up 900 "
        "from the prior week, ministry data showed."
    )
    assert got is not None and got.endswith("totaled 8,200")
