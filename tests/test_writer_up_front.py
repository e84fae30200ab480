"""Every strand's articles lead with what the topic names, as the central story's do (graded
blind, fresh BBC topics: "the Budget" gave its biggest paragraph to the US federal budget,
whose articles name the UK Budget only further down; "the iPod" led with a list of gadgets).
Articles are our own."""

from __future__ import annotations

from test_writer_topic_words import _three

from newsdesk.model import EvidenceDoc
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import compose
from newsdesk.write.extractive.strands import topic_names


def _brief(topic: str, docs: list[EvidenceDoc], embedder, words: int = 250):
    cfg = product_config()
    return compose(prepare(topic, docs, embed=embedder.encode, config=cfg), words=words, config=cfg)


def test_a_name_may_open_in_lower_case():
    assert topic_names("the iPod") == ["iPod"]
    assert topic_names("eBay fees") == ["eBay"]


def test_a_strand_whose_articles_name_the_topic_only_further_down_is_no_strand(embedder):
    speech = _three(
        0,
        "Chancellor cuts fuel duty in his Budget",
        "Chancellor Alan Reid cut fuel duty and raised the tax-free allowance in his Budget on "
        "Wednesday. Mr Reid told MPs the Budget would help working families with rising bills. "
        "Opposition leader Clare Dunn said the Budget was built to win votes before the election.",
        "2005-03-16",
        "s-speech",
    )
    leak = _three(
        10,
        "Inquiry into leak of Budget details",
        "Ministers were asked to explain how Budget details appeared in a newspaper before "
        "Chancellor Alan Reid rose to speak. The Treasury said it would hold an inquiry into "
        "the leak.",
        "2005-03-17",
        "s-leak",
    )
    federal = _three(
        20,
        "President sends tight spending plan to Congress",
        "The President sent Congress a spending plan with deep cuts to farm subsidies and "
        "housing aid on Monday. The federal deficit reached a record $412bn last year, and the "
        "White House wants to halve it within five years. Senators from farm states said the "
        "cuts would not pass. Analysts in London compared the plan with the Budget that "
        "Chancellor Alan Reid will give next month.",
        "2005-03-14",
        "s-federal",
    )
    b = _brief("the Budget", [*speech, *leak, *federal], embedder)
    text = " ".join(s.text for p in b.paragraphs for s in p.sentences)
    assert "fuel duty" in text, text
    assert "Congress" not in text and "subsidies" not in text, text


def test_no_article_leading_with_the_place_and_its_thing_gets_a_notice(embedder):
    # graded blind: BBC "the Ukraine election" briefed a Kyrgyz vote with no notice
    ink = _three(
        30,
        "Invisible ink to stop repeat voting",
        "A small mountain republic will mark voters' fingers with invisible ink at its coming "
        "elections to stop people voting twice. Officials said ultraviolet lamps would check "
        "every voter at the door. The scheme copies one tried in Ukraine last year.",
        "2005-02-20",
        "s-ink",
    )
    b = _brief("the Ukraine election", ink, embedder, 150)
    assert b.notice and "No matching article leads with “Ukraine election”" in b.notice
    b = _brief("the mountain republic elections", ink, embedder, 150)
    assert not b.notice or "leads with" not in b.notice
