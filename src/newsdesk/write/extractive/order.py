"""The order of a planned briefing's sentences: each sentence's day (the day it says its event
happened on, else its article's), date order inside a paragraph, a strand's headline first
when that inverts no days, and a story told alone in its phases (:mod:`.plan`)."""

from __future__ import annotations

from newsdesk.write.extractive.arrange import defined_first
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.dates import own_day


def _day_of(prep: Prepared, i: int) -> str:
    """A sentence's day for ordering: the day it says its event happened on ("On April 20,
    1999, ..." in an article of a year on), else its article's."""
    c = prep.cands[i]
    published = prep.docs[c.doc].published
    told = own_day(c.text, published)
    return told.isoformat() if told else prep.first_day(i)


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
    days = {i: _day_of(prep, i) for i in group}  # (a sentence's day is read from its text)
    opens: dict[tuple[str, int], int] = {}
    for i in group:
        key = (days[i], prep.cands[i].doc)
        opens[key] = min(opens.get(key, prep.cands[i].index), prep.cands[i].index)
    group = sorted(
        group,
        key=lambda i: (
            days[i],
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
