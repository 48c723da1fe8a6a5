"""Turn raw user input into article text, or refuse it with a reason a user can act on.

bytes -> text (encoding.py) -> mojibake repaired -> refuse binary -> HTML to its article (html.py)
-> invisible characters and presentation forms cleaned (normalize.py) -> Arabic, not another
language in the Arabic script (language.py). Each step that changed something leaves a note.
"""
from __future__ import annotations

from ..errors import InputError
from .encoding import decode, repair_mojibake, undecoded_bytes
from .language import other_language
from .normalize import MAX_CONTROL_SHARE, clean_input, clean_lines, control_share, looks_like_html, strip_invisible
from .tokens import arabic_ratio

MIN_ARABIC_RATIO = 0.5
MIN_ARABIC_LETTERS = 20

def prepare_article(raw: str | bytes, max_chars: int, what: str = "article",
                    notes: list[str] | None = None) -> str:
    """Clean text ready for splitting. Raises InputError naming the problem; appends notes for the user."""
    notes = [] if notes is None else notes
    if raw is None:
        raise InputError(f"{what} is missing")
    if isinstance(raw, str):
        raw = undecoded_bytes(raw) or raw
    if isinstance(raw, bytes):
        decoded = decode(raw, what)
        raw = decoded.text
        if decoded.note:
            notes.append(decoded.note)
    if not isinstance(raw, str):
        raise InputError(f"{what} must be text, got {type(raw).__name__}")
    if len(raw) > max_chars * 4:
        raise InputError(f"{what} is too long: {len(raw):,} characters (limit {max_chars:,})")
    text = repair_mojibake(raw, notes)  # first: mojibake of Arabic is full of C1 controls
    if control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks like binary data (control characters), not text")
    if looks_like_html(text):
        from .html import extract_page, html_note  # only pages pay for the HTML extractor
        page = extract_page(strip_invisible(text))
        text = page.text
        notes.append(html_note(page))
    text = clean_lines(clean_input(text, notes))
    if not text:
        raise InputError(f"{what} is empty")
    if len(text) > max_chars:
        raise InputError(f"{what} is too long: {len(text):,} characters (limit {max_chars:,}); "
                         f"split it or raise max_chars")
    arabic_letters = sum(1 for ch in text if "\u0621" <= ch <= "\u064a")
    if arabic_ratio(text) < MIN_ARABIC_RATIO:
        raise InputError(f"{what} is not Arabic text ({arabic_ratio(text):.0%} of its letters are Arabic)")
    if arabic_letters < MIN_ARABIC_LETTERS:
        raise InputError(f"{what} is too short to brief: {arabic_letters} Arabic letters (at least "
                         f"{MIN_ARABIC_LETTERS}); give the whole article")
    language = other_language(text)
    if language:
        raise InputError(f"{what} looks like {language.language}, not Arabic: this toolkit briefs Arabic only "
                         f"({language.evidence})")
    return text
