"""A sentence leaning on the one before it in its article may follow it, and only there
(issue 20, item 3): "A later sentence may lean on the one before it only when both come from
the same article, in that order." Before this change such a sentence was either shown anywhere
(the site looks plausible, two sentences after the scam website it means) or never."""

from __future__ import annotations

from conftest import evidence_doc

from newsdesk.model import EvidenceDoc
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.backrefs import FOLLOWS
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.compose import write_briefing
from newsdesk.write.extractive.followers import glue


def test_a_follower_goes_right_after_its_sentence_or_not_at_all() -> None:
    assert glue([1, 2, 3, 4], {4: 1}) == [1, 4, 2, 3]
    assert glue([5, 1, 2], {5: 2}) == [1, 2, 5]
    assert glue([3, 1, 2], {3: 9}) == [1, 2]  # its sentence is elsewhere: left out
    assert glue([7, 6, 1], {7: 6, 6: 1}) == [1, 6, 7]  # a follower of a follower


SCAM = (
    "Net users are being warned to avoid a scam website that claims to collect online "
    "donations for flood relief in Pakistan. The site looks plausible because it copies the "
    "online donation page of a flood relief charity, police in Manchester said. Two banks "
    "have blocked payments to the account named on the page after customers complained."
)
PORTALS = (
    "Large web portals are gathering links that lead people to flood relief charities and "
    "aid agencies working in Pakistan. Many people are donating through websites or going "
    "online to see how they can help families hit by the floods."
)

APPEAL = (
    "Charities say online donations for flood relief in Pakistan have passed five million "
    "pounds in a week. The Disasters Emergency Committee said most gifts came through its "
    "own website and mobile phone donations."
)


def _doc(i: str, text: str, source: str) -> EvidenceDoc:
    return evidence_doc(i, text, title="Flood aid online", source=source, published="2026-03-02")


def test_the_reader_shows_a_follower_only_after_its_sentence() -> None:
    docs = [
        _doc("abcd0001", SCAM, "Net News"),
        _doc("abcd0002", PORTALS, "Web Daily"),
        _doc("abcd0003", APPEAL, "Charity Times"),
    ]
    prep = prepare("flood relief donations online", docs, config=product_config())
    site = next(c for c in prep.cands if c.text.startswith("The site looks"))
    assert site.problem == FOLLOWS
    b = write_briefing("flood relief donations online", docs, words=250, config=product_config())
    texts = [s.text for p in b.paragraphs for s in p.sentences]
    # words are left, so the sentence it leans on brings it along, right after itself
    k = next(k for k, t in enumerate(texts) if t.startswith("The site looks"))
    assert texts[k - 1].startswith("Net users are being warned")
    # it names no strand in the close: alone it leans
    close = [p for p in b.paragraphs if p.role == "overall"]
    assert not any("site looks plausible" in s.text for p in close for s in p.sentences)


def test_the_readability_count_lets_a_follower_lean_on_the_sentence_before_it() -> None:
    from newsdesk.briefing import BriefSentence, Citation
    from newsdesk.evaluate.readability import _follows

    first = BriefSentence("Net users are warned.", "extracted", [Citation("abcd0001", 0, 21)])
    right_after = BriefSentence("The site looks real.", "extracted", [Citation("abcd0001", 22, 42)])
    elsewhere = BriefSentence("The site looks real.", "extracted", [Citation("abcd0001", 90, 110)])
    other = BriefSentence("The site looks real.", "extracted", [Citation("abcd0002", 22, 42)])
    assert _follows(first, right_after)
    assert not _follows(first, elsewhere) and not _follows(first, other)
    assert not _follows(None, right_after)


def test_an_amount_an_adjective_needs_stays_in_a_close_clause() -> None:
    # Before: "fund a vaccine plan worth to fight malaria in Africa" (the amount dropped).
    from newsdesk.write.extractive.clauses import headline_clause

    text = (
        "Gordon Brown urged rich nations to fund a plan worth 5.5 billion pounds to fight malaria."
    )
    clause = headline_clause(text, [], None, 18)
    assert clause is not None and "worth 5.5 billion pounds to fight malaria" in clause


def test_a_close_clause_never_ends_on_what_its_cut_phrase_defined() -> None:
    # Before: "England won the Sevens with a side", "could miss the rest", "were just some of
    # the actors" named strands in graded closes.
    from newsdesk.write.extractive.clauses import headline_clause

    actors = "Three film stars were just some of the actors who attended the premiere in London."
    assert headline_clause(actors, [], None, 18) is None
    # "a side containing ...": the participle says which side, kept whole (this session), or
    # no clause, never "with a side"
    side = headline_clause(
        "England won the first Rugby World Cup Sevens with a side containing several young "
        "players.",
        [],
        None,
        18,
    )
    assert side is None or side.endswith("a side containing several young players"), side
    # "of the season" says the rest of what: kept whole since "of" phrases stay (twelfth
    # session: "young player of the year"), or no clause, never "could miss the rest"
    bridge = headline_clause(
        "Chelsea left-back Wayne Bridge could miss the rest of the season with a suspected "
        "broken ankle.",
        [],
        None,
        18,
    )
    assert bridge is None or "the rest of the season" in bridge, bridge
    kept = headline_clause(
        "Gordon Brown has criticised a union leader for threatening strikes.", [], None, 18
    )
    assert kept == "Gordon Brown has criticised a union leader for threatening strikes"


def test_a_quantifier_before_a_name_is_lower_case_in_a_close_clause() -> None:
    # Before: "Overall, ...: Several Opec members said a cut in production was unlikely".
    from newsdesk.write.extractive.clauses import headline_clause

    text = "Several Opec members said a cut in production was unlikely, citing strong demand."
    assert headline_clause(text, [], None, 18) == (
        "several Opec members said a cut in production was unlikely"
    )


def test_a_close_clause_keeps_no_preposition_without_its_object() -> None:
    # Before: "supporters can watch the teams train for at Twickenham" named a graded strand.
    from newsdesk.write.extractive.clauses import headline_clause

    text = "Supporters can watch the teams train for free at Twickenham on Friday, 4 March."
    clause = headline_clause(text, [], None, 18)
    assert clause is None or "for at" not in clause
    assert clause is None or "free" in clause


def test_the_lead_articles_one_further_sentence_frames_the_lead() -> None:
    # BBC "the UK general election": "Junior constitutional affairs minister Christopher Leslie
    # said: '... of doing so ...'", the lead's own article's next sentence, stood apart as a
    # paragraph of one sentence after the lead.
    from types import SimpleNamespace

    from newsdesk.write.extractive.followers import lead_framing

    prep = SimpleNamespace(cands=[SimpleNamespace(doc=d) for d in (0, 0, 1, 0)])
    assert lead_framing(prep, 0, [0, 1], {}) == ([1], [])  # type: ignore[arg-type]
    # another article's sentence, or two further sentences, still make a paragraph
    assert lead_framing(prep, 0, [0, 2], {}) == ([], [2])  # type: ignore[arg-type]
    assert lead_framing(prep, 0, [0, 1, 3], {}) == ([], [1, 3])  # type: ignore[arg-type]
    # a sentence that follows the lead frames it, as before
    assert lead_framing(prep, 0, [0, 2, 3], {3: 0}) == ([3], [2])  # type: ignore[arg-type]


def test_one_days_sentences_of_an_article_stay_together() -> None:
    # BBC "mobile phones" (undated): "Research by handset maker Nokia shows ..." and "The
    # Nokia-sponsored research showed ..." were split by another article's sentence, since one
    # day's sentences went by their place in their articles, article by article interleaved.
    from types import SimpleNamespace

    from newsdesk.write.extractive.order import date_order

    docs = [SimpleNamespace(published="2005-01-10") for _ in range(2)]
    cands = [
        SimpleNamespace(doc=0, index=0, text="a", shown="a"),
        SimpleNamespace(doc=1, index=1, text="b", shown="b"),
        SimpleNamespace(doc=0, index=2, text="c", shown="c"),
    ]
    prep = SimpleNamespace(
        cands=cands, docs=docs, lineage=["x", "y"], first_day=lambda i: "2005-01-10"
    )
    assert date_order(prep, [1, 2, 0]) == [0, 2, 1]  # type: ignore[arg-type]
