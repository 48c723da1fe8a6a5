"""Clean cuts of Arabic sentences: datelines, frames, time phrases, clause trims; never inside quotes or phrases."""
import pytest

from summarizer.summarize.clauses import dateline_end, trim_to_clause, words_of
from summarizer.summarize.headline import MAX_SHARE, PREPOSITIONS, candidates, opens_with_frame


def texts(sentence: str, max_words: int = 20) -> list[str]:
    return [c.text for c in candidates(words_of(sentence), max_words)]


@pytest.mark.parametrize("text, story", [
    ("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت السلطات اليوم عن إطلاق قمر صناعي جديد.", "أعلنت السلطات"),
    ("القاهرة - قال المتحدث باسم الوزارة إن الوزير سيزور واشنطن الأسبوع المقبل.", "قال المتحدث"),
    ("(رويترز) - ارتفعت أسعار النفط اليوم بعد قرار أوبك خفض الإنتاج.", "ارتفعت أسعار"),
    ("(CNN)--أعلنت الشرطة القبض على المشتبه به في الهجوم الذي وقع أمس.", "أعلنت الشرطة"),
    ("باريس (أ ف ب) - أعلن الرئيس الفرنسي عن خطة جديدة لدعم الاقتصاد الوطني.", "أعلن الرئيس"),
    ("كتب - محمد علي: شهدت البورصة المصرية ارتفاعا كبيرا في تعاملات اليوم الأحد.", "شهدت البورصة"),
])
def test_datelines_and_bylines_are_found(text, story):
    assert text[dateline_end(text):].startswith(story)


@pytest.mark.parametrize("text", [
    "كيم جونغ - أون يلتقي ترامب في سنغافورة الشهر المقبل لبحث الملف النووي.",
    "فجرت كوريا الشمالية - حسب مصادر - قنبلة جديدة اليوم في موقع التجارب.",
    "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية.",
])
def test_no_dateline_where_there_is_none(text):
    assert dateline_end(text) == 0


def test_frames_and_time_phrases_can_go():
    options = texts("قال وزير العدل غازي الجريبي اليوم الاثنين إن جميع سجون تونس تشهد حالة من الاكتظاظ.")
    assert "جميع سجون تونس تشهد حالة من الاكتظاظ" in options  # after the attribution frame
    # The title form `الجهة: الخبر` keeps the speaker without the frame, and the day goes.
    assert "وزير العدل غازي الجريبي: جميع سجون تونس تشهد حالة من الاكتظاظ" in options
    assert not any(o.startswith("قال") for o in options)  # a title does not open with a reporting frame
    options = texts("تمكنت الوحدات الأمنية، اليوم السبت، من القبض على عصابة مختصة في سرقة المواشي بالجهة.")
    assert any(o.startswith("القبض على عصابة") for o in options)  # after the support verb's frame
    options = texts("نما اقتصاد الولايات المتحدة، خلال الربع الثاني، بأسرع وتيرة منذ نحو أربع سنوات.")
    assert "نما اقتصاد الولايات المتحدة بأسرع وتيرة منذ نحو أربع سنوات" in options  # the aside dropped


def test_candidates_are_clean():
    sentence = ('وقال المتحدث باسم الجيش إن "القوات لم تتمكن من دخول المدينة بسبب الألغام" وأضاف أن العمليات '
                'مستمرة وأن آلاف المدنيين لم يحصلوا على المساعدات منذ أسابيع في الريف الشمالي.')
    n = len(sentence.split())
    options = candidates(words_of(sentence), 14)
    assert options
    for c in options:
        assert 4 <= len(c.kept) <= min(14, MAX_SHARE * n)
        assert c.text.count('"') % 2 == 0  # a quote is shown whole, or cut without its marks
        assert c.text.split()[-1] not in PREPOSITIONS and not c.text.endswith("يحصلوا")
        source = [w.rstrip("،.").strip('"') for w in sentence.split()]
        assert all(w.rstrip(":").strip('"') in source for w in c.text.split())  # whole words (speaker:)
        assert not c.text.startswith(("وقال", "قال"))


@pytest.mark.parametrize("text, expected", [
    # An attribution frame keeps what was said.
    ("وقال بنك كومنولث أستراليا، في جلسة تحقيق علانية، إن مسؤوليه فرضوا رسوما على عملاء متوفين.", None),
    # A fronted adverbial is not a bullet on its own.
    ("في حكم تاريخي، قررت المحكمة العليا في الهند اعتبار المثلية غير مجرمة، وهو ما أثار جدلا واسعا.",
     "في حكم تاريخي، قررت المحكمة العليا في الهند اعتبار المثلية غير مجرمة"),
    # Commas inside a quote do not end it.
    ('وقال الوزير: "الوضع صعب، لكننا سننجح في النهاية بإذن الله"، وغادر القاعة بعد ذلك.',
     'وقال الوزير: "الوضع صعب، لكننا سننجح في النهاية بإذن الله"'),
    # Too short a first clause: kept whole.
    ("ارتفعت الأسعار، وتراجع الطلب في الأسواق المحلية بشكل ملحوظ.", None),
    ("وطالب نواب في البرلمان الحكومة بتوفير الأدوية، بحسب ما نقلت صحف محلية.",
     "وطالب نواب في البرلمان الحكومة بتوفير الأدوية"),
    # A comma between a long subject and its predicate is no clause end.
    ('وأضاف الخبراء أن "العلاجات" التي تقدمها بعض العيادات الخاصة في بريطانيا، قد تسبب أضرارا كبيرة للنساء.', None),
    # Nor is the comma that closes a relative clause inside the sentence.
    ("وعانى ليفربول، الذي يلعب له النجم المصري محمد صلاح، من ظلم تحكيمي كبير في الموسم الماضي، بحسب الدراسة.",
     "وعانى ليفربول، الذي يلعب له النجم المصري محمد صلاح، من ظلم تحكيمي كبير في الموسم الماضي"),
])
def test_trim_to_clause(text, expected):
    assert trim_to_clause(text, 6) == (expected or text)


@pytest.mark.parametrize("sentence, speaker", [
    ("أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 مسلحا في غارة على ريف إدلب الجنوبي.", "وزارة الدفاع الروسية:"),
    ("قال الرئيس الأمريكي في تغريدة إنه سيلتقي نظيره الروسي الشهر المقبل في العاصمة الفنلندية.", "الرئيس الأمريكي:"),
    # A verb with a noun object or a governed preposition: the speaker first, the verb in the present.
    ("أكدت الهند مقتل 39 عامل بناء كان مسلحون قد اختطفوهم في العراق قبل أربع سنوات.", "الهند تؤكد مقتل"),
    ("نفت السلطات التركية صحة التقارير التي أفادت بأنها سلمت تسجيلات للولايات المتحدة.", "السلطات التركية تنفي صحة"),
    ("أعربت كندا عن قلقها الشديد إزاء تجميد المملكة العربية السعودية للتعاملات التجارية.", "كندا تعرب عن قلقها"),
    ("أفادت مصادر أمنية تركية الجمعة بمقتل ستة من عناصر الأمن في هجوم قرب قاعدة عسكرية.", "مصادر أمنية تركية تفيد بمقتل"),
    ("أعلن رئيس اللجنة العليا للانتخابات، سعدي غوفن، فوز أردوغان بولاية ثانية في الانتخابات الرئاسية.",
     "رئيس اللجنة العليا للانتخابات يعلن فوز"),
    # A long title and name is named by the name; the claim may open with a quote.
    ('قال وزير التكوين المهني والتشغيل حافظ العموري لمراسل الإذاعة إن "المشروع سينطلق قبل نهاية العام".',
     'حافظ العموري: "المشروع سينطلق'),
])
def test_reporting_frame_becomes_the_title_form(sentence, speaker):
    options = candidates(words_of(sentence), 14)
    assert any(c.text.startswith(speaker) and c.start == "source" for c in options)
    assert not any(opens_with_frame(words_of(sentence), c.kept) for c in options if c.start != "source")


def test_a_reported_quote_may_be_cut_and_then_loses_its_marks():
    """قال X "إن ...": behind `X:` the title may give what was said up to a clean cut, without the marks."""
    sentence = ('أكد وزير التجارة، الإثنين، خلال لقاء مع وفد من صندوق النقد الدولي "أن تونس تعمل حاليا '
                'على اعادة النظر في منظومة الدعم برمتها لمزيد ترشيد النفقات العمومية".')
    sources = [c.text for c in candidates(words_of(sentence), 14) if c.start == "source"]
    assert "وزير التجارة: تونس تعمل حاليا على اعادة النظر" in sources
    assert not any(q in t for t in sources for q in '"«»“”')
    # A whole quote keeps its marks.
    whole = 'قال وزير الصحة إن "الوضع الوبائي مستقر".'
    assert 'وزير الصحة: "الوضع الوبائي مستقر"' in [c.text for c in candidates(words_of(whole), 14)]


@pytest.mark.parametrize("sentence, subject", [
    # A name after a title is part of the speaker, never the verb's object: no `المغنية النمساوية: كونشيتا ...`.
    ("أعلنت المغنية النمساوية كونشيتا فورست عن إصابتها بالمرض في رسالة إلى معجبيها على الإنترنت.",
     "المغنية النمساوية كونشيتا فورست تعلن عن إصابتها"),
    ("أعلنت الممثلة الأمريكية جينيفر أنيستون انفصالها عن زوجها بعد زواج دام عامين ونصف العام.",
     "الممثلة الأمريكية جينيفر أنيستون تعلن انفصالها عن زوجها"),
    ("أعلن الرئيس الأمريكي دونالد ترامب انسحاب بلاده من الاتفاق النووي مع إيران.",
     "الرئيس الأمريكي دونالد ترامب يعلن انسحاب بلاده"),  # a verbal noun (انسحاب) ends the name
    ("أعلن الرئيس الأمريكي دونالد ترامب قرارا جديدا بشأن الهجرة غير الشرعية إلى بلاده.", None),
])
def test_a_name_stays_with_its_speaker(sentence, subject):
    sources = [c.text for c in candidates(words_of(sentence), 14) if c.start == "source"]
    if subject is None:  # title, name and object cannot be told apart safely: no subject-first form
        assert not sources
    else:
        verb = next(v for v in (" تعلن ", " يعلن ") if v in subject)
        assert sources and all(t.startswith(subject.split(verb)[0] + verb) for t in sources)
        assert any(t.startswith(subject) for t in sources)


