"""The offline default: the seed's three stories, clean headlines and bullets, no English, no repeats."""
import dataclasses
import json
from importlib import resources

import numpy as np
import pytest

from summarizer import BriefPipeline, Config
from summarizer.faithfulness import unsupported_numbers
from summarizer.summarize import extractive
from summarizer.summarize.clauses import opens_clause, present_tense, words_of
from summarizer.summarize.extractive import ExtractiveSummarizer, Scorer, load_scorer
from summarizer.summarize.features import SENTENCE_FEATURES
from summarizer.summarize.headline import CANDIDATE_FEATURES, WORD_FEATURES, opens_with_frame
from summarizer.text.sentences import split_sentences
from summarizer.text.tokens import arabic_ratio, content_terms


def words(text: str) -> list[str]:
    return text.split()


def is_clean_fragment(fragment: str, sentence: str) -> bool:
    """Every word of the fragment is a whole word of the sentence, in order (a trailing comma or stop may go).

    A title's subject-first form may add one word: the present tense of a reporting verb of the
    sentence (أعلنت هيئة الطيران ... → هيئة الطيران ... تعلن ...), after its subject.
    """
    source = words(sentence)
    tenses = {present_tense(w) for w in source} - {None}
    rest = words(fragment)
    added = [i for i, w in enumerate(rest) if w in tenses]
    if added:
        rest = rest[:added[0]] + rest[added[0] + 1:]
    pos = 0
    for word in rest:
        while pos < len(source) and source[pos].rstrip("،,.") != word.rstrip("،,.:"):
            pos += 1
        if pos == len(source):
            return False
        pos += 1
    return True


def said_by(text: str, other: str) -> bool:
    terms = set(content_terms(text))
    return bool(terms) and terms <= set(content_terms(other))


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
def test_seed_bullets_cover_all_three_sections(seed_text, k):
    sentences = split_sentences(seed_text)
    summary = ExtractiveSummarizer().summarize(sentences, k)
    assert len(summary.bullets) == k
    indices = [src[0] for src in summary.sources]
    assert {sentences[i].section for i in indices} == {0, 1, 2}
    # In document order, no sentence twice, each bullet its source sentence or a clean start of it.
    assert indices == sorted(set(indices))
    for bullet, i in zip(summary.bullets, indices):
        assert sentences[i].text.startswith(bullet) or sentences[i].text.endswith(bullet)
        assert is_clean_fragment(bullet, sentences[i].text)
    # No bullet says only what the headline or another bullet says.
    for n, bullet in enumerate(summary.bullets):
        assert not said_by(bullet, summary.headline)
        assert not any(said_by(bullet, other) for m, other in enumerate(summary.bullets) if m != n)


def test_seed_headline_compresses_the_lead(seed_text):
    sentences = split_sentences(seed_text)
    summary = ExtractiveSummarizer(headline_max_words=14).summarize(sentences, 5)
    assert summary.headline_sources == [0]
    assert 4 <= len(words(summary.headline)) <= 14
    assert "40" in summary.headline and "إرهابيا" in summary.headline
    assert is_clean_fragment(summary.headline, sentences[0].text)
    assert summary.headline.count("“") == summary.headline.count("”")
    # The lead's reporting frame becomes the title form: the speaker, a colon, the news.
    assert not opens_with_frame(words_of(summary.headline), [0]) and summary.headline.startswith("وزارة الدفاع الروسية:")
    # The lead's rest after the headline (من تنظيم “داعش” ...) opens no clause, so the lead is no bullet.
    assert [0] not in summary.sources and not summary.bullets[0].startswith("من ")
    terms = [set(content_terms(t)) for t in [summary.headline, *summary.bullets]]
    assert not any(extractive.repeats(a, b, 0.5) for n, a in enumerate(terms) for b in terms[n + 1:])


def test_seed_brief_numbers_all_in_source(seed_text):
    brief = BriefPipeline(Config(translator_model=""))(seed_text)
    for line in [brief.headline_ar, *brief.bullets_ar]:
        assert unsupported_numbers(line, seed_text) == []
    assert not [f for f in brief.flags if "number" in f.message]
    assert brief.sources and all(brief.sources)
    for bullet, src in zip(brief.bullets_ar, brief.sources):
        source = brief.source_sentences[src[0]]
        assert (source.startswith(bullet) or source.endswith(bullet)) and source in seed_text


def test_short_article_gives_fewer_bullets_with_a_warning():
    text = "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية.\nوقال الوزير إن الخطة تبدأ الشهر المقبل بتمويل كبير."
    brief = BriefPipeline(Config(translator_model=""))(text)
    assert 1 <= len(brief.bullets_ar) <= 2
    assert any("only 2 Arabic sentence(s)" in w and "bullet(s) instead of" in w for w in brief.warnings)


def test_a_long_article_that_repeats_itself_is_not_called_short():
    text = "\n".join(["أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية."] * 30
                    + ["وقال الوزير إن الخطة تبدأ الشهر المقبل بتمويل كبير."])
    brief = BriefPipeline(Config(translator_model=""))(text)
    assert len(brief.bullets_ar) < 3
    assert any("repeat the headline or the bullets" in w for w in brief.warnings)
    assert not any("only" in w for w in brief.warnings)


NEWS = [
    "قالت وزارة الصحة إن عدد المصابين بالحمى ارتفع إلى 120 شخصا في المحافظة خلال الأسبوع الماضي.",
    "وأضافت الوزارة في بيان، الذي نشرته وكالة الأنباء الرسمية، أن فرقا طبية أرسلت إلى القرى المتضررة.",
    "وقال مدير المستشفى المركزي إن الأسرة امتلأت، مشيرا إلى أن المستشفى يستقبل عشرات الحالات يوميا.",
    "وطالب نواب في البرلمان الحكومة بتوفير الأدوية، بحسب ما نقلت صحف محلية.",
    "وكانت المحافظة قد شهدت موجة مماثلة قبل عامين أودت بحياة 15 شخصا.",
]


def test_mixed_language_article_never_gives_english_lines():
    english = ["The ministry said the number of cases rose sharply this week in the province.",
               "Doctors warned that hospitals were full and asked for more medicine and staff.",
               "Officials said the situation would be reviewed by the health committee on Monday."]
    text = "\n".join([english[0], NEWS[0], english[1], *NEWS[1:3], english[2], *NEWS[3:]])
    sentences = split_sentences(text)
    for k in (3, 5, 7):
        summary = ExtractiveSummarizer().summarize(sentences, k)
        for line in [summary.headline, *summary.bullets]:
            assert arabic_ratio(line) >= 0.5, line
        assert all(arabic_ratio(sentences[src[0]].text) >= 0.5 for src in summary.sources)


def test_mixed_language_brief_through_the_pipeline_is_arabic():
    english = "The ministry said the number of cases rose sharply this week in the province."
    brief = BriefPipeline(Config(translator_model=""))("\n".join([english, *NEWS]), num_bullets=5)
    for line in [brief.headline_ar, *brief.bullets_ar]:
        assert arabic_ratio(line) >= 0.5, line


def test_persian_and_urdu_lines_in_an_arabic_article_are_never_bullets():
    """Their letters count as Arabic script, so the script share alone would let them through."""
    persian = "این یک گزارش فارسی است که برای آزمایش در میان متن عربی نوشته شده است."
    urdu = "یہ ایک اردو جملہ ہے جو جانچ کے لیے عربی متن کے درمیان لکھا گیا ہے۔"
    sentences = split_sentences("\n".join([persian, NEWS[0], urdu, *NEWS[1:]]))
    summary = ExtractiveSummarizer().summarize(sentences, 7)
    chosen = {i for src in [summary.headline_sources, *summary.sources] for i in src}
    assert chosen and chosen.isdisjoint({0, 2}) and persian not in summary.bullets


def test_english_only_sentences_give_no_summary():
    sentences = split_sentences("This is an English sentence.\nAnd here is another one.")
    summary = ExtractiveSummarizer().summarize(sentences, 3)
    assert summary.headline == "" and summary.bullets == [] and summary.warnings


def test_news_bullets_are_trimmed_with_sources_kept():
    sentences = split_sentences("\n".join(NEWS))
    news = ExtractiveSummarizer(scorer=dataclasses.replace(load_scorer(), news_gate=0.0, trim_min_words=5)
                                ).summarize(sentences, 5)
    whole = ExtractiveSummarizer(scorer=dataclasses.replace(load_scorer(), news_gate=2.0)).summarize(sentences, 5)
    indices = [src[0] for src in news.sources]
    trimmed = [b for b, i in zip(news.bullets, indices) if b != sentences[i].text and i != 0]
    assert trimmed, "news bullets with trailing clauses should be brief"
    for bullet, i in zip(news.bullets, indices):
        # A clean start of its sentence, or (the lead) what it adds after the headline.
        assert sentences[i].text.startswith(bullet) or (i == 0 and sentences[i].text.endswith(bullet))
        assert is_clean_fragment(bullet, sentences[i].text) and bullet.count('"') % 2 == 0
    # Below the newsiness gate, the same sentences are shown whole.
    assert all(b == sentences[src[0]].text for b, src in zip(whole.bullets, whole.sources) if src[0] != 0)


@pytest.mark.parametrize("lead, dropped", [
    ("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت هيئة الطيران المدني في دبي إغلاق المطار لمدة ثلاث ساعات "
     "بسبب عاصفة رملية قوية ضربت الإمارة صباح اليوم.", ["CNN", "دبي،"]),
    ("القاهرة (رويترز) - ارتفعت أسعار الذهب في الأسواق المصرية بنسبة كبيرة خلال تعاملات اليوم الأحد "
     "بعد قرار البنك المركزي خفض قيمة الجنيه.", ["رويترز", "القاهرة"]),
    ("وقال المتحدث باسم وزارة الخارجية أحمد حافظ إن \"مصر ترفض أي تدخل في شؤونها الداخلية وستدافع عن "
     "مصالحها\" في كل المحافل الدولية.", ["وقال"]),
])
def test_headline_drops_datelines_and_attribution(lead, dropped):
    text = "\n".join([lead, *NEWS[1:]])
    headline = ExtractiveSummarizer(headline_max_words=20).summarize(split_sentences(text), 3).headline
    for token in dropped:
        assert token not in headline
    assert headline.count('"') % 2 == 0
    assert is_clean_fragment(headline, lead)


def test_headline_never_ends_on_a_verb_missing_its_object():
    lead = ("أكد مسؤولون في وزارة العمل أن آلاف العمال لم يحصلوا على رواتبهم منذ ثلاثة أشهر بسبب الأزمة المالية "
            "التي تعصف بالشركات الحكومية في البلاد.")
    headline = ExtractiveSummarizer(headline_max_words=14).summarize(split_sentences("\n".join([lead, *NEWS[1:]])),
                                                                     3).headline
    assert not headline.endswith("يحصلوا")
    assert not headline.split()[-1] in {"على", "في", "من", "إلى", "عن", "أن", "إن"}


def test_a_real_sub_headline_opens_a_story_to_cover_but_a_stray_title_does_not(seed_text):
    summarizer = ExtractiveSummarizer()
    seen = extractive.analyse(split_sentences(seed_text))
    assert summarizer._echoes_heading(seen.pool, seen.sim, 1) and summarizer._echoes_heading(seen.pool, seen.sim, 2)
    # A related-story link inside an article (BBC pages have them) heads a "section" it has nothing to do with.
    related = "\n".join([*NEWS[:3], "مهرجان للسينما يفتتح أبوابه في العاصمة بمشاركة واسعة", *NEWS[3:]])
    seen = extractive.analyse(split_sentences(related))
    assert [s.section for s in seen.pool] == [0, 0, 0, 1, 1, 1]
    assert not summarizer._echoes_heading(seen.pool, seen.sim, 1)


def test_shipped_weights_load_from_the_package_and_match_the_features():
    data = json.loads(resources.files("summarizer.summarize").joinpath("scorer.json").read_text(encoding="utf-8"))
    assert data["sentence"]["features"] == list(SENTENCE_FEATURES)
    assert len(data["sentence"]["coef"]) == 2 * len(SENTENCE_FEATURES) + 1
    assert len(data["word"]["coef"]) == len(WORD_FEATURES)
    assert data["rank"]["features"] == list(CANDIDATE_FEATURES) and len(data["rank"]["coef"]) == len(CANDIDATE_FEATURES)
    assert "python -m eval.train_scorer" in data["provenance"] and data["licence"]
    scorer = load_scorer()
    assert np.allclose(scorer.sentence_coef, data["sentence"]["coef"])
    stale = dict(data, word={**data["word"], "features": data["word"]["features"][:-1]})
    with pytest.raises(ValueError, match="train_scorer"):
        Scorer.from_dict(stale)
    stale = dict(data, rank={**data["rank"], "features": data["rank"]["features"][1:]})
    with pytest.raises(ValueError, match="train_scorer"):
        Scorer.from_dict(stale)


def test_default_summarizer_uses_the_shipped_scorer():
    assert ExtractiveSummarizer().scorer is extractive.load_scorer()


# The lead's rest after a headline that takes its opening: three classes that no reader can read alone.
AFTER_PREPOSITION = ("قضى سلاح الجو الروسي على 40 إرهابيا من تنظيم داعش بغارة جوية شنتها طائرات مقاتلة روسية "
                     "في محيط مدينة دير الزور.")
INSIDE_CONJUNCT = ("تعلن السلطات الصينية عزمها وضع سقف لأجور الممثلين لمكافحة الجشع والتهرب الضريبي في قطاع "
                   "إنتاج الأفلام والمسلسلات التلفزيونية.")
OBJECT_IN_REST = ("وقع رئيس جنوب السودان سلفا كير وقائد التمرد رياك مشار اتفاق سلام في أديس أبابا لإنهاء الحرب "
                  "الأهلية المستمرة منذ خمس سنوات.")
LATER_CLAUSE = AFTER_PREPOSITION[:-1] + "، حيث يتحصن مئات المسلحين منذ أشهر طويلة."


def through(text: str, word: str) -> range:
    """The headline's kept words: the lead's opening through `word`."""
    return range(next(i for i, w in enumerate(words_of(text)) if w.text == word) + 1)


@pytest.mark.parametrize("lead, last", [(AFTER_PREPOSITION, "إرهابيا"), (INSIDE_CONJUNCT, "الجشع"),
                                        (OBJECT_IN_REST, "التمرد")])
def test_a_rest_that_opens_no_clause_is_never_a_bullet(lead, last):
    kept = through(lead, last)
    rest = lead[words_of(lead)[kept[-1] + 1].start:]
    assert extractive.rest_of_lead(lead, kept, "remainder") == rest  # what briefs showed before
    for policy in ("clause", "next_clause", "none"):
        assert extractive.rest_of_lead(lead, kept, policy) == ""
    assert extractive.rest_of_lead(lead, kept, "restate") == lead  # the whole lead; repetition then decides


def test_a_rest_is_shown_from_where_a_clause_opens():
    kept = through(LATER_CLAUSE, "إرهابيا")
    assert extractive.rest_of_lead(LATER_CLAUSE, kept, "next_clause") == "حيث يتحصن مئات المسلحين منذ أشهر طويلة."
    assert extractive.rest_of_lead(LATER_CLAUSE, kept, "clause") == ""
    lead = "تسببت مقدمة غنائية لمسلسل رمضاني في جدل واسع إذ يغنيها المطرب اللبناني فضل شاكر بعد فترة احتجاب."
    kept = through(lead, "واسع")
    for policy in ("clause", "next_clause", "restate", "remainder"):
        assert extractive.rest_of_lead(lead, kept, policy) == "إذ يغنيها المطرب اللبناني فضل شاكر بعد فترة احتجاب."


def test_a_piece_of_six_words_or_fewer_is_never_a_bullet():
    lead = "تسببت مقدمة غنائية لمسلسل رمضاني في جدل واسع إذ يغنيها المطرب فضل شاكر ."
    kept = through(lead, "واسع")  # a clause of five words and a stray stop
    assert extractive.rest_of_lead(lead, kept, "remainder") and not extractive.rest_of_lead(lead, kept, "next_clause")
    # A bullet trimmed to its first clause shows the whole sentence where that clause is this short.
    sentences = split_sentences("وصل الوزير، الذي يزور البلاد للمرة الأولى منذ عشر سنوات، إلى العاصمة صباحا.")
    assert extractive.Shown(sentences, True, 2, {}).text(0) == sentences[0].text


def test_every_bullet_reads_alone():
    sentences = split_sentences("\n".join([AFTER_PREPOSITION, *NEWS[1:]]))
    before = ExtractiveSummarizer(scorer=dataclasses.replace(load_scorer(), lead_rest="remainder"))
    summary = before.summarize(sentences, 4)
    assert summary.sources[0] == [0] and summary.bullets[0].startswith("من تنظيم")  # the class this rule ends
    summary = ExtractiveSummarizer().summarize(sentences, 4)
    for bullet, (i,) in zip(summary.bullets, summary.sources):
        assert bullet == sentences[i].text or (opens_clause(bullet) and len(bullet.split()) > extractive.FRAGMENT_WORDS)


def test_the_shipped_lead_rest_and_a_stale_one():
    assert load_scorer().lead_rest == "next_clause"
    data = json.loads(resources.files("summarizer.summarize").joinpath("scorer.json").read_text(encoding="utf-8"))
    assert data["settings"]["lead_rest"] in extractive.LEAD_RESTS
    with pytest.raises(ValueError, match="lead_rest"):
        Scorer.from_dict(dict(data, settings={**data["settings"], "lead_rest": "whole"}))


def test_seed_bullets_read_alone(seed_text):
    sentences = split_sentences(seed_text)
    summary = ExtractiveSummarizer().summarize(sentences, 3)
    assert not summary.bullets[0].startswith("من ")
    for bullet, (i,) in zip(summary.bullets, summary.sources):
        assert bullet == sentences[i].text or opens_clause(bullet)
