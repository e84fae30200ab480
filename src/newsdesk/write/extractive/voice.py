"""The source's own voice beyond first and second person: a judgement the sentence states as
its own ("There is no doubt that ...", "... is self-evident", "It is appropriate to ..."), and
a group of people the sentence never says whose ("Analysts are not optimistic ...")."""

from __future__ import annotations

import re

# A judgement said as the writer's own: it stands in a briefing as newsdesk's claim.
_JUDGEMENT = re.compile(
    r"\b(?:there\s+(?:is|can\s+be)\s+(?:no|little)\s+doubt|(?:is|are|was|were)\s+self-evident|"
    r"it\s+is\s+(?:clear|obvious|appropriate|essential|imperative|vital|undeniable)\s+(?:that|to)|"
    r"(?:an?\s+)?(?:intolerable|unconscionable)\s+[a-z]+)\b",
    re.I,
)
# A speaker's room: "Everyone here has probably heard ...".
_ROOM = re.compile(r"\b(?:everyone|everybody|anyone|all\s+of\s+you)\s+here\b", re.I)
# Whose judgement it is, when the sentence says: "..., the minister said", "according to ...".
_ATTRIBUTED = re.compile(
    r"\b(?:said|says|say|told|tells|according\s+to|argued|argues|claimed|claims|believes|"
    r"believed|wrote|writes|added|insisted|insists|warned|warns)\b"
)
# "Analysts are not optimistic ...", "Critics say ...": people of no outlet, firm or side.
_GROUP = re.compile(
    r"^(?:Analysts|Experts|Critics|Observers|Commentators|Economists|Insiders|Sources)"
    r"\s+(?!(?:from|of|at|in|for|with|who|close|familiar|including|such)\b)[a-z]+"
)


def judgement(plain: str) -> bool:
    """Whether ``plain`` (a sentence's words outside quotations) states a judgement as its own,
    with no one it is attributed to, or speaks to the room it was said in."""
    if _ROOM.search(plain):
        return True
    return bool(_JUDGEMENT.search(plain)) and not _ATTRIBUTED.search(plain)


def unaffiliated_group(text: str) -> bool:
    """Whether ``text`` opens on a group of people it never says whose ("Analysts are not
    optimistic about the firm's chances in court.")."""
    return bool(_GROUP.match(text))
