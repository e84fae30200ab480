"""The reading room's HTML pages; each also answers in JSON (``?format=json`` or Accept).

Templates are Jinja2 with autoescaping on for everything: article titles, texts and URLs are
data, never markup. Only URLs that pass :func:`newsdesk.render.common.safe_url` become links,
and every page is sent with a Content-Security-Policy that allows only this server's own
script and style files, so even markup that slipped through could not run.
"""

from __future__ import annotations

import html
import logging
import queue
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Any

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from newsdesk.dates import window_bounds
from newsdesk.errors import NewsdeskError
from newsdesk.web import feeds, views
from newsdesk.web.deps import StateDep
from newsdesk.web.errors import status_of, wants_html

log = logging.getLogger("newsdesk.web")

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
    limit: int = Query(100, ge=1, le=100_000),
) -> Response:
    data = views.overview(state, limit)
    return answer(request, data, "overview.html.j2", data=data, title="Stories", limit=limit)


@router.get("/themes")
def themes(state: StateDep, request: Request) -> Response:
    data = views.themes(state)
    return answer(request, data, "themes.html.j2", themes=data, title="Themes")


@router.get("/themes/{theme_id}")
def theme(state: StateDep, theme_id: str, request: Request) -> Response:
    t = views.theme(state, theme_id)
    return answer(
        request,
        t,
        "theme.html.j2",
        t=t,
        title=t["label"],
        feed=f"/feeds/themes/{t['id']}.atom",
    )


@router.get("/timeline")
def timeline(
    state: StateDep,
    request: Request,
    topic: str = Query("", max_length=500),
    since: str | None = None,
    until: str | None = None,
) -> Response:
    form = {"topic": topic, "since": since or "", "until": until or ""}
    if not topic.strip():
        if not wants_html(request):
            return JSONResponse(
                {"error": {"status": 400, "code": "bad_request", "message": "topic: give a topic"}},
                400,
            )
        return page(
            request, "timeline.html.j2", form=form, data=None, problem=None, title="Timeline"
        )
    try:
        data = views.timeline(state, topic, since or None, until or None)
    except NewsdeskError as exc:
        if not wants_html(request):
            raise
        return page(
            request,
            "timeline.html.j2",
            status=status_of(exc),
            form=form,
            data=None,
            problem=str(exc),
            title="Timeline",
        )
    return answer(
        request,
        data,
        "timeline.html.j2",
        form=form,
        data=data,
        problem=None,
        title=f"Timeline: {topic.strip()}",
    )


@router.get("/topics")
def topics(state: StateDep, request: Request) -> Response:
    rows = [
        {
            "id": t["id"],
            "topic": t["topic"],
            "words": t.get("words"),
            "feed": f"/feeds/topics/{t['id']}.atom",
        }
        for t in state.store().saved_topics()
    ]
    return answer(request, rows, "topics.html.j2", topics=rows, title="Saved topics")


@router.get("/feeds/topics/{ref}.atom")
def topic_feed(state: StateDep, ref: str, request: Request) -> Response:
    xml, _t = feeds.topic_feed(state, ref, _base(request))
    return Response(xml, media_type=feeds.MEDIA_TYPE)


@router.get("/feeds/themes/{ref}.atom")
def theme_feed(state: StateDep, ref: str, request: Request) -> Response:
    return Response(feeds.theme_feed(state, ref, _base(request)), media_type=feeds.MEDIA_TYPE)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


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
    source: str | None = Query(None, max_length=200),
) -> Response:
    data = (
        views.search(state, q, since or None, until or None, 50, source=source or None)
        if q.strip()
        else {"query": q, "terms": [], "source": source, "results": []}
    )
    if not wants_html(request):
        return JSONResponse(data)
    form = {"since": since or "", "until": until or "", "source": source or ""}
    return page(
        request,
        "search.html.j2",
        data=data,
        title="Search",
        q=q,
        form=form,
        outlets=views.outlets(state),
    )


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
    if not wants_html(request):
        return JSONResponse(views.briefing_json(views.brief(state, params)))
    try:  # what can be checked before writing gets its own status, as any bad request
        window_bounds(params.since, params.until)
        if params.story:
            state.refresh_stories()
            state.store().resolve_story(params.story)
    except NewsdeskError as exc:
        return page(
            request,
            "brief.html.j2",
            status=status_of(exc),
            form=form,
            b=None,
            problem=str(exc),
            title="Briefing",
        )
    return _stream_briefing(request, state, params, form)


# Briefings for streamed pages are written here: a few reused threads, each with its own store.
_WRITERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsdesk-brief")


def _stream_briefing(
    request: Request, state: Any, params: views.BriefParams, form: dict[str, Any]
) -> Response:
    """The briefing page, streamed: the form and a status line at once, an LLM writer's draft
    as it is written, then the verified briefing (or the problem) in place of the draft."""
    whole = _env.get_template("brief.html.j2").render(
        request_path=request.url.path,
        form=form,
        b=None,
        problem=None,
        title=f"Briefing: {params.topic}",
    )
    before, after = whole.split("<!--briefing-->", 1)
    tokens: queue.Queue[str | None] = queue.Queue()

    def work() -> Any:
        try:
            return views.brief(state, params, on_token=tokens.put)
        finally:
            tokens.put(None)

    def pieces() -> Iterator[str]:
        yield before
        yield '<p class="status writing" id="brief-writing">Writing the briefing…</p>\n'
        job = _WRITERS.submit(work)
        opened = False
        while True:
            piece = tokens.get()
            if piece is None:
                break
            if not opened:
                yield '<pre class="draft" aria-label="the draft, before verification">'
                opened = True
            yield html.escape(piece)
        if opened:
            yield "</pre>\n"
        try:
            b = job.result()
        except NewsdeskError as exc:
            yield f'<p class="problem" role="alert">{html.escape(str(exc))}</p>\n'
        except Exception:  # noqa: BLE001 - the page has started: say so on it, log the rest
            log.exception("briefing failed")
            yield '<p class="problem" role="alert">internal error (logged on the server)</p>\n'
        else:
            yield _env.get_template("brief_section.html.j2").render(
                b=views.briefing_page(state, b), form=form
            )
        yield after

    return StreamingResponse(
        pieces(),
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )
