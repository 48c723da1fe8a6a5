"""A source's own headline: the summarizer keeps it, and chooses bullets knowing it (none repeats it)."""
import pytest

from summarizer import BriefPipeline, Config
from summarizer.summarize.extractive import ExtractiveSummarizer, load_scorer, repeats
from summarizer.text.sentences import split_sentences
from summarizer.text.tokens import content_terms

TITLE = "روسيا تقضي على 40 إرهابيا من داعش في غارة قرب دير الزور"


def repeats_title(title: str, line: str) -> bool:
    return repeats(set(content_terms(line)), set(content_terms(title)), load_scorer().repeat_share)


def test_a_given_headline_is_kept_and_no_bullet_repeats_it(parts):
    sentences = split_sentences(parts[0])
    made = ExtractiveSummarizer().summarize(sentences, 3)
    given = ExtractiveSummarizer().summarize(sentences, 3, headline=TITLE)
    assert made.headline_source == "generated" and made.headline != TITLE
    assert given.headline == TITLE and given.headline_source == "title" and given.headline_sources == []
    assert len(given.bullets) == 3 and not any(repeats_title(TITLE, b) for b in given.bullets)
    # The lead repeats this title, so it is no bullet: not shown whole, nor its rest after a cut headline.
    lead = sentences[0].text
    assert all(b != lead and not lead.endswith(b) for b in given.bullets)


def test_a_lead_that_says_more_than_the_title_is_a_bullet_whole(parts):
    sentences = split_sentences(parts[0])
    other = "موسكو تعلن حصيلة أسبوعين من الضربات في سوريا"  # says none of the lead's event
    given = ExtractiveSummarizer().summarize(sentences, 3, headline=other)
    assert given.sources[0] == [0] and sentences[0].text.startswith(given.bullets[0])


@pytest.mark.parametrize("config, title, source", [
    (Config(translator_model=""), f"{TITLE} - BBC News عربي", "title"),
    (Config(translator_model="", headline="generated"), TITLE, "generated"),
    (Config(translator_model=""), "BBC News عربي", "generated"),  # only a site's name: no headline
    (Config(translator_model=""), None, "generated"),
])
def test_the_pipeline_uses_a_title_unless_told_not_to_or_it_is_none(parts, config, title, source):
    brief = BriefPipeline(config)(parts[0], title=title)
    assert brief.headline_source == source == brief.to_dict()["headline_source"]
    assert (brief.headline_ar == TITLE) == (source == "title")
    assert brief.meta["settings"]["headline"] == config.headline


def test_seq2seq_keeps_a_given_headline_and_asks_the_model_for_none(tiny_models, parts, monkeypatch):
    pipe = BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tiny_models["mbart"]), translator_model="",
                                num_threads=1, num_beams=1, summary_max_new_tokens=8, headline_max_new_tokens=6))
    asked = []
    submit = pipe.summarizer._submit
    monkeypatch.setattr(pipe.summarizer, "_submit", lambda task, texts, **kw: asked.append((task, len(texts)))
                        or submit(task, texts, **kw))
    briefs = pipe.brief_documents([pipe.preprocess(parts[0], TITLE), pipe.preprocess(parts[1])])
    assert [b.headline_source for b in briefs] == ["title", "generated"]
    assert briefs[0].headline_ar == TITLE and briefs[0].headline_sources == []
    assert ("headline", 1) in asked  # only the article without a title


@pytest.mark.parametrize("cap, used", [(22, True), (30, True), (15, True), (14, False), (6, False)])
def test_a_title_longer_than_a_lowered_headline_cap_is_not_used(parts, cap, used):
    title = "روسيا تقضي على 40 إرهابيا من تنظيم داعش في غارة جوية قرب مدينة دير الزور"  # 15 words
    long = f"{title} بعد أسبوعين من الضربات الجوية المتواصلة على مواقع التنظيم"  # 24 words: over the default cap
    brief = BriefPipeline(Config(translator_model="", headline_max_words=cap))(parts[0], title=title if cap != 22
                                                                               else long)
    assert (brief.headline_source == "title") == used
    assert len(brief.headline_ar.split()) <= (25 if cap >= 22 else cap)


def test_a_title_of_another_article_is_not_used_and_a_note_says_so(parts):
    other = "المنتخب الوطني يفوز على ضيفه بثلاثة أهداف في التصفيات القارية"  # shares no word with the seed
    brief = BriefPipeline(Config(translator_model=""))(parts[0], title=other)
    assert brief.headline_source == "generated" and brief.headline_ar != other
    assert any("shares too few words with the article" in str(n) for n in brief.notes)


def test_a_summarizer_written_before_headlines_were_given_keeps_its_own(parts):
    class Old:  # the protocol as it was: no headlines, no **options
        name, model = "old", None

        def summarize_batch(self, documents, num_bullets):
            return [ExtractiveSummarizer().summarize(doc, num_bullets) for doc in documents]
    brief = BriefPipeline(Config(translator_model=""), summarizer=Old())(parts[0], title=TITLE)
    assert brief.headline_source == "generated" and brief.headline_ar != TITLE


def test_a_csv_title_column_and_a_feed_with_a_link_no_parser_reads(brief_cli, parts, tmp_path):
    import csv
    import json

    from summarizer.runner import Runner
    from summarizer.web.feeds import parse_feed
    from summarizer.web.records import feed_records
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["id", "title", "text"], ["a", f"{TITLE} | موقع الأخبار", parts[0]]])
    assert brief_cli(source, "-o", tmp_path / "out.jsonl", "--no-translate").returncode == 0
    [out] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert out["brief"]["headline_ar"] == TITLE and out["brief"]["headline_source"] == "title"
    feed = parse_feed(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "نشرة", "items": [
        {"id": "a", "url": "http://[bad/x", "title": TITLE, "content_text": parts[0]}]}).encode())
    [record] = list(Runner(BriefPipeline(Config(translator_model="")))(list(feed_records(feed, "feed"))))
    assert record["brief"]["headline_ar"] == TITLE  # the link names no site, and nothing raises


def test_a_batch_briefed_again_article_by_article_says_a_title_note_once(parts, monkeypatch):
    """When a batch fails, each article is briefed again alone: the title is read once, when the article is."""
    other = "المنتخب الوطني يفوز على ضيفه بثلاثة أهداف في التصفيات القارية"
    original, calls = ExtractiveSummarizer.summarize_batch, []

    def breaks_once(self, documents, num_bullets, headlines=None, **options):
        calls.append(len(documents))
        if len(calls) == 1:
            raise RuntimeError("the batch broke")
        return original(self, documents, num_bullets, headlines, **options)
    monkeypatch.setattr(ExtractiveSummarizer, "summarize_batch", breaks_once)
    pipe = BriefPipeline(Config(translator_model=""))
    first, second = pipe.brief_documents([pipe.preprocess(parts[0], other), pipe.preprocess(parts[0], TITLE)])
    assert calls == [2, 1, 1]
    assert [str(n) for n in first.notes].count(next(str(n) for n in first.notes if "shares too few" in str(n))) == 1
    assert second.headline_ar == TITLE and second.headline_source == "title"
