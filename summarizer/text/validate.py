"""Turn raw user input into article text, or refuse it with a reason a user can act on."""
from __future__ import annotations

from ..errors import InputError
from .normalize import clean_lines, html_to_text, looks_like_html
from .tokens import arabic_ratio

MIN_ARABIC_RATIO = 0.5
MIN_ARABIC_LETTERS = 20


def decode_bytes(data: bytes, what: str = "input") -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused as binary."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{what} looks like binary data (NUL bytes), not text")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
        return text
    raise InputError(f"{what} is not UTF-8 text (binary or another encoding)")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    bad += sample.count("\ufffd")
    return bad / max(1, len(sample))


HTML_NOTE = "the input was HTML: its visible text was briefed, tags and scripts dropped"


def prepare_article(raw: str | bytes, max_chars: int, what: str = "article",
                    notes: list[str] | None = None) -> str:
    """Clean text ready for splitting. Raises InputError naming the problem; appends notes for the user."""
    if raw is None:
        raise InputError(f"{what} is missing")
    if isinstance(raw, bytes):
        raw = decode_bytes(raw, what)
    if not isinstance(raw, str):
        raise InputError(f"{what} must be text, got {type(raw).__name__}")
    if len(raw) > max_chars * 4:
        raise InputError(f"{what} is too long: {len(raw):,} characters (limit {max_chars:,})")
    if _control_ratio(raw) > 0.01:
        raise InputError(f"{what} looks like binary data (control characters), not text")
    text = raw
    if looks_like_html(raw):
        text = html_to_text(raw)
        if notes is not None:
            notes.append(HTML_NOTE)
    text = clean_lines(text)
    if not text:
        raise InputError(f"{what} is empty")
    if len(text) > max_chars:
        raise InputError(f"{what} is too long: {len(text):,} characters (limit {max_chars:,}); "
                         f"split it or raise max_chars")
    arabic_letters = sum(1 for ch in text if "\u0621" <= ch <= "\u064a")
    if arabic_letters < MIN_ARABIC_LETTERS or arabic_ratio(text) < MIN_ARABIC_RATIO:
        raise InputError(f"{what} is not Arabic text ({arabic_ratio(text):.0%} of its letters are Arabic)")
    return text
