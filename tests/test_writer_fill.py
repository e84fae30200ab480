"""The words the greedy leaves unused go to one swap for a longer sentence that loses nothing."""

from __future__ import annotations

import numpy as np

from newsdesk.write.extractive.candidates import Candidate
from newsdesk.write.extractive.select import select
from newsdesk.write.extractive.settings import SelectConfig
from newsdesk.write.extractive.words import tokens

SHORT = "Customs agents seized fentanyl pills at the Nogales port on Monday."
OTHER = "Lawmakers in the capital debated a tariff bill late into the night."
# Says all SHORT says, and more, in more words.
LONG = (
    "Customs agents seized fentanyl pills at the Nogales port on Monday, the largest haul "
    "of the spring."
)
# Too long for any budget below.
UNRELATED = (
    "A storm that forecasters had tracked for a week closed schools, ferries and two bridges "
    "along the coast for two days, and left thousands of homes without power."
)


def _cands() -> list[Candidate]:
    out = []
    for doc, text in enumerate((SHORT, OTHER, LONG, UNRELATED)):
        c = Candidate(doc, 0, 0, len(text), text, None)
        c.toks = tokens(text)
        c.score = 0.5
        out.append(c)
    return out


def test_unused_words_go_to_a_longer_sentence_that_loses_nothing() -> None:
    cands = _cands()
    n = [c.n_words for c in cands]
    # The greedy's pick leaves a few words: too few for another sentence, enough for LONG in
    # place of SHORT.
    budget = n[2] + n[1]
    assert n[2] > n[0] and n[3] > budget - n[0] - n[1]
    sims = np.eye(4, dtype=np.float32)
    sims[0, 2] = sims[2, 0] = 0.95  # SHORT and LONG say the same: never both
    lineage = ["a", "b", "c", "d"]
    cfg = SelectConfig(fill=False)
    greedy = select(cands, [0, 1, 2, 3], lineage, sims, budget, cfg)
    assert sorted(greedy) == [0, 1]  # cost scaling picks the shorter sentence
    filled = select(cands, [0, 1, 2, 3], lineage, sims, budget, SelectConfig())
    assert sorted(filled) == [1, 2]
    assert sum(n[i] for i in filled) > sum(n[i] for i in greedy)


def test_no_swap_that_lowers_the_objective_or_breaks_the_cap() -> None:
    cands = _cands()
    n = [c.n_words for c in cands]
    sims = np.eye(4, dtype=np.float32)
    sims[0, 2] = sims[2, 0] = 0.95
    budget = n[2] + n[1]
    # LONG worth far less than SHORT: the words are left unused rather than spent on it.
    cands[2].score = 0.01
    cands[2].toks = tokens("nothing here repeats a word of the others at all today")
    got = select(cands, [0, 1, 2, 3], ["a", "b", "c", "d"], sims, budget, SelectConfig())
    assert sorted(got) == [0, 1]
    # LONG from the same source as OTHER, with one sentence a source: no swap.
    cands = _cands()
    got = select(
        cands, [0, 1, 2, 3], ["a", "b", "b", "d"], sims, budget, SelectConfig(max_per_lineage=1)
    )
    assert sorted(got) == [0, 1]
