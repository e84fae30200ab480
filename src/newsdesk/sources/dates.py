"""Normalise the many date spellings found in news records and feeds.

Dates become ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SSZ`` (UTC); a time given without a zone
stays zone-less (``YYYY-MM-DDTHH:MM:SS``). Anything unparseable, or outside 1900-2100, is None.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime
from typing import Any

from newsdesk.sources.jsonstream import json_text

__all__ = ["normalise_date", "struct_to_iso"]

_DATE_FORMATS = tuple(
    "%B %d, %Y|%b %d, %Y|%B %d %Y|%b %d %Y|%d %B %Y|%d %b %Y|%A, %B %d, %Y|%a, %b %d, %Y|"
    "%A %B %d, %Y|%Y/%m/%d|%Y.%m.%d".split("|")
)
_DATETIME_FORMATS = tuple(
    "%B %d, %Y %I:%M %p|%b %d, %Y %I:%M %p|%B %d, %Y %H:%M|%b %d, %Y %H:%M|%Y/%m/%d %H:%M:%S|"
    "%Y/%m/%d %H:%M|%d %B %Y %H:%M".split("|")
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{8}")
_ZONE_WORD = re.compile(r"\s*(?:UTC|GMT|Z)$", re.I)


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
    # Word formats first: the RFC 822 parser reads "9:30 PM" as 09:30 in zone "PM".
    worded = _from_words(text)
    if worded is not None:
        return worded
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if stamp.tzinfo is None and text.endswith("-0000"):  # RFC 5322: UTC, local zone unknown
        stamp = stamp.replace(tzinfo=UTC)
    return _format(stamp, date_only=False)


def struct_to_iso(value: Any) -> str | None:
    """A UTC ``time.struct_time``-like tuple (as feedparser gives) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if not value:
        return None
    try:
        stamp = datetime(*value[:6]).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if 1900 <= stamp.year <= 2100 else None


def _from_words(text: str) -> str | None:
    # "Jan. 14th, 2026" -> "Jan 14, 2026"; AP style "Sept." -> "Sep"
    cleaned = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text)
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned.replace(".", " ").replace(" ,", ","))
    cleaned = " ".join(_ZONE_WORD.sub("", cleaned).split())
    for formats, date_only in ((_DATE_FORMATS, True), (_DATETIME_FORMATS, False)):
        for fmt in formats:
            try:
                stamp = datetime.strptime(cleaned, fmt)
            except ValueError:
                continue
            return _format(stamp, date_only=date_only)
    return None


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
