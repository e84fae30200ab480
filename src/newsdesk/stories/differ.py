"""A story's disagreements, through the engine: for ``newsdesk story`` and for a briefing's
"Where reports differ" paragraph (``brief --disagreements``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import Disagreement, find_disagreements

if TYPE_CHECKING:
    from newsdesk.briefing import Briefing
    from newsdesk.ports import EngineView


def story_docs(engine: EngineView, story_id: str) -> list[EvidenceDoc]:
    from newsdesk.retrieve import evidence_docs

    store = engine.store
    return evidence_docs(store, store.story_members(story_id), story_id=story_id)


def story_disagreements(engine: EngineView, story_id: str) -> list[Disagreement]:
    from newsdesk.retrieve import embed_cached

    docs = story_docs(engine, story_id)
    return find_disagreements(docs, lambda t: embed_cached(engine.store, engine.embedder, t))


def add_disagreements(engine: EngineView, briefing: Briefing, limit: int = 3) -> Briefing:
    """``briefing`` with a "Where reports differ" paragraph: number and date disagreements
    (then denials) within the stories its sentences cite, each side cited at its sentence."""
    from dataclasses import replace

    from newsdesk.briefing import BriefSentence, Citation, Paragraph, SourceRef, Verification
    from newsdesk.verify import check_sentence

    cited = [c.id for s in briefing.sentences() for c in s.citations]
    if not cited:
        return briefing
    engine.refresh_stories()
    story_ids = list(dict.fromkeys(engine.store.stories_of(cited).values()))
    found: list[Disagreement] = []
    for sid in story_ids:
        found += story_disagreements(engine, sid)
    found.sort(key=lambda d: (d.kind != "number", d.kind != "date", -d.similarity))
    sentences = []
    for d in found[:limit]:
        sa, sb = d.a.source or "one report", d.b.source or "another"
        if d.kind == "number":
            text = (
                f"Where reports differ on {d.subject}s: {sa} gives {d.a.value}; "
                f"{sb}, {d.b.value}."
            )
        elif d.kind == "date":
            text = f"Where reports differ on the day: {sa} says {d.a.value}; {sb}, {d.b.value}."
        else:
            text = (
                f"Where reports differ: {sb} reports a denial ({d.b.value}) of what {sa} states."
            )
        cites = [
            Citation(d.a.article_id, d.a.start, d.a.end),
            Citation(d.b.article_id, d.b.start, d.b.end),
        ]
        sentences.append(BriefSentence(text, "templated", cites))
    texts = engine.store.texts({c.id for x in sentences for c in x.citations})
    checked = [replace(x, verdict=check_sentence(x, texts)) for x in sentences]
    kept = [x for x in checked if x.verdict is not None and x.verdict.ok]
    if not kept:
        return briefing
    have = {r.id for r in briefing.sources}
    new_ids = [c.id for x in kept for c in x.citations if c.id not in have]
    refs = [
        SourceRef(a.id, a.source, a.published, a.title, a.url)
        for a in engine.store.get_articles(list(dict.fromkeys(new_ids)), sentences=False)
    ]
    v = briefing.verification or Verification()
    verification = replace(v, checked=v.checked + len(checked), passed=v.passed + len(kept))
    return replace(
        briefing,
        paragraphs=[*briefing.paragraphs, Paragraph("strand", kept, "Where reports differ")],
        sources=[*briefing.sources, *refs],
        verification=verification,
    )
