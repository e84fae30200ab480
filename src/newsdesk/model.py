"""Plain data types shared by every stage of the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Sentence:
    """One sentence of a stored article: ``text == article.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class RawArticle:
    """An article as a source yields it, before IDs, dedup and sentence splitting."""

    title: str
    text: str
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, UTC when known
    source: str | None = None  # outlet name
    author: str | None = None
    origin: str = ""  # where it came from, e.g. "feed.xml:12" or a URL, for messages
    encoding: str | None = None  # the text encoding the bytes were read with, when known
    # a feed entry polled again: the same link with new text is a corrected version of it
    revisable: bool = False


@dataclass
class Article:
    """A stored article."""

    id: str
    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    original_id: str | None = None  # set when this is a near-duplicate (wire copy) of another
    similarity: float | None = None  # estimated Jaccard similarity to the original
    sentences: list[Sentence] = field(default_factory=list)
    encoding: str | None = None  # the text encoding it was read with, when known
    date_source: str | None = None  # metadata, url, dateline, text or none (None: not recorded)


@dataclass(frozen=True)
class Reject:
    """A record that could not be ingested, with where it was and why."""

    where: str  # "FILE:LINE" or a URL
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class BriefRequest:
    """What the user asked for."""

    topic: str
    since: str | None = None
    until: str | None = None
    story: str | None = None  # only this story's articles
    words: int = 250
    # update briefings (newsdesk.briefs.updates): articles up to ``new_since`` count as read;
    # ``since_last``: what the previous briefing on the topic covered counts as read
    new_since: str | None = None
    since_last: bool = False
    disagreements: bool = False  # add a "Where reports differ" paragraph


@dataclass
class EvidenceDoc:
    """An article handed to a writer: ``sentences`` index ``text`` exactly."""

    id: str
    title: str
    text: str
    sentences: list[Sentence]
    source: str | None = None
    published: str | None = None
    url: str | None = None
    lineage_id: str | None = None  # docs sharing it are wire copies, not independent
    story_id: str | None = None


@dataclass
class Evidence:
    """The articles retrieval chose for a request, best first, and a way to embed text.

    ``embed`` maps texts to unit vectors with the store's vector cache (None: lexical only).
    """

    docs: list[EvidenceDoc]
    embed: Callable[[list[str]], np.ndarray] | None = None
    notes: list[str] = field(default_factory=list)


def window_phrase(since: str | None, until: str | None) -> str:
    """ " between 2026-01-01 and 2026-01-31" (or " since ...", " until ...", "") for messages."""
    if since and until:
        return f" between {since[:10]} and {until[:10]}"
    if since:
        return f" since {since[:10]}"
    if until:
        return f" until {until[:10]}"
    return ""
