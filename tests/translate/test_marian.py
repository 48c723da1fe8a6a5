"""Translator: batching across lines and articles, long lines split, cache, and the missing-model path."""
import pytest

from summarizer import BriefPipeline, Config, ModelUnavailable
from summarizer.presets import preset_for
from summarizer.runtimes.hf import TransformersRuntime
from summarizer.testing import distinct_openings, probe_lines
from summarizer.translate.base import CachedTranslator, SegmentingTranslator
from summarizer.translate.marian import MarianTranslator


@pytest.fixture(scope="module")
def marian(tiny_models):
    engine = TransformersRuntime.load(str(tiny_models["marian"]), "translator", Config(num_threads=1))
    return MarianTranslator(engine, preset_for("marian", engine.name).translation, num_beams=1, max_new_tokens=6)


class Recorder:
    """Wraps a translator and records each call, to see how lines were batched."""

    def __init__(self, inner):
        self.inner, self.name, self.calls = inner, inner.name, []

    def translate(self, lines, **options):
        self.calls.append(list(lines))
        return self.inner.translate(lines, **options)


def test_batched_translation_equals_one_by_one(marian):
    lines = probe_lines()  # 15 distinct lines, 1 to 30 words
    alone = [marian.translate([line])[0] for line in lines]
    assert distinct_openings(alone) >= len(lines) - 1  # the stand-in responds to its input
    assert marian.translate(lines) == alone  # batching by length, then restoring order, changes nothing


def test_long_line_is_split_to_fit_and_rejoined(marian, seed_text):
    recorder = Recorder(marian)
    translator = SegmentingTranslator(recorder, marian.max_input_tokens, marian.count_tokens)
    long_line = " ".join(seed_text.split())  # the whole article as one line: > 512 tokens
    assert marian.count_tokens([long_line])[0] > 512
    out = translator.translate(["قصير.", long_line])
    assert len(out) == 2
    sent = recorder.calls[0]
    assert len(sent) > 2 and max(marian.count_tokens(sent)) <= 512
    assert " ".join(sent[1:]).split() == long_line.split()  # nothing dropped


def test_cache_serves_repeats(marian):
    recorder = Recorder(marian)
    cached = CachedTranslator(recorder)
    first = cached.translate(["سطر أول.", "سطر ثان.", "سطر أول."])
    second = cached.translate(["سطر ثان.", "سطر أول."])
    assert first[0] == first[2] and second == [first[1], first[0]]
    assert recorder.calls == [["سطر أول.", "سطر ثان."]]
    assert cached.hits == 3 and cached.misses == 2


def test_articles_of_a_batch_are_translated_together(tiny_models, seed_text):
    pipe = BriefPipeline(Config(translator_model=str(tiny_models["marian"]), num_beams=1, num_threads=1,
                                translation_max_new_tokens=6))
    recorder = Recorder(pipe.translator)
    pipe.translator = recorder
    english = "This article is written in English only, so it cannot be briefed by this toolkit."
    briefs = pipe.brief_batch([seed_text, seed_text.replace("40", "٤٥"), english], num_bullets=3)
    assert len(recorder.calls) == 1 and len(recorder.calls[0]) == 2 * 4
    assert briefs[0].bullets_en is not None and len(briefs[0].bullets_en) == 3
    assert str(briefs[2]) == "article is not Arabic text (0% of its letters are Arabic)"


def test_missing_translator_keeps_arabic_and_says_so(seed_text, tmp_path, monkeypatch):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", "http://127.0.0.1:9")  # no hub: nothing listens
    pipe = BriefPipeline(Config(translator_model="Helsinki-NLP/opus-mt-ar-en", allow_no_english=True))
    brief = pipe(seed_text)
    assert brief.headline_en is None and brief.bullets_en is None
    assert brief.headline_ar and len(brief.bullets_ar) == 5
    assert "Helsinki-NLP/opus-mt-ar-en" in brief.english_status and "`brief models doctor`" in brief.english_status
    assert not any("opus-mt-ar-en" in w for w in brief.warnings)  # said once, by english_status
    assert "English unavailable" in brief.to_markdown() and "EN:" not in brief.to_markdown()


def test_missing_translator_error_names_model_place_and_fix(tmp_path):
    with pytest.raises(ModelUnavailable) as info:
        BriefPipeline(Config(translator_model=str(tmp_path / "opus"), require_english=True))
    message = str(info.value)
    assert str(tmp_path / "opus") in message and "does not exist" in message
    # A folder is fixed by a path or a hub id, never by "download ./path".
    assert "Check the path, or give a hub id as Config(translator_model=...)" in message and "download" not in message


def test_translator_aliases_in_the_api_cli_and_models_command(monkeypatch):
    from summarizer.commands.models import build_parser
    from summarizer.config import DEFAULT_TRANSLATOR, TRANSLATORS
    assert DEFAULT_TRANSLATOR == "Helsinki-NLP/opus-mt-tc-big-ar-en" == Config().translator_model
    assert Config(translator_model="fast").translator_model == "Helsinki-NLP/opus-mt-ar-en"
    assert Config(translator_model="best").translator_model == TRANSLATORS["best"]
    monkeypatch.setenv("BRIEF_TRANSLATOR_MODEL", "fast")
    assert Config.from_env().translator_model == TRANSLATORS["fast"]
    assert Config(translator_model="./best").translator_model == "./best"  # a folder named like an alias
    assert Config(translator_model="").translator_model == ""
    args = build_parser().parse_args(["download", "--translator", "fast"])
    assert args.translator == TRANSLATORS["fast"]
    assert build_parser().parse_args(["list", "--translator", "best"]).translator == TRANSLATORS["best"]
    # `brief`'s spelling, as in `brief --translator-model`; --translator stays as its alias.
    assert build_parser().parse_args(["list", "--translator-model", "fast"]).translator == TRANSLATORS["fast"]
    assert build_parser().parse_args(["download", "--summarizer-model", "x/y"]).summarizer == "x/y"


def test_the_default_model_has_its_own_preset():
    preset = preset_for("marian", "Helsinki-NLP/opus-mt-tc-big-ar-en")
    assert preset.source == "marian-tc-big.toml"
    assert preset.translation.generation["num_beams"] == 4 and preset.translation.max_input_tokens == 512
    assert preset_for("marian", "Helsinki-NLP/opus-mt-ar-en").source == "marian.toml"
    assert preset_for("marian", "./models/opus-mt-tc-big-ar-en").source == "marian-tc-big.toml"
