"""Numbers must come from their evidence, as values; loops are caught; each problem is a flag on its line.

Golden pairs cover each rule both ways (a correct translation is not flagged, a wrong one is);
planted errors are caught on hand-written pairs (always) and on FLORES dev (when ../shared is there);
the audit command `python -m eval faithfulness` is tested end to end.
"""
import json
import random

import pytest

from eval.cli import main
from eval.data import flores_dir
from eval.faithfulness import PLANTINGS, catch_rates, plant
from summarizer.faithfulness import check_brief, english_line_flags, repetition_loop, unsupported_numbers
from summarizer.pipeline import BriefPipeline
from summarizer.summarize.base import Summary

FLORES = flores_dir()
needs_flores = pytest.mark.skipif(not (FLORES / "flores-dev.en").is_file(),
                                  reason=f"FLORES dev not found at {FLORES} (set BRIEF_SHARED_DIR)")

# (rule, Arabic line, a correct English line, a wrong English line)
GOLDEN = [
    ("digits", "قتل ٤٠ شخصا", "40 people were killed", "41 people were killed"),
    ("decimal", "ارتفع بنسبة ٤٫٥ في المئة", "It rose by 4.5 percent", "It rose by 45 percent"),
    ("thousands separator", "نفذت ٢٬٦٨٧ ضربة", "It carried out 2,687 strikes", "It carried out 2,786 strikes"),
    ("Arabic comma separator", "مساحتها 783،562 كيلومترا مربعا", "Its area is 783,562 square kilometres",
     "Its area is 783.562 square kilometres"),
    ("comma decimal", "بلغ الإنتاج 1,5 مليون طن", "Output reached 1.5 million tonnes",
     "Output reached 15 million tonnes"),
    ("scale: thousand", "قتل 30 ألف شخص", "30,000 people were killed", "30 people were killed"),
    ("scale: million", "يبلغ عدد السكان 1.5 مليون نسمة", "The population is 1,500,000",
     "The population is 1,500"),
    ("scale: million in words", "يبلغ عدد السكان 1.5 مليون نسمة", "The population is 1.5 million",
     "The population is 1.5 billion"),
    ("scale: billion", "بلغت الخسائر 2 مليار دولار", "Losses reached $2bn", "Losses reached $2 million"),
    ("scale: plural", "يعيش هناك ثلاثة ملايين شخص", "Three million people live there",
     "Three billion people live there"),
    ("scale: dual", "بلغ العدد ألفين", "The number reached 2,000", "The number reached 200"),
    ("dual: goals", "سجل هدفين في المباراة", "He scored 2 goals in the match", "He scored 3 goals in the match"),
    ("dual: hours", "استمر الاجتماع ساعتين", "The meeting lasted two hours", "The meeting lasted three hours"),
    ("dual: times", "فاز باللقب مرتين", "He won the title twice", "He won the title three times"),
    ("dual: construct", "خشيت الشرطة من عمليتي اغتيال", "Police feared two assassinations",
     "Police feared four assassinations"),
    ("cardinal, feminine, definite", "خلال الأشهر الثلاثة الماضية", "over the past 3 months",
     "over the past 4 months"),
    ("cardinal, construct", "منذ عشر سنوات", "ten years ago", "eleven years ago"),
    ("ordinal", "حل في المركز العاشر", "He came tenth", "He came ninth"),
    ("ordinal date", "في السابع من تشرين الأول", "On October 7", "On October 8"),
    ("tens", "حضر عشرون شخصا", "20 people attended", "30 people attended"),
    ("hundred", "احتفلت المدينة بمرور مائة عام", "The city celebrated a hundred years",
     "The city celebrated two hundred years"),
    ("hundreds compound", "نشر ثلاثمئة جندي", "300 soldiers were deployed", "3,000 soldiers were deployed"),
    ("compound number", "فاز بخمسة وعشرين صوتا", "He won twenty-five votes", "He won fifty-two votes"),
    ("percent sign", "ارتفع بنسبة 5%", "It rose 5 percent", "It rose 15 percent"),
    ("percent words", "ارتفع بنسبة 5 في المئة", "It rose 5%", "It rose 6%"),
    ("percent word attached", "ارتفع بنسبة خمسة بالمئة", "It rose by 5%", "It rose by 50%"),
    ("decade with century", "في سبعينيات القرن العشرين", "in the 1970s", "in the 1980s"),
    ("decade alone", "في السبعينيات", "in the 1970s", "in the 1960s"),
    ("decade is not a year", "في ثلاثينيات القرن الماضي", "in the 1930s", "in 1936"),
    ("century in digits", "في القرن الـ19", "in the 19th century", "in the 18th century"),
    ("century in words", "في القرن التاسع عشر", "in the nineteenth century", "in the 17th century"),
    ("clock time", "في الساعة الخامسة صباحاً", "at 5am", "at 6am"),
    ("clock time, half of day", "في الخامسة مساءً", "at 5 pm", "at 5am"),
    ("clock time, minutes", "الساعة ٩:٣٠ صباحاً بالتوقيت المحلي", "at 9:30 am local time", "at 9:45 am local time"),
    ("clock time, 24 hours", "الساعة ٠٢٣٠ بالتوقيت العالمي", "at 0230 UTC", "at 2030 UTC"),
    ("range", "يومي الـ14 والـ15 من الشهر", "on 14–15 of the month", "on 14–16 of the month"),
    ("range, short year", "في موسم 2010-2011", "in the 2010-11 season", "in the 2010-12 season"),
    ("range sharing a scale", "بين 5 و6 ملايين شخص", "between 5 million and 6 million people",
     "between 5 billion and 6 million people"),
    ("sign", "بلغت درجة الحرارة -5 درجات", "The temperature reached -5 degrees",
     "The temperature reached 5 degrees"),
    ("sign: minus", "بلغت درجة الحرارة 5 درجات", "The temperature reached 5 degrees",
     "The temperature reached -5 degrees"),
    ("sign: below zero", "بلغت درجة الحرارة 5 درجات تحت الصفر", "The temperature fell to minus 5",
     "The temperature fell to 5 degrees"),
    ("English word", "وصل ثلاثة وزراء", "Three ministers arrived", "Two ministers arrived"),
    ("a dozen", "قتل اثنا عشر شخصا", "A dozen people were killed", "Two dozen people were killed"),
    ("tens of thousands", "خرج عشرات الآلاف من المتظاهرين", "Tens of thousands of protesters marched",
     "50,000 protesters marched"),
    ("thousands", "دمرت آلاف المنازل", "Thousands of homes were destroyed", "5,000 homes were destroyed"),
    ("about: rounding", "بلغ عدد المشاركين 29,800", "About 30,000 took part", "About 40,000 took part"),
    ("no about, no rounding", "بلغ عدد المشاركين 29,800", "29,800 took part", "30,000 took part"),
    ("year", "في عام 2019", "in 2019", "in 2018"),
    ("one and a half", "بلغ الرقم مليون ونصف", "It reached 1.5 million", "It reached 2.5 million"),
    # False alarms once raised on a strong model's FLORES devtest output, each handled as a class.
    ("dual: definite, long stem", "تأهلت المجموعتين إلى النهائي", "The two groups qualified for the final",
     "The three groups qualified for the final"),
    ("dual: nominative with clitic", "وقعت الحكومتان والمنظمتان الاتفاق", "The two governments signed",
     "The four governments signed"),
    ("vague count with a scale", "نزح عدة ملايين من الأشخاص", "Several million people were displaced",
     "Five million people were displaced"),
    ("vague count with a scale: a few", "حضر بضعة آلاف", "A few thousand attended", "Several million attended"),
    ("vague count with a scale: hundreds of", "أنفقت مئات الملايين", "It spent several hundred million",
     "It spent several billion"),
    ("age set off by dashes", "قال الرجل -29 عاماً- إنه نجا", "The man, 29, said he survived",
     "The man, 39, said he survived"),
    ("age set off by en dashes", "قال الرجل –29 عاماً– إنه نجا", "The man, aged 29, said he survived",
     "The man, aged 92, said he survived"),
    ("race time", "فازت بزمن قدره 4:41.30 دقيقة", "She won in 4:41.30", "She won in 4:41.50"),
    ("race time, minutes wrong", "فازت بزمن قدره 4:41.30 دقيقة", "She won in 4:41.30 minutes",
     "She won in 4:14.30 minutes"),
    ("race time said in words", "فازت بزمن قدره 4:41.30 دقيقة", "She won in 4 minutes 41.30 seconds",
     "She won in 4 minutes 41.50 seconds"),
    ("race time with hours", "أنهى الماراثون في 2:04:55", "He finished the marathon in 2:04:55",
     "He finished the marathon in 2:05:55"),
    ("clock time, short pm", "وقع الانفجار الساعة 10:08 م", "The blast was at 10:08 p.m.",
     "The blast was at 10:08 a.m."),
    ("clock time, 24 hours to pm", "وقع الانفجار الساعة 22:08", "The blast was at 10:08pm",
     "The blast was at 10:37pm"),
    ("clock time, dotted GMT", "وقع الانفجار الساعة 22:08 بتوقيت غرينتش", "The blast was at 22.08 GMT",
     "The blast was at 22.38 GMT"),
    ("clock time, dotted", "وصل الساعة 9.30 صباحاً", "He arrived at 9:30 am", "He arrived at 9:30 pm"),
    # A month's name is a month, a day a day (issue 35).
    ("date: a month's name is no day", "بعد تبنيه في 4 تموز", "after it was adopted on July 4",
     "after it was adopted on July 7"),
    ("date: an ordinal day", "في السادس من يوليو", "on July 6", "on July 7"),
    ("date: day first", "صدر القرار في 4 تموز/يوليو", "The decision was issued on 4 July",
     "The decision was issued on 7 July"),
    ("date: a count is no day", "استمر 7 أيام وانتهى في 4 تموز", "It lasted 7 days and ended on July 4",
     "It lasted 7 days and ended on July 7"),
    # Each number of the Arabic backs one number of the English.
    ("repeated number: a score", "فاز الفريق 3:2", "The team won 3:2", "The team won 3:3"),
    ("repeated number: either", "يحصل على 0 أو 1", "It gets 0 or 1", "It gets 1 or 1"),
    ("repeated number: two counts", "قتل 3 أشخاص وأصيب 5", "3 people were killed and 5 injured",
     "3 people were killed and 3 injured"),
    # A century is not any decade in it, and a decade of a stated century is not that decade of another.
    ("century, not a decade in it", "منذ القرن التاسع عشر", "since the 1800s", "since the 1810s"),
    ("century in words, not a decade in it", "منذ القرن التاسع عشر", "since the nineteenth century",
     "since the 1890s"),
    ("decade of a stated century", "في ثلاثينيات القرن التاسع عشر", "in the 1830s", "in the 1930s"),
    # Real errors of a strong model (opus-mt-tc-big on FLORES devtest): still flagged.
    ("model error: year", "افتتح المبنى في عام 2005", "The building opened in 2005",
     "The building opened in 2008"),
    ("model error: year, 2011", "اندلعت الحرب عام 2011", "The war broke out in 2011", "The war broke out in 2019"),
    ("model error: year, 1889", "بني البرج عام 1889", "The tower was built in 1889", "The tower was built in 1859"),
    ("model error: minutes", "وقع الزلزال الساعة 10:08 مساءً", "The quake struck at 10:08 p.m.",
     "The quake struck at 10:37 p.m."),
    ("model error: clock time", "أقلعت الطائرة الساعة 07:19", "The plane took off at 07:19",
     "The plane took off at 08:00"),
    ("model error: more than twenty", "أصيب أكثر من عشرين شخصا", "More than twenty people were injured",
     "Two dozen people were injured"),
]


def flagged(en, ar):
    return [m for m in english_line_flags(en, ar) if m.startswith("number mismatch")]


@pytest.mark.parametrize("rule, ar, right, wrong", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden_pair_right_is_not_flagged_and_wrong_is(rule, ar, right, wrong):
    assert flagged(right, ar) == []
    assert flagged(wrong, ar)


@pytest.mark.parametrize("ar, en", [
    ("وصل الوزيران", "The two ministers arrived"),  # a dual, said in English with a word
    ("قال أحد الركاب", "One of the passengers said"),  # "one" is often unwritten in Arabic
    ("لأول مرة منذ سنوات", "For the first time in years"),
    ("يشكل نصف السكان", "It is half the population"),
    ("تنافس على شيئين أساسيين", "They compete on two main things"),
    ("كانت الحافلة متجهة إلى المدينة", "The bus was headed to the city"),
    ("بعد هجمات 11 سبتمبر", "After the 9/11 attacks"),  # a date in digits
])
def test_numbers_said_without_digits_are_not_flagged(ar, en):
    assert flagged(en, ar) == []


def test_flags_name_both_sides_in_words():
    assert flagged("Losses reached 3 million dollars", "بلغت الخسائر 3 مليار دولار") == [
        "number mismatch: English says 3 million; the Arabic line says 3 مليار (billion)"]
    assert flagged("It fell to -5", "انخفضت إلى 5") == ["number mismatch: English says -5; the Arabic line says 5"]
    assert flagged("He scored two goals", "سجل ثلاثة أهداف") == [
        "number mismatch: English says two; the Arabic line says ثلاثة (3)"]
    assert flagged("It happened in 1999", "حدث ذلك أمس") == [
        "number mismatch: English says 1999; the Arabic line has no number"]
    assert flagged("40 people and 12 cars", "قتل 40 شخصا") == [
        "number mismatch: English says 12; the Arabic line has no such number"]
    # The counterpart named is the one alike in digits, not the one closest in size.
    assert flagged("783.562 km and 23,764 km", "مساحتها 783،562 كيلومترا منها 23،764 كيلومترا") == [
        "number mismatch: English says 783.562; the Arabic line says 783،562"]


def test_each_arabic_number_backs_one_english_number_unless_restated_in_its_name():
    assert flagged("The score was 3:3", "انتهت المباراة 3:2") == [
        "number mismatch: English says 3; the Arabic line says 2"]
    assert flagged("On July 4, 4 people died", "في 4 تموز قتل شخص")  # one 4: a day or a count, not both
    assert flagged("Tomb KV62. KV62 is famous", "مقبرة KV62 مشهورة") == []  # a name restated
    assert flagged("Tomb KV62 has 62 rooms", "مقبرة KV62 مشهورة")  # the same number outside the name is another
    # One Arabic number with two values backs a claim of each.
    assert flagged("in the thirties of the nineteenth century", "في ثلاثينيات القرن التاسع عشر") == []
    assert unsupported_numbers("فاز 3:3", "فاز 3:2") == ["3"]  # Arabic lines are counted too


def test_a_wrong_day_names_the_arabic_day():
    assert flagged("It was adopted on July 7", "تم تبنيه في 4 تموز") == [
        "number mismatch: English says July 7; the Arabic line says 4"]
    assert flagged("It was held on May 14-15", "عقد المؤتمر يومي 14 و15 أيار") == []  # the first day of a range
    assert flagged("since the 1810s", "منذ القرن التاسع عشر") == [
        "number mismatch: English says 1810s; the Arabic line says التاسع عشر (19th century)"]


def test_a_number_the_english_leaves_out_is_not_flagged():
    assert flagged("Dozens of people were killed", "قتل 40 شخصا و12 جريحا في 3 هجمات") == []


def test_unsupported_numbers_reads_either_language():
    assert unsupported_numbers("قتل ٤٠ شخصا", "قتل 40 شخصا") == []
    assert unsupported_numbers("killed 40", "قتل ٤٠ شخصا") == []
    assert unsupported_numbers("2,687 strikes", "٢٦٨٧ ضربة") == []
    assert unsupported_numbers("30 people", "قتل 30 ألف شخص") == ["30"]
    assert unsupported_numbers("قتل 41 شخصا", "قتل 40 شخصا") == ["41"]


# -- the brief: each line against its own evidence -----------------------------------

def test_planted_wrong_number_is_flagged_on_its_line():
    source = "نفذت الطائرات 1417 طلعة قتالية وجهت خلالها 2687 ضربة."
    lines_ar = ["الطائرات نفذت 1417 طلعة", "وجهت الطائرات 2786 ضربة"]  # 2786 is planted
    lines_en = ["Planes flew 1417 sorties", "Planes carried out 2687 strikes in 14 days"]  # 2687 is not in its line
    flags = check_brief(source, lines_ar, lines_en, generated=False)
    assert [(f.line, f.lang) for f in flags] == [("bullet 1", "ar"), ("bullet 1", "en"), ("bullet 1", "en")]
    assert flags[0].message == "number mismatch: the Arabic line says 2786; the article says 2687"
    assert flags[1].message == "number mismatch: English says 2687; the Arabic line says 2786"
    assert flags[2].message == "number mismatch: English says 14; the Arabic line says 2786"


def test_arabic_line_is_checked_against_its_own_source_sentences():
    article = "قتل 40 شخصا في الهجوم. وأصيب 12 آخرون."
    lines = ["هجوم", "وأصيب 40 آخرون"]  # 40 is in the article, not in the sentence the bullet came from
    assert check_brief(article, lines, None, generated=False) == []  # the whole article as evidence
    flags = check_brief(article, lines, None, generated=False,
                        line_sources=["قتل 40 شخصا في الهجوم.", "وأصيب 12 آخرون."])
    assert [(f.line, f.lang, f.message) for f in flags] == [
        ("bullet 1", "ar", "number mismatch: the Arabic line says 40; its source sentences say 12")]
    right = check_brief(article, ["هجوم", "وأصيب 12 آخرون"], None, generated=False,
                        line_sources=["قتل 40 شخصا في الهجوم.", "وأصيب 12 آخرون."])
    assert right == []


class _Fixed:
    """A summarizer that returns a set summary: bullet 1 from sentence 1, with sentence 0's number."""
    name, model = "fixed", None

    def __init__(self, bullet):
        self.bullet = bullet

    def summarize_batch(self, documents, num_bullets, **options):
        return [Summary(headline=doc[0].text, headline_sources=[0], bullets=[self.bullet], sources=[[1]])
                for doc in documents]


def test_pipeline_checks_each_bullet_against_the_sentences_it_came_from():
    article = "قتل 40 شخصا في الهجوم على القرية. وأصيب 12 آخرون بجروح مختلفة في المستشفى."
    brief = BriefPipeline(summarizer=_Fixed("وأصيب 40 آخرون بجروح"), translator_model="")(article)
    assert [(f.line, f.lang) for f in brief.flags] == [("bullet 1", "ar")]
    assert "its source sentences say 12" in brief.flags[0].message
    brief = BriefPipeline(summarizer=_Fixed("وأصيب 12 آخرون بجروح"), translator_model="")(article)
    assert brief.flags == []


def test_seed_brief_has_no_unsupported_number(seed_text):
    import summarizer

    brief = summarizer.brief(seed_text, translator_model="")
    assert [f for f in brief.flags if "number" in f.message] == []


def test_repetition_loop():
    assert repetition_loop("the the the the cat") == "the"
    assert repetition_loop("وقال إن وقال إن وقال إن وقال إن وقال إن") is not None
    assert repetition_loop("Russian planes struck targets near Deir ez-Zor on Tuesday.") is None


def test_loop_checked_only_for_generated_arabic():
    looping = "مناطق تخفيف التوتر مناطق تخفيف التوتر مناطق تخفيف التوتر مناطق تخفيف التوتر"
    assert check_brief(looping, ["عنوان", looping], None, generated=False) == []
    flags = check_brief(looping, ["عنوان", looping], None, generated=True)
    assert [(f.line, f.lang) for f in flags] == [("bullet 1", "ar")]


def test_untranslated_arabic_in_english_line_is_flagged():
    flags = check_brief("قال الوزير", ["قال الوزير"], ["قال الوزير said"], generated=False)
    assert [(f.line, f.lang) for f in flags] == [("headline", "en")]
    assert "not English" in flags[0].message
    assert check_brief("قال الوزير", ["قال الوزير"], ["The minister said"], generated=False) == []


# -- planted errors --------------------------------------------------------------------

def test_planting_changes_what_it_says():
    rng = random.Random(0)
    assert plant("Losses of 2 billion dollars", "million <-> billion", rng) == "Losses of 2 million dollars"
    assert plant("خسائر بقيمة 2 مليار", "million <-> billion", rng, "ar") == "خسائر بقيمة 2 مليون"
    assert plant("no numbers here", "number changed", rng) is None
    changed = plant("It rose to 2687", "number changed", rng)
    assert changed != "It rose to 2687" and len(changed) == len("It rose to 2687")
    assert plant("وصل ثلاثة وزراء", "number word replaced", rng, "ar") != "وصل ثلاثة وزراء"


def test_planted_errors_are_caught_in_golden_pairs():
    pairs = [(ar, right) for _, ar, right, _ in GOLDEN] + [
        ("بلغت الخسائر 2 مليار دولار ومليون دولار", "Losses reached 2 billion dollars and a million dollars"),
        ("يعيش هناك 3 ملايين شخص في خمس مدن", "3 million people live there in five cities"),
        ("قتل سبعة أشخاص وأصيب عشرة", "Seven people were killed and ten wounded")]
    rates = catch_rates([ar for ar, _ in pairs], [en for _, en in pairs])
    print({f"{side} {kind}": f"{c}/{p}" for (side, kind), (c, p) in rates.items()})
    assert len(rates) == 2 * len(PLANTINGS)
    for (side, kind), (caught, planted) in rates.items():
        assert planted >= 10, (side, kind)
        assert caught / planted >= 0.95, (side, kind, caught, planted)


# -- FLORES dev (../shared) --------------------------------------------------------------

def _flores(name):
    return (FLORES / name).read_text(encoding="utf-8").rstrip("\n").split("\n")


@needs_flores
def test_flores_reference_is_rarely_flagged_on_either_half():
    from eval.faithfulness import audit

    src, ref = _flores("flores-dev.ar"), _flores("flores-dev.en")
    lines = {n for n, _ in audit(src, ref)[0]}
    assert len(lines) <= 0.01 * len(src)
    for half in (1, 0):  # odd lines, even lines
        part = [n for n in range(1, len(src) + 1) if n % 2 == half]
        assert len(lines.intersection(part)) <= 0.01 * len(part)


@needs_flores
@pytest.mark.slow  # plants errors into a thousand FLORES lines (about 1.3 s)
def test_flores_planted_errors_are_caught():
    rates = catch_rates(_flores("flores-dev.ar"), _flores("flores-dev.en"))
    print({f"{side} {kind}": f"{c}/{p}" for (side, kind), (c, p) in rates.items()})
    for (side, kind), (caught, planted) in rates.items():
        assert planted >= 10, (side, kind)
        assert caught / planted >= 0.95, (side, kind, caught, planted)


# -- the audit command --------------------------------------------------------------------

def _files(tmp_path, ar, en, name="t"):
    src, hyp = tmp_path / f"{name}.ar", tmp_path / f"{name}.en"
    src.write_text("\n".join(ar) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(en) + "\n", encoding="utf-8")
    return src, hyp


AR3 = ["قتل 30 ألف شخص", "بلغت الخسائر 2 مليار دولار", "سجل هدفين"]
EN3 = ["30,000 people were killed", "Losses reached $2 million", "He scored two goals"]


def test_audit_prints_flagged_lines_time_and_exact_last_line(tmp_path, capsys):
    src, hyp = _files(tmp_path, AR3, EN3)
    assert main(["faithfulness", "--src", str(src), "--hyp", str(hyp)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "flagged 1 of 3 lines (33.3%)"
    assert out[-2].startswith("average check time: ") and " ms per line" in out[-2]
    assert "line 2" in out and "  en: Losses reached $2 million" in out
    assert "  - number mismatch: English says 2 million; the Arabic line says 2 مليار (billion)" in out
    assert not any(line.startswith(("line 1", "line 3")) for line in out)


def test_audit_writes_one_json_object_per_flagged_line(tmp_path, capsys):
    src, hyp = _files(tmp_path, AR3 + ["حدث أمس"], EN3 + ["It happened in 1999"])
    out = tmp_path / "flags" / "flags.jsonl"
    assert main(["faithfulness", "--src", str(src), "--hyp", str(hyp), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == [
        {"line": 2, "flags": ["number mismatch: English says 2 million; the Arabic line says 2 مليار (billion)"]},
        {"line": 4, "flags": ["number mismatch: English says 1999; the Arabic line has no number"]}]
    assert capsys.readouterr().out.strip().splitlines()[-1] == "flagged 2 of 4 lines (50.0%)"


def test_audit_with_nothing_flagged(tmp_path, capsys):
    src, hyp = _files(tmp_path, AR3[:1], EN3[:1])
    assert main(["faithfulness", "--src", str(src), "--hyp", str(hyp)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "flagged 0 of 1 lines (0.0%)"


def test_audit_reports_loops_and_arabic_script_too(tmp_path, capsys):
    src, hyp = _files(tmp_path, ["قال الوزير", "قال الوزير"],
                      ["the the the the minister said", "قال الوزير said"])
    assert main(["faithfulness", "--src", str(src), "--hyp", str(hyp)]) == 0
    out = capsys.readouterr().out
    assert "translation loop" in out and "not English" in out
    assert out.strip().splitlines()[-1] == "flagged 2 of 2 lines (100.0%)"


@pytest.mark.parametrize("problem", ["missing", "mismatch", "not utf-8", "empty", "out is input", "out unwritable"])
def test_audit_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys, problem):
    src, hyp = _files(tmp_path, AR3, EN3)
    args = ["faithfulness", "--src", str(src), "--hyp", str(hyp)]
    if problem == "missing":
        args[4] = str(tmp_path / "nope.en")
    elif problem == "mismatch":
        hyp.write_text("one line\n", encoding="utf-8")
    elif problem == "not utf-8":
        hyp.write_bytes(b"\xff\xfe\xc3\x28 bad\n" * 3)
    elif problem == "empty":
        src.write_text("", encoding="utf-8")
        hyp.write_text("", encoding="utf-8")
    elif problem == "out is input":
        args += ["--out", str(hyp)]
    else:
        args += ["--out", str(hyp / "flags.jsonl")]  # a folder that is a file
    before = hyp.read_bytes() if hyp.exists() else None
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert {"missing": "not found", "mismatch": "line counts differ", "not utf-8": "not UTF-8", "empty": "empty",
            "out is input": "overwrite", "out unwritable": "cannot write --out"}[problem] in err[0]
    assert (hyp.read_bytes() if hyp.exists() else None) == before  # inputs never modified


def test_audit_results_md_audits_published_outputs_beside_hyp(tmp_path, capsys):
    src, hyp = _files(tmp_path, AR3, EN3, name="dev")
    (tmp_path / "dev.other.en").write_text("30 people were killed\nLosses reached $2bn\nHe scored two goals\n",
                                           encoding="utf-8")
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\nkept text\n", encoding="utf-8")
    assert main(["faithfulness", "--src", str(src), "--hyp", str(hyp), "--results-md", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert "kept text" in text and "<!-- BEGIN faithfulness -->" in text and "<!-- END faithfulness -->" in text
    assert "| dev.en (checked) | 1 of 3 | 33.3% | 0.0% | 100.0% |" in text
    assert "| published: other | 1 of 3 | 33.3% | 50.0% | 0.0% |" in text
    assert "| million <-> billion |" in text
    assert "| translation | number changed | digit dropped or added | million <-> billion | number word replaced |" \
        in text and "\n| published: other | " in text.split("each published system's English")[1]
    assert capsys.readouterr().out.strip().splitlines()[-1] == "flagged 1 of 3 lines (33.3%)"
