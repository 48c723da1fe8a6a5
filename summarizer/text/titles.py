"""A source's own headline (a page's <title>, a feed item's title, a `title` column), cleaned for a brief.

An editor's headline beats any cut of the lead, but titles carry the site's name (`... - BBC News عربي`,
`الجزيرة نت | ...`, `... :: موقع الخبر`), and some are no headline at all. `headline_from_title` strips an
outlet's name from either end and gives None for a title that is not Arabic, is only a name, or is not
headline-sized; `is_about` tells whether a headline is about the article at all (a shifted CSV column, a
feed link that redirects elsewhere).
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from .lexicon import LETTER, OUTLET_HEADS, OUTLET_TAILS
from .normalize import clean_input, collapse_whitespace, normalize
from .tokens import arabic_ratio, content_terms

MIN_WORDS, MAX_WORDS = 3, 25  # shorter is a name or a section; longer is a paragraph, not a headline
MIN_ARABIC = 0.5  # share of the letters
SITE_WORDS = 4  # an end segment of at most this many words may be an outlet's name
# A title is the article's when a fifth of its content words occur in it: on BBC dev and Jawhara that
# keeps 99.8% and 99.4% of the real titles and refuses 86% and 93% of titles paired with another article.
MIN_SHARED = 0.2
# Separators an outlet's name stands behind: a bar or a double colon at either end, a dash at the end
# (at the start a dash more often follows a place: `غزة - ...`). A dash between numbers is a score or
# a span (`1 - 1`, `1925 - 2018`), and nothing inside brackets or quotes is a separator.
_BAR = re.compile(r"\s+(?:\||｜|•|·)\s+|\s*::\s*")
_DASH = re.compile(r"(?<!\d)\s+[-–—]\s+(?!\d)")
_SCRIPT = re.compile(r"<(script|style)\b[^>]{0,200}>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,200}>")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_HEADS = frozenset(normalize(w) for w in OUTLET_HEADS.split())
_TAILS = frozenset(normalize(w) for w in OUTLET_TAILS.split())


def _split(pattern: re.Pattern, text: str) -> list[str]:
    """`text` split at the matches of `pattern` that stand outside brackets and quotes."""
    parts, start = [], 0
    for m in pattern.finditer(text):
        before = text[:m.start()]
        if sum(before.count(c) for c in "([{«“") > sum(before.count(c) for c in ")]}»”") or before.count('"') % 2:
            continue
        parts.append(text[start:m.start()])
        start = m.end()
    return [*parts, text[start:]]


def _is_site(segment: str, sites: set[str]) -> bool:
    """A short end segment that names an outlet: one of `sites`, a name by its first or last word
    (موقع ...، ... نت), or one written in Latin letters without numbers (BBC News عربي; not iPhone 15)."""
    words = normalize(segment).casefold().split()
    if not words or len(words) > SITE_WORDS:
        return False
    key = " ".join(words)
    if any(key == s or (len(s) >= 3 and s in key) for s in sites) or words[0] in _HEADS or words[-1] in _TAILS:
        return True
    return len(_LATIN.findall(segment)) >= len(LETTER.findall(segment)) and not _DIGIT.search(segment)


def _strip_ends(title: str, sites: set[str]) -> str:
    """The title without an outlet's name at either end: behind a bar, or behind a dash at the end."""
    parts = _split(_BAR, title)
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    parts = _split(_DASH, " | ".join(parts))
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    if len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    return " - ".join(parts)


def headline_from_title(title: str | None, sites: Iterable[str | None] = (), max_words: int = MAX_WORDS) -> str | None:
    """The headline a title gives, or None when it gives none (over `max_words` among them). `sites`: the
    names the source is known by (a feed's title, the page's host), stripped wherever they end the title."""
    if not title or not isinstance(title, str):
        return None
    text = html.unescape(clean_input(title[:2000]))
    text = collapse_whitespace(_TAG.sub(" ", _SCRIPT.sub(" ", text)))
    known = {normalize(s).casefold() for s in sites if isinstance(s, str) and s.strip()}
    text = _strip_ends(text, known).strip(" -–—|:،,")
    words = text.split()
    if not MIN_WORDS <= len(words) <= min(max_words, MAX_WORDS) or arabic_ratio(text) < MIN_ARABIC:
        return None
    if normalize(text).casefold() in known or _is_site(text, set()) or text[:1] in "=+@":
        return None  # only a name, or a spreadsheet's formula
    return text


def is_about(headline: str, text: str) -> bool:
    """A fifth or more of the headline's content words occur in the article (stems, no stopwords)."""
    terms = set(content_terms(headline))
    return bool(terms) and len(terms & set(content_terms(text))) >= MIN_SHARED * len(terms)
