"""Tokens, a light stemmer and the stopword list every extractive step shares."""

from __future__ import annotations

import re

from newsdesk.stopwords import CONTRACTION_PIECES, HONORIFICS, REPORTING_VERBS
from newsdesk.stopwords import STOPWORDS as _SHARED

_TOKEN = re.compile(r"[a-z0-9]+")

# The shared list, plus contraction pieces, attribution, honorifics and the words too frequent in
# news to tell two sentences apart (content words must stay concepts).
STOPWORDS = (
    _SHARED
    | CONTRACTION_PIECES
    | REPORTING_VERBS
    | HONORIFICS
    | frozenset({"one", "two", "new", "year", "years"})
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
