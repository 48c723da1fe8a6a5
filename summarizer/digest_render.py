"""The digest's Markdown and HTML, from its content (`Digest.content`): sections, one entry per story,
each line's flags beside it in its own language's column, in the words a single brief uses
(`render.flag_md`, `render.flag_html`). The HTML page is self-contained: no scripts, fonts, images or
styles from elsewhere; one column on a phone; long words wrap.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .faithfulness import Flag, line_names
from .render import escape, flag_html, flag_md, md_text, md_url
from .text.lexicon import BLOCKS

_ARABIC = re.compile(f"[{BLOCKS}]")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    try:
        when.astimezone(timezone.utc)  # a date at the calendar's edge (9999-12-31T23:59-23:59) has no UTC
    except (OverflowError, ValueError):
        return None
    return when


def safe_href(url: str | None) -> str | None:
    """Only http(s) links become links: a feed's javascript: or data: URL stays text."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


def utc(value: str | None) -> str:
    when = parse_time(value)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if when else (value or "")


def _source_label(src: dict) -> str:
    return src.get("source") or (urlsplit(src["url"]).hostname if src.get("url") else None) or src["id"]


def _count(data: dict) -> str:
    stories, items = data["stories"], data["items"]
    return f"{stories} {'story' if stories == 1 else 'stories'} from {items} {'item' if items == 1 else 'items'}"


def _flags(entry: dict, line: str, lang: str) -> list[Flag]:
    return [f for f in entry["flags"] if f.line == line and f.lang == lang]


def _side_md(entry: dict, lang: str, heading: str) -> list[str]:
    """One language's headline (as `heading`) and bullets, each followed by its flags."""
    out = [heading.format(md_text(entry[f"headline_{lang}"]))]
    marks = " ".join(flag_md(f) for f in _flags(entry, "headline", lang))
    out += [f"> {marks}"] if marks else []
    out.append("")
    bullets = entry[f"bullets_{lang}"] or []
    for name, bullet in zip(line_names(len(bullets))[1:], bullets):
        out.append(f"- {md_text(bullet)}")
        out += [f"  - {flag_md(f)}" for f in _flags(entry, name, lang)]
    return out


def markdown(data: dict) -> str:
    """The digest as CommonMark; every value from a feed or a page is escaped (md_text, md_url)."""
    out = [f"# {md_text(data['title'])}", "", f"{_count(data)} · generated {utc(data['generated'])}", ""]
    if data["note"]:
        out += [f"*{md_text(data['note'])}*", ""]
    for section in data["sections"]:
        out += [f"## {md_text(section['name'])}", ""]
        for entry in section["entries"]:
            if entry["headline_en"]:
                out += [*_side_md(entry, "en", "### {}"), "", *_side_md(entry, "ar", "**{}**")]
            else:
                out += _side_md(entry, "ar", "### {}")
            links = []
            for src in entry["sources"]:
                label, href = md_text(_source_label(src)), safe_href(src.get("url"))
                links.append((f"[{label}](<{md_url(href)}>)" if href else label) +
                             (f" · {md_text(utc(src['published']))}" if src.get("published") else ""))
            out += ["", "Sources: " + "; ".join(links), ""]
    if data["failed"]:
        out += ["## Not briefed", ""]
        out += [f"- {md_text(f.get('url') or f['id'])}: {md_text(f['error'])}" for f in data["failed"]]
    return "\n".join(out).rstrip() + "\n"


CSS = """
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 68rem; padding: 1rem; font: 16px/1.55 system-ui, "Segoe UI", Tahoma,
       "Noto Naskh Arabic", sans-serif; color: #1a1a1a; background: #fff; }
header h1 { margin: .2rem 0; font-size: 1.6rem; }
.meta, time { color: #555; font-size: .9rem; }
.no-english { direction: ltr; text-align: left; background: #fff4e5; border: 1px solid #f0b35a; color: #7a4100;
              padding: .4rem .7rem; border-radius: 6px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem .9rem; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
article { border-bottom: 1px solid #e3e3e3; padding: .8rem 0; break-inside: avoid; }
.story { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; }
.story.ar-only { grid-template-columns: minmax(0, 1fr); }
.en { direction: ltr; text-align: left; }
.ar { direction: rtl; text-align: right; font-size: 1.06rem; line-height: 1.8; }
h1, h2, h3, li, .sources, nav, .flag { overflow-wrap: anywhere; }
h3 { margin: 0 0 .3rem; font-size: 1.12rem; }
ul.bullets { margin: .2rem 0; padding-inline-start: 1.2rem; }
.flag { display: block; margin: .2rem 0; padding: .15rem .5rem; border-radius: 6px; background: #fff4e5;
        color: #7a4100; border: 1px solid #f0b35a; font-size: .85rem; direction: ltr; text-align: left; }
.sources { font-size: .88rem; color: #444; margin-top: .4rem; }
.sources ul { list-style: none; padding: 0; margin: .2rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
a { color: #0645ad; overflow-wrap: anywhere; }
@media (max-width: 44rem) { .story { grid-template-columns: minmax(0, 1fr); gap: .6rem; } body { padding: .6rem; } }
@media print { nav { display: none; } body { max-width: none; font-size: 11pt; }
               a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } }
"""


def _side_html(entry: dict, lang: str) -> str:
    """One language's column: its headline and bullets, each line's flags beside it."""
    direction = "rtl" if lang == "ar" else "ltr"
    bullets = entry[f"bullets_{lang}"] or []
    marks = lambda line: "".join(flag_html(f) for f in _flags(entry, line, lang))  # noqa: E731
    items = "".join(f"<li>{escape(b)}{marks(name)}</li>" for name, b in zip(line_names(len(bullets))[1:], bullets))
    return (f'<div class="{lang}" lang="{lang}" dir="{direction}"><h3>{escape(entry[f"headline_{lang}"])}</h3>'
            f'{marks("headline")}<ul class="bullets" lang="{lang}" dir="{direction}">{items}</ul></div>')


def _entry_html(entry: dict) -> str:
    english = bool(entry["headline_en"])
    out = ["<article>", '<div class="story">' if english else '<div class="story ar-only">']
    out += [_side_html(entry, "en")] if english else []
    out += [_side_html(entry, "ar"), "</div>"]
    items = []
    for src in entry["sources"]:
        label, href = escape(_source_label(src)), safe_href(src.get("url"))
        link = f'<a href="{escape(href)}" rel="noreferrer noopener" dir="auto">{label}</a>' if href \
            else f'<span dir="auto">{label}</span>'
        when = (f' · <time datetime="{escape(src["published"])}">{escape(utc(src["published"]))}</time>'
                if src.get("published") else "")
        items.append(f"<li>{link}{when}</li>")
    word = "source" if len(items) == 1 else f"{len(items)} sources"
    out += [f'<div class="sources" dir="ltr" lang="en">{word}:<ul>{"".join(items)}</ul></div>', "</article>"]
    return "\n".join(out)


def _anchor(n: int) -> str:
    return f"section-{n}"


def html_page(data: dict) -> str:
    lang, direction = ("en", "ltr") if data["english"] else ("ar", "rtl")
    out = ["<!DOCTYPE html>", f'<html lang="{lang}" dir="{direction}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(data['title'])}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<header dir="ltr" lang="en">', f"<h1>{escape(data['title'])}</h1>",
           f'<p class="meta">{_count(data)} · generated '
           f'<time datetime="{escape(data["generated"])}">{escape(utc(data["generated"]))}</time></p>']
    if data["note"]:
        out.append(f'<p class="no-english" role="note">{escape(data["note"])}</p>')
    out.append("</header>")
    if data["sections"]:
        out.append("<nav><ul>" + "".join(
            f'<li><a href="#{_anchor(n)}" dir="auto">{escape(s["name"])}</a> ({len(s["entries"])})</li>'
            for n, s in enumerate(data["sections"])) + "</ul></nav>")
    out.append("<main>")
    for n, section in enumerate(data["sections"]):
        rtl = ' dir="rtl" lang="ar"' if _ARABIC.search(section["name"]) else ' dir="auto"'
        out.append(f'<section id="{_anchor(n)}"><h2{rtl}>{escape(section["name"])}</h2>')
        out += [_entry_html(entry) for entry in section["entries"]]
        out.append("</section>")
    if data["failed"]:
        out.append('<section dir="ltr" lang="en"><h2>Not briefed</h2><ul>' + "".join(
            f'<li><span dir="auto">{escape(f.get("url") or f["id"])}</span>: {escape(f["error"])}</li>'
            for f in data["failed"]) + "</ul></section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)
