"""A source's own headline (a page's <title>, a feed item's title, a `title` column), cleaned for a brief.

An editor's headline beats any cut of the lead, but titles carry the site's name (`... - BBC News عربي`,
`الجزيرة نت | ...`, `... :: موقع`), and some are no headline at all. `headline_from_title` strips the
site's name from either end and gives None for a title that is not Arabic, is only a name, or is not
headline-sized.
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from .lexicon import LETTER
from .normalize import clean_input, collapse_whitespace, normalize
from .tokens import arabic_ratio

MIN_WORDS, MAX_WORDS = 3, 25  # shorter is a name or a section; longer is a paragraph, not a headline
MIN_ARABIC = 0.5  # share of the letters
SITE_WORDS = 4  # an end segment of at most this many words may be the site's name
# Separators a site's name stands behind. A bar or double colon sets off a name on either end; a dash
# only at the end, since at the start it more often follows a place (`غزة - ...`).
_BAR = re.compile(r"\s+(?:\||｜|::|•|·|»|«)\s+|\s*::\s*")
_DASH = re.compile(r"\s+[-–—]\s+")
_TAGS = re.compile(r"<[^>]{0,200}>")
_LATIN = re.compile(r"[A-Za-z]")


def _is_site(segment: str, sites: set[str]) -> bool:
    """A short end segment that names a site: one of `sites`, or written mostly in Latin letters."""
    words = segment.split()
    if not words or len(words) > SITE_WORDS:
        return False
    key = normalize(segment).casefold()
    if any(key == s or (len(s) >= 3 and s in key) for s in sites):
        return True
    return len(_LATIN.findall(segment)) >= len(LETTER.findall(segment))


def _strip_ends(title: str, sites: set[str]) -> str:
    """The title without a site's name at either end: behind a bar, or behind a dash at the end."""
    parts = _BAR.split(title)
    while len(parts) > 1 and len(parts[-1].split()) <= SITE_WORDS:
        parts.pop()
    while len(parts) > 1 and len(parts[0].split()) <= SITE_WORDS:
        parts.pop(0)
    title = " | ".join(parts) if len(parts) > 1 else parts[0]
    parts = _DASH.split(title)
    while len(parts) > 1 and (_is_site(parts[-1], sites) or len(parts[-1].split()) <= 2):
        parts.pop()
    if len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    return " - ".join(parts)


def headline_from_title(title: str | None, sites: Iterable[str | None] = (), max_words: int = MAX_WORDS) -> str | None:
    """The headline a title gives, or None when it gives none (over `max_words` among them). `sites`: the
    names the source is known by (a feed's title, the page's host), stripped wherever they end the title."""
    if not title or not isinstance(title, str):
        return None
    text = collapse_whitespace(_TAGS.sub(" ", html.unescape(clean_input(title[:2000]))))
    known = {normalize(s).casefold() for s in sites if s and s.strip()}
    text = _strip_ends(text, known).strip(" -–—|:،,")
    words = text.split()
    if not MIN_WORDS <= len(words) <= min(max_words, MAX_WORDS) or arabic_ratio(text) < MIN_ARABIC:
        return None
    if normalize(text).casefold() in known:
        return None
    return text
