"""A sentence that leans on the one before it in its article, kept right after it.

"Net users are being told to avoid a scam website ... The site looks plausible because ...":
the second sentence points back at the first ("the site"), so alone it is left out
(:mod:`.backrefs` marks it ``FOLLOWS``). When the plan has chosen the sentence it points back
at and words are left, it may follow that sentence in the same paragraph (issue 20, item 3: a
later sentence may lean on the one before it when both come from the same article, in that
order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from newsdesk.write.extractive.backrefs import FOLLOWS, WINDOW, back_reference
from newsdesk.write.extractive.candidates import Prepared


def add_followers(
    prep: Prepared,
    strands: Sequence[list[int]],
    chosen: list[int],
    room: int,
    sims: np.ndarray,
    *,
    min_relevance: float,
    repeats: Callable[[Prepared, np.ndarray, int, list[int]], bool],
    usable: Callable[[int], bool] = lambda i: True,
) -> dict[int, int]:
    """Add to each strand's chosen sentences (``strands``, in rank order) the follower of a
    chosen sentence while ``room`` words last: the next sentence of the same article, marked
    :data:`FOLLOWS`, relevant enough, stating nothing already chosen. Returns {follower: the
    sentence it follows}; ``chosen`` gains the followers too."""
    cands = prep.cands
    at = {(c.doc, c.index): k for k, c in enumerate(cands)}
    out: dict[int, int] = {}
    for picked in strands:
        for i in list(picked):
            j = at.get((cands[i].doc, cands[i].index + 1))
            if j is None or j in chosen or cands[j].problem != FOLLOWS:
                continue
            c = cands[j]
            # what it points back at is in that sentence, not further back
            doc = prep.docs[c.doc]
            before = doc.text[max(0, cands[i].start - WINDOW) : cands[i].start]
            if back_reference(c.text, before, f"{prep.query or ''} {doc.title}"):
                continue
            if (
                c.n_words > room
                or c.relevance < min_relevance
                or not usable(j)
                or repeats(prep, sims, j, chosen)
            ):
                continue
            picked.insert(picked.index(i) + 1, j)
            chosen.append(j)
            out[j] = i
            room -= c.n_words
    return out


def glue(order: list[int], follows: dict[int, int]) -> list[int]:
    """``order`` with each follower moved right after the sentence it follows; a follower
    whose sentence is not in ``order`` is left out (it cannot stand anywhere else)."""
    moving = [j for j in order if j in follows]
    if not moving:
        return order
    out = [i for i in order if i not in moving]
    while moving:  # a follower may follow a follower: each goes once its sentence is placed
        j = next((j for j in moving if follows[j] in out), None)
        if j is None:
            break
        moving.remove(j)
        out.insert(out.index(follows[j]) + 1, j)
    return out


def lead_framing(
    prep: Prepared, lead: int, chosen: list[int], follows: dict[int, int]
) -> tuple[list[int], list[int]]:
    """(the lead's framing sentence, the central story's other sentences): a sentence that
    follows the lead; else, when the central story has one further sentence and it comes from
    the lead's own article, that one (BBC "the UK general election": the minister's words on
    the observers stood apart as a paragraph of one sentence)."""
    framing = [j for j in chosen if follows.get(j) == lead]
    rest = [i for i in chosen if i != lead and i not in framing]
    if not framing and len(rest) == 1 and prep.cands[rest[0]].doc == prep.cands[lead].doc:
        return rest, []
    return framing, rest
