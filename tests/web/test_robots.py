"""summarizer.web.robots: robots.txt as RFC 9309 says (Protego), served from 127.0.0.1."""
from __future__ import annotations

import pytest

from summarizer.web import Fetcher, FetchError
from tests.web_site import article_page


def _pages(site, *paths: str) -> None:
    for path in paths:
        site.expect_request(path).respond_with_data(article_page("port"), content_type="text/html")


def _robots(site, text: str) -> None:
    site.clear()
    site.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


@pytest.mark.parametrize("rules, refused, allowed", [
    ("User-agent: *\nAllow: /\nDisallow: /private\n", ["/private", "/private/a"], ["/", "/public"]),
    ("User-agent: *\nDisallow: /*.html\n", ["/a.html", "/news/b.html"], ["/a.htm", "/news/"]),
    ("User-agent: *\nDisallow: /*.php$\n", ["/x.php"], ["/x.php5", "/x.phpx"]),
    ("User-agent: *\nDisallow: /news/\nAllow: /news/public\n", ["/news/a"], ["/news/public/1"]),
    # Our own group wins over '*' (matched by the product token of our User-Agent).
    ("User-agent: *\nAllow: /\n\nUser-agent: arabic-news-brief\nDisallow: /\n", ["/a"], []),
], ids=["longest-match", "star", "dollar", "allow-inside-disallow", "own-group"])
def test_rules_match_as_rfc_9309_says(site, web_config, rules, refused, allowed):
    _robots(site, rules)
    _pages(site, *refused, *allowed)
    with Fetcher(web_config) as f:
        for path in refused:
            with pytest.raises(FetchError, match="robots.txt does not allow"):
                f.fetch(site.url_for(path))
        for path in allowed:
            assert f.fetch(site.url_for(path)).body
    assert not [r for r, _ in site.log if r.path in refused]


@pytest.mark.parametrize("hops", [1, 5])
def test_a_robots_txt_behind_redirects_is_followed(site, web_config, hops):
    site.clear()
    for n in range(hops):
        source = "/robots.txt" if n == 0 else f"/moved-{n}.txt"
        site.expect_request(source).respond_with_data("", status=301, headers={"Location": f"/moved-{n + 1}.txt"})
    site.expect_request(f"/moved-{hops}.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    _pages(site, "/page")
    with Fetcher(web_config) as f, pytest.raises(FetchError, match="robots.txt does not allow"):
        f.fetch(site.url_for("/page"))


def test_more_than_five_redirects_is_no_robots_txt(site, web_config):
    site.clear()
    for n in range(6):
        source = "/robots.txt" if n == 0 else f"/moved-{n}.txt"
        site.expect_request(source).respond_with_data("", status=302, headers={"Location": f"/moved-{n + 1}.txt"})
    site.expect_request("/moved-6.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    _pages(site, "/page")
    with Fetcher(web_config) as f:
        assert f.fetch(site.url_for("/page")).body  # unavailable, as RFC 9309 2.3.1.2 allows
    assert not [r for r, _ in site.log if r.path == "/moved-6.txt"]


@pytest.mark.parametrize("text", ["User-agent: *\nCrawl-delay: ²\nDisallow: /private\n",
                                  "User-agent: *\nCrawl-delay: -1e999\nRequest-rate: x/y\n",
                                  "\x00\xff garbage \n:::\nDisallow\nAllow: \n" * 50])
def test_odd_robots_lines_never_raise(site, web_config, text):
    _robots(site, text)
    _pages(site, "/page")
    with Fetcher(web_config) as f:
        assert f.fetch(site.url_for("/page")).body
