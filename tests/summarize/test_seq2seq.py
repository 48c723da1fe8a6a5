"""The seq2seq path on tiny random models in the real architectures, loaded like real ones."""
import pytest

from summarizer import BriefPipeline, Config, ModelUnavailable
from summarizer.runtimes.hf import TransformersRuntime

FAST = {"num_threads": 1, "num_beams": 1, "summary_max_new_tokens": 8, "headline_max_new_tokens": 6,
        "translation_max_new_tokens": 8}


@pytest.fixture(scope="module")
def mbart_pipeline(tiny_models):
    return BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tiny_models["mbart"]),
                                translator_model=str(tiny_models["marian"]), **FAST))


def test_limit_read_from_model_config_not_tokenizer(tiny_models):
    runtime = TransformersRuntime.load(str(tiny_models["mbart"]), "summarizer", Config(num_threads=1))
    assert runtime.tokenizer.model_max_length > 1e6  # AraBART-like: the tokenizer claims no limit
    assert runtime.max_input_tokens == 1024 == runtime.model.config.max_position_embeddings
    marian = TransformersRuntime.load(str(tiny_models["marian"]), "translator", Config(num_threads=1))
    assert marian.max_input_tokens == 512 and marian.family == "marian"


@pytest.mark.parametrize("family", ["mbart", "mt5"])
def test_seq2seq_brief_on_seed(tiny_models, seed_text, family):
    pipe = BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tiny_models[family]),
                                translator_model=str(tiny_models["marian"]), **FAST))
    assert pipe.summarizer.name == "seq2seq" and pipe.summarizer.preset.family == family
    brief = pipe(seed_text, num_bullets=3)
    assert len(brief.bullets_ar) == 3
    assert len(brief.bullets_en) == 3 and brief.headline_en is not None
    # Map step: three contiguous segments that together cover every sentence once.
    flat = [i for src in brief.sources for i in src]
    assert flat == list(range(18))
    assert brief.meta["backend"] == "seq2seq" and brief.meta["summarizer_model"] == str(tiny_models[family])
    assert set(brief.meta["timings"]) >= {"preprocess", "summarize", "translate", "check"}


class GenerateSpy:
    """Records the shape of every input_ids tensor that reaches the model's generate."""

    def __init__(self, runtime, monkeypatch):
        self.shapes = []
        original = runtime.model.generate

        def generate(**kwargs):
            self.shapes.append(tuple(kwargs["input_ids"].shape))
            return original(**kwargs)

        monkeypatch.setattr(runtime.model, "generate", generate)

    @property
    def longest(self) -> int:
        return max(width for _, width in self.shapes)


@pytest.mark.slow  # generates every chunk of a long article (about 2 s)
def test_long_article_is_chunked_to_the_position_limit(mbart_pipeline, seed_text, monkeypatch):
    runtime = mbart_pipeline.summarizer.runtime
    spy = GenerateSpy(runtime, monkeypatch)
    long_text = "\n".join([seed_text] * 20)
    positions = runtime.model.config.max_position_embeddings
    assert runtime.count_tokens([long_text])[0] > 5 * positions  # really longer than the model
    brief = mbart_pipeline(long_text, num_bullets=5, translate=False)
    # What the model itself received: padded batches, none wider than its positions, and the
    # segments packed up to the limit (not cut into needlessly small pieces).
    assert spy.shapes and positions // 2 < spy.longest <= positions
    assert len(brief.bullets_ar) == 5
    assert any("map-reduce" in w for w in brief.warnings)
    # Every source sentence is attributed to exactly one bullet: nothing silently cut.
    flat = sorted(i for src in brief.sources for i in src)
    assert flat == list(range(brief.meta["sentences"]))


def test_small_position_limit_forces_sentence_splitting(mbart_pipeline, seed_text, monkeypatch):
    runtime = mbart_pipeline.summarizer.runtime
    monkeypatch.setattr(runtime, "max_input_tokens", 40)  # shorter than several seed sentences
    spy = GenerateSpy(runtime, monkeypatch)
    brief = mbart_pipeline(seed_text, num_bullets=4, translate=False)
    assert spy.shapes and 20 < spy.longest <= 40
    # A sentence split across two segments is cited by both; together they cite every sentence.
    assert sorted({i for s in brief.sources for i in s}) == list(range(18))


def test_missing_default_summarizer_falls_back_to_extractive(seed_text, tmp_path, monkeypatch):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    pipe = BriefPipeline(Config(backend="seq2seq", offline=True, translator_model=""))
    assert pipe.summarizer.name == "extractive"
    brief = pipe(seed_text)
    assert any(Config().summarizer_model in w and "extractive" in w for w in brief.warnings)
    assert len(brief.bullets_ar) == 5
    # A summarizer the user named that is not there is an error instead.
    with pytest.raises(ModelUnavailable, match="nowhere"):
        BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tmp_path / "nowhere"), translator_model=""))


def test_non_seq2seq_folder_is_refused_clearly(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelUnavailable) as info:
        TransformersRuntime.load(str(tmp_path), "summarizer", Config())
    assert str(tmp_path) in str(info.value)


def test_headline_reads_the_opening_sentences_within_the_preset_cap(mbart_pipeline, seed_text):
    summarizer = mbart_pipeline.summarizer
    cap = summarizer.preset.headline.max_input_tokens
    assert cap == 256  # prompts/mbart.toml
    seen = []
    original = summarizer.runtime.submit

    def spy(texts, **kwargs):
        seen.append((kwargs.get("max_new_tokens"), list(texts)))
        return original(texts, **kwargs)

    summarizer.runtime.submit = spy
    try:
        brief = mbart_pipeline(seed_text, num_bullets=3, translate=False)
    finally:
        del summarizer.runtime.submit
    headline_inputs = [texts for max_new, texts in seen if max_new == FAST["headline_max_new_tokens"]]
    assert len(headline_inputs) == 1 and len(headline_inputs[0]) == 1
    lead = headline_inputs[0][0]
    assert summarizer.runtime.count_tokens([lead])[0] <= cap
    # The opening sentences, in order, as many as fit: the seed's lead segment is longer than the cap.
    sources = brief.headline_sources
    assert sources == list(range(len(sources))) and len(sources) >= 1
    first = mbart_pipeline.preprocess(seed_text).sentences
    assert lead == " ".join(first[i].text for i in sources)
    assert summarizer.runtime.count_tokens([" ".join(s.text for s in first[:len(sources) + 1])])[0] > cap
    assert len(brief.sources[0]) > len(sources)
