"""The "Overall" close of a planned briefing: a templated sentence naming each strand by a main
clause of its headline sentence, with its date, citing the sentence's articles (:mod:`.plan`)."""

from __future__ import annotations

import re

from newsdesk.briefing import BriefSentence, Citation
from newsdesk.reltime import format_day
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.dates import anchor_day
from newsdesk.write.extractive.openers import _PAST, _common_word

CLAUSE_MAX_WORDS = 16

_CLAUSE_END = re.compile(
    r",\s*(?:officials?|he|she|they|the \w+|a|an|according|saying|which|who|where|while|after|"
    r"as|amid|despite|following|but|and|though|although)\b|\s+(?:unless|after|amid|following|"
    r"because|while|despite|as part|that|which|who|and|but|though|although|if|when|so that|"
    r"including|in order)\b"
    r"|;|\s+[—–]\s+|:\s|\s+\(",
)
CLAUSE_MIN_WORDS = 6
_PREPOSITIONS = frozenset("on in at by for from of to with under into onto about".split())
_NO_MAIN = frozenset(
    "with as after while if when although though because despite since before under amid for "
    "from by throughout during until unless whether once currently".split()
)
_AUX = frozenset(
    "is are was were has have had will would can could may might must should won't can't "
    "didn't doesn't isn't aren't wasn't".split()
)
_DETERMINER = frozenset(
    "the a an his her its their our these those some many several two three four five".split()
)


_PRONOUN = frozenset(
    "it its he she they we i you this these those that there his her their".split()
)
_REPORTING = frozenset(
    "announced said says reported told added noted stated warned claimed confirmed revealed "
    "declared explained".split()
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|now|recently|currently|(?:this|last|next)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|morning|evening))\b",
    re.IGNORECASE,
)


def _has_verb(words: list[str], strict: bool = False) -> bool:
    """Whether a clause holds a finite verb (roughly: an auxiliary, a past-tense form, or a
    word in -s after a word that is no determiner)."""
    low = [w.lower().strip(",;:") for w in words]
    if any(w in _AUX for w in low) or _PAST.search(" ".join(low)):
        return True
    return not strict and any(
        w.endswith("s")
        and not w.endswith(("ss", "'s", "’s", "us", "is"))
        and low[k - 1] not in _DETERMINER
        and words[k][:1].islower()
        for k, w in enumerate(low)
        if k > 0
    )
_DANGLING = frozenset(
    "on in at of to for by with from as the a an and or its their his her are is was were be "
    "been has have had will would".split()
)


def headline_clause(
    text: str, drop: list[str] | None = None, prep: Prepared | None = None
) -> str | None:
    """The main clause of a headline sentence, for the close: the sentence without the
    phrases in ``drop`` (its relative dates: the close gives the day), cut at the first
    attribution, subordinate or coordinate clause, dash or parenthesis after at least
    ``CLAUSE_MIN_WORDS`` words. None when that leaves more than ``CLAUSE_MAX_WORDS`` words or
    fewer than ``CLAUSE_MIN_WORDS``, or the sentence quotes."""
    t = " ".join(text.split())
    for phrase in drop or []:
        t = re.sub(rf"\s*,?\s*\b{re.escape(phrase)}\b,?", "", t, count=1)
    t = t.rstrip(".!\"”’' ")
    # A leading date phrase goes: the close names the day itself.
    t = re.sub(r"^(?:On|In|During|By|Since)\s[^,]*\d[^,]*,\s+", "", t)
    if t[:1] in "'‘\"“":
        return None
    # A leading adverb or phrase set off by a comma ("Currently,", "Throughout China,") goes;
    # a clause that still opens with a subordinator or preposition is no main clause.
    lead = re.match(r"^(?:[A-Z][a-z]+ly|[A-Z][a-z]+(?:\s+[A-Za-z][\w.-]*){0,3}),\s+", t)
    if lead and (_common_word(t.split()[0], prep) or t.split()[0].endswith("ly,")):
        t = t[lead.end() :]
    if t.split() and t.split()[0].lower() in _NO_MAIN:
        return None
    words = t.split()
    floor = len(" ".join(words[:CLAUSE_MIN_WORDS]))
    # The first boundary that leaves a whole phrase: not one right after a preposition ("as
    # the date on which ..." cut before "which" would end the clause on "on").
    for m in _CLAUSE_END.finditer(t, floor):
        before = t[: m.start()].split()
        if not before or before[-1].lower() in _PREPOSITIONS:
            continue
        if re.match(r",\s*(?:and|or)\b", m.group(0)) and re.search(
            r",\s+(?:\S+\s+){0,2}\S+$", t[: m.start()]
        ):
            continue  # the last item of a list ("the transfer, facilitation, and supply of")
        t = t[: m.start()]
        break
    # A list's tail after the last comma, with no verb of its own, goes ("pupils will stand
    # as party candidates, speech writers").
    head, comma, tail = t.rpartition(", ")
    if comma and head and not _has_verb(tail.split(), True) and _has_verb(head.split()):
        t = head
    words = t.split()
    while words and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    t = " ".join(words)
    if not CLAUSE_MIN_WORDS <= len(words) <= CLAUSE_MAX_WORDS or not _has_verb(words):
        return None
    if re.search(r"[\"“”]", t):
        return None  # a quote (cut before it, the clause may still do)
    low = [w.lower().strip(",;:.") for w in words]
    if low[0] in _PRONOUN or low[-1] in _REPORTING or _RELATIVE.search(t):
        return None  # a pronoun for its subject, a report with what it said cut, "today"
    first = words[0]
    if (first == "A" or first[1:2].isalpha()) and _common_word(first, prep):
        t = first.lower() + t[len(first) :]
    return t.rstrip(",; ")


def _event_day(prep: Prepared, i: int, year: bool) -> str | None:
    """When the headline sentence's event happened, as the close names it: the day its first
    relative date resolves to ("February 13"), else its article's date."""
    c = prep.cands[i]
    for r in c.dates:
        if not r.replacement.lower().startswith("on "):
            continue  # a week, a month: no day to name
        m = re.search(
            r"(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December) \d{1,2}(?:, \d{4})?$",
            r.replacement,
        )
        if m:
            return m.group(0)
    day = anchor_day(prep.docs[c.doc].published)
    return None if day is None else format_day(day, year=year)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def overall_sentences(
    parts: list[tuple[str, str | None, str, list[Citation], tuple[str, int, int]]],
) -> list[BriefSentence]:
    """The close: "Overall, the reporting followed these stories: on January 22, <clause>;
    on January 28, <clause>; and on February 13, <clause>." citing each part's articles, a
    claim the verify stage checks like any other (each clause and its date are the cited
    sentence's own; outlet counts, which no article states, are left to the dateline). Empty
    with fewer than two parts."""
    if len(parts) < 2:
        return []
    shown = []
    cites: list[Citation] = []
    for clause, day, _count, cs, _ in parts:
        when = f"on {day}, " if day is not None else ""
        shown.append(f"{when}{clause}")
        for c in cs:
            if all(c.id != o.id for o in cites):
                cites.append(c)
    body = "; ".join(shown[:-1]) + f"; and {shown[-1]}"
    return [
        BriefSentence(f"Overall, the reporting followed these stories: {body}.", "generated", cites)
    ]
