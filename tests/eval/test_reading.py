"""The brief as a reader gets it (eval/reading.py): frames, repetition, the lead cut, the measures and tables."""
import numpy as np
import pytest

from eval.reading import (
    Read,
    begins_inside,
    bullet_measures,
    bullets_repeat,
    find_bullet,
    holds_most,
    inside_not_at_clause,
    measure,
    opening,
    opens_with_frame,
    repeats_headline,
    short_fragment,
    summarize,
    tables,
)


@pytest.mark.parametrize("text", [
    "أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 مسلحا",
    "وقال المتحدث باسم الحكومة إن الاجتماع تأجل",
    "قالت الشرطة إنها اعتقلت ثلاثة أشخاص",
    "حسب مصادر مطلعة، سيعلن القرار غدا",
    "«أكد الرئيس أن البلاد تجاوزت الأزمة»",
    "يقول خبراء إن الأسعار سترتفع",
])
def test_reporting_and_attribution_frames(text):
    assert opens_with_frame(text)


@pytest.mark.parametrize("text", [
    "وزارة الدفاع الروسية: سلاح الجو قضى على 40 مسلحا",
    "قالب حلوى عملاق يدخل موسوعة غينيس",  # starts like قال, is not the verb
    "الحكومة تعلن خطة جديدة لدعم المزارعين",
    "مقتل 39 عاملا اختطفهم مسلحون في العراق",
])
def test_titles_without_a_frame(text):
    assert not opens_with_frame(text)


def test_holding_most_of_the_content_words():
    headline = "الحكومة تقر ميزانية جديدة للتعليم"
    assert holds_most(headline, "أقرت الحكومة ميزانية جديدة للتعليم والصحة")  # 4 of 5 content words
    assert not holds_most(headline, "قال وزير المالية إن العجز سينخفض")
    assert not holds_most("", "أي شيء")  # nothing to hold
    assert repeats_headline(headline, ["خبر آخر تماما", "الحكومة تقر ميزانية جديدة"])
    assert not repeats_headline(headline, ["خبر آخر تماما"])
    assert bullets_repeat(["انفجار في الميناء يقتل عشرة", "عشرة قتلى في انفجار الميناء"])
    assert not bullets_repeat(["انفجار في الميناء يقتل عشرة", "الأسهم ترتفع في البورصة"])


def test_the_opening_is_cut_across_sentences():
    sentences = ["واحد اثنان ثلاثة.", "أربعة خمسة ستة."]
    assert opening(sentences, 2) == "واحد اثنان"
    assert opening(sentences, 4) == "واحد اثنان ثلاثة. أربعة"
    assert opening(sentences, 10) == "واحد اثنان ثلاثة. أربعة خمسة ستة."


def test_measures_beside_their_baselines():
    sentences = ["أعلنت الوزارة أن المدارس تغلق غدا بسبب العاصفة.", "وتتوقع الأرصاد أمطارا غزيرة."]
    same = Read(sentences, "أعلنت الوزارة أن المدارس", ["تغلق غدا بسبب العاصفة."],
                title="المدارس تغلق غدا", references=["المدارس تغلق غدا بسبب العاصفة"])
    other = Read(sentences, "المدارس تغلق غدا", ["وتتوقع الأرصاد أمطارا غزيرة."],
                 title="المدارس تغلق غدا", references=["المدارس تغلق غدا بسبب العاصفة"])
    m = measure([same, other])
    # The first brief is the opening itself: no gain over the opening cut to its words.
    assert m["brief"]["ours"][0] == pytest.approx(m["brief"]["lead_cut"][0])
    assert m["headline"]["ours"][1] == pytest.approx(1.0)  # the headline is the title
    assert m["headline"]["ours"][1] > m["headline"]["lead_cut"][1] and m["headline"]["ours"][1] > m["headline"]["first"][1]
    assert list(m["headline"]["words"]) == [4, 3] and list(m["headline"]["title_words"]) == [3, 3]
    assert list(m["reading"]["frame"]) == [1.0, 0.0]
    assert list(m["reading"]["repeats_headline"]) == [0.0, 0.0]
    s = summarize(m, samples=200)
    assert s["headline"]["words"]["value"] == 3.5 and s["reading"]["frame"]["value"] == 0.5
    assert s["headline"]["ours_minus_lead_cut"]["diff"] > 0
    assert s["brief"]["ours"]["low"] <= s["brief"]["ours"]["value"] <= s["brief"]["ours"]["high"]
    text = tables([("ours", s)])
    assert "Whole brief" in text and "Headline vs the real title" in text and "Repetition and frames" in text
    assert "| 50.00 (0.0–100.0) |" in text  # the frame share with its interval


def test_headline_only_items_measure_no_repetition():
    m = measure([Read(["جملة أولى طويلة بما يكفي."], "جملة أولى", [], title="جملة أولى")])
    assert "brief" not in m and set(m["reading"]) == {"frame"}
    assert "– | – |" in tables([("titles only", summarize(m, samples=0))])
    assert np.isnan(summarize(m, samples=0)["headline"]["ours"]["low"])


LEAD = ("أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 إرهابيا من تنظيم “داعش” بغارة جوية شنتها طائرات "
        "مقاتلة في محيط مدينة دير الزور، حيث يتحصن مئات المسلحين منذ أشهر طويلة.")
ARTICLE = [LEAD, "وأضاف البيان أن الغارة دمرت مركز القيادة.", "وقتل قائد بارز."]


def test_a_bullet_is_found_in_its_source_sentence_or_any_other():
    found = find_bullet(ARTICLE, "من تنظيم “داعش” بغارة جوية", [0])
    assert (found.sentence, found.start, found.end) == (0, 11, 16)
    assert find_bullet(ARTICLE, "وقتل قائد بارز", [0]).sentence == 2  # a wrong source: found elsewhere
    assert find_bullet(ARTICLE, "وأضاف البيان أن الغارة دمرت مركز القيادة.", [1]).start == 0
    assert find_bullet(ARTICLE, "خبر لم يرد في المقال", [0]) is None  # a generated bullet


@pytest.mark.parametrize("bullet, inside, not_at_clause", [
    ("من تنظيم “داعش” بغارة جوية شنتها طائرات مقاتلة في محيط مدينة دير الزور", True, True),  # after a preposition
    ("حيث يتحصن مئات المسلحين منذ أشهر طويلة.", True, False),  # a clause starts there
    ("أن سلاح الجو قضى على 40 إرهابيا", True, False),  # a complementizer's clause
    ("وأضاف البيان أن الغارة دمرت مركز القيادة.", False, False),  # the whole sentence
])
def test_where_a_bullet_begins_in_its_sentence(bullet, inside, not_at_clause):
    found = find_bullet(ARTICLE, bullet, [0])
    assert begins_inside(found) is inside
    assert inside_not_at_clause(found, ARTICLE) is not_at_clause


def test_a_rest_inside_a_conjunct_or_at_an_object_begins_at_no_clause():
    sentences = ["تعلن السلطات عزمها وضع سقف لأجور الممثلين لمكافحة الجشع والتهرب الضريبي في قطاع إنتاج الأفلام.",
                 "وقع رئيس جنوب السودان سلفا كير وقائد التمرد رياك مشار اتفاق سلام في أديس أبابا."]
    for bullet, i in (("والتهرب الضريبي في قطاع إنتاج الأفلام.", 0), ("رياك مشار اتفاق سلام في أديس أبابا.", 1)):
        assert inside_not_at_clause(find_bullet(sentences, bullet, [i]), sentences)


def test_a_short_bullet_must_be_a_whole_sentence():
    assert short_fragment("من تنظيم “داعش” بغارة جوية", find_bullet(ARTICLE, "من تنظيم “داعش” بغارة جوية", [0]))
    assert not short_fragment("وقتل قائد بارز.", find_bullet(ARTICLE, "وقتل قائد بارز.", [2]))  # whole, 3 words
    assert short_fragment("خبر قصير مولد", None)  # in no sentence
    long = "حيث يتحصن مئات المسلحين منذ أشهر طويلة في المدينة"
    assert not short_fragment(long, None)  # over six words: the other measure's business


def test_a_dateline_is_not_the_start_of_a_sentence():
    sentences = ["القاهرة (رويترز) - ارتفعت أسعار الذهب في مصر اليوم."]
    bullet = "ارتفعت أسعار الذهب في مصر اليوم."  # six words: the whole story of its sentence
    found = find_bullet(sentences, bullet, [0])
    assert not begins_inside(found) and not short_fragment(bullet, found)
    assert short_fragment("أسعار الذهب في مصر", find_bullet(sentences, "أسعار الذهب في مصر", [0]))


def test_bullet_measures_and_their_table():
    read = Read(ARTICLE, "وزارة الدفاع الروسية: سلاح الجو قضى على 40 إرهابيا",
                ["من تنظيم “داعش” بغارة جوية", "حيث يتحصن مئات المسلحين منذ أشهر طويلة.", "وقتل قائد بارز."],
                sources=[[0], [0], [2]])
    m = bullet_measures([read])
    assert list(m["begins_inside"]) == [1, 1, 0] and list(m["inside_not_at_clause"]) == [1, 0, 0]
    assert list(m["short_fragment"]) == [1, 0, 0]
    s = summarize(measure([read]), samples=0)
    assert s["bullets"]["inside_not_at_clause"]["value"] == pytest.approx(1 / 3)
    text = tables([("ours", s)])
    assert "Bullets read alone" in text and "| ours | 3 | 66.67 | 33.33 | 33.33 |" in text
