"""A sentence's core and its clauses: the units the content check holds to the cited text.

The core is the sentence without a leading discourse marker ("Overall,", "In short:",
"Meanwhile,"): a marker changes no fact, so it earns no exemption and costs no similarity.
Clauses are cut at semicolons, dashes and a comma before a coordinating or contrasting word
("..., while ...", "..., but ..."), so that a synthesis of several articles can be supported
clause by clause, each by the article it draws on. A piece of fewer than four words stays
with the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = (
    "overall",
    "in sum",
    "in short",
    "in summary",
    "taken together",
    "altogether",
    "all told",
    "on balance",
    "in all",
    "meanwhile",
    "separately",
    "however",
    "moreover",
    "in addition",
    "additionally",
    "also",
    "still",
    "bottom line",
    "the bottom line",
    "tl;dr",
    "tldr",
    "summary",
    "update",
    "note",
)
_OPENER = re.compile(
    r"^\s*(?:\*\*|__)?(?:"
    + "|".join(re.escape(o) for o in OPENERS)
    + r")(?:\*\*|__)?\s*[,:\-–—]+\s*",
    re.IGNORECASE,
)
# The frame of newsdesk's own templated close ("Overall, the reporting followed these stories:
# on January 22, ... (4 outlets); on January 28, ..."; "Overall, the story unfolded as follows:
# ..."): it states no fact, each clause after it does. A part's outlet count is the story's,
# which no article states (the close's writer counts them): each clause is checked without it.
_FRAME = re.compile(
    r"\s*(?:the\s+reporting\s+followed\s+these\s+stories|the\s+story\s+unfolded\s+as\s+follows)"
    r"\s*:\s*",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\s*\(\d+ (?:outlets?|articles?)\)\s*\.?\s*$")
_CUT = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s+--\s+"
    r"|,\s+(?=(?:and|but|while|whereas|although|though|yet|even\s+as|as\s+well\s+as)\s)",
    re.IGNORECASE,
)
_LEAD_WORD = re.compile(
    r"^(?:and|but|while|whereas|although|though|yet|even\s+as|as\s+well\s+as)\s+", re.IGNORECASE
)
MIN_WORDS = 4
# The last two items of a list of names before ", and": ", UK", "Mexico, Canada".
_LIST_ITEM = re.compile(r"[A-Z][\w.'’\-]*,\s+(?:the\s+)?[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)?$")
_NAME_NEXT = re.compile(r"and\s+(?:the\s+)?[A-Z]")


@dataclass(frozen=True)
class Unit:
    """A piece of a sentence: its text and where it stands in the sentence."""

    text: str
    start: int
    end: int


def core(text: str) -> Unit:
    """The sentence without its leading discourse marker(s)."""
    start = 0
    while True:
        m = _OPENER.match(text, start)
        if not m or m.end() >= len(text):
            break
        start = m.end()
    frame = _FRAME.match(text, start)
    if start and frame and frame.end() < len(text):
        start = frame.end()
    return Unit(text[start:], start, len(text))


def clauses(text: str) -> list[Unit]:
    """The clauses of ``text`` (the core's), in order; one when it has no cut. In a close's
    frame, each clause ends before its outlet count."""
    c = core(text)
    if c.start and _FRAME.search(text[: c.start]):
        return [_uncounted(text, u) for u in _clauses(text, c)]
    return _clauses(text, c)


def _uncounted(text: str, u: Unit) -> Unit:
    m = _COUNT.search(u.text)
    if m is None:
        return u
    return Unit(text[u.start : u.start + m.start()], u.start, u.start + m.start())


def _clauses(text: str, c: Unit) -> list[Unit]:
    pieces: list[Unit] = []
    pos = c.start
    for m in _CUT.finditer(text, c.start):
        if m.group(0).lstrip().startswith(",") and _names_only(text[pos : m.start()]):
            continue  # "President Joe Biden, President ..., and Prime Minister ...": a list
        if _LIST_ITEM.search(text, pos, m.start()) and _NAME_NEXT.match(text, m.end()):
            continue  # "China tore into the US, UK, and Australia for ...": a list of names
        pieces.append(Unit(text[pos : m.start()], pos, m.start()))
        pos = m.end()
    pieces.append(Unit(text[pos:], pos, len(text)))
    out: list[Unit] = []
    for p in pieces:
        t = p.text
        lead = _LEAD_WORD.match(t)
        start = p.start + (lead.end() if lead else 0)
        t = text[start : p.end]
        if out and len(t.split()) < MIN_WORDS:
            prev = out[-1]
            out[-1] = Unit(text[prev.start : p.end], prev.start, p.end)
        elif t.strip():
            out.append(Unit(t, start, p.end))
    if len(out) > 1 and len(out[0].text.split()) < MIN_WORDS:
        out[0:2] = [Unit(text[out[0].start : out[1].end], out[0].start, out[1].end)]
    return out or [c]


def _names_only(piece: str) -> bool:
    """Whether a piece before ", and ..." is a list of names (no lower-case word of three
    letters or more: "in January 2023, President Joe Biden, President Andrés Manuel López
    Obrador"), the start of a subject, not a clause; a close's "and" and the day it gives its
    part go first ("and in January 2023, President Joe Biden, ...")."""
    piece = _LEAD_WORD.sub("", piece.lstrip())
    piece = _PART_DAY.sub("", piece)
    return not re.search(r"(?<![\w'’])[a-zà-ÿ][\w'’\-]{2,}", piece)


# The day a part of the close gives first: "in January 2023, ", "on February 13, ", "as of
# March 2025, ".
_PART_DAY = re.compile(r"^(?:in|on|as\s+of|by)\s+[A-Z][a-z]+(?:\s+\d{1,2})?(?:,?\s+\d{4})?,\s+")
