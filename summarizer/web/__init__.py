"""The web as input: fetching pages carefully (`fetch`), reading feeds (`feeds`), and turning both
into records like any other input (`records`)."""
from .feeds import Feed, FeedItem, NotAFeed, parse_feed  # noqa: F401
from .fetch import USER_AGENT, Fetched, Fetcher, FetchError, refused_address  # noqa: F401
from .records import WebBatch, WebRecord, is_url, is_web_input  # noqa: F401
