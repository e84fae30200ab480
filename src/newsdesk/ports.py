"""What the helper stages need of the engine, as a protocol.

The update briefings (:mod:`newsdesk.follow.updates`), a story's disagreements
(:mod:`newsdesk.stories.differ`) and its timeline (:mod:`newsdesk.stories.timeline`) are handed
the engine by the engine itself. They depend on this protocol rather than on
:class:`newsdesk.engine.Engine`, so no import runs back up from them to the engine.
"""

from __future__ import annotations

from typing import Protocol

from newsdesk.briefing import Briefing
from newsdesk.embed import Embedder
from newsdesk.model import BriefRequest, Evidence
from newsdesk.store.base import Store
from newsdesk.write.base import Writer


class EngineView(Protocol):
    """The engine as its helper stages see it."""

    @property
    def store(self) -> Store: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def writer(self) -> Writer: ...

    def refresh_stories(self) -> None:
        """Catch up on unplaced articles (story grouping)."""
        ...

    def write_verified(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        """Write a briefing from ``evidence`` and run the verify stage on it."""
        ...
