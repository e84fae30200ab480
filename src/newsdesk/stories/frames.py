"""Whether the figures of two sentences can be one quantity at all, for the disagreement rules
(:mod:`.disagree`), by principles rather than cases: two figures are one quantity only when
they are told of the same moment, the same scope and outside a game, and neither is a running
total.

* **moments**: both sentences name the moment they tell of (a weekday, "today", "last night",
  a part of the day, "the weekend", a market's opening or close) and name none in common: the
  figures of two moments ("shares were at 310p at noon" against "closed at 296p"; "on Friday"
  against "on Sunday").
* **a month and a weekday**: news names the weekday of what happened within the week of the
  report and the month of what happened longer ago or is to come; a sentence that places its
  figure by a month alone ("At the end of July, a robber made off with ...") and one that places
  it by a weekday or "today" alone ("on Friday") tell of two moments.
* **scope**: one sentence counts across the whole ("nationwide", "across the country", "the
  national share") and the other does not: a whole against a part (the nation's vote against
  a constituency's, the country's tally against a city's).
* **games**: both sentences tell of play (a match, a game, scoring, tries and penalties,
  innings, yards, laps): their figures are scores, tallies and statistics of players and
  games, never one claim told two ways (a player's months out injured are no play). A sentence
  right after one that tells of play tells of the game too ("He has 12 assists this season"
  after "Smith scored twice in the first half").
* **running totals**: either sentence tells of a count that grows ("so far", "to date", "a
  total of", "bringing the toll to"): a running total is another moment's figure than a count
  of one event.

A person's age and a quake's magnitude are kept apart from these (:mod:`.disagree` applies
them to other figures only).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_MOMENT = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight"
    r"|last night|morning|afternoon|evening|overnight|noon|midday|midnight|dawn|weekend"
    r"|at the close|close of (?:trading|business|play)|closing|opening bell|at the open)\b",
    re.IGNORECASE,
)
_WHOLE = re.compile(
    r"\b(nationwide|nationally|countrywide|(?:across|throughout|all over) the (?:country|nation)"
    r"|national (?:share|vote|average|total|figures?|rate|level|tally|polls?|swing|turnout"
    r"|result))\b",
    re.IGNORECASE,
)
_SPORT = re.compile(
    r"\b(match(?:es)?|penalties|penalty (?:kick|goal|try|shot|spot)s?|tries|try line"
    r"|half-?time|first half|second half|final whistle|scored|scoring|scorer|innings|wickets?"
    r"|rebounds|touchdowns?|yards|laps|games?)\b"  # in lower case: "The Hunger Games" is a name
)
_RUNNING = re.compile(
    r"\b(so far|thus far|to date|up to now|until now|(?<!all )in all|in total|a total of"
    r"|cumulative\w*|running (?:total|tally|count)"
    r"|(?:bringing|brings?|brought|took|takes) (?:the|its) [\w -]{0,40}?to"
    r"|(?:has|have) (?:now )?(?:risen|climbed|grown|increased|reached) to"
    r"|rose to|climbed to|since the (?:start|beginning|outbreak))\b",
    re.IGNORECASE,
)


def moments(text: str) -> frozenset[str]:
    """The moments a sentence names ("friday", "morning", "at the close")."""
    return frozenset(" ".join(m.group(0).lower().split()) for m in _MOMENT.finditer(text))


_MONTH = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December)"
    r"\b(?!\s*\d)"  # a month alone, not a day of it ("July 4"); "May" is also a verb
)
_WEEKDAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b",
    re.IGNORECASE,
)


def month_and_weekday(a: str, b: str) -> bool:
    """One sentence places itself by a month alone, the other by a weekday (or "today")
    alone: two moments (see the module docstring)."""

    def by(t: str) -> tuple[bool, bool]:
        return bool(_MONTH.search(t)), bool(_WEEKDAY.search(t))

    (ma, wa), (mb, wb) = by(a), by(b)
    return (ma and not wa and wb and not mb) or (mb and not wb and wa and not ma)


def two_moments(a: str, b: str) -> bool:
    """Both sentences name moments, none in common: their figures are two moments'."""
    ma, mb = moments(a), moments(b)
    return bool(ma and mb and not ma & mb)


def part_and_whole(a: str, b: str) -> bool:
    """One sentence counts across the whole country, the other does not."""
    return bool(_WHOLE.search(a)) != bool(_WHOLE.search(b))


def games(a: str, b: str, before_a: Sequence[str] = (), before_b: Sequence[str] = ()) -> bool:
    """Both sentences tell of sport, or follow a sentence that does (``before_a``, ``before_b``:
    the sentences before each): their figures are scores and statistics."""
    return any(_SPORT.search(t) for t in (a, *before_a)) and any(
        _SPORT.search(t) for t in (b, *before_b)
    )


def running(a: str, b: str) -> bool:
    """Either sentence tells of a running total."""
    return bool(_RUNNING.search(a) or _RUNNING.search(b))


def other_frames(a: str, b: str, before_a: Sequence[str] = (), before_b: Sequence[str] = ()) -> str:
    """Why the figures of sentences ``a`` and ``b`` cannot be one quantity ("moments",
    "scope", "game", "running"), or "" when they can (``before_a``, ``before_b``: the
    sentences before each in its article, for play)."""
    if two_moments(a, b) or month_and_weekday(a, b):
        return "moments"
    if part_and_whole(a, b):
        return "scope"
    if games(a, b, before_a, before_b):
        return "game"
    if running(a, b):
        return "running"
    return ""
