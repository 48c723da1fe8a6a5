"""Normalization and tokens: golden cases; invisible, control and look-alike characters removed or
mapped to letters, as pasted from web pages and extracted from PDFs."""
import re

import pytest
from samples import ARTICLE, BIDI, lines_of, prepared, renderings, shape, visual_order, with_bidi_controls

from summarizer import BriefPipeline, Config, InputError
from summarizer.text.normalize import (
    clean_input,
    html_to_text,
    looks_like_html,
    normalize,
    strip_invisible,
    to_arabic_digits,
    to_ascii_digits,
)
from summarizer.text.tokens import light_stem, tokenize


@pytest.mark.parametrize("raw, expected", [
    ("٤٠ إرهابيا", "40 ارهابيا"),
    ("۱۴۱۷ طلعة", "1417 طلعه"),  # Persian digits
    ("الـــعـــربية", "العربيه"),  # tatweel
    ("مُحَمَّدٌ", "محمد"),  # diacritics
    ("أحمد إلى آخر ٱلكتاب", "احمد الي اخر الكتاب"),  # alef forms, alef maqsura
    ("مكتبة", "مكتبه"),  # teh marbuta
    ("“داعش” و«النصرة»", '"داعش" و"النصره"'),  # typographic quotes
    ("  كلمة \n\t  أخرى  ", "كلمه اخري"),  # whitespace
])
def test_normalize_golden(raw, expected):
    assert normalize(raw) == expected


def test_digits_both_ways():
    assert to_ascii_digits("٩:٣٠ و٢٠١٧") == "9:30 و2017"
    assert to_arabic_digits("9:30") == "٩:٣٠"
    assert to_ascii_digits(to_arabic_digits("0123456789")) == "0123456789"


def test_html_to_text_keeps_visible_text_only():
    page = ("<html><head><title>t</title><style>p{}</style></head><body><h1>عنوان &amp; خبر</h1>"
            "<p>الفقرة الأولى.</p><script>alert('x')</script><p>الفقرة&nbsp;الثانية</p></body></html>")
    assert looks_like_html(page)
    assert html_to_text(page) == "عنوان & خبر\nالفقرة الأولى.\nالفقرة الثانية"
    assert not looks_like_html("نص عادي فيه علامة < وعلامة >")


def test_tokens_split_words_and_numbers():
    assert tokenize("قُتل ٤٠ شخصاً في الـ14 من أيلول 2017م") == ["قتل", "40", "شخصا", "في", "ال", "14", "من", "ايلول", "2017", "م"]
    assert light_stem("والمدارس") == "مدارس"
    assert light_stem("بالقذائف") == "قذائف"
    assert light_stem("في") == "في"  # too short to strip


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


# -- invisible and look-alike characters ------------------------------------------------------------

def test_bidi_controls_are_removed_and_numbers_stay_intact(pipe):
    clean, dirty = pipe(ARTICLE), pipe(with_bidi_controls(ARTICLE))
    assert lines_of(dirty) == lines_of(clean)
    numbers = [n for line in lines_of(dirty) for n in re.findall(r"\d+", line)]
    # Whole, in order, not turned round by the controls (the lead's rest `بينها 40 ...` is a fragment, no bullet).
    assert "1417" in numbers and set(numbers) <= set(re.findall(r"\d+", ARTICLE))
    for rendering in renderings(dirty):
        assert not BIDI.search(rendering)
    assert any("2687" in line for line in lines_of(dirty))


def test_nul_and_other_controls_are_removed(pipe):
    dirty = ARTICLE.replace("وزارة", "وز\x00ارة").replace("الأسبوع", "الأسبوع\x07").replace("، ", "،\x1b ")
    dirty = dirty.replace("المقبل", "المق\x7fبل").replace("العاصمة", "العا\x9bصمة")
    brief = pipe(dirty)
    assert lines_of(brief) == lines_of(pipe(ARTICLE))
    for rendering in renderings(brief):
        assert not re.search("[\x00-\x08\x0e-\x1f\x7f-\x9f]", rendering)


def test_a_text_of_mostly_control_characters_is_binary():
    with pytest.raises(InputError, match="binary"):
        prepared("\x00\x01\x02\x03" * 50 + ARTICLE[:100])


def test_presentation_forms_become_letters():
    assert prepared(shape(ARTICLE)) == prepared(ARTICLE)
    assert clean_input("ﺃﻋﻠﻨﺖ ﻭﺯﺍﺭﺓ") == "أعلنت وزارة"
    assert clean_input("ﻻ ﷲ") == "لا الله"
    # NFKC only inside the Arabic presentation-form blocks: other compatibility characters stay.
    assert clean_input("مساحة 50 م² ﬁ ①") == "مساحة 50 م² ﬁ ①"


def test_visual_order_from_pdfs_is_put_back_in_reading_order():
    visual = "\n".join(visual_order(shape(line)) for line in ARTICLE.splitlines())
    notes = []
    assert prepared(visual, notes) == prepared(ARTICLE)
    assert any("visual order" in n for n in notes)
    logical = []
    assert prepared(shape(ARTICLE), logical) == prepared(ARTICLE)
    assert not any("visual order" in n for n in logical)


def test_joiners_inside_arabic_words_do_not_split_them(pipe):
    dirty = ARTICLE.replace("الوزارة", "الو\u200cزارة").replace("المستشفيات", "المست\u200dشفيات")
    assert tokenize(clean_input("الو\u200cزارة")) == ["الوزاره"]
    assert lines_of(pipe(dirty)) == lines_of(pipe(ARTICLE))
    assert strip_invisible("👩\u200d💻 code") == "👩\u200d💻 code"  # an emoji sequence keeps its joiner


@pytest.mark.parametrize("char", ["\u00ad", "\ufeff", "\u200b", "\u2060", "\U000e0041", "\u206e", "\ufdd0"])
def test_other_invisible_characters_are_removed(char):
    assert prepared(ARTICLE.replace("عملية", f"عم{char}لية")) == prepared(ARTICLE)
