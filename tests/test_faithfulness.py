"""Numbers must come from the source; loops are caught; each problem is a flag on its line."""
from summarizer.faithfulness import check_brief, repetition_loop, unsupported_numbers


def test_arabic_indic_digits_equal_ascii():
    assert unsupported_numbers("قتل ٤٠ شخصا", "قتل 40 شخصا") == []
    assert unsupported_numbers("killed 40", "قتل ٤٠ شخصا") == []
    assert unsupported_numbers("2,687 strikes", "٢٦٨٧ ضربة") == []


def test_planted_wrong_number_is_flagged_on_its_line():
    source = "نفذت الطائرات 1417 طلعة قتالية وجهت خلالها 2687 ضربة."
    lines_ar = ["الطائرات نفذت 1417 طلعة", "وجهت الطائرات 2786 ضربة"]  # 2786 is planted
    lines_en = ["Planes flew 1417 sorties", "Planes carried out 2687 strikes in 14 days"]  # 2687 is not in its AR line
    flags = check_brief(source, lines_ar, lines_en, generated=False)
    assert [(f.line, f.lang) for f in flags] == [("bullet 1", "ar"), ("bullet 1", "en")]
    assert "2786" in flags[0].message
    assert "2687" in flags[1].message and "14" in flags[1].message


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
