"""The MCP tools and the two transports (stdio, streamable HTTP behind a bearer token).

Every tool reads through the same functions as the reading room (:mod:`newsdesk.web.views`),
so an assistant sees the headlines, summaries, day-by-day lines and disagreements a reader
sees. A bad argument (an unknown ID, a malformed date, an empty topic) is a tool error with a
one-line message, never a crash of the server.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from newsdesk import __version__
from newsdesk.config import Settings
from newsdesk.errors import DependencyError, NewsdeskError

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

    from newsdesk.web.state import WebState

CITES = (
    "Citations are written ([id]) with the 8-hex ID of an article in this store, e.g. "
    "([de4dbeca]); cite only IDs the store gave you, never invent one."
)
INSTRUCTIONS = (
    "newsdesk answers from a store of news articles with verified citations. Search or list "
    "stories first, read articles by ID, ask `brief` for a verified briefing, and run `verify` "
    "on any text you write from the store before showing it. " + CITES
)
MAX_TEXT = 100_000
MAX_LIMIT = 100


def _require_sdk() -> None:
    try:
        import mcp.server.mcpserver  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise DependencyError(
            "newsdesk mcp needs the MCP SDK: pip install 'newsdesk[mcp]'"
        ) from exc


def build_server(state: WebState) -> MCPServer:
    """The MCP server with newsdesk's tools on ``state`` (its store, engine and embedder)."""
    _require_sdk()
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    from newsdesk.web import views

    server: MCPServer = MCPServer(
        name="newsdesk",
        title="newsdesk",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )

    def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
        """Anticipated failures (bad IDs, dates, topics) become tool errors, one line each."""
        import functools

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except NewsdeskError as exc:
                raise ToolError(
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                ) from None
            except (ValueError, TypeError, KeyError) as exc:
                raise ToolError(f"bad argument: {exc}") from None

        return run

    def limit_of(n: int) -> int:
        if not 1 <= n <= MAX_LIMIT:
            raise ToolError(f"limit: between 1 and {MAX_LIMIT} (got {n})")
        return n

    @server.tool(
        description="Full-text search of the store's articles (titles weigh most), best first. "
        "Dates are ISO (YYYY-MM-DD); source filters by outlet name. Returns IDs to cite. " + CITES
    )
    @guarded
    def search_articles(
        query: str,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> dict[str, Any]:
        if not query.strip():
            raise ToolError("query: give some words to search for")
        found = views.search(state, query, since, until, limit_of(limit), source=source)
        return {"query": query, "results": found["results"]}

    @server.tool(
        description="One article by ID (or unique ID prefix): title, outlet, date, URL, the full "
        "text, and its sentences with character offsets into that text (start, end). " + CITES
    )
    @guarded
    def get_article(id: str) -> dict[str, Any]:
        store = state.store()
        a = store.get_article(store.resolve_id(id.strip().strip("[]()")))
        return {
            "id": a.id,
            "title": a.title,
            "source": a.source,
            "published": a.published,
            "url": a.url,
            "original_id": a.original_id,
            "text": a.text,
            "sentences": [
                {"index": s.index, "start": s.start, "end": s.end, "text": s.text}
                for s in a.sentences
            ],
        }

    @server.tool(
        description="Stories (articles about one event, grouped), most important first "
        "(independent outlets, recency, size): ID, headline, dates, counts, outlets and a "
        "short verified summary where one is stored. Dates are ISO (YYYY-MM-DD)."
    )
    @guarded
    def list_stories(
        since: str | None = None, until: str | None = None, limit: int = 20
    ) -> dict[str, Any]:
        rows = views.ranked_stories(state, since, until)[: limit_of(limit)]
        return {
            "stories": [
                {
                    "id": r["id"],
                    "headline": r["label"],
                    "first_seen": r["first_seen"],
                    "last_seen": r["last_seen"],
                    "articles": r["article_count"],
                    "outlets": r["outlets"],
                    "independent_sources": r["independent_sources"],
                    "summary": _cited_text(r.get("summary")),
                }
                for r in rows
            ]
        }

    @server.tool(
        description="One story by ID: headline, cited summary, what happened day by day (each "
        "line cited), where reports differ (both sides cited), outlets (with political lean "
        "where known) and its articles. " + CITES
    )
    @guarded
    def get_story(id: str) -> dict[str, Any]:
        s = views.story(state, id.strip())
        return {
            "id": s["id"],
            "headline": s["label"],
            "summary": _cited_text(s.get("summary")),
            "first_seen": s["first_seen"],
            "last_seen": s["last_seen"],
            "independent_sources": s["independent_sources"],
            "day_by_day": [
                {
                    "day": d["day"],
                    "lines": [f"{x['text']} ([{x['id']}])" for x in d["sentences"]],
                }
                for d in s["developments"]
            ],
            "where_reports_differ": [
                {
                    "kind": x["kind"],
                    "subject": x["subject"],
                    "sides": [
                        f"{side['source'] or 'one report'} says {side['value']!r}: "
                        f"{side['sentence']} ([{side['id']}])"
                        for side in x["sides"]
                    ],
                }
                for x in s["disagreements"]
            ],
            "outlets": s["outlets"],
            "articles": [
                {
                    "id": a["id"],
                    "title": a["title"],
                    "source": a["source"],
                    "published": a["published"],
                }
                for day in s["timeline"]
                for a in day["articles"]
            ],
        }

    @server.tool(
        description="A verified briefing on a topic (optionally one story, a date window): "
        "Markdown with ([id]) citations, plus every sentence with its citations (article ID "
        "and character span) and whether it passed verification. Every sentence was checked "
        "against the spans it cites. Dates are ISO (YYYY-MM-DD); words 40 to 1000. " + CITES
    )
    @guarded
    def brief(
        topic: str,
        since: str | None = None,
        until: str | None = None,
        story: str | None = None,
        words: int = 200,
    ) -> dict[str, Any]:
        from newsdesk.render.markdown import render_markdown

        if not 40 <= words <= views.MAX_WORDS:
            raise ToolError(f"words: between 40 and {views.MAX_WORDS} (got {words})")
        b = views.brief(state, views.BriefParams(topic, since, until, story, words))
        v = b.verification
        return {
            "markdown": render_markdown(b),
            "sentences": [
                {
                    "text": s.text,
                    "citations": [
                        {"id": c.id, "start": c.start, "end": c.end} for c in s.citations
                    ],
                    "verified": bool(s.verdict.ok) if s.verdict is not None else None,
                }
                for s in b.sentences()
            ],
            "verification": None
            if v is None
            else {"checked": v.checked, "passed": v.passed, "dropped": len(v.dropped)},
        }

    @server.tool(
        description="Check a text you wrote (Markdown or plain) against the store, sentence by "
        "sentence: each passes when every number, date and name it states is in an article it "
        "cites and a span of those articles is close to it in meaning. " + CITES
    )
    @guarded
    def verify(text: str) -> dict[str, Any]:
        from newsdesk.verify.check import check_document, report
        from newsdesk.verify.document import parse_document

        if not text.strip():
            raise ToolError("text: empty")
        if len(text) > MAX_TEXT:
            raise ToolError(f"text: at most {MAX_TEXT} characters (got {len(text)})")
        doc = parse_document(text, "text")
        eng = state.engine()
        result: dict[str, Any] = report(check_document(doc, eng.store, eng.checker()))
        return result

    return server


def _cited_text(summary: dict[str, Any] | None) -> str | None:
    if not summary:
        return None
    return " ".join(
        f"{x['text']} ({', '.join('[' + c['id'] + ']' for c in x['citations'])})"
        for x in summary["sentences"]
    )


# -- transports ------------------------------------------------------------------------------


def run_stdio(settings: Settings) -> None:
    from newsdesk.web.state import WebState

    state = WebState(settings)
    try:
        build_server(state).run("stdio")
    finally:
        state.close()


class BearerGate:
    """An ASGI wrapper: 401 unless ``Authorization: Bearer TOKEN`` matches."""

    def __init__(self, app: Callable[..., Awaitable[None]], token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = b""
        for name, value in scope.get("headers") or []:
            if name.lower() == b"authorization" and value[:7].lower() == b"bearer ":
                given = value[7:].strip()
        if not given or not hmac.compare_digest(given, self.token):
            body = json.dumps(
                {
                    "error": {
                        "status": 401,
                        "code": "unauthorized",
                        "message": "missing or wrong bearer token (Authorization: Bearer TOKEN)",
                    }
                }
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"www-authenticate", b"Bearer"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def http_app(state: WebState, token: str) -> Any:
    """The streamable HTTP app (at ``/mcp``) behind the bearer token."""
    server = build_server(state)
    return BearerGate(server.streamable_http_app(), token)


def run_http(settings: Settings, sock: Any) -> None:
    """Serve streamable HTTP at ``/mcp`` on the bound socket ``sock`` until stopped."""
    import uvicorn

    from newsdesk.web.state import WebState

    if not settings.token:
        raise NewsdeskError(
            "newsdesk mcp --http needs a token (set NEWSDESK_TOKEN or token in the config "
            "file): clients send it as Authorization: Bearer TOKEN"
        )
    state = WebState(settings)
    try:
        app = http_app(state, settings.token)
        config = uvicorn.Config(
            app,
            fd=sock.fileno(),
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        uvicorn.Server(config).run()
    finally:
        state.close()
