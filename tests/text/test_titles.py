"""A source's own title as a brief's headline: the site's name removed, what is no headline refused."""
import pytest

from summarizer.text.titles import headline_from_title

HEADLINE = "مقتل خمسة أشخاص في هجوم على قاعدة عسكرية"


@pytest.mark.parametrize("title, sites, expected", [
    (HEADLINE, (), HEADLINE),
    (f"{HEADLINE} - BBC News عربي", (), HEADLINE),  # a Latin-lettered name behind a dash
    (f"{HEADLINE} | الجزيرة نت", (), HEADLINE),  # behind a bar, either end
    (f"الجزيرة نت | {HEADLINE}", (), HEADLINE),
    (f"{HEADLINE} :: موقع الخبر", (), HEADLINE),
    (f"{HEADLINE}::موقع الخبر", (), HEADLINE),
    (f"{HEADLINE} - جريدة الشرق الأوسط", (), HEADLINE),  # an outlet by its first word
    (f"{HEADLINE} - سكاي نيوز عربية", (), HEADLINE),  # or by its last
    (f"{HEADLINE} - الشرق الأوسط", (), f"{HEADLINE} - الشرق الأوسط"),  # no sign of a name: the headline's
    ("الأهلي يتعادل مع الزمالك 1 - 1", (), "الأهلي يتعادل مع الزمالك 1 - 1"),  # a score is no separator
    ("رحيل الإذاعية أمال فهمي (1925 - 2018)", (), "رحيل الإذاعية أمال فهمي (1925 - 2018)"),
    ("الرئيس يصف الاتفاق بأنه « تاريخي » ويدعو إلى الحوار", (), "الرئيس يصف الاتفاق بأنه « تاريخي » ويدعو إلى الحوار"),
    ("مقتل 5 أشخاص | غارة إسرائيلية على غزة", (), "مقتل 5 أشخاص | غارة إسرائيلية على غزة"),
    ("آبل تطلق هاتفها الجديد - iPhone 15 Pro", (), "آبل تطلق هاتفها الجديد - iPhone 15 Pro"),
    ("وزير: الحكومة - في بيان - تعلن خطة جديدة", (), "وزير: الحكومة - في بيان - تعلن خطة جديدة"),
    (f"{HEADLINE} - موقع الخبر", ("www.khabar.com",), HEADLINE),
    ("بي بي سي عربي", (), None),  # only an outlet's name, in Arabic letters
    ("<script>alert(1)</script>أمطار غزيرة على السواحل", (), "أمطار غزيرة على السواحل"),
    ("أمطار غزيرة تغمر < 5 مدن > ساحلية", (), "أمطار غزيرة تغمر < 5 مدن > ساحلية"),  # brackets, not a tag
    ('=HYPERLINK("http://x") وفاة الإذاعية أمال فهمي', (), None),
    (f"{HEADLINE} - صحيفة الأخبار اليومية الكبرى", ("صحيفة الأخبار اليومية الكبرى",), HEADLINE),  # a known name
    (f"سكاي نيوز عربية - {HEADLINE}", ("سكاي نيوز عربية",), HEADLINE),
    (f"غزة - {HEADLINE}", (), f"غزة - {HEADLINE}"),  # a place before a dash is the headline's
    (f"  {HEADLINE}\u200f  ", (), HEADLINE),  # spaces and marks cleaned
    ("BBC News عربي", (), None),  # only a site's name
    ("الجزيرة نت", ("الجزيرة نت",), None),
    ("طقس الإثنين", (), None),  # under 3 words: a section, not a headline
    ("Five killed in an attack on a military base", (), None),  # not Arabic
    (" ".join([HEADLINE] * 4), (), None),  # over 25 words: not a headline
    ("", (), None),
    (None, (), None),
])
def test_headline_from_title(title, sites, expected):
    assert headline_from_title(title, sites) == expected


def test_markup_in_a_title_is_text_never_markup():
    assert headline_from_title(f"<b>{HEADLINE}</b>") == HEADLINE


@pytest.mark.parametrize("odd", [5, ["a"], {"x": 1}, "\x00" * 50, "|" * 30, " - " * 30])
def test_a_title_of_any_shape_gives_a_headline_or_none(odd):
    assert headline_from_title(odd) is None
