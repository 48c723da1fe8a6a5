"""Many briefs into one digest: sections by category (else source), one entry per story.

The same story from several feeds, or republished with other page furniture and small edits, is one
entry listing every source (`duplicates`: near-duplicate shingles, found by MinHash LSH).

One content dict (`Digest.to_dict`) feeds all three renderings, so HTML, Markdown and JSON say
the same. The HTML page is self-contained: no scripts, fonts, images or styles from elsewhere.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .duplicates import DUPLICATE_THRESHOLD, duplicate_groups
from .render import escape, md_text, md_url
from .text.lexicon import BLOCKS

NO_ENGLISH = "English needs a translation model: run `brief models download` (see the README, \"Models\")."
_ARABIC = re.compile(f"[{BLOCKS}]")


@dataclass
class Story:
    """One briefed item: where it came from, its brief (a Brief's dict) and the article text it was made from."""
    id: str
    brief: dict
    text: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    category: str | None = None
    source: str | None = None


def _time(value: str | None) -> datetime | None:
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


@dataclass
class Digest:
    stories: list[Story]
    failed: list[dict] = field(default_factory=list)  # {"id", "url", "source", "error"}
    threshold: float = DUPLICATE_THRESHOLD
    generated: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    title: str = "News digest"
    english_wanted: bool = True  # False when the user turned translation off: then no note asks for a model
    _merged: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def english(self) -> bool:
        return any(s.brief.get("headline_en") for s in self.stories)

    def entries(self) -> list[list[Story]]:
        """Stories merged into entries; the first story of each is the one whose brief is shown
        (the longest article: the most complete telling). Merged once per digest, whatever is rendered."""
        key = (len(self.stories), self.threshold)
        if self._merged is None or self._merged[0] != key:
            groups = duplicate_groups([s.text or s.brief.get("headline_ar", "") for s in self.stories],
                                      self.threshold)
            self._merged = (key, [sorted((self.stories[i] for i in group), key=lambda s: -len(s.text or ""))
                                  for group in groups])
        return self._merged[1]

    def to_dict(self) -> dict:
        sections: dict[str, list[dict]] = defaultdict(list)
        for members in self.entries():
            main = members[0]
            section = next((s.category for s in members if s.category), None) or main.source or "Other"
            times = [t for t in (_time(s.published) for s in members) if t]
            sections[section.strip()].append({
                "headline_en": main.brief.get("headline_en"), "bullets_en": main.brief.get("bullets_en"),
                "headline_ar": main.brief.get("headline_ar"), "bullets_ar": list(main.brief.get("bullets_ar") or []),
                "published": min(times).isoformat() if times else None,
                "sources": [{"source": s.source, "url": s.url, "title": s.title, "published": s.published,
                             "id": s.id} for s in members]})
        newest = datetime.min.replace(tzinfo=timezone.utc)
        ordered = []
        for name in sorted(sections, key=str.casefold):
            entries = sorted(sections[name], key=lambda e: _time(e["published"]) or newest, reverse=True)
            ordered.append({"name": name, "entries": entries})
        english = self.english
        return {"title": self.title, "generated": self.generated.isoformat(timespec="seconds"),
                "english": english, "note": None if english or not self.english_wanted else NO_ENGLISH,
                "stories": len(self.stories), "entries": sum(len(s["entries"]) for s in ordered),
                "sections": ordered, "failed": list(self.failed)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_markdown(self) -> str:
        return markdown(self.to_dict())

    def to_html(self) -> str:
        return html_page(self.to_dict())

    def render(self, suffix: str) -> str:
        """The digest for an output file's suffix: .html/.htm, .md/.markdown or .json."""
        kinds = {".html": self.to_html, ".htm": self.to_html, ".md": self.to_markdown,
                 ".markdown": self.to_markdown, ".json": self.to_json}
        if suffix.lower() not in kinds:
            raise ValueError(f"a digest is written as .html, .md or .json, not '{suffix or 'no suffix'}'")
        return kinds[suffix.lower()]()


def _safe_href(url: str | None) -> str | None:
    """Only http(s) links become links: a feed's javascript: or data: URL stays text."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


def _utc(value: str | None) -> str:
    when = _time(value)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if when else (value or "")


def _source_label(src: dict) -> str:
    return src.get("source") or (urlsplit(src["url"]).hostname if src.get("url") else None) or src["id"]


def _count(data: dict) -> str:
    stories, items = data["entries"], data["stories"]
    return f"{stories} {'story' if stories == 1 else 'stories'} from {items} {'item' if items == 1 else 'items'}"


def markdown(data: dict) -> str:
    """The digest as CommonMark; every value from a feed or a page is escaped (md_text, md_url)."""
    out = [f"# {md_text(data['title'])}", "", f"{_count(data)} · generated {_utc(data['generated'])}", ""]
    if data["note"]:
        out += [f"*{md_text(data['note'])}*", ""]
    for section in data["sections"]:
        out += [f"## {md_text(section['name'])}", ""]
        for entry in section["entries"]:
            if entry["headline_en"]:
                out += [f"### {md_text(entry['headline_en'])}", ""]
                out += [f"- {md_text(b)}" for b in entry["bullets_en"] or []]
                out += ["", f"**{md_text(entry['headline_ar'])}**", ""]
            else:
                out += [f"### {md_text(entry['headline_ar'])}", ""]
            out += [f"- {md_text(b)}" for b in entry["bullets_ar"]]
            links = []
            for src in entry["sources"]:
                label, href = md_text(_source_label(src)), _safe_href(src.get("url"))
                links.append((f"[{label}](<{md_url(href)}>)" if href else label) +
                             (f" · {md_text(_utc(src['published']))}" if src.get("published") else ""))
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
.story { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.story.ar-only { grid-template-columns: 1fr; }
.en { direction: ltr; text-align: left; }
.ar { direction: rtl; text-align: right; font-size: 1.06rem; line-height: 1.8; }
h3 { margin: 0 0 .3rem; font-size: 1.12rem; }
ul.bullets { margin: .2rem 0; padding-inline-start: 1.2rem; }
.sources { font-size: .88rem; color: #444; margin-top: .4rem; }
.sources ul { list-style: none; padding: 0; margin: .2rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
a { color: #0645ad; overflow-wrap: anywhere; }
@media (max-width: 44rem) { .story { grid-template-columns: 1fr; gap: .6rem; } body { padding: .6rem; } }
@media print { nav { display: none; } body { max-width: none; font-size: 11pt; }
               a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } }
"""


def _bullets(lines, lang: str) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    return (f'<ul class="bullets" lang="{lang}" dir="{direction}">'
            + "".join(f"<li>{escape(b)}</li>" for b in lines or []) + "</ul>")


def _anchor(n: int) -> str:
    return f"section-{n}"


def html_page(data: dict) -> str:
    english = data["english"]
    lang, direction = ("en", "ltr") if english else ("ar", "rtl")
    out = ["<!DOCTYPE html>", f'<html lang="{lang}" dir="{direction}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(data['title'])}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<header dir="ltr" lang="en">', f"<h1>{escape(data['title'])}</h1>",
           f'<p class="meta">{_count(data)} · generated '
           f'<time datetime="{escape(data["generated"])}">{escape(_utc(data["generated"]))}</time></p>']
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
        for entry in section["entries"]:
            out.append("<article>")
            if entry["headline_en"]:
                out.append('<div class="story"><div class="en" lang="en" dir="ltr">'
                           f'<h3>{escape(entry["headline_en"])}</h3>{_bullets(entry["bullets_en"], "en")}</div>')
            else:
                out.append('<div class="story ar-only">')
            out.append(f'<div class="ar" lang="ar" dir="rtl"><h3>{escape(entry["headline_ar"])}</h3>'
                       f'{_bullets(entry["bullets_ar"], "ar")}</div></div>')
            items = []
            for src in entry["sources"]:
                label, href = escape(_source_label(src)), _safe_href(src.get("url"))
                link = f'<a href="{escape(href)}" rel="noreferrer noopener" dir="auto">{label}</a>' if href \
                    else f'<span dir="auto">{label}</span>'
                when = (f' · <time datetime="{escape(src["published"])}">{escape(_utc(src["published"]))}</time>'
                        if src.get("published") else "")
                items.append(f"<li>{link}{when}</li>")
            word = "source" if len(items) == 1 else f"{len(items)} sources"
            out.append(f'<div class="sources" dir="ltr" lang="en">{word}:<ul>{"".join(items)}</ul></div>')
            out.append("</article>")
        out.append("</section>")
    if data["failed"]:
        out.append('<section dir="ltr" lang="en"><h2>Not briefed</h2><ul>' + "".join(
            f'<li><span dir="auto">{escape(f.get("url") or f["id"])}</span>: {escape(f["error"])}</li>'
            for f in data["failed"]) + "</ul></section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def digest_feeds(feeds: list[str], pipeline, *, fetcher=None, progress=None, warnings: list[str] | None = None,
                 budget: float | None = None) -> Digest:
    """Every item of the feeds (URLs or files) briefed by `pipeline` (a BriefPipeline) into one Digest.

    A feed that cannot be read, and an item that cannot be fetched or briefed, is listed under
    "Not briefed" with the reason; the rest goes on. `progress(total)` is called once the items are
    known and returns a callable advanced by one per item (e.g. a tqdm bar's update); `fetcher` is
    a summarizer.web.Fetcher (the app's refuses private addresses); `budget` bounds all the fetching
    together, in seconds (an item not fetched in time is listed with that reason).
    """
    from .errors import InputError
    from .runner import Runner
    from .web import WebBatch

    warnings = [] if warnings is None else warnings
    stories, failed, records = [], [], []
    with WebBatch(pipeline.config, fetcher, budget=budget) as web:
        for feed in feeds:
            try:
                records += list(web.open(feed))
            except InputError as error:
                failed.append({"id": feed, "url": feed, "source": None, "error": str(error)})
            warnings += web.warnings
            web.warnings = []
        step = progress(len(records)) if progress else None
        for record, _, out in Runner(pipeline, web=web).results(records, progress=step):
            if "error" in out:
                failed.append({"id": out["id"], "url": out.get("url"), "source": out.get("source"),
                               "error": out["error"]})
                continue
            stories.append(Story(out["id"], out["brief"], text=record.text if isinstance(record.text, str) else "",
                                 url=out.get("url"), title=out.get("title"), published=out.get("published"),
                                 category=out.get("category"), source=out.get("source")))
    return Digest(stories, failed, english_wanted=bool(pipeline.config.translator_model))
