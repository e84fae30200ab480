"""The judged set of disagreement candidates (issue 25, item 3): the file's form, and the
scoring on hand-made stories (no shared data, no model: similarity is a fixed embedding)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED_DATA

from newsdesk.evaluate.disagree_judged import (
    FIELDS,
    REASONS,
    Candidate,
    judge,
    load_candidates,
)
from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences


def _same(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_the_judged_set_is_references_and_labels_only():
    cands = load_candidates()
    assert len(cands) >= 150
    assert len({c.number for c in cands}) == len(cands)
    assert all(c.label in (0, 1) and c.reason in REASONS for c in cands)
    assert all((c.label == 1) == (c.reason == "conflict") for c in cands)
    halves = Counter((c.half, c.label) for c in cands)
    assert halves[("odd", 1)] and halves[("even", 1)] and halves[("odd", 0)] and halves[("even", 0)]
    # offsets are numbers, the value span inside its sentence: no text is kept
    for c in cands:
        assert c.a_start <= c.a_value[0] < c.a_value[1] <= c.a_end
        assert c.b_start <= c.b_value[0] < c.b_value[1] <= c.b_end
    text = (
        Path(__file__)
        .resolve()
        .parents[1]
        .joinpath("src/newsdesk/evaluate/disagree_candidates.tsv")
        .read_text("utf-8")
    )
    header = next(ln for ln in text.splitlines() if not ln.startswith("#"))
    assert header.split("\t") == FIELDS


def test_a_bad_row_is_named(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("\t".join(FIELDS) + "\n1\tecbplus\tnumber\tx\ta\tzero\n", "utf-8")
    with pytest.raises(ValueError, match="row 2"):
        load_candidates(path)


def _doc(i: str, text: str) -> EvidenceDoc:
    return EvidenceDoc(i, "t", text, split_sentences(text), i.upper(), "2026-02-12", lineage_id=i)


def _cand(n: int, a: EvidenceDoc, av: str, b: EvidenceDoc, bv: str, label: int) -> Candidate:
    sa, sb = a.sentences[0], b.sentences[0]
    ia, ib = a.text.index(av), b.text.index(bv)
    return Candidate(
        n, "demo", "number", "s1", a.id, 0, sa.start, sa.end, (ia, ia + len(av)),
        b.id, 0, sb.start, sb.end, (ib, ib + len(bv)), label,
        "conflict" if label else "diff-subject",
    )  # fmt: skip


def test_scoring_counts_pairs_and_their_figures():
    troops_a = _doc("a", "Mexico has agreed to send 15,000 troops to its border with the United "
                    "States as part of a deal to avert a tariff.")  # fmt: skip
    troops_b = _doc("b", "Mexico will deploy 10,000 troops to its northern border over the next "
                    "two weeks to head off a tariff.")  # fmt: skip
    yards_a = _doc("c", "Thomas has eight touchdowns on 498 rushing yards since Week 11.")
    yards_b = _doc("d", "Bush had 440 rushing yards and four touchdowns since Week 11.")
    cands = [
        _cand(1, troops_a, "15,000", troops_b, "10,000", 1),  # a real one, found
        _cand(2, yards_a, "498", yards_b, "440", 0),  # two players: not flagged any more
        _cand(3, troops_a, "15,000", troops_b, "10,000", 0),  # judged wrongly on purpose
        _cand(4, yards_a, "498", yards_b, "440", 1),  # a miss, for recall
    ]
    groups = {"demo": {"s1": [troops_a, troops_b, yards_a, yards_b]}}
    r = judge(cands, groups, _same)
    assert r["hits"] == {1: True, 2: False, 3: True, 4: False}
    # odd: 1 (real, flagged) and 3 (judged 0, flagged); even: 2 (0, not) and 4 (real, missed)
    assert (r["odd"]["precision"], r["odd"]["recall"]) == (0.5, 1.0)
    assert (r["even"]["flagged"], r["even"]["precision"], r["even"]["recall"]) == (0, None, 0.0)
    assert r["all"]["recall"] == 0.5


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the shared evaluation data is not here")
def test_the_tuning_half_on_the_shared_data():
    from newsdesk.evaluate.disagree_judged import run_judged_eval

    cands = load_candidates()
    r = run_judged_eval(SHARED_DATA, cands=cands)
    assert r["all"]["judged"] == len(cands)
    # the tuning half (odd numbers): 58 of 72 flagged real, 58 of 78 real flagged since rows
    # 1657-1725 (look-alikes of a grouping error, 21 false odd flags of 3a2139e's rules) were
    # added (0.97 on rows 1-1656); the held-out half is reported, not asserted
    assert r["odd"]["precision"] >= 0.8 and r["odd"]["recall"] >= 0.65
