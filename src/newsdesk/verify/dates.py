"""Dates a sentence states, checked against the dates its sources state.

Both sides go through :func:`newsdesk.reltime.find_dates`: a source's "on Friday" is resolved
against that source's publication date, and a sentence's relative expression against the
publication date of each article it cites (a writer that copies "last week" from a source means
that source's last week). A stated date is supported when its day or span overlaps a date some
cited source states. A date with neither year nor anchor ("Jan. 5" in a briefing written
elsewhere) is compared by month and day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsdesk.reltime import DateMention, find_dates


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date or timestamp (None when absent or malformed)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _overlaps(a: DateMention, b: DateMention) -> bool:
    assert a.first and a.last and b.first and b.last
    return a.first <= b.last and b.first <= a.last


def _same_month_day(m: DateMention, s: DateMention) -> bool:
    if s.first is None or s.last is None or s.first != s.last:
        return bool(m.label) and s.label.startswith(m.label)
    label = f"{s.first:%B} {s.first.day}"
    return m.label == label


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the dates in ``text`` (their numbers are not quantities)."""
    return [(m.start, m.end) for m in find_dates(text, None)]


def unsupported_dates(claim: str, sources: Sequence[tuple[str, date | None]]) -> list[str]:
    """The date phrases of ``claim`` that no source supports; ``sources`` are (text, day)."""
    found = find_dates(claim, None)
    if not found:
        return []
    have = [m for text, day in sources for m in find_dates(text, day)]
    anchors = [day for _, day in sources if day is not None]
    bad: list[str] = []
    for bare in found:
        readings: list[DateMention] = []
        if bare.first is not None:
            readings.append(bare)
        else:
            for day in anchors:
                readings += [
                    m for m in find_dates(claim, day) if (m.start, m.end) == (bare.start, bare.end)
                ]
        readings = [r for r in readings if r.first is not None and r.last is not None]
        if readings:
            ok = any(_overlaps(r, s) for r in readings for s in have if s.first and s.last)
        elif bare.relative:
            ok = True  # "last week" with no date to resolve it against: nothing to check
        else:
            ok = any(_same_month_day(bare, s) for s in have)
        if not ok:
            bad.append(bare.phrase)
    return bad
