"""The reading room and HTTP API: ``create_app(settings)`` builds the FastAPI application.

::

    web/
      app.py          create_app: routers, static files, error handlers, body limits
      state.py        WebState: settings, the shared embedder, one engine per worker thread
      views.py        the data behind every page and API answer
      routes_pages.py HTML pages (Jinja2, autoescaped, CSP), each also available as JSON
      routes_api.py   /api: articles, stories, themes, search, briefings, ingest (token)
      deps.py         StateDep: what every router asks for
      errors.py       one JSON error shape; request body limits
      templates/ static/
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from newsdesk import __version__, plugins
from newsdesk.config import Settings
from newsdesk.embed import Embedder
from newsdesk.errors import InputError
from newsdesk.sources.netguard import Resolver
from newsdesk.web import routes_api, routes_pages
from newsdesk.web.errors import BodyLimit, install_error_handlers
from newsdesk.web.state import WebState

MAX_BODY = 256 * 1024  # any request body
MAX_INGEST_BODY = 16 * 1024 * 1024  # a JSON Lines body for POST /api/ingest

DESCRIPTION = """News briefings with verified citations, over HTTP.

Reads are open. `POST /api/ingest` needs `Authorization: Bearer TOKEN` (the `token` setting or
`$NEWSDESK_TOKEN`). Every error is `{"error": {"status", "code", "message"}}`.
"""


def create_app(
    settings: Settings,
    *,
    embedder: Embedder | Callable[[], Embedder] | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
    max_body: int = MAX_BODY,
    max_ingest_body: int = MAX_INGEST_BODY,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The application on the store ``settings.db`` names (created if absent).

    ``resolver`` and ``transport`` replace name resolution and the HTTP transport of URL
    ingest (tests send everything to 127.0.0.1 while the guard sees the names they chose).
    ``allowed_hosts``: the only names a request's Host header may give (any port); None
    accepts any (``newsdesk serve`` on a loopback address passes the loopback names, so a
    page on another site cannot reach the reading room by rebinding its own name to
    127.0.0.1).
    """
    state = WebState(settings, embedder=embedder, resolver=resolver, transport=transport)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by _docs, from local files
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.newsdesk = state
    app.add_middleware(BodyLimit, default=max_body, limits={"/api/ingest": max_ingest_body})
    app.add_middleware(RequestGuard, allowed_hosts=allowed_hosts)
    install_error_handlers(app, routes_pages.render_error)
    static = resources.files("newsdesk.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _docs(app)
    app.include_router(routes_api.router)
    # every page router registered under newsdesk.pages; the built-in ones first (theirs win)
    for name in sorted(plugins.names("page"), key=lambda n: not plugins.is_builtin("page", n)):
        router = plugins.get("page", name)
        if not isinstance(router, APIRouter):
            raise InputError(f"page {name!r}: {type(router).__name__} is not a FastAPI APIRouter")
        app.include_router(router)

    return app


def _docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI served from this server (swagger-ui-bundle), so it works offline."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # fall back to FastAPI's default, which loads the UI from a CDN
        swagger_ui_path = None
    kwargs: dict[str, Any] = {}
    if swagger_ui_path:
        app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs")
        kwargs = {
            "swagger_js_url": "/docs-assets/swagger-ui-bundle.js",
            "swagger_css_url": "/docs-assets/swagger-ui.css",
            "swagger_favicon_url": "/docs-assets/favicon-32x32.png",
        }

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="newsdesk API", **kwargs)
        page.headers["Content-Security-Policy"] = docs_csp(bytes(page.body).decode("utf-8"))
        page.headers["X-Content-Type-Options"] = "nosniff"
        return page


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def docs_csp(html: str) -> str:
    """A CSP for the Swagger UI page: its own scripts and styles, its one inline script by
    hash (no 'unsafe-inline' for scripts), nothing framed, no other origin."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(html)
    )
    return (
        "default-src 'none'; "
        f"script-src 'self' {hashes}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
MAX_TARGET = 4096  # longest request path and query (an ID echoed back stays short)


class RequestGuard:
    """Refuses, before any route runs, a Host header not in ``allowed_hosts`` (400) and a
    request target longer than MAX_TARGET (414), in the one JSON error shape."""

    def __init__(self, app: Any, allowed_hosts: Sequence[str] | None = None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > MAX_TARGET:
            await _refuse(send, 414, "uri_too_long", f"request target over {MAX_TARGET} bytes")
            return
        if self.allowed is not None:
            host = _host_name(dict(scope.get("headers") or []).get(b"host", b""))
            if host not in self.allowed:
                await _refuse(send, 400, "bad_host", "this server does not answer to that Host")
                return
        await self.app(scope, receive, send)


def _host_name(raw: bytes) -> str:
    """The name of a Host header without its port: ``[::1]:8080`` -> ``::1``."""
    text = raw.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


async def _refuse(send: Any, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
