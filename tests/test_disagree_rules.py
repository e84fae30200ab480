"""The disagreement rules on hand-written sentences (no model: similarity comes from a fixed
embedding so that only the rules are under test), and slices of the two evaluations when the
shared data is present."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SHARED_DATA

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.quantities import quantities
from newsdesk.text import split_sentences


def _doc(i: str, text: str, source: str, published: str | None = "2026-02-12") -> EvidenceDoc:
    return EvidenceDoc(i, "t", text, split_sentences(text), source, published, lineage_id=i)


def _same(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 4), dtype=np.float32) / 2.0  # every pair at cosine 1


def test_quantities_units_scales_and_non_quantities():
    (q,) = quantities("Marines seized 1.2 tonnes of fentanyl powder.")
    assert q.unit == "kg" and q.value == pytest.approx(1200) and "fentanyl" in q.nouns
    (q,) = quantities("It is a $1.2 trillion infrastructure bill.")
    assert q.unit == "$" and q.value == pytest.approx(1.2e12)
    assert quantities("New COVID-19 cases fell in the 12-story building.") == []
    assert quantities("In 2024 the law changed on March 5 at 10 a.m.") == []
    assert quantities("Analysts expected 700,000 jobs.") == []
    assert quantities("Airlines canceled more than 1,000 flights.")[0].bound
    assert quantities("A third $1 trillion+ package.")[0].bound


def test_number_disagreement_rules():
    a = _doc("a", "Mexico agreed to send 15,000 troops to the border.", "Meridian Post")
    b = _doc("b", "Mexico agreed to send 10,000 National Guard troops to the border.", "Wire")
    (d,) = find_disagreements([a, b], _same)
    assert d.kind == "number" and d.subject == "troop"
    assert {d.a.value, d.b.value} == {"15,000 troops", "10,000 National Guard troops"}
    # a copy of the same lineage, or the same outlet, never disagrees with itself
    c = _doc("c", b.text, "Meridian Post")
    assert find_disagreements([a, c], _same) == []
    # far apart in time: two moments of the story, not a disagreement
    late = _doc("d", b.text, "Wire", "2026-02-20")
    assert find_disagreements([a, late], _same) == []
    # a rounding of the other figure, and a bound, are compatible
    r1 = _doc("e", "The House will vote on the $1.2 trillion infrastructure bill.", "A")
    r2 = _doc("f", "The House will vote on the $1 trillion infrastructure bill.", "B")
    assert find_disagreements([r1, r2], _same) == []
    b1 = _doc("g", "Southwest canceled more than 1,000 flights over the weekend.", "A")
    b2 = _doc("h", "Southwest canceled 1,800 flights over the weekend.", "B")
    assert find_disagreements([b1, b2], _same) == []


def test_date_and_denial_disagreements():
    a = _doc("a", "Mexican marines seized the drugs in a raid on Tuesday.", "Ledger", "2026-02-03")
    b = _doc("b", "Mexican marines seized the drugs in a raid on Monday.", "Dispatch", "2026-02-03")
    (d,) = find_disagreements([a, b], _same)
    assert d.kind == "date" and {d.a.value, d.b.value} == {"on Tuesday", "on Monday"}
    c = _doc("c", "The ministry paid the cartel to stop the violence.", "One")
    e = _doc("e", "The ministry denied reports that it paid the cartel.", "Two")
    (d,) = find_disagreements([c, e], _same)
    assert d.kind == "denial" and d.b.article_id == "e"


needs_data = pytest.mark.skipif(
    not (SHARED_DATA / "ecbplus").is_dir() or not (SHARED_DATA / "duc2006").is_dir(),
    reason="the shared evaluation data is not here",
)


@needs_data
def test_injected_disagreements_are_found_on_real_clusters(embedder):
    import random

    from newsdesk.evaluate.disagreements import clusters, injections

    groups = clusters("ecbplus", SHARED_DATA)[:12]
    made = injections(groups, random.Random(3))
    assert made
    found = 0
    for kind, gi, changed, sentence in made:
        docs = [changed if d.id == changed.id else d for d in groups[gi]]
        found += any(
            d.kind == kind and sentence in (d.a.sentence, d.b.sentence)
            for d in find_disagreements(docs, embedder.encode)
        )
    assert found / len(made) >= 0.4


@needs_data
def test_update_eval_slice_repeats_less_than_a_full_rebrief():
    from newsdesk.evaluate.updates import run_updates_eval

    r = run_updates_eval(SHARED_DATA, half="held-out", limit=1, words=100)
    rows = {x["system"]: x for x in r["rows"]}
    update = rows["update (--new-since)"]["repeats_earlier_half"]
    assert update <= rows["everything, plain"]["repeats_earlier_half"]
    assert update <= rows["later half, plain"]["repeats_earlier_half"]
    assert rows["earlier half, plain"]["repeats_earlier_half"] > 0.5
