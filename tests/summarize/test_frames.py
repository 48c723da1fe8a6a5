"""Reporting frames: the verbs in every form, their present tense, and how a frame is read."""
import pytest

from summarizer.summarize.clauses import present_tense, report_verb, words_of
from summarizer.summarize.frames import read_frame


@pytest.mark.parametrize("verb, present", [
    ("أعلنت", "تعلن"), ("وأعلن", "يعلن"), ("نفت", "تنفي"), ("نفى", "ينفي"), ("أكّد", "يؤكد"), ("دعت", "تدعو"),
    ("قالوا", None), ("تقول", "تقول"), ("مقتل", None), ("وقال", "يقول"),
])
def test_present_tense_keeps_gender_and_refuses_plurals(verb, present):
    assert present_tense(verb) == present


def test_every_form_of_a_verb_reads_as_one_verb():
    assert {report_verb(w) for w in ["أعلن", "أعلنت", "وأعلنت", "أعلنوا", "يعلن", "تعلن"]} == {report_verb("أعلن")}
    assert report_verb("الإعلان") is None and report_verb("قالب") is None


@pytest.mark.parametrize("sentence, kind, speaker, claim", [
    ("أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 مسلحا.", "that", "وزارة الدفاع الروسية", "سلاح"),
    ("أعربت كندا عن قلقها الشديد إزاء تجميد التعاملات التجارية.", "governed", "كندا", "عن"),
    ("نفى نادي برشلونة الأسباني تورط رئيسه السابق في تجارة أعضاء بشرية.", "object", "نادي برشلونة الأسباني", "تورط"),
    ("أعلنت السلطات في تايلاند نجاح عملية إنقاذ 12 طفلا من الكهف.", "object", "السلطات في تايلاند", "نجاح"),
    ("أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية.", "object", "الحكومة", "خطة"),
    # A complementizer of a later relative clause does not close the frame.
    ("نفت السلطات التركية صحة التقارير التي أفادت بأنها سلمت تسجيلات.", "object", "السلطات التركية", "صحة"),
    # A title and a name, then a verbal noun (by its pattern, or owned): the object starts there.
    ("أعلن الرئيس الأمريكي دونالد ترامب انسحاب بلاده من الاتفاق.", "object", "الرئيس الأمريكي دونالد ترامب",
     "انسحاب"),
    ("أكد رئيس مجموعة البنك الدولي جيم يونغ كيم دعمه القوي لتونس.", "object", "جيم يونغ كيم", "دعمه"),
    ("أكد كاهية مدير الرعاية الصحية الأساسية بالقصرين منصف المحمدي تسجيل 130 حالة إصابة.", "object",
     "منصف المحمدي", "تسجيل"),
    ("أكد وزير الفلاحة سمير بالطيب سعي الوزارة لحل إشكال تنقل العاملات.", "object", "وزير الفلاحة سمير بالطيب", "سعي"),
    # A time phrase or an adverb closes the speaker: the name, or a short one, and the object after it.
    ("نفى وزير التعليم العالي سليم خلبوس اليوم الثلاثاء خبر إلغاء القرار.", "object", "سليم خلبوس", "خبر"),
    ("أعلنت شركة سامسونغ اليوم الثلاثاء رسميا إيقاف تصنيع هاتفها الجديد.", "object", "شركة سامسونغ", "إيقاف"),
    # A name opened by عبد ends a word later: بوتفليقة is no preposition's (ندد ب...) nor an object.
    ("ندد الرئيس الجزائري عبد العزيز بوتفليقة ما وصفه بالعملية المدروسة.", "object", "عبد العزيز بوتفليقة", "ما"),
    ("ندد الرئيس الجزائري عبد العزيز بوتفليقة اليوم الثلاثاء ما وصفه بالعملية.", "object", "عبد العزيز بوتفليقة",
     "ما"),
    # A comma closes a title and its name: the object follows it.
    ("أكد رئيس مجلس شورى حركة النهضة عبد الكريم الهاروني، تواصل الحوار صلب المجلس.", "object",
     "عبد الكريم الهاروني،", "تواصل"),
    # Unless whom it addresses comes there: the claim is what the verb governs (دعا ... إلى).
    ("دعا رئيس أركان الجيش الجزائري الفريق أحمد قايد صالح، القوات العسكرية إلى رفع حالة التأهب.", "governed",
     "أحمد قايد صالح،", "إلى"),
])
def test_frames_are_read(sentence, kind, speaker, claim):
    words = words_of(sentence)
    frame = read_frame(words, 0)
    assert frame and frame.kind == kind
    assert " ".join(words[i].text for i in frame.speaker) == speaker and words[frame.claim].text == claim


@pytest.mark.parametrize("sentence", [
    "ارتفعت أسعار النفط اليوم بعد قرار أوبك خفض الإنتاج.",  # no reporting verb
    "أعلن الرئيس الأمريكي دونالد ترامب قرارا جديدا بشأن الهجرة.",  # title, name and object not told apart
    # Not a name before a verbal noun: a name's second half (عبد الله), a place (الليبية طرابلس).
    "أكد رئيس الغرفة النقابية للمؤسسات الخاصة عبد الحميد عبد الله إمكانية التتبع قضائيا لعدد من المؤسسات.",
    "أعلن مكتب مكافحة الهجرة غير الشرعية بالعاصمة الليبية طرابلس ترحيل 200 مهاجر إلى بلدهم.",
    # A surname after عبد and a word is not an object (سلال), and the object after it is not told.
    "دعا رئيس الوزراء الجزائري عبد المالك سلال الجزائريات إلى ضرب أزواجهن بالعصي إذا رفضوا التصويت.",
    # After a time phrase, no speaker that the object could have started (إطلاق هاتف).
    "أعلنت شركة ناشئة إطلاق هاتف جديد اليوم الاثنين نسخة مطورة منه.",
    "قالت مصادر إن",  # nothing said
])
def test_no_frame_where_none_can_be_read_safely(sentence):
    assert read_frame(words_of(sentence), 0) is None


@pytest.mark.parametrize("sentence, speaker", [
    # After a time phrase; a title closed by a comma is named by the name after it.
    ("أكدت اليوم الاثنين النائبة لمياء المليح أن الاتفاقية ستوقع الشهر المقبل في العاصمة.", "النائبة لمياء المليح"),
    ("قال الأمين العام للاتحاد العام التونسي للشغل، نور الدين الطبوبي، في تصريح مقتضب إن الحكومة مطالبة بالحوار.",
     "نور الدين الطبوبي"),
    # A long title and a name: the name; a relative object (ما راج) after the speaker.
    ("أكد وزير التكوين المهني والتشغيل حافظ العموري أن المشروع سينطلق قبل نهاية العام.", "حافظ العموري"),
    ("نفى معتمد منوبة نزار عمري ما راج في عدد من المواقع الإعلامية من أخبار.", "معتمد منوبة نزار عمري"),
    # A name, then who the person is (the title may be long): the name, family name and بن included.
    ("قالت سلمى بن يوسف رئيسة جمعية حماية المستهلك بالولاية إن الأسعار ارتفعت هذا الشهر.", "سلمى بن يوسف"),
    ("أكد كمال الحمروني المدير الجهوي للفلاحة بالقيروان أن صابة الحبوب تضاعفت.", "كمال الحمروني"),
])
def test_the_speaker_a_title_would_name(sentence, speaker):
    words = words_of(sentence)
    frame = read_frame(words, 0)
    assert frame and " ".join(words[i].text for i in frame.speaker).rstrip("،") == speaker


@pytest.mark.parametrize("sentence", [
    "طالب نواب المعارضة بفتح تحقيق مستقل في صفقة بيع أراض حكومية.",
    "أعلن مسؤولون يمنيون مقتل خمسة أشخاص في هجوم على مقر أمني.",
])
def test_a_plural_subject_gets_no_singular_verb(sentence):
    """After its subject an Arabic verb agrees in number: no `نواب المعارضة يطالب`."""
    words = words_of(sentence)
    frame = read_frame(words, 0)
    assert frame is None or frame.title_prefix(words) is None or frame.kind == "that"


def test_a_role_on_someones_behalf_is_not_a_name():
    """المتحدثة باسم رئيس ...: باسم opens a role, so the words before it are not a name to show alone."""
    words = words_of("قالت كبيرة المتحدثين باسم رئيس الحكومة الكندية إن المسلح تصرف بمفرده.")
    assert read_frame(words, 0) is None  # the speaker runs past MAX_SPEAKER words and has no name to show
