"""What the story views need of the engine, as a protocol.

A story's disagreements (:mod:`newsdesk.stories.differ`) and its timeline
(:mod:`newsdesk.stories.timeline`), shown by ``newsdesk story`` and ``newsdesk timeline``, are
handed the engine by the command. They depend on this protocol rather than on
:class:`newsdesk.engine.Engine`, so no import runs back up from them to the engine. (The
briefing path, :mod:`newsdesk.briefs`, is handed its stages instead.)
"""

from __future__ import annotations

from typing import Protocol

from newsdesk.briefing import Briefing
from newsdesk.embed import Embedder
from newsdesk.model import BriefRequest
from newsdesk.store.base import Store


class EngineView(Protocol):
    """The engine as the story views see it."""

    @property
    def store(self) -> Store: ...

    @property
    def embedder(self) -> Embedder: ...


class Briefer(EngineView, Protocol):
    """The engine as story summaries see it: the views' store and embedder, and one call to
    the normal briefing path (write, verify), so a summary is written like any briefing."""

    def brief(self, request: BriefRequest) -> Briefing: ...
