"""``newsdesk serve``: the reading room and the JSON API on one address (uvicorn)."""

from __future__ import annotations

import ipaddress
import socket
import sys

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, global_options, settings
from newsdesk.errors import DependencyError, InputError

EPILOG = """\b
Open http://127.0.0.1:8000/ for the stories, a briefing form and search; the JSON API is
under /api, with its OpenAPI docs at /docs.

\b
Security:
  POST /api/ingest needs "Authorization: Bearer TOKEN", where TOKEN is $NEWSDESK_TOKEN or the
  config file's token; without a token set, ingest over HTTP is refused. On any host other
  than loopback the server refuses to start without a token. URLs sent to /api/ingest may
  not point at loopback or private addresses unless --allow-private is given.

\b
Examples:
  newsdesk serve --db demo-output/newsdesk.db
  NEWSDESK_TOKEN=s3cret newsdesk serve --host 0.0.0.0 --port 8080
  newsdesk serve --port 0        # any free port; the address is printed
"""


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command(
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Serve the reading room and the JSON API.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0: any free port).",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let /api/ingest fetch loopback and private addresses (refused by default).",
)
@global_options
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_private: bool) -> int:
    """Serve the reading room (HTML) and the JSON API until interrupted."""
    cfg = settings(ctx)
    if allow_private:
        cfg.allow_private = True
    if not is_loopback(host) and not cfg.token:
        raise InputError(
            f"--host {host}: refusing to serve beyond this machine without a token "
            "(set NEWSDESK_TOKEN or token in the config file)"
        )
    try:
        import uvicorn

        from newsdesk.web import create_app
    except ImportError as exc:
        raise DependencyError(f"the web server needs fastapi and uvicorn ({exc})") from exc
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise InputError(f"--host {host} --port {port}: cannot listen ({exc.strerror})") from exc
    bound = sock.getsockname()[1]
    app = create_app(cfg)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"newsdesk: reading room on http://{shown}:{bound}/ (API docs at /docs; Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    config = uvicorn.Config(
        app, fd=sock.fileno(), log_level="warning", access_log=False, timeout_graceful_shutdown=5
    )
    try:
        uvicorn.Server(config).run()
    finally:
        sock.close()
    return 0
