"""Normalise the many date spellings found in news records and feeds.

Dates become ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SSZ`` (UTC); a time given without a zone
stays zone-less (``YYYY-MM-DDTHH:MM:SS``). Anything unparseable, or outside 1900-2100, is None.

ISO 8601 and Unix timestamps are read directly; everything else (RFC 2822 as in RSS, "January
14, 2026", "14.01.2026", ...) goes through ``dateutil.parser``, guarded where it would guess:

* a missing part is not filled in from today: the text is parsed against two different default
  datetimes, and a year, month or day that differs between them was not in the text (so
  "March 2026", "Wednesday, January 2026", "09:30" and junk such as "5" are None); a time is
  kept only when the text gives one;
* the year must be written with four digits (RFC 2822's obsolete two-digit years are expanded
  first as that RFC says: 00-49 are 20xx, 50-99 19xx), so "01/02/03" is None;
* an all-numeric date is read both month-first and day-first, and is None when the two
  readings differ ("01/02/2026"); a year written first means year-month-day;
* "GMT+3" / "UTC-05:30" mean three hours ahead of / five and a half behind UTC (dateutil would
  read them the POSIX way round);
* zone names are limited to the RFC 2822 ones (UT, GMT, Z, and the North American zones); an
  unknown name leaves the time zone-less, never the machine's local zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from dateutil import parser as date_parser

from newsdesk.sources.jsonstream import json_text

__all__ = ["normalise_date", "struct_to_iso"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}")
_ZONE_WORD = re.compile(r"\s*(?:UTC|GMT|Z)$", re.I)
# "GMT+3", "UTC -05:30": an offset written after a UTC name
_NAMED_OFFSET = re.compile(r"\b(?:UTC|GMT|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b", re.I)
# RFC 2822 with an obsolete two-digit year: "[Wed, ]14 Jan 26 ..."
_RFC_SHORT_YEAR = re.compile(r"^((?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+)(\d{2})(?=\s|$)")
_YEAR_FIRST = re.compile(r"\d{4}\D")
# Two defaults that differ in every field: whatever differs between the two parses was not given.
# Their days are 8 apart, so a weekday without a day ("Wednesday, January 2026"), which dateutil
# resolves to the next such weekday from the default day, comes out different too.
_DEFAULTS = (datetime(1, 1, 1, 0, 0, 0), datetime(2, 2, 9, 1, 1, 1))
# RFC 2822 zone names (section 4.3), in hours east of UTC
_ZONE_HOURS = {"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "AST": -4, "ADT": -3, "EST": -5, "EDT": -4}
_ZONE_HOURS.update({"CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7})


def normalise_date(value: Any) -> str | None:
    """Normalise a date to ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[Z]``; None if unparseable.

    Accepts ISO 8601, RFC 822 (RSS), "January 14, 2026"-style dates, and Unix timestamps
    (seconds or milliseconds) given as numbers. Aware times are converted to UTC ("Z").
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if isinstance(value, dict | list):
        value = json_text(value, " ")
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\d{10}|\d{13}", text):
        return _from_epoch(float(text))
    stamp: datetime | None = None
    if _ISO_DATE.fullmatch(text):
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            return None
        return _format(stamp, date_only=True)
    try:
        stamp = datetime.fromisoformat(_ZONE_WORD.sub("+00:00", text))
    except ValueError:
        stamp = None
    if stamp is not None:
        return _format(stamp, date_only=False)
    return _from_text(text)


def struct_to_iso(value: Any) -> str | None:
    """A UTC ``time.struct_time``-like tuple (as feedparser gives) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if not value:
        return None
    try:
        stamp = datetime(*value[:6]).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if 1900 <= stamp.year <= 2100 else None


def _from_text(text: str) -> str | None:
    """A free-form or RFC 2822 date through dateutil, refusing its guesses (see the module doc)."""
    text = _NAMED_OFFSET.sub(_offset_text, text)
    text = _RFC_SHORT_YEAR.sub(_expand_year, text)
    found = _readings(text)
    if not found and _ZONE_WORD.search(text):  # "January 14, 2026 UTC": a zone but no time
        text = _ZONE_WORD.sub("", text)
        found = _readings(text)
    if len(found) != 1:  # unparseable, or read differently month-first and day-first
        return None
    stamp, has_time = found.pop()
    if not re.search(rf"(?<!\d){stamp.year:04d}(?!\d)", text):  # "01/02/03", "Jan 14 0930"
        return None
    return _format(stamp, date_only=not has_time)


def _readings(text: str) -> set[tuple[datetime, bool]]:
    """The distinct readings of ``text``: month-first and day-first, unless the year leads."""
    readings = (False,) if _YEAR_FIRST.match(text) else (False, True)
    return {r for r in (_parse(text, dayfirst) for dayfirst in readings) if r is not None}


def _parse(text: str, dayfirst: bool) -> tuple[datetime, bool] | None:
    """The datetime in ``text`` and whether it has a time; None if any date part is missing."""
    try:
        first, second = (
            date_parser.parse(text, default=default, dayfirst=dayfirst, tzinfos=_zone)
            for default in _DEFAULTS
        )
    except (ValueError, OverflowError, TypeError):  # ParserError is a ValueError
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    has_time = first.hour == second.hour  # minutes and seconds not given are 0 in ``first``
    return first, has_time


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's time zone lookup: a numeric offset, or an RFC 2822 zone name; else none."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    hours = _ZONE_HOURS.get((name or "").upper())
    return None if hours is None else timezone(timedelta(hours=hours))


def _offset_text(match: re.Match[str]) -> str:
    sign, hours, minutes = match.group(1), int(match.group(2)), match.group(3) or "00"
    return f" {sign}{hours:02d}:{minutes}"


def _expand_year(match: re.Match[str]) -> str:
    year = int(match.group(2))
    return f"{match.group(1)}{year + (2000 if year < 50 else 1900)}"


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000.0
    if seconds < 1e8:  # before 1973: a year, a count or a duration, not a timestamp
        return None
    try:
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _format(stamp, date_only=False)


def _format(stamp: datetime, date_only: bool) -> str | None:
    if not 1900 <= stamp.year <= 2100:
        return None
    if date_only:
        return stamp.strftime("%Y-%m-%d")
    if stamp.tzinfo is not None:
        return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")
