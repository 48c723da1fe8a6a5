"""summarizer.web.bounds and body: one deadline over everything a fetch does, against hostile servers
on 127.0.0.1 that send headers a byte at a time, bodies that inflate to nothing, or nothing at all.

Each fetch runs in a thread joined with a bound, so code without the deadline fails here instead of
hanging the suite; the hostile server's own pace (stop.wait) is the only waiting it does."""
from __future__ import annotations

import threading
import time

import pytest

from summarizer.config import Config
from summarizer.web import Fetcher, FetchError
from tests.web_site import article_page, reply

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
GZIP_ENDLESS_COMMENT = b"\x1f\x8b\x08\x10\x00\x00\x00\x00\x00\xff"  # FLG = FCOMMENT: a comment never ended
DEFLATE_EMPTY_BLOCK = b"\x00\x00\x00\xff\xff"  # a stored, non-final block of no bytes: inflates to nothing


def outcome(call, bound: float = 20.0):
    """(exception or result, seconds) of call() in a thread, or a failure if it outlives `bound`."""
    box = {}

    def run():
        start = time.monotonic()
        try:
            box["value"] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            box["value"] = error
        box["seconds"] = time.monotonic() - start
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(bound)
    assert not thread.is_alive(), f"the fetch was still running after {bound} s"
    return box["value"], box["seconds"]


def trickle(head: bytes, unit: bytes, pace: float):
    """A handler that sends `head`, then `unit` every `pace` seconds until the client goes."""
    def handler(send, stop):
        if not send(head):
            return
        while not stop.wait(pace) and send(unit):
            pass
    return handler


def test_headers_sent_a_byte_at_a_time_stop_at_the_deadline(raw_site):
    """httpx's read timeout restarts with every byte: one header byte every 50 ms never trips a 15 s
    read timeout, and 100 KiB of headers at that pace take 85 minutes. The deadline covers the headers."""
    raw_site.route("/slow-headers", trickle(b"HTTP/1.1 200 OK\r\nX-Padding: ", b"a", 0.05))
    with Fetcher(Config(http_cache="", fetch_timeout=0.5, ignore_robots=True)) as f:
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/slow-headers")))
    assert isinstance(error, FetchError) and "took longer than 0.5s" in str(error), error
    assert seconds < 5


@pytest.mark.parametrize("encoding, start, unit", [
    ("gzip", GZIP_ENDLESS_COMMENT, b"a" * 8192),
    ("deflate", b"\x78\x01", DEFLATE_EMPTY_BLOCK * 2000),
], ids=["gzip-endless-comment", "deflate-empty-blocks"])
def test_bodies_that_inflate_to_nothing_stop_at_the_wire_cap(raw_site, encoding, start, unit):
    head = HEAD + f"Content-Encoding: {encoding}\r\n\r\n".encode()
    raw_site.route("/nothing", trickle(head + start, unit, 0.0005))
    with Fetcher(Config(http_cache="", fetch_timeout=60.0, max_page_bytes=300_000, ignore_robots=True)) as f:
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/nothing")))
    assert isinstance(error, FetchError) and "over 300,000 bytes on the wire" in str(error), error


@pytest.mark.parametrize("encoding, start, unit", [
    ("gzip", GZIP_ENDLESS_COMMENT, b"a" * 16),
    ("deflate", b"\x78\x01", DEFLATE_EMPTY_BLOCK),
], ids=["gzip-endless-comment", "deflate-empty-blocks"])
def test_slow_bodies_that_inflate_to_nothing_stop_at_the_deadline(raw_site, encoding, start, unit):
    head = HEAD + f"Content-Encoding: {encoding}\r\n\r\n".encode()
    raw_site.route("/nothing", trickle(head + start, unit, 0.02))
    with Fetcher(Config(http_cache="", fetch_timeout=0.5, ignore_robots=True)) as f:
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/nothing")))
    assert isinstance(error, FetchError) and "took longer than 0.5s" in str(error), error
    assert seconds < 5


def test_robots_txt_is_read_under_the_same_bounds(raw_site):
    """An endless robots.txt (a gzip comment that never ends) is cut at RFC 9309's 500 KiB on the wire
    and the page is fetched; a robots.txt whose headers trickle ends the page's fetch at its deadline."""
    page = article_page("port").encode("utf-8")
    raw_site.route("/robots.txt", trickle(HEAD + b"Content-Encoding: gzip\r\n\r\n" + GZIP_ENDLESS_COMMENT,
                                          b"a" * 8192, 0.0005))
    raw_site.route("/page", reply("200 OK", {"Content-Type": "text/html; charset=utf-8"}, page))
    with Fetcher(Config(http_cache="", fetch_timeout=60.0)) as f:
        fetched, _ = outcome(lambda: f.fetch(raw_site.url("/page")))
    assert not isinstance(fetched, Exception) and fetched.body == page, fetched
    raw_site.route("/robots.txt", trickle(b"HTTP/1.1 200 OK\r\nX-Padding: ", b"a", 0.05))
    with Fetcher(Config(http_cache="", fetch_timeout=0.5)) as f:
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/page")))
    assert isinstance(error, FetchError) and "took longer than 0.5s" in str(error), error
    assert seconds < 5


def _hanging(raw_site, path: str):
    """Route `path` to a reply that trickles header bytes until the test ends; returns an Event set once
    the request is in (so the test waits on that, not on a clock)."""
    arrived = threading.Event()
    slow = trickle(b"HTTP/1.1 200 OK\r\nX-Padding: ", b"a", 0.05)

    def handler(send, stop):
        arrived.set()
        slow(send, stop)
    raw_site.route(path, handler)
    return arrived


def test_a_wait_for_the_per_host_slot_ends_at_the_deadline(raw_site):
    """With the host's one slot held by a fetch that hangs, another fetch gives up at its own deadline
    (here a budget of 0.5 s), not when the hanging one lets go."""
    arrived = _hanging(raw_site, "/hang")
    raw_site.route("/page", reply("200 OK", {"Content-Type": "text/html"}, article_page("rain").encode()))
    with Fetcher(Config(http_cache="", fetch_timeout=30.0, ignore_robots=True), per_host=1) as f:
        first = threading.Thread(target=lambda: outcome(lambda: f.fetch(raw_site.url("/hang")), 40), daemon=True)
        first.start()
        assert arrived.wait(10)
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/page"), until=time.monotonic() + 0.5))
        assert isinstance(error, FetchError) and "time for fetching ran out" in str(error), error
        assert seconds < 3 and first.is_alive()  # the first still hangs: the second did not wait for it
        raw_site.stop.set()
        first.join(10)
    assert [path for path, _ in raw_site.requests] == ["/hang"]


def test_a_wait_for_the_robots_lock_ends_at_the_deadline(raw_site):
    arrived = _hanging(raw_site, "/robots.txt")
    with Fetcher(Config(http_cache="", fetch_timeout=30.0)) as f:
        first = threading.Thread(target=lambda: outcome(lambda: f.fetch(raw_site.url("/a")), 40), daemon=True)
        first.start()
        assert arrived.wait(10)
        error, seconds = outcome(lambda: f.fetch(raw_site.url("/b"), until=time.monotonic() + 0.5))
        assert isinstance(error, FetchError) and "time for fetching ran out" in str(error), error
        assert seconds < 3 and first.is_alive()
        raw_site.stop.set()
        first.join(10)


def test_a_stop_ends_a_hanging_fetch_at_once(raw_site):
    arrived = _hanging(raw_site, "/hang")
    stop = threading.Event()
    with Fetcher(Config(http_cache="", fetch_timeout=600.0, ignore_robots=True)) as f:
        thread_result = {}
        thread = threading.Thread(target=lambda: thread_result.update(
            out=outcome(lambda: f.fetch(raw_site.url("/hang"), stop=stop), 30)), daemon=True)
        thread.start()
        assert arrived.wait(10)
        stopped_at = time.monotonic()
        stop.set()
        thread.join(10)
        assert not thread.is_alive() and time.monotonic() - stopped_at < 2
    error, _ = thread_result["out"]
    assert isinstance(error, FetchError) and "stopped" in str(error), error


def test_a_name_that_never_resolves_is_bounded_too(raw_site):
    """getaddrinfo has no timeout: a resolver that hangs is waited for no longer than the deadline."""
    hang = threading.Event()

    def resolver(host, port):
        hang.wait(30)
        return ["127.0.0.1"]
    with Fetcher(Config(http_cache="", fetch_timeout=0.5, ignore_robots=True), resolver=resolver) as f:
        error, seconds = outcome(lambda: f.fetch(f"http://slow-dns.example:{raw_site.port}/"))
    hang.set()
    assert isinstance(error, FetchError) and "took longer than 0.5s" in str(error), error
    assert seconds < 3


def _silent_server():
    """A TCP server that accepts and never says a word: an https:// URL waits in the TLS handshake."""
    import socket
    server = socket.create_server(("127.0.0.1", 0))
    held = []
    threading.Thread(target=lambda: [held.append(server.accept()[0]) for _ in range(8)], daemon=True).start()
    return server, held


def test_a_tls_handshake_that_never_ends_stops_at_the_deadline_and_at_a_stop():
    server, held = _silent_server()
    url = f"https://127.0.0.1:{server.getsockname()[1]}/"
    try:
        with Fetcher(Config(http_cache="", fetch_timeout=0.5, ignore_robots=True)) as f:
            error, seconds = outcome(lambda: f.fetch(url))
        assert isinstance(error, FetchError) and "took longer than 0.5s" in str(error), error
        stop = threading.Event()
        with Fetcher(Config(http_cache="", fetch_timeout=600.0, ignore_robots=True)) as f:
            threading.Timer(0.3, stop.set).start()
            error, seconds = outcome(lambda: f.fetch(url, stop=stop))
        assert isinstance(error, FetchError) and "stopped" in str(error) and seconds < 2, (error, seconds)
    finally:
        server.close()
        for conn in held:
            conn.close()


def test_https_through_the_bounded_handshake(tmp_path):
    """A real TLS server on 127.0.0.1 with a certificate made here, trusted through `ssl_context`."""
    import shutil
    import socket
    import ssl
    import subprocess
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: it makes the test's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert, key)
    server = socket.create_server(("127.0.0.1", 0))
    page = article_page("port").encode("utf-8")

    def serve():
        conn, _ = server.accept()
        with served.wrap_socket(conn, server_side=True) as tls:
            tls.recv(65536)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
                        + f"Content-Length: {len(page)}\r\n\r\n".encode() + page)
    threading.Thread(target=serve, daemon=True).start()
    trusted = ssl.create_default_context(cafile=str(cert))
    try:
        with Fetcher(Config(http_cache="", ignore_robots=True), ssl_context=trusted) as f:
            fetched, _ = outcome(lambda: f.fetch(f"https://127.0.0.1:{server.getsockname()[1]}/news"))
    finally:
        server.close()
    assert not isinstance(fetched, Exception) and fetched.body == page, fetched
