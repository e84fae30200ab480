"""Source documents for the verify stage, from evidence or from the store."""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.briefing import SourceRef
from newsdesk.model import Article, EvidenceDoc
from newsdesk.verify.dates import parse_day
from newsdesk.verify.support import SourceDoc


def from_evidence(docs: Iterable[EvidenceDoc]) -> dict[str, SourceDoc]:
    return {
        d.id: SourceDoc(
            d.id,
            d.text,
            parse_day(d.published),
            ref=SourceRef(d.id, d.source, d.published, d.title, d.url),
        )
        for d in docs
    }


def from_articles(articles: Iterable[Article]) -> dict[str, SourceDoc]:
    return {
        a.id: SourceDoc(
            a.id,
            a.text,
            parse_day(a.published),
            ref=SourceRef(a.id, a.source, a.published, a.title, a.url),
        )
        for a in articles
    }
