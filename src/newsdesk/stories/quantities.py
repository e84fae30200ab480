"""Quantities in a sentence, for the disagreement rules (:mod:`.disagree`): a number with its
scale ("1.2 million", "$3 billion"), unit ("1.2 tonnes" is 1,200 kilograms; "16%" and "16
percent" are one), the noun phrase after it and the context words before it; whether two are
the same quantity and differ (a quake's magnitudes: :mod:`.quakes`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.stopwords import STOPWORDS
from newsdesk.stories.around import list_head as _list_head
from newsdesk.stories.around import places as _places
from newsdesk.stories.counts import BY_AFTER as _BY
from newsdesk.stories.counts import BY_BEFORE as _BY_BEFORE
from newsdesk.stories.counts import HARM_WORD as _HARM_WORD
from newsdesk.stories.counts import IN_BREAKDOWN_AFTER as _IN_BREAKDOWN_AFTER
from newsdesk.stories.counts import IN_BREAKDOWN_BEFORE as _IN_BREAKDOWN_BEFORE
from newsdesk.stories.counts import PAST_OPENING as _PAST_OPENING
from newsdesk.stories.counts import TALLY as _TALLY
from newsdesk.stories.counts import WORD_NUMBERS as WORD_NUMBERS
from newsdesk.stories.counts import age_of as _age_of
from newsdesk.stories.counts import bound_side
from newsdesk.stories.counts import harm as _harm
from newsdesk.stories.counts import held as _held
from newsdesk.stories.counts import toll_place as _toll_place
from newsdesk.stories.figures import (
    SPANS,
    band,
    name_number,
    not_a_count,
    span_key,
    window,
)
from newsdesk.stories.quakes import magnitude_spans as _magnitude_spans
from newsdesk.stories.values import MAX_RATIO as MAX_RATIO
from newsdesk.stories.values import significant as _significant

_NUM = re.compile(
    r"(?<![\w.,$-])(\$)?(\d{1,3}(?:,\d{3})+|\d{1,3}(?:, \d{3})+(?= [a-z])|\d+(?:\.\d+)?|(?i:"
    + "|".join(WORD_NUMBERS)
    + r")\b)(?!\d|-(?!year\b))(?:\s?(%|percent\b|per cent\b))?"
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


# a figure a detokenised text split in two ("6. 1", "2: 18"): neither half is one ("20, 000" is
# read whole by _NUM when a word follows)
_SPLIT_AFTER = re.compile(r"[.,:] \d")


_SPLIT_BEFORE = re.compile(r"\d[.,:] $")


# a score or a range written with spaces ("20 - 13"), a part of a whole ("29 of 34"), a part
# of a breakdown ("12 Somali and 11 Yemeni"), a conversion in brackets ("$1 million ($1.52
# million)"): none is a claim of its own
_SCORE_AFTER = re.compile(r"\s*[-–]\s*\d")


_SCORE_BEFORE = re.compile(r"\d\s*[-–]\s*$")


# the whole a part is told of ("75 of the 125 seats", "three of the four titles"): no figure
_PART_OF = re.compile(
    r"(?:\d|\b(?i:" + "|".join(WORD_NUMBERS) + r"))\s+of\s+(?:the\s+|its\s+|their\s+)?$"
)


_BREAKDOWN = re.compile(r"\s+[A-Z][\w-]*\s+and\s+\d")


_CONVERSION = re.compile(r"\d[^()]{0,25}\(\s*(?:[A-Z]{0,3}\$)?$")


# letters glued to a figure: "60m" and "2bn" are scales, "76ers" and "9400M" are names
_GLUED = re.compile(r"[A-Za-z]+")


# a model's name ("AK-47", "AK 47", "M - 16"): its number is no figure; the figure before it
# counts that model ("six AK-47 rifles": ``model:ak``), a kind apart from "nine rifles"
_MODEL_BEFORE = re.compile(r"\b(?:[A-Z]{2,3}\s*-?|[A-Z]\s*-)\s*$")
_MODEL_AFTER = re.compile(r"\s*([A-Z]{2,3}(?=\s*-?\s*\d)|[A-Z](?=\s*-\s*\d))\s*-?\s*\d+")


_GLUED_SCALE = {"m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}


# where a distance is measured from ("14 miles north of Healdsburg")
_PLACE = re.compile(r"\b(?:of|from)\s+((?:[A-Z][\w'.-]*\s?){1,3})")


# where a count was made ("6,076 people in Honduras"): counts of two places are two figures
_IN_PLACE = re.compile(r"\b(?:in|throughout|across)\s+((?:[A-Z][\w'.-]*\s?){1,3})")


_RUNNING = re.compile(
    r"\b(total|totals|totaled|totalled|so far|to date|cumulative\w*|overall|in all|altogether"
    r"|running (?:total|tally|count)|since the (?:start|beginning)|year to date|tally"
    r"|toll (?:rose|climbed))\b",
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


# Forces counted under another name: "10,000 members of the National Guard" are troops.
_PERSONNEL = re.compile(
    r"\s*(?:(?:national guard |army |military )?(?:soldiers|guardsmen|service members|personnel)"
    r"|members of (?:the |its )?(?:national guard|armed forces|military|army|navy|marines))\b",
    re.IGNORECASE,
)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_OPENS_LOWER = re.compile(r"[\s\"'“‘(]*[a-z]")
_END_SENTENCE = re.compile(r"[.!?][\"”’')\]]*\s*$")


def _periods(text: str) -> frozenset[str]:
    return frozenset(" ".join(m.group(0).lower().split()) for m in _PERIOD.finditer(text))


def _comparable(text: str) -> bool:
    """A sentence whose figures can be held against another's: complete (not cut short with
    an ellipsis or mid-clause), not a fact-check, not a game's score or a running total."""
    t = text.rstrip()
    if t.endswith(("...", "…")) or not _END_SENTENCE.search(t):
        return False
    if _OPENS_LOWER.match(t):
        return False  # cut at its start ("local time and was followed by ..." after "a.m.")
    return not _FACT_CHECK.search(t)


CONTEXT_BEFORE = 8  # words before a number that say what is counted ("troops sent", "seized")
LIST_HEAD = 4  # words before a list of figures that say what each counts ("damaged 42 ...")


_MONTH_BEFORE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)


_SCOPE = re.compile(r"\b(?:in|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE)
_PLACES = frozenset("city village town country state province district county region".split())
_MONTH_AFTER = re.compile(r"\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
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
    side: str = ""  # a bound's side: ">" ("at least 43"), "<" ("up to 80"), "" (none or a range)
    places: frozenset[str] = frozenset()  # names of places among ``names`` ("in Los Angeles")
    band: str = ""  # the ages it counts among ("children under age 2": "<2"), else ""
    scope: bool = False  # places where something else is counted ("buildings in seven villages")
    head: str = ""  # the noun it counts ("boat" of "two boats of pirates"), "" when none
    start: int = -1  # where the figure starts in its sentence (:mod:`.owners`)


_IRREGULAR = frozenset("people children men women feet police personnel cattle".split())


def _plural(word: str) -> bool:
    """A plural noun: what a count counts ("40 school buses away": "buses"; its phrase
    ends before "of" or a function word, "two boats of pirates": "boats")."""
    return word in _IRREGULAR or (word.endswith("s") and not word.endswith("ss"))


def _noun_key(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def quantities(text: str) -> list[Quantity]:
    """The quantities a sentence states (see the module docstring); in a sentence about
    expectations or forecasts, whose figures are not claims about what happened, only ages."""
    out: list[Quantity] = []
    if _PAST_OPENING.match(text):
        return out  # a sentence about a past year ("In 2007, the gang drove two cars ...")
    # a forecast's figures are no claims, but a named person's age in it is one ("Ann Lee,
    # 21, is expected to plead")
    forecast = bool(_FORECAST.search(text))
    quakes = _magnitude_spans(text)
    for m in _NUM.finditer(text):
        if any(a <= m.start() < b for a, b in quakes):
            continue  # a magnitude: compared as one (:func:`magnitudes`)
        dollar, digits, pct, scale = m.group(1), m.group(2), m.group(3), m.group(4)
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 60]
        if _MONTH_BEFORE.search(before) or re.match(r"(st|nd|rd|th)\b", after):
            continue
        if _MONTH_AFTER.match(after):
            continue  # a day of the month written first ("on 11 October 2011")
        if _MODEL_BEFORE.search(before):
            continue  # the number of a model's name
        if m.group(2)[:1].isdigit() and not (m.group(1) or m.group(3)) and name_number(before):
            continue  # "the Western Europe 4 cable network": a name's number
        if _SPLIT_AFTER.match(text, m.end()) or _SPLIT_BEFORE.search(text[: m.start()]):
            continue  # half of a figure split by detokenising
        if not_a_count(text, m.start(), m.end()):
            continue  # "a 15 - inch model", "4 1/2 months", a sentence opening on "4 - ..."
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
        word = WORD_NUMBERS.get(digits.lower())
        plain = re.sub(r"[, ]", "", digits)
        if not dollar and not pct and not scale and re.fullmatch(r"(19|20)\d\d", plain):
            continue  # a year
        if re.match(r"\s?(a\.m\.|p\.m\.|am\b|pm\b|:\d)", after):
            continue  # a time of day
        if _BY.match(after) or _BY_BEFORE.search(head) or _TALLY.search(before):
            continue  # "a four-by-four car"; "has convicted two": a tally to date
        if _IN_BREAKDOWN_BEFORE.search(head) or _IN_BREAKDOWN_AFTER.match(after):
            continue  # "two women and a man": a part of a breakdown
        who = None if word or dollar or pct or scale else _age_of(text, m.start(), m.end())
        if who is not None:
            if who:
                key = frozenset({who})
                phrase = text[m.start() : m.end()]
                out.append(Quantity(float(plain), "age", key, False, phrase, key, digits=9))
            continue
        if forecast:
            continue
        value = (word or float(plain)) * _SCALE.get((scale or "").lower(), 1.0)
        if glued:
            value *= _GLUED_SCALE[glued.group(0).lower()]
            after = text[glued.end() : glued.end() + 60]
        unit = "%" if pct else ("$" if dollar else "")
        clause = re.split(r"[,;:()\u2014]|\.(?:\s|$)", after, maxsplit=1)[0]
        model = _MODEL_AFTER.match(clause)
        if model:
            clause = clause[model.end() :]
        words = _WORD.findall(clause)[:4]
        nouns: list[str] = [f"model:{model.group(1).lower()}"] if model else []
        shown = 0  # words of ``after`` that belong to the quantity's phrase
        head, head_word, stop = "", "", False  # what is counted (see ``_plural``)
        for n, w in enumerate(words):
            lw = w.lower()
            if lw in _UNITS and not unit:
                unit, factor = _UNITS[lw]
                value *= factor
                shown = n + 1
                continue
            if lw in ("of", "the") and (n > 0 or unit == "%"):
                stop = stop or lw == "of"
                continue  # "1.2 tonnes of fentanyl", "the National Guard", "62% of voters"
            if lw in _STOP or len(lw) <= 2 or (nouns and lw.endswith(("ing", "ed"))):
                break  # the noun phrase ends at a function word or a verb
            nouns.append(_noun_key(lw))
            shown = n + 1
            stop = stop or lw in STOPWORDS or (len(nouns) > 1 and lw.endswith("ing"))
            if not stop and not (head and _plural(head_word)):
                head, head_word = nouns[-1], lw  # the first plural, else the last noun
        if not nouns and not unit:
            nouns = _held(clause)  # "about 20 were in intensive care"
        harmed = _harm(text[: m.start()], nouns, clause, shown)
        if nouns == ["time"] and before.split():
            nouns = [f"time:{before.split()[-1].lower()}"]  # "shot 11 times", not "arrested"
        if harmed and _YEAR.search(text):
            continue  # a toll of a dated, past event ("the 2004 tsunami killed 230,000")
        if harmed:
            nouns = [n for n in nouns if not _HARM_WORD.fullmatch(n)] + [harmed]
        forces = _PERSONNEL.match(clause)
        if forces:
            nouns.append("troop")  # "10,000 members of the National Guard" are troops
        if harmed or forces or model or any(n.startswith("time:") for n in nouns):
            head = ""  # a toll, forces, a model or "N times": compared by their own rules
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
            or bool(words and words[0].lower() in ("additional", "extra"))  # an increment
            or after.startswith("+")
            or bool(_RANGE_AFTER.match(text, m.end()))
        )
        named = [model.group(0).strip()] if model else []
        phrase = " ".join([text[m.start() : m.end()], *named, *words[:shown]])
        if forces:
            phrase = f"{text[m.start() : m.end()]} {forces.group(0).strip()}"
        around = _WORD.findall(text[: m.start()])[-CONTEXT_BEFORE:] + words
        around += _WORD.findall(_list_head(text[: m.start()]))[-LIST_HEAD:]
        context = frozenset(
            _noun_key(w.lower()) for w in around if len(w) > 3 and w.lower() not in _STOP
        ) - frozenset(nouns)
        if nouns and nouns[0] in SPANS:
            if window(before, after):
                continue  # "in the first 30 minutes", "after four days of": no length
            nouns, head = [span_key(nouns[0], clause, _STOP)], ""
        if harmed:
            context |= {harmed}  # what was done to them is the context of a toll
        where = _PLACE.search(clause) if unit == "km" else _IN_PLACE.search(clause)
        if harmed and where is None:
            where = _toll_place(text[: m.start()])  # "In Central Aceh district, 10 were killed"
        out.append(
            Quantity(
                value,
                unit,
                frozenset(nouns),
                hedged,
                phrase.strip(),
                context,
                bound,
                1 if word else _significant(plain),
                where.group(1).strip().lower() if where else "",
                _names(_WORD.findall(text[: m.start()])[-CONTEXT_BEFORE:]),
                bound_side(before),
                _places(text[max(0, m.start() - 80) : m.start()]),
                band(clause),
                bool(_SCOPE.search(before)) and bool(set(nouns) & _PLACES),
                head,
                m.start(),
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
