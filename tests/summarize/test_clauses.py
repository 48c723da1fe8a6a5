"""Where a reader may start reading (clauses.opens_clause): a bullet starts where a sentence or a full clause does."""
import pytest

from summarizer.summarize.clauses import opens_clause, words_of


@pytest.mark.parametrize("text", [
    "أن سلاح الجو الروسي قضى على 40 إرهابيا",  # a complementizer's clause
    "حيث فازت الفنانة البريطانية بلقب مصور السنة",  # a clause link
    "وهي من أقدم الجوائز الثقافية",  # a pronoun subject
    "وقالت إنها صححت الأمر",  # a conjunction and a verb
    "ودعت الحكومة إلى الهدوء",
    "يسلط المعرض الضوء على صور نادرة",  # a present tense
    "سيزور الرئيس القاهرة الأسبوع المقبل",  # a future
    "قد تلغى الجائزة هذا العام",  # a particle and its verb
    "الجيش السوري يسيطر على المدينة",  # a subject and then its verb
    "كما أعلن الوزير استقالته",  # كما before a clause
])
def test_clauses_open_at_verbs_complementizers_links_and_subjects(text):
    assert opens_clause(text) and opens_clause(words_of(text))


@pytest.mark.parametrize("text", [
    "من تنظيم “داعش” بغارة جوية",  # after a preposition
    "في محيط مدينة دير الزور",
    "بالقذائف والصواريخ",  # a preposition fused to its noun
    "والتهرب الضريبي، في قطاع إنتاج الأفلام",  # a bare second conjunct
    "رياك مشار اتفاق سلام في أديس أبابا",  # a verb's object, left behind by the headline
    "الذي سبق أن سحبت الرقابة ترخيصه",  # a relative pronoun
    "بحسب وكالة الأنباء الرسمية",  # an attribution tail
    "مشيرا إلى أن المفاوضات مستمرة",
    "سنويا سعيا وراء حلم النجومية",  # an adverb that looks like a future
    "كما هي، بعد أن كشفت المجلة",  # كما with no clause after it
    "(1798-1801) بقيادة نابليون",
    "",
])
def test_no_clause_opens_at_prepositions_conjuncts_objects_relatives_or_tails(text):
    assert not opens_clause(text)


def test_a_stray_quote_mark_is_no_word():
    assert not opens_clause('" لا لقانون تبييض الفساد"، بمشاركة عدد من الأحزاب')
    assert opens_clause('" حيث يتحصن مئات المسلحين')
