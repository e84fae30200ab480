"""Which group a count counts, for the disagreement rules (:mod:`.disagree`): two counts that
cannot be one claim because one counts a part of what the other counts, or a group chosen to
place one member.

* **a breakdown and its total**: a count listed with others of one kind, joined by "and" or
  commas ("three gold medals and two bronzes"), is a part of their sum; held against a count
  equal to that sum ("five medals") it is the part against the whole, not another figure for
  it.
* **one of a group**: "one of six executives indicted", "one of two hunts" count the group a
  writer puts one member in, described by what follows; another writer's group ("one of five
  executives who took part", "the four hunts out in the county") is another group, so such a
  count is held against no other.
* **who spoke**: a count that is the subject of a verb of speaking that reports a clause
  ("three dissidents said that ...") counts those who spoke; held against a count of those
  something was done to, or who did something else ("two dissidents arrested this week"), it is
  another group.
"""

from __future__ import annotations

import re

from newsdesk.stories.counts import WORD_NUMBERS
from newsdesk.stories.days import SAYS
from newsdesk.stories.owners import parse

_ONE_OF = re.compile(r"\bone\s+(?:of|out\s+of)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?$", re.I)


def one_of(text: str, start: int) -> bool:
    """The count at ``start`` of ``text`` is the size of a group one member is put in ("one of
    six executives")."""
    return bool(_ONE_OF.search(text[:start]))


def spoke(text: str, start: int) -> bool:
    """The count at ``start`` of ``text`` is the subject of a verb of speaking that reports a
    clause ("three dissidents said that ...")."""
    tok = next((t for t in parse(text) if t.idx + len(t.text) > start), None)
    if tok is None:
        return False
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and bool(SAYS.fullmatch(verb.text))
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _value(token: str) -> float | None:
    word = {"one": 1.0, **WORD_NUMBERS}.get(token.lower())
    if word is not None:
        return float(word)
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


def breakdown_total(text: str, start: int) -> float | None:
    """The sum of the counts listed with the count at ``start`` of ``text`` ("three gold medals
    and two bronzes": 5), None when it is not one of a list of two or more counts."""
    doc = parse(text)
    tok = next((t for t in doc if t.idx + len(t.text) > start), None)
    if tok is None:
        return None
    first = tok.head if tok.dep_ == "nummod" else tok
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # the list's first noun
    members = {first.i: first}
    for t in first.subtree:  # the nouns joined to it, in the order written
        if t.dep_ == "conj" and t.head.i in members:
            members[t.i] = t
    values = [
        _value(n[0].text)
        for m in members.values()
        if (n := [c for c in m.children if c.dep_ == "nummod" and c.like_num])
    ]
    if len(values) < 2 or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def two_groups(a: str, a_start: int, a_value: float, b: str, b_start: int, b_value: float) -> bool:
    """Whether the counts at ``a_start`` of ``a`` and ``b_start`` of ``b`` count different
    groups: one is a part of a list whose sum is the other ("three gold medals and two
    bronzes" against "five medals"), either is "one of N", or one counts who spoke and the
    other does not."""
    if one_of(a, a_start) or one_of(b, b_start) or spoke(a, a_start) != spoke(b, b_start):
        return True
    for text, start, other in ((a, a_start, b_value), (b, b_start, a_value)):
        total = breakdown_total(text, start)
        if total is not None and abs(total - other) < 1e-6:
            return True
    return False
