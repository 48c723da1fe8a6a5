"""The Brief: what a reader gets, and its renderers (dict/JSON, Markdown, HTML)."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from .faithfulness import Flag, line_names

ENGLISH_UNAVAILABLE = "English unavailable"


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

    def _rows(self):
        """(line name, Arabic, English or None) for the headline and each bullet."""
        english = [self.headline_en, *(self.bullets_en or [])] if self.has_english else []
        arabic = [self.headline_ar, *self.bullets_ar]
        for i, (name, ar) in enumerate(zip(line_names(len(self.bullets_ar)), arabic)):
            yield name, ar, english[i] if i < len(english) else None

    def to_markdown(self) -> str:
        out = []
        for name, ar, en in self._rows():
            marks = "".join(f" ⚠ {f.message}" for f in self.flags_for(name))
            if name == "headline":
                out += [f"# {ar}", ""]
                out += [f"**{en}**" if en is not None else f"*{ENGLISH_UNAVAILABLE}: {self.english_status}*"]
                if marks:
                    out.append(f">{marks}")
                out.append("")
                continue
            out.append(f"- {ar}")
            if en is not None:
                out.append(f"  - EN: {en}")
            if marks:
                out.append(f"  - {marks.strip()}")
        if self.warnings:
            out += ["", "## Warnings", *(f"- {w}" for w in self.warnings)]
        if self.meta:
            used = ", ".join(f"{k}: {v}" for k, v in self.meta.items()
                             if k in ("backend", "summarizer_model", "translator_model") and v)
            out += ["", f"<sub>{used}</sub>"]
        return "\n".join(out).strip() + "\n"

    def to_html(self) -> str:
        esc = html.escape
        rows = []
        for name, ar, en in self._rows():
            tag = "h1" if name == "headline" else "p"
            warn = "".join(f'<div class="warning" role="alert">⚠ {esc(f.message)} ({f.lang})</div>'
                           for f in self.flags_for(name))
            en_html = (f'<{tag} dir="ltr" lang="en">{esc(en)}</{tag}>' if en is not None
                       else f'<{tag} dir="ltr" lang="en" class="unavailable">{esc(ENGLISH_UNAVAILABLE)}</{tag}>')
            rows.append(f'<div class="row {name.split()[0]}"><div class="ar"><{tag} dir="rtl" lang="ar">{esc(ar)}</{tag}></div>'
                        f'<div class="en">{en_html}</div>{warn}</div>')
        warnings = "".join(f"<li>{esc(w)}</li>" for w in self.warnings)
        return ('<article class="brief">' + "".join(rows)
                + (f'<ul class="warnings">{warnings}</ul>' if warnings else "") + "</article>")
