"""What was done on a day, for the date rule of :mod:`.disagree` (:func:`.days.one_action`): two
dates are the day of one action only when the verbs they attach to in the parse are one verb
("ordered on Wednesday", "were ordered Tuesday"). A court appearance on Monday and a charge on
Saturday, a ransom demanded on Sunday and an attack on Friday, a rate trading on Friday and a
slide on Thursday are two days of two actions, however close the sentences. A date that
attaches to no verb, or to "be" alone, says nothing either way."""

from __future__ import annotations

import re

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


def stem(word: str) -> str:
    w = word.lower()
    return _ENDING.sub("", _IRREGULAR.get(w, w))[:STEM]


def verb_at(text: str, start: int, end: int) -> str | None:
    """The stem of the verb the words at ``start:end`` of ``text`` attach to ("Monday" in
    "was charged Monday": "char"), None when there is none (or only "be")."""
    toks = [t for t in parse(text) if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    inside = {t.i for t in toks}
    t = next((t for t in toks if t.head.i not in inside), toks[-1])
    for _ in range(_MAX_CLIMB):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            break
        t = t.head
    return stem(t.text) if t.pos_ == "VERB" else None


def one_verb(a: str, pa: str, b: str, pb: str) -> bool:
    """Whether the date ``pa`` of sentence ``a`` and ``pb`` of ``b`` can be the day of one
    action: the verbs they attach to are one, or either has none."""
    at, bt = a.find(pa), b.find(pb)
    if at < 0 or bt < 0:
        return True
    va, vb = verb_at(a, at, at + len(pa)), verb_at(b, bt, bt + len(pb))
    return va is None or vb is None or va == vb
