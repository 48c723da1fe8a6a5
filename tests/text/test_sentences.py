"""Sentence splitting: golden cases (the seed among them), offsets and sub-headlines, and the cases
users met: abbreviations, era marks, quotes, long units; clause cuts."""
import pytest

from summarizer.text.sentences import MAX_QUOTE_CHARS, MAX_SENTENCE_WORDS, cut_at_clause, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    # Compound abbreviations are one token: no split inside أ.د. or ص.ب.
    ("قال أ.د. محمد علي إن الجامعة ستفتح أبوابها. وأضاف أن التسجيل يبدأ غدا.",
     ["قال أ.د. محمد علي إن الجامعة ستفتح أبوابها.", "وأضاف أن التسجيل يبدأ غدا."]),
    ("راسلونا على ص.ب. 1234 في عمان. شكرا لكم.", ["راسلونا على ص.ب. 1234 في عمان.", "شكرا لكم."]),
    ("وقعت الحرب عام 500 ق.م. في تلك المنطقة", ["وقعت الحرب عام 500 ق.م.", "في تلك المنطقة"]),
    ("ذكرت شبكة سي.إن.إن. الخبر", ["ذكرت شبكة سي.إن.إن. الخبر"]),
    # After a number, م هـ ص with a dot end the sentence.
    ("ولد عام 1850 م. وتوفي عام 1911 م. ودفن في القاهرة.",
     ["ولد عام 1850 م.", "وتوفي عام 1911 م.", "ودفن في القاهرة."]),
    ("توفي الإمام سنة 241 هـ. وكان قد ولد في بغداد.", ["توفي الإمام سنة 241 هـ.", "وكان قد ولد في بغداد."]),
    ("يبدأ الاجتماع الساعة ١٠ ص. ويستمر حتى الظهر.", ["يبدأ الاجتماع الساعة ١٠ ص.", "ويستمر حتى الظهر."]),
    # Without a number before them they are still abbreviations (Dr., p.).
    ("التقى د. أحمد بالوفد. انظر ص. 12 من التقرير.", ["التقى د. أحمد بالوفد.", "انظر ص. 12 من التقرير."]),
    # A stop with the next sentence glued to it still splits; dotted names do not.
    ("يرجعه البعض إلى نوح.و تعني كلمة العود الخشب .فالعود آلة وترية.",
     ["يرجعه البعض إلى نوح.", "و تعني كلمة العود الخشب .", "فالعود آلة وترية."]),
    ("زوروا موقع بي بي سي.كوم للمزيد", ["زوروا موقع بي بي سي.كوم للمزيد"]),
    # An unclosed « and a reversed ”…“ pair quote nothing.
    ("قال «إن الوضع صعب. وانتهى الأمر. ثم غادر.", ["قال «إن الوضع صعب.", "وانتهى الأمر.", "ثم غادر."]),
    ("قال ”الوضع صعب“. وانتهى الأمر. ثم غادر.", ["قال ”الوضع صعب“.", "وانتهى الأمر.", "ثم غادر."]),
    # A quote's own final stop ends the sentence; stops inside it do not.
    ('وقال: "كان الأمر للمتعة. فقط." وأضاف "لا تحزن".', ['وقال: "كان الأمر للمتعة. فقط."', 'وأضاف "لا تحزن".']),
    ("قال: “الوضع صعب. لكننا سننجح.” وغادر.", ["قال: “الوضع صعب. لكننا سننجح.”", "وغادر."]),
])
def test_split_cases(text, expected):
    assert texts(text) == expected


def test_quote_scope_is_bounded():
    # A closer far beyond MAX_QUOTE_CHARS does not swallow the sentences in between.
    filler = " ".join(["جملة قصيرة هنا."] * (MAX_QUOTE_CHARS // 10))
    line = "قال «" + filler + " نهاية»."
    assert len(split_sentences(line)) > MAX_QUOTE_CHARS // 20


@pytest.mark.parametrize("joiner", [" ", "، ", " و"])
def test_overlong_unit_is_cut_at_clauses_with_offsets(joiner):
    text = joiner.join(["قال الوزير إن الحكومة ستدعم المزارعين في الريف"] * 700)  # ~5,600 words, no stop
    sentences = split_sentences(text)
    assert len(sentences) >= len(text.split()) // MAX_SENTENCE_WORDS
    assert max(len(s.text.split()) for s in sentences) <= MAX_SENTENCE_WORDS
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and not s.text.startswith("،")
    # Nothing lost: the pieces cover every word, in order.
    assert " ".join(s.text for s in sentences).split() == text.split()
    if joiner == "، ":
        assert all(s.text.endswith("،") for s in sentences[:-1])  # cut after a comma, not mid-clause
    if joiner == " و":
        assert all(s.text.startswith("و") for s in sentences[1:])  # cut before the conjunction


def test_numbers_with_separators_are_never_cut():
    text = " ".join(["بلغ عدد الضربات 2,687 ضربة في المنطقة"] * 60)
    for s in split_sentences(text):
        assert not s.text.startswith("687")


def test_hard_wrapped_text_is_rejoined_and_short_lines_are_not_headings():
    # A newspaper column wrapped at ~60 characters: the breaks are the wrap's, not the writer's.
    paragraph = ("أعلنت الهيئة العامة للاتصالات اليوم عن طرح وثيقة جديدة تدعو فيها الأطراف المعنية "
                 "والجمهور إلى إبداء مرئياتهم حول ترخيص خدمات الهاتف الجوال والمعطيات في المملكة. "
                 "وقالت الهيئة إن الوثيقة تتضمن أسئلة كثيرة تتعلق بالترخيص والتسعير والتغطية "
                 "وإن الردود ستدرس بعناية قبل منح التراخيص الجديدة للشركات الراغبة في تقديم الخدمة.")
    lines, line = [], ""
    for word in paragraph.split():
        if len(line) + len(word) + 1 > 60:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    text = "\n".join(lines)
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        paragraph[:paragraph.index("المملكة.") + len("المملكة.")],
        paragraph[paragraph.index("وقالت"):]]
    assert not any(s.is_heading for s in sentences)
    for s in sentences:  # offsets still point into the text: the newline reads as a space
        assert text[s.start:s.end].replace("\n", " ") == s.text


def test_unwrapped_lines_keep_their_sub_headlines():
    text = ("خبر أول طويل نسبيا عن الاجتماع الذي عقد اليوم في العاصمة بحضور الوزراء.\n"
            "عنوان فرعي\nتفاصيل الخبر الثاني وما قاله المسؤولون عن نتائج الاجتماع.\n-----\n\ufeff\n"
            "وختام الخبر هنا.")
    sentences = split_sentences(text)
    assert [(s.text, s.section) for s in sentences] == [
        ("خبر أول طويل نسبيا عن الاجتماع الذي عقد اليوم في العاصمة بحضور الوزراء.", 0),
        ("عنوان فرعي", 1), ("تفاصيل الخبر الثاني وما قاله المسؤولون عن نتائج الاجتماع.", 1),
        ("وختام الخبر هنا.", 1)]


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
