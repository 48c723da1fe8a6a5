"""The Brief: what a reader gets, as a dict or JSON; Markdown and HTML come from `render`.

Its lines, and what it tells the reader besides them, are typed (`notes`): flags on lines, notes of
each kind, the state of its English and where its text came from. The JSON keeps the one-line form of
each (`warnings`, `english_status`), as it always has.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import render
from .faithfulness import Flag
from .notes import ENGLISH_OK, EnglishStatus, Note, NoteKind, Source


@dataclass
class Brief:
    headline_ar: str
    bullets_ar: list[str]
    headline_en: str | None = None
    bullets_en: list[str] | None = None
    sources: list[list[int]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    headline_sources: list[int] = field(default_factory=list)
    # Source sentence text by index, for the sentences the brief cites.
    source_sentences: dict[int, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    english: EnglishStatus = ENGLISH_OK
    meta: dict = field(default_factory=dict)
    source: Source | None = None  # the page or feed item the text came from, if any
    headline_source: str = "generated"  # "title": the source's own headline (cleaned), else the summarizer's

    @property
    def has_english(self) -> bool:
        return self.headline_en is not None

    @property
    def english_status(self) -> str:
        """The state of the English in one line ("ok", or why it is missing)."""
        return str(self.english)

    @property
    def warnings(self) -> list[str]:
        """Every note and flag as one line, in reading order: the notes, the flags, then the repairs."""
        repairs = [n for n in self.notes if n.kind is NoteKind.REPAIR]
        return [*(str(n) for n in self.notes if n.kind is not NoteKind.REPAIR), *(str(f) for f in self.flags),
                *(str(n) for n in repairs)]

    def notes_of(self, *kinds: NoteKind) -> list[Note]:
        return [n for n in self.notes if n.kind in kinds]

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
            "headline_source": self.headline_source,
            "source_sentences": {str(k): v for k, v in sorted(self.source_sentences.items())},
            "warnings": self.warnings,
            "flags": [f.to_dict() for f in self.flags],
            "english_status": self.english_status,
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Brief":
        """A brief read back from its JSON: flags typed again; the other warnings come back as notes of
        their lines (the JSON keeps no kind), the English state from whether there is English."""
        from .notes import English
        data = dict(data)
        flags = [Flag(**f) for f in data.pop("flags", [])]
        shown = {str(f) for f in flags}
        notes = [Note(NoteKind.INPUT, w) for w in data.pop("warnings", []) if w not in shown]
        status = data.pop("english_status", "ok")
        english = ENGLISH_OK if status == "ok" else EnglishStatus(
            English.NOT_REQUESTED if status == "translation not requested" else English.UNAVAILABLE, status)
        data["source_sentences"] = {int(k): v for k, v in data.get("source_sentences", {}).items()}
        return cls(**data, flags=flags, notes=notes, english=english)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        return render.markdown(self)

    def to_html(self, page: bool = False) -> str:
        """The HTML fragment the web app shows; `page=True` wraps it in a complete page (charset, styles)."""
        return render.html_page(self) if page else render.html_fragment(self)
