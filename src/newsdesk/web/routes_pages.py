"""The reading room's HTML pages; each also answers in JSON (``?format=json`` or Accept).

Templates are Jinja2 with autoescaping on for everything: article titles, texts and URLs are
data, never markup. Only URLs that pass :func:`newsdesk.render.common.safe_url` become links,
and every page is sent with a Content-Security-Policy that allows only this server's own
script and style files, so even markup that slipped through could not run.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsdesk.errors import NewsdeskError
from newsdesk.web import views
from newsdesk.web.deps import StateDep
from newsdesk.web.errors import status_of, wants_html

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(resources.files("newsdesk.web") / "templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_env.globals["day_bars"] = views.day_bars


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(request_path=request.url.path, **context)
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def render_error(request: Request, status: int, message: str) -> Response:
    return page(
        request,
        "error.html.j2",
        status=status,
        status_code=status,
        message=message,
        title=f"Error {status}",
    )


def answer(request: Request, payload: Any, template: str, **context: Any) -> Response:
    """The page, or ``payload`` as JSON when the request asked for JSON."""
    if not wants_html(request):
        return JSONResponse(payload)
    return page(request, template, **context)


router = APIRouter(include_in_schema=False)


@router.get("/")
def overview(
    state: StateDep,
    request: Request,
) -> Response:
    data = views.overview(state)
    return answer(request, data, "overview.html.j2", data=data, title="Stories")


@router.get("/stories/{story_id}")
def story(
    state: StateDep,
    story_id: str,
    request: Request,
) -> Response:
    s = views.story(state, story_id)
    return answer(request, s, "story.html.j2", s=s, title=s["label"])


@router.get("/articles")
def article_list(
    state: StateDep,
    request: Request,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> Response:
    rows = views.articles(state, since or None, until or None, source or None, limit)
    return answer(
        request,
        rows,
        "articles.html.j2",
        rows=rows,
        title="Articles",
        since=since or "",
        until=until or "",
        source=source or "",
    )


@router.get("/articles/{prefix}")
def article(
    state: StateDep,
    prefix: str,
    request: Request,
    start: int | None = None,
    end: int | None = None,
) -> Response:
    a = views.article(state, prefix, start, end)
    return answer(request, a, "article.html.j2", a=a, title=a["title"])


@router.get("/search")
def search(
    state: StateDep,
    request: Request,
    q: str = Query("", max_length=500),
    since: str | None = None,
    until: str | None = None,
) -> Response:
    data = (
        views.search(state, q, since or None, until or None, 50)
        if q.strip()
        else {"query": q, "terms": [], "results": []}
    )
    return answer(request, data, "search.html.j2", data=data, title="Search", q=q)


@router.get("/brief")
def brief(
    state: StateDep,
    request: Request,
    topic: str = Query("", max_length=500),
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    words: int = Query(250, ge=40, le=views.MAX_WORDS),
) -> Response:
    form = {
        "topic": topic,
        "since": since or "",
        "until": until or "",
        "story": story or "",
        "words": words,
    }
    if not topic.strip():
        if not wants_html(request):
            return JSONResponse(
                {
                    "error": {
                        "status": 400,
                        "code": "bad_request",
                        "message": "topic: give a topic to brief on",
                    }
                },
                400,
            )
        return page(request, "brief.html.j2", form=form, b=None, problem=None, title="Briefing")
    params = views.BriefParams(topic, since or None, until or None, story or None, words)
    try:
        b = views.brief(state, params)
    except NewsdeskError as exc:
        if not wants_html(request):
            raise
        return page(
            request,
            "brief.html.j2",
            status=status_of(exc),
            form=form,
            b=None,
            problem=str(exc),
            title="Briefing",
        )
    if not wants_html(request):
        return JSONResponse(views.briefing_json(b))
    return page(
        request,
        "brief.html.j2",
        form=form,
        b=views.briefing_page(state, b),
        problem=None,
        title=f"Briefing: {topic}",
    )
