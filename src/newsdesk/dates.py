"""Dates given on the command line, in the web's query strings and in saved topics: checked
once here, so every caller refuses a malformed one with the same one-line message."""

from __future__ import annotations

import re
from datetime import datetime

from newsdesk.errors import InputError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")


def check_date(value: str, flag: str) -> str:
    """``value`` if it is an ISO date or datetime, else a one-line :class:`InputError`."""
    if not _DATE.match(value):
        raise InputError(f"{flag} {value!r}: expected a date like 2026-01-31")
    try:
        datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError as exc:
        raise InputError(f"{flag} {value!r}: not a real date") from exc
    return value


def window_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Inclusive ISO bounds of a date window; a bare ``until`` date includes its whole day.

    Raises :class:`InputError` for a malformed date or a window that ends before it starts.
    """
    lo = check_date(since, "--since") if since else None
    hi = check_date(until, "--until") if until else None
    if hi is not None and len(hi) == 10:
        hi += "T23:59:59Z"
    if lo and hi and lo > hi:
        raise InputError(f"--since {since} is later than --until {until}: the window is empty")
    return lo, hi
