"""JSON: every sentence with its kind, citations (character spans), repair and verdict."""

from __future__ import annotations

import json
from typing import Any

from newsdesk.briefing import Briefing, BriefSentence


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    """The JSON-ready structure of :func:`render_json`."""
    return {
        "topic": b.topic,
        "since": b.since,
        "until": b.until,
        "notice": b.notice,
        "paragraphs": [
            {
                "role": p.role,
                "label": p.label,
                "sentences": [
                    {
                        "text": s.text,
                        "kind": s.kind,
                        "citations": [
                            {"id": c.id, "start": c.start, "end": c.end} for c in s.citations
                        ],
                        "verdict": _verdict(s),
                        "repair": (
                            {"original": s.repair.original, "replacement": s.repair.replacement}
                            if s.repair
                            else None
                        ),
                    }
                    for s in p.sentences
                ],
            }
            for p in b.paragraphs
        ],
        "writer": b.writer,
        "verification": _verification(b),
        "sources": [
            {
                "id": s.id,
                "source": s.source,
                "published": s.published,
                "title": s.title,
                "url": s.url,
            }
            for s in b.sources
        ],
    }


def render_json(b: Briefing) -> str:
    """The briefing as JSON (see the module docstring for the ``repair`` field)."""
    return json.dumps(briefing_to_dict(b), ensure_ascii=False, indent=2)




def _verdict(s: BriefSentence) -> dict[str, Any] | None:
    v = s.verdict
    return None if v is None else {"ok": v.ok, "check": v.check, "reason": v.reason}


def _verification(b: Briefing) -> dict[str, Any] | None:
    v = b.verification
    if v is None:
        return None
    return {
        "checked": v.checked,
        "passed": v.passed,
        "dropped": [
            {
                "paragraph": d.paragraph,
                "text": d.sentence.text,
                "kind": d.sentence.kind,
                "citations": [
                    {"id": c.id, "start": c.start, "end": c.end} for c in d.sentence.citations
                ],
                "verdict": _verdict(d.sentence),
            }
            for d in v.dropped
        ],
    }
