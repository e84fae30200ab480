"""Times a reader cannot place (graded: "this summer" and "next summer's tour", side by side in
one briefing of undated reports; "ever since last year's postponement" left as it was).

- A season counted from an article's date ("this summer", "next season") in an article with no
  date: no one can tell which, so the sentence is not one a briefing can use.
- "last year's" in a dated article is repaired to the year ("[2020's]"), and the verifier reads
  the repair as the source's date; "this year's" in a briefing of that year stays."""

from __future__ import annotations

from datetime import date

from newsdesk.verify.dates import unsupported_dates
from newsdesk.write.extractive.dates import date_repairs


def _doc(i: int, text: str, day: str | None):
    from test_writer_topic_words import _doc as make

    return make(i, f"Report {i}", text, "Herald", day, f"s-{i}")


def test_a_season_in_an_undated_article_says_no_time(embedder):
    from newsdesk.write.extractive import product_config
    from newsdesk.write.extractive.candidates import prepare

    docs = [
        _doc(
            1,
            "Tom Hale believes he can make this summer's tour to Canada despite a knee injury.",
            None,
        ),
        _doc(
            2,
            "Centre Tom Hale believes he can make the tour to Canada despite a knee injury.",
            None,
        ),
        _doc(
            3,
            "Tom Hale believes he can make this summer's tour to Canada despite a knee injury.",
            "2005-02-01",
        ),
    ]
    prep = prepare("the tour", docs, embed=embedder.encode, config=product_config())
    problem = {prep.cands[i].doc: prep.cands[i].problem for i in range(len(prep.cands))}
    assert problem[0] == "undated"
    assert problem[1] != "undated"
    assert problem[2] != "undated"  # a dated article's season is its own year's


def test_last_years_is_repaired_to_its_year_and_verified():
    text = "The virus has loomed over the festival ever since last year's cancellation."
    got = date_repairs(text, date(2021, 7, 23), year=2021)
    assert [(r.original, r.replacement) for r in got] == [("last year's", "2020's")]
    claim = "The virus has loomed over the festival ever since [2020's] cancellation."
    assert unsupported_dates(claim, [(text, date(2021, 7, 23))]) == []
    wrong = "The virus has loomed over the festival ever since [2019's] cancellation."
    assert unsupported_dates(wrong, [(text, date(2021, 7, 23))]) != []
    # this year's, in a briefing of that year, says enough
    assert date_repairs("This year's festival drew big crowds.", date(2021, 7, 23), year=2021) == []


def test_a_slug_marking_opinion_before_its_number_is_opinion():
    # graded: a Newsweek column ("...-mental-health-opinion-1613718") on Simone Biles was read
    # as reporting: "for a lot of people that decision won't make sense" in the briefing's voice
    from newsdesk.model import EvidenceDoc
    from newsdesk.write.extractive.outlets import is_opinion

    def doc(url: str) -> EvidenceDoc:
        return EvidenceDoc(
            "beef0001", "Skaters lead talk on rest", "Text.", [], "Herald", None, url
        )

    assert is_opinion(doc("https://news.example.com/skaters-lead-talk-rest-opinion-1613718"))
    # a story about public opinion is not a column
    assert not is_opinion(doc("https://news.example.com/2021/05/public-opinion-turns-on-plan"))


def test_last_year_is_left_when_the_sentence_names_that_year():
    # graded, White House "the border": "[In 2023], in April and May of 2023, approximately 30
    # percent of all encounters ..." (the repair said the year the sentence already gives)
    text = (
        "Last year, in March and April of 2023, about a third of all crossings were at the bridge."
    )
    assert date_repairs(text, date(2024, 2, 29), year=None) == []
    # another year named: the repair still says which year "last year" was
    other = "Last year, in 2022 dollars, the costs of the crossing rose by a fifth."
    got = date_repairs(other, date(2024, 2, 29), year=None)
    assert [(r.original, r.replacement) for r in got] == [("Last year", "In 2023")]
