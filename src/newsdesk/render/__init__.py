"""Renderers: a verified briefing as Markdown, a standalone HTML page, or JSON."""

from __future__ import annotations

from newsdesk.briefing import Briefing

FORMATS = ("md", "html", "json")


def render(briefing: Briefing, fmt: str, *, cite: str = "sentence") -> str:
    """The briefing in ``fmt`` (one of :data:`FORMATS`); ``cite`` is "sentence" (citations
    after each sentence) or "paragraph" (merged at each paragraph's end); JSON always keeps
    sentence-level citations."""
    if fmt == "md":
        from newsdesk.render.markdown import render_markdown

        return render_markdown(briefing, cite)
    if fmt == "html":
        from newsdesk.render.html import render_html

        return render_html(briefing, cite)
    if fmt == "json":
        from newsdesk.render.jsonout import render_json

        return render_json(briefing)
    raise ValueError(f"unknown format {fmt!r}")
