"""One error shape for every error the server answers, and request body limits.

Every API error (and any HTML request that asks for JSON) is::

    {"error": {"status": 404, "code": "not_found", "message": "no article with ID 'abc'"}}

HTML pages get the same status and message on an error page. A newsdesk error maps to a status
by its class (:mod:`newsdesk.errors`); anything unexpected is a 500 whose message says only
that, and is logged: a traceback never reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.errors import (
    DependencyError,
    InputError,
    NewsdeskError,
    NotFoundError,
    StoreError,
)

log = logging.getLogger("newsdesk.web")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error raised on purpose by a route: status, code and a one-line message."""

    def __init__(self, status: int, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.extra = extra


def error_body(status: int, message: str, code: str | None = None, **extra: Any) -> dict:
    body: dict[str, Any] = {
        "status": status,
        "code": code or _CODES.get(status, "error"),
        "message": message,
    }
    body.update(extra)
    return {"error": body}


def status_of(exc: NewsdeskError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 400
    if isinstance(exc, (StoreError, DependencyError)):
        return 503
    return 400


def wants_html(request: Request) -> bool:
    """An HTML page's request, unless it asked for JSON (``?format=json`` or Accept)."""
    if request.url.path.startswith("/api") or request.url.path.endswith(".json"):
        return False
    if request.query_params.get("format") == "json":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/json" not in accept


def install_error_handlers(app: FastAPI, render_error: Any) -> None:
    """JSON for the API and JSON requests; ``render_error(request, status, message)`` else."""

    def respond(
        request: Request,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> Response:
        if wants_html(request):
            response: Response = render_error(request, status, message)
        else:
            response = JSONResponse(error_body(status, message, code, **extra), status_code=status)
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return respond(request, exc.status, exc.message, exc.code, headers, **exc.extra)

    @app.exception_handler(NewsdeskError)
    async def _newsdesk(request: Request, exc: NewsdeskError) -> Response:
        return respond(request, status_of(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return respond(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "request"
            problems.append(f"{where}: {e.get('msg', 'invalid')}")
        return respond(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal error (logged on the server)")


class BodyLimit:
    """Refuses request bodies over a size limit (413) without reading more than the limit.

    A declared Content-Length over the limit is refused before the body is read; a chunked body
    is counted as it arrives. ``limits`` maps a path prefix to its own limit (the ingest
    endpoint takes larger bodies than the rest).
    """

    def __init__(self, app: ASGIApp, default: int, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.limits = limits or {}

    def _limit(self, path: str) -> int:
        for prefix, limit in self.limits.items():
            if path.startswith(prefix):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # answered by the HTTPException handler, in the one shape
                    raise StarletteHTTPException(
                        413, f"request body too large (limit {limit} bytes)"
                    )
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        response = JSONResponse(
            error_body(413, f"request body too large (limit {limit} bytes)"), status_code=413
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(k.encode(), v.encode()) for k, v in response.headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": response.body})
