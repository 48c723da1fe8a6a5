"""Arabic normalization for matching and scoring.

Pure functions, no third-party imports. The text shown to readers is never
normalized; these forms exist only to compare words and numbers.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits.
_AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans(_AR_DIGITS + _FA_DIGITS + "٫٬", "0123456789" * 2 + ".,")
_TO_ARABIC = str.maketrans("0123456789", _AR_DIGITS)

TATWEEL = "\u0640"
# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_LETTER_FORMS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه",
})
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'"})
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (and ٫ ٬ separators) to ASCII."""
    return text.translate(_TO_ASCII)


def to_arabic_digits(text: str) -> str:
    """ASCII digits to Arabic-Indic digits."""
    return text.translate(_TO_ARABIC)


def strip_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text)


def strip_tatweel(text: str) -> str:
    return text.replace(TATWEEL, "")


def unify_letters(text: str) -> str:
    """Alef, yeh and teh-marbuta variants to one form each."""
    return text.translate(_LETTER_FORMS)


def unify_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def collapse_whitespace(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    """The matching form: digits, tatweel, diacritics, letter forms, quotes, spaces."""
    text = to_ascii_digits(text)
    text = strip_tatweel(strip_diacritics(text))
    text = unify_letters(unify_quotes(text))
    return collapse_whitespace(text)


def looks_like_html(text: str) -> bool:
    """True when the text carries markup or entities worth converting."""
    head = text[:20000]
    return len(_TAG.findall(head)) >= 2 or bool(_TAG.search(head) and _ENTITY.search(head))


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "section", "article", "header", "footer", "blockquote", "title", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Visible text of an HTML page, one line per block element."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    raw = html.unescape("".join(parser.parts))
    lines = (collapse_whitespace(line) for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def clean_lines(text: str) -> str:
    """Reader-facing tidy-up: unify newlines, trim each line, drop blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    lines = (re.sub(r"[ \t\u00a0\u200f\u200e]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
