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

from collections.abc import AsyncIterator, Callable
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
) -> FastAPI:
    """The application on the store ``settings.db`` names (created if absent).

    ``resolver`` and ``transport`` replace name resolution and the HTTP transport of URL
    ingest (tests send everything to 127.0.0.1 while the guard sees the names they chose).
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
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsdesk API", **kwargs)
