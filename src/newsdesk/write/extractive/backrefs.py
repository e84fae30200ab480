"""Definite descriptions that point back into their own article.

"Mr Blair had personally seen the change over time ...", "Google will not be paid for providing
the links.", "U.S. officials did not immediately comment on the deployment.": each "the X" names
something a sentence before it in the article told (a change, links, a deployment), so out of
the article the reader asks which. No list of such nouns can be complete, so the test is the
article's own: a definite description whose head word the article's last few sentences before
it already used is a reference back, unless the topic names it (a briefing on "the UK general
election" may say "the election") or the sentence itself introduced it first ("a fake site ...
the site"). Heads that a definite article makes specific by themselves ("the government", "the
world") and dates ("the week") are not references.

The article's lead sentence introduces; it is never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from newsdesk.write.extractive.naming import _NOT_PEOPLE
from newsdesk.write.extractive.words import STOPWORDS, stem

# Heads a definite article makes specific by themselves, or that are general or a date.
_SELF_DEFINED = frozenset(
    "world public economy government country nation police military army navy president "
    "prime minister people time year week day month morning afternoon evening night weekend "
    "season way end number state states city capital border future past present moment "
    "internet media press market markets industry war weather rest start beginning side "
    "top bottom middle first last latest same next other following former latter "
    "opposition parliament congress senate house commons lords universe earth sun moon planet "
    "environment climate courts law constitution sky sea ocean".split()
)
# Not a noun at the end of a description ("the wetlands around ...").
_NOT_HEADS = frozenset(
    "around about across along among between beyond despite during inside outside through "
    "toward towards under until upon within without".split()
)
_SUPERLATIVE = re.compile(r"(?:[a-z]{3,}est|most|least|best|worst|only|overall|whole|entire)$")
_WORD = re.compile(r"[A-Za-z][\w\-’']*")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
# What makes a description specific by itself: "of", a possessive, a place or date ("the school
# board in Pratt", "the session on 7 April"), an aside saying which ("The poll, conducted from
# June 27-30 ...").
_DEFINED_AFTER = re.compile(
    r"\s+(?:of|by|around|about|from|with|known|called|named|approved|made|set|held|led|run)\b"
    r"|['’]s\b|\s+(?:in|at|on|for|near)\s+(?:[A-Z]|\d)|,\s+[a-z]+ed\b"
)
# A candidate's problem when it points back at what its article told just before it: it may
# stand right after that sentence (:mod:`.followers`), nowhere else.
FOLLOWS = "follows"
# How far back in the article an earlier mention is looked for, in characters (about three
# sentences of news prose).
WINDOW = 600


_VERBS = frozenset(
    "looks seems appears remains says shows means needs makes takes gives comes goes gets "
    "keeps wants uses allows includes requires provides offers faces holds runs puts sets "
    "tells calls works plays lies stands follows leads began begins became becomes came went "
    "got made took gave told held ran put set found kept left met paid said saw won lost "
    "will would could should might must can may does did has had have was were are is".split()
)


def _looks_verb(word: str) -> bool:
    w = word.lower()
    return w in _VERBS or (len(w) > 4 and w.endswith("ed"))


def _heads(text: str) -> Iterable[tuple[str, int]]:
    """(head word, offset) of each "the X", "the X Y" (up to three lower-case content words
    after "the") outside quotations, that no "of" or possessive defines."""
    plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(plain)]
    for i, (w, _, _) in enumerate(words):
        if w.lower() != "the":
            continue
        run: list[tuple[str, int, int]] = []
        for nxt in words[i + 1 : i + 4]:
            if not nxt[0].islower() or nxt[0] in STOPWORDS or not nxt[0].isalpha():
                break
            run.append(nxt)
            if plain[nxt[2] : nxt[2] + 1] in ",;:.)":  # the phrase ends at punctuation
                break
        verb = next((k for k in range(1, len(run)) if _looks_verb(run[k][0])), None)
        if verb is not None:
            run = run[:verb]  # "the site looks plausible": the description ends at its verb
        if not run:
            continue
        if any(_SUPERLATIVE.match(w.lower()) for w, _, _ in run):
            continue  # "the highest rates", "the overall decline": said which by itself
        head, _, end = run[-1]
        if _DEFINED_AFTER.match(plain, end):
            continue
        yield head.lower(), words[i][1]


def _key(word: str) -> str:
    """A word's stem, without a final "e" ("change" and "changed" meet)."""
    s = stem(word.lower())
    return s[:-1] if s.endswith("e") and len(s) > 4 else s


def back_reference(text: str, before: str, topic: str = "") -> str | None:
    """The head of the first definite description in ``text`` that points back at ``before``
    (the article's words just before the sentence), or None. A head the ``topic`` names, one
    the sentence used before its "the", and self-defined heads are not references."""
    # a common noun's mentions: a word in lower case, or capitalised only to open a sentence
    # ("Y Vote Mock Elections" names a scheme; it does not mention votes)
    window = before[-WINDOW:]
    words = [
        m.group(0).lower()
        for m in _WORD.finditer(window)
        if m.group(0)[0].islower() or re.search(r"(?:^|[.!?\"”]\s+)$", window[: m.start()])
    ]
    earlier = {_key(w) for w in words}
    if not earlier:
        return None
    named = {_key(w) for w in _WORD.findall(topic)}
    for head, at in _heads(text):
        if head in _SELF_DEFINED or head in _NOT_HEADS or len(head) < 4 or head.endswith("ly"):
            continue
        s = _key(head)
        if s in named:
            continue
        if s in {_key(w) for w in _WORD.findall(text[:at])}:
            continue
        # "a scam website ... The site": an earlier compound ending in the head
        if s in earlier or any(len(w) > len(head) + 2 and w.endswith(head) for w in words):
            return head
    return None


# A name its article gave in full before ("Jonathan Kaplan", "Steve Hansen"): its first word.
_FULL_NAME = r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+{}\b"
# (a possessive counts: "What makes Haugen's complaints unprecedented ...")
_CAPITAL = re.compile(r"(?<![\w’'\-])([A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b(?!-)(?![’'](?!s\b))")


def surname_told_before(text: str, before: str, topic: str = "") -> str | None:
    """A surname the sentence gives alone ("will investigate Robinson", "as Nunez beat Cech")
    that its article gave with a first name before it (in ``before``): out of the article the
    reader does not know who that is. Not the sentence's first word (a subject's surname is
    read elsewhere), nor a word of a longer name in the sentence, nor one the topic or title
    names, nor a name the sentence gives in full too."""
    quoted = {m.span() for m in _QUOTED.finditer(text)}
    for m in _CAPITAL.finditer(text):
        w, at = m.group(1), m.start(1)
        if at == 0 or any(a <= at < b for a, b in quoted):
            continue
        head = text[:at].rstrip()
        tail = text[m.end(1) :]
        if re.search(r"(?:^|[\s(])[A-Z][\w.’'\-]*$", head) or re.match(r"\s+[A-Z]", tail):
            continue  # part of a longer name ("Sir Clive Woodward", "Kaplan Smith")
        if head.endswith((".", ":", "?", "!", '"', "“")) or w in topic or w in _NOT_PEOPLE:
            continue
        if re.match(r",\s+(?:who|a|an|the)\b", tail):
            continue  # "said Crowder, who works for ...": the role follows
        full = _FULL_NAME.format(re.escape(w))
        if re.search(full, text):
            continue
        for f in re.finditer(full, before):
            if _a_person(before[max(0, f.start() - 80) : f.end() + 40], w):
                return w
    return None


@lru_cache(maxsize=4096)
def _a_person(snippet: str, w: str) -> bool:
    """Whether the parser reads ``w`` in ``snippet`` as (part of) a person's name, not a place
    ("South Korea") or a club ("Real Madrid")."""
    from newsdesk.stories.entities import get_parser

    doc = get_parser()(" ".join(snippet.split()))
    return any(e.label_ == "PERSON" and w in e.text.split() for e in doc.ents)
