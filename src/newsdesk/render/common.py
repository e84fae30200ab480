"""Helpers shared by the renderers."""

from __future__ import annotations

from newsdesk.briefing import Briefing, Paragraph


def date_only(value: str | None) -> str:
    return (value or "")[:10]


def needs_label(p: Paragraph) -> bool:
    """The close gets an "Overall:" label unless its sentence already opens with "Overall"."""
    if p.role != "overall":
        return False
    first = p.sentences[0].text if p.sentences else ""
    return not first.lower().startswith((p.label or "overall").lower())


def flat(text: str) -> str:
    """Line breaks of a hard-wrapped source shown as spaces (the JSON keeps them verbatim)."""
    return " ".join(text.split())


def verification_line(b: Briefing) -> str | None:
    """"Verified: 12 of 12 sentences ..." for the foot of a briefing, None if unverified."""
    v = b.verification
    if v is None:
        return None
    line = f"Verified: {v.passed} of {v.checked} sentences checked against their cited sources"
    if v.dropped:
        n = len(v.dropped)
        were = "sentences failed and were" if n != 1 else "sentence failed and was"
        line += f"; {n} {were} left out"
    return line + "."
