"""The structural check: citations exist and extracted sentences are their spans.

A sentence passes when:

* every citation names an article that exists, with a span inside its text;
* ``extracted``: the sentence equals its first citation's span, character for character;
* ``repaired``: every recorded replacement stands where it says, and undoing the repairs
  gives back the span exactly;
* ``generated``: it cites at least one article (whether the text supports it is the content
  check's job, :mod:`newsdesk.verify.support`);
* ``templated``: its citations exist (its facts are counted from them).
"""

from __future__ import annotations

from collections.abc import Mapping

from newsdesk.briefing import BriefSentence, Verdict, undo_repairs


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
