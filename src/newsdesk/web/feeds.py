"""Atom feeds (RFC 4287): a saved topic's briefings, and a theme's stories with summaries.

Built with ElementTree, so every title and text is escaped by the serialiser; links are
absolute, made from the address the request came to.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsdesk import __version__
from newsdesk.briefs.updates import topic_key
from newsdesk.web.state import WebState

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
FEED_ENTRIES = 50


@dataclass
class Entry:
    id: str
    title: str
    updated: str
    link: str
    summary: str = ""
    content_html: str = ""


def _stamp(value: str | None) -> str:
    """An RFC 3339 timestamp for ``value`` (a date or ISO time; now when missing)."""
    text = (value or "").strip()
    if not text or text == "undated":
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        if len(text) == 10:
            return f"{text}T00:00:00Z"
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(feed_id: str, title: str, self_url: str, page_url: str, entries: Sequence[Entry]) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(root, "id", feed_id)
    sub(root, "title", title)
    updated = max((e.updated for e in entries), default=_stamp(None))
    sub(root, "updated", updated)
    sub(root, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(root, "link", rel="alternate", href=page_url, type="text/html")
    author = sub(root, "author")
    sub(author, "name", "newsdesk")
    sub(root, "generator", "newsdesk", version=__version__)
    for e in entries:
        el = sub(root, "entry")
        sub(el, "id", e.id)
        sub(el, "title", e.title or "(untitled)")
        sub(el, "updated", e.updated)
        sub(el, "link", rel="alternate", href=e.link, type="text/html")
        if e.summary:
            sub(el, "summary", e.summary)
        if e.content_html:
            sub(el, "content", e.content_html, type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _html_escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def topic_feed(state: WebState, ref: str, base: str) -> tuple[bytes, dict[str, Any]]:
    """The Atom feed of saved topic ``ref`` (its number or text): one entry per briefing."""
    store = state.store()
    t = store.get_saved_topic(ref)
    records = store.briefing_records(topic_key(t["topic"]), FEED_ENTRIES)
    page = f"{base}/brief?topic={_quote(t['topic'])}&words={int(t.get('words') or 250)}"
    entries = []
    for r in records:
        sentences = [str(x) for x in r.get("sentences") or []]
        kind = r.get("kind") or "full"
        when = _stamp(r.get("created_at"))
        label = {"update": "What is new", "none": "Nothing new"}.get(kind, "Briefing")
        body = "".join(f"<p>{_html_escape(x)}</p>" for x in sentences) or (
            "<p>No new articles since the previous briefing.</p>"
        )
        entries.append(
            Entry(
                id=f"{base}/feeds/topics/{t['id']}.atom#briefing-{r['id']}",
                title=f"{label}: {t['topic']} ({when[:10]})",
                updated=when,
                link=page,
                summary=" ".join(sentences)[:400],
                content_html=body,
            )
        )
    xml = atom(
        f"{base}/feeds/topics/{t['id']}.atom",
        f"newsdesk: {t['topic']}",
        f"{base}/feeds/topics/{t['id']}.atom",
        page,
        entries,
    )
    return xml, t


def theme_feed(state: WebState, ref: str, base: str) -> bytes:
    """The Atom feed of theme ``ref``: its stories, latest first, with their summaries."""
    from newsdesk.web import views

    t = views.theme(state, ref)
    stories = sorted(t["stories"], key=lambda s: (s.get("last_seen") or "", s["id"]), reverse=True)[
        :FEED_ENTRIES
    ]
    entries = []
    for s in stories:
        summary = (s.get("summary") or {}).get("text") or ""
        meta = (
            f"{s['article_count']} articles from {s['outlet_count']} outlets, "
            f"{s['independent_sources']} independent"
        )
        body = (f"<p>{_html_escape(summary)}</p>" if summary else "") + (
            f"<p>{_html_escape(meta)}</p>"
        )
        entries.append(
            Entry(
                id=f"{base}/stories/{s['id']}",
                title=str(s["label"]),
                updated=_stamp(s.get("last_seen")),
                link=f"{base}/stories/{s['id']}",
                summary=summary or meta,
                content_html=body,
            )
        )
    return atom(
        f"{base}/feeds/themes/{t['id']}.atom",
        f"newsdesk theme: {t['label']}",
        f"{base}/feeds/themes/{t['id']}.atom",
        f"{base}/themes/{t['id']}",
        entries,
    )


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
