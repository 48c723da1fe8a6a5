"""The article in a news page: its main text, title and date, without the page's furniture.

trafilatura (imported only when a page arrives) finds the main content; when it is not installed
or finds nothing, every visible block outside navigation, sidebars and footers is kept instead.
Both outputs then lose the lines no article has: breadcrumbs, copyright lines, "read also" links,
photo credits, calls to action, tag lists, runs of menu items, and non-prose lines before and after
the body. Plain text loses the same furniture lines (`drop_chrome_lines`), nothing for its shape.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from .lexicon import LETTER, MIN_ARABIC_LETTERS
from .normalize import LIST_MARK, collapse_whitespace, html_to_text

log = logging.getLogger(__name__)

_ARABIC_LETTER = LETTER
_TITLE_PARTS = re.compile(r"\s+[-|–—:»]\s+")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LIST_MARK = re.compile(f"^{LIST_MARK}")
# Separators of breadcrumbs and inline menus, with spaces around them.
_SEPARATOR = re.compile(r"\s(?:>|»|›|<|\||/|·|•|::)\s")
_SENTENCE_END = re.compile(r"[.!?؟…:\"”»)]$")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|الحقوق\s+محفوظة|حقوق\s+(?:النشر|الطبع)\s+محفوظة|all\s+rights\s+reserved"
                        r"|copyright\s*(?:©|\d{4})", re.I)
# Labels that open a line of links, not of news: "read also", "related", "most read", tag lists.
_ALSO = "[أا]يض\u064b?ا\u064b?"  # أيضا، أيضاً، أيضًا، ايضا
_LABEL = re.compile(
    rf"^(?:[إا]قر[أا]\s+(?:{_ALSO}|المزيد)|(?:طالع|شاهد|تابع|اقرأ)\s+{_ALSO}|للمزيد\s*[:：]"
    r"|(?:مواضيع|أخبار|اخبار|مقالات|قصص|روابط)\s+ذات\s+صلة|ذات\s+صلة|الأكثر\s+(?:قراءة|مشاهدة|تداولا)"
    r"|الوسوم|وسوم|كلمات\s+(?:دالة|مفتاحية)|الكلمات\s+(?:الدالة|المفتاحية)|read\s+(?:also|more)|related\b|tags\b"
    r"|see\s+also\b)",
    re.I)
# Words that also open news sentences ("شارك الوزير..."): chrome only before a colon or alone.
_SHORT_LABEL = re.compile(r"^(?:شارك|مشاركة|تابعونا|تابعنا|اشترك|قد\s+يهمك|قد\s+يعجبك|share|follow)\b", re.I)
# Calls to action: "click here" never opens a news sentence; "watch the video" or "more" does only
# in a longer line.
_CLICK_WORDS = r"(?:[اإ]ضغط|انقر|click|tap)(?:ي|وا)?\s+(?:هنا|here)\b"
_CLICK = re.compile(f"^{_CLICK_WORDS}", re.I)
# The same call inside a paragraph, as a sentence of its own ("... المناطق. اضغط هنا").
_END = ".!?؟…"
_CTA_SENTENCE = re.compile(
    rf"(?:^|(?<=[{_END}]))\s*(?:{_CLICK_WORDS}[^{_END}\n]{{0,60}}|(?:شاهد|تابع|watch)(?:ي|وا)?\s+"
    rf"(?:الفيديو|بالفيديو|فيديو|الصور|بالصور|the\s+video|video))\s*(?:[{_END}:：]+|$)", re.I)
# "Breaking" and "exclusive" flashes before a line, or alone on one.
_FLASH = re.compile(r"^(?:عاجل|خبر\s+عاجل|حصري|حصريا|breaking(?:\s+news)?|exclusive|urgent)\s*(?:[:：|\-–—]+\s*|$)", re.I)
_WATCH = re.compile(r"^(?:(?:شاهد|تابع|watch)(?:ي|وا)?\s+(?:ال|ب)?(?:فيديو|بالفيديو|الصور|بالصور|المزيد|the\s+video|video)"
                    r"|(?:لل|ال)?مزيد|more)\b", re.I)
# Photo credits and captions: a line of its own, or "(صورة: رويترز)" in a line.
_CREDIT_WORD = r"(?:ال)?صور[ةه]|photo|image|picture"
_CREDIT_LINE = re.compile(rf"^\(?\s*(?:{_CREDIT_WORD})\s*(?:[:：،]|[اأ]رشيفية|تعبيرية|credit)|^(?:مصدر|حقوق|تعليق\s+على)"
                          rf"\s+(?:ال)?صور[ةه]", re.I)
_CREDIT = re.compile(rf"\(\s*(?:{_CREDIT_WORD})\s*(?:[:：،]|[اأ]رشيفية|تعبيرية)[^()\n]{{0,80}}\)\s*", re.I)
_MAX_CREDIT_WORDS = 8
_MAX_CHROME_WORDS = 20  # a longer line is prose even if it matches a chrome pattern
_SHORT = 3              # words: a run of 3+ lines this short is a menu or a tag list


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    date: str | None = None
    extractor: str = "tags"  # "trafilatura", or "tags" for the built-in converter
    why_fallback: str | None = None


def _arabic_letters(text: str) -> int:
    return len(_ARABIC_LETTER.findall(text))


class _ToDebug(logging.Handler):
    """The extractor's own log lines ("parsed tree length: 0", "discarding data: None") at DEBUG in
    ours: they concern pages it cannot use, which the brief's notes already explain to the user."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: %s", record.name, record.getMessage())


def _route_library_logs() -> None:
    """trafilatura's loggers (and those of htmldate and courlan, which it uses) to `_ToDebug`, unless
    the application has given them handlers of its own."""
    for name in ("trafilatura", "htmldate", "courlan"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(_ToDebug())
            logger.propagate = False


def _trafilatura(markup: str) -> Page | str:
    """The main content by trafilatura, or why it could not be had."""
    _route_library_logs()
    try:
        import trafilatura
    except ModuleNotFoundError as error:
        if error.name == "trafilatura":
            return "trafilatura is not installed"
        return import_failure(error)  # installed, but something it imports is missing
    except Exception as error:  # noqa: BLE001 - a broken install must not break briefing
        return import_failure(error)
    try:
        doc = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as error:  # noqa: BLE001 - a page trafilatura cannot parse still has a fallback
        log.warning("trafilatura failed on a page: %s: %s", type(error).__name__, error)
        return f"trafilatura failed ({type(error).__name__})"
    text = (doc.text or "") if doc is not None else ""
    if _arabic_letters(text) < MIN_ARABIC_LETTERS:
        return "trafilatura found no article in it"
    return Page(text, title=doc.title or None, date=doc.date or None, extractor="trafilatura")


def import_failure(error: BaseException) -> str:
    """Why an installed trafilatura cannot be used, in its own words (`brief models doctor` says the same)."""
    text = str(error).strip().splitlines()[0][:200].rstrip(". ") if str(error).strip() else ""
    return f"trafilatura is installed but cannot be imported: {type(error).__name__}: {text}"


def _split_table_rows(lines: list[str]) -> list[str]:
    """trafilatura writes table rows as '| a | b |': one line per cell instead (old table layouts)."""
    out = []
    for line in lines:
        if _TABLE_ROW.match(line):
            out += [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(line.strip("|"))]
        else:
            out.append(line)
    return out


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(ch.isalpha() for ch in token))


@dataclass
class _Line:
    text: str
    listed: bool  # a list item ("- " in trafilatura's text)
    keep: bool = True

    @property
    def words(self) -> int:
        """Words with a letter: dates, times and separators do not make a line prose."""
        return _words(self.text)

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @property
    def prose(self) -> bool:
        """A paragraph: a long line, or a shorter sentence with its stop; a list item needs its stop."""
        if self.listed:
            return self.words >= 4 and self.ends_sentence
        return self.words >= 8 or (self.words >= 4 and self.ends_sentence)


def _lines(text: str) -> list[_Line]:
    lines = []
    for raw in _split_table_rows([collapse_whitespace(line) for line in text.splitlines()]):
        line = _LIST_MARK.sub("", raw)
        if line:
            lines.append(_Line(line, listed=line != raw))
    return lines


def _is_chrome(line: str, words: int) -> bool:
    if words > _MAX_CHROME_WORDS:
        return False
    if _COPYRIGHT.search(line) or _LABEL.match(line) or not any(ch.isalpha() for ch in line):
        return True
    labelled = re.match(r"^\S+(?:\s+\S+)?\s*[:：]", line)
    if (_SHORT_LABEL.match(line) or _WATCH.match(line)) and (words <= 4 or labelled):
        return True
    if (_CLICK.match(line) and words <= 10) or (_CREDIT_LINE.match(line) and words <= _MAX_CREDIT_WORDS):
        return True
    parts = _SEPARATOR.split(f" {line} ")
    return len(parts) >= 3 and all(_words(p) <= 4 for p in parts)  # a breadcrumb or an inline menu


def _mark_chrome(lines: list[_Line], title_key: str | None = None) -> None:
    """Photo credits out of each line; lines that are only furniture (see `_is_chrome`), the links
    listed under a "read also" or "most read" heading and the title repeated marked to drop."""
    in_links = False  # after a heading such as "most read" or "related", until a sentence
    for line in lines:
        line.text = collapse_whitespace(_FLASH.sub("", _CTA_SENTENCE.sub(" ", _CREDIT.sub("", line.text))))
        heading = bool(_LABEL.match(line.text)) and line.words <= 4
        if in_links and not heading and (line.ends_sentence or line.words > _MAX_CHROME_WORDS):
            in_links = False
        in_links = in_links or heading
        line.keep = not in_links and line.text != title_key and not _is_chrome(line.text, line.words)


def drop_chrome_lines(text: str) -> str:
    """Plain text without the lines that are only page furniture copied along with an article:
    "read also" links, photo credits, calls to action, copyright and share lines. Unlike
    `drop_chrome`, no line is dropped for being short or outside the prose."""
    lines = [_Line(collapse_whitespace(line), listed=False) for line in text.split("\n")]
    _mark_chrome(lines)
    return "\n".join(line.text for line in lines if line.keep and line.text)


def drop_chrome(text: str, title: str | None = None) -> str:
    """Lines of an extracted page without breadcrumbs, menus, copyright and label lines, link lists,
    the title repeated, and non-prose lines before the first and after the last paragraph."""
    lines = _lines(text)
    _mark_chrome(lines, collapse_whitespace(title) if title else None)
    # Runs of three or more very short lines without a stop: menus and tag lists.
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].words <= _SHORT and not lines[j].ends_sentence:
            j += 1
        if j - i >= 3:
            for line in lines[i:j]:
                line.keep = False
        i = max(j, i + 1)
    body = [line for line in lines if line.keep and line.text]
    prose = [n for n, line in enumerate(body) if line.prose]
    if prose:
        body = body[prose[0]:prose[-1] + 1]
    return "\n".join(line.text for line in body)


_TAGS = re.compile(r"<[^<>]*>")


def _page_title(markup: str) -> str | None:
    head = markup[:50000]
    start = head.lower().find("<title")
    end = head.lower().find("</title", start)
    if start < 0 or end < 0:
        return None
    return collapse_whitespace(html_to_text(head[head.find(">", start) + 1:end])) or None


def _headline(markup: str, text: str, title: str | None) -> str | None:
    """The part of <title> ("Site - Headline") that the page shows as a line, else `title`."""
    full = _page_title(markup)
    if full:
        lines = {line.text for line in _lines(text)}
        segments = [part.strip() for part in _TITLE_PARTS.split(full)]
        parts = [part for part in segments if len(part.split()) >= 3]
        for part in parts:
            if part in lines:
                return part
        if len(segments) > 1 and parts:  # "Site | Headline": the headline is the longest part
            return max(parts, key=len)
    return title or full


def extract_page(markup: str) -> Page:
    """The article of an HTML page, with its title and date where the page gives them."""
    page = _trafilatura(markup)
    if isinstance(page, str):
        text = html_to_text(markup, skip_furniture=True)
        if _arabic_letters(text) < MIN_ARABIC_LETTERS:
            text = html_to_text(markup)
        page = Page(text, why_fallback=page)
    title = _headline(markup, page.text, page.title)
    title = (collapse_whitespace(_TAGS.sub(" ", title)) or None) if title else None  # text, never markup
    page = replace(page, title=title)
    cleaned = drop_chrome(page.text, page.title)
    return replace(page, text=cleaned) if _arabic_letters(cleaned) >= MIN_ARABIC_LETTERS else page


def html_note(page: Page) -> str:
    """What the brief's notes say about a page."""
    about = "; ".join(part for part in (f"title: «{page.title}»" if page.title else "",
                                        f"dated {page.date}" if page.date else "") if part)
    about = f" ({about})" if about else ""
    if page.extractor == "trafilatura":
        return (f"the input was HTML: the article{about} was extracted with trafilatura; navigation, "
                f"link lists and other page furniture were dropped")
    return (f"the input was HTML{about}: its visible text was briefed, without tags, scripts, menus and "
            f"footers ({page.why_fallback}, so page furniture may remain)")
