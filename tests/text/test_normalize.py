"""Normalization, tokens and sentence splitting: golden cases, the seed among them."""
import pytest

from summarizer.text.normalize import html_to_text, looks_like_html, normalize, to_arabic_digits, to_ascii_digits
from summarizer.text.sentences import cut_at_clause, split_sentences
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


@pytest.mark.parametrize("text, expected", [
    ("قال المسؤول إن النمو بلغ 4.5 بالمئة هذا العام. وأضاف أن التضخم تراجع!",
     ["قال المسؤول إن النمو بلغ 4.5 بالمئة هذا العام.", "وأضاف أن التضخم تراجع!"]),
    ("عقد الاجتماع في 12.09.2017 بحضور الوزراء. ثم انتهى؟ نعم",
     ["عقد الاجتماع في 12.09.2017 بحضور الوزراء.", "ثم انتهى؟", "نعم"]),
    ("التقى د. أحمد بالوفد اليوم. وناقشا التعاون",
     ["التقى د. أحمد بالوفد اليوم.", "وناقشا التعاون"]),
    ("قال الوزير: “الوضع صعب. لكننا سننجح”. وغادر القاعة.",
     ["قال الوزير: “الوضع صعب. لكننا سننجح”.", "وغادر القاعة."]),
    ("ارتفعت الأسعار؛ وتراجع الطلب. انتهى",
     ["ارتفعت الأسعار؛ وتراجع الطلب.", "انتهى"]),
    ("Dr. Smith met Mr. Jones. They talked...  A lot.",
     ["Dr. Smith met Mr. Jones.", "They talked...", "A lot."]),
])
def test_split_golden(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_split_offsets_point_into_the_text():
    text = "أول جملة.  ثانية هنا!\nعنوان فرعي بلا نقطة\nجملة أخيرة."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_inline_subheadline_is_its_own_unit_and_opens_a_section():
    text = "خبر أول طويل نسبيا.\nوزير: العنوان الفرعي هنا\nتفاصيل الخبر الثاني."
    sentences = split_sentences(text)
    assert [(s.text, s.is_heading, s.section) for s in sentences] == [
        ("خبر أول طويل نسبيا.", False, 0),
        ("وزير: العنوان الفرعي هنا", True, 1),
        ("تفاصيل الخبر الثاني.", False, 1),
    ]


def test_seed_sentences_exact(seed_text):
    # Each line of the seed is one sentence or one sub-headline: the exact list.
    sentences = split_sentences(seed_text)
    assert [s.text for s in sentences] == [line.strip() for line in seed_text.splitlines() if line.strip()]
    assert len(sentences) == 18
    assert [s.index for s in sentences if s.is_heading] == [5, 11]
    assert [s.section for s in sentences] == [0] * 5 + [1] * 6 + [2] * 7


def test_cut_at_clause():
    lead = "أعلنت وزارة الدفاع الروسية أن سلاح الجو الروسي قضى على 40 إرهابيا من تنظيم “داعش” بغارة جوية شنتها طائرات مقاتلة روسية في محيط مدينة دير الزور."
    cut = cut_at_clause(lead, 14)
    assert cut == "أعلنت وزارة الدفاع الروسية أن سلاح الجو الروسي قضى على 40 إرهابيا"
    assert len(cut.split()) <= 14
    assert cut_at_clause("جملة قصيرة.", 14) == "جملة قصيرة"
    quoted = "وجاء في بيان لوزارة الدفاع الروسية أن “طائرتين مقاتلتين روسيتين من طراز (سو 34) و(سو 35) شنتا غارة”."
    assert cut_at_clause(quoted, 14) == "وجاء في بيان لوزارة الدفاع الروسية أن طائرتين مقاتلتين روسيتين"
