"""Disagreement rules on hand-written sentences: a toll's place named by its kind, and a
number that is part of a name (no model: every pair of sentences is at cosine 1)."""

from __future__ import annotations

import numpy as np

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.quantities import quantities
from newsdesk.text import split_sentences


def _doc(i: str, text: str, source: str) -> EvidenceDoc:
    return EvidenceDoc(i, "t", text, split_sentences(text), source, "2026-03-02", lineage_id=i)


def _same(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_a_toll_whose_place_is_named_by_its_kind_is_compared():
    a = _doc("a", "An air strike on the school left 40 people dead, officials said.", "One")
    b = _doc("b", "At least 45 people were killed when shells hit the school, a medic said.", "Two")
    (d,) = find_disagreements([a, b], _same)
    assert d.kind == "number" and d.subject == "killed"
    # two kinds of place: two tolls
    c = _doc("c", "At least 45 people were killed when shells hit the hospital, he said.", "Two")
    assert find_disagreements([a, c], _same) == []


def test_a_number_in_a_two_word_name_is_no_count():
    cable = quantities("The Western Europe 4 cable network links 12 nations.")
    assert [q.value for q in cable] == [12.0]
    flight = quantities("The crash of EgyptAir Flight 990 killed 217 people.")
    assert [q.value for q in flight] == [217.0]
    assert quantities("Buyers can pick a 2.93-GHz Core 2 Duo processor.") == []
    # one capitalised word may be a person's, and a sentence may open on a place
    (q,) = quantities("She moved back home with John 12 weeks ago.")
    assert q.value == 12.0
    (q,) = quantities("In Athens 565 shops were damaged.")
    assert q.value == 565.0
