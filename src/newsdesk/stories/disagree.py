"""Where outlets disagree: claims within one story that differ between independent sources.

Claims are compared between sentences of articles of different wire lineages and outlets (a
copy never disagrees with its original) published within ``MAX_DAYS_APART`` days of each other
(articles further apart report different moments of a story; undated articles are compared):

* **number**: the same quantity given different values: "10,000 National Guard troops" against
  "15,000 troops". A quantity is a number with its scale ("1.2 million", "$3 billion") and unit
  ("1.2 tonnes" is 1,200 kilograms; "16%" and "16 percent" are one) and the noun phrase right
  after it. Two quantities are the same when they share a noun and a context word (what is done
  to it, by whom: "send ... troops", "seized ... fentanyl") and their sentences are about the
  same thing (cosine >= ``SAME_CONTEXT``). They differ when more than 5% apart (25% when
  either is approximate: "about", "roughly"), at most ``MAX_RATIO`` apart, neither is a bound
  ("more than 1,000", "up to", "$1 trillion+"), the rougher one is not the other rounded
  ("$1 trillion" and "$1.2 trillion"), neither article also states the other's figure (then the
  two figures are two things), and the sentences do not name times a week apart. Years, days of
  the month, ordinals, times of day, numbers joined by hyphens ("COVID-19", "12-story") and
  sentences about expectations or forecasts are left out. The ends of a range ("330 to 510
  feet") are bounds, "75 of the 125 seats" is a part, counts of two places ("in Honduras",
  "throughout Central America") are two figures, and a bare share among several of one
  sentence is compared only when the two sentences differ in that one figure.
* **magnitude** (a number): one quake given two magnitudes a few tenths apart ("5.6 magnitude",
  "magnitude-5.4", "5.6 on the Richter scale"), when neither sentence names several quakes,
  dates its quake or marks it one of several ("one of the tremors", "an aftershock"), and they
  name no different days.
* **date**: the same event put on different days: two sentences close in meaning (cosine >=
  ``SAME_EVENT``) whose day-precise dates (:func:`newsdesk.reltime.find_dates`, resolved against
  each article's own date; for undated articles, the weekday or the month day named; a dated
  weekday against an undated one by name) differ, and both dates are the day of one action:
  the words beside them share one ("died on Friday", "died Thursday"), neither is a day's event
  ("Saturday's semifinal") nor a weekday beside "today".
* **denial**: one source denies what another states: a sentence with an explicit denial of a
  claim ("denied reports that", "rejected the allegations", "was false") close in meaning
  (cosine >= ``SAME_DENIED``) to a sentence of another source that asserts it (no denial,
  negation, rumour or speculation of its own: that would report the same denial).

Every side is cited with its article and the character span of its sentence. Measured by
``newsdesk eval disagreements`` (precision on real clusters, recall on injected claims).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newsdesk.model import EvidenceDoc, Sentence
from newsdesk.stopwords import STOPWORDS

SAME_CONTEXT = 0.5
SAME_EVENT = 0.8
SAME_DENIED = 0.65
MAX_DAYS_APART = 1  # articles published further apart report different moments of a story
MAX_SENTENCES = 40  # per article: the body where a story's claims are made

Embed = Callable[[list[str]], np.ndarray]

_NUM = re.compile(
    r"(?<![\w.,$-])(\$)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d-])(?:\s?(%|percent\b|per cent\b))?"
    r"(?:\s(million|billion|thousand|trillion)\b)?"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = {  # unit word -> (canonical unit, factor)
    "tonne": ("kg", 1000.0), "tonnes": ("kg", 1000.0), "ton": ("kg", 907.0),
    "tons": ("kg", 907.0), "kilogram": ("kg", 1.0), "kilograms": ("kg", 1.0),
    "kg": ("kg", 1.0), "pound": ("kg", 0.4536), "pounds": ("kg", 0.4536),
    "kilometre": ("km", 1.0), "kilometres": ("km", 1.0), "kilometer": ("km", 1.0),
    "kilometers": ("km", 1.0), "km": ("km", 1.0), "mile": ("km", 1.609),
    "miles": ("km", 1.609),
}  # fmt: skip
_HEDGES = re.compile(
    r"\b(about|around|roughly|nearly|almost|some|approximately|estimated|an estimated"
    r"|close to)\s*$",
    re.IGNORECASE,
)
# a bound is compatible with any value on its side: "more than 1,000" and "1,800" can both hold
_BOUNDS = re.compile(
    r"\b(more than|less than|fewer than|over|under|at least|at most|up to|as many as"
    r"|as much as|as few as|upwards of|in excess of|nearly|almost|another|additional"
    r"|an additional)\s*$",
    re.IGNORECASE,
)
# the ends of a range ("330 to 510 feet", "between 1.0 and 1.9"): each holds any value between
_RANGE_BEFORE = re.compile(r"\d\s+(?:to|and)\s+\$?$|\bbetween\s+\$?$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s+to\s+\$?\d")
_MONTH_DAY = re.compile(
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})", re.IGNORECASE
)
_WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# the asserting side of a denial asserts: a sentence that itself denies, discounts or negates
# (it reports the denial in other words) is not one
_NEGATION = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|discount\w*|dismiss\w*|reject\w*|refut\w*|disput\w*"
    r"|rumou?r\w*|speculat\w*|suggest\w*|not|never|no)\b|n't\b",
    re.IGNORECASE,
)
_FORECAST = re.compile(
    r"\b(expect\w*|forecast\w*|consensus|projected|projection\w*|predict\w*|anticipat\w*)\b",
    re.IGNORECASE,
)
# What is never one claim to compare (issue 25): sports scores and statistics, running totals,
# fact-check framing (a claim quoted in order to rate it).
_SCORE_NOUNS = frozenset(
    """point goal run yard rebound assist wicket inning lap stroke shot save touchdown basket
    hit strikeout set game match round seed""".split()
)
_SCORE_CONTEXT = re.compile(
    r"\b(scor\w*|beat|defeat\w*|won|win|wins|victory|lead|led|trail\w*|halftime|overtime"
    r"|season|playoffs?|quarterback|innings)\b",
    re.IGNORECASE,
)
# Sports statistics, whatever the sentence says around them: two players' yards, a career's
# wins, a team's seasons are never one claim told two ways.
_SPORTS_NOUNS = frozenset(
    """yard rebound assist touchdown homer rbi carry inning wicket strikeout ko knockout season
    win defeat lap""".split()
)
# a game clock ("12 minutes remaining"): a moment of a game, not a quantity
_CLOCK = re.compile(r"^[\s\w,]{0,40}?\b(remaining|left|to go|to play)\b", re.IGNORECASE)
# a figure a detokenised text split in two ("6. 1", "20, 000", "2: 18"): neither half is one
_SPLIT_AFTER = re.compile(r"[.,:] \d")
_SPLIT_BEFORE = re.compile(r"\d[.,:] $")
# a score or a range written with spaces ("20 - 13"), a part of a whole ("29 of 34"), a part
# of a breakdown ("12 Somali and 11 Yemeni"), a conversion in brackets ("$1 million ($1.52
# million)"): none is a claim of its own
_SCORE_AFTER = re.compile(r"\s*[-–]\s*\d")
_SCORE_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_PART_OF = re.compile(r"\d\s+of\s+(?:the\s+|its\s+|their\s+)?$")
_BREAKDOWN = re.compile(r"\s+[A-Z][\w-]*\s+and\s+\d")
_CONVERSION = re.compile(r"\d[^()]{0,25}\(\s*(?:[A-Z]{0,3}\$)?$")
# letters glued to a figure: "60m" and "2bn" are scales, "76ers" and "9400M" are names
_GLUED = re.compile(r"[A-Za-z]+")
_GLUED_SCALE = {"m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}
# where a distance is measured from ("14 miles north of Healdsburg")
_PLACE = re.compile(r"\b(?:of|from)\s+((?:[A-Z][\w'.-]*\s?){1,3})")
# where a count was made ("6,076 people in Honduras", "9,000 people throughout Central America"):
# counts of two places are two figures
_IN_PLACE = re.compile(r"\b(?:in|throughout|across)\s+((?:[A-Z][\w'.-]*\s?){1,3})")
_RUNNING = re.compile(
    r"\b(total|totals|totaled|totalled|so far|to date|cumulative\w*|overall|in all|altogether"
    r"|running|since the (?:start|beginning)|year to date|tally|toll (?:rose|climbed))\b",
    re.IGNORECASE,
)
_FACT_CHECK = re.compile(
    r"fact[- ]?check\w*|politifact|snopes|pinocchio|\b(false|falsely|wrongly|misleading"
    r"|debunk\w*|unfounded|baseless|no evidence|claimed|claims? that|rated)\b",
    re.IGNORECASE,
)
# Periods a figure may belong to: two sentences naming different ones give two figures.
_PERIOD = re.compile(
    r"\b(this|last|next|previous|prior|the previous|the prior|a)\s+(week|month|year|quarter"
    r"|day|weekend)\b|\b(weekly|monthly|annual(?:ly)?|quarterly|daily|yearly)\b"
    r"|\b(first|second|third|fourth)[- ]quarter\b|\bin (january|february|march|april|may|june"
    r"|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
# Forces counted under another name: all are "troops" ("15,000 troops" against "10,000
# members of the National Guard").
_PERSONNEL = re.compile(
    r"\s*(?:(?:national guard |army |military )?(?:soldiers|guardsmen|service members|personnel)"
    r"|members of (?:the |its )?(?:national guard|armed forces|military|army|navy|marines))\b",
    re.IGNORECASE,
)
# A quake's magnitude ("a magnitude 5.6 quake", "magnitude-5.2", "a magnitude of 6.1",
# "5.6-magnitude", "measuring 5.6 on the Richter scale"): one quake has one magnitude, and
# agencies' figures for it differ by tenths, which the 5% of other figures would miss.
_MAGNITUDE = re.compile(
    r"\bmagnitude(?:[- ]|\s+of\s+)(\d\.\d)\b(?!\.\d)"
    r"|(?<![\d.])(\d\.\d)(?:[- ]magnitude\b|\s+on\s+the\s+richter\b)",
    re.IGNORECASE,
)
MAX_MAGNITUDE_GAP = 0.5  # two agencies' magnitudes of one quake differ by tenths, not by more
# near a magnitude, words that make its quake one of several ("one of the tremors", "another",
# "an aftershock", "followed by", "the latest", "between 1.0 and 1.9")
_OTHER_QUAKE = re.compile(
    r"\b(one|another|aftershocks?|second|third|latest|previous|earlier|followed|between|more"
    r"|quakes|earthquakes|tremors|temblors)\b|\d\.\d\s*(?:and|or|,)\s*$",
    re.IGNORECASE,
)
# a sentence that dates its quake (a year, a month) may speak of an earlier one
_DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|june|july|august|september|october"
    r"|november|december|jan|feb|aug|sept?|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)
_DAY_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)\b",
    re.IGNORECASE,
)
_END_SENTENCE = re.compile(r"[.!?][\"”’')\]]*\s*$")


def _periods(text: str) -> frozenset[str]:
    return frozenset(" ".join(m.group(0).lower().split()) for m in _PERIOD.finditer(text))


def magnitudes(text: str) -> list[tuple[float, str]]:
    """The quake magnitude a sentence states, as (value, "5.6 magnitude"): none when it states
    several (a list of quakes), dates its quake, or marks it as one of several."""
    found = list(_MAGNITUDE.finditer(text))
    if len(found) != 1 or _DATED.search(text):
        return []
    m = found[0]
    if _OTHER_QUAKE.search(text[max(0, m.start() - 40) : m.start()]) or _OTHER_QUAKE.search(
        text[m.start() : m.end() + 40]
    ):
        return []
    figure = m.group(1) or m.group(2)
    return [(float(figure), f"{figure} magnitude")]


def _magnitude_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _MAGNITUDE.finditer(text)]


def _comparable(text: str) -> bool:
    """A sentence whose figures can be held against another's: complete (not cut short with
    an ellipsis or mid-clause), not a fact-check, not a game's score or a running total."""
    t = text.rstrip()
    if t.endswith(("...", "…")) or not _END_SENTENCE.search(t):
        return False
    return not _FACT_CHECK.search(t)


CONTEXT_BEFORE = 8  # words before a number that say what is counted ("troops sent", "seized")
MAX_RATIO = 3.0  # two figures for one quantity rarely differ by more than this
_MONTH_BEFORE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A quantity's noun phrase ends at a stopword, and stopwords say nothing of what is counted. It
# runs on past the pronouns, modals, negations and adverbs of the shared list, as it always
# has here: with the whole list, `newsdesk eval disagreements` found 68 of 150 injected number
# disagreements on AllSides instead of 69.
_RUNS_ON = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him himself she
    hers herself it itself they them theirs themselves am being having do does did doing can
    could will would should no nor not above again all also any because below both but down few
    further here how if just most now off once only out own same so such then there too until up
    very what when where while whom why""".split()
)
_STOP = (STOPWORDS - _RUNS_ON).union(
    """per percent cent million billion thousand trillion new year years old nearly almost
    across among since within""".split()
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
class Quantity:
    value: float
    unit: str  # "" | "%" | "$" | "kg" | "km"
    nouns: frozenset[str]
    hedged: bool
    phrase: str
    context: frozenset[str] = frozenset()  # content words around it (the verb, the subject)
    bound: bool = False
    digits: int = 3  # significant digits as written ("10,000": 1, "1.2": 2, "870": 2)
    place: str = ""  # where it was counted, or a distance is measured from ("healdsburg")
    names: frozenset[str] = frozenset()  # names in the words before it: whose figure it is


@dataclass
class _Sent:
    doc: EvidenceDoc
    s: Sentence
    quantities: list[Quantity] = field(default_factory=list)
    days: list[tuple[str, str]] = field(default_factory=list)  # (day key, phrase)
    spans: list[tuple[date, date]] = field(default_factory=list)  # every resolved mention
    denial: str | None = None
    magnitudes: list[tuple[float, str]] = field(default_factory=list)


def _noun_key(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def quantities(text: str) -> list[Quantity]:
    """The quantities a sentence states (see the module docstring); none in a sentence about
    expectations or forecasts, whose figures are not claims about what happened."""
    out: list[Quantity] = []
    if _FORECAST.search(text):
        return out
    quakes = _magnitude_spans(text)
    for m in _NUM.finditer(text):
        if any(a <= m.start() < b for a, b in quakes):
            continue  # a magnitude: compared as one (:func:`magnitudes`)
        dollar, digits, pct, scale = m.group(1), m.group(2), m.group(3), m.group(4)
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 60]
        if _MONTH_BEFORE.search(before) or re.match(r"(st|nd|rd|th)\b", after):
            continue
        if _SPLIT_AFTER.match(text, m.end()) or _SPLIT_BEFORE.search(text[: m.start()]):
            continue  # half of a figure split by detokenising
        head = text[max(0, m.start() - 40) : m.start()]
        if (
            _SCORE_AFTER.match(text, m.end())
            or _SCORE_BEFORE.search(head)
            or _PART_OF.search(head)
            or _BREAKDOWN.match(text, m.end())
            or _CONVERSION.search(head)
        ):
            continue
        glued = _GLUED.match(text, m.end())
        if glued and glued.group(0).lower() not in _GLUED_SCALE:
            continue  # part of a name or a model number
        plain = digits.replace(",", "")
        if not dollar and not pct and not scale and re.fullmatch(r"(19|20)\d\d", plain):
            continue  # a year
        if re.match(r"\s?(a\.m\.|p\.m\.|am\b|pm\b|:\d)", after):
            continue  # a time of day
        value = float(plain) * _SCALE.get((scale or "").lower(), 1.0)
        if glued:
            value *= _GLUED_SCALE[glued.group(0).lower()]
            after = text[glued.end() : glued.end() + 60]
        unit = "%" if pct else ("$" if dollar else "")
        clause = re.split(r"[,;:()\u2014]|\.(?:\s|$)", after, maxsplit=1)[0]
        words = _WORD.findall(clause)[:4]
        nouns: list[str] = []
        shown = 0  # words of ``after`` that belong to the quantity's phrase
        for n, w in enumerate(words):
            lw = w.lower()
            if lw in _UNITS and not unit:
                unit, factor = _UNITS[lw]
                value *= factor
                shown = n + 1
                continue
            if lw in ("of", "the") and (n > 0 or unit == "%"):
                continue  # "1.2 tonnes of fentanyl", "the National Guard", "62% of voters"
            if lw in _STOP or len(lw) <= 2 or (nouns and lw.endswith(("ing", "ed"))):
                break  # the noun phrase ends at a function word or a verb
            nouns.append(_noun_key(lw))
            shown = n + 1
        forces = _PERSONNEL.match(clause)
        if forces:
            nouns.append("troop")  # "10,000 members of the National Guard" are troops
        if not nouns and not unit:
            continue
        if _RUNNING.search(before + " " + clause) or (
            set(nouns) & _SCORE_NOUNS and _SCORE_CONTEXT.search(text)
        ):
            continue  # a running total, a score or a game statistic
        if set(nouns) & _SPORTS_NOUNS or ("point" in nouns and "percentage" not in nouns):
            continue  # a sports statistic (points, but not percentage points)
        if set(nouns) & {"minute", "second"} and _CLOCK.match(after):
            continue  # a game clock
        if re.match(r"^[\s\w-]{0,40}?\beach\b", clause, re.IGNORECASE):
            continue  # a figure for each of several: a part, not the whole
        hedged = bool(_HEDGES.search(before))
        bound = (
            bool(_BOUNDS.search(before) or _RANGE_BEFORE.search(before))
            or after.startswith("+")
            or bool(_RANGE_AFTER.match(text, m.end()))
        )
        phrase = " ".join([text[m.start() : m.end()], *words[:shown]])
        if forces:
            phrase = f"{text[m.start() : m.end()]} {forces.group(0).strip()}"
        around = _WORD.findall(text[: m.start()])[-CONTEXT_BEFORE:] + words
        context = frozenset(
            _noun_key(w.lower()) for w in around if len(w) > 3 and w.lower() not in _STOP
        ) - frozenset(nouns)
        where = _PLACE.search(clause) if unit == "km" else _IN_PLACE.search(clause)
        out.append(
            Quantity(
                value,
                unit,
                frozenset(nouns),
                hedged,
                phrase.strip(),
                context,
                bound,
                _significant(digits),
                where.group(1).strip().lower() if where else "",
                _names(_WORD.findall(text[: m.start()])[-CONTEXT_BEFORE:]),
            )
        )
    return out


_NOT_NAMES = frozenset(
    """he she they it we i you his her their its there here police officials authorities
    but and so yet also still then now when while after before since as if in on at by
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


def _names(words: list[str]) -> frozenset[str]:
    """The capitalised words among ``words`` that name someone or somewhere (not a pronoun,
    a function word or a weekday)."""
    return frozenset(
        w.lower()
        for w in words
        if w[:1].isupper()
        and len(w) > 2
        and w.lower() not in _STOP | _NOT_NAMES
        and not w.lower().endswith("ly")  # "Additionally", at the head of a sentence
    )


def _significant(digits: str) -> int:
    plain = digits.replace(",", "")
    if "." in plain:
        return len(plain.replace(".", "").lstrip("0")) or 1
    return len(plain.strip("0")) or 1


def _rounds_to(precise: float, rough: Quantity) -> bool:
    """``precise`` written with ``rough``'s significant digits gives ``rough``'s value."""
    if precise <= 0 or rough.value <= 0:
        return False
    magnitude = math.floor(math.log10(rough.value)) - rough.digits + 1
    step = 10.0**magnitude
    return abs(round(precise / step) * step - rough.value) < step / 2


def _same_quantity(a: Quantity, b: Quantity) -> str | None:
    """The shared noun when ``a`` and ``b`` measure the same thing, else None: same unit, a
    noun in common, and a word of context in common (what is done to it, by whom)."""
    if a.unit != b.unit or not (a.context & b.context):
        return None
    if a.place and b.place and a.place != b.place:
        return None  # distances from two places, counts of two places
    if a.names and b.names and not (a.names & b.names):
        return None  # two subjects' figures ("Thomas had 498 yards", "Bush had 440 yards")
    shared = a.nouns & b.nouns
    if shared:
        return sorted(shared, key=len)[-1]
    if a.unit in ("%", "$") and not a.nouns and not b.nouns and len(a.context & b.context) >= 3:
        # a bare share or sum said of the same thing in the same words ("the Consumer Price
        # Index surged 5%" against "... surged 8%"); a bare "38%" beside a bare "12%" with
        # two words in common are too little to say it is one thing
        return a.unit
    return None


def _differ(a: Quantity, b: Quantity) -> bool:
    hi, lo = max(a.value, b.value), min(a.value, b.value)
    if hi == 0 or a.bound or b.bound or (lo > 0 and hi / lo > MAX_RATIO):
        return False
    rough, precise = (a, b) if a.digits <= b.digits else (b, a)
    if rough.digits < precise.digits and _rounds_to(precise.value, rough):
        return False  # "$1 trillion" is "$1.2 trillion" rounded
    gap = (hi - lo) / hi
    return gap > (0.25 if a.hedged or b.hedged else 0.05)


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
        for s in _sentences(d):
            item = _Sent(d, s, quantities(s.text), magnitudes=magnitudes(s.text))
            for m in find_dates(s.text, anchor):
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


def _last_word(phrase: str) -> str:
    words = phrase.lower().split()
    return words[-1].strip(".,") if words else ""


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


def _as_weekday(key: str, phrase: str) -> str:
    """A resolved day named by its weekday ("on Friday") as the undated side has it
    ("~friday"), to hold a dated article's weekday against an undated one's."""
    last = _last_word(phrase)
    return "~" + last if not key.startswith("~") and last in _WEEKDAY_NAMES else key


DATE_WINDOW = 3  # words either side of a date that say what happened that day
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tonight)\b", re.IGNORECASE)


def _date_words(text: str, phrase: str) -> frozenset[str] | None:
    """The lower-case content words (five-letter stems) within ``DATE_WINDOW`` words of
    ``phrase`` in ``text``: what happened that day ("died", "arrested"). None when the date
    is no day of an action: a day's event ("Saturday's semifinal"), or a weekday beside
    "today" in one sentence (the weekday is then another moment: "As it promised Tuesday,
    Microsoft today issued ...")."""
    at = text.find(phrase)
    if at < 0:
        return frozenset()
    if re.match(r"['’]s\b", text[at + len(phrase) :]) or _RELATIVE_DAY.search(
        text[:at] + " " + text[at + len(phrase) :]
    ):
        return None
    before = _WORD.findall(text[:at])[-DATE_WINDOW:]
    after = _WORD.findall(text[at + len(phrase) :])[:DATE_WINDOW]
    return frozenset(
        w.lower()[:5]
        for w in before + after
        if w[:1].islower() and len(w) > 3 and w.lower() not in _STOP
    )


def _one_action(a: str, pa: str, b: str, pb: str) -> bool:
    """Both dates are the day of one action: the words around them share a word ("died on
    Friday", "died Thursday"), not "charged Saturday" against "a shooting ... Friday"."""
    wa, wb = _date_words(a, pa), _date_words(b, pb)
    return wa is not None and wb is not None and bool(wa & wb)


def _other_times(x: _Sent, y: _Sent) -> bool:
    """Both sentences name times more than a week apart: two moments, not one claim."""
    if not x.spans or not y.spans:
        return False
    return all((b0 - a1).days > 7 or (a0 - b1).days > 7 for a0, a1 in x.spans for b0, b1 in y.spans)


def find_disagreements(
    docs: Sequence[EvidenceDoc], embed: Embed | None, *, every: bool = False
) -> list[Disagreement]:
    """Disagreements between independent articles of one story, strongest first (one per
    claim in conflict; with ``every``, one per pair of sentences, for evaluation)."""
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
            sides = (f"{d.a.article_id}@{d.a.start}", f"{d.b.article_id}@{d.b.start}")
            key = (d.kind, *sorted(sides))
        if key not in found or found[key].similarity < d.similarity:
            found[key] = d

    for i, x in enumerate(items):
        for j in range(i + 1, len(items)):
            y = items[j]
            if not _independent(x.doc, y.doc) or not _close_in_time(x.doc, y.doc):
                continue
            sim = float(sims[i, j])
            numbers = not _other_times(x, y) and _comparable(x.s.text) and _comparable(y.s.text)
            px, py = _periods(x.s.text), _periods(y.s.text)
            if px and py and not (px & py):
                numbers = False  # "this week" against "last week": two figures
            for qa in x.quantities if numbers else ():
                for qb in y.quantities:
                    noun = _same_quantity(qa, qb)
                    if states(x.doc.id, qb) or states(y.doc.id, qa):
                        continue
                    if noun == qa.unit and not _parallel(x, qa, y, qb):
                        continue  # a bare share among several ("energy 1.5%, food 0.8%")
                    if noun and sim >= SAME_CONTEXT and _differ(qa, qb):
                        keep(
                            Disagreement(
                                "number", noun, _side(x, qa.phrase), _side(y, qb.phrase), sim
                            )
                        )
            if numbers and _same_quake(x, y):
                (va, pa), (vb, pb) = x.magnitudes[0], y.magnitudes[0]
                if vb not in quakes.get(x.doc.id, set()) and va not in quakes.get(y.doc.id, set()):
                    keep(Disagreement("number", "magnitude", _side(x, pa), _side(y, pb), sim))
            if x.days and y.days and sim >= SAME_EVENT:
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
