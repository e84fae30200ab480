"""Outlets in a short briefing: which articles read as opinion, and which sentences argue
rather than report.

A reader's briefing on a story covered by several outlets should lean on reporting, and let an
opinion line stand for a story only when nothing else says it. Two cues, both cheap and
visible to a reader:

* the article: its URL path or its title marks it as opinion, commentary, an editorial or a
  column (``/opinion/``, ``Opinion:`` ...);
* the sentence: outside quotation marks it speaks in the first person ("I", "we", "our") or
  prescribes ("should", "must", "ought to"): an argument, not a report.
"""

from __future__ import annotations

import re

from newsdesk.model import EvidenceDoc

_OPINION_URL = re.compile(
    r"/(?:opinions?|commentary|op-?eds?|editorials?|columns?|columnists?|blogs?|perspectives?)"
    r"(?:/|-|$)|[?&]mod=[a-z_]*opin",
    re.I,
)
_OPINION_TITLE = re.compile(
    r"^\W*(?:opinion|op-ed|editorial|commentary|column|perspective|the view)\s*[:|\-—–]", re.I
)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_ARGUES = re.compile(
    r"\b(?:I|I'm|I've|I’m|I’ve|we|we're|we’re|our|us|my|should|must|ought to|needs? to)\b"
)


def is_opinion(doc: EvidenceDoc) -> bool:
    """Whether the article's URL, title or outlet ("New York Times (Opinion)") marks it as
    opinion rather than reporting."""
    return bool(
        (doc.url and _OPINION_URL.search(doc.url))
        or _OPINION_TITLE.search(doc.title or "")
        or re.search(r"\((?:opinion|editorial)\)", doc.source or "", re.I)
    )


def argues(sentence: str) -> bool:
    """Whether the sentence, outside its quotations, argues (first person or prescription)."""
    return bool(_ARGUES.search(_QUOTED.sub(" ", sentence)))
