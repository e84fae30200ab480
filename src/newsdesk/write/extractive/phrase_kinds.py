"""Kinds of phrase the main clause (:mod:`.main_clause`) must keep whole: a rate ("four flights
a week") and the "until ..." of a negated verb."""

from __future__ import annotations

from typing import Any

_RATE_UNITS = frozenset("day week month year hour minute night quarter season".split())


def _rate(tok: Any) -> bool:
    """Whether a noun phrase says how often ("a week", "per day"), not when ("a week ago")."""
    return (
        tok.lower_ in _RATE_UNITS
        and any(c.dep_ == "det" and c.lower_ in {"a", "an", "per", "each"} for c in tok.children)
        and not any(c.dep_ == "advmod" for c in tok.children)
    )


_UNTIL = frozenset({"until", "till", "before"})


def _until_of_negated(tok: Any, child: Any) -> bool:
    """Whether ``child`` is an "until ..." phrase or clause of a negated verb ("not due to take
    effect until autumn 2006", "will not apply until the review ends")."""
    if child.dep_ == "prep":
        until = child.lower_ in _UNTIL - {"before"}
    elif child.dep_ == "advcl":
        until = any(c.dep_ == "mark" and c.lower_ in _UNTIL for c in child.children)
    else:
        return False
    return until and any(c.dep_ == "neg" for a in [tok, *tok.ancestors] for c in a.children)
