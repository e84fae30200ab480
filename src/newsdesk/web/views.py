"""The data behind each page and API answer, built from the engine and the store.

Each function returns plain JSON-ready structures; the HTML routes hand the same structures to
their templates, so a page and its JSON never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsdesk.briefing import Briefing, is_window_line
from newsdesk.dates import window_bounds
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
from newsdesk.stories.summaries import (
    desk,
    rank_stories,
    theme_labels_of,
)
from newsdesk.web.state import WebState

MAX_WORDS = 1000
POPOVER_CHARS = 320


# -- the story desk: headlines, summaries, ranking ------------------------------------------


def with_desk(state: WebState, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (stories as the store lists them) with their headline as ``label`` (the
    keyword label kept as ``keywords``), their stored summary, and their outlets."""
    store = state.store()
    entries = desk(store, state.model_name, [r["id"] for r in rows])
    members = store.member_rows([r["id"] for r in rows]) if rows else {}
    for r in rows:
        e = entries.get(r["id"])
        r["keywords"] = r.get("keywords", r["label"])
        if e is not None and e.headline:
            r["label"] = e.headline
        r["summary"] = e.summary if e is not None else None
        counts: dict[str, int] = {}
        for m in members.get(r["id"], []):
            name = m.source or "(unknown outlet)"
            counts[name] = counts.get(name, 0) + 1
        r["outlets"] = sorted(counts, key=lambda k: (-counts[k], k))
    return rows


def ranked_stories(
    state: WebState,
    since: str | None = None,
    until: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    """Stories most important first (independent outlets, recency, size), with the desk's
    headline and summary."""
    window_bounds(since, until)
    state.refresh_stories()
    store = state.store()
    theme_id = store.resolve_theme(theme) if theme else None
    rows = [dict(r) for r in store.list_stories(since=since, until=until, theme=theme_id)]
    return with_desk(state, [dict(r) for r in rank_stories(rows)])


def theme_labels(state: WebState, themes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Themes with their stories' headlines and a label naming their subject."""
    store = state.store()
    sids = [s["id"] for t in themes for s in t["stories"]]
    entries = desk(store, state.model_name, sids)
    for t in themes:
        for s in t["stories"]:
            s["keywords"] = s["label"]
            e = entries.get(s["id"])
            if e is not None and e.headline:
                s["label"] = e.headline
            s["summary"] = e.summary if e is not None else None
    for t, label in zip(themes, theme_labels_of(themes), strict=True):
        t["keywords"] = t["label"]
        t["label"] = label or t["label"]
    return themes


def theme_names(themes: list[dict[str, Any]]) -> dict[str, str]:
    """Theme ID -> the label the themes page shows (after :func:`theme_labels`)."""
    return {t["id"]: t["label"] for t in themes}


# -- overview ------------------------------------------------------------------------------


def overview(state: WebState, limit: int | None = None) -> dict[str, Any]:
    """Themes, and the stories most important first, with headline, summary and outlets."""
    stories = ranked_stories(state)
    store = state.store()
    counts = store.story_counts()
    days = [d for r in stories for d in (r.get("articles_per_day") or {}) if iso_day(d)]
    undated = sum(int((r.get("articles_per_day") or {}).get("undated", 0)) for r in stories)
    shown = stories if limit is None else stories[:limit]
    themes = theme_labels(state, store.list_themes())
    names = theme_names(themes)
    for r in shown:
        if r.get("theme_id") in names:
            r["theme_label"] = names[r["theme_id"]]
    return {
        "articles": store.count(),
        "story_count": counts.get("stories", len(stories)),
        "themes": themes,
        "stories": shown,
        "more": len(stories) - len(shown),
        "undated": undated,
        "first_day": min(days) if days else None,
        "last_day": max(days) if days else None,
    }


def iso_day(text: str | None) -> date | None:
    """The day an ISO date string names, or None ("undated", "", garbage)."""
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def day_bars(per_day: dict[str, int], first: str | None, last: str | None) -> list[dict]:
    """Bars of a small articles-per-day chart over the days ``first``..``last`` (x in 0..1).

    Keys that are no date (the store's "undated" bucket) get no bar: a chart of days cannot
    place them, and the page says how many articles are undated.
    """
    start, end = iso_day(first), iso_day(last)
    dated = {day: n for d, n in per_day.items() if (day := iso_day(d)) is not None}
    if not dated or start is None or end is None:
        return []
    span = max((end - start).days, 1)
    top = max(dated.values())
    return [
        {"day": d.isoformat(), "n": n, "x": (d - start).days / span, "h": n / top}
        for d, n in sorted(dated.items())
        if start <= d <= end
    ]


# -- stories and articles ------------------------------------------------------------------


def cite_details(state: WebState, cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each citation ({id, start, end}) with its article's title, outlet, day and span."""
    store = state.store()
    ids = list(dict.fromkeys(c["id"] for c in cites))
    arts = {a.id: a for a in store.get_articles(ids, sentences=False)}
    out = []
    for c in cites:
        a = arts.get(c["id"])
        text = a.text if a else ""
        start, end = int(c["start"]), int(c["end"])
        span = text[start:end] if 0 <= start < end <= len(text) else ""
        out.append(
            {
                "id": c["id"],
                "start": start,
                "end": end,
                "title": a.title if a else "",
                "source": (a.source if a else None) or "(unknown outlet)",
                "published": date_only(a.published if a else None) or "undated",
                "span": shorten(span, POPOVER_CHARS),
            }
        )
    return out


def story(state: WebState, text: str, *, write_summary: bool = True) -> dict[str, Any]:
    """One story: headline, summary, day by day, where reports differ, outlets, timeline."""
    from newsdesk.stories.differ import story_disagreements
    from newsdesk.stories.timeline import story_timeline

    state.refresh_stories()
    store = state.store()
    s = store.get_story(store.resolve_story(text))
    if s.get("theme_id"):  # the breadcrumb names the theme as the themes page does
        names = theme_names(theme_labels(state, store.list_themes()))
        s["theme_label"] = names.get(s["theme_id"], s.get("theme_label"))
    leans = store.outlet_leans()
    outlets: dict[str, int] = {}
    for day in s["timeline"]:
        for a in day["articles"]:
            outlets[a["source"] or "(unknown outlet)"] = (
                outlets.get(a["source"] or "(unknown outlet)", 0) + 1
            )
            a["link"] = safe_url(a.get("url"))
    s["outlets"] = [
        {"name": name, "articles": n, "lean": leans.get(name)}
        for name, n in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    days = [d for d in (s.get("articles_per_day") or {}) if iso_day(d)]
    s["bars"] = day_bars(
        s.get("articles_per_day") or {}, min(days, default=None), max(days, default=None)
    )
    entry = desk(store, state.model_name, [s["id"]]).get(s["id"])
    s["keywords"] = s["label"]
    if entry is not None and entry.headline:
        s["label"] = entry.headline
    s["summary"] = entry.summary if entry is not None else None
    if s["summary"] is None and write_summary and state.keeps_summaries():
        state.request_summary(s["id"])  # written in the background; shown once stored
    if s["summary"]:
        for sent in s["summary"]["sentences"]:
            sent["cites"] = cite_details(state, sent["citations"])
    eng = state.engine()
    developments = story_timeline(eng, s["id"])
    s["developments"] = []
    for d in developments:
        item = d.as_dict()
        for line in item["sentences"]:
            line["cites"] = cite_details(state, [line])
        s["developments"].append(item)
    s["disagreements"] = []
    for x in story_disagreements(eng, s["id"]):
        item = x.as_dict()
        for side in item["sides"]:
            side["cites"] = cite_details(state, [side])
        s["disagreements"].append(item)
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
    state: WebState,
    q: str,
    since: str | None,
    until: str | None,
    limit: int,
    *,
    source: str | None = None,
) -> dict[str, Any]:
    """Articles matching the words of ``q`` (FTS5, bm25, titles weighted), best first; with
    ``source``, only that outlet's (case-insensitive)."""
    window_bounds(since, until)
    terms = query_terms(q)
    store = state.store()
    want = source.strip().casefold() if source and source.strip() else None
    fetch = limit if want is None else max(limit * 10, 500)
    ids = store.lexical_search(terms, since=since, until=until, limit=fetch) if terms else []
    found = {a.id: a for a in store.get_articles(ids, sentences=False)}
    results: list[dict[str, Any]] = []
    for i in ids:
        a = found.get(i)
        if a is None:
            continue
        if want is not None and (a.source or "").casefold() != want:
            continue
        if len(results) >= limit:
            break
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
    return {"query": q, "terms": terms, "source": source, "results": results}


def outlets(state: WebState) -> list[str]:
    """The outlets of the store, for the search form's filter."""
    by_source = state.store().stats().get("by_source") or {}
    return sorted(str(k) for k in by_source if k and k != "(unknown)")


# -- themes and timelines ------------------------------------------------------------------


def themes(state: WebState) -> list[dict[str, Any]]:
    state.refresh_stories()
    return theme_labels(state, state.store().list_themes())


def theme(state: WebState, text: str) -> dict[str, Any]:
    """One theme with its stories ranked, each with headline and summary."""
    state.refresh_stories()
    store = state.store()
    tid = store.resolve_theme(text)
    every = theme_labels(state, store.list_themes())
    t = next(t for t in every if t["id"] == tid)
    t["stories"] = ranked_stories(state, theme=tid)
    return t


def timeline(state: WebState, topic: str, since: str | None, until: str | None) -> dict[str, Any]:
    """A topic's cited day-by-day timeline (as ``newsdesk timeline``)."""
    from newsdesk.stories.timeline import topic_timeline

    if not topic.strip():
        raise InputError("topic: give a topic")
    window_bounds(since, until)
    days = topic_timeline(state.engine(), topic.strip(), since, until)
    out = []
    for d in days:
        item = d.as_dict()
        for line in item["sentences"]:
            line["cites"] = cite_details(state, [line])
        out.append(item)
    return {"topic": topic.strip(), "since": since, "until": until, "days": out}


# -- briefings -----------------------------------------------------------------------------


@dataclass
class BriefParams:
    topic: str
    since: str | None = None
    until: str | None = None
    story: str | None = None
    words: int = 250
    writer: str | None = None


def brief(
    state: WebState, p: BriefParams, *, on_token: Callable[[str], None] | None = None
) -> Briefing:
    """Write and verify a briefing; ``on_token`` receives an LLM writer's draft as it streams
    (the extractive writer has no draft to stream)."""
    if not p.topic or not p.topic.strip():
        raise InputError("topic: give a topic to brief on")
    if p.words > MAX_WORDS:
        raise InputError(f"words: at most {MAX_WORDS} (got {p.words})")
    window_bounds(p.since, p.until)
    eng = state.engine()
    if p.writer or (on_token is not None and state.settings.writer != "extractive"):
        # built with the server's settings, like every writer; a model writer streams its draft
        eng.use_writer(p.writer or state.settings.writer, on_token=on_token)
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
            # The window line names the days of the cited articles: its citations would show
            # spans that say nothing about it, so it is shown without them.
            shown_cites = [] if is_window_line(s.kind, flat(s.text)) else s.citations
            for c in shown_cites:
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
