"""``newsdesk mcp``: serve the store to AI assistants over the Model Context Protocol."""

from __future__ import annotations

import socket
import sys

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, global_options, settings
from newsdesk.errors import InputError

EPILOG = """\b
Tools: search_articles, get_article, list_stories, get_story, brief (a verified briefing,
Markdown plus per-sentence citations) and verify (checks a text against the store, per
sentence). Citations are ([id]) with IDs from the store.

\b
Transports:
  stdio (default)   for desktop assistants, which start the command themselves
  --http            streamable HTTP at http://127.0.0.1:PORT/mcp, loopback only, behind
                    "Authorization: Bearer TOKEN" (TOKEN: $NEWSDESK_TOKEN or the config's)

\b
Examples:
  newsdesk mcp --db ~/news/newsdesk.db
  NEWSDESK_TOKEN=s3cret newsdesk mcp --http --port 8765 --db ~/news/newsdesk.db
"""


@click.command(
    "mcp",
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Serve the store to AI assistants (Model Context Protocol).",
)
@click.option(
    "--http", "use_http", is_flag=True, help="Streamable HTTP on 127.0.0.1 instead of stdio."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port for --http (0: any free port; the address is printed).",
)
@global_options
@click.pass_context
def mcp(ctx: click.Context, use_http: bool, port: int) -> int:
    """Serve the store over the Model Context Protocol (stdio, or --http on loopback)."""
    from newsdesk.mcp.server import _require_sdk, run_http, run_stdio

    _require_sdk()
    cfg = settings(ctx)
    if not use_http:
        run_stdio(cfg)
        return 0
    if not cfg.token:
        raise InputError(
            "--http: set a token first (NEWSDESK_TOKEN or token in the config file); "
            "clients send it as Authorization: Bearer TOKEN"
        )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(128)  # connections wait in the backlog until the server accepts them
    except OSError as exc:
        sock.close()
        raise InputError(f"--port {port}: cannot listen ({exc.strerror})") from exc
    bound = sock.getsockname()[1]
    print(
        f"newsdesk: MCP (streamable HTTP) on http://127.0.0.1:{bound}/mcp (Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    try:
        run_http(cfg, sock)
    finally:
        sock.close()
    return 0
