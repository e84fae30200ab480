"""The times two sentences name, for the disagreement rules (:mod:`.disagree`): figures of
sentences that name times more than a week apart are figures of two moments; a figure told of
a period between two dates named ("had three wives between April 2, 2003, and July 9, 2006")
is that period's, not the figure of a sentence that names no time at all (the count now); the
figures of two places in a ranking ("second place", "came third") are two figures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from newsdesk.reltime import DateMention

WEEK = 7  # days: times further apart are two moments

_OPENS = re.compile(r"\b(?:between|from)\s*$", re.IGNORECASE)
_JOINS = re.compile(r"\s*,?\s*(?:and|to|until|till|through|thru|-|–)\s*", re.IGNORECASE)


def other_times(
    x: Sequence[tuple[date, date]], y: Sequence[tuple[date, date]], apart: int = WEEK
) -> bool:
    """Both sentences name times, each time of one more than ``apart`` days (a week) from each
    of the other's; with ``apart`` 0, no time of one shares a day with one of the other's (the
    figures of two days: "the week ended Aug. 7" and "the week ended Aug. 14")."""
    if not x or not y:
        return False
    return all((b0 - a1).days > apart or (a0 - b1).days > apart for a0, a1 in x for b0, b1 in y)


def when(text: str, mentions: Sequence[DateMention]) -> str:
    """What times a sentence names: "" none, "period" a period between two dates it names
    ("between April 2, 2003, and July 9, 2006", "from May 3 through June 20": more than a week
    long when both ends resolve), else "time"."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        if not _OPENS.search(text[: a.start]) or not _JOINS.fullmatch(text[a.end : b.start]):
            continue
        if a.first is None or b.last is None or (b.last - a.first).days > WEEK:
            return "period"
    return "time" if mentions else ""


def two_periods(x: str, y: str) -> bool:
    """A figure told of a period between two dates against one of a sentence that names no
    time: the figures of two periods (``x``, ``y``: :func:`when` of each sentence)."""
    return {x, y} == {"period", ""}


_RANK = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top)\s+(?:place|spot"
    r"|position)\b|\b(?:came|finished|placed|ranked)\s+(first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth)\b",
    re.IGNORECASE,
)


def two_ranks(a: str, b: str) -> bool:
    """Both sentences rank what they count ("down to third place, with $12.5m", "finished in
    second place with $14.7m") and at different places: the figures of two rankings (two
    weekends of a chart, two races), or of two places in one."""
    ra = {(m.group(1) or m.group(2)).lower() for m in _RANK.finditer(a)}
    rb = {(m.group(1) or m.group(2)).lower() for m in _RANK.finditer(b)}
    return bool(ra and rb and not ra & rb)
