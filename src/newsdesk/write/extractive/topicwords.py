"""Which strands hold the topic's words, in the sense the topic uses them (:mod:`.plan`).

* A short topic of one phrase ("the eviction moratorium", "ID cards", "the BBC licence fee")
  names a thing by all its common words: a story whose articles never say one of them is about
  another thing that shares a word (a call for a moratorium on vaccine booster shots; fraud
  with chip-and-pin cards; university top-up fees).
* A currency a topic names is the news only where it is not the unit of an amount: "Fiat is to
  get 1bn euros" is no strand of "the euro".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.outlets import is_opinion
from newsdesk.write.extractive.strands import (
    _COUNTRY_ABBREVIATIONS,
    Strand,
    _words_any,
    content_words,
    one_phrase,
    phrase_words,
    topic_names,
)
from newsdesk.write.extractive.words import stem, tokens

# Currencies, stemmed as the candidates' tokens are.
_CURRENCIES = frozenset(
    "euro dollar pound yen yuan renminbi peso rupee rouble ruble franc sterling bitcoin".split()
)
# The token before a currency that makes it a unit: a figure ("1bn", "364", "4m") or a
# magnitude word.
_AMOUNT = re.compile(r"\d[\d.,]*(?:bn|m|k|tn|b)?|billion|million|thousand|trillion|hundred")


@lru_cache(maxsize=65536)
def _again(token: str) -> str:
    return stem(token)


def _said(toks: list[str], words: set[str]) -> set[str]:
    """The words of ``words`` that ``toks`` holds, a currency only where it is no unit."""
    return {
        t
        for k, t in enumerate(toks)
        if t in words and not (t in _CURRENCIES and k and _AMOUNT.fullmatch(toks[k - 1]))
    }


# Heads that say what kind of news, not which: "the border crisis" is about the border.
_GENERIC = frozenset(
    "crisis issue debate situation policy problem question controversy row saga affair news "
    "story latest development relation".split()
)


def pair_words(query: str | None) -> set[str]:
    """The common words of a short topic that is one phrase, naming no list, every one of which
    a story about it says ("the eviction moratorium": eviction, moratorium; "ID cards": id,
    card; "the Afghan refugee crisis": refugee): two or three (one beside a place), a word of
    two capitals ("ID") counting, a head that only says what kind of news ("crisis",
    "debate") not. Empty for any other topic."""
    q = query or ""
    if not one_phrase(q):
        return set()
    places = _COUNTRY_ABBREVIATIONS
    acronyms = [w for w in q.split() if re.fullmatch(r"[A-Z]{2}", w) and w not in places]
    words = content_words([w for w in q.split() if w[:1].islower()]) - _GENERIC
    words |= {t for w in acronyms for t in tokens(w)}
    # (one word beside a place is a phrase, "the Afghan refugee crisis"; beside a name it may
    # be the name's own news, which its articles tell in other words: "the Derek Chauvin trial"
    # and his sentencing)
    others = [w for w in q.split() if w[:1].isupper() and w not in acronyms]
    fewest = 2 if topic_names(q) or not others else 1
    return words if fewest <= len(words) <= 3 else set()


def word_filter(prep: Prepared, strands: list[Strand], words: set[str]) -> Callable[[Strand], bool]:
    """Whether a strand holds the topic's ``words``: one of them in a usable sentence, a
    currency not as a unit, and for a short topic of one phrase (:func:`pair_words`) every
    common word somewhere in its articles (a title or a sentence). A test no strand passes is
    dropped, the stricter first."""
    if not words:
        return lambda s: True
    cands = prep.cands
    phrase = bool(phrase_words(prep))

    def any_word(s: Strand) -> bool:
        if phrase:  # three or more common words: two of them in one sentence
            return _words_any(prep, s, words)
        if any(_said(cands[i].toks, words) for i in [*s.usable, *s.side]):
            return True
        # a title that says it: its opening sentence may tell the news in other words
        # ("France has recalled its ambassador ..." under "... over AUKUS submarine pact")
        # (of a reporting article that gives a sentence: a column's title, no, its sentences
        # are its writer's view)
        giving = {cands[i].doc for i in s.usable}
        return any(
            _said(tokens(prep.docs[d].title), words) and not is_opinion(prep.docs[d])
            for d in giving
        )

    # (stemmed once more, so that "rulings" meets "ruling" and "ruled")
    pair = {_again(w) for w in pair_words(prep.query)}
    by_doc: dict[int, list[list[str]]] = {}
    for c in cands if pair else []:
        by_doc.setdefault(c.doc, []).append([_again(t) for t in c.toks])

    def both(s: Strand) -> bool:
        seen: set[str] = set()
        for d in {*s.docs, *s.side_docs}:
            for toks in [[_again(t) for t in tokens(prep.docs[d].title)], *by_doc.get(d, [])]:
                seen |= _said(toks, pair)
        return seen == pair

    tests = [any_word, both] if pair else [any_word]
    while tests and not any(all(t(s) for t in tests) for s in strands):
        tests.pop()
    return lambda s: all(t(s) for t in tests)


def plain_topic_words(query: str | None) -> set[str]:
    """The content words of a one-sentence topic without its places: the words written in lower
    case and the names it asks about ("Chelsea"); none for a question of several sentences
    (DUC's)."""
    if not query or len(re.findall(r"[.?!](?:\s|$)", query.strip())) > 1:
        return set()
    return content_words([w for w in query.split() if w[:1].islower()] + topic_names(query))
