"""JSON: every sentence with its kind, citations (character spans), repair and verdict.

The shape (stable; keys in this order, texts verbatim, line breaks kept)::

    {
      "topic": str | null, "since": str | null, "until": str | null, "notice": str | null,
      "paragraphs": [
        {"role": "lead" | "strand" | "overall", "label": str | null,
         "sentences": [SENTENCE, ...]}
      ],
      "writer": str,                          # e.g. "extractive", "openai:llama3.2"
      "usage": null | {"model": str, "prompt_tokens": int, "completion_tokens": int,
                "tokens_estimated": bool, "seconds": float, "cached": bool,
                "evidence_sentences": int, "rejected_ids": [str]},   # LLM writers only
      "verification": null | {                # null when the verify stage did not run
        "checked": int, "passed": int, "supported": int, "recited": int, "flagged": int,
        "dropped": [{"paragraph": int,        # index in the briefing as written
                     "text": str, "kind": KIND, "citations": [CITATION, ...],
                     "verdict": VERDICT}]
      },
      "sources": [{"id": str, "source": str | null, "published": str | null,
                   "title": str, "url": str | null}]
    }

    SENTENCE = {"text": str, "kind": KIND, "citations": [CITATION, ...],
                "verdict": VERDICT | null,
                "repair": null | {"original": str, "replacement": str},
                "repairs": [{"original": str, "replacement": str, "at": int}, ...]}
    KIND     = "extracted" | "repaired" | "templated" | "generated"
    CITATION = {"id": str, "start": int, "end": int}   # article.text[start:end]
    VERDICT  = {"ok": bool, "check": str, "reason": str | null,
                "reasons": [str],               # every reason of the content check
                "spans": [CITATION],            # best supporting spans, best first
                "flagged": bool,                # kept unsupported (--keep-unsupported)
                "recited_from": [str] | null,   # the IDs it cited before re-citing
                "similarity": float | null, "coverage": float | null}

``repairs`` of a repaired sentence rebuild its cited span: undone from the last to the
first, each ``text[at:at + len(replacement)]`` becomes ``original``
(:func:`newsdesk.briefing.undo_repairs`); ``repair`` is the first of them, kept for readers of
the earlier shape (a leading repair: ``span == original + text[len(replacement):]``). URLs
are given as stored; a consumer that turns them into links must check the scheme itself (see
:func:`newsdesk.render.common.safe_url`).
"""

from __future__ import annotations

import json
from typing import Any

from newsdesk.briefing import Briefing, BriefSentence, Citation


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    """The JSON-ready structure of :func:`render_json` (shape in the module docstring)."""
    return {
        "topic": b.topic,
        "since": b.since,
        "until": b.until,
        "notice": b.notice,
        "paragraphs": [
            {
                "role": p.role,
                "label": p.label,
                "sentences": [_sentence(s) for s in p.sentences],
            }
            for p in b.paragraphs
        ],
        "writer": b.writer,
        "usage": b.usage,
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
    """The briefing as indented JSON, non-ASCII kept (shape in the module docstring)."""
    return json.dumps(briefing_to_dict(b), ensure_ascii=False, indent=2)


def _citations(cs: list[Citation]) -> list[dict[str, Any]]:
    return [{"id": c.id, "start": c.start, "end": c.end} for c in cs]


def _sentence(s: BriefSentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "kind": s.kind,
        "citations": _citations(s.citations),
        "verdict": _verdict(s),
        "repair": (
            {"original": s.repair.original, "replacement": s.repair.replacement}
            if s.repair
            else None
        ),
        "repairs": [
            {"original": r.original, "replacement": r.replacement, "at": r.at}
            for r in s.all_repairs()
        ],
    }


def _verdict(s: BriefSentence) -> dict[str, Any] | None:
    v = s.verdict
    if v is None:
        return None
    return {
        "ok": v.ok,
        "check": v.check,
        "reason": v.reason,
        "reasons": list(v.reasons),
        "spans": _citations(v.spans[:3]),
        "flagged": v.flagged,
        "recited_from": v.recited_from,
        "similarity": v.similarity,
        "coverage": v.coverage,
    }


def _verification(b: Briefing) -> dict[str, Any] | None:
    v = b.verification
    if v is None:
        return None
    return {
        "checked": v.checked,
        "passed": v.passed,
        "supported": v.supported,
        "recited": v.recited,
        "flagged": v.flagged,
        "dropped": [
            {
                "paragraph": d.paragraph,
                "text": d.sentence.text,
                "kind": d.sentence.kind,
                "citations": _citations(d.sentence.citations),
                "verdict": _verdict(d.sentence),
            }
            for d in v.dropped
        ],
    }
