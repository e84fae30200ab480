"""Dates in news text, explicit and relative, resolved against the article's own date.

A sentence lifted out of its article loses the article's date, so "on Friday" or "last week"
no longer says when. ``find_dates`` finds every explicit date ("Jan. 5", "5 January 2026",
"2026-01-05", "March 2026") and every relative time expression ("yesterday", "last Friday",
"two days ago", "earlier this week", "next month") in a text and resolves each against an anchor
day, normally the article's publication date. Writers use it to repair extracted sentences;
the verifier uses it to compare the dates a sentence states with the dates its sources state.

Conventions, as news copy uses them:

- A bare weekday ("said Friday", "on Friday") is the latest such day on or before the anchor,
  unless a future cue just before it ("will", "is scheduled to", "plans to") points ahead, in
  which case it is the next such day on or after the anchor; so is a weekday a deadline follows
  or an approach precedes ("raced toward a Tuesday deadline"), unless a past cue ("missed")
  comes before it. "last Friday" is strictly before,
  "next Friday" strictly after, "this Friday" within the anchor's week (Monday to Sunday).
- An explicit date without a year takes the year that puts it nearest the anchor.
- Spans ("last week", "this month", "last year", "two weeks ago") resolve to their first and
  last day; a single day has ``first == last``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "find_dates", "format_day", "points_forward"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None,
    "few": None,
}  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """One date or time expression found in a text."""

    start: int
    end: int
    phrase: str
    relative: bool
    first: date | None
    last: date | None
    label: str

    @property
    def is_day(self) -> bool:
        return self.first is not None and self.first == self.last

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls inside the resolved span."""
        return self.first is not None and self.last is not None and self.first <= day <= self.last


def format_day(d: date, *, year: bool = True) -> str:
    """``January 9, 2026`` (or ``January 9`` without the year)."""
    text = f"{calendar.month_name[d.month]} {d.day}"
    return f"{text}, {d.year}" if year else text


def _month_label(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _nearest_year(month: int, day: int, anchor: date) -> date | None:
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best


_MONTH_RE = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY_RE = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_MONTH_DAY = re.compile(
    rf"\b(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+(?P<day>[0-3]?\d){_ORD}\b(?:,?\s+{_YEAR}\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?:{_WEEKDAY_RE},?\s+)?(?:the\s+)?(?P<day>[0-3]?\d){_ORD}\s+(?:of\s+)?{_MONTH_RE}"
    rf"(?:,?\s+{_YEAR}\b)?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_US_NUMERIC = re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?{_YEAR}\b")

_UNIT = r"(?P<unit>day|week|month|year)s?"
_COUNT = r"(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# (not the "000 years ago" of "6,000 years ago")
_AGO = re.compile(rf"(?<![\d][,.])\b{_COUNT}\s+{_UNIT}\s+ago\b", re.IGNORECASE)
_DAY_WORD = re.compile(
    r"\b(?P<pre>the\s+day\s+before\s+)?(?P<word>yesterday|today|tonight|tomorrow)\b"
    r"|\bthis\s+(?P<part>morning|afternoon|evening)\b|\b(?P<earlier>earlier|later)\s+today\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:(?P<the>the)\s+(?=(?:last|past)\s))?"
    r"(?P<which>last|this|next|past|earlier\s+this|later\s+this|early\s+this|late\s+last|"
    r"early\s+last|earlier\s+last)\s+(?P<period>week|weekend|month|year)\b"
    r"|\bover\s+the\s+(?P<weekend>weekend)\b",
    re.IGNORECASE,
)
# A counted span back from the article's date: "the past 11 months", "the last five days".
_COUNTED_SPAN = re.compile(
    rf"\b(?:the\s+)?(?:past|last|previous|preceding)\s+{_COUNT}\s+(?P<unit>day|week|month|year)s\b",
    re.IGNORECASE,
)
# "the last week of the campaign", "the last two weeks of June": a named period's end, no date.
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<which>last|this|next|this\s+past|this\s+coming|on)\s+)?{_WEEKDAY_RE}\b",
    re.IGNORECASE,
)
# Capitalised names that contain a weekday but are no date.
_NOT_A_DAY = re.compile(r"(?:Black|Good|Super|Cyber|Ash|Easter|Bloody|Palm|Holy)\s+$")
_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|(?:is|are|was|were|had\s+been)\s+(?:scheduled|set|expected|due)\s+to|"
    r"plans?\s+to|planned\s+for|scheduled\s+for|set\s+for|to\s+be\s+held|"
    # "a U.S. tariff set to take effect Sunday" (in an article of Thursday): a reduced relative
    r"(?:set|due|slated|scheduled|poised)\s+to\s+(?:take\s+effect|begin|start|expire|end|"
    r"run\s+out|resume|open|close|arrive|kick\s+in)|"
    # "a government shutdown that would kick in Friday morning": the future of a past report
    r"would\s+(?:take\s+effect|kick\s+in|expire|run\s+out|begin|start))\b[^.;]*$"
    # a preposition of a time ahead only right before the day ("until Friday", "from
    # Monday"): "Attorneys general from six states urged ... on Tuesday" is the past Tuesday
    r"|\b(?:until|by|coming)\s+(?:on\s+|next\s+|this\s+)?$",
    re.IGNORECASE,
)
# "starting Monday", "from Friday": ahead, unless the sentence reports in the past what
# followed ("reported 189 people killed ... over a 72-hour period starting Friday").
_FROM_DAY = re.compile(r"\b(?:starting|beginning|from)\s+(?:on\s+|next\s+|this\s+)?$", re.I)
_PAST_VERB = re.compile(
    r"\b(?:(was|were|had|did|ran|rose|fell|began|went|came|took|saw|held|met|left|won|lost|"
    r"spent|kept|grew|gave|made|found|brought|sent|led|got)|(\w+)\s+([a-z]{3,}ed))\b"
    r"(?!\s+to\b)"
)
_PRESENT_BEFORE = frozenset("is are be been being will am 's".split())


def _told_in_past(clause: str) -> bool:
    """Whether a clause holds a verb in the past tense (not a participle after "is", "are",
    "will be": "are required starting Monday" is ahead)."""
    for m in _PAST_VERB.finditer(clause):
        if m.group(1) or m.group(2).lower() not in _PRESENT_BEFORE:
            return True
    return False


# A bare weekday that names something still to come although no verb says so: "raced toward a
# Tuesday deadline", "ahead of Friday's vote" (a deadline is ahead unless it was missed).
_FORWARD_BEFORE = re.compile(
    r"\b(?:toward|towards|ahead\s+of|approaching|looming|upcoming)\s+"
    r"(?:(?:a|an|the|this|its|their|his|her)\s+)?(?:[a-z\-]+\s+)?$",
    re.IGNORECASE,
)
_FORWARD_AFTER = re.compile(r"(?:['’]s)?\s+deadline\b", re.IGNORECASE)
_PAST_CUE = re.compile(
    r"\b(?:missed|passed|after|since|ignored|extended|expired)\b[^.;]*$", re.IGNORECASE
)


_LOCAL_TIME = re.compile(
    r"\s+(?:(?:early|late)\s+)?(?:(?:morning|afternoon|evening|night)\s+)?local\s+time\b", re.I
)


# "When the opening ceremony gets underway Friday, it will ...": a clause of time in the present
# whose sentence goes on in the future.
_WHEN_OPENING = re.compile(
    r"(?:^|[.!?]\s+)(?:When|Once|As\s+soon\s+as|Until|Before|After)\s+[^,.;!?]*$"
)
_THEN_FUTURE = re.compile(r"[^.;!?]*,\s+[^.;!?]*?\b(?:will|'ll)\s")


def points_forward(text: str, start: int, end: int) -> bool:
    """Whether the bare weekday at ``text[start:end]`` names a day still to come: a future
    verb before it ("will meet Tuesday"), a present clause of time before a future ("When the
    games open Friday, they will ..."), or a deadline or an approach with no past cue ("raced
    toward a Tuesday deadline", "ahead of Friday's vote"; not "missed the Tuesday deadline")."""
    before = text[max(0, start - 60) : start]
    if _FUTURE_CUE.search(before):
        return True
    when = _WHEN_OPENING.search(text[max(0, start - 120) : start])
    if when and not _told_in_past(" " + when.group(0)) and _THEN_FUTURE.match(text, end):
        return True
    if _FROM_DAY.search(before):
        clause = re.split(r"[.;]", text[max(0, start - 200) : start])[-1]
        # what a report says, not the report: "officials said masks are required starting ..."
        clause = re.split(r"\b(?:said|says|told|announced|reported|added|that)\b", clause)[-1]
        return not _told_in_past(" " + clause)
    forward = _FORWARD_BEFORE.search(before) or _FORWARD_AFTER.match(text, end)
    return bool(forward) and not _PAST_CUE.search(before)


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text.lower())


class _Finder:
    def __init__(self, text: str, anchor: date | None) -> None:
        self.text = text
        self.anchor = anchor
        self.found: list[DateMention] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in self.found)

    def add(
        self,
        match: re.Match[str],
        relative: bool,
        span: tuple[date, date] | None,
        label: str,
    ) -> None:
        start, end = match.span()
        if not self.free(start, end):
            return
        first, last = span if span else (None, None)
        self.found.append(DateMention(start, end, match.group(0), relative, first, last, label))

    # -- explicit dates -------------------------------------------------------------------

    def explicit(self) -> None:
        for pattern in (_ISO, _US_NUMERIC):
            for m in pattern.finditer(self.text):
                try:
                    d = date(int(m["year"]), int(m["m"]), int(m["d"]))
                except ValueError:
                    continue
                self.add(m, False, (d, d), format_day(d))
        for pattern in (_MONTH_DAY, _DAY_MONTH):
            for m in pattern.finditer(self.text):
                self.month_day(m)
        for m in _MONTH_YEAR.finditer(self.text):
            month = MONTHS[m["month"].lower()]
            year = int(m["year"])
            self.add(m, False, _month_span(year, month), _month_label(year, month))

    def month_day(self, m: re.Match[str]) -> None:
        month = MONTHS[m["month"].lower()]
        day = int(m["day"])
        if not 1 <= day <= 31:
            return
        d: date | None
        if m["year"]:
            try:
                d = date(int(m["year"]), month, day)
            except ValueError:
                return
        elif self.anchor is not None:
            d = _nearest_year(month, day, self.anchor)
        else:
            d = None
        if d is None:
            if day > calendar.monthrange(2024, month)[1]:
                return
            self.add(m, False, None, f"{calendar.month_name[month]} {day}")
            return
        self.add(m, False, (d, d), format_day(d))

    # -- relative expressions -------------------------------------------------------------

    def relative(self) -> None:
        a = self.anchor
        for m in _DAY_WORD.finditer(self.text):
            word = (m["word"] or "today").lower()
            offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
            if m["pre"]:
                offset -= 1
            span = None
            if a is not None:
                d = a + timedelta(days=offset)
                span = (d, d)
            self.add(m, True, span, format_day(span[0]) if span else "")
        for m in _AGO.finditer(self.text):
            self.ago(m)
        for m in _COUNTED_SPAN.finditer(self.text):
            self.counted_span(m)
        for m in _PERIOD.finditer(self.text):
            self.period(m)
        for m in _WEEKDAY.finditer(self.text):
            self.weekday(m)

    def ago(self, m: re.Match[str]) -> None:
        n = _count(m["count"])
        a = self.anchor
        if n is None or a is None:
            self.add(m, True, None, "")
            return
        unit = m["unit"].lower()
        if unit == "day":
            d = a - timedelta(days=n)
            self.add(m, True, (d, d), format_day(d))
        elif unit == "week":
            first, last = _week_of(a - timedelta(days=7 * n))
            self.add(m, True, (first, last), f"the week of {format_day(first)}")
        elif unit == "month":
            y, mo = _add_months(a.year, a.month, -n)
            self.add(m, True, _month_span(y, mo), _month_label(y, mo))
        else:
            y = a.year - n
            self.add(m, True, (date(y, 1, 1), date(y, 12, 31)), str(y))

    def counted_span(self, m: re.Match[str]) -> None:
        n = _count(m["count"])
        if n is None or n < 2 or _OF_AFTER.match(self.text, m.end()):
            return
        a = self.anchor
        if a is None:
            self.add(m, True, None, "")
            return
        unit = m["unit"].lower()
        if unit == "day":
            first = a - timedelta(days=n)
        elif unit == "week":
            first = a - timedelta(days=7 * n)
        else:
            y, mo = _add_months(a.year, a.month, -n * (12 if unit == "year" else 1))
            first = date(y, mo, min(a.day, calendar.monthrange(y, mo)[1]))
        self.add(m, True, (first, a), f"the {m['count']} {unit}s to {format_day(a)}")

    def period(self, m: re.Match[str]) -> None:
        if m["the"] and _OF_AFTER.match(self.text, m.end()):
            return  # "the last week of the campaign"
        a = self.anchor
        if a is None:
            self.add(m, True, None, "")
            return
        which = " ".join((m["which"] or "this").lower().split())
        period = (m["period"] or m["weekend"]).lower()
        if m["the"]:
            which = "past"  # "the last week": the seven days before, not the calendar week
        if which == "past" and period != "weekend":
            days = {"week": 7, "month": 30, "year": 365}[period]
            span = (a - timedelta(days=days), a - timedelta(days=1))
            self.add(m, True, span, f"the {period} before {format_day(a)}")
            return
        step = {"last": -1, "past": -1, "next": 1, "late last": -1, "early last": -1}.get(which, 0)
        if which == "earlier last":
            step = -1
        if period == "week":
            first, last = _week_of(a + timedelta(days=7 * step))
            if which in ("earlier this", "early this") and a > first:
                last = a - timedelta(days=1) if which == "earlier this" else last
            self.add(m, True, (first, last), f"the week of {format_day(first)}")
        elif period == "weekend":
            if step == 0 and a.weekday() >= 5:
                saturday = a - timedelta(days=a.weekday() - 5)
            elif step > 0:
                saturday = a + timedelta(days=(5 - a.weekday()) % 7 or 7)
            else:
                saturday = a - timedelta(days=(a.weekday() - 5) % 7 or 7)
            sunday = saturday + timedelta(days=1)
            label = f"the weekend of {format_day(saturday, year=False)}-{sunday.day}"
            if sunday.month != saturday.month:
                label = f"the weekend of {format_day(saturday, year=False)}"
            self.add(m, True, (saturday, sunday), f"{label}, {saturday.year}")
        elif period == "month":
            y, mo = _add_months(a.year, a.month, step)
            self.add(m, True, _month_span(y, mo), _month_label(y, mo))
        else:
            y = a.year + step
            self.add(m, True, (date(y, 1, 1), date(y, 12, 31)), str(y))

    def weekday(self, m: re.Match[str]) -> None:
        name = m["weekday"]
        if not name[0].isupper():
            return
        if _NOT_A_DAY.search(self.text[max(0, m.start() - 12) : m.start()]):
            return
        a = self.anchor
        if a is None:
            self.add(m, True, None, "")
            return
        target = WEEKDAYS[name.lower()]
        which = " ".join((m["which"] or "").lower().split())
        back = (a.weekday() - target) % 7  # days back to the latest such day on or before a
        ahead = (target - a.weekday()) % 7  # days ahead to the next such day on or after a
        if which in ("last", "this past"):
            d = a - timedelta(days=back or 7)
        elif which in ("next", "this coming"):
            d = a + timedelta(days=ahead or 7)
        elif which == "this":
            d = _week_of(a)[0] + timedelta(days=target)
        else:
            future = points_forward(self.text, m.start(), m.end())
            # "early Friday morning local time" in an article of Thursday: a place ahead of the
            # article's clock, the next day (graded: it read as the Friday before)
            local = _LOCAL_TIME.match(self.text, m.end()) is not None and ahead == 1
            d = a + timedelta(days=ahead) if future or local else a - timedelta(days=back)
        self.add(m, True, (d, d), format_day(d))


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Every explicit date and relative time expression in ``text``, in order of position.

    ``anchor`` is the day the text was written (an article's publication date); without it,
    relative expressions are found but not resolved (``first`` and ``last`` are None), and
    explicit dates without a year keep only their month and day in ``label``.
    """
    finder = _Finder(text, anchor)
    finder.explicit()
    finder.relative()
    return sorted(finder.found, key=lambda m: m.start)
