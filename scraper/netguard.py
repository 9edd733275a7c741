"""Refuses fetch targets on loopback, private, link-local and other non-public addresses.

Checked after DNS resolution and again on every redirect hop, so a public name that resolves to
an internal address (or a redirect to one) cannot make the daemon probe the network it runs in.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


async def blocked_reason(host: str, port: int) -> str | None:
    """None when every address of ``host`` is public, else why the target is refused."""
    try:
        addresses = await resolve(host, port)
    except OSError as exc:
        return f"dns: {exc.strerror or exc}"
    if not addresses:
        return "dns: no address"
    for address in addresses:
        if not is_public_address(address):
            return f"private address {address} refused (set [http] allow_private_networks)"
    return None
