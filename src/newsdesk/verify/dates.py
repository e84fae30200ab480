"""Dates a sentence states, checked against the dates its sources state.

Every date form is a fact: a full date, a month and day, a month alone ("in June"), a month
and year, a year alone, a weekday, a season ("last summer"), a quarter ("Q3", "the third
quarter") and a relative expression ("last week", resolved against the publication date of
the article it is read in). Full dates and relative expressions come from
:func:`newsdesk.reltime.find_dates`; the coarser forms are found here.

Each fact is a set of calendar components (years, months, a weekday, a month-day) or, when it
can be placed on the calendar, a span of days. A sentence's date agrees with a source's when
their spans overlap, or, when one side has no span, when every component both state agrees
and they state at least one in common: "in 2025" agrees with "March 3, 2025", "in January"
with "last month" in an article of February, "Tuesday" with "Aug. 31" when that was a
Tuesday. A different granularity is no conflict; a different month, year, weekday, season or
quarter is.

A weekday a source states without "last" or "next" ("a Tuesday deadline", "said on Tuesday")
is placed on the calendar by its context, here and not by :mod:`newsdesk.reltime`'s default:
forward when the clause around it looks ahead ("deadline", "will", "by", "ahead of", "due"),
else back. A sentence's bare weekday is read the same way, so a copied phrase agrees with its
source and a repair that resolved it in the wrong direction ("a [Tuesday, August 24]
deadline" in an article of Monday, August 30) does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from newsdesk.reltime import MONTHS, WEEKDAYS, DateMention, find_dates

SEASONS = {
    "spring": (3, 4, 5),
    "summer": (6, 7, 8),
    "fall": (9, 10, 11),
    "autumn": (9, 10, 11),
    "winter": (12, 1, 2),
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINALS["4th"] = 4
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|Sept"
)
_LEAD = r"(?:in|since|until|till|by|through|during|from|to|of|last|this|next|early|late|mid|mid-)"
_BARE_MONTH = re.compile(
    rf"\b(?:(?P<lead>{_LEAD})[\s-]+)?(?P<month>{_MONTH_NAMES})\b\.?(?!\s+\d)", re.IGNORECASE
)
_YEAR = re.compile(r"(?<![\d$€£.,/-])\b(?P<year>(?:19|20)\d\d)\b(?![.,]\d|\s*%|-\d|/\d)")
_SEASON = re.compile(
    r"\b(?:(?P<lead>in|this|last|next|early|late|during|since|until|by|the|of|mid)\s+)"
    r"(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b)?"
    r"|\b(?P<season2>spring|summer|fall|autumn|winter)\s+(?:of\s+)?(?P<year2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_QUARTER = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter)\b"
    r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(r"^(?:on\s+)?(?P<day>[A-Z][a-z]+day)(?:'s|’s)?$")
_AHEAD = re.compile(
    r"\b(?:will|'ll|shall|deadline|due|scheduled|expected|set\s+to|set\s+for|plans?\s+to|"
    r"ahead\s+of|toward|towards|by|until|before|upcoming|coming|starting|beginning|"
    r"is\s+to|are\s+to|to\s+be)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!?]|,\s+(?:but|while|and|as|after)\b")


@dataclass(frozen=True)
class DateFact:
    """One date form of a text: where it stands, and what it says about the calendar."""

    start: int
    end: int
    phrase: str
    first: date | None = None  # a span of days, when the fact can be placed on the calendar
    last: date | None = None
    years: frozenset[int] | None = None
    months: frozenset[int] | None = None
    weekday: int | None = None
    month_day: tuple[int, int] | None = None
    relative: bool = False

    def components(
        self,
    ) -> tuple[frozenset[int] | None, frozenset[int] | None, int | None, tuple[int, int] | None]:
        """(years, months, weekday, month-day), derived from the span where there is one."""
        years, months, weekday, md = self.years, self.months, self.weekday, self.month_day
        if self.first is not None and self.last is not None:
            n = (self.last - self.first).days
            years = years or frozenset(range(self.first.year, self.last.year + 1))
            if months is None and n <= 92:  # a year says nothing about its months
                ms = set()
                d = self.first
                while d <= self.last:
                    ms.add(d.month)
                    d = (d.replace(day=1) + timedelta(days=32)).replace(day=1)
                months = frozenset(ms)
            if n == 0:
                weekday = self.first.weekday() if weekday is None else weekday
                md = md or (self.first.month, self.first.day)
        return years, months, weekday, md


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date or timestamp (None when absent or malformed)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _looks_ahead(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` looks forward in time."""
    left = text[max(0, start - 80) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    right = text[end : end + 120]
    stop = _CLAUSE_END.search(right)
    window = left[cut:] + " " + text[start:end] + " " + (right[: stop.start()] if stop else right)
    return bool(_AHEAD.search(window))


def _from_mention(m: DateMention, text: str, anchor: date | None) -> DateFact:
    weekday = None
    md = None
    low = m.phrase.lower()
    for name, n in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", low):
            weekday = n
    first, last = m.first, m.last
    only = _WEEKDAY_ONLY.match(m.phrase.strip())
    # A bare weekday is placed as the writer places it (reltime: a plan, a deadline or an
    # approach looks ahead); only one reltime left unplaced is read by its clause here.
    if m.relative and only and anchor is not None and weekday is not None and first is None:
        back = (anchor.weekday() - weekday) % 7
        ahead = (weekday - anchor.weekday()) % 7
        d = (
            anchor + timedelta(days=ahead)
            if _looks_ahead(text, m.start, m.end)
            else anchor - timedelta(days=back)
        )
        first = last = d
    if first is None and m.label and not m.relative:
        parts = m.label.split()
        if len(parts) == 2 and parts[0].lower() in MONTHS and parts[1].isdigit():
            md = (MONTHS[parts[0].lower()], int(parts[1]))
    return DateFact(
        m.start,
        m.end,
        m.phrase,
        first,
        last,
        weekday=weekday,
        month_day=md,
        relative=m.relative,
    )


def _free(facts: Sequence[DateFact], a: int, b: int) -> bool:
    return all(b <= f.start or a >= f.end for f in facts)


def date_facts(text: str, anchor: date | None) -> list[DateFact]:
    """Every date form of ``text``; relative ones placed on the calendar from ``anchor``."""
    return list(_date_facts(text, anchor))


@lru_cache(maxsize=4096)
def _date_facts(text: str, anchor: date | None) -> tuple[DateFact, ...]:
    facts = [_from_mention(m, text, anchor) for m in find_dates(text, anchor)]
    extra: list[DateFact] = []

    def add(f: DateFact) -> None:
        if _free(facts, f.start, f.end) and _free(extra, f.start, f.end):
            extra.append(f)

    for m in _QUARTER.finditer(text):
        q = int(m["q"]) if m["q"] else _ORDINALS[m["ord"].lower()]
        months = frozenset(range(3 * q - 2, 3 * q + 1))
        years = frozenset({int(m["year"])}) if m["year"] else None
        add(DateFact(m.start(), m.end(), m.group(0), years=years, months=months))
    for m in _SEASON.finditer(text):
        season = (m["season"] or m["season2"]).lower()
        year_s = m["year"] or m["year2"]
        lead = (m["lead"] or "").lower()
        if lead in ("the", "of") and not year_s:
            after = text[m.end() : m.end() + 4].lower()
            if after.startswith(" of"):
                continue  # "the fall of Kabul"
        start = m.start("season") if m["season"] else m.start()
        add(
            DateFact(
                start,
                m.end(),
                text[start : m.end()],
                years=frozenset({int(year_s)}) if year_s else None,
                months=frozenset(SEASONS[season]),
            )
        )
    for m in _BARE_MONTH.finditer(text):
        word = m["month"]
        if not word[0].isupper():
            continue
        if word == "May" and not m["lead"]:
            continue  # "May" opening a sentence is usually the verb
        if word == "March" and not m["lead"] and text[max(0, m.start() - 2) : m.start()] != ", ":
            before = text[: m.start()].rstrip().split()
            if before and before[-1].lower() in ("a", "the", "this", "that"):
                continue  # "a March through the capital"
        month = MONTHS[word.lower()]
        add(DateFact(m.start("month"), m.end("month"), word, months=frozenset({month})))
    for m in _YEAR.finditer(text):
        y = int(m["year"])
        add(
            DateFact(
                m.start(),
                m.end(),
                m.group(0),
                date(y, 1, 1),
                date(y, 12, 31),
                years=frozenset({y}),
            )
        )
    return tuple(sorted(facts + extra, key=lambda f: f.start))


def agree(claim: DateFact, source: DateFact) -> bool:
    """Whether a sentence's date and a source's can be the same time (granularity aside)."""
    if claim.first and claim.last and source.first and source.last:
        return claim.first <= source.last and source.first <= claim.last
    cy, cm, cw, cd = claim.components()
    sy, sm, sw, sd = source.components()
    shared = 0
    for a, b in ((cy, sy), (cm, sm)):
        if a is not None and b is not None:
            shared += 1
            if not a & b:
                return False
    for x, y in ((cw, sw), (cd, sd)):
        if x is not None and y is not None:
            shared += 1
            if x != y:
                return False
    return shared > 0


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the dates in ``text`` (their numbers are not quantities)."""
    return [(f.start, f.end) for f in date_facts(text, None)]


@dataclass(frozen=True)
class DateMiss:
    """A date of the sentence no source agrees with, and the source's nearest dates."""

    phrase: str
    source_says: tuple[str, ...]


_DATED_FRAME = re.compile(
    r"^\s*\[?(?P<frame>[Oo]n|[Ii]n|[Aa]s of|[Aa]s reported in)\s+"
    r"(?P<when>[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?),\s+"
)


def dated_frame(text: str, day: date | None) -> int:
    """The length of a leading "On January 10, ", "In January 2024, ", "As of January, " or "As
    reported in January 2024, " that holds ``day``, the article's own date (a planned strand's
    opener dates its report so; the date is the article's, not a claim drawn from its text); 0
    when there is none or it names another time."""
    m = _DATED_FRAME.match(text)
    if m is None or day is None:
        return 0
    when = m.group("when")
    if when == f"{day:%B}":
        return m.end()  # the article's month, its year left to the window line
    facts = date_facts(when, day)
    ok = facts and all(
        f.first is not None and f.last is not None and f.first <= day <= f.last for f in facts
    )
    if ok and m.group("frame").lower() == "on":
        ok = all(f.first == f.last for f in facts)
    return m.end() if ok else 0


def date_misses(claim: str, sources: Sequence[tuple[str, date | None]]) -> list[DateMiss]:
    """The date forms of ``claim`` that no source agrees with; ``sources`` are (text, day).

    The claim's relative forms are read against each source's day in turn (a writer that
    copies "last week" from a source means that source's last week).
    """
    bare = date_facts(claim, None)
    if not bare:
        return []
    readings: list[list[DateFact]] = []
    have: list[DateFact] = []
    said: list[str] = []
    for text, day in sources:
        src = date_facts(text, day)
        if day is not None and any(f.relative for f in src):
            # a relative form is read from the article's own date: that date is stated too
            src.append(DateFact(0, 0, f"{day:%B} {day.day}, {day.year}", day, day))
        have += src
        said += [f.phrase for f in src]
        readings.append(date_facts(claim, day) if day is not None else bare)
    out: list[DateMiss] = []
    for b in bare:
        ok = False
        comparable = False
        for reading in readings or [bare]:
            r = next((x for x in reading if (x.start, x.end) == (b.start, b.end)), b)
            resolvable = r.first is not None or any(c is not None for c in r.components())
            if not resolvable:
                continue  # "last week" with no date to read it against: nothing to check
            comparable = True
            if any(agree(r, s) for s in have):
                ok = True
                break
        if comparable and not ok:
            out.append(DateMiss(b.phrase, tuple(dict.fromkeys(said))[:4]))
    return out


def unsupported_dates(claim: str, sources: Sequence[tuple[str, date | None]]) -> list[str]:
    """The date phrases of ``claim`` that no source supports; ``sources`` are (text, day)."""
    return [m.phrase for m in date_misses(claim, sources)]
