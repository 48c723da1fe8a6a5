"""Many briefs into one digest: sections by category (else source), one entry per story.

The same story from several feeds, or republished with other page furniture and small edits, is one
entry listing every source (`duplicates`: near-duplicate shingles, found by MinHash LSH).

One content (`Digest.content`, its flags typed) feeds all three renderings, so HTML, Markdown
(`digest_render`) and JSON (`Digest.to_dict`) say the same: a number a check questions is flagged
beside its line, in every one, as in a single brief. `stories` counts the entries (merged), `items`
what was briefed.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from . import digest_render
from .brief import Brief
from .digest_render import parse_time as _time
from .duplicates import DUPLICATE_THRESHOLD, duplicate_groups

NO_ENGLISH = "English needs a translation model: run `brief models download` (see the README, \"Models\")."


@dataclass
class Story:
    """One briefed item: where it came from, its brief and the article text it was made from. A brief
    given as a dict (a Brief's JSON, as `brief follow`'s store keeps it) is read back as a Brief."""
    id: str
    brief: Brief
    text: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    category: str | None = None
    source: str | None = None

    def __post_init__(self):
        if isinstance(self.brief, dict):
            self.brief = Brief.from_dict(self.brief)


@dataclass
class Digest:
    stories: list[Story]  # every item briefed; `entries()` merges them into the stories shown
    failed: list[dict] = field(default_factory=list)  # {"id", "url", "source", "error"}
    threshold: float = DUPLICATE_THRESHOLD
    generated: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    title: str = "News digest"
    english_wanted: bool = True  # False when the user turned translation off: then no note asks for a model
    _merged: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def english(self) -> bool:
        return any(s.brief.headline_en for s in self.stories)

    def entries(self) -> list[list[Story]]:
        """Stories merged into entries; the first story of each is the one whose brief is shown
        (the longest article: the most complete telling). Merged once per digest, whatever is rendered."""
        key = (len(self.stories), self.threshold)
        if self._merged is None or self._merged[0] != key:
            groups = duplicate_groups([s.text or s.brief.headline_ar for s in self.stories], self.threshold)
            self._merged = (key, [sorted((self.stories[i] for i in group), key=lambda s: -len(s.text or ""))
                                  for group in groups])
        return self._merged[1]

    def content(self) -> dict:
        """What every rendering says, its flags typed (`Flag`): `stories` merged from `items`, in sections."""
        sections: dict[str, list[dict]] = defaultdict(list)
        for members in self.entries():
            main, brief = members[0], members[0].brief
            section = next((s.category for s in members if s.category), None) or main.source or "Other"
            times = [t for t in (_time(s.published) for s in members) if t]
            sections[section.strip()].append({
                "headline_en": brief.headline_en, "bullets_en": None if brief.bullets_en is None else
                list(brief.bullets_en), "headline_ar": brief.headline_ar, "bullets_ar": list(brief.bullets_ar),
                "flags": list(brief.flags), "published": min(times).isoformat() if times else None,
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
                "stories": sum(len(s["entries"]) for s in ordered), "items": len(self.stories),
                "sections": ordered, "failed": list(self.failed)}

    def to_dict(self) -> dict:
        """The content as JSON data: each entry's flags as a brief's JSON has them ({line, lang, message})."""
        data = self.content()
        for section in data["sections"]:
            for entry in section["entries"]:
                entry["flags"] = [f.to_dict() for f in entry["flags"]]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_markdown(self) -> str:
        return digest_render.markdown(self.content())

    def to_html(self) -> str:
        return digest_render.html_page(self.content())

    def render(self, suffix: str) -> str:
        """The digest for an output file's suffix: .html/.htm, .md/.markdown or .json."""
        kinds = {".html": self.to_html, ".htm": self.to_html, ".md": self.to_markdown,
                 ".markdown": self.to_markdown, ".json": self.to_json}
        if suffix.lower() not in kinds:
            raise ValueError(f"a digest is written as .html, .md or .json, not '{suffix or 'no suffix'}'")
        return kinds[suffix.lower()]()


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
        for record, brief, out in Runner(pipeline, web=web).results(records, progress=step):
            if "error" in out:
                failed.append({"id": out["id"], "url": out.get("url"), "source": out.get("source"),
                               "error": out["error"]})
                continue
            stories.append(Story(out["id"], brief, text=record.text if isinstance(record.text, str) else "",
                                 url=out.get("url"), title=out.get("title"), published=out.get("published"),
                                 category=out.get("category"), source=out.get("source")))
    return Digest(stories, failed, english_wanted=bool(pipeline.config.translator_model))
