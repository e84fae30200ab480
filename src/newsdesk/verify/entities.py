"""Named entities a sentence states, checked against the words of its sources.

The sentence's entities come from spaCy's NER (the pipeline :mod:`newsdesk.stories.entities`
loads once per process); a source is only tokenised. An entity is supported when every
capitalised word of it appears in one cited source, so a short form passes ("Sheinbaum" for
"Claudia Sheinbaum"); a demonym passes for its country ("Mexican" for "Mexico") by a shared
five-letter stem. Titles and determiners inside an entity ("President", "the") are not
required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.stories.entities import KEEP_LABELS, get_nlp, tame

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")
_TITLES = frozenset(
    {
        "the", "president", "prime", "minister", "secretary", "sen", "senator", "rep", "gov",
        "governor", "mr", "mrs", "ms", "dr", "gen", "general", "king", "queen", "pope", "judge",
        "chief", "former", "vice", "of", "and", "for", "de", "del", "la", "los", "las", "u.s",
        "st", "jr", "sr", "mayor", "chairman", "ceo", "director", "new",
    }
)  # fmt: skip
STEM = 5


def _norm(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip(".'-")


def words_of(text: str) -> set[str]:
    """The normalised words of a source, hyphenated parts included."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        w = _norm(m.group())
        out.add(w)
        out.update(p for p in w.split("-") if p)
    return out


def _stems(words: set[str]) -> set[str]:
    return {w[:STEM] for w in words if len(w) >= STEM}


def sentence_entities(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """``(text, label)`` of the named entities of each text (one NER pass over all)."""
    nlp = get_nlp()
    return [
        [(e.text, e.label_) for e in doc.ents if e.label_ in KEEP_LABELS]
        for doc in nlp.pipe([tame(t) for t in texts], batch_size=64)
    ]


def required_words(entity: str) -> list[str]:
    """The words of an entity a source must contain: capitalised, not a title."""
    out = []
    for m in _WORD.finditer(entity):
        w = m.group()
        n = _norm(w)
        if not n or n in _TITLES or not w[0].isupper():
            continue
        out.append(n)
    return out


def unsupported_entities(
    entities: Sequence[tuple[str, str]], source_words: Sequence[set[str]]
) -> list[str]:
    """The entities no single cited source contains (``source_words`` from :func:`words_of`)."""
    stems = [_stems(ws) for ws in source_words]
    bad: list[str] = []
    for text, label in entities:
        need = required_words(text)
        if not need:
            continue
        ok = False
        for ws, st in zip(source_words, stems, strict=True):
            if all(
                n in ws
                or any(p in ws for p in n.split("-") if p)
                or (label in ("NORP", "GPE") and len(n) >= STEM and n[:STEM] in st)
                for n in need
            ):
                ok = True
                break
        if not ok:
            bad.append(text)
    return bad


_CAP = re.compile(r"(?<![\w'’.-])([A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]{2,}(?:-[A-Z]+)?)")
_OPENS = ('"', "“", "‘", "'", "(", "—", "-")
_CALENDAR = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday i overall""".split()
)


def unsupported_capitalised(text: str, source_words: Sequence[set[str]]) -> list[str]:
    """Capitalised words inside the sentence (not opening it or a quote) that no cited source
    has in any case: names NER missed. A demonym passes by its five-letter stem."""
    union: set[str] = set()
    for ws in source_words:
        union |= ws
    stems = _stems(union)
    bad: list[str] = []
    for m in _CAP.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before.endswith((".", "!", "?", ":", *_OPENS)):
            continue
        n = _norm(m.group())
        if not n or n in _TITLES or n in _CALENDAR:
            continue
        parts = [p for p in n.split("-") if p]
        if n in union or all(p in union for p in parts):
            continue
        if len(n) >= STEM and n[:STEM] in stems:
            continue
        if m.group() not in bad:
            bad.append(m.group())
    return bad
