"""The CTranslate2 runtime on the tiny trained stand-ins: loading, conversion, options, workers, errors.

Its parity with transformers (scores, greedy and beam outputs, int8) is in test_parity.py.
"""
from __future__ import annotations

import json
import sys

import pytest

from summarizer import BriefPipeline, Config
from summarizer.errors import ModelUnavailable
from summarizer.runtimes.hf import TransformersRuntime
from summarizer.runtimes.load import load_runtime
from summarizer.testing import distinct_openings, probe_lines

ctranslate2 = pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed (optional runtime)")

from summarizer.runtimes.ct2 import CTranslate2Runtime, compute_type  # noqa: E402

LINES = [
    "أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 إرهابيا.",
    "وقال المتحدث إن الطائرات نفذت 1417 طلعة قتالية خلال أسبوعين.",
    "وأضاف البيان أن الجيش كسر الحصار عن مدينة دير الزور.",
    "في يوم الاثنين، أعلن علماء من كلية الطب بجامعة ستانفورد عن اختراع أداة تشخيصية جديدة.",
    "تحطمت طائرة على مدرج في حوالي الساعة ٩:٣٠ صباحاً بالتوقيت المحلي.",
    "مرحبا",
]
FORCED = {"min_new_tokens": 10, "max_new_tokens": 10}
CPU32 = dict(device="cpu", dtype="float32", num_threads=1)


@pytest.fixture(scope="module")
def marian(tiny_models):
    return str(tiny_models["marian"])


def _load(folder, cache, dtype="float32", **config):
    return CTranslate2Runtime.load(str(folder), "translator",
                                 Config(device="cpu", dtype=dtype, num_threads=1, ct2_cache=str(cache), **config))


def test_loads_and_generates_one_output_per_input(marian, ct2_cache):
    runtime = _load(marian, ct2_cache, dtype="int8")
    assert runtime.name == marian and runtime.family == "marian"
    assert runtime.compute_type == "int8"
    assert runtime.max_input_tokens == 512
    assert runtime.count_tokens(LINES[:2]) == [len(x) for x in runtime.tokenizer(LINES[:2])["input_ids"]]
    out = runtime.generate(LINES, max_batch_size=4, max_tokens=4096, num_beams=1, **FORCED)
    assert len(out) == len(LINES)
    assert all(isinstance(line, str) and line for line in out)
    assert runtime.generate([], max_batch_size=4, max_tokens=4096) == []


def test_rows_without_tokenizer_pieces_are_named(tiny_models, ct2_cache, tmp_path):
    """A checkpoint with more embedding rows than tokenizer pieces (like the real-shape stand-ins) converts."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    source = tiny_models["mbart"]
    model = AutoModelForSeq2SeqLM.from_pretrained(source)
    pieces = len(AutoTokenizer.from_pretrained(source))
    model.resize_token_embeddings(pieces + 37)
    model.save_pretrained(tmp_path / "padded")
    AutoTokenizer.from_pretrained(source).save_pretrained(tmp_path / "padded")
    runtime = _load(tmp_path / "padded", ct2_cache)
    folder = next(p for p in ct2_cache.iterdir() if p.name.startswith("padded-"))
    vocabulary = json.loads((folder / "shared_vocabulary.json").read_text())
    assert len(vocabulary) == pieces + 37
    assert json.loads((folder / "config.json").read_text())["decoder_start_token"] == "</s>"
    assert len(runtime.generate(LINES[:2], max_batch_size=2, max_tokens=4096, num_beams=1, **FORCED)) == 2


def test_conversion_is_cached(marian, ct2_cache):
    _load(marian, ct2_cache)
    before = {p.name: (p / "model.bin").stat().st_mtime_ns for p in ct2_cache.iterdir() if p.is_dir()}
    _load(marian, ct2_cache)
    after = {p.name: (p / "model.bin").stat().st_mtime_ns for p in ct2_cache.iterdir() if p.is_dir()}
    assert after == before  # same folders, none written again
    assert any("float32" in name for name in before)


def test_generate_options_map_and_unknown_ones_fail(marian, ct2_cache):
    runtime = _load(marian, ct2_cache)
    options = runtime._options({"num_beams": 3, "min_new_tokens": 4, "max_new_tokens": 9, "no_repeat_ngram_size": 2})
    # Marian ends with a forced </s> inside max_new_tokens; CTranslate2 does not, so one step fewer.
    assert options["beam_size"] == 3 and options["max_decoding_length"] == 8
    assert options["min_decoding_length"] == 4 and options["no_repeat_ngram_size"] == 2
    with pytest.raises(TypeError, match="do_sample"):
        runtime.generate(["مرحبا"], max_batch_size=1, max_tokens=512, do_sample=True)


def test_beam_count_defaults_to_the_generation_config(marian, ct2_cache):
    from transformers import GenerationConfig
    expected = GenerationConfig.from_pretrained(marian).num_beams
    assert _load(marian, ct2_cache)._options({})["beam_size"] == expected


def test_pipeline_runs_both_models_on_it(tiny_models, ct2_cache, monkeypatch, seed_text):
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    pipe = BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tiny_models["mbart"]),
                                translator_model=str(tiny_models["marian"]), summarizer_runtime="ctranslate2",
                                translator_runtime="ctranslate2", device="cpu", dtype="int8", num_threads=1))
    assert type(pipe.summarizer.runtime).__name__ == "CTranslate2Runtime"
    brief = pipe(seed_text, num_bullets=3, summary_generate={"max_new_tokens": 8},
                 translation_generate={"max_new_tokens": 8})
    assert brief.meta["backend"] == "seq2seq" and brief.english_status == "ok"
    assert len(brief.bullets_ar) == 3 and len(brief.bullets_en) == 3


def test_load_runtime_picks_the_runtime(marian, ct2_cache, monkeypatch):
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    assert isinstance(load_runtime(marian, "translator", Config(**CPU32), "ctranslate2"), CTranslate2Runtime)
    assert isinstance(load_runtime(marian, "translator", Config(**CPU32)), TransformersRuntime)


def test_missing_package_is_a_clear_model_error(marian, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(ModelUnavailable, match="pip install ctranslate2"):
        CTranslate2Runtime.load(marian, "translator", Config(device="cpu"))


def test_compute_types():
    assert compute_type("cpu", "auto") == "int8"
    assert compute_type("cpu", "float32") == "float32"
    assert compute_type("cuda", "auto") == "float16"
    assert compute_type("cuda", "int8") == "int8_float16"
    assert compute_type("cuda", "bfloat16") == "bfloat16"
    with pytest.raises(ValueError, match="cuda"):
        compute_type("cpu", "float16")


def test_command_line_runs_both_models_on_it(tiny_models, ct2_cache, monkeypatch, tmp_path, seed_text):
    from summarizer.commands import main
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    monkeypatch.setenv("BRIEF_THREADS", "1")
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "seed", "text": seed_text}, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    code = main([str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--backend", "seq2seq",
                 "--summarizer-model", str(tiny_models["mbart"]), "--translator-model", str(tiny_models["marian"]),
                 "--summarizer-runtime", "ctranslate2", "--translator-runtime", "ctranslate2", "--greedy",
                 "--bullets", "3", "--quiet"])
    assert code == 0
    [record] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "seed" and record["brief"]["meta"]["backend"] == "seq2seq"
    assert len(record["brief"]["bullets_en"]) == 3 and record["brief"]["english_status"] == "ok"


def test_cpu_threads_are_split_into_workers_that_use_them_all():
    from summarizer.runtimes.ct2 import cpu_workers
    assert cpu_workers(1) == (1, 1)
    assert cpu_workers(2) == (2, 1)
    assert cpu_workers(6) == (3, 2)
    assert cpu_workers(16) == (4, 4)
    assert all(w * t == n for n in range(1, 65) for w, t in [cpu_workers(n)])


def test_parallel_workers_give_the_same_outputs(marian, ct2_cache):
    one = _load(marian, ct2_cache)
    two = CTranslate2Runtime.load(marian, "translator", Config(device="cpu", dtype="float32", num_threads=2,
                                                             ct2_cache=str(ct2_cache)))
    assert (one.workers, two.workers) == (1, 2)
    batches = []
    original = two.translator.translate_batch

    def spy(tokens, **options):
        batches.append((len(tokens), options.get("asynchronous")))
        return original(tokens, **options)

    two.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
    lines = probe_lines()
    kwargs = dict(max_batch_size=8, max_tokens=4096, num_beams=2, **FORCED)
    expected = one.generate(lines, **kwargs)
    assert distinct_openings(expected) >= len(lines) - 1  # the stand-in responds to its input
    got = two.generate(lines, **kwargs)
    assert len(batches) >= 2 and all(asynchronous for _, asynchronous in batches)
    assert sum(n for n, _ in batches) == len(lines)
    assert got == expected


def test_summarizer_submits_segments_and_headlines_before_collecting(tiny_models, ct2_cache, monkeypatch, seed_text):
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    pipe = BriefPipeline(Config(backend="seq2seq", summarizer_model=str(tiny_models["mbart"]), translator_model="",
                                summarizer_runtime="ctranslate2", device="cpu", dtype="float32", num_threads=2))
    runtime = pipe.summarizer.runtime
    assert runtime.workers == 2
    events = []
    original = runtime._forward

    def forward(batch, options):
        events.append("submit")
        wait = original(batch, options)

        def collect():
            events.append("collect")
            return wait()
        return collect

    monkeypatch.setattr(runtime, "_forward", forward)
    brief = pipe(seed_text, num_bullets=3, summary_generate={"max_new_tokens": 6})
    assert len(brief.bullets_ar) == 3 and brief.headline_ar
    first_collect = events.index("collect")
    assert events[:first_collect] == ["submit"] * first_collect and first_collect >= 3  # segments + headline
    assert events.count("submit") == events.count("collect")


def test_repetition_penalty_is_flagged(marian, ct2_cache, caplog):
    """It works differently in CTranslate2 (on logits, without the start token): a warning says so."""
    runtime = _load(marian, ct2_cache)
    with caplog.at_level("WARNING", logger="summarizer.runtimes.ct2"):
        runtime._options({"repetition_penalty": 1.2})
    assert "repetition_penalty" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="summarizer.runtimes.ct2"):
        runtime._options({})
    assert "repetition_penalty" not in caplog.text


def test_generation_settings_it_cannot_follow_are_refused(tiny_models, ct2_cache, tmp_path):
    import shutil
    folder = tmp_path / "sampling"
    shutil.copytree(tiny_models["marian"], folder)
    settings = json.loads((folder / "generation_config.json").read_text())
    (folder / "generation_config.json").write_text(json.dumps({**settings, "do_sample": True}))
    with pytest.raises(ModelUnavailable, match="do_sample"):
        _load(folder, ct2_cache)


def test_a_setting_ctranslate2_cannot_run_is_a_model_error_and_the_pipeline_goes_on(marian, ct2_cache,
                                                                                    monkeypatch):
    with pytest.raises(ModelUnavailable, match="cuda"):
        _load(marian, ct2_cache, dtype="float16")
    monkeypatch.setenv("BRIEF_CT2_CACHE", str(ct2_cache))
    settings = dict(translator_model=marian, translator_runtime="ctranslate2", device="cpu", dtype="float16",
                    num_threads=1)
    with pytest.raises(ModelUnavailable, match="cuda"):  # a translator named is wanted
        BriefPipeline(Config(**settings))
    pipe = BriefPipeline(Config(**settings, allow_no_english=True))
    assert pipe.translator is None and "cuda" in pipe.english_status
    assert pipe("\n".join(LINES[:4])).bullets_ar


@pytest.mark.parametrize("variable", ["BRIEF_CT2_CACHE", "XDG_CACHE_HOME"])
def test_models_download_converts_and_names_the_cache_it_used(tiny_models, tmp_path, monkeypatch, capsys, variable):
    from summarizer.commands.models import main as models_main
    monkeypatch.delenv("BRIEF_CT2_CACHE", raising=False)
    monkeypatch.setenv(variable, str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "brief-ct2" if variable == "XDG_CACHE_HOME" else tmp_path / "cache"
    assert models_main(["download", "--translator", str(tiny_models["marian"]), "--runtime", "ctranslate2"]) == 0
    assert f"translator: converted for CTranslate2 (cache: {cache})" in capsys.readouterr().out
    assert any(cache.iterdir())  # the conversion is there


def test_the_default_models_big_layout_converts_and_runs_in_int8(ct2_cache):
    """The transformer-big layout (opus-mt-tc-big-ar-en: relu, 1024 positions, .bin only) converts, in
    float32 with transformers' greedy lines, and in int8 close to them."""
    from summarizer.testing import cached_model, memorised_lines
    folder = str(cached_model("marian-big"))
    lines = memorised_lines()
    reference = TransformersRuntime.load(folder, "translator", Config(**CPU32)).generate(
        lines, max_batch_size=8, max_tokens=4096, num_beams=1, max_new_tokens=40)
    assert distinct_openings(reference) >= len(lines) - 1
    exact = CTranslate2Runtime.load(folder, "translator", Config(**CPU32, ct2_cache=str(ct2_cache)))
    assert exact.max_input_tokens == 1024
    assert exact.generate(lines, max_batch_size=8, max_tokens=4096, num_beams=1, max_new_tokens=40) == reference
    int8 = CTranslate2Runtime.load(folder, "translator", Config(device="cpu", dtype="int8", num_threads=1,
                                                               ct2_cache=str(ct2_cache)))
    assert int8.compute_type == "int8"
    quantized = int8.generate(lines, max_batch_size=8, max_tokens=4096, num_beams=1, max_new_tokens=40)
    # int8 rounds the weights, so a stand-in's near ties can tip a digit or a word: close, not equal.
    import difflib
    similar = [difflib.SequenceMatcher(None, a, b).ratio() for a, b in zip(quantized, reference)]
    assert sum(a == b for a, b in zip(quantized, reference)) >= len(lines) / 2 and min(similar) >= 0.8, similar
    assert sum(similar) / len(similar) >= 0.9, similar


def test_a_brief_worth_of_lines_is_one_batch_per_worker_and_translates_the_same(marian, ct2_cache):
    """The translator asks for one batch per worker where a call fits (not a length bucket more, which
    made one worker decode twice); the lines come back the same and in order."""
    from summarizer.presets import preset_for
    from summarizer.translate.marian import MarianTranslator
    one = _load(marian, ct2_cache)
    two = CTranslate2Runtime.load(marian, "translator", Config(device="cpu", dtype="float32", num_threads=2,
                                                             ct2_cache=str(ct2_cache)))
    assert two.workers == 2
    lines = [*probe_lines()[:5], "مرحبا"]  # mixed lengths: the length buckets would make 3 batches of them
    batches = []
    original = two.translator.translate_batch

    def spy(tokens, **options):
        batches.append(len(tokens))
        return original(tokens, **options)

    two.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
    assert len(two.generate(lines, max_batch_size=32, max_tokens=8192, num_beams=1, max_new_tokens=1)) == 6
    assert len(batches) >= 3
    preset = preset_for("marian", marian).translation
    expected = MarianTranslator(one, preset, num_beams=2).translate(lines, **FORCED)
    assert distinct_openings(expected) >= len(lines) - 1  # the stand-in responds to its input
    batches.clear()
    assert MarianTranslator(two, preset, num_beams=2).translate(lines, **FORCED) == expected
    assert batches == [3, 3]
