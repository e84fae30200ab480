"""``newsdesk verify``: a briefing written anywhere, checked against the store.

Besides a verdict per sentence, the check helps with the fix: each failed fact quoted whole,
what the closest cited span says instead, and which stored article, if any, supports the
sentence (a search of the whole store, not only what it cites). :func:`fixed_markdown` writes
the corrected briefing: citations that state nothing dropped, failing sentences re-cited to
the article found, or marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from newsdesk.briefing import Briefing, BriefSentence, cite_ids
from newsdesk.store.base import Store
from newsdesk.verify.dates import date_facts
from newsdesk.verify.document import whole_article_spans
from newsdesk.verify.facts import quantities
from newsdesk.verify.sources import from_articles
from newsdesk.verify.stage import verify
from newsdesk.verify.support import Claim, SourceDoc, SupportChecker

_FACT = re.compile(r"^(number|date|name) '(.+?)' is not in the cited text")
_DROPPED = re.compile(r"^citation \[([0-9a-f]{8})\] dropped: (.*)$")
SUGGEST_ARTICLES = 8  # stored articles the search offers per failing sentence


@dataclass
class Suggestion:
    """A stored article that supports a sentence its citations do not."""

    id: str
    start: int
    end: int
    text: str


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


def suggest(
    b: Briefing, store: Store, checker: SupportChecker, search: Callable[[str], list[str]]
) -> dict[int, Suggestion]:
    """For each failing sentence of ``b`` (by its index in ``b.verification.sentences``), the
    stored article not already cited that supports it alone, among ``search(text)``."""
    v = b.verification
    assert v is not None
    failing = [
        (k, s) for k, s in enumerate(v.sentences) if s.verdict is not None and not s.verdict.ok
    ]
    if not failing:
        return {}
    pairs: list[tuple[int, SourceDoc]] = []
    wanted: dict[int, list[str]] = {}
    for k, s in failing:
        cited = set(cite_ids(s)) | {c.id for c in (s.verdict.spans if s.verdict else [])}
        wanted[k] = [i for i in search(s.text) if i not in cited][:SUGGEST_ARTICLES]
    docs = from_articles(
        store.get_articles(sorted({i for ids in wanted.values() for i in ids}), sentences=False)
    )
    for k, ids in wanted.items():
        pairs += [(k, docs[i]) for i in ids if i in docs]
    text_of = dict(failing)
    findings = checker.check_many([Claim(text_of[k].text, [d]) for k, d in pairs])
    best: dict[int, tuple[float, Suggestion]] = {}
    for (k, d), f in zip(pairs, findings, strict=True):
        if not f.ok or not f.spans:
            continue
        _, a, e = f.spans[0]
        if k not in best or f.similarity > best[k][0]:
            best[k] = (f.similarity, Suggestion(d.id, a, e, d.text[a:e]))
    return {k: sg for k, (_, sg) in best.items()}


def _span_text(texts: Mapping[str, str], i: str, a: int, b: int) -> str:
    return " ".join(texts.get(i, "")[a:b].split())


def _instead(reason: str, span: str) -> str | None:
    """What the span gives in place of a failed number or date."""
    m = _FACT.match(reason)
    if not m:
        return None
    if m.group(1) == "number":
        got = [q.text for q in quantities(span)]
    elif m.group(1) == "date":
        got = [f.phrase for f in date_facts(span, None)]
    else:
        return None
    return ", ".join(dict.fromkeys(got)) if got else None


def report(
    b: Briefing,
    texts: Mapping[str, str] | None = None,
    suggestions: Mapping[int, Suggestion] | None = None,
) -> dict[str, Any]:
    """The verdict on every sentence, for ``--json`` (and the table). ``texts`` (article ID
    to text) adds each span's text; ``suggestions`` from :func:`suggest`."""
    v = b.verification
    assert v is not None
    texts = texts or {}
    suggestions = suggestions or {}
    rows = []
    for k, s in enumerate(v.sentences):
        verdict = s.verdict
        ok = bool(verdict and verdict.ok)
        reasons = (
            (verdict.reasons or ([verdict.reason] if verdict.reason else [])) if verdict else []
        )
        dropped = []
        for r in reasons:
            m = _DROPPED.match(r)
            if m:
                dropped.append({"id": m.group(1), "reason": m.group(2)})
        spans = [
            {
                "id": c.id,
                "start": c.start,
                "end": c.end,
                "text": _span_text(texts, c.id, c.start, c.end),
            }
            for c in (verdict.spans if verdict else [])
        ]
        row: dict[str, Any] = {
            "text": s.text,
            "cites": cite_ids(s),
            "supported": ok,
            "needs_fix": not ok or bool(dropped),
            "check": verdict.check if verdict else "",
            "reasons": reasons,
            "failed_facts": [m.group(0)[: m.end(2) + 1] for r in reasons if (m := _FACT.match(r))],
            "dropped_citations": dropped,
            "spans": spans,
        }
        if not ok and spans:
            says: dict[str, Any] = dict(spans[0])
            instead = [x for r in reasons if (x := _instead(r, str(says["text"])))]
            if instead:
                says["gives"] = instead
            row["cited_article_says"] = says
        sg = suggestions.get(k)
        if sg is not None:
            row["supported_by"] = {
                "id": sg.id,
                "start": sg.start,
                "end": sg.end,
                "text": " ".join(sg.text.split()),
            }
        rows.append(row)
    bad = sum(1 for r in rows if not r["supported"])
    return {
        "sentences": rows,
        "checked": len(rows),
        "supported": len(rows) - bad,
        "unsupported": bad,
        "dropped_citations": sum(len(r["dropped_citations"]) for r in rows),
    }


def fixed_markdown(b: Briefing, result: dict[str, Any]) -> str:
    """The briefing with its fixes: citations that state nothing dropped, a failing sentence
    re-cited to the stored article that supports it, else marked ``[unsupported: ...]``."""
    v = b.verification
    assert v is not None
    rows = iter(result["sentences"])
    by_sentence: dict[int, dict[str, Any]] = {}
    for s in v.sentences:
        by_sentence[id(s)] = next(rows)
    out: list[str] = []
    for p in b.paragraphs:
        parts = []
        for s in p.sentences:
            row = by_sentence.get(id(s))
            parts.append(_fixed_sentence(s, row))
        text = " ".join(parts)
        if p.label:
            text = f"**{p.label}:** {text}"
        out.append(text)
    return "\n\n".join(out) + "\n"


def _fixed_sentence(s: BriefSentence, row: dict[str, Any] | None) -> str:
    body = s.text.rstrip()
    stop = ""
    if body and body[-1] in ".!?":
        body, stop = body[:-1], body[-1]
    ids = cite_ids(s)
    mark = ""
    if row is not None and not row["supported"]:
        sg = row.get("supported_by")
        if sg is not None:
            ids = [sg["id"]]
        else:
            why = "; ".join(r for r in row["reasons"] if not _DROPPED.match(r))
            mark = f" [unsupported: {why}]"
    cites = ", ".join(f"[{i}]" for i in ids)
    return f"{body} ({cites}){stop}{mark}" if cites else f"{body}{stop}{mark}"
