"""summarizer.web.feeds: a feed's fields are read for the types their formats give them; a field of
another type is absent, never an exception (a JSON Feed is JSON: any value can be anything)."""
from __future__ import annotations

import json

import pytest

from summarizer.web import parse_feed

GOOD = {"id": "g", "url": "https://news.example/a", "title": "عنوان", "content_html": "<p>نص</p>",
        "tags": ["سياسة"], "date_published": "2024-05-14T09:30:00Z"}
WRONG = [("url", 5), ("url", ["https://x/"]), ("url", {"href": "https://x/"}), ("title", {"ar": "x"}),
         ("title", 7), ("content_html", 3), ("content_text", ["x"]), ("tags", 7), ("tags", [1, None, {}]),
         ("date_published", 1715678400), ("id", {"a": 1}), ("external_url", True)]


def _feed(*items, **top) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "نشرة", **top,
                       "items": list(items)}).encode("utf-8")


@pytest.mark.parametrize("field, value", WRONG, ids=[f"{f}={v!r}" for f, v in WRONG])
def test_a_json_feed_field_of_the_wrong_type_is_absent(field, value):
    (item,) = parse_feed(_feed({**GOOD, field: value})).items
    shown = {"url": item.link, "external_url": item.link, "title": item.title, "content_html": item.content,
             "content_text": item.content, "tags": item.category, "date_published": item.published, "id": item.id}
    expected = {"url": None, "external_url": GOOD["url"], "title": None, "content_html": None,
                "content_text": GOOD["content_html"], "tags": None, "date_published": None, "id": GOOD["url"]}
    assert shown[field] == expected[field]
    assert item.title in (None, GOOD["title"])  # the rest of the item is still read


def test_a_tag_given_as_one_string_is_one_category():
    (item,) = parse_feed(_feed({**GOOD, "tags": "politics"})).items
    assert item.category == "politics"
    (item,) = parse_feed(_feed({**GOOD, "tags": ["  ", "economy"]})).items
    assert item.category == "economy"


@pytest.mark.parametrize("top", [{"items": {"a": 1}}, {"items": "x"}, {"title": ["x"]}, {"home_page_url": 5},
                                 {"version": 1}, {"version": ["https://jsonfeed.org/version/1"]}])
def test_odd_top_level_fields_never_raise(top):
    data = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [GOOD], **top}).encode()
    try:
        feed = parse_feed(data)
    except Exception as error:  # only "not a feed" may come out
        assert type(error).__name__ == "NotAFeed", repr(error)
    else:
        assert all(isinstance(i.link, (str, type(None))) for i in feed.items)
        assert isinstance(feed.title, (str, type(None)))
