"""Readers' comments printed under a report are not news (graded, BBC News: "Veritas is the
beginning of the end for Kilroy-Silk." and "... ego and vanity are his own worst enemy." told
as the outlet's own, from the readers' e-mails that follow a report on a new party).

The report and the comments below are our own paraphrases of that kind of page."""

from __future__ import annotations

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences

REPORT = (
    "Former television host Dan Corrie launched a new party on Wednesday, telling a London "
    "news conference it would speak plainly about immigration.\n\n"
    "Mr Corrie, who quit the Independence Party last week, said the old parties had failed "
    "voters. He said the party would stand in most seats at the general election.\n\n"
    "Independence Party leader Ruth Amble said she was glad to see him go. A party spokesman "
    "told reporters the defectors should give up their assembly seats.\n\n"
)
COMMENTS = (
    "I think his views on immigration are shared by many people in my town.\n\n"
    "The new party is the beginning of the end for Dan Corrie.\n\n"
    "His vanity is his own worst enemy! Who will vote for a one-man band?\n\n"
    "I have watched him for years and I would vote for him tomorrow.\n\n"
    "My family will stay with the old parties, thank you.\n\n"
)


def _doc(i: int, text: str) -> EvidenceDoc:
    return EvidenceDoc(
        f"cafe{i:04d}",
        f"Corrie launches party {i}",
        text,
        split_sentences(text),
        "Daily Courier",
        None,
        None,
        story_id="s-corrie",
    )


def test_readers_comments_under_a_report_are_no_candidates(embedder):
    from newsdesk.write.extractive import product_config
    from newsdesk.write.extractive.candidates import prepare

    docs = [_doc(1, REPORT + COMMENTS), _doc(2, REPORT.replace("Wednesday", "Thursday"))]
    prep = prepare("Dan Corrie", docs, embed=embedder.encode, config=product_config())
    said = [prep.cands[i].text for i in range(len(prep.cands)) if prep.cands[i].doc == 0]
    assert any("launched a new party" in s for s in said)
    assert not any("beginning of the end" in s for s in said)
    assert not any("worst enemy" in s for s in said)


def test_the_tail_starts_at_the_first_comment_and_only_after_a_report():
    from newsdesk.write.extractive.comments import comments_start

    text = REPORT + COMMENTS
    assert comments_start(text) == text.index("I think his views")
    # a report alone, or a report that quotes people speaking in the first person
    assert comments_start(REPORT) is None
    quoted = REPORT + "".join(
        f'"I will fight every seat{"!" * (k % 2)}" he said of the campaign, day {k}.\n\n'
        for k in range(5)
    )
    assert comments_start(quoted) is None
    # a column in the first person from its start has no report above its "comments"
    assert comments_start(COMMENTS + COMMENTS) is None
    # a transcript is speech throughout
    turns = "MR. CORRIE: Thank you all for coming.\n\n" + REPORT + COMMENTS
    assert comments_start(turns) is None
