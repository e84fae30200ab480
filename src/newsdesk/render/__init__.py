"""Renderers: a verified briefing as Markdown, a standalone HTML page, or JSON."""

from __future__ import annotations

from newsdesk.briefing import Briefing

FORMATS = ("md", "html", "json")


def render(briefing: Briefing, fmt: str) -> str:
    """The briefing in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "md":
        from newsdesk.render.markdown import render_markdown

        return render_markdown(briefing)
    if fmt == "html":
        from newsdesk.render.html import render_html

        return render_html(briefing)
    if fmt == "json":
        from newsdesk.render.jsonout import render_json

        return render_json(briefing)
    raise ValueError(f"unknown format {fmt!r}")
