"""The words around a figure, for :mod:`.quantities`: the places named before it (where it
happened, not whose figure it is) and, for a figure in a list of figures, what comes before
the list (the verb that says what each figure counts)."""

from __future__ import annotations

import re

from newsdesk.stories.counts import WORD_NUMBERS

_WHERE = re.compile(r"\b(?:in|at|from|near|off|outside)\s+((?:[A-Z][\w'.-]*\s?){1,3})")
_FIGURE = r"(?:\d[\d,.]*|" + "|".join(WORD_NUMBERS) + r")"
# the items of a list before a figure: "damaged 42 offices, 2 roads, 14 hotels, [8 bridges]"
_ITEMS = re.compile(
    rf"(?:(?:(?:over|about|some|nearly|more than|at least)\s+)?(?<![\w,.]){_FIGURE}\s+"
    r"[^,;:.\d]{1,60},\s*(?:and\s+)?)+$",
    re.IGNORECASE,
)


def places(before: str) -> frozenset[str]:
    """The words of the places named before a figure ("hospitalized in Los Angeles for four
    weeks"): where it happened, not whose figure it is."""
    return frozenset(w.lower() for m in _WHERE.finditer(before) for w in m.group(1).split())


def list_head(before: str) -> str:
    """What comes before the list a figure ends ("The quake damaged" of "The quake damaged
    42 offices, 2 roads and 8 bridges"), or "" when the figure is in no list."""
    items = _ITEMS.search(before)
    return before[: items.start()] if items else ""


# the kinds of place a toll is told of ("killed in the school", "at the embassy"): a place in
# common, as a name in common is
_SITES = frozenset(
    """school embassy hospital camp mosque church synagogue temple market village town city
    station airport building plant factory mall hotel restaurant club bar stadium courthouse
    prison mine bridge""".split()
)
_LOWER = re.compile(r"\b[a-z]+\b")


def sites(text: str) -> set[str]:
    """The kinds of place a sentence names in lower case ("the school", "two schools")."""
    words = set(_LOWER.findall(text))
    return {w for w in _SITES if w in words or w + "s" in words}
