"""The place a topic is about, when it qualifies the topic's thing ("the Cuba protests",
"Iraq elections"): a strand of such a topic says the place, in one of its forms, in the same
sentence as a word of the topic. Italy's protests over Covid rules are no strand of "the Cuba
protests", nor a British campaign group's election plans one of "Iraq elections"."""

from __future__ import annotations

import re
from collections.abc import Callable

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.parse import parse_sentence
from newsdesk.write.extractive.strands import (
    UP_FRONT_SENTENCES,
    Strand,
    content_words,
    name_forms,
    names_said,
)
from newsdesk.write.extractive.words import STOPWORDS, tokens

# The forms an article may use for a place a topic names, where adding "n", "an", "i" or
# "ese" does not give them (a topic's "UK" is an article's "Britain" or "British").
_FORMS = [
    {"UK", "U.K.", "Britain", "British", "United Kingdom"},
    {"US", "U.S.", "USA", "U.S.A.", "America", "American", "United States"},
    {"Afghanistan", "Afghan"},
    {"France", "French"},
    {"Netherlands", "Dutch"},
    {"Spain", "Spanish"},
    {"Ireland", "Irish"},
    {"Wales", "Welsh"},
    {"Scotland", "Scottish", "Scots"},
    {"England", "English"},
    {"Greece", "Greek"},
    {"Turkey", "Turkish"},
    {"Poland", "Polish"},
    {"Sweden", "Swedish"},
    {"Denmark", "Danish"},
    {"Switzerland", "Swiss"},
    {"Philippines", "Filipino", "Philippine"},
    {"Peru", "Peruvian"},
    {"Israel", "Israeli"},
    {"Iraq", "Iraqi"},
    {"Pakistan", "Pakistani"},
    {"Yemen", "Yemeni"},
    {"Kuwait", "Kuwaiti"},
    {"Bangladesh", "Bangladeshi"},
    {"Thailand", "Thai"},
]
_ENDINGS = ("n", "an", "ian", "ese", "i")


# Groups the parser tags as nationalities that are no place: a party or a faith ("the
# Conservative party" is about the Tories, not a place; graded, BBC).
_GROUPS = frozenset(
    """republican republicans democrat democrats democratic conservative conservatives liberal
    liberals labour tory tories socialist socialists communist communists green greens
    libertarian progressive progressives christian christians muslim muslims jewish jews
    catholic catholics protestant protestants hindu hindus sikh sikhs buddhist evangelical
    evangelicals unionist unionists nationalist nationalists""".split()
)


def _places(query: str) -> list[str]:
    """The places and nationalities ``query`` names, as written (parties and faiths aside)."""
    return [
        e.text
        for e in parse_sentence(query).ents
        if e.label_ in {"GPE", "LOC"}
        or (e.label_ == "NORP" and not {w.lower() for w in e.text.split()} & _GROUPS)
    ]


def place_forms(place: str) -> set[str]:
    """The ways an article may write ``place``: itself, its listed forms, and its regular
    nationality ("Cuba" -> "Cuban", "Mexican" -> "Mexico")."""
    out = {place, *name_forms(place)}  # the parse may take a group for a place: "G-7"
    for forms in _FORMS:
        if place in forms:
            out |= forms
    # (a form no article writes, "Italyn", matches nothing and costs nothing)
    for end in _ENDINGS:
        out.add(place + end)  # Cuba -> Cuban, Iran -> Iranian, Sudan -> Sudanese
        if place.endswith(end) and len(place) > len(end) + 3:
            out.add(place[: -len(end)])  # a nationality's place: Cuban -> Cuba
    if place.endswith("y"):
        out.add(place[:-1] + "ian")  # Italy -> Italian, Hungary -> Hungarian
    if place.endswith("ia"):
        out.add(place + "n")  # Russia -> Russian
    if place.endswith("o"):
        out.add(place[:-1] + "an")  # Mexico -> Mexican
    return out


_ONE_PHRASE = re.compile(r",|\b(?:and|or|in|between|with|against|from|to|on|of)\b|[.?!]\s")


def topic_place_forms(query: str | None) -> set[str]:
    """The forms of the places that qualify a topic of one phrase ("the Cuba protests",
    "Iraq elections", "the UK general election"): the topic is one noun phrase (no list, no
    preposition: "fentanyl in U.S.-Mexico relations" relates places rather than qualifies a
    thing) naming a place and a word that is no place. Empty otherwise."""
    q = (query or "").strip()
    if not q or _ONE_PHRASE.search(q):
        return set()
    places = _places(q)
    if not places:
        return set()
    if not _thing_words(q):
        return set()
    return {f for p in places for f in place_forms(p)}


def _thing_words(query: str | None) -> set[str]:
    """The content words of a topic besides its places ("general", "election")."""
    q = (query or "").strip()
    places = _places(q)
    return content_words(q.split()) - {t for p in places for t in tokens(p)}


def placed(prep: Prepared, strands: list[Strand], words: set[str]) -> Callable[[Strand], bool]:
    """Whether a strand says the topic's qualifying place with one of ``words`` (the topic's
    other words) in one sentence of its articles or in a title; every strand passes when the
    topic has no such place or no strand says it so."""
    forms = topic_place_forms(prep.query)
    if not forms or not words:
        return lambda s: True
    said = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms)) + r")(?![\w])")

    # Two or more words of the topic besides its place name its thing on their own: a
    # sentence holding them all passes without the place ("Tony Blair is likely to name 5 May
    # as election day" is no strand of "the UK general election"; "the general election" is,
    # in a British paper); one word ("protests", "elections") needs its place.
    thing = _thing_words(prep.query)

    def with_word(text: str, toks: list[str] | None = None) -> bool:
        have = set(toks if toks is not None else tokens(text))
        if len(thing) >= 2 and thing <= have:
            return True
        return said.search(text) is not None and bool(words & have)

    def passes(s: Strand) -> bool:
        docs = {*s.docs, *s.side_docs}
        if any(with_word(prep.docs[d].title) for d in docs):
            return True
        return any(with_word(c.text, c.toks) for c in prep.cands if c.doc in docs)

    if not any(passes(s) for s in strands):
        return lambda s: True
    return passes


def unsaid(prep: Prepared, names: list[str]) -> list[str]:
    """The notice a briefing gives when no matching article says what the topic asks about:
    none names its names (AllSides "the Build Back Better plan": booster shots and a border
    wall), or, for a topic of one phrase of two or more common words and no name, no sentence
    or title holds them all (AllSides "the minimum wage": no article says it; the nearest were
    a "15% minimum tax" and "$3.5 trillion ... at minimum")."""
    if names:
        if any(names_said(f"{d.title} {d.text}", names) for d in prep.docs):
            return []
        return [f"No matching article names {' or '.join(names)}: these are the nearest."]
    q = (prep.query or "").strip()
    forms = topic_place_forms(q)
    if forms and not _led_by(prep, forms, _thing_words(q)):
        # graded blind: BBC "the Ukraine election" briefed a Kyrgyz vote whose article names
        # Ukraine in passing; no article leads with Ukraine's election
        said = " ".join(w for w in q.split() if w.lower() not in STOPWORDS)
        return [f"No matching article leads with “{said}”: these are the nearest."]
    if not q or _ONE_PHRASE.search(q) or re.search(r"\b(?:at|for|over|about|after)\b", q):
        return []  # (not "fentanyl in U.S.-Mexico relations": no "fentanyl relations" to say)
    words = [w for w in q.split() if w[:1].islower() and w.lower() not in STOPWORDS]
    wanted = content_words(words)
    if len(wanted) < 2:
        return []
    if any(wanted <= set(c.toks) for c in prep.cands) or any(
        wanted <= set(tokens(d.title)) for d in prep.docs
    ):
        return []
    return [f"No matching article says “{' '.join(words)}”: these are the nearest."]


def _led_by(prep: Prepared, forms: set[str], words: set[str]) -> bool:
    """Whether an article's title or opening sentences say a place in one of ``forms`` with
    one of ``words``."""
    opening = [(c.text, set(c.toks)) for c in prep.cands if c.index < UP_FRONT_SENTENCES]
    titles = [(d.title or "", set(tokens(d.title or ""))) for d in prep.docs]
    return any(
        words & toks and any(re.search(rf"\b{re.escape(f)}\b", text) for f in forms)
        for text, toks in [*titles, *opening]
    )
