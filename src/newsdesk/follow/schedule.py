"""Intervals ("30m", "2h", "daily") and the UTC timestamps the follow stages keep."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from newsdesk.errors import InputError

NAMED = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_EVERY = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$", re.IGNORECASE)
MIN_EVERY = 60  # polling a feed more often than once a minute is not polite


MAX_EVERY = 365 * 86400


def parse_every(text: str, flag: str = "--every", *, minimum: int = MIN_EVERY) -> int:
    """Seconds in "30m", "2h", "1d", "90s", "hourly", "daily" or "weekly"."""
    value = text.strip().lower()
    if value in NAMED:
        return NAMED[value]
    m = _EVERY.match(value)
    if not m:
        raise InputError(
            f"{flag} {text!r}: expected an interval like 30m, 2h, 1d, hourly, daily or weekly"
        )
    seconds = int(m.group(1)) * UNITS[m.group(2).lower()]
    if seconds > MAX_EVERY:
        raise InputError(f"{flag} {text!r}: the longest interval is 365 days")
    if seconds < minimum:
        raise InputError(f"{flag} {text!r}: the shortest interval is {minimum} seconds")
    return seconds


def format_every(seconds: int) -> str:
    for name, s in NAMED.items():
        if seconds == s:
            return name
    for unit, s in sorted(UNITS.items(), key=lambda kv: -kv[1]):
        if seconds % s == 0:
            return f"{seconds // s}{unit}"
    return f"{seconds}s"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def later(t: datetime, seconds: float) -> str:
    return iso(t + timedelta(seconds=seconds))
