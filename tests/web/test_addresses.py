"""summarizer.web.addresses: only globally routable addresses are fetched in the app. By table, and
through a resolver stub: no traffic is sent to any of these addresses (the transport records every
request, and none comes)."""
from __future__ import annotations

import ipaddress
import re

import httpx
import pytest

from summarizer.config import Config
from summarizer.web import Fetcher, FetchError, refused_address
from summarizer.web.addresses import embedded_ipv4

NOT_PUBLIC = [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.1.1", "private"), ("172.16.0.1", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"),
    ("0.0.0.0", "unspecified"), ("255.255.255.255", "reserved"),
    ("100.64.0.1", "shared (carrier-grade NAT)"), ("100.100.100.200", "shared (carrier-grade NAT)"),
    ("100.127.255.254", "shared (carrier-grade NAT)"), ("192.0.0.8", "IETF protocol assignments"),
    ("198.18.0.1", "private"), ("::1", "loopback"), ("fe80::1", "link-local"), ("fe80::1%eth0", "link-local"),
    ("fec0::1", "site-local"), ("fc00::1", "private"), ("ff02::1", "multicast"), ("::", "reserved"),
    # IPv6 forms that carry an IPv4 address are judged by the address they carry.
    ("::ffff:10.0.0.1", "private"), ("::ffff:127.0.0.1", "loopback"),
    ("2002:7f00:1::", "loopback"), ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 127.0.0.1, 169.254.169.254
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1 (stored inverted)
    ("2001:0:4136:e378:8000:63bf:5601:5601", "link-local"),  # Teredo, client 169.254.169.254
    ("64:ff9b::7f00:1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64
    ("::7f00:1", "loopback"),  # IPv4-compatible
    ("64:ff9b:1::1", "NAT64 local-use"),
]
@pytest.mark.parametrize("address, kind", NOT_PUBLIC, ids=[a for a, _ in NOT_PUBLIC])
def test_addresses_that_are_not_public_are_refused(address, kind):
    assert refused_address(address) == kind


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::1",
                                     "2002:5db8:d822::1", "64:ff9b::5db8:d822", "::ffff:93.184.216.34",
                                     "100.128.0.1", "2001:0:4136:e378:8000:63bf:a247:27dd"])
def test_public_addresses_and_their_translated_forms_are_fetched(address):
    assert refused_address(address) is None


def test_the_carried_address_is_read_from_each_form():
    assert [str(embedded_ipv4(ipaddress.ip_address(a))) for a in
            ("::ffff:1.2.3.4", "2002:102:304::", "64:ff9b::102:304", "::102:304")] == ["1.2.3.4"] * 4


@pytest.mark.parametrize("address, kind", list(dict.fromkeys(NOT_PUBLIC[::3] + NOT_PUBLIC[-9:])), ids=str)
def test_a_name_resolving_to_one_is_refused_before_any_request(address, kind):
    sent = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, text="x"))
    guarded = Config(http_cache="", allow_private_urls=False, ignore_robots=True)
    with Fetcher(guarded, transport=transport, resolver=lambda host, port: ["93.184.216.34", address]) as f:
        with pytest.raises(FetchError, match=re.escape(f"resolves to {address}") + ".*" + re.escape(f"a {kind}")) \
                as raised:
            f.fetch("http://news.example/story")
    assert not sent
    if embedded_ipv4(ipaddress.ip_address(address.split("%")[0])) is not None:
        assert "which carries" in str(raised.value)


def test_an_address_literal_in_the_url_is_refused_as_it_is():
    sent = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, text="x"))
    guarded = Config(http_cache="", allow_private_urls=False, ignore_robots=True)
    with Fetcher(guarded, transport=transport) as f:
        for url in ("http://100.100.100.200/latest/meta-data", "http://[2002:7f00:1::]/", "http://[fec0::1]/"):
            with pytest.raises(FetchError, match="refused"):
                f.fetch(url)
    assert not sent
