"""The ``Writer`` interface: from a request and its evidence to a cited briefing.

A writer never touches the store: the engine retrieves and selects the evidence, the writer
writes, the verify stage checks what it wrote, a renderer shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from newsdesk.briefing import Briefing
from newsdesk.model import Sentence


@dataclass
class BriefRequest:
    """What the user asked for."""

    topic: str
    since: str | None = None
    until: str | None = None
    story: str | None = None  # only this story's articles
    words: int = 250


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


@runtime_checkable
class Writer(Protocol):
    """Writes a briefing whose every sentence cites the evidence it rests on."""

    name: str

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing: ...
