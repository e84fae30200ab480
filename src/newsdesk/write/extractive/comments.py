"""Readers' comments printed under a report: where they start, so no briefing tells them as news.

Some outlets print a selection of readers' e-mails after the report itself, with no heading
that survives extraction (BBC News "Have your say" pieces: a report on a new party, then "Veritas?
It's the BNP in an expensive suit!", "I think that his views regarding immigration are shared
by many."). Told in a briefing, "Veritas is the beginning of the end for Kilroy-Silk." reads as
the outlet's finding. The tail is told by its voice, paragraph by paragraph:

* a paragraph *reports* when, outside quotation marks, it attributes ("said", "told", "according
  to"), or when it opens with a quotation mark (a speaker's words carried on);
* it *argues* when, outside quotation marks, it speaks in the first or second person ("I",
  "my", "we", "you") or exclaims or asks; *in the first person singular* when it says "I" or
  "my";

and the comments are the last paragraphs from the first one that argues, when the report before
them mostly reports (at least 15% of its paragraphs; at most 25% argue) and the tail is at
least four paragraphs, at least 60% of them arguing, three or more in the first person singular
(or one, in a tail of six or more that argues in three of four) and at most 15% reporting. (A
statement in an institution's "we" ends in no such tail.) A transcript (a turn "PRESIDENT
BIDEN: ..." or "Q ...") is speech throughout and has no such tail.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_SINGULAR = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|I’m|I’ve|I’d|I’ll|[Mm]y|[Mm]e|[Mm]yself)\b")
_ARGUES = re.compile(
    r"\b(?:I|I['’](?:m|ve|d|ll)|[Mm]y|me|[Ww]e|[Ww]e['’]re|[Oo]ur|us|[Yy]ou|[Yy]our"
    r"|let's|let’s|Let's|Let’s|should|must|ought to)\b|[!?]"
)
_REPORTS = re.compile(
    r"\b(?:said|says|told|added|according to|announced|reported|argued|explained|insisted)\b"
)
_TURN = re.compile(r"(?m)^(?:Q[:.]?\s|[A-Z][A-Z .'’-]{2,40}:\s)")
_OPENS_QUOTE = "\"“'‘"

MIN_TAIL = 4  # paragraphs of comments
MIN_SINGULAR = 3  # comments in the first person singular
# or a longer tail that argues throughout, one comment at least in the first person singular
LONG_TAIL, LONG_TAIL_ARGUES = 6, 0.75
TAIL_ARGUES = 0.6  # share of the tail's paragraphs that argue, at least
TAIL_REPORTS = 0.15  # share of the tail's paragraphs that report, at most
HEAD_REPORTS = 0.15  # share of the report's paragraphs that report, at least
HEAD_ARGUES = 0.25  # share of the report's paragraphs that argue, at most

REPORTS, NEUTRAL, ARGUES, SINGULAR = -1, 0, 1, 2


def _voice(paragraph: str) -> int:
    p = paragraph.strip()
    if p[:1] in _OPENS_QUOTE:
        return NEUTRAL
    plain = _QUOTED.sub(" ", p)
    if _REPORTS.search(plain):
        return REPORTS
    if _SINGULAR.search(plain):
        return SINGULAR
    return ARGUES if _ARGUES.search(plain) else NEUTRAL


def comments_start(text: str) -> int | None:
    """The offset in ``text`` where readers' comments printed after the report begin, or None."""
    if _TURN.search(text):
        return None
    spans = [m.span() for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)]
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    voices = [_voice(text[a:b]) for a, b in spans]
    for k in range(2, len(spans) - MIN_TAIL + 1):
        if voices[k] < ARGUES:
            continue
        head, tail = voices[:k], voices[k:]
        argue, singular = sum(v >= ARGUES for v in tail), sum(v == SINGULAR for v in tail)
        if (
            (
                singular >= MIN_SINGULAR
                or (singular and len(tail) >= LONG_TAIL and argue >= LONG_TAIL_ARGUES * len(tail))
            )
            and argue >= TAIL_ARGUES * len(tail)
            and sum(v == REPORTS for v in tail) <= TAIL_REPORTS * len(tail)
            and sum(v == REPORTS for v in head) >= HEAD_REPORTS * k
            and sum(v >= ARGUES for v in head) <= HEAD_ARGUES * k
        ):
            return spans[k][0]
    return None
