"""The in-memory clustering state of one (store, embedding model), and the story rows it yields.

:class:`~newsdesk.stories.service.StoryGrouper` keeps a ``_State`` per (store location, model)
in ``_CACHE`` between calls: the story index (running sums), story numbers to IDs, the label
candidates and entities of every placed article, and the store token it was read at. From it
come each story's label and figures (first/last seen, counts, top entities).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.store.base import MemberRow, StoryRow
from newsdesk.stories.core import StoryConfig, StoryIndex
from newsdesk.stories.entities import Candidate, Entity, LabelDoc, label_candidates, label_from

TOP_ENTITIES = 6


@dataclass
class _State:
    index: StoryIndex
    sids: list[str]  # story number -> story ID
    token: str | None
    config: StoryConfig
    cands: dict[str, dict[str, Candidate]] = field(default_factory=dict)
    entities: dict[str, list[Entity]] = field(default_factory=dict)
    background: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add_label_docs(self, docs: dict[str, LabelDoc]) -> None:
        for aid, d in docs.items():
            if aid in self.cands:
                continue
            c = label_candidates(d)
            self.cands[aid] = c
            self.entities[aid] = list(d.entities)
            for k, v in c.items():
                self.background[k] += v.weight

    def label(self, members: Sequence[str], parts: int = 2, groups: int | None = None) -> str:
        n_groups = groups if groups is not None else max(len(self.sids), 1)
        avg = sum(self.background.values()) / max(n_groups, 1)
        return label_from(
            [self.cands[a] for a in members if a in self.cands], self.background, avg, parts=parts
        )


# In-memory clustering states per (store location, model).
_CACHE: dict[tuple[str, str], _State] = {}


def forget_all() -> None:
    """Drop every cached state (as if another process had written)."""
    _CACHE.clear()


def _figures(sid: str, label: str, rows: Sequence[MemberRow], st: _State) -> StoryRow:
    """First/last seen, counts and top entities of one story's members."""
    dates = sorted(r.published for r in rows if r.published)
    outlets = {r.source or "(unknown outlet)" for r in rows}
    # An outlet counts once however many copies of one wire story it and others ran.
    roots = {r.lineage_id: (r.root_source or r.source or r.lineage_id) for r in rows}
    by_entity: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, tuple[str, str]] = {}
    total: Counter[str] = Counter()
    for r in rows:
        for e in st.entities.get(r.id, []):
            by_entity[e.key].add(r.lineage_id)
            total[e.key] += e.count
            shown.setdefault(e.key, (e.text, e.label))
    top = sorted(by_entity, key=lambda k: (-len(by_entity[k]), -total[k], k))[:TOP_ENTITIES]
    return StoryRow(
        id=sid,
        label=label,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        article_count=len(rows),
        outlet_count=len(outlets),
        independent_sources=len(set(roots.values())),
        top_entities=[[shown[k][0], shown[k][1], len(by_entity[k])] for k in top],
    )
