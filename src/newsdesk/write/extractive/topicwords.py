"""Which strands hold the topic's words, in the sense the topic uses them (:mod:`.plan`).

* A topic that is one phrase of two words ("the eviction moratorium", "ID cards") names a thing
  by both: a story whose articles never say one of them is about another thing that shares a
  word (a call for a moratorium on vaccine booster shots; fraud with chip-and-pin cards).
* A currency a topic names is the news only where it is not the unit of an amount: "Fiat is to
  get 1bn euros" is no strand of "the euro".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.strands import (
    Strand,
    _words_any,
    content_words,
    phrase_words,
    topic_names,
)
from newsdesk.write.extractive.words import tokens

# Currencies, stemmed as the candidates' tokens are.
_CURRENCIES = frozenset(
    "euro dollar pound yen yuan renminbi peso rupee rouble ruble franc sterling bitcoin".split()
)
# The token before a currency that makes it a unit: a figure ("1bn", "364", "4m") or a
# magnitude word.
_AMOUNT = re.compile(r"\d[\d.,]*(?:bn|m|k|tn|b)?|billion|million|thousand|trillion|hundred")


def _said(toks: list[str], words: set[str]) -> set[str]:
    """The words of ``words`` that ``toks`` holds, a currency only where it is no unit."""
    return {
        t
        for k, t in enumerate(toks)
        if t in words and not (t in _CURRENCIES and k and _AMOUNT.fullmatch(toks[k - 1]))
    }


def pair_words(query: str | None) -> set[str]:
    """The two words of a topic that is one phrase of two common words, naming no name and
    listing nothing ("the eviction moratorium": evict, moratorium; "ID cards": id, card); a
    word of two capitals ("ID", "EU") counts. Empty for any other topic."""
    q = query or ""
    if re.search(r",|\b(?:and|or)\b|[.?!]\s", q) or topic_names(q):
        return set()
    every = [w for w in q.split() if w[:1].islower() or re.fullmatch(r"[A-Z]{2}", w)]
    words = content_words(every) | {t for w in every if len(w) == 2 for t in tokens(w)}
    # (a place makes a third word: "the Afghan refugee crisis" is not two)
    two = len(q.split()) - q.lower().startswith("the ") == 2
    return words if two and len(words) == 2 else set()


def word_filter(prep: Prepared, strands: list[Strand], words: set[str]) -> Callable[[Strand], bool]:
    """Whether a strand holds the topic's ``words``: one of them in a usable sentence, a
    currency not as a unit, and for a topic of two words (:func:`pair_words`) both somewhere
    in its articles (a title or a sentence). A test no strand passes is dropped, the stricter
    first."""
    if not words:
        return lambda s: True
    cands = prep.cands
    phrase = bool(phrase_words(prep))

    def any_word(s: Strand) -> bool:
        if phrase:  # three or more common words: two of them in one sentence
            return _words_any(prep, s, words)
        return any(_said(cands[i].toks, words) for i in [*s.usable, *s.side])

    pair = pair_words(prep.query)
    by_doc: dict[int, list[list[str]]] = {}
    for c in cands if pair else []:
        by_doc.setdefault(c.doc, []).append(c.toks)

    def both(s: Strand) -> bool:
        seen: set[str] = set()
        for d in {*s.docs, *s.side_docs}:
            for toks in [tokens(prep.docs[d].title), *by_doc.get(d, [])]:
                seen |= _said(toks, pair)
        return seen == pair

    tests = [any_word, both] if pair else [any_word]
    while tests and not any(all(t(s) for t in tests) for s in strands):
        tests.pop()
    return lambda s: all(t(s) for t in tests)
