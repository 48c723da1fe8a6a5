"""The brief as a reader gets it (eval/reading.py): frames, repetition, the lead cut, the measures and tables."""
import numpy as np
import pytest

from eval.reading import (
    Read,
    bullets_repeat,
    holds_most,
    measure,
    opening,
    opens_with_frame,
    repeats_headline,
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
