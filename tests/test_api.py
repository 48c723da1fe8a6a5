"""The Python face: brief(), BriefPipeline reuse, Config from arguments and environment."""
import pytest

import summarizer
from summarizer import Brief, BriefPipeline, Config, InputError, brief
from summarizer.config import DEFAULT_TRANSLATOR


def test_face_exports_the_contract():
    for name in ("brief", "Brief", "BriefPipeline", "Config"):
        assert hasattr(summarizer, name)


def test_one_call_brief_and_pipeline_reuse(seed_text):
    first = brief(seed_text, translator_model="", num_bullets=4)
    assert isinstance(first, Brief) and len(first.bullets_ar) == 4
    assert first.headline_en is None and first.bullets_en is None
    second = brief(seed_text, translator_model="", num_bullets=3)
    assert len(second.bullets_ar) == 3
    assert len(summarizer.pipeline._PIPELINES) >= 1
    cached = [p for c, p in summarizer.pipeline._PIPELINES.items() if c.translator_model == ""]
    assert len(cached) == 1  # the same models served both calls


def test_bad_input_raises_input_error_with_reason():
    pipe = BriefPipeline(Config(translator_model=""))
    with pytest.raises(InputError, match="empty"):
        pipe("   \n  ")
    with pytest.raises(InputError, match="not Arabic"):
        pipe("An English sentence that is long enough to be checked properly.")
    with pytest.raises(InputError, match="too long"):
        BriefPipeline(Config(translator_model="", max_chars=100))("نص عربي طويل " * 50)
    with pytest.raises(TypeError, match="unknown option"):
        pipe("نص", colour="red")
    with pytest.raises(ValueError, match="between 3 and 7"):
        pipe("نص عربي", num_bullets=9)


def test_config_precedence_arguments_env_defaults():
    env = {"BRIEF_BULLETS": "4", "BRIEF_OFFLINE": "yes", "BRIEF_BACKEND": "seq2seq",
           "BRIEF_BEAMS": "none"}
    cfg = Config.from_env(env, backend="extractive")
    assert cfg.num_bullets == 4 and cfg.offline is True
    assert cfg.backend == "extractive"  # the argument wins over the environment
    assert cfg.num_beams is None and cfg.translator_model == DEFAULT_TRANSLATOR
    with pytest.raises(ValueError, match="BRIEF_BATCH_SIZE"):
        Config.from_env({"BRIEF_BATCH_SIZE": "many"})
    with pytest.raises(ValueError, match="device must be one of"):
        Config(device="tpu")
    with pytest.raises(ValueError, match="num_bullets"):
        Config(num_bullets=2)


def test_html_input_is_briefed_as_text_with_a_note(seed_text):
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in seed_text.splitlines()) + "<script>x()</script></body></html>"
    result = BriefPipeline(Config(translator_model=""))(page)
    assert "سلاح الجو الروسي قضى على 40 إرهابيا" in result.headline_ar  # the lead's event
    assert any("input was HTML" in w for w in result.warnings)


def test_with_backend_shares_the_translator(tiny_models, seed_text):
    pipe = BriefPipeline(Config(translator_model=str(tiny_models["marian"]), num_beams=1, translation_max_new_tokens=4))
    other = pipe.with_backend("seq2seq", summarizer_model=str(tiny_models["mt5"]))
    assert other.summarizer.name == "seq2seq" and pipe.summarizer.name == "extractive"
    assert other.translator is pipe.translator and other._lock is pipe._lock
    assert other.status()["device"] == "cpu" and pipe.status()["device"] == "cpu"
    missing = pipe.with_backend("seq2seq", summarizer_model="/nonexistent/model")
    assert missing.summarizer.name == "extractive"
    assert any("/nonexistent/model" in w for w in missing.load_warnings)
    assert not any("/nonexistent/model" in w for w in pipe.load_warnings)


def test_brief_batch_refuses_a_string_and_takes_any_iterable(seed_text):
    pipe = BriefPipeline(Config(translator_model=""))
    with pytest.raises(TypeError, match="list of articles"):
        pipe.brief_batch(seed_text)
    results = pipe.brief_batch(text for text in (seed_text, ""))
    assert results[0].headline_ar == pipe(seed_text).headline_ar
    assert "empty" in str(results[1])
