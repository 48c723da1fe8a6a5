"""Renderers of a Brief: Markdown, an HTML fragment (the web app's), and a complete HTML page (the CLI's).

One HTML renderer: Arabic (right to left) beside English, one row per line,
flags next to the line and language they concern, each bullet's source
sentences folded under it. The page wraps the same fragment with a charset
and the same styles.
"""
from __future__ import annotations

import html
import re
from typing import Protocol

from .faithfulness import Flag, line_names
from .notes import Note, NoteKind


class Brief(Protocol):
    """What the renderers read of a brief. `brief.Brief` satisfies it; render never imports brief
    (brief imports render for its to_markdown/to_html), so the two modules make no circle."""
    headline_ar: str
    bullets_ar: list[str]
    headline_en: str | None
    bullets_en: list[str] | None
    sources: list[list[int]]
    headline_sources: list[int]
    source_sentences: dict[int, str]
    notes: list[Note]
    flags: list[Flag]
    meta: dict

    @property
    def has_english(self) -> bool: ...

    @property
    def english_status(self) -> str: ...

    @property
    def warnings(self) -> list[str]: ...

    def flags_for(self, line: str, lang: str | None = None) -> list[Flag]: ...


ENGLISH_UNAVAILABLE = "English unavailable"

# Colours fall back to plain values outside Gradio, whose theme variables come first.
CSS = """
.brief { display: flex; flex-direction: column; gap: .25rem; font-family: system-ui, "Noto Naskh Arabic",
         "Segoe UI", Tahoma, sans-serif; }
.brief-legend, .brief-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.25rem;
                            direction: rtl; }
.brief.ar-only .brief-row { grid-template-columns: minmax(0, 1fr); }
.brief-legend { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em;
                color: var(--body-text-color-subdued, #666);
                border-bottom: 2px solid var(--border-color-primary, #ddd); padding-bottom: .25rem; }
.brief-row { padding: .6rem 0; border-bottom: 1px solid var(--border-color-primary, #ddd); }
.brief-ar { direction: rtl; text-align: right; font-size: 1.08rem; line-height: 1.8; }
.brief-en { direction: ltr; text-align: left; line-height: 1.6; }
.brief-row.headline .line { font-size: 1.3rem; font-weight: 700; }
.brief .line { margin: 0; }
.brief .line, .brief .flag, .brief li, .brief .general-warnings { overflow-wrap: anywhere; }
.brief .bullet-no { display: inline-block; min-width: 1.4em; margin-inline-end: .4em; padding: 0 .3em;
                   border-radius: 999px; text-align: center; font-size: .8em; font-weight: 600;
                   background: var(--color-accent-soft, #eef); color: var(--body-text-color-subdued, #555); }
.brief .unavailable { color: var(--body-text-color-subdued, #666); font-style: italic; font-size: .95rem !important;
                     font-weight: 400 !important; }
.brief .english-missing { direction: ltr; text-align: left; margin: 0 0 .25rem; }
.brief .flag { display: block; margin-top: .35rem; padding: .2rem .55rem; border-radius: 6px;
               background: #fff4e5; color: #7a4100; border: 1px solid #f0b35a; font-size: .85rem;
               direction: ltr; text-align: left; }
.brief-row.flagged { border-left: 4px solid #f0b35a; padding-left: .5rem; }
.brief details.sources { margin-top: .3rem; font-size: .9rem; color: var(--body-text-color-subdued, #555); }
.brief details.sources summary { cursor: pointer; }
.brief details.sources li { margin: .2rem 0; }
.brief .general-warnings { direction: ltr; background: #fff4e5; color: #7a4100; border: 1px solid #f0b35a;
                           border-radius: 8px; padding: .4rem .8rem; margin-bottom: .5rem; }
/* A phone: each line's Arabic, then its English below it, full width (the legend's columns are gone). */
@media (max-width: 44rem) { .brief-row { grid-template-columns: minmax(0, 1fr); gap: .3rem; }
                            .brief-legend { display: none; } }
"""


def escape(text) -> str:
    """Text for HTML content or attributes."""
    return html.escape(str(text), quote=True)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")  # what can start HTML, a link, emphasis, code or a table
_MD_LEADING = re.compile(r"^(?:([#+\-=>])|(\d+)([.)]))")  # a block (heading, list, quote) at a line's start
_MD_URL_UNSAFE = re.compile(r"[<>\\\s\x00-\x1f\x7f]")


def md_text(text) -> str:
    """Text for one line of Markdown, shown as written: no raw HTML (`<script>`, `<img onerror>`), no
    link, no emphasis and no block that the text did not mean, in any CommonMark renderer."""
    flat = " ".join(str(text).split())
    return _MD_LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", _MD_INLINE.sub(r"\\\1", flat))


def md_url(url: str) -> str:
    """A link destination for `(<...>)`: what would end it (`>`, a line break) percent-encoded."""
    return _MD_URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)


def rows(brief: Brief):
    """(line name, Arabic, English or None, source indices) for the headline and each bullet."""
    english = [brief.headline_en, *(brief.bullets_en or [])] if brief.has_english else []
    arabic = [brief.headline_ar, *brief.bullets_ar]
    sources = [brief.headline_sources, *brief.sources]
    for i, (name, ar) in enumerate(zip(line_names(len(brief.bullets_ar)), arabic)):
        yield name, ar, english[i] if i < len(english) else None, sources[i] if i < len(sources) else []


def flag_md(flag: Flag) -> str:
    """A flag's words in Markdown: the same in a brief and in a digest."""
    return f"⚠ {md_text(flag.message)}"


def flag_html(flag: Flag) -> str:
    """A flag's words in HTML, in its line's language cell: the same in a brief and in a digest."""
    return f'<span class="flag" role="alert" data-lang="{escape(flag.lang)}">⚠ {escape(flag.message)}</span>'


def markdown(brief: Brief) -> str:
    out = []
    for name, ar, en, _ in rows(brief):
        marks = "".join(f" {flag_md(f)}" for f in brief.flags_for(name))
        if name == "headline":
            out += [f"# {md_text(ar)}", ""]
            out += [f"**{md_text(en)}**" if en is not None
                    else f"*{ENGLISH_UNAVAILABLE}: {brief.english_status}*"]  # the library's words, code spans kept
            if marks:
                out.append(f">{marks}")
            out.append("")
            continue
        out.append(f"- {md_text(ar)}")
        if en is not None:
            out.append(f"  - EN: {md_text(en)}")
        if marks:
            out.append(f"  - {marks.strip()}")
    if brief.warnings:
        out += ["", "## Warnings", *(f"- {md_text(w)}" for w in brief.warnings)]
    if brief.meta:
        used = ", ".join(f"{k}: {md_text(v)}" for k, v in brief.meta.items()
                         if k in ("backend", "summarizer_model", "translator_model") and v)
        out += ["", f"<sub>{used}</sub>"]
    return "\n".join(out).strip() + "\n"


def html_fragment(brief: Brief, hide: tuple[NoteKind, ...] = (), english_reason: bool = True) -> str:
    """The brief as a <div>: its notes above the lines (but those of the kinds in `hide`, which the page
    already shows), its flags beside their lines; `english_reason=False` leaves out why English is
    missing, where the page says that once for every brief. Without English there is no English
    column: the Arabic has the width, and why English is missing is said once above it."""
    notes = [n for n in brief.notes if n.kind not in hide]
    general = [str(n) for n in notes if n.kind is not NoteKind.REPAIR] + [str(n) for n in notes
                                                                       if n.kind is NoteKind.REPAIR]
    english = brief.has_english
    out = [f'<div class="brief{"" if english else " ar-only"}" id="brief-output">']
    if general:
        out.append('<div class="general-warnings" role="status"><strong>⚠ Warnings</strong><ul>'
                   + "".join(f"<li>{escape(w)}</li>" for w in general) + "</ul></div>")
    if english:
        out.append('<div class="brief-legend"><div dir="rtl">العربية</div><div dir="ltr">English</div></div>')
    elif english_reason:
        out.append(f'<p class="english-missing unavailable" dir="ltr" lang="en">{ENGLISH_UNAVAILABLE}: '
                   f"{escape(brief.english_status)}</p>")
    out += [_row(brief, i, *row, english) for i, row in enumerate(rows(brief))]
    out.append("</div>")
    return "".join(out)


def _row(brief: Brief, i: int, line: str, ar: str, en: str | None, sources: list[int], english: bool) -> str:
    """One line's row: its Arabic cell (flags, source sentences folded) and, where the brief has
    English, its English cell."""
    flags_ar, flags_en = brief.flags_for(line, "ar"), brief.flags_for(line, "en")
    kind = "headline" if i == 0 else "bullet"
    classes = f"brief-row {kind}" + (" flagged" if flags_ar or flags_en else "")
    number = "" if i == 0 else f'<span class="bullet-no" dir="ltr">{i}</span>'
    ar_cell = [f'<p class="line" lang="ar" dir="rtl">{number}{escape(ar)}</p>', *map(flag_html, flags_ar)]
    cited = [n for n in sources if n in brief.source_sentences]
    if cited:
        items = "".join(f'<li value="{n + 1}" dir="rtl">{escape(brief.source_sentences[n])}</li>' for n in cited)
        ar_cell.append(f'<details class="sources"><summary>المصادر · sources ({len(cited)})</summary>'
                       f"<ol>{items}</ol></details>")
    cells = f'<div class="brief-ar" dir="rtl" lang="ar">{"".join(ar_cell)}</div>'
    if english:
        en_cell = [f'<p class="line" lang="en" dir="ltr">{number}{escape(en)}</p>' if en is not None
                   else '<p class="line unavailable" dir="ltr">—</p>', *map(flag_html, flags_en)]
        cells += f'<div class="brief-en" dir="ltr" lang="en">{"".join(en_cell)}</div>'
    return f'<div class="{classes}" data-line="{line}">{cells}</div>'


def html_page(brief: Brief) -> str:
    """A complete page (charset, title, styles) around the same fragment, for `--format html`."""
    return ("<!DOCTYPE html>\n<html lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(brief.headline_en or brief.headline_ar)}</title>\n"
            f"<style>body {{ max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }}{CSS}</style>\n"
            f"</head>\n<body>\n{html_fragment(brief)}\n</body>\n</html>\n")
