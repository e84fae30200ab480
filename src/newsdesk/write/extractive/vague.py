"""Clauses of the close that end on something vague once their defining phrase is cut."""

from __future__ import annotations

from typing import Any

# A part of a whole, said only by the whole: "the rest [of the season]", "some [of the
# actors]".
_PARTS = frozenset(
    "rest some part most all one many number majority half remainder end start top bulk".split()
)


def vague_end(doc: Any, keep: set[int] | list[int]) -> bool:
    """Whether a clause (``keep``: token indices of ``doc``) ends on a common noun whose
    defining phrase was cut, with nothing else to say which ("England won the Sevens with a
    side [containing ...]"), or keeps a part whose whole was cut ("could miss the rest [of
    the season]"), or keeps a preposition without its object; "a union leader", "a summit in
    Brussels" say enough."""
    kept = set(keep)
    for t in (doc[i] for i in kept):
        if t.dep_ == "prep" and not any(c.i in kept for c in t.children if not c.is_punct):
            if any(not c.is_punct for c in t.children):
                return True  # "train for [free] at Twickenham": a preposition lost its object
        if t.lower_ in _PARTS and any(
            c.dep_ == "prep" and c.lower_ == "of" and c.i not in kept for c in t.children
        ):
            return True
    last = doc[max(kept)]
    if last.pos_ != "NOUN":
        return False
    cut = any(c.dep_ in {"relcl", "acl", "prep"} and c.i not in kept for c in last.children)
    said = any(
        c.i in kept and c.dep_ in {"amod", "compound", "nummod", "poss"} for c in last.children
    )
    return cut and not said
