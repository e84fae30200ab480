"""What was done on a day, for the date rule of :mod:`.disagree` (:func:`.days.one_action`): two
dates are the day of one action only when the verbs they attach to in the parse are one verb
("ordered on Wednesday", "were ordered Tuesday"). A court appearance on Monday and a charge on
Saturday, a ransom demanded on Sunday and an attack on Friday, a rate trading on Friday and a
slide on Thursday are two days of two actions, however close the sentences. A date that
attaches to no verb, or to "be" alone, says nothing either way; a date right after a verb is
that verb's ("officials said Thursday the virus is present": the day of the saying, not of
"is"), so "said Thursday" and "reported on Wednesday" are two reports' days.

Nor is a date the day of one action when the verb tells of something ongoing ("police were
searching Wednesday for the bodies", "were searching Friday for suspects": a search of many
days), or when it is one end of a span ("practising polygamy between Nov. 1, 2004, and Oct. 8,
2008").

A count of times counts one action ("shot 11 times", "shot seven times"): counts of times of
two verbs ("presided over the ceremony three times", "hosted it five times") are two counts."""

from __future__ import annotations

import re
from typing import Any

from newsdesk.stories.owners import parse

STEM = 4  # letters of a verb's stem compared ("suspended" / "suspend", "died" / "dies")
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "held": "hold", "made": "make",
    "took": "take", "left": "leave", "found": "find", "came": "come", "went": "go",
    "began": "begin", "fell": "fall", "gave": "give", "met": "meet", "won": "win",
    "lost": "lose", "sent": "send", "struck": "strike", "spoke": "speak", "fled": "flee",
}  # fmt: skip
_ENDING = re.compile(r"(?:ing|ed|es|s|d)$")
_MAX_CLIMB = 20
_BE = frozenset("am is are was were be been being".split())
_SPAN_BEFORE = re.compile(r"\b(?:between|from)\b[^.;]{0,40}$", re.IGNORECASE)
_SPAN_AFTER = re.compile(r"\s*,?\s*(?:and|to|through|until|till)\b", re.IGNORECASE)


def stem(word: str) -> str:
    w = word.lower()
    return _ENDING.sub("", _IRREGULAR.get(w, w))[:STEM]


def _verb(text: str, start: int, end: int, *, adjacent: bool = False) -> Any:
    """The token of the verb the words at ``start:end`` of ``text`` attach to, or None; with
    ``adjacent``, a verb right before them ("said Thursday the virus is ...", where the parse
    hangs the day on the clause that follows)."""
    doc = parse(text)
    toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    if adjacent and toks[0].i > 0 and doc[toks[0].i - 1].pos_ == "VERB":
        return doc[toks[0].i - 1]
    inside = {t.i for t in toks}
    t = next((t for t in toks if t.head.i not in inside), toks[-1])
    for _ in range(_MAX_CLIMB):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            break
        t = t.head
    return t if t.pos_ == "VERB" else None


def verb_at(text: str, start: int, end: int, *, adjacent: bool = False) -> str | None:
    """The stem of the verb the words at ``start:end`` of ``text`` attach to ("Monday" in
    "was charged Monday": "char"), None when there is none (or only "be")."""
    t = _verb(text, start, end, adjacent=adjacent)
    return None if t is None else stem(t.text)


def ongoing(text: str, start: int, end: int) -> bool:
    """The date at ``start:end`` attaches to a verb in the progressive ("were searching
    Wednesday"): something that goes on, not the day of one action."""
    t = _verb(text, start, end)
    return (
        t is not None
        and t.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lower_ in _BE for c in t.children)
    )


def span_end(text: str, start: int, end: int) -> bool:
    """The date at ``start:end`` is one end of a span ("between Nov. 1, 2004, and ...")."""
    return bool(_SPAN_BEFORE.search(text[:start]) and _SPAN_AFTER.match(text[end:]))


def one_act(a: str, pa: str, b: str, pb: str) -> bool:
    """Whether the date ``pa`` of sentence ``a`` and ``pb`` of ``b`` can be the day of one
    action: neither is ongoing or the end of a span, and the verbs they attach to are one (or
    either has none)."""
    at, bt = a.find(pa), b.find(pb)
    if at < 0 or bt < 0:
        return True
    ea, eb = at + len(pa), bt + len(pb)
    if ongoing(a, at, ea) or ongoing(b, bt, eb) or span_end(a, at, ea) or span_end(b, bt, eb):
        return False
    va, vb = verb_at(a, at, ea, adjacent=True), verb_at(b, bt, eb, adjacent=True)
    return va is None or vb is None or va == vb


_TIMES = re.compile(r"\S+\s+times\b(?!\s+(?:\w+er\s+|more\s+)?(?:than|the|as)\b)", re.IGNORECASE)


def two_acts(a: str, a_start: int, b: str, b_start: int) -> bool:
    """Whether the figures at ``a_start`` of ``a`` and ``b_start`` of ``b`` count times of two
    different verbs ("presided three times" against "hosted five times")."""
    ma, mb = _TIMES.match(a, a_start), _TIMES.match(b, b_start)
    if ma is None or mb is None:
        return False
    va, vb = verb_at(a, a_start, ma.end()), verb_at(b, b_start, mb.end())
    return va is not None and vb is not None and va != vb
