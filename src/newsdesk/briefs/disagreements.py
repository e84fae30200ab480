"""The "Where reports differ" paragraph (``brief --disagreements``), as draft sentences.

Within the stories the draft's sentences cite, the disagreements :mod:`newsdesk.stories.differ`
finds (numbers first, then dates, then denials) become templated sentences, each citing both
sides at their sentences. They join the draft before the verify stage, which checks them with
every other sentence and counts them in the one report.
"""

from __future__ import annotations

from dataclasses import replace

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, SourceRef
from newsdesk.store.base import Store
from newsdesk.stories.differ import disagreements_in
from newsdesk.stories.disagree import Disagreement, Embed

LABEL = "Where reports differ"
LIMIT = 3  # sentences in the paragraph


def sentence_of(d: Disagreement) -> BriefSentence:
    """One disagreement as a templated sentence citing each side's sentence."""
    sa, sb = d.a.source or "one report", d.b.source or "another"
    if d.kind == "number":
        text = f"{LABEL} on {d.subject}s: {sa} gives {d.a.value}; {sb}, {d.b.value}."
    elif d.kind == "date":
        text = f"{LABEL} on the day: {sa} says {d.a.value}; {sb}, {d.b.value}."
    else:
        text = f"{LABEL}: {sb} reports a denial ({d.b.value}) of what {sa} states."
    cites = [
        Citation(d.a.article_id, d.a.start, d.a.end),
        Citation(d.b.article_id, d.b.start, d.b.end),
    ]
    return BriefSentence(text, "templated", cites)


def with_disagreements(
    draft: Briefing, store: Store, embed: Embed, *, limit: int = LIMIT
) -> Briefing:
    """``draft`` with a closing "Where reports differ" paragraph of up to ``limit`` sentences,
    and the articles they cite added to its sources; ``draft`` itself when there is none."""
    cited = [c.id for s in draft.sentences() for c in s.citations]
    if not cited:
        return draft
    story_ids = list(dict.fromkeys(store.stories_of(cited).values()))
    found: list[Disagreement] = []
    for sid in story_ids:
        found += disagreements_in(store, embed, sid)
    found.sort(key=lambda d: (d.kind != "number", d.kind != "date", -d.similarity))
    sentences = [sentence_of(d) for d in found[:limit]]
    if not sentences:
        return draft
    have = {r.id for r in draft.sources}
    new_ids = [c.id for x in sentences for c in x.citations if c.id not in have]
    refs = [
        SourceRef(a.id, a.source, a.published, a.title, a.url)
        for a in store.get_articles(list(dict.fromkeys(new_ids)), sentences=False)
    ]
    return replace(
        draft,
        paragraphs=[*draft.paragraphs, Paragraph("strand", sentences, LABEL)],
        sources=[*draft.sources, *refs],
    )
