"""The source's own voice beyond first and second person: a judgement the sentence states as
its own ("There is no doubt that ...", "... is self-evident", "It is appropriate to ..."), and
a group of people the sentence never says whose ("Analysts are not optimistic ...")."""

from __future__ import annotations

import re

# A judgement said as the writer's own: it stands in a briefing as newsdesk's claim.
_JUDGEMENT = re.compile(
    r"\b(?:there\s+(?:is|can\s+be)\s+(?:no|little)\s+doubt|(?:is|are|was|were)\s+self-evident|"
    r"it\s+is\s+(?:clear|obvious|appropriate|essential|imperative|vital|undeniable)\s+(?:that|to)|"
    r"(?:an?\s+)?(?:intolerable|unconscionable)\s+[a-z]+|"
    r"(?:is|are|was|were)\s+(?:indisputably|undeniably|unquestionably)|"
    # a columnist's hook: "it would be easy to think that ..." (graded, AllSides)
    r"it\s+(?:would|might|could|may)\s+be\s+easy\s+to\s+(?:think|believe|assume|conclude|"
    r"forget|imagine|dismiss|overlook)|(?:you|one)\s+(?:might|could|would|may)\s+be\s+"
    r"forgiven\s+for)\b",
    re.I,
)
# Talk, not report: "Yes, the Apple laptop and Sony Walkman are classic gadgets." (a reader's
# comment under a BBC article, graded), "Well, it's goodbye to another Olympic year", "Of
# course, broadband in the UK is laughably slow".
_TALK = re.compile(r"^(?:Yes|No|Well|Sure|Oh|OK|Okay|Of\s+course)\s*,\s")
# Speech as transcribed: a phrase said again after a dash ("a long journey to the — to the —
# to the border"), a remark's broken start.
_STAMMER = re.compile(r"\b(\w+(?:\s+\w+){0,2})\s+[—–-]+\s+\1\b", re.I)
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


def own_voice(plain: str) -> bool:
    """Whether ``plain`` (a sentence's words outside quotations) states a judgement as its own,
    with no one it is attributed to, speaks to the room it was said in, talks ("Yes, ..."), is
    speech as transcribed ("to the — to the border"), or states only goodwill
    (:func:`goodwill`)."""
    if _ROOM.search(plain) or goodwill(plain) or _TALK.match(plain) or _STAMMER.search(plain):
        return True
    return bool(_JUDGEMENT.search(plain)) and not _ATTRIBUTED.search(plain)


# Whose sales, whose victory: a result or a measure as the bare subject ("Sales climbed to
# 364.4m euros ...", "Victory over Southampton would bring ..."; graded), and a pronoun after an
# opening conjunction with no one named before it ("If they haven't, they are going to be
# detained.").
_WHOSE = re.compile(
    r"^(?:Sales|Profits?|Revenues?|Earnings|Turnover|Output|Exports|Imports|Growth|Victory|"
    r"Defeat|Losses)\b(?!\s+(?:of|at|in|for|from|by|across|worldwide|nationwide)\b)"
    r"|^(?:If|When|Although|Though|Because|While|Unless|Once|Until|Before|After)\s+"
    r"(?:they|he|she)\b"  # ("Although it has been widely predicted ...": no one)
)


def unsaid_whose(text: str) -> bool:
    """Whether ``text`` opens on a result it never says whose, or on a conjunction and a
    pronoun with no one named (see ``_WHOSE``)."""
    return bool(_WHOSE.match(text))


def unaffiliated_group(text: str) -> bool:
    """Whether ``text`` opens on a group of people it never says whose ("Analysts are not
    optimistic about the firm's chances in court.")."""
    return bool(_GROUP.match(text))


# The words of a statement of goodwill: values, relations and intentions, no act or fact.
_GOODWILL = frozenset(
    "partnership partnerships partner partners commitment commitments committed commit "
    "mutual respect trust sovereignty independence friendship friendships bond bonds enduring "
    "strong stronger shared share values value together dignity prosperity prosperous secure "
    "security healthy sustainable cooperation relationship relationships future common deep "
    "deepen deeper strengthen strengthening reaffirm reaffirmed reaffirms recognize recognized "
    "importance family families extraordinary close closer vision seek seeks need needs want "
    "wants continue continued continues build building face challenges challenge both nations "
    "nation countries country peoples people remain remains based each unique historic "
    "neighbors neighbours region regional hemisphere communities community benefit citizens "
    "shared goals goal work working ensure ongoing".split()
)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def goodwill(plain: str) -> bool:
    """Whether ``plain`` states only goodwill ("the two countries remain committed to an
    enduring partnership based on mutual trust and respect"): no figure, five or more words of
    values, relations or intentions, and at most two other common words (names aside)."""
    if re.search(r"\d", plain):
        return False
    words = [w.lower() for w in _WORD.findall(plain) if w[0].islower() and len(w) > 3]
    words = [w for w in words if w not in _FUNCTION]
    kind = sum(w in _GOODWILL for w in words)
    return kind >= 5 and len(words) - kind <= 2


_FUNCTION = frozenset(
    "with that this these those their them they have been will would should could from into "
    "upon over under about also than then there which while where when what more most such "
    "very well just only even".split()
)
