"""Undated articles in date order (graded: an undated report that a challenger "easily defeated"
a rival in a vote read before the dated report, two days older, that the vote would be held).
An undated article of a story whose dated articles are of a few days takes, for ordering only,
the day of the dated one closest to it; a story of many days gives it none."""

from __future__ import annotations

from test_writer_topic_words import _doc

from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.order import _day_of, date_order


def _vote(second_day: str, story: str = "s-vote") -> list:
    return [
        _doc(
            1,
            "Caucus set to vote on chair",
            "Members of the caucus will vote on Wednesday to remove Dana Holt as chair and "
            "replace her with Lee Marsh, party leaders said.",
            "Ledger",
            "2021-05-12",
            story,
        ),
        _doc(
            2,
            "Marsh wins caucus vote",
            "Lee Marsh easily defeated a late challenger in the caucus vote to replace Dana "
            "Holt as chair, party members said.",
            "Courier",
            None,
            story,
        ),
        _doc(
            3,
            "Marsh elected caucus chair",
            "Lee Marsh was elected caucus chair in a vote on Friday, replacing Dana Holt after "
            "weeks of party infighting.",
            "Herald",
            second_day,
            story,
        ),
    ]


def _prep(embedder, docs: list):
    prep = prepare("the caucus chair", docs, embed=embedder.encode, config=product_config())
    prep.story_keys = [d.story_id or "" for d in prep.docs]
    return prep


def _with_second(title: str, text: str) -> list:
    """The vote's articles, the undated second one replaced."""
    docs = _vote("2021-05-14")
    docs[1] = _doc(2, title, text, "Courier", None, "s-vote")
    return docs


def _firsts(prep) -> dict[int, int]:
    return {prep.cands[i].doc: i for i in reversed(range(len(prep.cands)))}


def test_an_undated_report_of_a_story_of_a_few_days_reads_in_its_days(embedder):
    prep = _prep(embedder, _vote("2021-05-14"))
    first = _firsts(prep)
    # the undated report of the result takes the day of the report of the result
    assert _day_of(prep, first[1]) == "2021-05-14"
    order = date_order(prep, [first[1], first[0], first[2]])
    assert order.index(first[0]) < order.index(first[1])
    # of that day, after the dated report: it may be a later one
    assert order.index(first[2]) < order.index(first[1])


def test_an_undated_report_is_given_no_day_in_a_story_of_many_days(embedder):
    prep = _prep(embedder, _vote("2021-05-30"))
    first = _firsts(prep)
    assert _day_of(prep, first[1]) == ""


def test_an_undated_report_alone_in_its_story_is_given_no_day(embedder):
    docs = _vote("2021-05-14")
    docs[1] = _doc(2, docs[1].title, docs[1].text, "Courier", None, "s-other")
    prep = _prep(embedder, docs)
    assert _day_of(prep, _firsts(prep)[1]) == ""


def test_a_story_with_one_dated_article_dates_no_other(embedder):
    # graded: weekly jobless claims of May and October, grouped with a report of August 19,
    # were dated August 19
    docs = _vote("2021-05-14")
    docs[2] = _doc(3, docs[2].title, docs[2].text, "Herald", None, "s-vote")
    prep = _prep(embedder, docs)
    assert _day_of(prep, _firsts(prep)[1]) == ""


def test_an_undated_report_of_another_fact_of_the_story_is_given_no_day(embedder):
    # graded: a report that talks on police reform were starting (May) was dated by the
    # reports of their collapse (September), grouped in one story
    docs = _with_second(
        "Caucus opens rulebook talks",
        "Party members began drafting a new rulebook for the caucus ahead of the summer "
        "recess. The caucus will vote to remove Dana Holt as chair and replace her with Lee "
        "Marsh, party leaders said. Lee Marsh is expected to win the caucus vote for chair.",
    )
    prep = _prep(embedder, docs)
    assert _day_of(prep, _firsts(prep)[1]) == ""


def test_an_undated_report_of_what_is_to_come_reads_before_that_days_reports(embedder):
    # graded: "senators could begin amending it soon" (undated, dated by the reports of the
    # bill's passage) read after the passage
    docs = _with_second(
        "Marsh set to win caucus vote",
        "Lee Marsh could win the caucus vote to replace Dana Holt as chair soon, party members "
        "said.",
    )
    prep = _prep(embedder, docs)
    first = _firsts(prep)
    assert _day_of(prep, first[1]) == "2021-05-14"
    order = date_order(prep, [first[0], first[1], first[2]])
    assert order.index(first[1]) < order.index(first[2])


def test_an_undated_strand_reads_after_the_dated_ones(embedder):
    # graded: "For the first time in over two months, COVID-19 cases are declining" (an
    # undated report of September) came right after the lead, before the strands of July
    from newsdesk.model import EvidenceDoc
    from newsdesk.text import split_sentences
    from newsdesk.verify import verify
    from newsdesk.verify.sources import from_evidence
    from newsdesk.write.extractive.compose import compose

    def doc(i: str, day: str | None, title: str, text: str, story: str) -> EvidenceDoc:
        return EvidenceDoc(
            i, title, text, split_sentences(text), f"Outlet {i}", day, None, None, story
        )

    a = (
        "Portsmouth City Council approved a new budget for the harbour district after a long "
        "debate. The budget sets aside money for dredging the main shipping channel."
    )
    b = (
        "Dock workers at the harbour went on strike over pay and staffing levels at the port. "
        "The union said the strike would continue until the port operator returned to talks."
    )
    c = (
        "Ferry passengers at the harbour face a new fee for parking near the terminal. "
        "The fee will fund repairs to the terminal's roof and car park."
    )
    docs = [
        doc("aaaa0001", "2024-01-10", "Council approves harbour budget", a, "s1"),
        doc("aaaa0002", "2024-01-10", "Harbour budget passes council", a, "s1"),
        doc("aaaa0005", None, "Harbour ferry fee", c, "s3"),
        doc("aaaa0006", None, "Ferry parking fee at harbour", c, "s3"),
        doc("aaaa0003", "2024-01-20", "Harbour dock workers strike", b, "s2"),
        doc("aaaa0004", "2024-01-20", "Strike shuts harbour docks", b, "s2"),
    ]
    cfg = product_config()
    prep = prepare("the harbour", docs, embed=embedder.encode, config=cfg)
    texts = {d.id: d.text for d in docs}
    out = verify(compose(prep, words=250, config=cfg), texts, sources=from_evidence(docs))
    strands = [p for p in out.paragraphs if p.role == "strand"]
    ids = [{c.id for s in p.sentences for c in s.citations} for p in strands]
    undated = [k for k, got in enumerate(ids) if got & {"aaaa0005", "aaaa0006"}]
    dated = [
        k for k, got in enumerate(ids) if got & {"aaaa0001", "aaaa0002", "aaaa0003", "aaaa0004"}
    ]
    assert undated and dated, out.text()
    assert max(dated) < min(undated), out.text()
