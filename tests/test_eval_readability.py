"""``newsdesk eval readability``: the figures of one briefing against gold stories, and the
mixed topics it builds (the run itself needs ../shared/data and is skipped without it)."""

from __future__ import annotations

import pytest
from conftest import SHARED_DATA

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph
from newsdesk.evaluate.clusterdata import EvalDoc
from newsdesk.evaluate.readability import _allsides_topics, _ecb_topics, score_briefing


def _s(text: str, doc: str, kind: str = "extracted") -> BriefSentence:
    return BriefSentence(text, kind, [Citation(doc, 0, 1)])  # type: ignore[arg-type]


def test_purity_coverage_lead_inversions_and_repeats():
    gold = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    day = {"a1": "2024-01-01", "a2": "2024-01-03", "a3": "2024-01-02", "b1": "2024-01-05"}
    day["b2"] = "2024-01-06"
    b = Briefing(
        topic=None,
        paragraphs=[
            Paragraph(
                "lead",
                [
                    _s("Reported between January 1 and January 6.", "a1", "templated"),
                    _s("The harbour authority approved the new dredging budget on Monday.", "a1"),
                ],
            ),
            # inverted: a2 (Jan 3) before a3 (Jan 2); pure (story A)
            Paragraph(
                "strand",
                [
                    _s("Dredging of the main channel will begin in the spring.", "a2"),
                    _s("Engineers surveyed the channel depth along the eastern quay.", "a3"),
                ],
            ),
            # mixed: A and B, out of date order; the second sentence repeats the lead's fact
            Paragraph(
                "strand",
                [
                    _s("Dock workers at the harbour went on strike over pay.", "b1"),
                    _s("The harbour authority approved the new dredging budget.", "a1"),
                ],
            ),
        ],
        sources=[],
    )
    sc = score_briefing(b, gold, day, None).summary()
    assert sc["strand_purity"] == pytest.approx(2 / 3, abs=1e-3)
    assert sc["strand_coverage"] == 1.0  # A and B each hold the majority of a paragraph
    assert sc["lead_accuracy"] == 1.0  # A is the largest story
    assert sc["inversions"] == 2  # a3 after a2, and a1 (January 1) after b1 (January 5)
    assert sc["repeated_facts"] == 1
    assert sc["sentences"] == 5  # the templated line is not counted


def test_topics_mix_stories_of_one_issue_and_split_by_id():
    def d(i: str, gold: str, group: str) -> EvalDoc:
        return EvalDoc(i, "t", "x", gold, group)

    ecb = _ecb_topics([d("1", "1_a", "1"), d("2", "1_b", "1"), d("3", "2_a", "2")])
    assert [t.id for t in ecb] == ["ecb+1"]  # one event only: not a multi-story topic
    docs = [d(f"{s}{k}", s, s) for s in ("11", "12", "13", "14") for k in range(2)]
    issues = {"11": "Immigration", "12": "Immigration", "13": "Immigration", "14": "Economy"}
    mixed = _allsides_topics(docs, issues)
    assert len(mixed) == 1 and mixed[0].number == 11
    assert {x.gold for x in mixed[0].docs} == {"11", "12", "13"}


@pytest.mark.skipif(not (SHARED_DATA / "ecbplus").is_dir(), reason="needs ../shared/data")
def test_the_run_scores_real_topics(tmp_path):
    from newsdesk.evaluate.readability import format_readability_table, run_readability_eval

    result = run_readability_eval(SHARED_DATA, limit=1, datasets=("ecbplus",), cache_dir=tmp_path)
    assert result["topics"] == 1 and not result["failures"]
    assert "purity" in format_readability_table(result)
