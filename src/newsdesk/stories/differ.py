"""A story's disagreements: what :mod:`.disagree` finds among the articles of one stored story,
for ``newsdesk story`` and for a briefing's "Where reports differ" paragraph (which
:mod:`newsdesk.briefs.disagreements` drafts from these, before the verify stage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.model import EvidenceDoc
from newsdesk.retrieve import embed_cached, evidence_docs
from newsdesk.store.base import Store
from newsdesk.stories.disagree import Disagreement, Embed, find_disagreements

if TYPE_CHECKING:
    from newsdesk.ports import EngineView


def docs_of_story(store: Store, story_id: str) -> list[EvidenceDoc]:
    return evidence_docs(store, store.story_members(story_id), story_id=story_id)


def disagreements_in(store: Store, embed: Embed, story_id: str) -> list[Disagreement]:
    """Claims that differ between independent sources within story ``story_id``."""
    return find_disagreements(docs_of_story(store, story_id), embed)


def story_docs(engine: EngineView, story_id: str) -> list[EvidenceDoc]:
    return docs_of_story(engine.store, story_id)


def story_disagreements(engine: EngineView, story_id: str) -> list[Disagreement]:
    store = engine.store
    return disagreements_in(store, lambda t: embed_cached(store, engine.embedder, t), story_id)
