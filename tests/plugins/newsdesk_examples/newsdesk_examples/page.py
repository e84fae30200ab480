"""``/outlets``: how many stored articles each outlet has, as a page or (``?format=json``) JSON.

A page plug-in is a FastAPI ``APIRouter`` registered under ``newsdesk.pages``; its routes ask
for ``state: StateDep`` (the web app's state: settings, store, engines) like the built-in ones.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from newsdesk.web import views
from newsdesk.web.deps import StateDep
from newsdesk.web.routes_pages import CSP  # the reading room's policy: no inline script

router = APIRouter()


@router.get("/outlets", response_model=None)
def outlets(state: StateDep, format: str = "html") -> HTMLResponse | dict[str, Any]:  # noqa: A002
    rows = views.articles(state, None, None, None, 1000)
    per = Counter(r.get("source") or "(unknown)" for r in rows)
    ranked = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))
    if format == "json":
        return {"outlets": [{"outlet": o, "articles": n} for o, n in ranked]}
    items = "".join(f"<li>{escape(o)}: {n}</li>" for o, n in ranked)
    page = f"<!doctype html><title>Outlets</title><h1>Outlets</h1><ul>{items}</ul>"
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP})
