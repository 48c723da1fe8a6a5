"""Smoke test of the benchmark code path on tiny models (seconds; no timing is asserted)."""
from __future__ import annotations

import pytest

from bench.measure import agreement, percentile
from bench.runner import Row, run
from summarizer import Config

FORCED = {"summary_tokens": 4, "translation_tokens": 4}


@pytest.fixture(scope="module")
def docs(seed_text):
    return [seed_text, "\n".join(seed_text.splitlines()[:6])]


@pytest.fixture(scope="module")
def config(tiny_models):
    return {"backend": "seq2seq", "summarizer_model": str(tiny_models["mbart"]),
            "translator_model": str(tiny_models["marian"]), "device": "cpu", "num_threads": 1}


def test_library_and_baseline_rows_make_the_same_lines(docs, config):
    ours = run(Row("ours", "library", docs, {**config, "dtype": "int8"}, repeats=2, **FORCED))
    assert ours["briefs"] == 2 and ours["seconds"] > 0 and ours["peak_mib"] > 0
    assert ours["p50"] <= ours["p95"] and ours["runs"] == 2
    assert len(ours["lines_ar"]) == len(ours["lines_en"]) == sum(ours["line_counts"])
    base = run(Row("baseline", "baseline", docs, config, line_counts=ours["line_counts"], **FORCED))
    assert len(base["lines_ar"]) == len(base["lines_en"]) == sum(ours["line_counts"])


def test_overlap_prototype_returns_every_brief(docs, config):
    result = run(Row("overlap", "overlap", docs, config, **FORCED))
    assert result["briefs"] == 2 and len(result["lines_en"]) == sum(result["line_counts"])


def test_translator_and_settings_rows(config, docs):
    lines = docs[1].splitlines()
    tr = run(Row("tr", "translator", lines, {**config, "backend": "extractive"}, num_beams=1, **FORCED))
    assert len(tr["lines_en"]) == len(lines) and tr["tokens_per_s"] > 0
    settings = run(Row("s", "settings", lines, config, **FORCED))
    assert len(settings["settings"]) == 3 and all(v > 0 for v in settings["settings"].values())


@pytest.mark.parametrize("family", ["mbart", "marian", "mt5"])
def test_shared_cross_attention_cache_keeps_beam_outputs(tiny_models, seed_text, family):
    """The beam-search cache in runtimes/hf.py skips a no-op copy: outputs must not change."""
    from summarizer.runtimes.hf import Seq2SeqModel
    engine = Seq2SeqModel.load(str(tiny_models[family]), "summarizer", Config(device="cpu", num_threads=1))
    assert engine.share_cross_attention_cache
    texts = [line for line in seed_text.splitlines() if line.strip()][:5]
    kwargs = {"max_batch_size": 3, "max_tokens": 4096, "num_beams": 4, "max_new_tokens": 10}
    shared = engine.generate(texts, **kwargs)
    engine.share_cross_attention_cache = False
    assert engine.generate(texts, **kwargs) == shared


def test_measures():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 5.0
    assert agreement(["a b c", "d e"], ["a b c", "d x"])["identical"] == 0.5
    assert agreement(["a b c"], ["a b c"])["chrf"] == 100.0


def test_command_line_sizes():
    from bench.__main__ import parse
    assert parse(["--quick"]).quick and parse([]).device == "cpu"


def test_quick_plan_headline_row_runs_both_models_on_ctranslate2():
    from bench.__main__ import parse, rows
    models = {"summarizer": "/m/sum", "translator": "/m/tr"}
    for argv, translator_rows in ((["--quick"], 0), ([], 3)):
        ladder, plan = rows(parse(argv), models, ["doc"], ["line"] * 300)
        ours = plan["ours"]
        assert ours is ladder[-1]
        assert ours.config["summarizer_runtime"] == ours.config["translator_runtime"] == "ctranslate2"
        assert ours.config["dtype"] == "int8" and ours.repeats > 0
        assert sum(r.kind == "translator" for r in plan["extra"]) == translator_rows
        assert plan["baseline"].config["summarizer_model"] == "/m/sum"


def test_others_cpu_counts_other_processes_not_ours(monkeypatch):
    """Deterministic: the machine's busy time and our own CPU time are stand-ins."""
    import bench.measure as measure
    clock = iter([0.0, 10.0])
    busy = iter([100.0, 115.0])  # the machine: 15 CPU seconds busy in 10 s
    own = iter([5.0, 10.0])      # of which we used 5
    from types import SimpleNamespace
    monkeypatch.setattr(measure, "time", SimpleNamespace(perf_counter=lambda: next(clock)))
    monkeypatch.setattr(measure, "_busy_seconds", lambda: next(busy))
    monkeypatch.setattr(measure, "_own_seconds", lambda: next(own))
    monkeypatch.setattr(measure.os, "cpu_count", lambda: 2)  # noqa: the os module is restored after
    with measure.others_cpu(result := {}):
        pass
    assert result["others"] == pytest.approx(10.0 / (10.0 * 2))  # others: 10 of 20 CPU seconds
    # Without /proc/stat there is no figure rather than a wrong one.
    clock, own = iter([0.0, 10.0]), iter([5.0, 10.0])
    monkeypatch.setattr(measure, "_busy_seconds", lambda: None)
    with measure.others_cpu(none := {}):
        pass
    assert "others" not in none


def test_busy_and_own_seconds_are_read():
    from bench.measure import _busy_seconds, _own_seconds
    assert _own_seconds() > 0
    busy = _busy_seconds()
    assert busy is None or busy > 0
