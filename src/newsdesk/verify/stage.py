"""The verify stage: every sentence of every writer, checked against its cited sources.

Runs on each briefing before it is rendered:

1. the structural check (:mod:`.structure`): citations exist, extracted sentences are their
   spans verbatim, repairs undo exactly; verbatim text needs nothing more;
2. the content check (:mod:`.support`) for generated sentences, and for repaired ones whose
   repair record does not undo exactly (a writer's "[on January 9, 2026]" date repair):
   numbers, dates and names in the cited text, and a cited span close in meaning;
3. a sentence that fails is re-cited when another evidence article supports it, else dropped
   (recorded in ``briefing.verification.dropped`` with its reasons) or, with
   ``keep_unsupported``, kept and flagged.

``briefing.verification`` counts sentences checked, supported, re-cited, flagged and dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from newsdesk.briefing import (
    Briefing,
    BriefSentence,
    Citation,
    Dropped,
    Paragraph,
    SourceRef,
    Verdict,
    Verification,
    cite_ids,
)
from newsdesk.errors import NewsdeskError
from newsdesk.verify.repairs import locate_original, repair_problems
from newsdesk.verify.structure import check_sentence
from newsdesk.verify.support import Claim, Finding, SourceDoc, SupportChecker

SYNTHESIS_OPENERS = ("overall", "in sum", "in short", "taken together", "altogether")
DROPPED = "citation [{id}] dropped: it does not state this ({why})"


class VerificationError(NewsdeskError):
    """No sentence of a briefing passed verification."""


def is_synthesis(paragraph: Paragraph, s: BriefSentence) -> bool:
    """Whether ``s`` is a closing synthesis. Kept for callers: it changes no check (every
    sentence, whatever opens it, is held to what each of its citations says)."""
    return paragraph.role == "overall" or s.text.lstrip().lower().startswith(SYNTHESIS_OPENERS)


# newsdesk's own lines about the briefing itself (how many articles, which days, where reports
# differ): their facts are counted from the citations, not stated by them. Any other sentence
# marked "templated" gets the content check like a generated one.
META_LINE = re.compile(
    r"^\W*(?:Overall, this briefing draws on \d|Reported (?:on|between) |Where reports differ)"
)


def is_meta_line(s: BriefSentence) -> bool:
    return s.kind == "templated" and bool(META_LINE.match(s.text))


def _needs_content_check(s: BriefSentence, structural: Verdict) -> bool:
    if s.kind == "templated":
        return structural.ok and not is_meta_line(s)
    if s.kind == "generated":
        # uncited (its IDs were not in the evidence): it may still be re-cited
        return structural.ok or not s.citations
    # A repaired sentence whose repair does not undo exactly (a writer's date repair such as
    # "[on January 9, 2026]" that the repair record does not describe): check what it says.
    # An extracted sentence stays strict: its text must be its span.
    return s.kind == "repaired" and not structural.ok and structural.check == "repair"


def _cited_docs(s: BriefSentence, sources: Mapping[str, SourceDoc]) -> list[SourceDoc]:
    return [sources[i] for i in cite_ids(s) if i in sources]


def _content_verdict(f: Finding, *, recited_from: list[str] | None = None) -> Verdict:
    spans = [Citation(i, a, b) for i, a, b in f.spans]
    sim, cov = round(f.similarity, 3), round(f.coverage, 3)
    if f.ok:
        check = "re-cited" if recited_from is not None else "support"
        notes = [DROPPED.format(id=i, why=why) for i, why in f.dropped]
        return Verdict(True, None, check, notes, spans, False, recited_from, sim, cov)
    return Verdict(
        False, "; ".join(f.reasons), "support", list(f.reasons), spans, False, None, sim, cov
    )


def _best_citations(s: BriefSentence, f: Finding) -> list[Citation]:
    """Each cited article's own best span; citations that do not support it dropped."""
    gone = {i for i, _ in f.dropped} | f.unused
    out = []
    for c in _dedup(s.citations):
        if c.id in gone:
            continue
        span = f.per_source.get(c.id)
        out.append(Citation(c.id, *span) if span else c)
    return out


def _check_repairs(
    s: BriefSentence, v: Verdict, texts: Mapping[str, str], docs: Mapping[str, SourceDoc]
) -> Verdict:
    """A repaired sentence whose repairs undo exactly still fails when a repair is not what
    its article gives (:mod:`.repairs`); a generated one's bracketed insertions must be what
    one of its cited articles gives."""
    reps = s.all_repairs()
    if not reps or not s.citations:
        return v
    if s.kind == "generated":
        found = []
        for i in cite_ids(s):
            if i not in docs:
                continue
            probs = []
            for r in reps:
                where = locate_original(s.text, r, docs[i].text) if not r.original else None
                if where is not None and where[0].original:
                    probs += repair_problems([where[0]], where[1], docs[i])
                else:
                    probs += repair_problems([r], docs[i].text, docs[i])
            found.append(probs)
        problems = min(found, key=len) if found else []
    else:
        first = s.citations[0]
        if first.id not in docs:
            return v
        span = texts[first.id][first.start : first.end]
        problems = repair_problems(reps, span, docs[first.id])
    if not problems:
        return v
    return Verdict(False, "; ".join(problems), "repair", list(problems))


def _share_paragraph_citations(
    flat: Sequence[tuple[int, BriefSentence, Verdict]], findings: Mapping[int, Finding]
) -> None:
    """Consecutive sentences of a paragraph citing the same articles share them (the
    paragraph style: one group of citations closing the paragraph). Such a citation is wrong
    only when it supports none of the sentences; one that supports some is quietly removed
    from the others, and a wrong one is reported once."""
    groups: list[list[int]] = []
    for k, (n, s, _) in enumerate(flat):
        key = (n, tuple(cite_ids(s)))
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev == k - 1
            and (flat[prev][0], tuple(cite_ids(flat[prev][1]))) == key
            and len(key[1]) > 1
        ):
            groups[-1].append(k)
        else:
            groups.append([k])
    for g in groups:
        members = [k for k in g if k in findings]
        if len(members) < 2:
            continue
        useful: set[str] = set()
        for k in g:
            if k not in findings and flat[k][2].ok:  # a line about the briefing, say
                useful |= set(cite_ids(flat[k][1]))
        for k in members:
            f = findings[k]
            if f.ok:
                gone = {i for i, _ in f.dropped}
                useful |= {i for i in cite_ids(flat[k][1]) if i not in gone}
        reported: set[str] = set()
        for k in members:
            f = findings[k]
            keep = []
            for i, why in f.dropped:
                if i in useful or i in reported:
                    f.unused.add(i)
                else:
                    reported.add(i)
                    keep.append((i, why))
            f.dropped = keep


def _citing(s: BriefSentence, article_id: str) -> BriefSentence:
    return replace(s, citations=[Citation(article_id, 0, 1)])


def _dedup(cs: Sequence[Citation]) -> list[Citation]:
    seen: set[str] = set()
    out = []
    for c in cs:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


def verify(
    briefing: Briefing,
    texts: Mapping[str, str],
    *,
    checker: SupportChecker | None = None,
    sources: Mapping[str, SourceDoc] | None = None,
    candidates: Sequence[SourceDoc] = (),
    keep_unsupported: bool = False,
    require_one: bool = True,
) -> Briefing:
    """A copy of ``briefing`` holding the sentences that pass (and, with ``keep_unsupported``,
    the flagged ones), each with its verdict.

    ``texts`` maps every cited ID to its stored text; ``sources`` adds publication days for the
    content check (built from ``texts`` when absent); ``candidates`` are the other evidence
    articles a failing sentence may be re-cited to. Without a ``checker`` generated sentences
    get only the structural check. Paragraphs left empty are removed, and the Sources list
    keeps only articles still cited. Raises :class:`VerificationError` when no sentence passes
    and ``require_one``.
    """
    docs = dict(sources or {})
    for i, t in texts.items():
        docs.setdefault(i, SourceDoc(i, t))
    if checker is not None and checker.sentences is not None:
        for d in (*docs.values(), *candidates):  # their sentences as the store keeps them
            if d.stored is None:
                d.stored = checker.sentences
    # 1. structural verdicts; collect the sentences that need the content check
    flat: list[tuple[int, BriefSentence, Verdict]] = []
    todo: list[int] = []
    claims: list[Claim] = []
    for n, p in enumerate(briefing.paragraphs):
        for s in p.sentences:
            v = check_sentence(s, texts)
            if v.ok:
                v = _check_repairs(s, v, texts, docs)
            k = len(flat)
            flat.append((n, s, v))
            if checker is not None and _needs_content_check(s, v):
                todo.append(k)
                claims.append(Claim(s.text, _cited_docs(s, docs), is_synthesis(p, s)))
    findings = dict(
        zip(todo, checker.check_many(claims) if checker and claims else [], strict=True)
    )
    _share_paragraph_citations(flat, findings)
    # 2. re-cite the failures to another evidence article that supports them alone
    recite: dict[int, tuple[str, Finding]] = {}
    failed = [k for k, f in findings.items() if not f.ok]
    if checker is not None and failed and candidates:
        pairs: list[tuple[int, SourceDoc]] = []
        for k in failed:
            n, s, _ = flat[k]
            cited = set(cite_ids(s))
            pairs += [(k, d) for d in candidates if d.id not in cited]
        alt = checker.check_many(
            [Claim(flat[k][1].text, [d], claims[todo.index(k)].synthesis) for k, d in pairs]
        )
        for (k, d), f in zip(pairs, alt, strict=True):
            if f.ok and (k not in recite or f.similarity > recite[k][1].similarity):
                recite[k] = (d.id, f)
    # 3. assemble
    report = Verification()
    kept_by_par: dict[int, list[BriefSentence]] = {}
    for k, (n, s, v) in enumerate(flat):
        report.checked += 1
        out = replace(s, verdict=v)
        if k in findings:
            f = findings[k]
            if f.ok:
                out = replace(s, citations=_best_citations(s, f), verdict=_content_verdict(f))
            elif k in recite:
                new_id, f2 = recite[k]
                v2 = _content_verdict(f2, recited_from=cite_ids(s))
                was = ", ".join(f"[{i}]" for i in cite_ids(s)) or "no evidence article"
                v2.reasons = [f"re-cited from {was}: {r}" for r in f.reasons]
                out = replace(s, citations=_best_citations(_citing(s, new_id), f2), verdict=v2)
            else:
                out = replace(s, verdict=_content_verdict(f))
        verdict = out.verdict
        assert verdict is not None
        report.sentences.append(out)
        if verdict.ok:
            report.passed += 1
            if verdict.recited_from is not None:
                report.recited += 1
            else:
                report.supported += 1
            kept_by_par.setdefault(n, []).append(out)
        elif keep_unsupported and k in findings:
            verdict.flagged = True
            report.flagged += 1
            kept_by_par.setdefault(n, []).append(out)
        else:
            report.dropped.append(Dropped(paragraph=n, sentence=out))
    paragraphs = [
        replace(p, sentences=kept_by_par[n])
        for n, p in enumerate(briefing.paragraphs)
        if kept_by_par.get(n)
    ]
    if require_one and not any(s.kind != "templated" for p in paragraphs for s in p.sentences):
        reasons = "; ".join(
            d.sentence.verdict.reason or "" for d in report.dropped[:3] if d.sentence.verdict
        )
        raise VerificationError(f"no sentence of the briefing passed verification ({reasons})")
    cited = {c.id for p in paragraphs for s in p.sentences for c in s.citations}
    refs: list[SourceRef] = [r for r in briefing.sources if r.id in cited]
    known = {r.id for r in refs}
    refs += [d.ref for d in candidates if d.ref and d.id in cited and d.id not in known]
    return replace(briefing, paragraphs=paragraphs, sources=refs, verification=report)


def problems(briefing: Briefing, texts: Mapping[str, str]) -> list[str]:
    """Every problem the structural check finds in ``briefing``, one line each (empty: all
    pass)."""
    out: list[str] = []
    for s in briefing.sentences():
        v = check_sentence(s, texts)
        if not v.ok:
            out.append(f"{v.reason}: {s.text[:60]!r}")
    return out
