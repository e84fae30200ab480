"""The verify stage: every sentence of every writer, checked against its cited sources.

Runs on each briefing before it is rendered. A sentence passes when:

* every citation names an article that exists, with a span inside its text;
* ``extracted``: the sentence equals its first citation's span, character for character;
* ``repaired``: every recorded replacement stands where it says, and undoing the repairs
  gives back the span exactly;
* ``generated``: it cites at least one article (whether the span supports it is checked by
  the writer that maps citations to spans; here only that the spans exist);
* ``templated``: its citations exist (its facts are counted from them).

A failing sentence is removed and recorded in ``briefing.verification.dropped`` with its
verdict, so the published briefing holds only sentences that passed, and its JSON says why any
other was left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from newsdesk.briefing import (
    Briefing,
    BriefSentence,
    Dropped,
    Paragraph,
    SourceRef,
    Verdict,
    Verification,
    undo_repairs,
)
from newsdesk.errors import NewsdeskError


class VerificationError(NewsdeskError):
    """No sentence of a briefing passed verification."""


def check_sentence(s: BriefSentence, texts: Mapping[str, str]) -> Verdict:
    """The verdict on one sentence given ``{article id: stored text}``."""
    for c in s.citations:
        t = texts.get(c.id)
        if t is None:
            return Verdict(False, f"[{c.id}] is not a known article", "citations exist")
        if not 0 <= c.start < c.end <= len(t):
            return Verdict(
                False, f"[{c.id}] span {c.start}:{c.end} is outside the article", "citations exist"
            )
    if s.kind == "templated":
        return Verdict(True, None, "citations exist")
    if not s.citations:
        return Verdict(False, f"{s.kind} sentence without a citation", "citations exist")
    if s.kind == "generated":
        return Verdict(True, None, "citations exist")
    first = s.citations[0]
    span = texts[first.id][first.start : first.end]
    if s.kind == "repaired" or s.repair is not None:
        if s.repair is None:
            return Verdict(False, "repaired sentence without its repair record", "repair")
        expect = undo_repairs(s.text, s.all_repairs())
        if expect is None:
            return Verdict(False, "the text does not hold the recorded repair", "repair")
        if span != expect:
            return Verdict(
                False, f"[{first.id}] {first.start}:{first.end} is not the sentence text", "repair"
            )
        return Verdict(True, None, "repair")
    if span != s.text:
        return Verdict(
            False,
            f"[{first.id}] {first.start}:{first.end} is not the sentence text",
            "verbatim span",
        )
    return Verdict(True, None, "verbatim span")


def verify(briefing: Briefing, texts: Mapping[str, str]) -> Briefing:
    """A copy of ``briefing`` holding only the sentences that pass, each with its verdict.

    Paragraphs left empty are removed, and the Sources list keeps only articles still cited.
    Raises :class:`VerificationError` when no sentence passes.
    """
    report = Verification()
    paragraphs: list[Paragraph] = []
    for n, p in enumerate(briefing.paragraphs):
        kept: list[BriefSentence] = []
        for s in p.sentences:
            verdict = check_sentence(s, texts)
            checked = replace(s, verdict=verdict)
            report.checked += 1
            if verdict.ok:
                report.passed += 1
                kept.append(checked)
            else:
                report.dropped.append(Dropped(paragraph=n, sentence=checked))
        if kept:
            paragraphs.append(replace(p, sentences=kept))
    if not any(s.kind != "templated" for p in paragraphs for s in p.sentences):
        reasons = "; ".join(
            d.sentence.verdict.reason or "" for d in report.dropped[:3] if d.sentence.verdict
        )
        raise VerificationError(f"no sentence of the briefing passed verification ({reasons})")
    cited = {c.id for p in paragraphs for s in p.sentences for c in s.citations}
    sources: list[SourceRef] = [r for r in briefing.sources if r.id in cited]
    return replace(briefing, paragraphs=paragraphs, sources=sources, verification=report)


def problems(briefing: Briefing, texts: Mapping[str, str]) -> list[str]:
    """Every problem the verify stage finds in ``briefing``, one line each (empty: all pass)."""
    out: list[str] = []
    for s in briefing.sentences():
        v = check_sentence(s, texts)
        if not v.ok:
            out.append(f"{v.reason}: {s.text[:60]!r}")
    return out
