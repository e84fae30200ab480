"""The extractive writer on short multi-outlet stories: no failed briefings, outlets balanced,
reporting before opinion, the templated close only when the budget has room.

Each test reproduces a defect seen on AllSides-like input (three outlets, lead paragraphs
only, a 50-word budget) with text written here.
"""

from __future__ import annotations

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.verify import verify
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.compose import write_briefing


def doc(id_: str, text: str, source: str, url: str | None = None, title: str = "t") -> EvidenceDoc:
    return EvidenceDoc(
        id=id_,
        title=title,
        text=text,
        sentences=split_sentences(text),
        source=source,
        published="2021-10-18",
        url=url,
    )


def brief(docs: list[EvidenceDoc], words: int = 50):
    b = write_briefing(None, docs, words=words, config=product_config())
    return verify(b, {d.id: d.text for d in docs})


LONG_A = (
    "The Supreme Court on Monday ruled that police officers in two separate cases were entitled "
    "to qualified immunity from lawsuits over their use of force."
)  # 24 words
LONG_B = (
    "In two unsigned opinions the justices overturned appellate decisions that had gone against "
    "the officers accused of using excessive force during arrests."
)


def test_two_outlets_50_words_a_24_word_sentence_fits():
    # Two independent articles are thin evidence; the writer used to keep 30 of the 50 words
    # for a templated close and failed with "no sentence fits the word budget".
    docs = [doc("aaaa0001", LONG_A, "CNBC"), doc("aaaa0002", LONG_B, "CNN")]
    b = brief(docs)
    assert b.word_count() <= 50
    assert any(s.kind == "extracted" for s in b.sentences())
    assert not any(s.kind == "templated" for s in b.sentences())


def test_every_snippet_cut_mid_sentence_still_gives_a_briefing_that_says_so():
    docs = [
        doc("bbbb0001", "The Senate voted late Thursday to extend the federal debt limit into...", "NPR"),
        doc("bbbb0002", "Lawmakers from both parties spent the week negotiating over the...", "Fox"),
        doc("bbbb0003", "A short-term deal to raise the borrowing limit cleared the chamber by...", "AP"),
    ]
    b = brief(docs)
    assert b.sentences(), "a briefing comes out"
    assert b.notice and "stands alone" in b.notice
    assert all(s.verdict is not None and s.verdict.ok for s in b.sentences())


def test_no_sentence_within_the_budget_shows_the_shortest_with_a_notice():
    docs = [doc("cccc0001", LONG_A, "CNBC"), doc("cccc0002", LONG_B, "CNN")]
    b = brief(docs, words=12)
    assert len(b.sentences()) == 1
    assert b.notice and "12-word budget" in b.notice


CENTRAL = [
    "Congress passed a short-term increase of the federal debt limit on Thursday night.",
    "The debt limit increase keeps the federal government able to pay its bills into December.",
    "The House vote on the debt limit increase followed a Senate vote earlier in the week.",
]


def test_fifty_words_cite_two_outlets_when_two_fit():
    # One outlet's article repeats the story's words most: the writer used to spend the whole
    # budget on it.
    heavy = " ".join(CENTRAL)
    docs = [
        doc("dddd0001", heavy, "Outlet Heavy"),
        doc("dddd0002", "Republicans said the debt limit deal was a short-term fix for December.", "Outlet Two"),
        doc("dddd0003", "Markets rose after the federal debt limit vote in the House on Thursday.", "Outlet Three"),
    ]
    b = brief(docs)
    outlets = {s.source for s in b.sources}
    assert len(outlets) >= 2, b.text()


def test_reporting_is_preferred_to_an_opinion_line():
    report = (
        "The Senate approved the infrastructure bill on Tuesday by a vote of 69 to 30 after "
        "weeks of talks."
    )
    opinion = (
        "We should all be ashamed that the Senate approved the infrastructure bill, a bloated "
        "giveaway we must reject."
    )
    docs = [
        doc("eeee0001", report + " The bill now goes to the House for a vote next month.", "Wire",
            url="https://example.com/2021/08/10/senate-passes-bill"),
        doc("eeee0002", opinion + " The bill now goes to the House, where it should die.", "Paper",
            url="https://example.com/opinion/2021/08/10/senate-bill-shame"),
        doc("eeee0003", "House leaders said they would take up the infrastructure bill after the "
            "Senate vote on Tuesday.", "Radio"),
    ]
    b = brief(docs, words=50)
    assert report in b.text()
    assert "eeee0002" not in {s.id for s in b.sources}, b.text()
