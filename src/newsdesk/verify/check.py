"""``newsdesk verify``: a briefing written anywhere, checked against the store."""

from __future__ import annotations

from typing import Any

from newsdesk.briefing import Briefing, cite_ids
from newsdesk.store.base import Store
from newsdesk.verify.document import whole_article_spans
from newsdesk.verify.sources import from_articles
from newsdesk.verify.stage import verify
from newsdesk.verify.support import SourceDoc, SupportChecker


def check_against(b: Briefing, sources: dict[str, SourceDoc], checker: SupportChecker) -> Briefing:
    """Every sentence of ``b`` with its verdict (none dropped: unsupported ones flagged)."""
    texts = {i: d.text for i, d in sources.items()}
    whole_article_spans(b, texts)
    return verify(
        b, texts, checker=checker, sources=sources, keep_unsupported=True, require_one=False
    )


def check_document(b: Briefing, store: Store, checker: SupportChecker) -> Briefing:
    """:func:`check_against` the articles of ``store`` that ``b`` cites."""
    ids = sorted({i for s in b.sentences() for i in cite_ids(s)})
    sources = from_articles(store.get_articles(ids, sentences=False))
    return check_against(b, sources, checker)


def report(b: Briefing) -> dict[str, Any]:
    """The verdict on every sentence, for ``--json`` (and the table)."""
    v = b.verification
    assert v is not None
    rows = []
    for s in v.sentences:
        verdict = s.verdict
        ok = bool(verdict and verdict.ok)
        reasons = (
            (verdict.reasons or ([verdict.reason] if verdict.reason else [])) if verdict else []
        )
        rows.append(
            {
                "text": s.text,
                "cites": cite_ids(s),
                "supported": ok,
                "check": verdict.check if verdict else "",
                "reasons": reasons,
                "spans": [
                    {"id": c.id, "start": c.start, "end": c.end}
                    for c in (verdict.spans if verdict else [])[:3]
                ],
            }
        )
    bad = sum(1 for r in rows if not r["supported"])
    return {
        "sentences": rows,
        "checked": len(rows),
        "supported": len(rows) - bad,
        "unsupported": bad,
    }
