"""The ``Writer`` interface: from a request and its evidence to a cited briefing.

A writer never touches the store: the engine retrieves and selects the evidence, the writer
writes, the verify stage checks what it wrote, a renderer shows it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from newsdesk.briefing import Briefing
from newsdesk.model import BriefRequest, Evidence


@runtime_checkable
class Writer(Protocol):
    """Writes a briefing whose every sentence cites the evidence it rests on."""

    name: str

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing: ...
