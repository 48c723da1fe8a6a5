"""Turn raw user input into article text, or refuse it with a reason a user can act on.

bytes -> text (encoding.py) -> mojibake repaired -> refuse binary -> HTML entities decoded -> HTML
to its article (html.py) -> invisible characters and presentation forms cleaned (normalize.py) ->
Markdown/BBCode marks and furniture lines (photo credits, "read also") out of plain text -> Arabic
words, not another language in the Arabic script (language.py). Each step that changed something
leaves a note.
"""
from __future__ import annotations

import re

from ..errors import InputError
from .encoding import decode, repair_mojibake, undecoded_bytes
from .html import drop_chrome_lines
from .language import other_language
from .lexicon import COUNTED_LETTERS, MIN_ARABIC_LETTERS
from .normalize import (
    MAX_CONTROL_SHARE,
    clean_input,
    clean_lines,
    control_share,
    looks_like_html,
    strip_diacritics,
    strip_invisible,
    strip_markup,
    strip_tatweel,
    unescape_entities,
)
from .tokens import arabic_ratio

MIN_ARABIC_RATIO = 0.5
# Of the Arabic letters, the share in words of two or more letters: a "salad" of single letters is
# not prose. Tatweel (the stretching stroke) is not a letter.
MIN_WORD_LETTER_SHARE = 0.5
MIN_ARABIC_WORDS = 3
_ARABIC_LETTER = re.compile(f"[{COUNTED_LETTERS}]")
_ARABIC_WORD = re.compile(f"[{COUNTED_LETTERS}]{{2,}}")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")

def prepare_article(raw: str | bytes, max_chars: int, what: str = "article",
                    notes: list[str] | None = None) -> str:
    """Clean text ready for splitting. Raises InputError naming the problem; appends notes for the user."""
    notes = [] if notes is None else notes
    guessed = None
    if raw is None:
        raise InputError(f"{what} is missing")
    if isinstance(raw, str):
        note = getattr(raw, "note", None)  # a reader's DecodedText: noted as if its bytes were decoded here
        if note:
            notes.append(note)
            guessed = note if getattr(raw, "guessed", False) else None
        raw = undecoded_bytes(raw) or raw
    if isinstance(raw, bytes):
        decoded = decode(raw, what)
        raw = decoded.text
        if decoded.note:
            notes.append(decoded.note)
            if not decoded.encoding.startswith("utf_16") and not decoded.encoding.startswith("utf_32"):
                guessed = decoded.note  # a guessed or repaired decoding: named if the language check fails
    if not isinstance(raw, str):
        raise InputError(f"{what} must be text, got {type(raw).__name__}")
    if len(raw) > max_chars * 4:
        raise InputError(f"{what} is too long: {len(raw):,} characters (limit {max_chars:,})")
    text = repair_mojibake(raw, notes)  # first: mojibake of Arabic is full of C1 controls
    if control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks like binary data (control characters), not text")
    unescaped = None if looks_like_html(text) else unescape_entities(text)
    if unescaped is not None:
        text = unescaped
        notes.append("the text carried HTML entities (such as &amp; or &lt;p&gt;); they were decoded")
    if looks_like_html(text) or (unescaped is not None and _TAG.search(text)):
        from .html import extract_page, html_note  # only pages pay for the HTML extractor
        page = extract_page(strip_invisible(text))
        text = page.text
        notes.append(html_note(page))
    text = clean_lines(clean_input(text, notes))
    if not text:
        raise InputError(f"{what} is empty")
    kept = clean_lines(drop_chrome_lines(strip_markup(text)))
    if not kept:
        _check_arabic(text, what)  # digits or symbols only: say so, not "furniture"
        raise InputError(f"{what} has only page furniture (links, photo credits, calls to action), no article")
    text = kept
    if len(text) > max_chars:
        raise InputError(f"{what} is too long: {len(text):,} characters (limit {max_chars:,}); "
                         f"split it or raise max_chars")
    _check_arabic(text, what)
    language = other_language(text)
    if language:
        hint = (f"; but {guessed}: if the file is Arabic, that decoding may be wrong, so save it as UTF-8 "
                f"and try again") if guessed else ""
        raise InputError(f"{what} looks like {language.language}, not Arabic: this toolkit briefs Arabic only "
                         f"({language.evidence}){hint}")
    return text


def _check_arabic(text: str, what: str) -> None:
    """InputError unless the text is mostly Arabic letters forming real words (of two letters or more)."""
    letters_text = strip_diacritics(strip_tatweel(text))
    words = _ARABIC_WORD.findall(letters_text)
    letters = len(_ARABIC_LETTER.findall(letters_text))
    if not re.search(r"[^\W\d_]", letters_text):  # no letter of any script
        raise InputError(f"{what} has no Arabic words (no letters at all: only digits, symbols, diacritics or "
                         f"tatweel)")
    ratio = arabic_ratio(letters_text)
    if ratio < MIN_ARABIC_RATIO:
        raise InputError(f"{what} is not Arabic text ({ratio:.0%} of its letters are Arabic)")
    if letters < MIN_ARABIC_LETTERS:
        raise InputError(f"{what} is too short to brief: {letters} Arabic letters (at least "
                         f"{MIN_ARABIC_LETTERS}); give the whole article")
    in_words = sum(map(len, words))
    if len(words) < MIN_ARABIC_WORDS or in_words < MIN_WORD_LETTER_SHARE * letters:
        raise InputError(f"{what} has no Arabic words to brief: {letters - in_words} of its {letters} Arabic "
                         f"letters stand alone (single letters, not words)")
