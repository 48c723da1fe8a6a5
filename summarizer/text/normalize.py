"""Arabic normalization for matching and scoring, and the clean-up of text as it arrives.

Pure functions, no third-party imports. The text shown to readers is never normalized
(`normalize` exists only to compare words and numbers); `clean_input` removes what no reader
should see: invisible controls, presentation forms, a reversed (visual) order from PDFs.
"""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from .lexicon import BLOCKS, MARKS

# Arabic-Indic (U+0660..) and Extended/Persian (U+06F0..) digits.
_AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans(_AR_DIGITS + _FA_DIGITS + "٫٬", "0123456789" * 2 + ".,")
_TO_ARABIC = str.maketrans("0123456789", _AR_DIGITS)

TATWEEL = "\u0640"
# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
_DIACRITICS = re.compile(f"[{MARKS}]")
_LETTER_FORMS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه",
})
_QUOTES = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'"})
_SPACES = re.compile(r"\s+")
_LINE_SPACE = re.compile(r"[^\S\n]+")
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


# Page furniture the fallback converter skips: by element, by ARIA role, by class or id word.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "select", "iframe", "dialog"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
_FURNITURE_WORDS = frozenset("""nav navbar navigation menu breadcrumb breadcrumbs footer sidebar widget cookie
cookies consent gdpr share sharing social related recommended popular trending most comment comments
newsletter subscribe subscription ad ads advert advertisement sponsored promo tags ticker toolbar
pagination login signup modal popup outbrain taboola""".split())
_CLASS_WORD = re.compile(r"[a-z]+")
# Only elements whose end tag is never left out are skipped by class (an unclosed <li> or <p>
# would swallow the rest of the page).
_CLOSED = frozenset({"div", "section", "span", "ul", "ol", "table", "header", "aside", "nav", "footer",
                     "form", "dialog", "button", "select", "iframe", "figure", "article", "main"})


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "dd", "dt",
              "section", "article", "header", "footer", "blockquote", "title", "ul", "ol", "table", "figcaption"}

    def __init__(self, skip_furniture: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_furniture = skip_furniture
        self._skip_tag: str | None = None
        self._skip_depth = 0

    def _is_skipped(self, tag: str, attrs) -> bool:
        if tag in self._SKIP:
            return True
        if not self.skip_furniture or tag not in _CLOSED:
            return False
        if tag in _FURNITURE_TAGS:
            return True
        values = dict(attrs)
        if (values.get("role") or "").lower() in _FURNITURE_ROLES:
            return True
        words = _CLASS_WORD.findall(f"{values.get('class') or ''} {values.get('id') or ''}".lower())
        return any(word in _FURNITURE_WORDS for word in words)

    def handle_starttag(self, tag, attrs):
        if self._skip_tag == "head" and tag == "body":  # </head> may be left out
            self._skip_tag = None
        if self._skip_tag is not None:
            self._skip_depth += tag == self._skip_tag
        elif self._is_skipped(tag, attrs):
            self._skip_tag, self._skip_depth = tag, 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
                    self.parts.append("\n")
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip_tag is None:
            self.parts.append(data)


def html_to_text(text: str, skip_furniture: bool = False) -> str:
    """Visible text of an HTML page, one line per block element; with skip_furniture, without
    navigation, sidebars, footers, forms and elements whose class or id names such furniture."""
    parser = _TextExtractor(skip_furniture)
    parser.feed(text)
    parser.close()
    raw = html.unescape("".join(parser.parts))
    lines = (collapse_whitespace(line) for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def clean_lines(text: str) -> str:
    """Reader-facing tidy-up: unify newlines, one plain space for any run of spaces, drop blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    lines = (_LINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# -- text as it arrives --------------------------------------------------------------------------

_ARABIC_CHARS = BLOCKS
# Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates) reorder what is shown: "40"
# displays as "04". The rest are invisible format characters, soft hyphens, BOMs, tag characters
# and noncharacters, C0/C1 controls other than line breaks and tabs, and lone surrogates.
_INVISIBLE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                        "\u00ad\u034f\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
                        "\ufdd0-\ufdef\ufffe\uffff\U000e0000-\U000e007f"
                        "\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff]")
_ZWSP_BETWEEN = re.compile("(?<=[^\\s\u200b])\u200b+(?=[^\\s\u200b])")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"})
# ZWNJ/ZWJ next to an Arabic letter split a word for tokens and search; elsewhere (emoji) they stay.
_ARABIC_JOINERS = re.compile(f"(?<=[{_ARABIC_CHARS}])[\u200c\u200d]+|[\u200c\u200d]+(?=[{_ARABIC_CHARS}])")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdcf\ufdf0-\ufdff\ufe70-\ufefe]+")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# NFKC gives an isolated haraka form (U+FE70...) a space before the mark: the mark belongs to the letter.
_SPACED_MARK = re.compile(" (?=[\u064b-\u0652])")
# Runs that keep left-to-right order inside right-to-left text: numbers and Latin words (with
# the spaces and separators between them).
_LTR_RUN = re.compile(r"[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9]+(?:[ .,:/%\-]+[0-9A-Za-z\u0660-\u0669\u06f0-\u06f9]+)*")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


# Above this share of control characters a text is binary data read as text; below, the controls
# (a pasted NUL, a stray escape) are removed.
MAX_CONTROL_SHARE = 0.05


def control_share(text: str) -> float:
    """Share of control characters (not line breaks or tabs) and U+FFFD in a sample: binary when high."""
    sample = text[:20000]
    return (len(_CONTROLS.findall(sample)) + sample.count("\ufffd")) / max(1, len(sample))


def _form(ch: str) -> str:
    decomposition = unicodedata.decomposition(ch)
    return decomposition[1:decomposition.index(">")] if decomposition.startswith("<") else ""


def in_visual_order(text: str) -> bool:
    """True when presentation-form words run backwards (final form first), as some PDFs store them."""
    forward = backward = 0
    for word in re.findall("[\ufe70-\ufefe]{2,}", text):
        first, last = _form(word[0]), _form(word[-1])
        forward += first == "initial" and last == "final"
        backward += first == "final" and last == "initial"
    return backward >= 3 and backward > 2 * forward


def _to_reading_order(line: str) -> str:
    line = line[::-1].translate(_MIRROR)
    return _LTR_RUN.sub(lambda m: m.group(0)[::-1], line)


def presentation_forms_to_letters(text: str) -> str:
    """Arabic presentation forms (PDF extracts) to plain letters; ligatures such as ﻻ become لا."""
    return _PRESENTATION_FORMS.sub(lambda m: _SPACED_MARK.sub("", unicodedata.normalize("NFKC", m.group(0))), text)


def _zero_width_spaces(line: str) -> str:
    """U+200B ZERO WIDTH SPACE marks a word break (Unicode): on a line that puts it between words
    instead of spaces it becomes a space; a few inside a spaced line are stray and are removed later
    with the other invisible characters (as are U+2060 WORD JOINER and U+FEFF, which forbid a break)."""
    between = len(_ZWSP_BETWEEN.findall(line))
    return _ZWSP_BETWEEN.sub(" ", line) if between >= 2 and between >= line.count(" ") / 2 else line


def strip_invisible(text: str) -> str:
    """Without bidi controls, other invisible format characters, C0/C1 controls (line breaks and tabs
    kept) and the joiners ZWNJ/ZWJ next to Arabic letters; zero-width spaces used between words
    become spaces."""
    text = text.translate(_LINE_BREAKS)
    if "\u200b" in text:
        text = "\n".join(_zero_width_spaces(line) for line in text.split("\n"))
    return _ARABIC_JOINERS.sub("", _INVISIBLE.sub("", text))


def clean_input(text: str, notes: list[str] | None = None) -> str:
    """Remove what a reader must never get: bidi and other invisible controls, joiners inside
    Arabic words, presentation forms; put visual-order (reversed) PDF text back in reading order."""
    text = strip_invisible(text)
    if _PRESENTATION_FORMS.search(text):
        if in_visual_order(text):
            text = "\n".join(_to_reading_order(line) for line in text.split("\n"))
            if notes is not None:
                notes.append("the text was in visual order (reversed, as copied from some PDFs); "
                             "it was put back in reading order")
        text = presentation_forms_to_letters(text)
    return text


# -- markup in plain text ------------------------------------------------------------------------

# A list item's mark ("- ", "• ", "2) "), in plain text and in trafilatura's output alike.
LIST_MARK = r"(?:[-*+•▪►]|\d{1,2}[.)])\s+"
# BBCode (forum posts): the tags go, the text stays; an image or a video tag goes with its address.
_BB_MEDIA = re.compile(r"\[(img|youtube|video|media|flash)(?:=[^\]\n]{0,300})?\][^\[\n]{0,2000}\[/\1\]", re.I)
_BB_TAG = re.compile(r"\[/?(?:b|i|u|s|strike|url|link|email|img|quote|color|colour|size|font|center|left|right"
                     r"|justify|align|code|list|li|ul|ol|\*|h[1-6]|spoiler|sup|sub|indent|highlight|table|tr|td"
                     r"|youtube|video|media|flash)(?:=[^\]\n]{0,300})?\]", re.I)
# Markdown: images go, links keep their text, emphasis and code marks go, and a line loses its
# heading, quote and list marks.
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|www\.|/)[^)\s]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|~~|`)(?=\S)(.+?)(?<=\S)\1")
_MD_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
_MD_LINE_MARK = re.compile(rf"^(?:#{{1,6}}\s+|>\s*|{LIST_MARK})+")
_MD_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")


def strip_markup(text: str) -> str:
    """Plain text without the Markdown and BBCode marks a reader would see as noise ("**عاجل**",
    "- " before a line, "[b]...[/b]"); their text is kept."""
    if not any(mark in text for mark in "*_~`#>[-+•▪►") and not re.search(r"^\s*\d{1,2}[.)]\s", text, re.M):
        return text
    text = _BB_TAG.sub("", _BB_MEDIA.sub("", text))
    text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if _MD_RULE.match(line):
            continue
        line = _MD_LINE_MARK.sub("", line)
        line = _MD_STAR.sub(r"\1", _MD_EMPHASIS.sub(r"\2", line)).replace("**", "")
        lines.append(line)
    return "\n".join(lines)


def unescape_entities(text: str) -> str | None:
    """Plain text with its HTML entities (&lt;p&gt; &amp; &#1605; &nbsp;) decoded, twice-escaped ones
    too; None when it has none."""
    if not _ENTITY.search(text):
        return None
    for _ in range(2):
        text = html.unescape(text)
        if not _ENTITY.search(text):
            break
    return text
