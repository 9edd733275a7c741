"""Refuses fetch targets on loopback, private, link-local and other non-global addresses.

Checked after DNS resolution and again on every redirect hop, so a public name that resolves to
an internal address (or a redirect to one) cannot make the daemon probe the network it runs in.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

# The NAT64 well-known prefix: 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses.

    ``is_global`` rather than a list of ``is_private``-style flags: it also refuses shared
    address space (100.64.0.0/10, carrier-grade NAT, often the provider's internal network),
    documentation and benchmarking ranges. IPv4 embedded in IPv6 (mapped ``::ffff:a.b.c.d``
    and 6to4 ``2002::/16``) is judged by the IPv4 address it reaches.
    """
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


async def vetted_address(host: str, port: int) -> tuple[str | None, str | None]:
    """``(address, None)`` with the address to connect to when every address of ``host`` is
    public, else ``(None, reason)``.

    The caller connects to that very address: resolving again at connect time would let a name
    that changes its answer in between (DNS rebinding) reach an internal address after all.
    """
    try:
        addresses = await resolve(host, port)
    except OSError as exc:
        return None, f"dns: {exc.strerror or exc}"
    if not addresses:
        return None, "dns: no address"
    for address in addresses:
        if not is_public_address(address):
            return None, f"private address {address} refused (set [http] allow_private_networks)"
    return addresses[0], None


async def blocked_reason(host: str, port: int) -> str | None:
    """None when every address of ``host`` is public, else why the target is refused."""
    return (await vetted_address(host, port))[1]
