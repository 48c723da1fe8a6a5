"""summarizer.web.fetch against a real HTTP server on 127.0.0.1, hostile cases included."""
from __future__ import annotations

import gzip
import socket
import threading
import time

import idna
import pytest
from werkzeug.wrappers import Response

from summarizer.config import Config
from summarizer.web import USER_AGENT, Fetcher, FetchError, refused_address
from tests.web_site import LocalTransport, article_page, public_resolver


def fetcher(config, **kwargs) -> Fetcher:
    return Fetcher(config, **kwargs)


def serve_seeing(site, path: str, header: str, content_type: str = "text/html") -> dict:
    """An article served at path; the dict it returns gets the value of the request's header."""
    seen = {}

    def handler(request):
        seen[header] = request.headers.get(header)
        return Response(article_page("port"), content_type=content_type)
    site.expect_request(path).respond_with_handler(handler)
    return seen


def test_page_fetched_with_user_agent_and_charset(site, web_config):
    seen = serve_seeing(site, "/news/port", "User-Agent", "text/html; charset=utf-8")
    with fetcher(web_config) as f:
        page = f.fetch(site.url_for("/news/port"))
    assert "arabic-news-brief/" in seen["User-Agent"] and seen["User-Agent"] == USER_AGENT
    assert "افتتحت الحكومة" in page.text()


def test_legacy_charset_from_header_and_from_meta(site, web_config):
    markup = article_page("rain", charset=None)
    site.expect_request("/header").respond_with_data(markup.encode("cp1256"),
                                                     content_type="text/html; charset=windows-1256")
    meta = article_page("rain", charset="windows-1256").encode("cp1256")
    site.expect_request("/meta").respond_with_data(meta, content_type="text/html")
    with fetcher(web_config) as f:
        assert "أغلقت السلطات" in f.fetch(site.url_for("/header")).text()
        assert "أغلقت السلطات" in f.fetch(site.url_for("/meta")).text()


def test_slow_trickling_server_stops_at_the_deadline(site, tmp_path):
    stop = threading.Event()

    def trickle():
        for _ in range(10_000):
            if stop.wait(0.02):  # the server's pace, not the test's: the test waits on nothing
                return
            yield b"<p>\xd8\xa7</p>"
    site.expect_request("/slow").respond_with_handler(lambda r: Response(trickle(), content_type="text/html"))
    config = Config(http_cache="", fetch_timeout=0.4)
    start = time.monotonic()
    with fetcher(config) as f, pytest.raises(FetchError, match="took longer than 0.4s|timed out"):
        f.fetch(site.url_for("/slow"))
    stop.set()
    assert time.monotonic() - start < 30  # the whole trickle would take over 200 s


def test_endless_body_stops_at_the_size_cap(site):
    def endless():
        while True:
            yield b"<p>" + "خبر ".encode() * 2000 + b"</p>"
    site.expect_request("/endless").respond_with_handler(lambda r: Response(endless(), content_type="text/html"))
    with fetcher(Config(http_cache="", max_page_bytes=200_000)) as f, pytest.raises(FetchError, match="too large"):
        f.fetch(site.url_for("/endless"))


def test_gzip_bomb_stops_at_the_cap_in_decompressed_bytes(site):
    bomb = gzip.compress(b"\0" * 30_000_000, 9)  # 30 MB inflated from about 30 KB
    assert len(bomb) < 100_000
    site.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"},
                                                   content_type="text/html")
    with fetcher(Config(http_cache="", max_page_bytes=1_000_000)) as f:
        with pytest.raises(FetchError, match="too large: over 1,000,000 bytes once decompressed"):
            f.fetch(site.url_for("/bomb"))


def test_deflate_body_and_a_damaged_gzip_body(site, web_config):
    import zlib
    page = article_page("rain").encode("utf-8")
    site.expect_request("/deflate").respond_with_data(zlib.compress(page), headers={"Content-Encoding": "deflate"},
                                                      content_type="text/html; charset=utf-8")
    site.expect_request("/damaged").respond_with_data(gzip.compress(page)[:40] + b"\x00garbage" * 50,
                                                      headers={"Content-Encoding": "gzip"}, content_type="text/html")
    site.expect_request("/br").respond_with_data(b"....", headers={"Content-Encoding": "br"}, content_type="text/html")
    with fetcher(web_config) as f:
        assert f.fetch(site.url_for("/deflate")).body == page
        with pytest.raises(FetchError, match="compressed body is damaged"):
            f.fetch(site.url_for("/damaged"))
        with pytest.raises(FetchError, match="not asked for"):
            f.fetch(site.url_for("/br"))


def test_declared_length_over_the_cap_is_refused_before_reading(site):
    site.expect_request("/big").respond_with_data(b"x" * 5000, content_type="text/html")
    with fetcher(Config(http_cache="", max_page_bytes=1000)) as f, pytest.raises(FetchError, match="5,000 bytes"):
        f.fetch(site.url_for("/big"))


def test_redirect_loop_and_the_five_redirect_limit(site, web_config):
    site.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    site.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    for n in range(6):
        site.expect_request(f"/hop{n}").respond_with_data("", status=301, headers={"Location": f"/hop{n + 1}"})
    site.expect_request("/hop6").respond_with_data(article_page("port"), content_type="text/html")
    site.expect_request("/hop5-end").respond_with_data(article_page("port"), content_type="text/html")
    with fetcher(web_config) as f:
        with pytest.raises(FetchError, match="too many redirects"):
            f.fetch(site.url_for("/loop-a"))
        with pytest.raises(FetchError, match="too many redirects"):  # six hops
            f.fetch(site.url_for("/hop0"))
        assert f.fetch(site.url_for("/hop1")).url.endswith("/hop6")  # five hops are fine


def test_redirect_from_a_public_host_to_loopback_is_refused_with_the_guard(site, web_config):
    site.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{site.port}/admin"})
    site.expect_request("/admin").respond_with_data(article_page("port"), content_type="text/html")
    guarded = web_config.replace(allow_private_urls=False)
    resolver = public_resolver()
    with fetcher(guarded, transport=LocalTransport(site.port), resolver=resolver) as f:
        with pytest.raises(FetchError, match=r"refused: the host 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback"):
            f.fetch(f"http://news.example:{site.port}/story")
    assert resolver.asked == ["news.example"]  # resolved before the request; the redirect's address checked too
    admin_hits = [r for r, _ in site.log if r.path == "/admin"]
    assert not admin_hits
    # The command line's default (on the user's own machine) follows it.
    with fetcher(web_config, transport=LocalTransport(site.port), resolver=public_resolver()) as f:
        assert "افتتحت" in f.fetch(f"http://news.example:{site.port}/story").text()


@pytest.mark.parametrize("address, kind", [("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
                                           ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
                                           ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"),
                                           ("::1", "loopback"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
                                           ("::ffff:10.0.0.1", "private")])
def test_private_addresses_refused(address, kind):
    assert refused_address(address) == kind
    assert refused_address("93.184.216.34") is None


def test_guard_checks_every_address_a_name_resolves_to(site, web_config):
    guarded = web_config.replace(allow_private_urls=False)
    with fetcher(guarded, transport=LocalTransport(site.port),
                 resolver=public_resolver({"intranet.example": "10.0.0.7"})) as f:
        with pytest.raises(FetchError, match="10.0.0.7, a private address"):
            f.fetch("http://intranet.example/")
    assert not [r for r, _ in site.log if r.path == "/"]


def test_guard_holds_at_connection_time_against_dns_rebinding(site, web_config):
    """The name answers a public address when checked and loopback when connected: the connection is
    made only to an address just checked, so the second answer is refused before any byte is sent."""
    answers = iter(["93.184.216.34", "127.0.0.1"])
    asked = []

    def rebinding(host, port):
        asked.append(host)
        return [next(answers, "127.0.0.1")]
    guarded = web_config.replace(allow_private_urls=False, ignore_robots=True)
    with fetcher(guarded, resolver=rebinding) as f:  # the real transport, not the tests' LocalTransport
        with pytest.raises(FetchError, match="refused: the host rebind.example resolves to 127.0.0.1"):
            f.fetch(f"http://rebind.example:{site.port}/")
    assert asked == ["rebind.example", "rebind.example"] and not site.log


def test_guarded_connection_goes_to_the_checked_address(site, web_config, monkeypatch):
    """With the guard on, the real transport connects to the address the guard resolved and checked
    (here loopback, let through for the test), never to a second lookup of the name."""
    import summarizer.web.fetch as fetch_module
    monkeypatch.setattr(fetch_module, "refusal", lambda host, address: None)
    site.expect_request("/page").respond_with_data(article_page("rain"), content_type="text/html")
    guarded = web_config.replace(allow_private_urls=False)
    with fetcher(guarded, resolver=lambda host, port: ["127.0.0.1"]) as f:
        assert "أغلقت" in f.fetch(f"http://unresolvable.invalid:{site.port}/page").text()
    assert [r.headers["Host"] for r, _ in site.log if r.path == "/page"] == [f"unresolvable.invalid:{site.port}"]


@pytest.mark.parametrize("status", [404, 500, 410])
def test_http_errors_name_the_status(site, web_config, status):
    site.expect_request("/gone").respond_with_data("no", status=status)
    with fetcher(web_config) as f, pytest.raises(FetchError, match=f"HTTP {status}"):
        f.fetch(site.url_for("/gone"))


def test_429_retried_after_the_retry_after_it_asks_for(site, web_config):
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return Response("busy", status=429, headers={"Retry-After": "3"})
        if len(calls) == 2:
            return Response("busy", status=503)
        return Response(article_page("port"), content_type="text/html")
    site.expect_request("/busy").respond_with_handler(handler)
    waits = []
    with fetcher(web_config.replace(fetch_timeout=60.0), sleep=waits.append) as f:
        assert "افتتحت" in f.fetch(site.url_for("/busy")).text()
    assert waits == [3.0, 2.0]  # Retry-After honoured; a bare 503 (the second try) backs off to 2 s


def test_retry_after_too_long_is_reported_not_waited(site, web_config):
    site.expect_request("/later").respond_with_data("busy", status=429, headers={"Retry-After": "3600"})
    waits = []
    with fetcher(web_config, sleep=waits.append) as f, pytest.raises(FetchError, match="asks to wait 3600s"):
        f.fetch(site.url_for("/later"))
    assert waits == []


@pytest.mark.parametrize("content_type, body", [("application/pdf", b"%PDF-1.7 ..."),
                                                ("image/jpeg", b"\xff\xd8\xff\xe0 jpeg")])
def test_pdf_or_image_refused_by_content_type(site, web_config, content_type, body):
    site.expect_request("/file").respond_with_data(body, content_type=content_type)
    with fetcher(web_config) as f, pytest.raises(FetchError, match=f"its content type is {content_type}"):
        f.fetch(site.url_for("/file"))


def test_pdf_served_as_html_is_refused_as_binary(site, web_config):
    site.expect_request("/lying").respond_with_data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20,
                                                    content_type="text/html")
    with fetcher(web_config) as f:
        page = f.fetch(site.url_for("/lying"))
        with pytest.raises(Exception, match="PDF"):
            page.text()


def test_robots_txt_honoured_unless_ignored(site, web_config):
    site.clear()
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    site.expect_request("/private/page").respond_with_data(article_page("port"), content_type="text/html")
    site.expect_request("/public").respond_with_data(article_page("port"), content_type="text/html")
    with fetcher(web_config) as f:
        with pytest.raises(FetchError, match="robots.txt does not allow"):
            f.fetch(site.url_for("/private/page"))
        assert f.fetch(site.url_for("/public")).body
    assert sum(1 for r, _ in site.log if r.path == "/robots.txt") == 1  # read once per site
    with fetcher(web_config.replace(ignore_robots=True)) as f:
        assert f.fetch(site.url_for("/private/page")).body


def test_robots_txt_server_error_means_disallowed(site, web_config):
    site.clear()
    site.expect_request("/robots.txt").respond_with_data("oops", status=503)
    site.expect_request("/page").respond_with_data(article_page("port"), content_type="text/html")
    with fetcher(web_config) as f, pytest.raises(FetchError, match="robots.txt"):
        f.fetch(site.url_for("/page"))


def test_conditional_requests_download_nothing_unchanged(site, web_config):
    bodies = []

    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        bodies.append(1)
        return Response(article_page("port"), content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'})
    site.expect_request("/cached").respond_with_handler(handler)
    with fetcher(web_config) as f:
        first = f.fetch(site.url_for("/cached"))
    with fetcher(web_config) as f:  # a new run: the cache is on disk
        second = f.fetch(site.url_for("/cached"))
    assert bodies == [1] and second.from_cache and not first.from_cache
    assert second.body == first.body and second.charset == "utf-8"


def test_last_modified_revalidation(site, web_config):
    stamp = "Tue, 14 May 2024 09:30:00 GMT"
    bodies = []

    def handler(request):
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        bodies.append(1)
        return Response(article_page("rain"), content_type="text/html", headers={"Last-Modified": stamp})
    site.expect_request("/lm").respond_with_handler(handler)
    for _ in range(3):
        with fetcher(web_config) as f:
            assert "أغلقت" in f.fetch(site.url_for("/lm")).text()
    assert bodies == [1]


def test_at_most_two_requests_at_once_per_host(site, web_config):
    state = {"now": 0, "most": 0}
    cond, release = threading.Condition(), threading.Event()

    def handler(request):
        with cond:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
            cond.notify_all()
        release.wait(10)  # held until the test has looked
        with cond:
            state["now"] -= 1
        return Response(article_page("port"), content_type="text/html")
    for n in range(6):
        site.expect_request(f"/p{n}").respond_with_handler(handler)
    with fetcher(web_config) as f:
        threads = [threading.Thread(target=f.fetch, args=(site.url_for(f"/p{n}"),)) for n in range(6)]
        for t in threads:
            t.start()
        with cond:
            assert cond.wait_for(lambda: state["now"] == 2, timeout=10)
        slot = f._slot_table[("host", "127.0.0.1", site.port)]
        assert slot._value == 0 and sum(t.is_alive() for t in threads) == 6  # four wait for a slot
        release.set()
        for t in threads:
            t.join(20)
    assert state["most"] == 2 and len([r for r, _ in site.log if r.path.startswith("/p")]) == 6


def test_arabic_in_urls_raw_and_percent_encoded(site, web_config):
    site.expect_request("/أخبار/ميناء").respond_with_data(article_page("port"), content_type="text/html")
    with fetcher(web_config) as f:
        raw = f.fetch(f"http://127.0.0.1:{site.port}/أخبار/ميناء")
        encoded = f.fetch(f"http://127.0.0.1:{site.port}/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%85%D9%8A%D9%86%D8%A7%D8%A1")
    assert raw.body == encoded.body
    assert "%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1" in raw.url  # sent percent-encoded, as on the wire


def test_idn_host_resolved_locally(site, web_config):
    site.expect_request("/page").respond_with_data(article_page("rain"), content_type="text/html")
    transport, resolver = LocalTransport(site.port), public_resolver()
    guarded = web_config.replace(allow_private_urls=False)
    with fetcher(guarded, transport=transport, resolver=resolver) as f:
        assert "أغلقت" in f.fetch("http://أخبار.مثال/page").text()
    punycode = idna.encode("أخبار.مثال").decode("ascii")
    assert resolver.asked == [punycode] and punycode in transport.hosts


def test_unreachable_host_is_a_clear_error(web_config):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with fetcher(web_config.replace(ignore_robots=True)) as f, pytest.raises(FetchError, match="cannot fetch it"):
        f.fetch(f"http://127.0.0.1:{port}/x")


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "http://"])
def test_only_http_urls(url, web_config):
    with fetcher(web_config) as f, pytest.raises(FetchError):
        f.fetch(url)


@pytest.mark.parametrize("value", ["soon", "1.5", "-5", "²", "1e3", "", "Wed, 99 Foo 2024 99:99:99 GMT", "9" * 40])
def test_a_retry_after_that_is_not_delay_seconds_or_a_date_backs_off(site, web_config, value):
    from tests.web_site import busy_then
    site.expect_request("/busy").respond_with_handler(busy_then(article_page("port"), value))
    waits = []
    with fetcher(web_config, sleep=waits.append) as f:
        assert "افتتحت" in f.fetch(site.url_for("/busy")).text()
    assert waits == [1.0]  # the first backoff step: the odd value was not read as a wait


def test_an_http_date_retry_after_is_read():
    from email.utils import formatdate

    from summarizer.web.fetch import parse_retry_after
    assert parse_retry_after(formatdate(1_000_030, usegmt=True), now=1_000_000) == 30.0
    assert parse_retry_after("120") == 120.0 and parse_retry_after("٣") is None


def test_an_unasked_304_and_a_redirect_without_location_are_errors(site, web_config):
    site.expect_request("/not-modified").respond_with_data("", status=304)
    site.expect_request("/moved").respond_with_data(article_page("port"), status=302, content_type="text/html")
    site.expect_request("/choices").respond_with_data(article_page("port"), status=300, content_type="text/html")
    with fetcher(web_config) as f:
        with pytest.raises(FetchError, match="HTTP 304 Not Modified, but nothing was cached"):
            f.fetch(site.url_for("/not-modified"))
        with pytest.raises(FetchError, match="HTTP 302 .*without a Location"):
            f.fetch(site.url_for("/moved"))
        with pytest.raises(FetchError, match="HTTP 300 .*without a Location"):
            f.fetch(site.url_for("/choices"))


def test_raw_deflate_labelled_deflate_is_read(site, web_config):
    import zlib
    page = article_page("rain").encode("utf-8")
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    site.expect_request("/iis").respond_with_data(raw.compress(page) + raw.flush(),
                                                  headers={"Content-Encoding": "deflate"},
                                                  content_type="text/html; charset=utf-8")
    with fetcher(web_config) as f:
        assert f.fetch(site.url_for("/iis")).body == page


def test_a_header_charset_that_gives_no_arabic_yields_to_the_pages_own(site, web_config):
    """The server says ISO-8859-1 (any bytes decode), the page is windows-1256 and says so in its meta."""
    body = article_page("rain", charset="windows-1256").encode("cp1256")
    site.expect_request("/mislabelled").respond_with_data(body, content_type="text/html; charset=iso-8859-1")
    with fetcher(web_config) as f:
        text, note = f.fetch(site.url_for("/mislabelled")).read()
    assert "أغلقت السلطات" in text
    assert "charset=iso-8859-1" in note and "windows-1256" in note.lower()
    site.expect_request("/right").respond_with_data(body, content_type="text/html; charset=windows-1256")
    with fetcher(web_config) as f:
        assert f.fetch(site.url_for("/right")).read() == (body.decode("cp1256"), None)


def test_credentials_in_a_url_are_sent_but_never_shown(site, web_config):
    seen = serve_seeing(site, "/private-feed", "Authorization")
    site.expect_request("/missing").respond_with_data("no", status=404)
    with fetcher(web_config) as f:
        page = f.fetch(f"http://reader:s3cret@127.0.0.1:{site.port}/private-feed")
        with pytest.raises(FetchError) as missing:
            f.fetch(f"http://reader:s3cret@127.0.0.1:{site.port}/missing")
    assert seen["Authorization"].startswith("Basic ")  # sent, as HTTP basic authentication
    assert "s3cret" not in page.url and "reader" not in page.url
    assert "s3cret" not in str(missing.value) and f"127.0.0.1:{site.port}/missing" in str(missing.value)


def test_credentials_never_reach_errors_or_the_cache(tmp_path):
    """A site that cannot be reached (its robots.txt is read first) and a page the cache keeps: the
    password is in neither the error nor any file of the cache folder."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    config = Config(http_cache=str(tmp_path / "cache"))
    with fetcher(config) as f, pytest.raises(FetchError) as error:
        f.fetch(f"http://reader:S3CRET@127.0.0.1:{dead}/feed")
    assert "S3CRET" not in str(error.value) and "reader" not in str(error.value), error.value


def test_cache_files_hold_no_credentials(site, tmp_path):
    site.expect_request("/private").respond_with_data(article_page("port"), content_type="text/html",
                                                      headers={"ETag": '"v1"'})
    with fetcher(Config(http_cache=str(tmp_path / "cache"))) as f:
        f.fetch(f"http://reader:S3CRET@127.0.0.1:{site.port}/private")
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert files and not any(b"S3CRET" in p.read_bytes() for p in files)


def test_one_address_spelt_five_ways_is_one_host(raw_site):
    """127.1, 2130706433 and 0x7f.1 are 127.0.0.1 to the system's resolver: one host for the per-host
    limit and for robots.txt (each fetch must succeed: a refused spelling would prove nothing)."""
    from tests.web_site import reply
    page = reply("200 OK", {"Content-Type": "text/html"}, article_page("rain").encode())

    def slow(send, stop):
        stop.wait(0.1)
        page(send, stop)
    raw_site.route("/robots.txt", reply("200 OK", {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"))
    spellings = ["127.0.0.1", "127.1", "2130706433", "0x7f.1"]
    urls = []
    for n in range(16):
        raw_site.route(f"/p{n}", slow)
        urls.append(f"http://{spellings[n % 4]}:{raw_site.port}/p{n}")
    bodies = []
    with fetcher(Config(http_cache="")) as f:
        threads = [threading.Thread(target=lambda u: bodies.append(f.fetch(u).body), args=(url,)) for url in urls]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert len(bodies) == 16 and raw_site.most_open <= 2, (len(bodies), raw_site.most_open)
    assert [path for path, _ in raw_site.requests].count("/robots.txt") == 1


def test_many_names_of_one_address_share_its_limit(raw_site):
    from tests.web_site import reply
    page = reply("200 OK", {"Content-Type": "text/html"}, article_page("rain").encode())

    def slow(send, stop):
        stop.wait(0.1)
        page(send, stop)
    for n in range(16):
        raw_site.route(f"/p{n}", slow)
    urls = [f"http://name{n}.example:{raw_site.port}/p{n}" for n in range(16)]
    bodies = []
    with fetcher(Config(http_cache="", ignore_robots=True), resolver=lambda host, port: ["127.0.0.1"]) as f:
        threads = [threading.Thread(target=lambda u: bodies.append(f.fetch(u).body), args=(url,)) for url in urls]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert len(bodies) == 16 and 2 < raw_site.most_open <= 6, raw_site.most_open  # one address: 6 at once


def test_a_robots_txt_that_times_out_names_the_page(raw_site):
    raw_site.route("/robots.txt", lambda send, stop: stop.wait(30))
    with fetcher(Config(http_cache="", fetch_timeout=0.5)) as f, pytest.raises(FetchError) as error:
        f.fetch(raw_site.url("/story"))
    assert raw_site.url("/story") in str(error.value) and "robots.txt" in str(error.value)


def test_a_gzip_body_of_several_members_is_read_whole(site, web_config):
    page = article_page("rain").encode("utf-8")
    half = len(page) // 2
    site.expect_request("/members").respond_with_data(gzip.compress(page[:half]) + gzip.compress(page[half:]),
                                                      headers={"Content-Encoding": "gzip"},
                                                      content_type="text/html; charset=utf-8")
    with fetcher(web_config) as f:
        assert f.fetch(site.url_for("/members")).body == page
