"""Where outlets disagree: claims within one story that differ between independent sources.

Claims are compared between sentences of articles of different wire lineages and outlets (a
copy never disagrees with its original) published within ``MAX_DAYS_APART`` days of each other
(articles further apart report different moments of a story, but for a named person's age;
undated articles are compared):

* **number**: the same quantity given different values: "10,000 National Guard troops" against
  "15,000 troops". A quantity is a number with its scale ("1.2 million", "$3 billion") and unit
  ("1.2 tonnes" is 1,200 kilograms; "16%" and "16 percent" are one) and the noun phrase right
  after it. Two quantities are the same when they share a noun and a context word (what is done
  to it, by whom: "send ... troops", "seized ... fentanyl"; the noun of one may be the other's
  context word, "two boats of pirates" and "the pirates, in three boats"; two nouns in common,
  "tank shells", need none; a figure in a list takes the words before the list, "damaged 42
  offices, ..., 8 bridges") and their sentences are about the same thing (cosine >=
  ``SAME_CONTEXT``); names before the figures that differ make them two subjects' figures,
  unless they are places ("hospitalized in Los Angeles"). They differ when more than 5% apart
  (25% when either is approximate: "about", "roughly"), at most ``MAX_RATIO`` apart, neither is
  a bound ("more than 1,000", "up to", "$1 trillion+"), the rougher one is not the other rounded
  ("$1 trillion" and "$1.2 trillion"), neither article also states the other's figure (then the
  two figures are two things), and the sentences do not name times a week apart (nor is a
  figure told of a period between two dates named, "between April 2, 2003, and July 9, 2006",
  held against a sentence that names no time: :mod:`.periods`; nor are figures of two
  moments, a month alone against a weekday alone, a whole and a part, games or running totals
  compared: :mod:`.frames`; nor figures of two named owners, "The CBO projects" against
  "Clinton's plan projects": :mod:`.owners`; nor counts of people of two fates, "injuring five"
  against "killing 10", or two origins, "11 Yemeni" against "26 Somali": :mod:`.kinds`).
  Years, days of the month ("Oct. 11", "11 October"), ordinals, times of day, numbers joined
  by hyphens ("COVID-19", "12-story") and sentences about expectations or forecasts (but for a named
  person's age) are left out; a model's number ("AK-47") is no figure, and the figure before it
  counts the model, a kind apart from rifles of any kind; nor is a number after a name of two
  capitalised words ("the Western Europe 4 cable network", "EgyptAir Flight 990"). The ends
  of a range ("330 to 510 feet") are bounds, "75 of the 125 seats" is a part, counts of two
  places ("in Honduras", "throughout Central America") are two figures, and a bare share
  among several of one sentence is compared only when the two sentences differ in that one
  figure. A bound is compared by its
  side: "at least 43 killed" conflicts with "some 30 killed" (the other value is outside it by
  more than 5%, 25% when approximate, by any amount when a plain count under 100: "42 were
  killed"), never with 50. A plain count under 100 given as exact is counted, not rounded ("40
  killed" and "42 killed" differ). A number joined to a word by a spaced hyphen ("15 - inch"), a
  part of a fraction ("41 / 2"), a side of a pair of dimensions ("1920 x 1200") or a lone digit
  opening a sentence (the tail of a split figure) is no count; an increment ("two additional
  terms") holds any total. A span of time is keyed by
  what it is measured from ("four minutes later" is not "six minutes after the call"); a count
  among an age band ("children under age 2") is not the whole, nor places where something else
  is counted ("houses in nine villages") a count of places; a sentence opening in lower case was
  cut at its start.
* **counts of people** (a number): small counts are read in words too ("injured five
  people"), and "120, 000" as one figure. A count of people killed or injured is one quantity
  whatever they are called ("killed 40 Palestinians", "42 people were killed"), compared only
  when the sentences are close (cosine >= ``SAME_TOLL``) and name a place or a body in common
  (by name, or by its kind: "the school"),
  and never in a sentence that names a year (a past event's toll); the parts of a breakdown
  ("two women and a man") are no counts; the toll of several ("strikes on schools") is not held
  against the toll of one ("at the school"); a bare count of those held somewhere ("20 were in
  intensive care") counts them there. "N times" counts one action ("shot 11 times", not
  "arrested four times", nor "hosted five times" against "presided three times": :mod:`.acts`).
* **ages** (a number): a named person's age ("Robert Buckley, 32," against "31-year-old Robert
  Buckley"; the surname and the first name's first letters must agree), when the latest stage
  of a case both sentences name is the same (arrest, trial, verdict: an age at the arrest and
  one at the trial are two moments); "then-15-year-old" is a past age.
* **magnitude** (a number): one quake given two magnitudes a few tenths apart ("5.6 magnitude",
  "magnitude-5.4", "5.6 on the Richter scale"), when neither sentence names several quakes,
  dates its quake or marks it one of several ("one of the tremors", "an aftershock"), and they
  name no different days.
* **date**: the same event put on different days: two sentences close in meaning (cosine >=
  ``SAME_EVENT``) whose day-precise dates (:func:`newsdesk.reltime.find_dates`, resolved against
  each article's own date; for undated articles, the weekday or the month day named; a dated
  weekday against an undated one by name) differ, and both dates are the day of one action:
  the words beside them share one ("died on Friday", "died Thursday"), neither is a day's event
  ("Saturday's semifinal"), a weekday beside "today" or the day a source spoke ("said Monday"),
  and a relative day ("today") is not one day from the other (:mod:`.days`); neither sentence
  is cut at its start (opens in lower case).
* **denial**: one source denies what another states: a sentence with an explicit denial of a
  claim ("denied reports that", "rejected the allegations", "was false") close in meaning
  (cosine >= ``SAME_DENIED``) to a sentence of another source that asserts it (no denial,
  negation, rumour or speculation of its own: that would report the same denial).

Every side is cited with its article and the character span of its sentence. Measured by
``newsdesk eval disagreements`` (precision on real clusters, recall on injected claims).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newsdesk.model import EvidenceDoc, Sentence
from newsdesk.stories.acts import two_acts
from newsdesk.stories.around import sites
from newsdesk.stories.counts import stage
from newsdesk.stories.days import WEEKDAY_NAMES as _WEEKDAY_NAMES
from newsdesk.stories.days import a_day_apart
from newsdesk.stories.days import as_weekday as _as_weekday
from newsdesk.stories.days import last_word as _last_word
from newsdesk.stories.days import one_action as _one_action
from newsdesk.stories.frames import other_frames
from newsdesk.stories.groups import two_groups
from newsdesk.stories.kinds import two_kinds
from newsdesk.stories.owners import BEFORE, two_owners
from newsdesk.stories.periods import other_times, two_periods, two_ranks, when
from newsdesk.stories.quakes import magnitudes
from newsdesk.stories.quantities import (
    _FACT_CHECK,
    _OPENS_LOWER,
    _WORD,
    Quantity,
    _comparable,
    _periods,
    quantities,
)
from newsdesk.stories.same import same_quantity as _same_quantity
from newsdesk.stories.values import differ as _differ

SAME_CONTEXT = 0.5
SAME_EVENT = 0.8
SAME_DENIED = 0.65
SAME_TOLL = 0.6  # two counts of people killed or injured (their sentences), see _same_toll
MAX_DAYS_APART = 1  # articles published further apart report different moments of a story
MAX_SENTENCES = 40  # per article: the body where a story's claims are made

Embed = Callable[[list[str]], np.ndarray]

_MONTH_DAY = re.compile(
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})", re.IGNORECASE
)
# the asserting side of a denial asserts: a sentence that itself denies, discounts or negates
# (it reports the denial in other words) is not one
_NEGATION = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|discount\w*|dismiss\w*|reject\w*|refut\w*|disput\w*"
    r"|rumou?r\w*|speculat\w*|suggest\w*|not|never|no)\b|n't\b",
    re.IGNORECASE,
)
MAX_MAGNITUDE_GAP = 0.5  # two agencies' magnitudes of one quake differ by tenths, not by more
_PROPER = re.compile(r"\b[A-Z][a-z]{2,}\b")  # a capitalised word: a place, a body, a name
_OPENERS = frozenset(
    """The This That These Those There Their They Then When While After Before Some About
    Another Other Many Most Officials Authorities Also But And Its His Her Our One Two Three
    Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty""".split()
)
_DAY_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)\b",
    re.IGNORECASE,
)


_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|disputed|disputes|dismissed|rejected|rejects|refuted"
    r"|refutes)\s+(?:that|the\s+|any\s+|these\s+|those\s+)?(?:reports?|claims?|allegations?"
    r"|accusations?|accounts?|suggestions?|assertions?|that)\b"
    r"|\b(?:was|were|is|are)\s+(?:false|untrue|not true|inaccurate|fake)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: what an article states, where."""

    article_id: str
    source: str | None
    published: str | None
    sentence: str
    start: int
    end: int
    value: str  # the phrase that differs ("15,000 troops", "on Friday", "denied")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "source": self.source,
            "published": self.published,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "value": self.value,
        }


@dataclass
class Disagreement:
    kind: str  # "number" | "date" | "denial"
    subject: str  # what it is about ("troops", "kg", an event's words)
    a: Side
    b: Side
    similarity: float = 0.0

    def line(self) -> str:
        sa = self.a.source or self.a.article_id
        sb = self.b.source or self.b.article_id
        if self.kind == "denial":
            return (
                f"{sb} reports a denial ({self.b.value!r}) of what {sa} states "
                f"([{self.a.article_id}], [{self.b.article_id}])"
            )
        what = "date" if self.kind == "date" else self.subject
        return (
            f"{what}: {sa} says {self.a.value!r} ([{self.a.article_id}]); "
            f"{sb} says {self.b.value!r} ([{self.b.article_id}])"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "similarity": round(self.similarity, 3),
            "sides": [self.a.as_dict(), self.b.as_dict()],
        }


@dataclass
class _Sent:
    doc: EvidenceDoc
    s: Sentence
    quantities: list[Quantity] = field(default_factory=list)
    days: list[tuple[str, str]] = field(default_factory=list)  # (day key, phrase)
    spans: list[tuple[date, date]] = field(default_factory=list)  # every resolved mention
    denial: str | None = None
    magnitudes: list[tuple[float, str]] = field(default_factory=list)
    when: str = ""  # the times it names: "", "time", "period" (:func:`.periods.when`)
    before: tuple[str, ...] = ()  # the article's sentences before it (``BEFORE``), nearest last


def _sentences(doc: EvidenceDoc) -> list[Sentence]:
    return doc.sentences[:MAX_SENTENCES]


def _anchor(doc: EvidenceDoc) -> date | None:
    try:
        return date.fromisoformat((doc.published or "")[:10])
    except ValueError:
        return None


def _prepare(docs: Sequence[EvidenceDoc]) -> list[_Sent]:
    from newsdesk.reltime import find_dates

    out = []
    for d in docs:
        anchor = _anchor(d)
        for n, s in enumerate(_sentences(d)):
            item = _Sent(d, s, quantities(s.text), magnitudes=magnitudes(s.text))
            item.before = tuple(t.text for t in d.sentences[max(0, n - BEFORE) : n])
            mentions = find_dates(s.text, anchor)
            item.when = when(s.text, mentions)
            for m in mentions:
                if m.first is None or m.last is None:
                    # an undated article: its weekday or date can still be compared as words
                    words = m.phrase.lower().split()
                    day = _MONTH_DAY.fullmatch(m.phrase.strip())
                    if anchor is None and words and words[-1].strip(".,") in _WEEKDAY_NAMES:
                        item.days.append(("~" + words[-1].strip(".,"), m.phrase))
                    elif anchor is None and day:
                        # "October 12", "Oct. 14": held against month days only ("#"), never
                        # against a weekday ("~") or a resolved date
                        item.days.append((f"#{day.group(1)[:3].lower()} {day.group(2)}", m.phrase))
                    continue
                item.spans.append((m.first, m.last))
                if m.first == m.last:
                    item.days.append((m.first.isoformat(), m.phrase))
            cue = _DENIAL.search(s.text)
            item.denial = cue.group(0) if cue else None
            if item.quantities or item.days or item.denial or item.magnitudes:
                out.append(item)
    return out


def _side(x: _Sent, value: str) -> Side:
    return Side(x.doc.id, x.doc.source, x.doc.published, x.s.text, x.s.start, x.s.end, value)


def _independent(a: EvidenceDoc, b: EvidenceDoc) -> bool:
    la, lb = a.lineage_id or a.id, b.lineage_id or b.id
    if la == lb:
        return False
    return not (a.source and b.source and a.source.lower() == b.source.lower())


def _close_in_time(a: EvidenceDoc, b: EvidenceDoc) -> bool:
    da, db = _anchor(a), _anchor(b)
    return da is None or db is None or abs((da - db).days) <= MAX_DAYS_APART


def _parallel(x: _Sent, qa: Quantity, y: _Sent, qb: Quantity) -> bool:
    """``qa`` and ``qb`` are the one figure two sentences differ on: each sentence gives one
    figure in their unit, or both give as many, ``qa`` and ``qb`` at the same place and the
    others equal ("rose 1.4% from May and 5.4% over the year" against "rose 2.1% from May and
    5.4% over the year"). A bare share among several is otherwise anyone's."""
    fx = [q for q in x.quantities if q.unit == qa.unit]
    fy = [q for q in y.quantities if q.unit == qb.unit]
    if len(fx) == 1 and len(fy) == 1:
        return True
    if len(fx) != len(fy):
        return False
    i, j = fx.index(qa), fy.index(qb)
    return i == j and all(
        round(p.value, 6) == round(q.value, 6)
        for n, (p, q) in enumerate(zip(fx, fy, strict=True))
        if n != i
    )


def _same_toll(a: str, b: str, sim: float) -> bool:
    """Two tolls are one when their sentences are close in meaning (cosine >= ``SAME_TOLL``)
    and name a place, a body or a person in common (a capitalised word, or a kind of place:
    "the school"): not "five died in Aceh" against "twelve were killed in Bener Meriah
    district"."""
    if sim < SAME_TOLL:
        return False
    if (set(_PROPER.findall(a)) & set(_PROPER.findall(b))) - _OPENERS:
        return True
    return bool(sites(a) & sites(b))  # "in the school", "at the school"


def _one_of_several(a: str, b: str) -> bool:
    """One sentence names in the plural what the other names in the singular only ("strikes
    on UN schools killed more than 50", "42 were killed at the school"): a toll of several
    places or attacks against a toll of one, a total and its part."""
    wa = {w for w in _WORD.findall(a) if w[:1].islower() and len(w) > 3} - {"others"}
    wb = {w for w in _WORD.findall(b) if w[:1].islower() and len(w) > 3} - {"others"}
    return any(
        w.endswith("s") and not w.endswith("ss") and w[:-1] in q and w not in q
        for p, q in ((wa, wb), (wb, wa))
        for w in p
    )


def _same_quake(x: _Sent, y: _Sent) -> bool:
    """Both sentences give one quake's magnitude, a few tenths apart, on no different days."""
    if not x.magnitudes or not y.magnitudes:
        return False
    gap = abs(x.magnitudes[0][0] - y.magnitudes[0][0])
    if not 0.05 < gap <= MAX_MAGNITUDE_GAP + 1e-9:
        return False
    dx = {w.lower() for w in _DAY_WORD.findall(x.s.text)}
    dy = {w.lower() for w in _DAY_WORD.findall(y.s.text)}
    return not (dx and dy and not dx & dy)


def find_disagreements(
    docs: Sequence[EvidenceDoc], embed: Embed | None, *, every: bool = False
) -> list[Disagreement]:
    """Disagreements between independent articles of one story, strongest first (one per
    claim in conflict; with ``every``, one per pair of sentences and figures, for evaluation)."""
    items = _prepare(docs)
    if not items:
        return []
    sims = np.zeros((len(items), len(items)), dtype=np.float32)
    if embed is not None:
        vecs = embed([x.s.text for x in items])
        sims = vecs @ vecs.T
    found: dict[tuple[str, ...], Disagreement] = {}
    # the values each article states: an article that also gives the other side's figure
    # agrees with it (the two figures are two things, e.g. this week's and last week's)
    # (the same figure of the same noun: "12 arrested" is not "12 people injured")
    stated: dict[str, set[tuple[float, str, str]]] = {}
    for it in items:
        for q in it.quantities:
            for word in q.nouns or {""}:
                stated.setdefault(it.doc.id, set()).add((round(q.value, 3), q.unit, word))

    quakes: dict[str, set[float]] = {}
    for it in items:
        quakes.setdefault(it.doc.id, set()).update(v for v, _ in it.magnitudes)

    def states(doc_id: str, q: Quantity) -> bool:
        have = stated.get(doc_id, set())
        return any((round(q.value, 3), q.unit, word) in have for word in q.nouns or {""})

    def keep(d: Disagreement) -> None:
        # one entry per claim in conflict, whichever articles carry each side
        key = (d.kind, d.subject, *sorted((d.a.value.split(" ")[0], d.b.value.split(" ")[0])))
        if d.kind != "number":
            key = (d.kind, *sorted((d.a.article_id, d.b.article_id)))
        if every:
            sides = (
                f"{d.a.article_id}@{d.a.start}:{d.a.value}",
                f"{d.b.article_id}@{d.b.start}:{d.b.value}",
            )
            key = (d.kind, *sorted(sides))  # one per pair of figures of two sentences
        if key not in found or found[key].similarity < d.similarity:
            found[key] = d

    for i, x in enumerate(items):
        for j in range(i + 1, len(items)):
            y = items[j]
            close = _close_in_time(x.doc, y.doc)  # else only ages: one birthday at most apart
            ages = "age" in {q.unit for q in x.quantities} & {q.unit for q in y.quantities}
            if not _independent(x.doc, y.doc) or not (close or ages):
                continue
            sim = float(sims[i, j])
            numbers = not other_times(x.spans, y.spans) and not two_periods(x.when, y.when)
            numbers = numbers and _comparable(x.s.text) and _comparable(y.s.text)
            px, py = _periods(x.s.text), _periods(y.s.text)
            if px and py and not (px & py) or two_ranks(x.s.text, y.s.text):
                numbers = False  # "this week" / "last week", "second place" / "third": two
            # two moments, a part, a game (or a sentence after one's play), a running total
            frame = other_frames(x.s.text, y.s.text, x.before[-1:], y.before[-1:])
            frame = frame or ("days" if other_times(x.spans, y.spans, 0) else "")
            for qa in x.quantities if numbers else ():
                for qb in y.quantities if close or qa.unit == "age" else ():
                    if frame and qa.unit != "age":
                        continue
                    noun = _same_quantity(qa, qb)
                    if states(x.doc.id, qb) or states(y.doc.id, qa):
                        continue
                    if noun == qa.unit and not _parallel(x, qa, y, qb):
                        continue  # a bare share among several ("energy 1.5%, food 0.8%")
                    if qa.unit == "age" and stage(x.s.text) != stage(y.s.text):
                        continue  # an age at the arrest and one at the trial: two moments
                    if noun and noun.startswith("†") and not _same_toll(x.s.text, y.s.text, sim):
                        continue  # tolls of two places, or of a toll told at two moments
                    if noun and noun.startswith("†") and _one_of_several(x.s.text, y.s.text):
                        continue  # the toll of strikes on schools against one school's
                    if noun and sim >= SAME_CONTEXT and _differ(qa, qb):
                        toll = noun.startswith("†")
                        before = (x.before, y.before)  # who "he" or "she" is
                        if qa.unit != "age" and (
                            two_owners(
                                x.s.text, qa.start, y.s.text, qb.start, toll=toll, before=before
                            )
                            or two_acts(x.s.text, qa.start, y.s.text, qb.start)
                            or two_groups(
                                x.s.text, qa.start, qa.value, y.s.text, qb.start, qb.value
                            )
                            or two_kinds(x.s.text, qa.start, y.s.text, qb.start)
                        ):
                            continue  # the CBO's figure against Clinton's plan's, a medal
                            # count against its golds, "one of six", those who spoke
                        keep(
                            Disagreement(
                                "number",
                                noun.lstrip("†"),  # a toll's subject reads "killed", "injured"
                                _side(x, qa.phrase),
                                _side(y, qb.phrase),
                                sim,
                            )
                        )
            if numbers and close and _same_quake(x, y):
                (va, pa), (vb, pb) = x.magnitudes[0], y.magnitudes[0]
                if vb not in quakes.get(x.doc.id, set()) and va not in quakes.get(y.doc.id, set()):
                    keep(Disagreement("number", "magnitude", _side(x, pa), _side(y, pb), sim))
            cut = _OPENS_LOWER.match(x.s.text) or _OPENS_LOWER.match(y.s.text)
            if x.days and y.days and sim >= SAME_EVENT and close and not cut:
                dx, dy = x.days[0], y.days[0]
                same_words = _last_word(dx[1]) == _last_word(dy[1])
                kx, ky = dx[0], dy[0]
                if kx[0] != ky[0] and "~" in (kx[0], ky[0]):  # a dated and an undated article
                    kx, ky = _as_weekday(kx, dx[1]), _as_weekday(ky, dy[1])
                if (
                    kx != ky
                    and kx[0] == ky[0]
                    and not same_words
                    and _one_action(x.s.text, dx[1], y.s.text, dy[1])
                    and not a_day_apart(kx, dx[1], ky, dy[1])  # "today" is a wire's day
                ):
                    keep(Disagreement("date", "when", _side(x, dx[1]), _side(y, dy[1]), sim))
    for d in _denials(items, docs, embed):
        keep(d)
    return sorted(found.values(), key=lambda d: (d.kind != "number", -d.similarity))


def _denials(
    items: list[_Sent], docs: Sequence[EvidenceDoc], embed: Embed | None
) -> list[Disagreement]:
    """A denial against the closest sentence of each other independent article that states
    what is denied (any sentence: a plain statement carries no figure or date)."""
    denying = [x for x in items if x.denial]
    if not denying or embed is None:
        return []
    plain = [_Sent(d, s) for d in docs for s in _sentences(d) if not _NEGATION.search(s.text)]
    if not plain:
        return []
    a = embed([x.s.text for x in denying])
    b = embed([x.s.text for x in plain])
    sims = a @ b.T
    out = []
    for i, x in enumerate(denying):
        for j, y in enumerate(plain):
            sim = float(sims[i, j])
            if _FACT_CHECK.search(y.s.text):
                continue  # a claim quoted in order to rate it is not asserted
            if sim >= SAME_DENIED and _independent(x.doc, y.doc) and _close_in_time(x.doc, y.doc):
                out.append(
                    Disagreement("denial", "denial", _side(y, ""), _side(x, x.denial or ""), sim)
                )
    return out
