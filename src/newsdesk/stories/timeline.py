"""Cited timelines: per day, the one or two sentences that carry that day's development.

For each day (by publication date, UTC) the candidates are the opening sentences of that day's
articles (where news copy states what happened). A candidate scores by how central it is among
the day's independent articles (mean cosine to the other lineages' candidates: what several
outlets report), plus a lead bonus, and it is skipped when it repeats a sentence already chosen
for an earlier day (cosine >= ``REPEAT``): a timeline says what moved each day, not the
background every article restates. A second sentence is added when the day has at least two
independent articles and a candidate from another article says something else (cosine below
``REPEAT`` to the first). Each sentence is cited with its article and character span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.model import EvidenceDoc, Sentence

if TYPE_CHECKING:
    from newsdesk.ports import EngineView

LEAD = 4  # opening sentences of each article considered
REPEAT = 0.8
MIN_WORDS = 8

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class Line:
    text: str
    article_id: str
    start: int
    end: int
    source: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "id": self.article_id,
            "start": self.start,
            "end": self.end,
            "source": self.source,
        }


@dataclass
class Day:
    day: str
    articles: int
    lines: list[Line] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "articles": self.articles,
            "sentences": [x.as_dict() for x in self.lines],
        }


def _candidates(doc: EvidenceDoc) -> list[Sentence]:
    out = []
    for s in doc.sentences[:LEAD]:
        if len(s.text.split()) >= MIN_WORDS and not s.text.rstrip().endswith(":"):
            out.append(s)
    return out


def developments(docs: Sequence[EvidenceDoc], embed: Embed, *, per_day: int = 2) -> list[Day]:
    """The day-by-day timeline of ``docs`` (undated articles are left out), earliest first."""
    by_day: dict[str, list[EvidenceDoc]] = {}
    for d in docs:
        if d.published:
            by_day.setdefault(d.published[:10], []).append(d)
    chosen_vecs: list[np.ndarray] = []
    out = []
    for day in sorted(by_day):
        items = [(d, s) for d in by_day[day] for s in _candidates(d)]
        result = Day(day, len(by_day[day]))
        out.append(result)
        if not items:
            continue
        vecs = embed([s.text for _, s in items])
        lineages = [d.lineage_id or d.id for d, _ in items]
        sims = vecs @ vecs.T
        scores = []
        for i, (_d, s) in enumerate(items):
            others = [j for j in range(len(items)) if lineages[j] != lineages[i]]
            central = float(np.mean(sims[i, others])) if others else 0.0
            lead = 0.15 if s.index == 0 else (0.05 if s.index == 1 else 0.0)
            scores.append(central + lead)
        previous = np.stack(chosen_vecs) if chosen_vecs else None
        picked: list[int] = []
        independent = len(set(d.lineage_id or d.id for d in by_day[day]))
        for i in sorted(range(len(items)), key=lambda k: -scores[k]):
            if previous is not None and float(np.max(previous @ vecs[i])) >= REPEAT:
                continue  # yesterday's news
            if picked:
                if independent < 2 or len(picked) >= per_day:
                    break
                first = picked[0]
                if lineages[i] == lineages[first] or float(sims[i, first]) >= REPEAT:
                    continue
            picked.append(i)
            if len(picked) >= per_day:
                break
        for i in picked:
            d, s = items[i]
            result.lines.append(Line(s.text, d.id, s.start, s.end, d.source))
            chosen_vecs.append(vecs[i])
    return out


def story_timeline(engine: EngineView, story_id: str) -> list[Day]:
    from newsdesk.retrieve import embed_cached
    from newsdesk.stories.differ import story_docs

    docs = story_docs(engine, story_id)
    return developments(docs, lambda t: embed_cached(engine.store, engine.embedder, t))


def topic_timeline(
    engine: EngineView, topic: str, since: str | None = None, until: str | None = None
) -> list[Day]:
    """The timeline of the articles retrieval finds for ``topic`` in the window."""
    from newsdesk.errors import NotFoundError
    from newsdesk.model import window_phrase
    from newsdesk.retrieve import embed_cached, evidence_docs, retrieve

    store = engine.store
    hits = retrieve(store, topic, engine.embedder, since=since, until=until, limit=80)
    if not hits:
        raise NotFoundError(f"no articles match {topic!r}{window_phrase(since, until)}")
    docs = evidence_docs(store, [h.id for h in hits])
    return developments(docs, lambda t: embed_cached(store, engine.embedder, t))
