"""Fetch one http(s) URL with hard limits on time, size and redirects.

:class:`Fetcher` wraps an :class:`httpx.Client`. Every failure a user can cause (a bad scheme, an
unreachable host, a timeout, an HTTP error status, a body over the size cap, a redirect loop)
becomes a :class:`newsdesk.errors.InputError` with the one-line message ``"URL: reason"``, where
URL is the URL that was asked for. Nothing else escapes :meth:`Fetcher.get`.

Limits:

* ``timeout`` bounds connecting and each network read, and also the whole request: a server
  that trickles bytes slowly is cut off once ``timeout`` seconds have passed in total.
* Redirects are followed by hand, at most ``max_redirects``; the first URL and every redirect
  target go through the SSRF guard (:mod:`newsdesk.sources.netguard`) after name resolution,
  and the connection is made to the address that was checked.
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
from newsdesk.sources.netguard import Resolver, check_host

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
    """A small HTTP client for feeds and article pages; reuse one for many requests.

    ``allow_private`` lets it fetch loopback, private and other non-public addresses (refused
    by default, see :mod:`newsdesk.sources.netguard`); ``resolver`` replaces the system's name
    resolution (tests); ``budget`` bounds the seconds spent fetching over the Fetcher's whole
    life (one ingest run): once it is spent every further URL fails at once with a reason that
    says so, and each request's timeout is cut to what is left.
    """

    def __init__(
        self,
        timeout: float = 15.0,
        max_bytes: int = 10_000_000,
        user_agent: str = "newsdesk/0.1 (+news briefing engine)",
        max_redirects: int = 5,
        transport: httpx.BaseTransport | None = None,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        budget: float | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.resolver = resolver
        self.budget = budget
        self._budget_end = None if budget is None else time.monotonic() + budget
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # followed by hand: every hop goes through the guard
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

    def _time_left(self, url: str) -> float:
        """Seconds this request may take: the timeout, cut to what is left of the budget."""
        if self._budget_end is None:
            return self.timeout
        left = self._budget_end - time.monotonic()
        if left <= 0.05:
            raise InputError(
                f"{url}: not fetched: the fetch budget of {self.budget:g}s for this run is used up"
            )
        return min(self.timeout, left)

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
        allowed = self._time_left(url)
        deadline = time.monotonic() + allowed
        current = _checked_url(url, url)
        try:
            for hop in range(self.max_redirects + 1):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise httpx.ReadTimeout("deadline")
                request = self._pinned_request(url, current, remaining, headers, hop > 0)
                with self._client.stream(
                    request.method, request.url, headers=request.headers,
                    extensions=request.extensions, timeout=httpx.Timeout(remaining),
                ) as response:
                    location = response.headers.get("location")
                    if response.is_redirect and location:
                        if hop == self.max_redirects:
                            raise httpx.TooManyRedirects("too many redirects")
                        current = _checked_url(url, str(current.join(location)), True)
                        continue
                    return self._read(
                        url, str(current), response, deadline, allowed, raise_for_status
                    )
            raise httpx.TooManyRedirects("too many redirects")  # pragma: no cover
        except InputError:
            raise
        except httpx.TimeoutException:
            raise InputError(f"{url}: timed out after {allowed:g}s") from None
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

    def _pinned_request(
        self,
        asked: str,
        target: httpx.URL,
        timeout: float,
        headers: Mapping[str, str] | None = None,
        redirected: bool = False,
    ) -> httpx.Request:
        """A GET for ``target`` sent to the address the guard checked (Host and SNI kept).

        ``redirected``: ``target`` came from a redirect (said in messages; ``str(target)``
        differs from ``asked`` even without one, as httpx normalises URLs)."""
        host = target.host
        port = target.port or (443 if target.scheme == "https" else 80)
        address = check_host(
            f"{asked} (redirected to {target})" if redirected else asked,
            host, port, allow_private=self.allow_private, resolver=self.resolver,
        )
        host_header = host if target.port is None else f"{host}:{target.port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if target.port is None else f"[{host}]:{target.port}"
        pinned = target.copy_with(host=address)
        extensions = {"sni_hostname": host} if target.scheme == "https" else {}
        return self._client.build_request(
            "GET", pinned, headers={**dict(headers or {}), "Host": host_header},
            extensions=extensions,
            timeout=httpx.Timeout(timeout),
        )

    def _read(
        self,
        url: str,
        final_url: str,
        response: httpx.Response,
        deadline: float,
        allowed: float,
        raise_for_status: bool = True,
    ) -> FetchResult:
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
                raise InputError(f"{url}: timed out after {allowed:g}s")
            chunks.append(chunk)
        body = b"".join(chunks)
        content_type = response.headers.get("content-type", "")
        return FetchResult(
            url=final_url,
            status=response.status_code,
            content_type=content_type.split(";", 1)[0].strip().lower(),
            body=body,
            text=_decode(body, response.charset_encoding),
            headers={k.lower(): v for k, v in response.headers.items()},
        )


def _checked_url(asked: str, url: str, redirected: bool = False) -> httpx.URL:
    """``url`` parsed, or InputError when it is not an http(s) URL with a host."""
    where = f"{asked} (redirected to {url})" if redirected else asked
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{scheme}'" if scheme else "none"
        raise InputError(f"{where}: unsupported URL scheme {shown} (only http and https)")
    if not parts.netloc or not parts.hostname:
        raise InputError(f"{where}: URL has no host")
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise InputError(f"{where}: invalid URL ({_one_line(exc)})") from None


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
