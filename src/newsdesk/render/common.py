"""Helpers shared by the renderers: labels, repairs, link safety and the verification foot."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.briefing import Briefing, BriefSentence, Paragraph, cite_ids, undo_repairs

# What browsers strip from both ends of an attribute URL before reading its scheme:
# C0 control characters and the space.
_EDGE = "".join(chr(c) for c in range(0x21))
_WEB_SCHEME = re.compile(r"https?://[^/?#]", re.IGNORECASE)


def date_only(value: str | None) -> str:
    """The ``YYYY-MM-DD`` part of an ISO date or timestamp ("" for None)."""
    return (value or "")[:10]


def needs_label(p: Paragraph) -> bool:
    """The close gets an "Overall:" label unless its sentence already opens with "Overall"."""
    if p.role != "overall":
        return False
    first = p.sentences[0].text if p.sentences else ""
    return not first.lower().startswith((p.label or "overall").lower())


def label_of(p: Paragraph) -> str | None:
    """The label shown before a paragraph's prose ("Overall"), or None when none is shown."""
    return (p.label or "Overall") if needs_label(p) else None


def flat(text: str) -> str:
    """Line breaks of a hard-wrapped source shown as spaces (the JSON keeps them verbatim)."""
    return " ".join(text.split())


def repair_parts(s: BriefSentence) -> list[tuple[str, bool]]:
    """The sentence as ``(text, repaired)`` parts in reading order, whitespace runs shown as
    single spaces; ``repaired`` parts are the replacements a renderer shows in brackets. A
    sentence whose repairs are not where they say is one plain part."""
    reps = sorted(s.all_repairs(), key=lambda r: r.at)
    if not reps or undo_repairs(s.text, reps) is None:
        return [(flat(s.text), False)]
    parts: list[tuple[str, bool]] = []
    pos = 0
    for r in reps:
        parts.append((s.text[pos : r.at], False))
        kept = r.original.strip()
        if kept and r.replacement.lower().endswith(" " + kept.lower()):
            # Only the inserted words in brackets: "[As of April 2023,] the three ...",
            # "[U.S. Ambassador] Douglas Pruett".
            cut = len(r.replacement) - len(kept)
            parts.append((r.replacement[:cut].rstrip(), True))
            parts.append((r.replacement[cut - 1 :], False))
        else:
            parts.append((r.replacement, True))
        pos = r.at + len(r.replacement)
    parts.append((s.text[pos:], False))
    out = [(re.sub(r"\s+", " ", t), rep) for t, rep in parts if t]
    if out:
        out[0] = (out[0][0].lstrip(), out[0][1])
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return [p for p in out if p[0]]


def safe_url(url: str | None) -> str | None:
    """``url`` when it may become a link (an absolute ``http``/``https`` URL), else None.

    The check reads the scheme the way a browser does: C0 control characters and spaces at
    either end are ignored, the scheme is case-insensitive. A URL holding whitespace or control
    characters anywhere (browsers drop tabs and newlines inside a URL, so ``java\\tscript:``
    would run), or ``<``/``>`` (which would break a Markdown autolink), is refused whole.
    """
    if not url:
        return None
    url = url.strip(_EDGE)
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        return None
    if "<" in url or ">" in url:
        return None
    return url if _WEB_SCHEME.match(url) else None


def verification_line(b: Briefing) -> str | None:
    """ "Verified: 12 of 12 sentences ..." for the foot of a briefing, None if unverified."""
    v = b.verification
    if v is None or (v.checked == 0 and not v.dropped):  # nothing written, nothing to verify
        return None
    # A templated line that cites nothing ("Reported between ...") is no sentence a reader
    # checks against sources: the foot counts the cited ones it shows.
    meta = sum(1 for s in b.sentences() if s.kind == "templated" and not s.citations)
    passed, checked = max(0, v.passed - meta), max(0, v.checked - meta)
    line = f"Verified: {passed} of {checked} sentences checked against their cited sources"
    if v.recited:
        them = "them" if v.recited != 1 else "it"
        line += f" ({v.recited} re-cited to the article that supports {them})"
    if v.dropped:
        n = len(v.dropped)
        were = "sentences failed and were" if n != 1 else "sentence failed and was"
        line += f"; {n} {were} left out"
    if v.flagged:
        n = v.flagged
        line += f"; {n} unsupported {'sentences' if n != 1 else 'sentence'} kept and flagged"
    return line + "."


def usage_line(b: Briefing) -> str | None:
    """ "Written by openai:model: 1,234 prompt + 321 answer tokens, 4.2 s." for LLM writers."""
    u = b.usage
    if not u:
        return None
    approx = "about " if u.get("tokens_estimated") else ""
    line = (
        f"Written by {b.writer}: {approx}{int(u.get('prompt_tokens', 0)):,} prompt + "
        f"{int(u.get('completion_tokens', 0)):,} answer tokens, {float(u.get('seconds', 0)):.1f} s"
    )
    if u.get("cached"):
        line += " (answer from the cache: no tokens spent)"
    return line + "."


CITE_MODES = ("sentence", "paragraph")


def shown_cites(p: Paragraph, cite: str = "sentence") -> list[list[str]]:
    """The IDs shown after each sentence of ``p``: its own (``sentence``), or every ID of the
    paragraph after its last sentence only (``paragraph``, as the sample briefing does)."""
    if cite == "paragraph":
        merged: list[str] = []
        for s in p.sentences:
            merged += [i for i in cite_ids(s) if i not in merged]
        return [[] for _ in p.sentences[:-1]] + [merged] if p.sentences else []
    return [cite_ids(s) for s in p.sentences]


def flag_of(s: BriefSentence) -> str | None:
    """Why a sentence kept with ``--keep-unsupported`` is unsupported (None: not flagged)."""
    v = s.verdict
    if v is None or not v.flagged:
        return None
    return v.reason or "unsupported"


@dataclass(frozen=True)
class LeftOut:
    """A sentence the verify stage dropped, as the foot of a briefing lists it."""

    text: str  # flattened and shortened
    kind: str
    ids: list[str]
    reason: str


def shorten(text: str, width: int = 100) -> str:
    """``text`` flattened and cut at a word boundary to at most ``width`` characters."""
    text = flat(text)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def left_out(b: Briefing, width: int = 100) -> list[LeftOut]:
    """The dropped sentences of ``b`` in reading order, each with the reason it failed."""
    if b.verification is None:
        return []
    out: list[LeftOut] = []
    for d in b.verification.dropped:
        s = d.sentence
        reason = (s.verdict.reason if s.verdict else None) or "failed verification"
        out.append(LeftOut(shorten(s.text, width), s.kind, cite_ids(s), reason))
    return out
