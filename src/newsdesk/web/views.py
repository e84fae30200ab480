"""The data behind each page and API answer, built from the engine and the store.

Each function returns plain JSON-ready structures; the HTML routes hand the same structures to
their templates, so a page and its JSON never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from newsdesk.briefing import Briefing
from newsdesk.errors import InputError
from newsdesk.model import BriefRequest
from newsdesk.render.common import (
    date_only,
    flat,
    label_of,
    repair_parts,
    safe_url,
    shorten,
)
from newsdesk.render.jsonout import briefing_to_dict
from newsdesk.retrieve import query_terms
from newsdesk.store.base import window_bounds
from newsdesk.web.state import WebState

MAX_WORDS = 1000
POPOVER_CHARS = 320


# -- overview ------------------------------------------------------------------------------


def overview(state: WebState) -> dict[str, Any]:
    """Themes, and every story latest first with its articles per day (for the chart)."""
    state.refresh_stories()
    store = state.store()
    stories = sorted(
        store.list_stories(), key=lambda r: (r["last_seen"] or "", r["id"]), reverse=True
    )
    counts = store.story_counts()
    days = [d for r in stories for d in (r.get("articles_per_day") or {})]
    return {
        "articles": store.count(),
        "story_count": counts.get("stories", len(stories)),
        "themes": store.list_themes(),
        "stories": stories,
        "first_day": min(days) if days else None,
        "last_day": max(days) if days else None,
    }


def day_bars(per_day: dict[str, int], first: str | None, last: str | None) -> list[dict]:
    """Bars of a small articles-per-day chart over the days ``first``..``last`` (x in 0..1)."""
    if not per_day or not first or not last:
        return []
    start, end = date.fromisoformat(first[:10]), date.fromisoformat(last[:10])
    span = max((end - start).days, 1)
    top = max(per_day.values())
    return [
        {
            "day": d,
            "n": n,
            "x": (date.fromisoformat(d[:10]) - start).days / span,
            "h": n / top,
        }
        for d, n in sorted(per_day.items())
    ]


# -- stories and articles ------------------------------------------------------------------


def story(state: WebState, text: str) -> dict[str, Any]:
    state.refresh_stories()
    store = state.store()
    s = store.get_story(store.resolve_story(text))
    outlets: dict[str, int] = {}
    for day in s["timeline"]:
        for a in day["articles"]:
            outlets[a["source"] or "(unknown outlet)"] = (
                outlets.get(a["source"] or "(unknown outlet)", 0) + 1
            )
            a["link"] = safe_url(a.get("url"))
    s["outlets"] = sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))
    days = list(s.get("articles_per_day") or {})
    s["bars"] = day_bars(
        s.get("articles_per_day") or {}, min(days, default=None), max(days, default=None)
    )
    return s


def article(
    state: WebState, prefix: str, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    """One article; with ``start``/``end`` (a citation's span), the text in three parts."""
    store = state.store()
    aid = store.resolve_id(prefix)
    a = store.get_article(aid)
    text = a.text
    parts = {"before": text, "span": "", "after": ""}
    if start is not None and end is not None:
        if not (0 <= start < end <= len(text)):
            raise InputError(f"span {start}-{end} is outside article {aid} ({len(text)} chars)")
        parts = {"before": text[:start], "span": text[start:end], "after": text[end:]}
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "link": safe_url(a.url),
        "published": a.published,
        "source": a.source,
        "author": a.author,
        "original_id": a.original_id,
        "story_id": store.story_of(aid),
        "copies": store.copies_of(aid),
        "text": text,
        "parts": parts,
        "highlight": {"start": start, "end": end} if start is not None else None,
    }


def articles(
    state: WebState, since: str | None, until: str | None, source: str | None, limit: int
) -> list[dict[str, Any]]:
    window_bounds(since, until)
    return state.store().list_articles(since=since, until=until, source=source, limit=limit)


def search(
    state: WebState, q: str, since: str | None, until: str | None, limit: int
) -> dict[str, Any]:
    """Articles matching the words of ``q`` (FTS5, bm25, titles weighted), best first."""
    window_bounds(since, until)
    terms = query_terms(q)
    store = state.store()
    ids = store.lexical_search(terms, since=since, until=until, limit=limit) if terms else []
    found = {a.id: a for a in store.get_articles(ids, sentences=False)}
    results = []
    for i in ids:
        a = found.get(i)
        if a is None:
            continue
        results.append(
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "published": a.published,
                "url": a.url,
                "snippet": shorten(a.text, 220),
            }
        )
    return {"query": q, "terms": terms, "results": results}


# -- briefings -----------------------------------------------------------------------------


@dataclass
class BriefParams:
    topic: str
    since: str | None = None
    until: str | None = None
    story: str | None = None
    words: int = 250
    writer: str | None = None


def brief(state: WebState, p: BriefParams) -> Briefing:
    if not p.topic or not p.topic.strip():
        raise InputError("topic: give a topic to brief on")
    if p.words > MAX_WORDS:
        raise InputError(f"words: at most {MAX_WORDS} (got {p.words})")
    window_bounds(p.since, p.until)
    eng = state.engine()
    if p.writer:
        eng.use_writer(p.writer)  # built with the server's settings, like every writer
    if p.story:
        state.refresh_stories()
        story_id = eng.store.resolve_story(p.story)
    else:
        story_id = None
    return eng.brief(BriefRequest(p.topic.strip(), p.since, p.until, story_id, p.words))


def briefing_json(b: Briefing) -> dict[str, Any]:
    return briefing_to_dict(b)


def briefing_page(state: WebState, b: Briefing) -> dict[str, Any]:
    """The briefing for the HTML page: each citation with its source and supporting span."""
    sources = {s.id: s for s in b.sources}
    texts = state.store().texts(sources.keys())
    paragraphs = []
    for p in b.paragraphs:
        sentences = []
        for s in p.sentences:
            cites = []
            for c in s.citations:
                src = sources.get(c.id)
                text = texts.get(c.id, "")
                span = text[c.start : c.end] if 0 <= c.start < c.end <= len(text) else ""
                cites.append(
                    {
                        "id": c.id,
                        "start": c.start,
                        "end": c.end,
                        "title": src.title if src else "",
                        "source": (src.source if src else None) or "(unknown outlet)",
                        "published": date_only(src.published if src else None) or "undated",
                        "span": shorten(span, POPOVER_CHARS),
                    }
                )
            sentences.append(
                {
                    "text": flat(s.text),
                    # (text, repaired) in reading order: repaired parts are shown in brackets
                    "parts": [[t, r] for t, r in repair_parts(s)],
                    "templated": s.kind == "templated",
                    "kind": s.kind,
                    "cites": cites,
                }
            )
        paragraphs.append({"role": p.role, "label": label_of(p), "sentences": sentences})
    v = b.verification
    return {
        "topic": b.topic,
        "since": b.since,
        "until": b.until,
        "notice": b.notice,
        "writer": b.writer,
        "paragraphs": paragraphs,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "source": s.source,
                "published": date_only(s.published),
                "link": safe_url(s.url),
                "url": s.url,
            }
            for s in b.sources
        ],
        "verification": None
        if v is None
        else {"checked": v.checked, "passed": v.passed, "dropped": len(v.dropped)},
        "words": b.word_count(),
    }
