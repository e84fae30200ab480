"""The order of a planned briefing's sentences: each sentence's day (the day it says its event
happened on, else its article's), date order inside a paragraph, a strand's headline first
when that inverts no days, and a story told alone in its phases (:mod:`.plan`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import numpy as np

from newsdesk.write.extractive.arrange import defined_first
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.dates import own_day
from newsdesk.write.extractive.repeats import OPENINGS_SAME_COS

# The most days the dated articles of an undated article's story may span for it to be dated
# (graded: an undated report of a cease-fire, dated by an article of the fighting's first days,
# opened its paragraph)
GUESS_MAX_SPAN_DAYS = 3
GUESS_MIN_DATED = 2  # ... and the fewest dated articles that show it


_AHEAD = re.compile(
    r"\b(?:will|could|would|may|might|soon|(?:is|are) (?:expected|set|poised|due) to|plans? to)\b"
)


def _span_days(days: Iterable[str]) -> int:
    """The days from the first of ``days`` (ISO dates) to the last; unreadable ones spread
    them as far as they can."""
    try:
        got = sorted(date.fromisoformat(d) for d in days)
    except ValueError:
        return 1 << 30
    return (got[-1] - got[0]).days if got else 0


def _guessed_days(prep: Prepared) -> dict[int, str]:
    """For ordering only, the day of each undated article that tells the headline fact of a
    dated article of its story (the store's or the brief's grouping): its opening sentence
    close in meaning to that article's (cosine at least ``OPENINGS_SAME_COS``, the rule by
    which two openings of one story tell one fact), when the story's dated articles,
    ``GUESS_MIN_DATED`` or more, span at most ``GUESS_MAX_SPAN_DAYS``. Undated articles used to
    read before every dated one: graded, "easily defeated Rep. Chip Roy" (an undated report of
    the May 14 vote) came before the May 12 report that the vote would be held."""
    cached = getattr(prep, "guessed_days", None)
    if cached is not None:
        return cached
    guessed: dict[int, str] = {}
    keys = getattr(prep, "story_keys", None)
    if keys is None:
        return guessed  # (no grouping yet: nothing to guess by, and nothing remembered)
    days = [(d.published or "")[:10] for d in prep.docs]
    if any(days) and not all(days):
        opening: dict[int, int] = {}  # each article's first sentence among the candidates
        for i, c in enumerate(prep.cands):
            if c.doc not in opening or c.index < prep.cands[opening[c.doc]].index:
                opening[c.doc] = i
        vecs = {
            d: prep.vecs[i] / (float(np.linalg.norm(prep.vecs[i])) or 1.0)
            for d, i in opening.items()
        }
        for doc in vecs:
            if days[doc] or not keys[doc]:
                continue
            mates = [k for k in vecs if days[k] and keys[k] == keys[doc]]
            if (
                len(mates) < GUESS_MIN_DATED
                or _span_days(days[k] for k in mates) > GUESS_MAX_SPAN_DAYS
            ):
                # a story of many days: its closest article may be of another day; of one
                # dated article, nothing says the story is of a few days (graded: jobless
                # claims of May and October grouped with a report of August 19)
                continue
            best = max(mates, key=lambda k: float(vecs[k] @ vecs[doc]))
            if float(vecs[best] @ vecs[doc]) >= OPENINGS_SAME_COS:
                # (not a report of the talks' start in May, told beside their collapse in
                # September: another fact, graded)
                guessed[doc] = days[best]
    prep.guessed_days = guessed
    return guessed


def _day_of(prep: Prepared, i: int) -> str:
    """A sentence's day for ordering: the day it says its event happened on ("On April 20,
    1999, ..." in an article of a year on), else its article's, else, for an undated
    article, the day :func:`_guessed_days` gives it."""
    c = prep.cands[i]
    published = prep.docs[c.doc].published
    told = own_day(c.text, published)
    if told:
        return told.isoformat()
    return prep.first_day(i) or _guessed_days(prep).get(c.doc, "")


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
# "rose 0.3 percent in August", "added 266,000 jobs in April", "said in a Sept. 14 report": the
# month of a figure or of a report, with no year of its own ("in June 1992" is told whole, or
# history); not the month of an event a sentence recalls ("during the riot in January")
_IN_MONTH = re.compile(
    r"(?:\d[\d.,]*\s*(?:%|percent|per cent|points?)?(?:\s+[a-z]+)?\s+in|\bin\s+an?)\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+(\d{1,2}))?\b"
    r"(?![,]?\s+\d{4})"
)


def _month_told(prep: Prepared, i: int) -> str:
    """For ordering only: the day of the month an undated article's sentence names ("prices
    rose 0.3 percent in August", "the Labor Department said in a Sept. 14 report") in the one
    year of the briefing's dated articles, at the month's end when it names no day (a month's
    figures are reported after it). Graded: an undated report of August's prices read between
    two of June's. Empty when the sentence names no month or the dated articles span years."""
    years = {d.published[:4] for d in prep.docs if d.published and d.published[:4].isdigit()}
    months = list(_IN_MONTH.finditer(prep.cands[i].text))
    if len(years) != 1 or not months:
        return ""
    m = months[-1]
    month = [n[:3] for n in _MONTH_NAMES].index(m.group(1)[:3]) + 1
    return f"{years.pop()}-{month:02d}-{int(m.group(2)) if m.group(2) else 28:02d}"


def group_day(prep: Prepared, group: list[int]) -> str:
    """A paragraph's day for ordering: its first sentence's, or, when that sentence's article
    has no date, the earliest day of its other sentences (a strand opened by an undated report
    of Kabul's fall, then an article of August 14, comes after a strand of July 8, not before
    it); empty when none has one."""
    first = _day_of(prep, group[0])
    return first or min((d for d in (_day_of(prep, i) for i in group[1:]) if d), default="")


def date_order(prep: Prepared, group: list[int]) -> list[int]:
    """Chronological (article date; of one day's articles, each article's sentences together
    in its order, the article whose chosen sentence stands earliest in it first, so what
    articles open with comes before their details); among sentences of one day, a sentence
    spelling out an acronym comes before one using it."""
    # An article's sentences of one day stay together, in its order, the articles by where
    # their first chosen sentence stands (undated BBC "England rugby" read one article's
    # opening, another's, then the first one's detail).
    # (a sentence's day is read from its text; inside a paragraph, an undated article's
    # sentence reads at the month its figure names, which places no paragraph)
    days = {i: _day_of(prep, i) or _month_told(prep, i) for i in group}
    opens: dict[tuple[str, int], int] = {}
    for i in group:
        key = (days[i], prep.cands[i].doc)
        opens[key] = min(opens.get(key, prep.cands[i].index), prep.cands[i].index)
    # of one day, an undated article's sentences (their day guessed) after the dated ones, a
    # later report of that day ("paid homage" after "when the ceremony gets underway"), unless
    # they tell what is still to come: then before them (graded: "senators could begin amending
    # it soon" read after the bill's passage)
    guessed = _guessed_days(prep)

    def told_late(i: int) -> int:
        if prep.cands[i].doc not in guessed or days[i] != guessed[prep.cands[i].doc]:
            return 0
        return -1 if _AHEAD.search(prep.cands[i].text) else 1

    group = sorted(
        group,
        key=lambda i: (
            days[i],
            told_late(i),
            opens[(days[i], prep.cands[i].doc)],
            prep.lineage[prep.cands[i].doc],
            prep.cands[i].doc,
            prep.cands[i].index,
        ),
    )
    out: list[int] = []
    k = 0
    while k < len(group):
        same = [i for i in group[k:] if days[i] == days[group[k]]]
        out += [same[j] for j in defined_first([prep.cands[i].shown for i in same])]
        k += len(same)
    return out


def _strand_order(prep: Prepared, chosen: list[int]) -> list[int]:
    """A strand paragraph's sentences: its headline fact (``chosen[0]``) first, the rest in
    date order, unless one of them is of an earlier day (then all in date order: no
    chronology is inverted to put the headline first) or all come from one article (then
    they read as the article has them)."""
    if not chosen:
        return []
    head, rest = chosen[0], date_order(prep, chosen[1:])
    one_article = len({prep.lineage[prep.cands[i].doc] for i in chosen}) == 1
    if not one_article and all(_day_of(prep, i) >= _day_of(prep, head) for i in rest):
        return [head, *rest]
    return date_order(prep, chosen)


def _phases(prep: Prepared, lead_i: int, rest: list[int]) -> list[list[int]]:
    """The central story alone, told in its phases: the lead with what its day adds, then a
    paragraph for each later day's articles (an agreement, the warnings of the next day, the
    first flight a week on), in date order; sentences older than the lead's day come after
    the lead's paragraph, as one paragraph of background."""
    lead_day = _day_of(prep, lead_i)
    phases: list[list[int]] = [[lead_i]]
    older = [i for i in rest if _day_of(prep, i) < lead_day]
    if older:
        phases.append(older)
    last = None
    for i in rest:
        day = _day_of(prep, i)
        if day < lead_day:
            continue
        if day == lead_day:
            phases[0].append(i)
        elif day == last:
            phases[-1].append(i)
        else:
            phases.append([i])
            last = day
    return phases
