"""URLs as they are shown: never with the user name and password a URL may carry (stdlib only)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit


def redact(url: str) -> str:
    """The URL without its user name and password: what every message and output shows. The fetch itself
    still sends them (as HTTP basic authentication)."""
    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    except ValueError:
        return re.sub(r"//[^/@]*@", "//", url)
