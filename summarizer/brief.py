"""The Brief: what a reader gets, as a dict or JSON; Markdown and HTML come from `render`."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import render
from .faithfulness import Flag


@dataclass
class Brief:
    headline_ar: str
    bullets_ar: list[str]
    headline_en: str | None = None
    bullets_en: list[str] | None = None
    sources: list[list[int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headline_sources: list[int] = field(default_factory=list)
    # Source sentence text by index, for the sentences the brief cites.
    source_sentences: dict[int, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    english_status: str = "ok"
    meta: dict = field(default_factory=dict)

    @property
    def has_english(self) -> bool:
        return self.headline_en is not None

    def flags_for(self, line: str, lang: str | None = None) -> list[Flag]:
        return [f for f in self.flags if f.line == line and (lang is None or f.lang == lang)]

    def to_dict(self) -> dict:
        return {
            "headline_ar": self.headline_ar,
            "bullets_ar": list(self.bullets_ar),
            "headline_en": self.headline_en,
            "bullets_en": None if self.bullets_en is None else list(self.bullets_en),
            "sources": [list(s) for s in self.sources],
            "headline_sources": list(self.headline_sources),
            "source_sentences": {str(k): v for k, v in sorted(self.source_sentences.items())},
            "warnings": list(self.warnings),
            "flags": [f.to_dict() for f in self.flags],
            "english_status": self.english_status,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Brief":
        data = dict(data)
        data["flags"] = [Flag(**f) for f in data.get("flags", [])]
        data["source_sentences"] = {int(k): v for k, v in data.get("source_sentences", {}).items()}
        return cls(**data)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        return render.markdown(self)

    def to_html(self, page: bool = False) -> str:
        """The HTML fragment the web app shows; `page=True` wraps it in a complete page (charset, styles)."""
        return render.html_page(self) if page else render.html_fragment(self)
