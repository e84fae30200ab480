"""Whose figure it is, for the disagreement rules (:mod:`.disagree`): two figures that belong to
different named owners are two figures, not one told two ways.

A figure's owner is read from the dependency parse of its own clause (the spaCy parser the
project already loads, :func:`newsdesk.stories.entities.get_parser`), in two roles:

* **who**: the possessor of the thing counted ("Clinton's plan"), the subject of the verb that
  governs the figure ("The CBO projects a $107 billion surplus"; a verb joined to another by
  "and" takes that one's subject), the agent of a passive ("by Air France"), or the antecedent
  of a "who" or "which" clause the figure is in;
* **where**: a place the thing counted or its verb is "in" or "at" ("In Heraklion, 10,000
  people are reported as marching"), or the antecedent of a "where" clause ("Thessaloniki,
  where a further 20,000 people joined").

Only names count (a proper noun, or a person, organisation, group, place or facility the
parser names): "the police" or "the commandos" say nothing of whose figure it is. A subject
that stands for one person met before, "he", "she" or a person told by age ("the
25-year-old"), is the named subject of the nearest of the article's two sentences before it
("Thomas has 498 yards" | "He also had 440 yards" is Thomas's figure); "they" or "it" is not
resolved ("they" may be the named one and others: "Jenkin ... with his mum ... they moved"). Two
figures clearly belong to different owners when both name an owner in the same role and the
names share no word (a word may be the start of the other's: "Israel", "Israeli"). A toll's
subject is who did the killing, not whose toll it is, so tolls compare places only; ages and
magnitudes are left to their own rules.

A ratio is a figure of what it is measured against: "7.5 times greater than the rate of males"
and "four times greater than that of Texas" are two ratios, as are "three times the industry
standard" and "five times faster than the old chips" (their bases share no word).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsdesk.stopwords import STOPWORDS

_NAMED = frozenset("PERSON ORG NORP GPE LOC FAC".split())
_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_AT = frozenset(("in", "at"))
MIN_PREFIX = 4  # "israel" / "israeli": a name and its adjective
_RATIO = re.compile(
    r"\S+\s+times\s+(?:[a-z]+er\s+|more\s+\w+\s+)?(?:than|the)\s+([^,.;:\"]{0,40})",
    re.IGNORECASE,
)
_NO_BASE = frozenset("that those this these the its their his her rate level".split())
_ONE_PERSON = frozenset(("he", "she"))
_BY_AGE = re.compile(r"^the\s+\d+\s*-?\s*year\s*-?\s*old$", re.IGNORECASE)
BEFORE = 2  # sentences of the article before a figure's that may name who "he" or "she" is


@lru_cache(maxsize=4096)
def parse(text: str) -> Any:
    from newsdesk.stories.entities import get_parser

    return get_parser()(text)


def _names(tokens: Any) -> set[str]:
    return {
        t.lower_
        for t in tokens
        if (t.ent_type_ in _NAMED or (t.pos_ == "PROPN" and not t.ent_type_))
        and t.is_alpha
        and len(t) > 1
        and t.lower_ not in STOPWORDS
    }


def _one_person(subject: Any) -> bool:
    """A subject that stands for one person met before: "he", "she", "the 25-year-old"."""
    if subject.lower_ in _ONE_PERSON:
        return True
    return bool(_BY_AGE.match(" ".join(t.text for t in subject.subtree)))


def named_subject(text: str) -> frozenset[str]:
    """The names of the subject of the main verb of ``text`` ("Thomas has eight touchdowns")."""
    for t in parse(text):
        if t.dep_ in _SUBJECTS and t.head.dep_ == "ROOT":
            names = _names(t.subtree)
            if names:
                return frozenset(names)
    return frozenset()


def owners(
    text: str, start: int, before: tuple[str, ...] = ()
) -> tuple[frozenset[str], frozenset[str]]:
    """The names of who owns the figure at character ``start`` of ``text`` and where it is
    counted (see the module docstring): two sets of lower-case words, either may be empty.
    ``before``: the sentences of the article before ``text``, nearest last."""
    doc = parse(text)
    tok = next((t for t in doc if t.idx + len(t.text) > start), None)
    if tok is None:
        return frozenset(), frozenset()
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    verb, path = noun, {noun.i}
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
        path.add(verb.i)
    who: set[str] = set()
    where: set[str] = set()
    for c in noun.children:
        if c.dep_ == "poss":
            who |= _names(c.subtree)
        elif c.dep_ == "prep" and c.lower_ in _AT:
            where |= _names(c.subtree)
    if verb.pos_ not in ("VERB", "AUX"):
        return frozenset(who), frozenset(where)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i not in path]
    if not subjects and verb.dep_ == "conj":  # "Clinton's plan includes ... and projects $117"
        subjects = [c for c in verb.head.children if c.dep_ in _SUBJECTS and c.i not in path]
    for c in subjects + [c for c in verb.children if c.dep_ == "agent"]:
        who |= _names(c.subtree)
    if not who and subjects and _one_person(subjects[0]):
        who = set(next((n for n in map(named_subject, before[::-1][:BEFORE]) if n), ()))
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in _AT:
            where |= _names(c.subtree)
    if verb.dep_ == "relcl":  # "Thessaloniki, where ...", "Jones, who won five medals"
        marks = {c.lower_ for c in verb.children}
        (where if "where" in marks else who).update(_names([verb.head]))
    return frozenset(who), frozenset(where)


def _shared(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(
        x == y or (min(len(x), len(y)) >= MIN_PREFIX and (x.startswith(y) or y.startswith(x)))
        for x in a
        for y in b
    )


def base(text: str, start: int) -> frozenset[str] | None:
    """The words of what the ratio at ``start`` of ``text`` is measured against ("four times
    greater than that of Texas": {"texas"}), None when the figure there is no such ratio."""
    m = _RATIO.match(text, start)
    if m is None:
        return None
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{3,}", m.group(1))) - _NO_BASE


def two_owners(
    a: str,
    a_start: int,
    b: str,
    b_start: int,
    *,
    toll: bool = False,
    before: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> bool:
    """Whether the figure at ``a_start`` of sentence ``a`` and the one at ``b_start`` of ``b``
    clearly belong to different owners: both name one in the same role and no name is shared
    (``toll``: places only, the subject of a toll is who did it; ``before``: each sentence's
    article's sentences before it, for "he" and "she")."""
    ba, bb = base(a, a_start), base(b, b_start)
    if ba and bb and not ba & bb:
        return True  # ratios to two bases
    wa, pa = owners(a, a_start, before[0])
    wb, pb = owners(b, b_start, before[1])
    if pa and pb and not _shared(pa, pb):
        return True
    return not toll and bool(wa and wb) and not _shared(wa, wb)
