"""Ingest speed-ups that must not change results (issue 25, item 5): each faster path is checked
against the slower one it replaced."""

from __future__ import annotations

import random
from datetime import date

from newsdesk.ingest import datesource
from newsdesk.ingest.datesource import _MDY, TEXT_CHARS, TEXT_SPAN_DAYS, from_text


def _from_text_reference(text: str) -> date | None:
    """``from_text`` as it was: every month-day match, weekday optional, kept when it had one."""
    found = []
    for m in _MDY.finditer(text[:TEXT_CHARS]):
        if not (m["y"] and m["wd"]):
            continue
        got = datesource._match_day(m, None)
        if got is not None and datesource._WEEKDAYS[got.weekday()] == m["wd"].lower()[:3]:
            found.append(got)
    if not found:
        return None
    lo, hi = min(found), max(found)
    return None if (hi - lo).days > TEXT_SPAN_DAYS else hi


_PIECES = [
    "Monday, ", "Tues. ", "wednesday ", "Thurs, ", "Fri. ", "Saturday, ", "Sun ", "Simon ",
    "Aug. ", "August ", "march ", "Sept ", "May ", "Dec. ", "30", "2", "31st ", "3rd",
    ", 2021", " 2021", " 1989", ", 2020 ", "on ", "since ", "the ", ". ", "\n", "Mon", "day",
    "Sunday, October 3, 2021", "Monday, Aug. 30, 2021", "Tuesday, August 31, 2021 ",
]


def test_from_text_scan_for_weekday_dates_equals_the_full_scan() -> None:
    # Fails if the weekday-first scan misses or adds a date the old full scan found.
    rng = random.Random(25)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(4000)]
    texts += ["x" * 1990 + "Monday, Aug. 30, 2021", "Sunday, October 3, 2021" * 100]
    got = [from_text(t) for t in texts]
    assert got == [_from_text_reference(t) for t in texts]
    assert sum(d is not None for d in got) > 200  # the generator does make dated texts
