"""One sentence's dependency parse, cached: the lowest room of the writer that reads grammar
(dates, openers, clauses and strands all ask it)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4096)
def parse_sentence(text: str) -> Any:
    """The dependency parse of one sentence (spaCy, cached: a plan asks for the same headline
    sentences more than once, and a repeated topic asks again)."""
    from newsdesk.stories.entities import get_parser

    return get_parser()(" ".join(text.split()))
