"""Date repairs in a reader's briefing: the year a reader can take as given is left out, and
the words a repair adds are shown and counted but not read by selection as the article's
content."""

from __future__ import annotations

from datetime import date

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.dates import apply_repairs, date_repairs

MONDAY = "The Supreme Court ruled Monday that the two officers were protected from the lawsuits."


def _doc(id_: str, text: str, published: str | None) -> EvidenceDoc:
    return EvidenceDoc(
        id=id_,
        title="t",
        text=text,
        sentences=split_sentences(text),
        source=id_,
        published=published,
    )


def test_a_repair_leaves_out_the_year_every_article_shares():
    reps = date_repairs(MONDAY, date(2021, 10, 19), year=2021)
    assert [(r.original, r.replacement) for r in reps] == [("Monday", "on Monday, October 18")]
    # spans lose the year too; a bare year and a date in another year keep theirs
    text = "Last week the board met. It did not meet last year. It will meet this year."
    shown = apply_repairs(text, date_repairs(text, date(2021, 6, 16), year=2021))
    assert shown.startswith("In the week of June 7 the board met.")
    assert "meet in 2020." in shown and "meet in 2021." in shown
    jan = date_repairs("Officials met yesterday in Mexico City.", date(2021, 1, 1), year=2021)
    assert jan[0].replacement == "on December 31, 2020"


def test_the_year_stays_when_the_articles_span_years():
    docs = [
        _doc("aaaa1111", MONDAY, "2021-10-19"),
        _doc(
            "bbbb2222",
            "The justices sided with the police officers in two unsigned rulings.",
            "2022-01-03",
        ),
    ]
    cands = prepare(None, docs, config=product_config()).cands
    assert "on Monday, October 18, 2021" in cands[0].shown
    docs[1] = _doc("bbbb2222", docs[1].text, "2021-10-20")
    cands = prepare(None, docs, config=product_config()).cands
    assert "on Monday, October 18 that" in cands[0].shown


def test_selection_reads_the_articles_words_not_the_repairs():
    docs = [_doc("aaaa1111", MONDAY, "2021-10-19")]
    c = prepare(None, docs, config=product_config()).cands[0]
    assert c.n_words == len(c.shown.split()) > len(MONDAY.split())  # the budget counts them
    assert "october" not in c.toks and "monday" in c.toks


def test_a_span_back_from_the_article_date_reads_as_one_phrase():
    # Wednesday, March 4, 2025
    anchor = date(2025, 3, 4)
    cases = {
        "In the past week, officials seized 40 pounds of fentanyl at the border.":
            "In the week before March 4, 2025, officials seized 40 pounds of fentanyl at the "
            "border.",
        "Over the past year, seizures at the ports of entry rose by half.":
            "Over the year before March 4, 2025, seizures at the ports of entry rose by half.",
        "In just the last five months, agents seized 442 million potentially lethal doses.":
            "In just the five months to March 4, 2025, agents seized 442 million potentially "
            "lethal doses.",
        "Seizures rose in the past 11 months, the agency reported.":
            "Seizures rose in the 11 months to March 4, 2025, the agency reported.",
        "Talks stalled in the last week of the campaign.":
            "Talks stalled in the last week of the campaign.",
    }  # fmt: skip
    for text, want in cases.items():
        reps = date_repairs(text, anchor)
        assert apply_repairs(text, reps) == want
        # One repair replaces the whole phrase, "the" with it (never "in the in the week").
        assert all(r.original.lower().startswith("the ") for r in reps)
    # A briefing whose articles are all from 2025 leaves the year out of a span inside 2025,
    # not out of one that reaches back into 2024.
    text = "Seizures rose in the past two weeks, and in the past 11 months."
    assert apply_repairs(text, date_repairs(text, anchor, year=2025)) == (
        "Seizures rose in the two weeks to March 4, and in the 11 months to March 4, 2025."
    )


def test_a_date_that_modifies_a_noun_reads_grammatically_and_forward():
    # Issue 20: "raced toward a [on Tuesday, August 24] deadline" in an article of Monday,
    # August 30, 2021 (the deadline was the next day, and a noun modifier takes no "on").
    text = "The U.S. military raced toward a Tuesday deadline to withdraw from Afghanistan."
    reps = date_repairs(text, date(2021, 8, 30), year=2021)
    assert [(r.original, r.replacement) for r in reps] == [("Tuesday", "Tuesday, August 31")]
    assert apply_repairs(text, reps) == (
        "The U.S. military raced toward a Tuesday, August 31 deadline to withdraw from Afghanistan."
    )
    past = "The Friday vote passed 50 to 48 in the Senate."
    reps = date_repairs(past, date(2021, 8, 30), year=2021)
    assert apply_repairs(past, reps) == "The Friday, August 27 vote passed 50 to 48 in the Senate."
    # an adverbial weekday keeps its preposition
    said = "Negotiators said Tuesday that talks would go on."
    assert date_repairs(said, date(2021, 8, 30), year=2021)[0].replacement == (
        "on Tuesday, August 24"
    )


def test_a_sentence_a_later_article_reprints_keeps_the_first_articles_days():
    # demo, "the measles outbreak in Ashgrove County": "... health officials said Friday" was
    # shown from a copy published a week later and read as the next Friday, and the sentence
    # came after one that leans on it ("The exclusion order covers nine schools")
    said = "About 600 students will be kept home for three weeks, health officials said Friday."
    first = _doc("aaaa0001", said + " The order covers nine schools.", "2026-01-30T17:00:00Z")
    reprint = _doc("aaaa0002", said, "2026-02-06T09:00:00Z")
    prep = prepare("students kept home", [reprint, first], config=product_config())
    for c in prep.cands:
        if c.text == said:
            assert [r.replacement for r in c.dates] == ["on Friday, January 30"], c.doc
            assert prep.first_day(prep.cands.index(c)) == "2026-01-30"


def test_an_opening_today_keeps_its_word_and_takes_its_day():
    # Graded (White House "migration and asylum"): "[On June 10, 2022], President Biden joins
    # leaders ..." (a release's present tense after a past date read wrong)
    text = "Today, the Governor joins mayors from across the region to sign the compact."
    [r] = date_repairs(text, date(2022, 6, 10))
    assert (r.original, r.replacement) == ("Today", "Today, June 10, 2022")
    # inside the sentence, the day takes its preposition as before
    [r] = date_repairs("The Governor said today that she would sign it.", date(2022, 6, 10))
    assert r.replacement == "on June 10, 2022"


def test_an_opening_today_before_a_past_tense_gives_way_to_its_day():
    # Graded (White House "trade and tariffs with Mexico"): "[Today, March 6, 2025], President
    # Donald J. Trump announced adjustments ..." read as a wrong repair; the past tense takes
    # "on" and the day
    text = "Today, the Governor announced changes to the fees charged on imported timber."
    [r] = date_repairs(text, date(2025, 3, 6))
    assert (r.original, r.replacement) == ("Today", "On March 6, 2025")


def test_a_span_after_with_or_than_takes_no_second_preposition():
    # AllSides "inflation and prices": "Prices rose 5.4 percent in June compared with [in
    # 2020]" (the article: "compared with one year ago")
    [r] = date_repairs("Rents rose 3 percent in May compared with one year ago.", date(2021, 6, 9))
    assert r.replacement == "2020"
    [r] = date_repairs("Exports were higher than a year ago, the agency said.", date(2021, 6, 9))
    assert r.replacement == "2020"
