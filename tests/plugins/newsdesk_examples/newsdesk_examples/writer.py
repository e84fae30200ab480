"""``lead-lines``: a briefing of the lead sentence of each of the best-matching articles.

Its options come from the config file's ``[writer.lead-lines]`` table::

    [writer]
    name = "lead-lines"

    [writer.lead-lines]
    articles = 3          # how many articles to quote
    label = "Top lines"   # the paragraph's label
"""

from __future__ import annotations

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, SourceRef
from newsdesk.errors import InputError
from newsdesk.model import BriefRequest, Evidence


class LeadLines:
    name = "lead-lines"

    def __init__(self, articles: int = 2, label: str = "Top lines") -> None:
        if not isinstance(articles, int) or articles < 1:
            # an InputError is shown as one line (exit 2), like newsdesk's own config errors
            raise InputError(f"[writer.lead-lines] articles: expected a whole number above 0, "
                             f"got {articles!r}")
        self.articles = articles
        self.label = label

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        docs = [d for d in evidence.docs if d.sentences][: self.articles]
        lines = []
        for d in docs:
            first = d.sentences[0]
            # the sentence exactly as stored, citing its own span: the verifier checks it
            lines.append(BriefSentence(first.text, "extracted",
                                       [Citation(d.id, first.start, first.end)]))
        return Briefing(
            topic=request.topic,
            paragraphs=[Paragraph("lead", lines, label=self.label)],
            sources=[SourceRef(d.id, d.source, d.published, d.title, d.url) for d in docs],
            since=request.since,
            until=request.until,
            writer=self.name,
        )
