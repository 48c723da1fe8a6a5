"""Numbers read as values in Arabic and English (summarizer/text/numbers/): each rule, both languages."""
import pytest

from summarizer.text.numbers import Kind, Value, arabic_mentions, english_mentions, supports


def values(mentions, kind="n"):
    """The first reading of each mention of this kind, as plain numbers."""
    out = []
    for m in mentions:
        firsts = [v for v in m.values if v.kind == kind]
        if firsts:
            v = firsts[0]
            out.append(v.lo if v.lo == v.hi else (v.lo, v.hi))
    return out


def ar(text, kind="n"):
    return values(arabic_mentions(text), kind)


def en(text, kind="n"):
    return values(english_mentions(text), kind)


def readings(mentions):
    return {(v.kind, v.lo, v.hi) for m in mentions for v in m.values}


# -- digits ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("قتل ٤٠ شخصا", [40]),  # Arabic-Indic digits
    ("بنسبة ٤٫٥", [4.5]),  # Arabic decimal separator
    ("بنسبة 4.5", [4.5]),
    ("نفذت ٢٬٦٨٧ ضربة", [2687]),  # Arabic thousands separator
    ("نفذت 2,687 ضربة", [2687]),
    ("مساحتها 783،562 كيلومترا", [783562]),  # Arabic comma between digit groups
    ("بلغ الإنتاج 1,5 مليون طن", [1.5e6]),  # a comma decimal
])
def test_arabic_digits(text, expected):
    assert ar(text) == expected


def test_english_digits():
    assert en("2,687 strikes and 4.5 percent") == [2687, 4.5]
    assert en("Turkey occupies 783,562 square kilometres") == [783562]
    assert en("an area of 2.2 million km2") == [2.2e6]  # km2 is a unit squared, not the number 2


def test_a_list_is_not_a_comma_decimal_in_english():
    assert en("seats 1,5 and 7") == [1, 5, 7]
    assert en("1,5 million people") == [1.5e6]  # before a scale word it is one


# -- scale words -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1.5 مليون", 1.5e6), ("١٫٥ مليون", 1.5e6), ("30 ألف شخص", 3e4), ("30 ألفاً", 3e4), ("ثلاثة آلاف", 3e3),
    ("ألفين", 2e3), ("مليونين", 2e6), ("2 مليار", 2e9), ("3 بليون", 3e9), ("5 ملايين", 5e6),
    ("مليون ونصف", 1.5e6), ("خمسة عشر ألفا", 1.5e4), ("مئتي ألف", 2e5), ("ثلاثمائة وخمسة وعشرون ألفا", 325e3),
    ("مليون و500 ألف", 1.5e6), ("ألفين وخمسمئة", 2500),
])
def test_arabic_scale_words(text, expected):
    assert ar(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("1,500,000", 1.5e6), ("1.5 million", 1.5e6), ("$2bn", 2e9), ("2 billion", 2e9), ("30 thousand", 3e4),
    ("two and a half million", 2.5e6), ("a million", 1e6), ("three million", 3e6),
])
def test_english_scale_words(text, expected):
    assert en(text) == [expected]


def test_the_scale_written_is_kept_for_messages():
    (m,) = arabic_mentions("خسائر بقيمة 2 مليار دولار")
    assert (m.scale, m.mantissa, m.describe()) == ("billion", 2, "2 مليار (billion)")
    (m,) = english_mentions("losses of $2 million")
    assert (m.scale, m.mantissa, m.text) == ("million", 2, "2 million")


def test_two_numbers_joined_by_and_stay_two():
    assert ar("بين 340 مليون و500 مليون متحدث") == [340e6, 500e6]
    assert ar("بين مليوني وثلاثة ملايين عام") == [2e6, 3e6]


def test_a_range_shares_its_scale():
    # "5 to 6 million": the 5 may carry the million.
    assert (("n", 5e6, 5e6)) in readings(arabic_mentions("بين 5 و6 ملايين"))
    assert (("n", 2e6, 2e6)) in readings(english_mentions("two to three million years"))


# -- Arabic number words -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ثلاثة أشهر", [3]), ("ثلاث سنوات", [3]), ("الأشهر الثلاثة", [3]), ("عشر سنوات", [10]),  # gender, definite
    ("وبثلاثة أهداف", [3]), ("ثلاثتهم", [3]),  # clitics, a pronoun suffix
    ("عشرون", [20]), ("عشرين", [20]), ("خمسة وعشرون", [25]), ("مئة", [100]), ("مائة", [100]),
    ("ثلاثمئة", [300]), ("ثلاثمائة", [300]), ("ثلاث مئة", [300]), ("مئتان", [200]),
    ("ثلاثة عشر", [13]), ("إحدى عشرة", [11]), ("اثنا عشر", [12]),
    ("العاشر", [10]), ("الحادي والعشرين", [21]), ("الخامس عشر", [15]),
    ("وخمسهم في الزراعة", [5]), ("المعابر الست", [6]),
])
def test_arabic_number_words(text, expected):
    assert ar(text) == expected


@pytest.mark.parametrize("word", ["هدفين", "ساعتين", "مرتين", "البلدين", "شيئين", "الوزيران", "عمليتي"])
def test_arabic_duals_read_as_two_for_evidence_only(word):
    (m,) = arabic_mentions(word)
    assert m.values[0].lo == 2 and m.weak


# Feminine nouns of every length; a dual is read with or without the article and clitics, in either case.
_FEMININE = ["مجموعة", "حكومة", "منظمة", "اتفاقية", "إمبراطورية", "سيارة", "جائزة",
             "مباراة", "ولاية", "طائرة", "استراتيجية", "مرحلة", "دولة", "لغة"]


@pytest.mark.parametrize("noun", _FEMININE)
@pytest.mark.parametrize("prefix", ["", "ال", "وال", "بال", "لل", "و"])
@pytest.mark.parametrize("ending", ["ين", "ان"])
def test_feminine_duals_of_any_length_are_two(noun, prefix, ending):
    word = prefix + noun[:-1] + "ت" + ending
    (m,) = arabic_mentions(word)
    assert (m.values[0].lo, m.weak) == (2, True), word


@pytest.mark.parametrize("word", ["بين", "الذين", "الفلسطينيين", "الصين", "والسوفيتي", "لست", "ولست", "كمية",
                                  "وكميات", "الفهم"])
def test_words_that_only_look_like_duals_or_numbers(word):
    assert arabic_mentions(word) == []


def test_a_number_only_before_ashar_is_evidence_alone():
    assert all(m.weak for m in arabic_mentions("وأثنى عليه"))  # "praised", read as اثني
    assert not arabic_mentions("اثنا عشر")[0].weak


def test_ordinals_one_and_two_are_evidence_only():
    assert all(m.weak for m in arabic_mentions("لأول مرة في المرتبة الثانية"))
    assert not arabic_mentions("المرتبة الثالثة")[0].weak


def test_month_names_are_evidence_for_dates_in_digits():
    months = [(m.values[0].lo, m.weak) for m in arabic_mentions("من 11 سبتمبر إلى كانون الثاني وتشرين الأول")]
    assert months == [(11, False), (9, True), (1, True), (10, True)]


def test_percent_words_are_not_a_hundred():
    assert ar("ارتفع بنسبة 5 في المئة") == [5]
    assert ar("ارتفع بنسبة خمسة بالمئة") == [5]
    assert ar("ارتفع بنسبة 5%") == [5]


# -- decades, centuries, clock times, ranges, signs ------------------------------------

def test_decades_and_centuries():
    assert ar("سبعينيات القرن العشرين", "y") == [(1970, 1979)]
    assert ar("في السبعينيات", "d") == [70]  # no century written: a decade of any
    assert ar("القرن الـ19") == [19] and ar("القرن الـ19", "y") == [(1800, 1899)]
    assert ar("القرن التاسع عشر") == [19]
    assert en("the 1970s", "y") == [(1970, 1979)] and en("the 1970s", "d") == [70]
    assert en("the seventies", "d") == [70]
    assert en("the 19th century") == [19]


def test_clock_times():
    assert ar("الساعة الخامسة", "t") == [300]  # am and pm both readings
    assert {300, 1020} <= {v.lo for m in arabic_mentions("الساعة الخامسة") for v in m.values if v.kind == "t"}
    assert ar("الخامسة مساءً", "t") == [1020]
    assert ar("الساعة ٩:٣٠ صباحاً", "t") == [570]
    assert ar("الساعة الخامسة والنصف", "t") == [330]
    assert en("at 5am", "t") == [300] and en("at 5 p.m.", "t") == [1020]
    assert en("at 9:30 a.m.", "t") == [570] and en("at 9.30am", "t") == [570]
    assert en("at five o'clock", "t") == [300]
    assert 150 in {v.lo for m in english_mentions("0230 UTC") for v in m.values if v.kind == "t"}


@pytest.mark.parametrize("text", ["4:41.30", "٤:٤١٫٣٠", "4:41,30"])
def test_race_times_are_durations_in_seconds(text):
    assert ar(f"سجلت زمنا قدره {text} دقيقة", "s") == [281.3]
    assert all(m.weak for m in arabic_mentions(f"سجلت زمنا قدره {text} دقيقة")[1:])  # parts: evidence only


def test_a_race_time_in_arabic_is_evidence_for_its_parts_said_in_words():
    race, *parts = arabic_mentions("سجلت زمنا قدره 4:41.30 دقيقة")
    assert race.values == (Value("s", 281.3, 281.3),) and not race.weak
    assert [(m.values[0].lo, m.weak) for m in parts] == [(4, True), (41.3, True)]


def test_race_time_parts_do_not_disturb_what_follows():
    said = arabic_mentions("سجل 4:41.30 ثم 5 أشخاص و6 ملايين في 4 أيام")
    assert [m.text for m in said if not m.part] == ["4:41.30", "5", "6 ملايين", "4"]
    assert ("n", 5e6, 5e6) not in readings(said)  # "5 أشخاص و6 ملايين": the 5 is people, not millions
    assert ("n", 5e6, 5e6) in readings(arabic_mentions("سجل 4:41.30 ثم بين 5 و6 ملايين"))


def test_race_time_formats():
    assert en("in 4:41.30", "s") == [281.3] and en("in 4:41.30") == [] and en("in 4:41.30", "t") == []
    assert en("in 2:04:55", "s") == [7495] and ar("في 2:04:55", "s") == [7495]
    assert en("in 1:59.4", "s") == [119.4] and en("in 0:59.87", "s") == [59.87]
    assert en("in 2:04:55.3", "s") == [7495.3]
    assert en("at 10:08", "s") == [] and en("at 10:08", "t") == [608]  # minutes alone: a clock time


def test_clock_formats():
    assert ar("الساعة 10:08 م", "t") == [1328] and ar("الساعة 10:08 ص", "t") == [608]
    assert ar("الساعة 9.30 صباحاً", "t") == [570] and ar("الساعة 22:08", "t") == [1328]
    assert ar("عام 2005 م") == [2005]  # م after a year is "AD", not pm
    assert en("at 10:08pm", "t") == en("at 10.08pm", "t") == en("at 10:08 P.M.", "t") == [1328]
    assert en("at 22:08 GMT", "t") == [1328]
    assert en("at 22.08 GMT", "t") == [1328] and en("at 22.08 GMT") == [22.08]  # a time, or a decimal
    assert ar("الساعة 10.08 بتوقيت غرينتش", "t") == [608] and ar("في الساعة 22.08", "t") == [1328]
    assert ar("ارتفع 10.08 بالمئة", "t") == []
    assert en("a 10.08 rise", "t") == []  # a point alone is a decimal


@pytest.mark.parametrize("dash", ["-", "–", "−"])
def test_a_number_set_off_by_dashes_is_not_only_negative(dash):
    said = readings(arabic_mentions(f"قال الرجل {dash}29 عاماً{dash} إنه نجا"))
    assert ("n", 29, 29) in said
    said = readings(english_mentions(f"The man {dash}29 years old{dash} survived"))
    assert ("n", 29, 29) in said
    assert ar(f"بلغت الحرارة {dash}5 درجات في شمال-شرق البلاد") == [-5]  # a sign: no closing dash
    assert en(f"It fell to {dash}5 in the north-east") == [-5]


def test_ranges():
    assert ar("يومي الـ14 والـ15") == [14, 15]
    assert en("on 14–15 May") == [14] and en("on 14–15 May", "dd") == [15]  # the 15 is a day (dates below)
    assert ("n", 2011, 2011) in readings(english_mentions("the 2010-11 season"))
    assert ("n", 2011, 2011) not in readings(english_mentions("120-11"))


def test_signs():
    assert ar("بلغت -5 درجات") == [-5]
    assert ar("5 درجات تحت الصفر")[0] == -5
    assert ar("جاس-٣٩") == [39]  # a hyphen inside a name is no minus sign
    assert en("fell to -5 degrees") == [-5]
    assert en("5 degrees below zero") == [-5]
    assert en("minus 5") == [-5]
    assert en("COVID-19 and F-16") == [19, 16]
    assert en("scores of 14-15") == [14, 15]


# -- dates: a month's name is a month, a day of the month a day ---------------------------------

def test_a_month_name_is_a_month_never_a_count():
    assert ar("في 4 تموز", "mm") == [7] and ar("في 4 تموز") == [4]
    assert ar("في السادس من يوليو", "mm") == [7] and ar("في السادس من يوليو") == [6]
    assert ar("السابع من تشرين الأول", "mm") == [10] and ar("السابع من تشرين الأول") == [7, 1]  # الأول: also "first"
    assert arabic_mentions("في تموز")[0].describe() == "تموز (July)"


@pytest.mark.parametrize("text, day", [
    ("في 4 تموز", 4), ("في 4 تموز/يوليو", 4), ("في السادس من يوليو", 6), ("في يوم 20 من أيلول", 20),
    ("في 20 من شهر أيلول", 20), ("في الـ21 من تموز", 21), ("في ٢٨ حزيران", 28), ("في 7 تشرين الثاني", 7),
    ("في الأول من كانون الثاني", 1), ("انتهت في 3 آب", 3),  # آب after a day is August
])
def test_a_number_before_a_month_name_is_also_a_day(text, day):
    assert ar(text, "dd") == [day]


def test_the_first_day_of_a_range_before_a_month_name_is_a_day():
    assert ar("يومي الـ14 والـ15 من أيار", "dd") == [14, 15] and ar("من 14 إلى 15 أيار", "dd") == [14, 15]
    assert ar("قتل 14 و15 جرحوا في أيار", "dd") == []


def test_only_a_number_before_a_month_name_is_a_day():
    assert ar("قتل 4 أشخاص في 3 آب بعد 5 من الأيام", "dd") == [3]
    assert ar("قتل 4 أشخاص في 3 آب بعد 5 من الأيام") == [4, 3, 5]


@pytest.mark.parametrize("text", ["on July 7", "on 7 July", "on July 7th, 2005", "on the 7th of July", "on Jul. 7",
                                  "on 7 September"])
def test_an_english_day_of_the_month_is_a_day_not_a_count(text):
    assert en(text, "dd") == [7]
    assert en(text) == ([2005] if "2005" in text else [])


def test_an_english_count_beside_a_month_is_a_count():
    assert en("7 people died on July 4", "dd") == [4] and en("7 people died on July 4") == [7]
    assert en("in July 2005") == [2005] and en("in July 2005", "dd") == []


def test_the_parts_of_a_date_in_digits_may_be_day_or_month():
    assert en("the 9/11 attacks", "mm") == [9, 11] and en("the 9/11 attacks", "dd") == [9, 11]
    assert en("the 9/11 attacks") == [9, 11]
    assert ar("يوم 11/9/2001", "dd") == [11, 9] and ar("يوم 11/9/2001") == [11, 9, 2001]
    assert en("a 15/20 score", "mm") == []  # no month above 12


def test_months_days_and_counts_never_support_each_other():
    day, month = arabic_mentions("في 4 تموز")
    assert not supports(month, english_mentions("on July 7")[0])  # a month is no day
    assert not supports(month, english_mentions("7 people")[0])  # nor a count
    assert supports(day, english_mentions("on July 4")[0]) and supports(day, english_mentions("4 people")[0])
    assert not supports(arabic_mentions("قتل 7 أشخاص")[0], english_mentions("on July 7")[0])  # a count is no day
    assert supports(month, english_mentions("the 4/7 vote")[1])  # the month of a date in digits


def test_a_century_supports_its_own_forms_not_a_decade_in_it():
    century = arabic_mentions("منذ القرن التاسع عشر")[0]
    for form in ("the 1800s", "the nineteenth century", "the 19th century"):
        assert supports(century, english_mentions(form)[0]), form
    for form in ("the 1810s", "the 1890s", "the 1900s"):
        assert not supports(century, english_mentions(form)[0]), form
    assert supports(arabic_mentions("القرن الـ20")[0], english_mentions("the 1900s")[0])


def test_a_decade_of_a_stated_century_is_not_that_decade_of_another():
    decade = arabic_mentions("في ثلاثينيات القرن التاسع عشر")[0]
    assert supports(decade, english_mentions("the 1830s")[0]) and supports(decade, english_mentions("the thirties")[0])
    assert supports(decade, english_mentions("the 1800s")[0])  # less precise, still true
    assert not supports(decade, english_mentions("the 1930s")[0])
    assert supports(arabic_mentions("في الثلاثينيات")[0], english_mentions("the 1930s")[0])  # no century stated


# -- English words -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("two", [2]), ("a dozen", [12]), ("half a dozen", [6]), ("two dozen", [24]), ("twenty-five", [25]),
    ("one hundred and twenty", [120]), ("a hundred years", [100]), ("twice", [2]), ("third", [3]),
    ("the 7th", [7]),
])
def test_english_number_words(text, expected):
    assert en(text) == expected


_AR_VAGUE = {"عدة": (2, 10), "بضعة": (3, 10), "عشرات": (20, 100), "مئات": (200, 1000)}
_AR_SCALES = {"آلاف": 1e3, "الآلاف": 1e3, "ملايين": 1e6, "الملايين": 1e6, "مليارات": 1e9, "المليارات": 1e9}


_EN_FEW = {"several": (2, 10), "a few": (2, 10), "few": (2, 10), "a couple of": (2, 3), "many": (2, 1000),
           "numerous": (2, 1000), "multiple": (2, 100)}
_EN_SIZES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12,
             "millions": 1e6, "hundred thousand": 1e5}


_VAGUE_TIMES_SCALE = [(arabic_mentions, f"{word} {scale} من الناس", lo * size, hi * size)
                      for word, (lo, hi) in _AR_VAGUE.items() for scale, size in _AR_SCALES.items()] + [
    (english_mentions, f"{word} {scale} people", lo * size, hi * size)
    for word, (lo, hi) in _EN_FEW.items() for scale, size in _EN_SIZES.items()]


@pytest.mark.parametrize("mentions, text, lo, hi", _VAGUE_TIMES_SCALE, ids=[t for _, t, _, _ in _VAGUE_TIMES_SCALE])
def test_a_vague_count_times_any_scale(mentions, text, lo, hi):
    (m,) = mentions(text)
    assert (m.values[0].lo, m.values[0].hi, m.values[0].vague) == (lo, hi, True)


def test_a_vague_count_of_plural_multipliers():
    assert en("several hundreds of thousands of people") == [(2e5, 1e6)]
    assert en("several hundred of them") == [(200, 1000)]  # "of" before no multiplier ends the number
    assert supports(arabic_mentions("مئات الآلاف")[0], english_mentions("several hundreds of thousands")[0])


def test_vague_counts_without_a_scale_are_not_numbers():
    assert arabic_mentions("زارها عدة مرات") == [] and english_mentions("several times, a few people") == []


def test_a_vague_count_supports_only_overlapping_loose_claims():
    several_million = arabic_mentions("عدة ملايين")[0]
    assert supports(several_million, english_mentions("several million")[0])
    assert supports(several_million, english_mentions("millions")[0])
    assert not supports(several_million, english_mentions("5 million")[0])  # exact: more than it says
    assert not supports(several_million, english_mentions("several thousand")[0])
    assert not supports(several_million, english_mentions("several billion")[0])
    assert supports(arabic_mentions("5 ملايين")[0], english_mentions("several million")[0])


def test_english_loose_quantities():
    assert en("tens of thousands") == [(1e4, 1e5)]
    assert en("hundreds of thousands") == [(1e5, 1e6)]
    assert english_mentions("thousands of people")[0].values[0].vague


def test_one_and_first_are_evidence_only():
    assert all(m.weak for m in english_mentions("one of the first cars"))
    assert not english_mentions("one hundred")[0].weak


def test_about_widens_to_the_rounding_of_the_number():
    assert en("about 30,000") == [(25000, 35000)]
    assert en("30,000") == [30000]
    assert en("more than 30,000") == [30000]  # a bound, not an approximation


def test_html_entities_are_not_numbers():
    assert english_mentions("Nadal&#39;s record") == []


# -- matching ---------------------------------------------------------------------------

def test_vague_evidence_does_not_support_an_exact_claim():
    thousands = arabic_mentions("آلاف الأشخاص")[0]
    assert supports(thousands, english_mentions("thousands of people")[0])
    assert not supports(thousands, english_mentions("5,000 people")[0])


def test_a_decade_is_supported_by_a_year_in_it_but_not_the_other_way():
    decade = english_mentions("the 1970s")[0]
    assert supports(arabic_mentions("عام 1970")[0], decade)
    assert not supports(arabic_mentions("في ثلاثينيات القرن الماضي")[0], english_mentions("in 1936")[0])
    assert not supports(arabic_mentions("القرن الـ19")[0], arabic_mentions("القرن الـ1")[0])  # 19 is no year


def test_clock_times_compare_as_times():
    assert not supports(arabic_mentions("الخامسة مساءً")[0], english_mentions("5am")[0])
    assert supports(arabic_mentions("الخامسة مساءً")[0], english_mentions("at 5")[0])


def test_value_is_hashable_and_plain():
    assert Value("n", 1, 1) == Value("n", 1, 1) and len({Value("n", 1, 1), Value("n", 1, 1)}) == 1


def test_kinds_are_an_enum_and_their_codes_name_the_same_kind():
    assert Value("n", 1, 1).kind is Kind.NUMBER and Value("n", 1, 1) == Value(Kind.NUMBER, 1, 1)
    assert len({Value("t", 5, 5), Value(Kind.TIME, 5, 5)}) == 1
    assert {v.kind for m in arabic_mentions("في 4:41.30 الساعة 5 في السبعينيات من القرن الـ19") for v in m.values} \
        == {Kind.DURATION, Kind.TIME, Kind.NUMBER, Kind.DECADE, Kind.YEARS}
    with pytest.raises(ValueError):
        Value("x", 1, 1)


def test_the_number_package_imports_one_way():
    """values below everything, the readers above the recognizers: no module imports one that imports it."""
    import ast
    from pathlib import Path

    import summarizer.text.numbers as package

    folder = Path(package.__file__).parent
    graph = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = {node.module for node in ast.walk(tree)
                            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert graph["values"] == set() and graph["arabic_words"] == set()

    def reaches(start):
        found, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in found:
                found.add(module)
                todo.extend(graph[module])
        return found

    for module in graph:
        assert module not in reaches(module), module
    assert "__init__" not in {m for deps in graph.values() for m in deps}
