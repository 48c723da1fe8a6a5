"""The follow tests' fixtures (imported by each test file: a conftest.py here would shadow tests/conftest.py
for the modules that import it by name): the newsroom on 127.0.0.1 (tests/follow/newsroom.py), an extractive pipeline
with no translator (or a tagging stand-in for English), and a store in the test's folder."""
from __future__ import annotations

import pytest

from tests.follow.newsroom import Newsroom
from tests.web_site import site_server  # noqa: F401  (the session's local HTTP server, found by name)


class Tagging:
    """A stand-in translator: marks each line, so English is present and known."""
    name = "tagging"

    def translate(self, lines, **options):
        return [f"EN[{line[:30]}]" for line in lines]


@pytest.fixture
def room(site_server):  # noqa: F811
    newsroom = Newsroom(site_server)
    yield newsroom
    site_server.clear()


@pytest.fixture(autouse=True)
def no_http_cache(monkeypatch):
    """No test writes the user's HTTP cache; the follow store keeps its own validators."""
    monkeypatch.setenv("BRIEF_HTTP_CACHE", "")


@pytest.fixture
def pipeline():
    from summarizer.config import Config
    from summarizer.pipeline import BriefPipeline
    return BriefPipeline(Config(translator_model="", http_cache=""))


@pytest.fixture
def english_pipeline():
    from summarizer.config import Config
    from summarizer.pipeline import BriefPipeline
    return BriefPipeline(Config(http_cache=""), translator=Tagging())


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "news.db"
