"""The ``Writer`` interface: from a request and its evidence to a cited briefing.

A writer never touches the store: the briefing path (:mod:`newsdesk.briefs.flow`) retrieves
and selects the evidence, the writer writes, the verify stage checks what it wrote, a renderer
shows it. Every writer is built by :func:`newsdesk.briefs.writers.make_writer`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from newsdesk.briefing import Briefing
from newsdesk.model import BriefRequest, Evidence
from newsdesk.store.base import CachedResponse


@runtime_checkable
class Writer(Protocol):
    """Writes a briefing whose every sentence cites the evidence it rests on."""

    name: str

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing: ...


class ResponseCache(Protocol):
    """Where a model writer keeps the answers it got (the store)."""

    def llm_cache_get(self, key: str) -> CachedResponse | None: ...
    def llm_cache_put(self, key: str, response: CachedResponse) -> None: ...
