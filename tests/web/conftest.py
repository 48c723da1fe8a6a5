"""Fixtures of the web tests: the local news site (web_site.py) on 127.0.0.1 and a Config for it."""
from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from summarizer.config import Config


@pytest.fixture
def site():
    """A threaded HTTP server on 127.0.0.1 with an empty robots.txt (404), cleared after each test."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def web_config(tmp_path):
    return Config(http_cache=str(tmp_path / "http-cache"), fetch_timeout=5.0, max_page_bytes=300_000,
                  translator_model="")
