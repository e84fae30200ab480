"""The SSRF guard: refused before any connection, after name resolution and on every redirect.

All traffic goes to 127.0.0.1. Where a test needs a host that passes the guard, its resolver
names a public documentation-free address and a transport delivers the connection to the
loopback test server instead, recording where the fetcher meant to connect.
"""

from __future__ import annotations

import httpx
import pytest
from conftest_http import LoopbackServer, http_server  # noqa: F401 - http_server is a fixture

from newsdesk.errors import InputError
from newsdesk.sources import Fetcher
from newsdesk.sources.netguard import check_host, is_public, literal_address

PUBLIC = "93.184.216.34"  # a globally routable address; never actually contacted


class ToLoopback(httpx.HTTPTransport):
    """Delivers every request to the loopback server; records (address, Host header)."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port
        self.seen: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.host, request.headers["host"]))
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def resolver_for(table: dict[str, str], asked: list[str] | None = None):
    def resolve(host: str, port: int) -> list[str]:
        if asked is not None:
            asked.append(host)
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return [table[host]]

    return resolve


@pytest.mark.parametrize(
    "host, expected",
    [
        ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("[::1]", "::1"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"), ("news.example.com", None), ("1.2.3.4.5", None),
    ],
)
def test_literal_addresses_in_every_form(host: str, expected: str | None) -> None:
    addr = literal_address(host)
    assert (str(addr) if addr else None) == expected


@pytest.mark.parametrize(
    "addr", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
             "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1"],
)
def test_special_addresses_are_not_public(addr: str) -> None:
    parsed = literal_address(addr)
    assert parsed is not None and not is_public(parsed)
    with pytest.raises(InputError, match="refused"):
        check_host("http://x/", addr, 80, allow_private=False)


def test_public_address_passes_and_allow_private_lets_loopback_through() -> None:
    assert check_host("http://x/", PUBLIC, 80, allow_private=False) == PUBLIC
    assert check_host("http://x/", "127.0.0.1", 80, allow_private=True) == "127.0.0.1"


@pytest.mark.parametrize("form", ["127.0.0.1", "2130706433", "0x7f000001", "127.1"])
def test_loopback_urls_are_refused_before_any_connection(
    http_server: LoopbackServer, form: str  # noqa: F811
) -> None:
    url = http_server.url("/secret").replace("127.0.0.1", form)
    with Fetcher(timeout=5) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value).startswith(f"{url}: refused: 127.0.0.1 is a loopback")
    assert "--allow-private" in str(err.value)
    assert http_server.requests == []


def test_host_name_resolving_to_a_private_address_is_refused(
    http_server: LoopbackServer,  # noqa: F811
) -> None:
    http_server.add("/page", "hello", content_type="text/plain")
    asked: list[str] = []
    transport = ToLoopback(http_server.port)
    resolve = resolver_for({"intranet.test": "10.0.0.7"}, asked)
    with Fetcher(timeout=5, resolver=resolve, transport=transport) as f:
        with pytest.raises(InputError) as err:
            f.get("http://intranet.test/page")
    assert "refused: 'intranet.test', which resolves to 10.0.0.7" in str(err.value)
    assert asked == ["intranet.test"] and transport.seen == [] and http_server.requests == []


def test_connection_goes_to_the_checked_address_with_the_host_kept(
    http_server: LoopbackServer,  # noqa: F811
) -> None:
    http_server.add("/page", "hello", content_type="text/plain")
    transport = ToLoopback(http_server.port)
    calls: list[str] = []
    resolve = resolver_for({"news.test": PUBLIC}, calls)
    with Fetcher(timeout=5, resolver=resolve, transport=transport) as f:
        result = f.get("http://news.test/page")
    assert result.text == "hello" and result.url == "http://news.test/page"
    # resolved once, by the guard; the request went to that address, Host: the name
    assert calls == ["news.test"] and transport.seen == [(PUBLIC, "news.test")]


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{port}/secret", "http://2130706433:{port}/secret",
               "http://intranet.test/secret", "file:///etc/passwd"],
)
def test_redirect_to_a_private_address_is_refused(
    http_server: LoopbackServer, target: str  # noqa: F811
) -> None:
    http_server.add("/secret", "private data", content_type="text/plain")
    location = target.format(port=http_server.port)
    http_server.redirect("/hop", location)
    transport = ToLoopback(http_server.port)
    resolve = resolver_for({"news.test": PUBLIC, "intranet.test": "192.168.0.10"})
    with Fetcher(timeout=5, resolver=resolve, transport=transport) as f:
        with pytest.raises(InputError) as err:
            f.get("http://news.test/hop")
    message = str(err.value)
    assert message.startswith("http://news.test/hop (redirected to ")
    assert location.replace("///", "/") in message.replace("///", "/")
    assert "refused" in message or "unsupported URL scheme 'file'" in message
    assert http_server.requests == ["/hop"], "the redirect target was never contacted"


def test_redirects_within_public_hosts_are_followed(
    http_server: LoopbackServer,  # noqa: F811
) -> None:
    http_server.add("/final", "landed", content_type="text/plain")
    http_server.add("/hop2", "", status=301, headers={"Location": "http://other.test/final"})
    http_server.add("/hop1", "", status=302, headers={"Location": "/hop2"})  # relative
    transport = ToLoopback(http_server.port)
    resolve = resolver_for({"news.test": PUBLIC, "other.test": "93.184.216.35"})
    with Fetcher(timeout=5, resolver=resolve, transport=transport) as f:
        result = f.get("http://news.test/hop1")
    assert result.text == "landed" and result.url == "http://other.test/final"
    assert [h for _, h in transport.seen] == ["news.test", "news.test", "other.test"]


def test_unresolvable_host_is_a_clear_error() -> None:
    with Fetcher(timeout=5, resolver=resolver_for({})) as f, pytest.raises(InputError) as err:
        f.get("http://nowhere.test/x")
    assert "cannot resolve host 'nowhere.test'" in str(err.value)


def test_fetch_budget_bounds_the_whole_run(http_server: LoopbackServer) -> None:  # noqa: F811
    """Four links that never answer: the budget, not 4 x timeout, ends the run."""
    urls = [http_server.add(f"/never{i}", "late", delay=60.0) for i in range(4)]
    reasons = []
    with Fetcher(timeout=0.6, budget=1.0, allow_private=True) as f:
        for url in urls:
            with pytest.raises(InputError) as err:
                f.get(url)
            reasons.append(str(err.value))
    assert "timed out" in reasons[0]
    assert all("fetch budget of 1s for this run is used up" in r for r in reasons[2:])
    assert len(http_server.requests) <= 2  # the rest were never sent
