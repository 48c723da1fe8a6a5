"""Hostile plain text: text without Arabic words, Markdown/BBCode/entities and
page furniture in plain text, zero-width spaces between words, files that mix encodings, and the
HTML extractor's own log lines. Each case is checked as a class, against an article the tests
did not tune on (examples/weather-warning-ar.txt)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from samples import SHORT, URDU, lines_of, prepared

from summarizer import BriefPipeline, Config, InputError
from summarizer.text.encoding import decode
from summarizer.text.html import drop_chrome, drop_chrome_lines, extract_page
from summarizer.text.normalize import strip_invisible, strip_markup, unescape_entities

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "examples" / "weather-warning-ar.txt").read_text(encoding="utf-8").strip()
LINES = ARTICLE.splitlines()
ALPHABET = "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي"


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


# -- text without Arabic words ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ــــــــ",  # tatweel only
    "\n".join(["ـــــــــــــــــــــــــــــ"] * 8),
    "ـ ـ ـ " * 40,
    "\u064e\u064f\u0650\u0651" * 30,  # diacritics only
    "2024 - 17 / 45 , 1417 " * 10,  # digits only
    "ـــ 12 ـــ ٣٤ ـــ" * 10,
])
def test_text_without_letters_is_refused_as_having_no_arabic_words(text):
    with pytest.raises(InputError, match="no Arabic words"):
        prepared(text)


@pytest.mark.parametrize("text", [
    " ".join([ALPHABET] * 20),  # a salad of single letters
    "\n".join([ALPHABET] * 20),
    " ".join(f"{ch}ـــ" for ch in ALPHABET.split()) * 10,  # stretched single letters
    " ".join([ALPHABET] * 20) + "\n" + LINES[0],  # one real sentence does not make the salad an article
])
def test_a_salad_of_single_letters_is_refused(pipe, text):
    with pytest.raises(InputError, match="no Arabic words to brief"):
        prepared(text)
    with pytest.raises(InputError, match="no Arabic words"):
        pipe(text)


def test_tatweel_is_not_an_arabic_letter_for_the_language_check():
    english = "This short note is written in English and padded with Arabic stretching strokes. " + "ـ" * 200
    with pytest.raises(InputError, match="not Arabic text"):
        prepared(english)
    with pytest.raises(InputError, match="too short to brief: 14 Arabic letters"):
        prepared("خـــــــــــبـــــــــــر عــــــاجــــــل " * 2 + "ـ" * 40)


def test_short_real_articles_and_stretched_words_still_pass(pipe):
    assert prepared(SHORT) == SHORT
    assert prepared("خبر عاجل اليوم في المدينة") == "خبر عاجل اليوم في المدينة"  # just above 20 letters
    stretched = ARTICLE.replace("الأرصاد", "الأرصـــاد").replace("الهيئة", "الهيـــئة")
    assert pipe(stretched).headline_ar


# -- markup and furniture in plain text --------------------------------------------------------------

def _markdown(lines):
    return "\n".join(["# عاجل", f"**عاجل**: {lines[0]}", f"- {lines[1]}", f"* **{lines[2]}**", f"> {lines[3]}",
                      "---", f"## {lines[4]}", *(f"1. {line}" for line in lines[5:])])


def test_markdown_marks_are_stripped_from_lines():
    assert strip_markup("**عاجل**: نص *مائل* و`رمز` و~~محذوف~~") == "عاجل: نص مائل ورمز ومحذوف"
    assert strip_markup("# عنوان\n## عنوان فرعي\n- بند\n* بند\n+ بند\n> اقتباس\n2) بند\n***\nنص") == \
        "عنوان\nعنوان فرعي\nبند\nبند\nبند\nاقتباس\nبند\nنص"
    assert strip_markup("[الرابط](https://example.com/a) ![صورة](a.png)") == "الرابط"
    # What is not markup stays: a product, a hashtag, a negative number, a lone star.
    kept = "2*3*4 = 24\n#عاجل_الآن\n-5 درجات تحت الصفر\nنجمة * وحيدة"
    assert strip_markup(kept) == kept


def test_markdown_decorated_article_gives_the_plain_brief(pipe):
    brief = pipe(_markdown(LINES))
    plain = pipe(ARTICLE)
    assert lines_of(brief) == lines_of(plain)
    markdown = brief.to_markdown()
    assert "**" not in "".join(lines_of(brief)) and "- - " not in markdown and "- * " not in markdown
    assert not any(line.startswith(("#", "-", "*", ">")) for line in lines_of(brief))


def test_bbcode_tags_are_stripped_and_their_text_kept(pipe):
    assert strip_markup("[b]غامق[/b] [URL=https://x.com/a?b=1]رابط[/URL] [color=red]أحمر[/color]"
                        " [img]https://x.com/a.png[/img][quote]اقتباس[/quote]") == "غامق رابط أحمر اقتباس"
    bb = "\n".join([f"[b]{LINES[0]}[/b]", f"[url=https://example.com/x]{LINES[1]}[/url]",
                    f"[size=4][i]{LINES[2]}[/i][/size]", *LINES[3:]])
    assert lines_of(pipe(bb)) == lines_of(pipe(ARTICLE))


def test_html_entities_in_plain_text_are_decoded():
    assert unescape_entities("بين &quot;أ&quot; &amp; &#1605;&#x0646; و&nbsp;ب") == "بين \"أ\" & من و\xa0ب"
    assert unescape_entities("&amp;lt;p&amp;gt;") == "<p>"  # escaped twice
    assert unescape_entities("نص بلا كيانات & ولا رموز;") is None
    notes = []
    text = prepared(ARTICLE.replace("هيئة الأرصاد", "هيئة&nbsp;الأرصاد").replace(" و", " &#1608;"), notes)
    assert text == ARTICLE
    assert any("HTML entities" in n for n in notes)


def test_escaped_markup_goes_through_the_html_path(pipe):
    escaped = "".join(f"&lt;p&gt;{line}&lt;/p&gt;\n" for line in LINES)
    notes = []
    assert prepared(escaped, notes) == ARTICLE
    assert any("the input was HTML" in n for n in notes)
    single = f"{LINES[0]} &lt;br&gt;\n" + "\n".join(LINES[1:])  # one tag: still no markup in the text
    assert "<" not in prepared(single) and "br" not in prepared(single)
    assert lines_of(pipe(escaped)) == lines_of(pipe(ARTICLE))


CHROME = [
    "اقرأ أيضا: الأمطار تغرق شوارع المدينة الساحلية",
    "اقرأ أيضاً: الأمطار تغرق شوارع المدينة الساحلية",
    "اقرأ أيضًا: الأمطار تغرق شوارع المدينة الساحلية",
    "إقرأ ايضا: الأمطار تغرق شوارع المدينة الساحلية",
    "شاهد أيضا: فيديو السيول في الأودية",
    "للمزيد: الأمطار تغرق شوارع المدينة",
    "صورة أرشيفية",
    "(صورة أرشيفية)",
    "(صورة: رويترز)",
    "(الصورة: أ ف ب)",
    "الصورة: وكالة الأنباء الرسمية",
    "مصدر الصورة، Getty Images",
    "صورة تعبيرية",
    "اضغط هنا",
    "انقر هنا لمشاهدة الفيديو",
    "اضغط هنا للمزيد من التفاصيل",
    "شاهد الفيديو",
    "شاهد بالفيديو:",
    "للمزيد",
    "عاجل",
    "Click here to watch the video",
    # Breadcrumbs, copyright, tags, share bars and a lone time stamp, as news pages print them.
    "الرئيسية > العالم العربي > سورية",
    "الرئيسية / أخبار / سياسة / الشرق الأوسط",
    "الرئيسية » صحة » اليمن",
    "جميع الحقوق محفوظة © 2024 شبكة الأخبار",
    "© 2023 Example News. All rights reserved.",
    "اقرأ أيضاً: الأمم المتحدة تحذر من نقص التمويل الإنساني في اليمن",
    "الوسوم: حلب، سورية، تراث",
    "كلمات مفتاحية: القمح الزراعة",
    "شارك: فيسبوك تويتر واتساب",
    "12:45",
]


@pytest.mark.parametrize("line", CHROME)
def test_furniture_lines_are_dropped_from_plain_text_and_pages(line):
    text = "\n".join([LINES[0], line, LINES[1]])
    assert drop_chrome_lines(text) == "\n".join(LINES[:2])
    assert drop_chrome(text) == "\n".join(LINES[:2])


@pytest.mark.parametrize("line", [
    "شاهد الفيديو أكثر من مليون شخص خلال يوم واحد بعد نشره على الإنترنت.",  # "watch" as a verb in news
    "وأظهرت صورة أرشيفية نشرتها الوزارة حجم الأضرار في المدينة.",
    "صورة الوضع الاقتصادي تبدو قاتمة بحسب التقرير الأخير للبنك الدولي.",
    "للمزيد من الأمان دعت الهيئة السكان إلى البقاء في منازلهم حتى انتهاء العاصفة.",
    "عاجلا أم آجلا ستضطر الحكومة إلى مراجعة خطتها.",
    "الدفاع المدني: فرق الطوارئ في حالة تأهب",  # a sub-headline with a colon
    "شارك الوزير في الاجتماع الذي عقد أمس في القاهرة بحضور ممثلين عن الدول الأعضاء.",  # "share" as a verb
    "تراجع المعدل في أغسطس/آب إلى 25.5 في المئة.",  # a slash inside a sentence
    "ردود الفعل",  # a short sub-heading between paragraphs
    "وقال الوزير « إن الوضع صعب » ثم غادر « القاعة ».",  # spaced guillemets are not a breadcrumb
    "وقال إن حقوق النشر تحتاج إلى قانون جديد يحمي المؤلفين.",
])
def test_article_lines_like_furniture_are_kept(line):
    text = "\n".join([LINES[0], line, LINES[1]])
    assert drop_chrome_lines(text) == text
    assert drop_chrome(text) == text


def test_plain_text_keeps_short_lines_drop_chrome_would_trim():
    """Plain text loses only the lines that are furniture: a short title line stays (unlike pages)."""
    text = "أمطار غزيرة على الساحل\n" + ARTICLE
    assert drop_chrome_lines(text) == text


def test_furniture_in_a_plain_article_does_not_reach_the_brief(pipe):
    dirty = "\n".join([
        "عاجل", f"(صورة: رويترز) {LINES[0]}", "صورة أرشيفية", "اقرأ أيضاً:",
        "السيول تجرف سيارات في وادي المدينة", "الأرصاد تحذر من موجة حر مبكرة",
        f"{LINES[1]} اضغط هنا", *LINES[2:4], "شاهد الفيديو", *LINES[4:], "للمزيد: اضغط هنا",
        "اقرأ أيضا: أمطار الخريف الماضي في سطور",
    ])
    brief = pipe(dirty)
    assert lines_of(brief) == lines_of(pipe(ARTICLE))
    text = " ".join(lines_of(brief))
    for chrome in ("صورة", "اضغط", "اقرأ", "شاهد الفيديو", "للمزيد", "السيول تجرف"):
        assert chrome not in text


def test_an_inline_call_to_action_in_a_page_is_not_a_bullet(pipe):
    page = ("<html><head><title>الأرصاد تحذر</title></head><body><article>"
            f"<p>{LINES[0]} <span onclick=\"location.href='/v'\">اضغط هنا</span></p>"
            f"<p>{LINES[1]} <a href='/video'>شاهد الفيديو</a></p>"
            + "".join(f"<p>{line}</p>" for line in LINES[2:]) + "</article></body></html>")
    assert "اضغط" not in extract_page(page).text and "شاهد" not in extract_page(page).text
    brief = pipe(page)
    assert not any("اضغط" in line or "شاهد الفيديو" in line for line in lines_of(brief))
    assert lines_of(brief)[1:] == lines_of(pipe(ARTICLE))[1:]


# -- zero-width spaces between words -----------------------------------------------------------------

def test_zero_width_spaces_between_words_become_spaces(pipe):
    glued = ARTICLE.replace(" ", "\u200b")
    assert prepared(glued) == ARTICLE
    assert lines_of(pipe(glued)) == lines_of(pipe(ARTICLE))
    assert prepared(ARTICLE.replace(" ", "\u200b\u200b")) == ARTICLE
    assert prepared(ARTICLE.replace(" ", " \u200b")) == ARTICLE  # next to a space: removed


def test_stray_zero_width_characters_inside_words_still_join_them():
    assert strip_invisible("وزارة الصحة أجرت عم\u200bلية جراحية ناجحة") == "وزارة الصحة أجرت عملية جراحية ناجحة"
    assert strip_invisible("عم\u2060لية\u2060جراحية") == "عمليةجراحية"  # WORD JOINER forbids a break
    assert strip_invisible("الو\u200cزارة") == "الوزارة"  # ZWNJ inside an Arabic word
    assert prepared(ARTICLE.replace("الهيئة", "الهي\u200bئة")) == ARTICLE


# -- files that mix encodings -------------------------------------------------------------------------

LATIN_TAIL = "Le président a déclaré que la réunion était reportée à demain matin."


@pytest.mark.parametrize("head", [ARTICLE, "\n".join(LINES[:2])], ids=["article", "two-lines"])
def test_utf8_with_a_windows_1256_passage_is_decoded_per_passage(head):
    tail = "\n".join(LINES[2:5])
    notes = []
    text = prepared(head.encode() + b"\n" + tail.encode("cp1256"), notes)
    assert text == f"{head}\n{tail}"
    assert any("mixed encodings" in n and "windows-1256" in n for n in notes), notes


def test_a_windows_1256_passage_inside_a_utf8_line_is_decoded():
    data = LINES[0].encode() + b" " + LINES[1].encode("cp1256") + b"\n" + "\n".join(LINES[2:]).encode()
    assert prepared(data) == prepared(f"{LINES[0]} {LINES[1]}\n" + "\n".join(LINES[2:]))


def test_a_latin_passage_in_a_legacy_code_page_is_decoded_when_it_can_be_told():
    decoded = decode(ARTICLE.encode() + b"\n" + LATIN_TAIL.encode("cp1252"))
    assert decoded.text == f"{ARTICLE}\n{LATIN_TAIL}"
    assert "mixed encodings" in decoded.note and "windows-1252" in decoded.note


@pytest.mark.parametrize("head", [ARTICLE, "\n".join(LINES[:2])], ids=["article", "two-lines"])
def test_a_short_latin_tail_is_shown_as_replacement_not_blamed_on_the_language(pipe, head):
    data = head.encode() + "\nCafé — “quoted”".encode("cp1252")
    notes = []
    text = prepared(data, notes)
    assert text.startswith(head) and "\ufffd" in text and "مطار" in text
    assert any("mixed encodings" in n for n in notes) or any("damaged byte" in n for n in notes)
    assert pipe(data).headline_ar


def test_damaged_bytes_and_a_cut_last_character_are_still_damage():
    data = ARTICLE.encode()
    one = decode(data[:41] + b"\xff" + data[41:])
    assert one.text.replace("\ufffd", "") == ARTICLE and "1 damaged byte" in one.note
    cut = decode(data + "ب".encode()[:1])
    assert cut.text == ARTICLE + "\ufffd" and "1 damaged byte" in cut.note


def test_legacy_files_with_a_utf8_line_or_none_are_decoded_whole():
    legacy = decode(ARTICLE.encode("cp1256"))
    assert legacy.text == ARTICLE and "windows-1256" in legacy.note
    one_line = decode(LINES[0].encode() + b"\n" + "\n".join(LINES[1:]).encode("cp1256"))
    assert one_line.text == ARTICLE and "windows-1256" in one_line.note


def test_a_language_refusal_after_a_legacy_decoding_names_the_decoding():
    urdu = "".join(ch for ch in URDU if ch.encode("cp1256", errors="ignore"))
    with pytest.raises(InputError, match="looks like Urdu.*decoded as windows-1256.*save it as UTF-8"):
        prepared(urdu.encode("cp1256"))
    with pytest.raises(InputError, match=r"looks like Urdu, not Arabic: this toolkit briefs Arabic only \([^)]*\)\)$"):
        prepared(URDU)  # UTF-8: nothing about encodings


# -- the extractor's own log lines ---------------------------------------------------------------------

@pytest.mark.slow  # a fresh interpreter (about 1.3 s)
def test_trafilatura_log_lines_do_not_reach_the_user(tmp_path, caplog, capsys):
    import logging

    with caplog.at_level(logging.DEBUG, logger="summarizer.text.html"):
        extract_page("<p>&nbsp;</p><p></p>")
    assert "parsed tree length" not in capsys.readouterr().err
    assert any(r.levelno == logging.DEBUG and "trafilatura" in r.getMessage() for r in caplog.records)
    page = tmp_path / "entities.txt"
    page.write_text("&lt;p&gt;&amp;nbsp;&lt;/p&gt; &amp;amp;", encoding="utf-8")
    fragment = tmp_path / "fragment.txt"
    fragment.write_text("<p></p><div>&nbsp;</div>", encoding="utf-8")
    for path in (page, fragment):
        result = subprocess.run([sys.executable, "-m", "summarizer", str(path), "--no-translate", "--offline", "-q"],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and re.fullmatch(r"error: .*: article (is empty|has no Arabic words .*)\n",
                                                       result.stderr), result.stderr
        assert "ERROR:" not in result.stderr and "WARNING:" not in result.stderr, result.stderr
