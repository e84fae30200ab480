"""Tokens, a light stemmer and the stopword list every extractive step shares."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z0-9]+")

# A compact English stopword list (function words only: content words must stay concepts).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t d ll m re ve said says say mr mrs ms one two new year years""".split()
)


def stem(token: str) -> str:
    """A light suffix stripper: enough to match plurals and verb forms of the same word."""
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if token.endswith(suffix):
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                return token
            base = token[: -len(suffix)] + repl
            if len(base) >= 3 and re.search(r"[aeiouy]", base):
                return base
            return token
    return token


def tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens, stemmed."""
    return [stem(t) for t in _TOKEN.findall(text.lower())]
