"""Fetch one http(s) URL with hard limits on time, size and redirects.

:class:`Fetcher` wraps an :class:`httpx.Client`. Every failure a user can cause (a bad scheme, an
unreachable host, a timeout, an HTTP error status, a body over the size cap, a redirect loop)
becomes a :class:`newsdesk.errors.InputError` with the one-line message ``"URL: reason"``, where
URL is the URL that was asked for. Nothing else escapes :meth:`Fetcher.get`.

Limits:

* ``timeout`` bounds connecting and each network read, and also the whole request: a server
  that trickles bytes slowly is cut off once ``timeout`` seconds have passed in total.
* ``max_bytes`` bounds the decoded body. A declared ``Content-Length`` over the cap fails before
  any body is read; otherwise the body is streamed and reading stops as soon as it passes the cap.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from newsdesk.errors import InputError

__all__ = ["FetchResult", "Fetcher"]


@dataclass
class FetchResult:
    """A successfully fetched response."""

    url: str  # final URL, after redirects
    status: int
    content_type: str  # media type only, lower-cased, e.g. "text/html" ("" when absent)
    body: bytes
    text: str  # body decoded with the declared charset, else UTF-8, bad bytes replaced
    headers: dict[str, str] = field(default_factory=dict)  # response headers, names lower-case


class Fetcher:
    """A small HTTP client for feeds and article pages; reuse one for many requests."""

    def __init__(
        self,
        timeout: float = 15.0,
        max_bytes: int = 10_000_000,
        user_agent: str = "newsdesk/0.1 (+news briefing engine)",
        max_redirects: int = 5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": user_agent},
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def get(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        raise_for_status: bool = True,
    ) -> FetchResult:
        """Fetch ``url`` (GET, following redirects); raise InputError("URL: reason") on failure.

        ``headers`` are sent with the request (e.g. ``If-None-Match`` for a conditional GET; a
        304 answer comes back as a result with an empty body). ``raise_for_status=False``
        returns 4xx/5xx answers as results instead of raising.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            shown = f"'{scheme}'" if scheme else "none"
            raise InputError(f"{url}: unsupported URL scheme {shown} (only http and https)")
        if not parts.netloc:
            raise InputError(f"{url}: URL has no host")
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("GET", url, headers=dict(headers or {})) as response:
                if response.status_code >= 400 and raise_for_status:
                    raise InputError(f"{url}: HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise InputError(
                        f"{url}: response too large ({int(declared)} bytes, limit {self.max_bytes})"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise InputError(f"{url}: response too large (over {self.max_bytes} bytes)")
                    if time.monotonic() > deadline:
                        raise InputError(f"{url}: timed out after {self.timeout:g}s")
                    chunks.append(chunk)
                body = b"".join(chunks)
                final_url = str(response.url)
                status = response.status_code
                content_type = response.headers.get("content-type", "")
                charset = response.charset_encoding
                response_headers = {k.lower(): v for k, v in response.headers.items()}
        except InputError:
            raise
        except httpx.TimeoutException:
            raise InputError(f"{url}: timed out after {self.timeout:g}s") from None
        except httpx.TooManyRedirects:
            raise InputError(
                f"{url}: too many redirects (more than {self.max_redirects})"
            ) from None
        except httpx.ConnectError as exc:
            raise InputError(f"{url}: cannot connect ({_one_line(exc)})") from None
        except httpx.UnsupportedProtocol as exc:
            raise InputError(f"{url}: unsupported URL ({_one_line(exc)})") from None
        except httpx.InvalidURL as exc:
            raise InputError(f"{url}: invalid URL ({_one_line(exc)})") from None
        except httpx.HTTPError as exc:
            raise InputError(
                f"{url}: request failed ({type(exc).__name__}: {_one_line(exc)})"
            ) from None
        return FetchResult(
            url=final_url,
            status=status,
            content_type=content_type.split(";", 1)[0].strip().lower(),
            body=body,
            text=_decode(body, charset),
            headers=response_headers,
        )


def _decode(body: bytes, charset: str | None) -> str:
    encoding = "utf-8"
    if charset:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:  # a server naming a charset Python does not know: fall back
            encoding = "utf-8"
    return body.decode(encoding, errors="replace")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
