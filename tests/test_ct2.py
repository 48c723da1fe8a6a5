"""The CTranslate2 translator engine on the tiny random Marian model."""
from __future__ import annotations

import sys

import pytest

from summarizer import BriefPipeline, Config
from summarizer.errors import ModelUnavailable

ctranslate2 = pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed (optional engine)")

from summarizer.translate.ct2 import CTranslate2Translator, compute_type  # noqa: E402

LINES = [
    "أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 إرهابيا.",
    "وقال المتحدث إن الطائرات نفذت 1417 طلعة قتالية خلال أسبوعين.",
    "وأضاف البيان أن الجيش كسر الحصار عن مدينة دير الزور.",
    "في يوم الاثنين، أعلن علماء من كلية الطب بجامعة ستانفورد عن اختراع أداة تشخيصية جديدة.",
    "تحطمت طائرة على مدرج في حوالي الساعة ٩:٣٠ صباحاً بالتوقيت المحلي.",
    "مرحبا",
]
GREEDY_FORCED = {"num_beams": 1, "min_new_tokens": 10, "max_new_tokens": 10}


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ct2")


@pytest.fixture(scope="module")
def marian(tiny_models):
    return str(tiny_models["marian"])


def _load(marian, cache, dtype="float32", **config):
    return CTranslate2Translator.load(marian, Config(device="cpu", dtype=dtype, num_threads=1, **config),
                                      cache_dir=cache)


def test_loads_and_translates_one_line_per_line(marian, ct2_cache):
    translator = _load(marian, ct2_cache, dtype="int8")
    assert translator.name == marian
    assert translator.compute_type == "int8"
    assert translator.max_input_tokens == 512
    assert translator.count_tokens(LINES[:2]) == [len(x) for x in translator.tokenizer(LINES[:2])["input_ids"]]
    out = translator.translate(LINES, **GREEDY_FORCED)
    assert len(out) == len(LINES)
    assert all(isinstance(line, str) and line for line in out)
    assert translator.translate([]) == []


def test_greedy_output_matches_transformers(marian, ct2_cache):
    """Same weights in float32, greedy, same forced length: CTranslate2 writes what transformers writes.

    Measured on the tiny model: 6/6 lines identical (and 64/64 FLORES lines, greedy and 4 beams);
    int8 on this 32-wide random model agrees on none, which says little: its logits are near-ties.
    """
    from summarizer.models import Seq2SeqModel
    engine = Seq2SeqModel.load(marian, "translator", Config(device="cpu", dtype="float32", num_threads=1))
    expected = engine.generate(LINES, max_batch_size=8, max_tokens=4096, **GREEDY_FORCED)
    got = _load(marian, ct2_cache).translate(LINES, **GREEDY_FORCED)
    same = sum(a == b for a, b in zip(expected, got)) / len(LINES)
    assert same >= 0.8, list(zip(expected, got))


def test_conversion_is_cached(marian, ct2_cache):
    before = sorted(p.name for p in ct2_cache.iterdir())
    _load(marian, ct2_cache)
    assert sorted(p.name for p in ct2_cache.iterdir()) == before
    assert any("float32" in name for name in before)


def test_generate_options_map_and_unknown_ones_fail(marian, ct2_cache):
    translator = _load(marian, ct2_cache)
    options = translator._options([5], {"num_beams": 3, "min_new_tokens": 4, "max_new_tokens": 9,
                                        "no_repeat_ngram_size": 2})
    # Marian ends with a forced </s> inside max_new_tokens; CTranslate2 does not, so one step fewer.
    assert options["beam_size"] == 3 and options["max_decoding_length"] == 8
    assert options["min_decoding_length"] == 4 and options["no_repeat_ngram_size"] == 2
    with pytest.raises(TypeError, match="do_sample"):
        translator.translate(["مرحبا"], do_sample=True)


def test_beam_count_defaults_to_the_generation_config(marian, ct2_cache):
    from transformers import GenerationConfig
    expected = GenerationConfig.from_pretrained(marian).num_beams
    assert _load(marian, ct2_cache).generation["num_beams"] == expected
    assert _load(marian, ct2_cache, num_beams=2).generation["num_beams"] == 2


def test_pipeline_uses_it(marian, ct2_cache, monkeypatch):
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    pipe = BriefPipeline(Config(backend="extractive", translator_model=marian, translator_engine="ctranslate2",
                                device="cpu", dtype="int8", num_threads=1))
    brief = pipe("\n".join(LINES[:5]), translation_generate={"max_new_tokens": 8})
    assert brief.english_status == "ok"
    assert len(brief.bullets_en) == len(brief.bullets_ar)


def test_missing_package_is_a_clear_model_error(marian, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(ModelUnavailable, match="pip install ctranslate2"):
        CTranslate2Translator.load(marian, Config(device="cpu"))


def test_compute_types():
    assert compute_type("cpu", "auto") == "int8"
    assert compute_type("cpu", "float32") == "float32"
    assert compute_type("cuda", "auto") == "float16"
    assert compute_type("cuda", "int8") == "int8_float16"
    assert compute_type("cuda", "bfloat16") == "bfloat16"
    with pytest.raises(ValueError, match="cuda"):
        compute_type("cpu", "float16")
