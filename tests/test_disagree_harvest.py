"""The second candidate generator of the judged set (counts of people, in digits or words)."""

from __future__ import annotations

import numpy as np

from newsdesk.evaluate.disagree_harvest import count_candidates, counts
from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences


def test_counts_read_words_split_thousands_ages_and_times():
    got = {(v, k) for _, _, v, k in counts("The quake injured five people on the island.")}
    assert got == {(5.0, "hurt")}
    got = {(v, k) for _, _, v, k in counts("Qeshm island, home to 120, 000 people, was hit.")}
    assert got == {(120000.0, "people")}
    got = {(v, k) for _, _, v, k in counts("Robert Buckley, 32, died on Saturday.")}
    assert got == {(32.0, "age:buckley")}
    got = {(v, k) for _, _, v, k in counts("Gray was shot seven times, the autopsy showed.")}
    assert got == {(7.0, "times")}
    # a year, a month day and a count of nothing in particular are no counts
    assert counts("In 2004 on Dec. 26 the 12 boats left.") == []


def _doc(i: str, text: str) -> EvidenceDoc:
    return EvidenceDoc(i, "t", text, split_sentences(text), i.upper(), "2026-02-12", lineage_id=i,
                       story_id="s")  # fmt: skip


def test_candidates_pair_one_key_with_two_values_across_outlets():
    a = _doc("a", "The quake injured five people on Qeshm island.")
    b = _doc("b", "The quake injured two people on Qeshm island.")
    c = _doc("c", "The quake injured five people and killed two on Qeshm island.")

    def embed(texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    got = count_candidates("demo", [[a, b, c]], embed)
    pairs = {(r["a"][0].id, r["b"][0].id) for r in got}
    # a-b differ on the injured; c gives both figures beside "injured", so it agrees with
    # each of them (neither pair is a candidate)
    assert pairs == {("a", "b")}
    assert all(r["kind"] == "number" for r in got)
