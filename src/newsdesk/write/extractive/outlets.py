"""Outlets in a short briefing: which articles read as opinion, and which sentences argue
rather than report.

A reader's briefing on a story covered by several outlets should lean on reporting, and let an
opinion line stand for a story only when nothing else says it. Two cues, both cheap and
visible to a reader:

* the article: its URL path, its title or its outlet marks it as opinion, commentary, an
  editorial or a column (``/opinion/``, a slug ending ``-opinion-1613718``, ``Opinion:``,
  "New York Times (Opinion)", a columnist's name as the outlet ...);
* the sentence: outside quotation marks it speaks in the first person ("I", "we", "our") or
  prescribes ("should", "must", "ought to"): an argument, not a report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsdesk.model import EvidenceDoc
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.parse import parse_sentence

_OPINION_URL = re.compile(
    r"/(?:opinions?|commentary|op-?eds?|editorials?|columns?|columnists?|blogs?|perspectives?)"
    r"(?:/|-|$)|[?&]mod=[a-z_]*opin|-opinion-\d+(?:[/.?#]|$)",
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
    """Whether the article's URL, title or outlet ("New York Times (Opinion)", a columnist's
    name) marks it as opinion rather than reporting."""
    return bool(
        (doc.url and _OPINION_URL.search(doc.url))
        or _OPINION_TITLE.search(doc.title or "")
        or re.search(r"\((?:opinion|editorial)\)", doc.source or "", re.I)
        or byline_outlet(doc.source or "")
    )


# Words of outlets' names: "Miami Herald" or "Washington Examiner" is no person.
_MEDIA_WORDS = frozenset(
    """times post news herald examiner monitor journal tribune daily press wire review gazette
    observer ledger chronicle courier signal radio tv network media report today weekly magazine
    star sun mail telegraph guardian independent express mirror standard register bulletin
    dispatch inquirer beacon blaze hill atlantic nation spectator economist insider street
    politico axios vox caller federalist beast memo online digest week world channel
    broadcasting corporation agency service bureau associated group company inc llc fair stone
    jazeera jones""".split()
)
_NAME_WORD = re.compile(r"[A-Z][a-zA-Z'’.\-]+|de|van|vanden|von|der|bin|al|la|le|da|di")


@lru_cache(maxsize=4096)
def byline_outlet(source: str) -> bool:
    """Whether an article's outlet is a person, a columnist's byline given as its source
    ("David Harsanyi", "Rich Lowry": AllSides names columns so), or a guest writer: opinion.
    A name of two to four words, no word of an outlet's name among them, that the parser
    reads as a person."""
    words = source.split()
    if source.startswith("Guest Writer"):
        return True
    if not 2 <= len(words) <= 4 or any(w.lower().strip(".,") in _MEDIA_WORDS for w in words):
        return False
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    return any(e.label_ == "PERSON" for e in parse_sentence(source).ents)


def reporting(prep: Prepared, pool: list[int], on: bool = True) -> list[int]:
    """The sentences of ``pool`` from articles that report, not from opinion articles, when
    ``on`` and there are any: a briefing with strands says in its own voice what its sentences
    say, and a column's "Biden, who for 20 years has taken whatever the most popular position
    happened to be ..." is no fact (graded, AllSides; the opinion penalty alone let it in)."""
    if not on:
        return pool
    kept = [i for i in pool if not is_opinion(prep.docs[prep.cands[i].doc])]
    return kept or pool


def argues(sentence: str) -> bool:
    """Whether the sentence, outside its quotations, argues (first person or prescription)."""
    return bool(_ARGUES.search(_QUOTED.sub(" ", sentence)))
