"""The offline default on the seed: all three sections covered, numbers faithful, order kept."""
import pytest

from summarizer import BriefPipeline, Config
from summarizer.summarize.extractive import ExtractiveSummarizer
from summarizer.text.sentences import split_sentences
from summarizer.text.tokens import numbers

SECTIONS = {0: range(0, 5), 1: range(5, 11), 2: range(11, 18)}


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
def test_seed_bullets_cover_all_three_sections(seed_text, k):
    sentences = split_sentences(seed_text)
    summary = ExtractiveSummarizer().summarize(sentences, k)
    assert len(summary.bullets) == k
    covered = {sentences[src[0]].section for src in summary.sources}
    assert covered == {0, 1, 2}
    # Bullets in document order, each one a whole source sentence, no repeats.
    indices = [src[0] for src in summary.sources]
    assert indices == sorted(set(indices))
    assert summary.bullets == [sentences[i].text for i in indices]


def test_seed_headline_is_the_lead_cut_short(seed_text):
    summary = ExtractiveSummarizer(headline_max_words=14).summarize(split_sentences(seed_text), 5)
    assert summary.headline_sources == [0]
    assert 6 <= len(summary.headline.split()) <= 14
    assert "40" in summary.headline
    # The headline was cut, so the whole lead sentence is still a bullet (once).
    assert [s[0] for s in summary.sources].count(0) == 1


def test_uncut_headline_sentence_is_not_repeated_as_a_bullet():
    text = "\n".join(["قصف الجيش مواقع المسلحين في الشمال أمس.",
                      "وقال مصدر عسكري إن القصف استهدف مخازن أسلحة ومراكز قيادة للمسلحين في الريف الشمالي.",
                      "وأضاف المصدر أن العملية مستمرة حتى تطهير المنطقة بالكامل من المسلحين.",
                      "وفي سياق آخر أعلنت وزارة الصحة افتتاح مستشفى جديد في العاصمة بسعة مئتي سرير."])
    summary = ExtractiveSummarizer().summarize(split_sentences(text), 3)
    assert summary.headline == "قصف الجيش مواقع المسلحين في الشمال أمس"
    assert 0 not in [s[0] for s in summary.sources]


def test_seed_brief_numbers_all_in_source(seed_text):
    brief = BriefPipeline(Config(translator_model=""))(seed_text)
    source_numbers = set(numbers(seed_text))
    for line in [brief.headline_ar, *brief.bullets_ar]:
        assert set(numbers(line)) <= source_numbers
    assert not [f for f in brief.flags if "number" in f.message]
    assert brief.source_sentences[brief.sources[0][0]] in seed_text


def test_short_article_gives_fewer_bullets_with_a_warning():
    text = "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين في المناطق الريفية.\nوقال الوزير إن الخطة تبدأ الشهر المقبل بتمويل كبير."
    brief = BriefPipeline(Config(translator_model=""))(text)
    assert len(brief.bullets_ar) == 1
    assert any("bullet(s) instead of" in w for w in brief.warnings)
