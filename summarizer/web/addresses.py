"""Which addresses a public app may fetch from: only globally routable ones.

An IPv6 form that carries an IPv4 address (IPv4-mapped and -compatible, 6to4, Teredo, NAT64) is
judged by the IPv4 address it carries, since that is where the packets end up. Python's own
`is_global` is the rule, with the ranges that some Python versions miss named here (multicast,
IPv6 site-local, the NAT64 local-use prefix, IANA's 192.0.0.0/24).
"""
from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"),)  # RFC 6052's well-known prefix: the last 32 bits are IPv4
_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible ::a.b.c.d
_NOT_GLOBAL = {  # named where Python 3.11's is_global still says True
    "shared (carrier-grade NAT)": ipaddress.ip_network("100.64.0.0/10"),
    "IETF protocol assignments": ipaddress.ip_network("192.0.0.0/24"),
    "site-local": ipaddress.ip_network("fec0::/10"),
    "NAT64 local-use": ipaddress.ip_network("64:ff9b:1::/48"),
}
_KINDS = ("loopback", "link_local", "multicast", "reserved", "unspecified", "private")


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, where it is one of the translation forms."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]  # the client's address, where the tunnel delivers
    if any(ip in net for net in _NAT64) or (ip in _COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refused_address(address: str) -> str | None:
    """Why an address is not public ("loopback", "private", "link-local"...), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])  # a zone index (fe80::1%eth0) names no other host
    inner = embedded_ipv4(ip)
    if inner is not None:
        return refused_address(str(inner))
    for name, network in _NOT_GLOBAL.items():  # the more precise name first
        if ip.version == network.version and ip in network:
            return name
    for kind in _KINDS:
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-global"


def refusal(host: str, address: str) -> str | None:
    """The sentence that refuses `address` of `host`, or None where it is public."""
    why = refused_address(address)
    if why is None:
        return None
    inner = embedded_ipv4(ipaddress.ip_address(address.split("%")[0]))
    carried = f", which carries {inner}" if inner is not None else ""
    return (f"refused: the host {host} resolves to {address}{carried}, a {why} address "
            "(fetching from private networks is turned off here)")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for host (IPv6 and IPv4, in its order)."""
    found = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    return list(dict.fromkeys(found))
