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
