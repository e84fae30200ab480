"""The JSON API under ``/api`` (OpenAPI docs at ``/docs``).

Reads are open; ``POST /api/ingest`` needs ``Authorization: Bearer TOKEN`` (the ``token``
setting or ``$NEWSDESK_TOKEN``). Every error has the shape of :mod:`newsdesk.web.errors`.
"""

from __future__ import annotations

import hmac
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from newsdesk.errors import InputError
from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.netguard import check_host
from newsdesk.web import views
from newsdesk.web.deps import StateDep, get_state
from newsdesk.web.errors import ApiError
from newsdesk.web.state import WebState

MAX_URLS = 50
JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
    "text/jsonl",
)


_bearer = HTTPBearer(auto_error=False, description="the server's NEWSDESK_TOKEN")


def require_token(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """401 unless the request carries the configured bearer token (none configured: 401)."""
    token = get_state(request).settings.token
    if not token:
        raise ApiError(
            401,
            "write endpoints are disabled: no token is configured "
            "(set NEWSDESK_TOKEN or token in the config file)",
        )
    given = creds.credentials.strip() if creds is not None else ""
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "missing or wrong bearer token (Authorization: Bearer TOKEN)")


class BriefingIn(BaseModel):
    topic: str = Field(min_length=1, max_length=500, examples=["fentanyl, tariffs and cartels"])
    since: str | None = Field(None, examples=["2026-01-01"])
    until: str | None = Field(None, examples=["2026-02-28"])
    story: str | None = Field(None, description="only this story's articles (ID or prefix)")
    words: int = Field(250, ge=40, le=views.MAX_WORDS)
    writer: str | None = Field(None, description="a registered writer; default: the setting")


class UrlsIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=MAX_URLS)
    stories: bool = True


router = APIRouter(prefix="/api", tags=["api"])


@router.get("/articles", summary="List articles, filtered by date window and outlet")
def list_articles(
    state: StateDep,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    return views.articles(state, since, until, source, limit)


@router.get("/articles/{prefix}", summary="One article by ID or unique ID prefix")
def get_article(
    state: StateDep,
    prefix: str,
) -> dict[str, Any]:
    a = views.article(state, prefix)
    a.pop("parts", None)
    a.pop("highlight", None)
    return a


@router.get("/stories", summary="Stories, most important first, with headline and summary")
def list_stories(
    state: StateDep,
    since: str | None = None,
    until: str | None = None,
    theme: str | None = None,
) -> list[dict[str, Any]]:
    return views.ranked_stories(state, since, until, theme)


@router.get(
    "/stories/{story_id}",
    summary="One story: headline, summary, day by day, where reports differ, timeline",
)
def get_story(
    state: StateDep,
    story_id: str,
) -> dict[str, Any]:
    return views.story(state, story_id)


@router.get("/themes", summary="Themes and their stories")
def list_themes(state: StateDep) -> list[dict[str, Any]]:
    state.refresh_stories()
    return views.theme_labels(state, state.store().list_themes())


@router.get("/timeline", summary="A topic's cited day-by-day timeline")
def timeline(
    state: StateDep,
    topic: str = Query(..., min_length=1, max_length=500),
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    return views.timeline(state, topic, since, until)


@router.get("/search", summary="Full-text search over titles and texts")
def search(
    state: StateDep,
    q: str = Query(..., min_length=1, max_length=500),
    since: str | None = None,
    until: str | None = None,
    source: str | None = Query(None, description="only this outlet"),
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    return views.search(state, q, since, until, limit, source=source)


@router.post("/briefings", summary="Write a verified, cited briefing")
def create_briefing(
    state: StateDep,
    body: BriefingIn,
) -> dict[str, Any]:
    b = views.brief(state, views.BriefParams(**body.model_dump()))
    return views.briefing_json(b)


@router.post(
    "/ingest",
    summary='Ingest a JSON Lines body, or {"urls": [...]} (bearer token required)',
    dependencies=[Depends(require_token)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {
                    "schema": {"type": "string"},
                    "example": '{"title": "Port reopens", "text": "The port reopened on '
                    'Monday.", "url": "https://news.example.com/a", "published": '
                    '"2026-02-02"}\n',
                },
                "application/json": {"schema": UrlsIn.model_json_schema()},
            },
        }
    },
)
async def ingest(
    state: StateDep,
    request: Request,
) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    raw = await request.body()
    if ctype in JSONL_TYPES:
        return await run_in_threadpool(_ingest_jsonl, state, raw)
    if ctype == "application/json":
        try:
            body = UrlsIn.model_validate_json(raw)
        except ValueError as exc:
            first = str(exc).splitlines()
            raise ApiError(
                422,
                'body: expected {"urls": ["https://...", ...]} ('
                + (first[-1].strip() if first else "invalid")
                + ")",
            ) from None
        return await run_in_threadpool(_ingest_urls, state, body)
    raise ApiError(
        415,
        f"content type {ctype or '(none)'}: send application/x-ndjson "
        '(JSON Lines) or application/json ({"urls": [...]})',
    )


def _report(
    state: WebState,
    sources: list[str],
    fetcher: Fetcher | None,
    stories: bool,
    rename: tuple[str, str] | None = None,
) -> dict[str, Any]:
    with state.write_lock:
        report = state.engine().ingest(sources, stories=stories, fetcher=fetcher)
    if stories and report.ids:  # a store that keeps summaries: rewrite the touched ones
        from newsdesk.stories.summaries import touched_stories

        store = state.store()
        if state.keeps_summaries():
            for sid in touched_stories(store, report.ids):
                state.request_summary(sid)
    out: dict[str, Any] = report.as_dict()
    out["ids"] = report.ids
    if rename:  # the temporary file's path is nobody's business: call it "body"
        old, new = rename
        out["rejects"] = [
            {"where": r["where"].replace(old, new, 1), "reason": r["reason"]}
            for r in out["rejects"]
        ]
        out["unreadable_sources"] = [u.replace(old, new, 1) for u in out["unreadable_sources"]]
        out["duplicates_of"] = [
            {**d, "where": d["where"].replace(old, new, 1)} for d in out["duplicates_of"]
        ]
    return out


def _ingest_jsonl(state: WebState, raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise ApiError(400, "body: empty (send one JSON object per line)")
    with tempfile.TemporaryDirectory(prefix="newsdesk-ingest-") as tmp:
        path = Path(tmp) / "body.jsonl"
        path.write_bytes(raw)
        out = _report(state, [str(path)], None, True, rename=(str(path), "body"))
    if out["ingested"] == 0 and out["duplicates"] == 0 and out["rejected"]:
        raise ApiError(422, "nothing in the body could be ingested", report=out)
    return out


def _ingest_urls(state: WebState, body: UrlsIn) -> dict[str, Any]:
    s = state.settings
    for url in body.urls:  # refuse early, before any connection, with a clear reason
        _precheck(state, url)
    with Fetcher(
        timeout=s.fetch_timeout,
        max_bytes=s.fetch_max_bytes,
        allow_private=s.allow_private,
        budget=s.fetch_budget,
        resolver=state.resolver,
        transport=state.transport,
    ) as fetcher:
        out = _report(state, list(body.urls), fetcher, body.stories)
    if (
        out["ingested"] == 0
        and out["duplicates"] == 0
        and (out["unreadable_sources"] or out["rejected"])
    ):
        first = (
            out["unreadable_sources"] or [f"{r['where']}: {r['reason']}" for r in out["rejects"]]
        )[0]
        raise ApiError(422, first, code="not_ingested", report=out)
    return out


def _precheck(state: WebState, url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ApiError(400, f"{url}: only http(s) URLs with a host can be ingested", code="bad_url")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise ApiError(400, f"{url}: invalid port", code="bad_url") from None
    try:
        check_host(
            url,
            parts.hostname,
            port,
            allow_private=state.settings.allow_private,
            resolver=state.resolver,
        )
    except InputError as exc:
        raise ApiError(400, str(exc), code="refused_url") from None
