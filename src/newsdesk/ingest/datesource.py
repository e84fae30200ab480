"""Dates for articles whose metadata carries none, and where each date came from.

When a source gives no date, ingest looks, in this order, at:

* ``url``: a date in the article's URL path, ``/2021/08/30/``, ``/2021-08-30/`` or
  ``20210830`` (eight digits standing alone between separators);
* ``dateline``: the opening of the text, "KABUL, Aug. 30, 2021 (Reuters) -" or a
  "Published Monday, August 30, 2021" line; a dateline without a year ("KABUL, Aug. 30
  (Reuters) -") takes the one year the opening names, and none when it names no year or
  several;
* a URL that names a month but no day (``/2026/07/slug``) vetoes any dateline or text date
  outside that month;
* ``text``: a full date with its weekday ("on Sunday, October 3, 2021", the weekday right) in
  the text's first ``TEXT_CHARS`` characters, only when all such dates fall within
  ``TEXT_SPAN_DAYS`` of each other (then the latest). A bare full date is not enough: in news
  prose it mostly names another event ("since March 14, 2020").

Every date must be a real calendar day between ``MIN_YEAR`` and ``MAX_YEAR``. The result is
``(date, source)`` with ``source`` one of :data:`SOURCES`; metadata dates are kept as given.
"""

from __future__ import annotations

import re
from datetime import date

SOURCES = ("metadata", "url", "dateline", "text", "none")
MIN_YEAR = 1990
MAX_YEAR = 2035
DATELINE_CHARS = 160  # how much of the opening a dateline may take
TEXT_CHARS = 2000
TEXT_SPAN_DAYS = 3

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_URL_SLASHED = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?=[/_.-]|$)"
)
# A slug ending in its day ("...-key-house-republican-2021-05-03/"): a whole year, month and
# day after a hyphen or underscore, and nothing of the slug after it ("the-2020-10-3-point-plan"
# is no date).
_URL_SLUG_END = re.compile(r"[-_](?P<y>(?:19|20)\d\d)[-_](?P<m>[01]\d)[-_](?P<d>[0-3]\d)(?=[/.]|$)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/")
_URL_COMPACT = re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![0-9])")

_WEEKDAY = r"(?P<wd>mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH_DAY_YEAR = _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
# "Aug. 30, 2021", "August 30 2021", "Aug 30" (year optional: datelines only), with or
# without a weekday before it
_MDY = re.compile(f"(?:{_WEEKDAY})?{_MONTH_DAY_YEAR}", re.IGNORECASE)
# The same with the weekday required: the only dates ``from_text`` takes. Scanning 2,000
# characters for it is ~30x as fast as for ``_MDY``, which may start at any month name.
_WD_MDY = re.compile(_WEEKDAY + _MONTH_DAY_YEAR, re.IGNORECASE)
# "30 August 2021", "30 Aug"
_DMY = re.compile(
    r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r"\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# What may stand before a dateline's date: a place in capitals ("KABUL, ", "NEW YORK (AP) --"),
# or a publication line ("Published: ", "Updated on ").
_PLACE = re.compile(r"\s*[A-Z]{2}[A-Z.'’ -]{0,40}?(?:\s*\([^)]{1,30}\))?\s*[,:—–-]+\s*")
_PUBLISHED = re.compile(r"\s*(?:published|updated|posted|date)(?:\s+on)?\s*:?\s*", re.I)
_STATE = re.compile(r"[A-Z][a-z]{1,12}\.?,?\s+")  # "Calif., " after the place


def _day(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def from_url(url: str | None) -> date | None:
    """A date in a URL's path (``/2021/08/30/``, ``/2021-08-30``, ``slug-2021-08-30/``,
    ``20210830``), else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.IGNORECASE)
    path = path.split("?", 1)[0].split("#", 1)[0]
    for rx in (_URL_SLASHED, _URL_SLUG_END, _URL_COMPACT):
        for m in rx.finditer(path):
            got = _day(int(m["y"]), int(m["m"]), int(m["d"]))
            if got is not None:
                return got
    return None


def url_month(url: str | None) -> tuple[int, int] | None:
    """The (year, month) a URL's path names without a day (``/2026/07/slug``), else None."""
    if not url:
        return None
    m = _URL_MONTH.search(url.split("?", 1)[0])
    if m is None or not 1 <= int(m["m"]) <= 12 or not MIN_YEAR <= int(m["y"]) <= MAX_YEAR:
        return None
    return int(m["y"]), int(m["m"])


def _match_day(m: re.Match[str], year: int | None) -> date | None:
    y = int(m["y"]) if m["y"] else year
    if y is None:
        return None
    return _day(y, _MONTHS[m["mon"].lower()], int(m["d"]))


def from_dateline(text: str | None) -> date | None:
    """The date of a dateline or publication line opening ``text``, else None."""
    if not text:
        return None
    opening = text.lstrip()[:DATELINE_CHARS]
    m = None
    for head in (_PLACE, _PUBLISHED):
        h = head.match(opening)
        if h is None:
            continue
        rest = opening[h.end() :]
        m = _MDY.match(rest) or _DMY.match(rest)
        if m is None and head is _PLACE and (st := _STATE.match(rest)) is not None:
            rest = rest[st.end() :]
            m = _MDY.match(rest) or _DMY.match(rest)
        if m is not None:
            break
    if m is None:
        return None
    year = None
    if not m["y"]:
        years = set(_YEAR.findall(text[:TEXT_CHARS]))
        if len(years) != 1:
            return None
        year = int(years.pop())
    return _match_day(m, year)


def from_text(text: str | None) -> date | None:
    """The date of the day the text reports on, when it says so in full with its weekday
    ("on Sunday, October 3, 2021", the weekday right for the date), and every such mention in
    the start of ``text`` lies within ``TEXT_SPAN_DAYS`` of the others (then the latest).

    A bare full date in news prose mostly names an earlier or later event ("since March 14,
    2020", "Sept. 11, 2001", "until January 31, 2022"): on AllSides leads such dates were more
    than 3 days from the story's own date for 15 of 19 articles, so they are not used."""
    if not text:
        return None
    found: list[date] = []
    for m in _WD_MDY.finditer(text[:TEXT_CHARS]):
        if not m["y"]:
            continue
        got = _match_day(m, None)
        if got is not None and _WEEKDAYS[got.weekday()] == m["wd"].lower()[:3]:
            found.append(got)
    if not found:
        return None
    lo, hi = min(found), max(found)
    if (hi - lo).days > TEXT_SPAN_DAYS:
        return None
    return hi


def infer_date(published: str | None, url: str | None, text: str | None) -> tuple[str | None, str]:
    """``(date, source)``: the metadata date when there is one, else the first of URL,
    dateline and text that gives one (an ISO date), else ``(None, "none")``."""
    if published:
        return published, "metadata"
    got = from_url(url)
    if got is not None:
        return got.isoformat(), "url"
    # A URL naming only a month ("/2026/07/slug") vetoes any other date outside that month.
    month = url_month(url)
    for source, fn in (("dateline", from_dateline), ("text", from_text)):
        got = fn(text)
        if got is not None and (month is None or (got.year, got.month) == month):
            return got.isoformat(), source
    return None, "none"
