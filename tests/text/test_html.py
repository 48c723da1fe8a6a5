"""News pages as input: the article kept, the page furniture (menus, breadcrumbs, related links,
footers) dropped, legacy-encoded pages decoded, and the fallback converter when trafilatura is absent.
Furniture lines in plain text are in test_hostile_text.py."""
import sys

import pytest
from samples import ARTICLE, EXPECTED, PAGES, lines_of, page_bytes, prepared, run_cli

from summarizer import BriefPipeline, Config
from summarizer.text.html import drop_chrome, extract_page


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


@pytest.mark.parametrize("name", [n for n in EXPECTED if n.endswith(".html")])
def test_news_page_is_briefed_without_its_furniture(pipe, name):
    expected = EXPECTED[name]
    notes = []
    text = prepared(page_bytes(name), notes)
    for start in expected["paragraphs"]:
        assert start in text, f"{name}: paragraph '{start}' lost"
    for chrome in expected["chrome"]:
        assert chrome not in text, f"{name}: page furniture '{chrome}' briefed"
    note = next(n for n in notes if "the input was HTML" in n)
    assert "trafilatura" in note and f"«{expected['title']}»" in note
    if expected["date"]:
        assert f"dated {expected['date']}" in note
    brief = pipe(page_bytes(name), num_bullets=7)
    shown = "\n".join(lines_of(brief))
    assert not [chrome for chrome in expected["chrome"] if chrome in shown]
    assert any("the input was HTML" in w for w in brief.warnings)


def test_legacy_page_says_which_encoding_and_that_it_was_html(pipe):
    brief = pipe(page_bytes("table-legacy.html"))
    assert brief.headline_ar.startswith("افتتح وزير الثقافة")
    assert any("windows-1256" in w for w in brief.warnings)
    assert any("the input was HTML" in w for w in brief.warnings)


def test_legacy_page_with_heavy_scripts_is_decoded():
    # 100 KB of inline script before the article: the encoding is judged on the visible text.
    page = page_bytes("table-legacy.html").replace(b"</head>", b"<script>" + b"var a = f(b, c);" * 6000 + b"</script></head>")
    notes = []
    assert prepared(page, notes).startswith("افتتح وزير الثقافة")
    assert any("windows-1256" in n for n in notes)


def test_without_trafilatura_the_builtin_converter_still_drops_furniture(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails, as when it is not installed
    markup = (PAGES / "article-semantic.html").read_text(encoding="utf-8")
    page = extract_page(markup)
    assert page.extractor == "tags" and page.why_fallback == "trafilatura is not installed"
    for start in EXPECTED["article-semantic.html"]["paragraphs"]:
        assert start in page.text
    for chrome in ("الرئيسية", "> سورية", "ملفات تعريف الارتباط", "الوسوم", "ارتفاع أسعار الذهب",
                   "جميع الحقوق محفوظة", "سياسة الخصوصية", "ابحث في الموقع"):
        assert chrome not in page.text


def test_a_fragment_trafilatura_finds_nothing_in_falls_back(pipe):
    fragment = "<div><p>" + "</p><p>".join(ARTICLE.splitlines()[:2]) + "</p></div>"
    notes = []
    text = prepared(fragment, notes)
    assert text == "\n".join(ARTICLE.splitlines()[:2])
    assert any("the input was HTML" in n for n in notes)


def test_menu_runs_and_link_lists_after_a_label_are_dropped():
    body = ARTICLE.splitlines()
    text = "\n".join(["الرئيسية", "سياسة", "اقتصاد", "رياضة", *body[:3], "الأكثر قراءة",
                      "- الليرة تسجل تراجعا جديدا أمام الدولار في السوق الموازية",
                      "- افتتاح الطريق الدولي بين دمشق وعمان أمام الشاحنات بعد صيانته"])
    assert drop_chrome(text) == "\n".join(body[:3])


@pytest.mark.slow  # a fresh interpreter (about 1 s)
def test_plain_text_never_imports_the_html_or_encoding_libraries(tmp_path):
    inputs = {"article.txt": ARTICLE.encode(), "legacy.txt": ARTICLE.encode("cp1256"),
              "page.html": (PAGES / "article-semantic.html").read_bytes()}
    imported = {}
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
        result = run_cli("-X", "importtime", "-m", "summarizer", tmp_path / name, "--no-translate")
        assert result.returncode == 0, result.stderr
        imported[name] = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert not {"trafilatura", "charset_normalizer"} & imported["article.txt"]
    assert "charset_normalizer" in imported["legacy.txt"] and "trafilatura" not in imported["legacy.txt"]
    assert "trafilatura" in imported["page.html"]
