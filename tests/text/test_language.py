"""Other languages in the Arabic script (Persian, Urdu, Kurdish, Pashto) refused by name, and Arabic
with a few Persian letters or typed on a Persian keyboard still briefed."""
import json

import pytest
from samples import ARTICLE, KURDISH, PASHTO, PERSIAN, PERSIAN_PLAIN, URDU, prepared

from eval.data import shared_dir
from summarizer import BriefPipeline, Config, InputError, brief
from summarizer.text.language import other_language

SHARED = shared_dir()  # ../shared, or $BRIEF_SHARED_DIR


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


@pytest.mark.parametrize("text, language", [(PERSIAN, "Persian"), (PERSIAN_PLAIN, "Persian"), (URDU, "Urdu"),
                                            (KURDISH, "Kurdish"), (PASHTO, "Pashto")])
def test_other_languages_in_arabic_script_are_refused_by_name(text, language):
    with pytest.raises(InputError, match=f"looks like {language}.*, not Arabic: this toolkit briefs Arabic"):
        prepared(text)


def test_arabic_with_a_few_persian_letters_passes(pipe):
    text = ARTICLE.replace("المتحدث باسم الوزارة", "المتحدث باسم الوزارة پرويز گلشيری") \
                  .replace("الأطفال ضد", "الأطفال (چيچک) ضد")
    assert other_language(text) is None
    assert pipe(text).headline_ar


def test_arabic_typed_on_a_persian_keyboard_passes():
    text = ARTICLE.replace("ي", "ی").replace("ك", "ک")
    assert other_language(text) is None
    assert prepared(text)


def test_no_real_arabic_article_is_taken_for_another_language():
    """All BBC Arabic dev articles and EASC articles (1,157): none refused as Persian, Urdu..."""
    bbc = SHARED / "data" / "ant-bbc-ar" / "dev.jsonl"
    if not bbc.is_file():
        pytest.skip(f"shared data not found at {bbc}")
    texts = [json.loads(line)["text"] for line in bbc.read_text(encoding="utf-8").splitlines()]
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in (SHARED / "data" / "easc" / "Articles").glob("*/*") if p.is_file()]
    assert len(texts) > 1000
    assert [t[:60] for t in texts if other_language(t)] == []


def test_a_short_arabic_text_is_called_short_not_foreign():
    with pytest.raises(Exception, match="too short to brief: 12 Arabic letters"):
        brief("خبر عاجل اليوم", translator_model="")
