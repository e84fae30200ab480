"""A planned strand's opener dated with its article's month ("[In January 2026,] the White
House said ...", "[As of March 2025,] the flow of ..."), when the strands span more than a
month (:mod:`.plan`)."""

from __future__ import annotations

import re
from datetime import date

from newsdesk.briefing import BriefSentence, Repair
from newsdesk.reltime import find_dates
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.words import STOPWORDS

_LOWER_FIRST = frozenset({"The", "A", "An", "Its", "Their", "In", "On", "At", "More", "Some"})

_HAS_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\s+\d{1,2}\b"
)


def _common_word(word: str, prep: Prepared | None = None) -> bool:
    """Whether a sentence's capitalised first word is an ordinary word (lower-cased inside a
    sentence) rather than a name: a function word, or a word the evidence writes in lower case
    and never capitalised after a lower-case word."""
    if word in _LOWER_FIRST or word.lower() in STOPWORDS:
        return True
    if not word[1:].islower() or not word.isalpha():
        return False
    if prep is None:
        return word.lower().endswith(("ing", "ed", "ly"))
    inside = re.compile(rf"[a-z,] {re.escape(word)}\b")
    lower = re.compile(rf"\b{re.escape(word.lower())}\b")
    # a name the evidence only ever writes at the start of a sentence stays a name
    return not any(inside.search(d.text) for d in prep.docs) and any(
        lower.search(d.text) for d in prep.docs
    )


_PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|said|says|was|were|had|took|made|won|lost|came|went|began|fell|rose|"
    r"told|gave|held|met|left|sent|found|saw|struck|hit|ran|set|became|brought|chose|"
    r"spoke|wrote|stood|led|paid|sold|bought|kept|got|put|cut|shut|drew|grew|knew|threw|"
    r"broke|fled|flew|fought|sought|thought|taught|caught|won't)\b"
)
_NOT_PAST = frozenset({"called", "based", "united", "red", "need", "speed", "feed", "seed"})


def _reports_event(text: str) -> bool:
    """Whether a sentence's opening words report something that happened (a past-tense verb
    among its first twelve words, not a perfect: "has many times said" states how things
    stand) rather than state how things stand."""
    head = " ".join(text.split()[:12])
    return any(
        m.group(0).lower() not in _NOT_PAST
        and not re.search(r"\b(?:has|have|had)\s+(?:\w+\s+){0,3}$", head[: m.start()])
        and not (
            m.group(0).lower() == "had"
            and re.match(
                r"\s+(?:(?:\w+ly|already|not|never|just|also|long)\s+)?\w+(?:ed|en)\b",
                head[m.end() :],
            )
        )
        for m in _PAST.finditer(head)
    )


# A month or year the sentence names for itself ("in August", "since 2019").
_OWN_TIME = re.compile(
    r"\b(?:in|since|during|until|through|by|from|early|late|mid-?)\s+(?:early\s+|late\s+)?"
    r"(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"May\s+\d{4}|(?:19|20)\d{2}\b)"
)


def _says_when(s: BriefSentence, day: date) -> bool:
    """Whether a sentence already says when it happened: a date repair of its own (a resolved
    "on Friday"), a day of its text up to its article's day ("Feb. 15" in an article of
    January 16 is a deadline ahead, not when this happened), or a month, year or period of its
    own before the article's week ("in August", "last year")."""
    if s.repairs and any(_HAS_DATE.search(r.replacement) for r in s.repairs):
        return True
    if _OWN_TIME.search(s.text):
        return True  # "ratified the agreements in August": the article's month would clash
    for m in find_dates(s.text, day):
        if m.first is not None and m.last is not None and m.first == m.last:
            if 0 <= (day - m.first).days:
                return True  # in the week up to the article, or a day of its own before
        elif m.last is not None and (day - m.last).days > 7:
            return True  # "last year": a time of its own, before the article's
    return False


def _dated(
    s: BriefSentence, day: date | None, year: bool, prep: Prepared | None = None
) -> BriefSentence:
    """``s`` carrying its article's month when it names no day of its own: its first word
    becomes "[In January 2024, the]" for a sentence reporting an event, "[As of January 2024,
    the]" for one stating how things stand (the article's date is when it was reported, not
    always the day it happened, so the month, not the day); a repair recorded like any other,
    so undone it is the span."""
    if day is None or _says_when(s, day) or any(r.at == 0 for r in s.repairs):
        return s
    first = s.text.split(maxsplit=1)[0] if s.text.split() else ""
    if not first or not first[:1].isalpha():
        return s
    rest = s.text.split()[1:2]
    # "Working together, the ...": a participle opening the sentence is no name
    participle = (
        first.endswith("ing") and first[1:].islower() and bool(rest) and rest[0][:1].islower()
    )
    shown = first.lower() if participle or _common_word(first, prep) else first
    when = f"{day:%B} {day.year}" if year else f"{day:%B}"
    frame = "In" if _reports_event(s.text) else "As of"
    head = f"{frame} {when}, {shown}"
    shift = len(head) - len(first)
    moved = [Repair(r.original, r.replacement, r.at + shift) for r in s.repairs]
    text = head + s.text[len(first) :]
    return BriefSentence(
        text, "repaired", s.citations, repair=None, repairs=[Repair(first, head, 0), *moved]
    )
