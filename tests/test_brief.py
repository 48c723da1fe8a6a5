"""Renderers: dict/JSON, Markdown and HTML carry the same brief, warnings included."""
import json

from summarizer import Brief
from summarizer.faithfulness import Flag
from summarizer.notes import ENGLISH_OK, English, EnglishStatus, Note, NoteKind


def make_brief(english=True):
    return Brief(
        headline_ar="عنوان الخبر <مهم>", bullets_ar=["النقطة الأولى 40", "النقطة الثانية"],
        headline_en="Headline <b>" if english else None,
        bullets_en=["First point 41", "Second point"] if english else None,
        sources=[[1], [3, 4]], headline_sources=[0], source_sentences={0: "أ", 1: "ب", 3: "ج", 4: "د"},
        flags=[Flag("bullet 1", "en", "number(s) 41 not in the Arabic line")],
        notes=[Note(NoteKind.INPUT, "HTML converted to text"), Note(NoteKind.MODEL, "seq2seq missing")],
        english=ENGLISH_OK if english else EnglishStatus(English.UNAVAILABLE, "translator 'x' is not available (missing)"),
        meta={"backend": "extractive", "translator_model": "m"})


def test_to_dict_is_json_and_round_trips():
    brief = make_brief()
    data = json.loads(brief.to_json())
    for key in ("headline_ar", "bullets_ar", "headline_en", "bullets_en", "sources", "warnings"):
        assert key in data
    assert data["sources"] == [[1], [3, 4]]
    assert Brief.from_dict(data).to_dict() == brief.to_dict()


def test_markdown_shows_lines_pairs_and_warnings():
    md = make_brief().to_markdown()
    from markdown_it import MarkdownIt
    page = MarkdownIt().render(md)  # CommonMark, raw HTML on: the text's own <...> must stay text
    assert page.startswith("<h1>عنوان الخبر &lt;مهم&gt;</h1>") and "<strong>Headline &lt;b&gt;</strong>" in page
    assert "- النقطة الأولى 40\n  - EN: First point 41\n  - ⚠ number(s) 41 not in the Arabic line" in md
    assert "## Warnings" in md


def test_markdown_without_english_says_so():
    md = make_brief(english=False).to_markdown()
    assert "English unavailable: translator 'x' is not available (missing)" in md
    assert "EN:" not in md


def test_html_is_escaped_rtl_and_shows_warnings():
    brief = make_brief()
    fragment = brief.to_html()
    assert '<p class="line" lang="ar" dir="rtl">عنوان الخبر &lt;مهم&gt;</p>' in fragment
    assert '<p class="line" lang="en" dir="ltr">Headline &lt;b&gt;</p>' in fragment
    assert fragment.count('<div class="brief-ar" dir="rtl" lang="ar">') == 1 + len(brief.bullets_ar)
    assert 'class="flag" role="alert" data-lang="en"' in fragment and "41 not in the Arabic line" in fragment
    assert "<b>" not in fragment
    assert "English unavailable" in make_brief(english=False).to_html()
    # The CLI's page: the same fragment, with a charset and the styles.
    page = brief.to_html(page=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and ".brief-row" in page
    assert fragment in page


def test_html_without_english_has_no_english_column():
    """No empty English column beside the Arabic: one column, the reason English is missing said once."""
    fragment = make_brief(english=False).to_html()
    assert 'class="brief ar-only"' in fragment and 'class="brief-en"' not in fragment and "—" not in fragment
    assert fragment.count("English unavailable: translator &#x27;x&#x27; is not available") == 1
    assert "English</div>" not in fragment  # no legend over a column that is not there
    from summarizer.render import CSS, html_fragment
    assert "English unavailable" not in html_fragment(make_brief(english=False), english_reason=False)
    assert ".brief.ar-only .brief-row { grid-template-columns: minmax(0, 1fr); }" in CSS


def test_the_json_keeps_one_line_per_note_and_flag_and_the_page_hides_by_kind():
    brief = make_brief()
    assert brief.to_dict()["warnings"] == ["HTML converted to text", "seq2seq missing",
                                           "bullet 1 (en): number(s) 41 not in the Arabic line"]
    fragment = brief.to_html()
    assert "seq2seq missing" in fragment and "HTML converted to text" in fragment
    from summarizer.render import html_fragment
    hidden = html_fragment(brief, hide=(NoteKind.MODEL,))
    assert "seq2seq missing" not in hidden and "HTML converted to text" in hidden
    offline = make_brief(english=False)
    assert "translator 'x'" not in html_fragment(offline, english_reason=False)
    assert offline.to_dict()["english_status"] == "translator 'x' is not available (missing)"
