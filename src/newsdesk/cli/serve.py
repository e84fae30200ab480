"""``newsdesk serve``: the reading room and the JSON API on one address (uvicorn)."""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any

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
@click.option(
    "--allow-host",
    multiple=True,
    metavar="NAME",
    help="On a loopback address, also answer requests whose Host header is NAME (a proxy's "
    "name); others are refused, against DNS rebinding.",
)
@global_options
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, allow_private: bool, allow_host: tuple[str, ...]
) -> int:
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
        from newsdesk.web.app import LOOPBACK_NAMES
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
    names = [*LOOPBACK_NAMES, *allow_host] if is_loopback(host) else None
    app = create_app(cfg, allowed_hosts=names)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"newsdesk: reading room on http://{shown}:{bound}/ (API docs at /docs; Ctrl-C stops)",
        file=sys.stderr,
        flush=True,
    )
    config = uvicorn.Config(
        app,
        fd=sock.fileno(),
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
        http=header_timeout_protocol(),
    )
    try:
        uvicorn.Server(config).run()
    finally:
        sock.close()
    return 0


HEADER_TIMEOUT = 10.0  # seconds a connection may take to send a request's headers


def header_timeout_protocol(timeout: float = HEADER_TIMEOUT) -> type:
    """uvicorn's h11 protocol, closing a connection whose request headers are not complete
    ``timeout`` seconds after it opened or after its last response (slowloris): uvicorn's own
    keep-alive timeout stops counting as soon as any byte arrives."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeout(H11Protocol):  # type: ignore[misc]
        _timer: Any = None
        _armed_for: Any = None

        def _arm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._armed_for = self.cycle
            self._timer = self.loop.call_later(timeout, self._late)

        def _late(self) -> None:
            self._timer = None
            if self.cycle is self._armed_for and not self.transport.is_closing():
                self.transport.close()  # no request started since the timer was set

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            super().connection_lost(exc)

    return HeaderTimeout
