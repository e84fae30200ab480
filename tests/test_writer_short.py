"""The extractive writer on short multi-outlet stories: no failed briefings, outlets balanced,
reporting before opinion, the templated close only when the budget has room.

Each test reproduces a defect seen on AllSides-like input (three outlets, lead paragraphs
only, a 50-word budget) with text written here.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from conftest import evidence_doc

from newsdesk.model import EvidenceDoc
from newsdesk.verify import verify
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import Candidate
from newsdesk.write.extractive.compose import write_briefing
from newsdesk.write.extractive.select import select
from newsdesk.write.extractive.words import tokens


def doc(id_: str, text: str, source: str, url: str | None = None, title: str = "t") -> EvidenceDoc:
    return evidence_doc(id_, text, title=title, source=source, published="2021-10-18", url=url)


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
    assert any(s.kind in ("extracted", "repaired") for s in b.sentences())
    assert not any(s.kind == "templated" for s in b.sentences())


def test_every_snippet_cut_mid_sentence_still_gives_a_briefing_that_says_so():
    docs = [
        doc(
            "bbbb0001",
            "The Senate voted late Thursday to extend the federal debt limit into...",
            "NPR",
        ),
        doc(
            "bbbb0002", "Lawmakers from both parties spent the week negotiating over the...", "Fox"
        ),
        doc(
            "bbbb0003",
            "A short-term deal to raise the borrowing limit cleared the chamber by...",
            "AP",
        ),
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


def _cand(doc_: int, n: int, score: float, stem: str) -> Candidate:
    text = " ".join(f"{stem}{k}" for k in range(n)) + "."
    c = Candidate(doc_, 0, 0, len(text), text, None, toks=tokens(text))
    c.score = score
    return c


def test_fifty_words_go_to_two_outlets_when_two_fit():
    # One outlet's two sentences are the best by score: the greedy used to spend the whole
    # budget on them (45 of 50 words, one outlet) although its best sentence and another
    # outlet's fit together.
    cands = [
        _cand(0, 30, 1.0, "alpha"),
        _cand(0, 15, 0.9, "beta"),
        _cand(1, 18, 0.5, "gamma"),
        _cand(2, 18, 0.5, "delta"),
    ]
    sims = np.eye(len(cands), dtype=np.float32)
    lineage = ["a", "b", "c"]
    usable = list(range(len(cands)))
    plain = replace(product_config().select, balance_outlets=False, exact_max_sentences=0)
    chosen = select(cands, usable, lineage, sims, 50, plain)
    assert {cands[i].doc for i in chosen} == {0}  # the defect, as the greedy alone has it
    for exact in (0, 3):  # the greedy with balance, and the exact search for short briefings
        cfg = replace(product_config().select, exact_max_sentences=exact)
        chosen = select(cands, usable, lineage, sims, 50, cfg)
        assert sum(cands[i].n_words for i in chosen) <= 50
        assert len({cands[i].doc for i in chosen}) == 2, (exact, chosen)


def test_reporting_is_preferred_to_an_opinion_line():
    report = "The Senate approved the infrastructure bill on Tuesday by a vote of 69 to 30."
    docs = [
        doc(
            "eeee0001",
            report + " Senate leaders said the bill includes $550 billion in new spending on "
            "roads, bridges and broadband.",
            "Wire",
            url="https://example.com/2021/08/10/senate-passes-bill",
        ),
        doc(
            "eeee0002",
            "The Senate vote on Tuesday approved a bloated infrastructure bill with $550 billion "
            "in new spending on roads, bridges and broadband. The House should reject the "
            "infrastructure bill before the spending on roads and bridges buries us in debt.",
            "Paper",
            url="https://example.com/opinion/2021/08/10/senate-bill-shame",
        ),
        doc(
            "eeee0003",
            "House leaders said they would take up the infrastructure bill after the Senate vote "
            "on Tuesday. The House is expected to vote on the bill in September.",
            "Radio",
        ),
    ]
    b = brief(docs, words=50)
    assert "eeee0002" not in {s.id for s in b.sources}, b.text()
    assert {s.id for s in b.sources} == {"eeee0001", "eeee0003"}


def test_a_hundred_words_need_two_outlets_not_a_weaker_set_of_three():
    # Seen on the AllSides tune half: balance counting every outlet traded a 100-word briefing
    # for three weaker sentences from three outlets, when two strong ones from two outlets fit.
    cands = [
        _cand(0, 50, 1.0, "alpha"),
        _cand(1, 45, 1.0, "beta"),
        _cand(0, 30, 0.7, "gamma"),
        _cand(1, 30, 0.7, "delta"),
        _cand(2, 30, 0.7, "epsilon"),
    ]
    sims = np.eye(len(cands), dtype=np.float32)
    lineage = ["a", "b", "c"]
    usable = list(range(len(cands)))
    cfg = product_config().select
    assert cfg.exact_max_words >= 100 and cfg.balance_max_outlets == 2
    chosen = select(cands, usable, lineage, sims, 100, cfg)
    assert sorted(chosen) == [0, 1]
    every_outlet = replace(cfg, balance_max_outlets=3)  # the earlier count
    chosen = select(cands, usable, lineage, sims, 100, every_outlet)
    assert sorted(chosen) == [2, 3, 4]
