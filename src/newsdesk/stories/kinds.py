"""What kind of people a count counts, for the disagreement rules (:mod:`.disagree`): two counts
of people that cannot be one claim because they count people to whom different things happened,
or people of different origins.

* **what happened to them**: a count that is the object of a verb of harm ("killing 10 people",
  "injured five") or the subject of one ("24 people were injured", "10 dead") counts those it
  happened to. Being killed, being injured, being arrested, being missing and being rescued or
  evacuated are different fates: "injuring five people" against "killing 10 people" are two
  counts, never one claim told two ways. Synonyms of one fate ("died", "killed", "dead") are one.
* **where they are from**: a count whose noun is qualified by adjectives of origin ("11 Yemeni
  pirates", "12 Somali and 11 Yemeni", "two Republican appointees") counts people of those
  origins; two counts qualified by different sets of such adjectives ("26 Somali pirates") count
  two groups.

A count that says neither (a bare "10 people", "the pirates") is held against any other.
"""

from __future__ import annotations

import re

_FATES = {
    "killed": r"kill\w*|dead|died|dies|death\w*|perish\w*|slain|murdered",
    "injured": r"injur\w*|wound\w*|hurt|hospitali[sz]\w*",
    "arrested": r"arrest\w*|detain\w*|nabb\w*|captur\w*|apprehend\w*",
    "missing": r"missing|unaccounted",
    "rescued": r"rescu\w*|evacuat\w*|displaced|homeless",
}
_FATE = [(k, re.compile(rf"(?:{v})$", re.IGNORECASE)) for k, v in _FATES.items()]
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[,;:()]")
# words between a verb and the count it governs ("killing at least 10", "injured some 80")
_BETWEEN = frozenset(
    "at least some about nearly almost around roughly more than over an estimated".split()
)
# an adjective of origin: a nationality, a people, a party ("Yemeni", "Somali", "Israeli",
# "American", "Chinese", "British", "French", "Republican")
_ORIGIN = re.compile(r"[A-Z][a-z]+(?:i|an|ese|ish|ch)$")
_FIGURE = re.compile(r"\$?[\d.,]+|[A-Za-z]+")


def fate(text: str, start: int) -> str:
    """What happened to the people the count at ``start`` of ``text`` counts ("killed",
    "injured", "arrested", "missing", "rescued"), or "" when no verb of harm governs it."""
    before = [w for w in _WORD.findall(text[:start])[-4:]]
    while before and before[-1].lower() in _BETWEEN:
        before.pop()
    if before:
        for name, pat in _FATE:
            if pat.match(before[-1]):
                return name  # "killing 10 people": the count is the verb's object
    m = _FIGURE.match(text, start)
    after = _WORD.findall(text[m.end() if m else start :])[:5]
    for w in after:
        if w in ",;:()" or w.lower() in ("and", "or", "but", "while", "who", "which", "that"):
            break
        for name, pat in _FATE:
            if pat.match(w):
                return name  # "24 people were injured", "10 dead"
    return ""


def origins(text: str, start: int) -> frozenset[str]:
    """The adjectives of origin that qualify the count at ``start`` of ``text`` ("12 Somali and
    11 Yemeni pirates": {"yemeni"} for 11; "23 Somali and Yemeni sea brigands": both)."""
    m = _FIGURE.match(text, start)
    out = set()
    for w in (m and _WORD.findall(text[m.end() : m.end() + 60])) or []:
        if _ORIGIN.match(w):
            out.add(w.lower())
        elif w != "and" or not out:
            break
    return frozenset(out)


def two_kinds(a: str, start_a: int, b: str, start_b: int) -> bool:
    """The counts at ``start_a`` of ``a`` and ``start_b`` of ``b`` count people of two fates or
    of two origins (see the module docstring)."""
    fa, fb = fate(a, start_a), fate(b, start_b)
    if fa and fb and fa != fb:
        return True
    oa, ob = origins(a, start_a), origins(b, start_b)
    return bool(oa and ob and oa != ob)
