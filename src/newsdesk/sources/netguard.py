"""The SSRF guard: which hosts a fetch may connect to, decided after name resolution.

A URL given to newsdesk (on the command line, in a feed, in an ``/api/ingest`` body) must not
make it talk to the machine it runs on or to the private network behind it. :func:`check_host`
resolves a URL's host with a :data:`Resolver` (``socket.getaddrinfo`` unless a test passes its
own) and refuses it when any address it resolves to is loopback, private, link-local,
multicast, reserved, unspecified or otherwise not globally routable. IPv4 written the way
``inet_aton`` accepts it (``2130706433``, ``0x7f.1``, ``127.1``) is read as the address it names,
and an IPv4-mapped IPv6 address is judged by its IPv4 part.

The fetcher connects to the address checked here, not to a second resolution of the name, so a
name that resolves to a public address once and to a private one the next time (DNS rebinding)
gains nothing.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence

from newsdesk.errors import InputError

__all__ = ["Resolver", "check_host", "is_public", "literal_address", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]  # (host, port) -> addresses as text

_INET_ATON_FORM = re.compile(r"^(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}$", re.I)


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to through the system resolver (``getaddrinfo``)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is written as one (in any inet_aton form), else None."""
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    if _INET_ATON_FORM.match(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_public(addr: IPAddress) -> bool:
    """True for a globally routable unicast address."""
    if isinstance(addr, ipaddress.IPv6Address):
        # an IPv4 address carried inside IPv6 (::ffff:a.b.c.d, 6to4 2002:a.b.c.d::, Teredo)
        # is as public as the IPv4 address it reaches
        for inner in (addr.ipv4_mapped, addr.sixtofour, addr.teredo and addr.teredo[1]):
            if inner is not None and not is_public(inner):
                return False
    return addr.is_global and not (
        addr.is_multicast or addr.is_reserved or addr.is_unspecified or addr.is_link_local
    )


def check_host(
    url: str, host: str, port: int, *, allow_private: bool, resolver: Resolver | None = None
) -> str:
    """The address to connect to for ``host``, or InputError("URL: refused ...").

    With ``allow_private`` any address is accepted (still resolved here, so the connection goes
    to the address that was checked).
    """
    literal = literal_address(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            found = (resolver or system_resolver)(host, port)
        except (OSError, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise InputError(f"{url}: cannot resolve host {host!r} ({reason})") from None
        addresses = []
        for text in found:
            addr = literal_address(text)
            if addr is None:
                raise InputError(f"{url}: host {host!r} resolved to a non-address {text!r}")
            addresses.append(addr)
        if not addresses:
            raise InputError(f"{url}: cannot resolve host {host!r} (no addresses)")
    if not allow_private:
        for addr in addresses:
            if not is_public(addr):
                named = f"{host!r}, which resolves to {addr}" if literal is None else str(addr)
                raise InputError(
                    f"{url}: refused: {named} is a loopback, private or other non-public "
                    "address (allow it with --allow-private or allow_private = true)"
                )
    return str(addresses[0])
