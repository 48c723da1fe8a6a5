"""The benchmark's rows on the tiny trained stand-ins (seconds; no timing is asserted).

The stand-ins respond to their input, so "the same lines" here means the same lines.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.measure import agreement, percentile
from bench.runner import Row, run

FORCED = {"summary_tokens": 6, "translation_tokens": 6}


@pytest.fixture(scope="module")
def docs(seed_text):
    from summarizer.testing import corpus
    return [seed_text, "\n".join(corpus("ar")[:6])]


def distinct(lines: list[str], docs: list[str]) -> bool:
    """Different lines, but for a headline that opens like its article's first bullet (both copy its start)."""
    return len(set(lines)) >= len(lines) - len(docs)


@pytest.fixture(scope="module")
def config(tiny_models, tmp_path_factory):
    return {"backend": "seq2seq", "summarizer_model": str(tiny_models["mbart"]),
            "translator_model": str(tiny_models["marian"]), "device": "cpu", "num_threads": 1,
            "ct2_cache": str(tmp_path_factory.mktemp("ct2"))}


@pytest.fixture(scope="module")
def ours_fp32(docs, config):
    return run(Row("ours", "library", docs, {**config, "dtype": "float32"}, repeats=2, runs=2, **FORCED))


@pytest.mark.slow
def test_library_row_times_and_reports(ours_fp32):
    assert ours_fp32["briefs"] == 2 and ours_fp32["seconds"] > 0 and ours_fp32["peak_mib"] > 0
    assert len(ours_fp32["run_seconds"]) == 2 and ours_fp32["p50"] <= ours_fp32["p95"] and ours_fp32["runs"] == 2
    assert len(ours_fp32["lines_ar"]) == len(ours_fp32["lines_en"]) == sum(ours_fp32["line_counts"])


@pytest.mark.slow
def test_like_for_like_baseline_writes_the_library_s_lines(docs, config, ours_fp32):
    """The per-line baseline decodes the library's own inputs one at a time: the same lines, both languages."""
    base = run(Row("baseline", "baseline", docs, config, runs=2, **FORCED))
    assert len(base["run_seconds"]) == 2
    assert len(base["lines_ar"]) > 6 and distinct(base["lines_ar"], docs)  # not a vacuous match
    assert base["lines_ar"] == ours_fp32["lines_ar"]
    assert base["lines_en"] == ours_fp32["lines_en"]


@pytest.mark.slow
def test_tutorial_row_writes_as_many_lines_but_other_ones(docs, config, ours_fp32):
    tutorial = run(Row("tutorial", "tutorial", docs, config, line_counts=ours_fp32["line_counts"], **FORCED))
    assert tutorial["line_counts"] == ours_fp32["line_counts"]
    assert tutorial["lines_ar"] != ours_fp32["lines_ar"]  # one long sequence per article: other work


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.slow
def test_peer_row_writes_what_the_library_writes_on_ctranslate2(docs, config, workers):
    pytest.importorskip("ctranslate2")
    fast = {**config, "dtype": "int8", "summarizer_runtime": "ctranslate2", "translator_runtime": "ctranslate2"}
    ours = run(Row("ours", "library", docs, fast, **FORCED))
    peer = run(Row("peer", "peer", docs, fast, workers=workers, **FORCED))
    assert distinct(peer["lines_ar"], docs)
    assert (peer["lines_ar"], peer["lines_en"]) == (ours["lines_ar"], ours["lines_en"])


@pytest.mark.slow
def test_translator_and_settings_rows(config, docs):
    lines = docs[1].splitlines()
    tr = run(Row("tr", "translator", lines, {**config, "backend": "extractive"}, num_beams=1, **FORCED))
    assert len(tr["lines_en"]) == len(lines) and tr["tokens_per_s"] > 0
    settings = run(Row("s", "settings", lines, config, **FORCED))
    assert len(settings["settings"]) == 3 and all(v > 0 for v in settings["settings"].values())


def test_measures():
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == 5.0
    assert agreement(["a b c", "d e"], ["a b c", "d x"])["identical"] == 0.5
    assert agreement(["a b c"], ["a b c"])["chrf"] == 100.0


def test_command_line_sizes():
    from bench.__main__ import parse
    assert parse(["--quick"]).quick and parse([]).device == "cpu" and parse(["--runs", "2"]).runs == 2


@pytest.mark.parametrize("argv, runs", [(["--quick"], 3), ([], 1), (["--runs", "5"], 5)])
def test_plan_times_baselines_headline_and_peers_alike(argv, runs):
    from bench.__main__ import parse, rows
    models = {"summarizer": "/m/sum", "translator": "/m/tr"}
    ladder, plan = rows(parse(argv), models, ["doc"], ["line"] * 300)
    ours = plan["ours"]
    assert ours is ladder[-1]
    assert ours.config["summarizer_runtime"] == ours.config["translator_runtime"] == "ctranslate2"
    assert ours.config["dtype"] == "int8" and ours.repeats > 0
    baseline, tutorial = plan["baselines"]
    assert (baseline.kind, tutorial.kind) == ("baseline", "tutorial")
    assert baseline.config["summarizer_model"] == "/m/sum" and baseline.config.get("dtype") is None  # fp32
    peers = [r for r in plan["extra"] if r.kind == "peer"]
    assert peers and all(p.config == ours.config for p in peers)
    timed = [*ladder, baseline, tutorial, *peers]
    assert {r.runs for r in timed} == {runs}  # never a single run against a median
    # The ladder switches techniques through Config fields, not module globals.
    first = ladder[0].config
    assert first["batch_min_fill"] == 0.0 and first["share_cross_attention_cache"] is False
    assert sum(r.kind == "translator" for r in plan["extra"]) == (0 if "--quick" in argv else 3)


def test_table_ratios_and_agreement_columns():
    from bench.__main__ import table

    def row(name, kind, seconds, ar, en):
        return {"name": name, "kind": kind, "seconds": seconds, "briefs_per_s": 2 / seconds, "tokens_per_s": 1.0,
                "peak_mib": 1, "others": 0.05, "run_seconds": [seconds] * 3, "tiny": {"lines_ar": ar, "lines_en": en}}

    baseline = row("base", "baseline", 10.0, ["a", "b"], ["x", "y"])
    ladder = [row("fp32", "library", 5.0, ["a", "b"], ["x", "y"]), row("fast", "library", 2.0, ["a", "c"], ["x", "y"])]
    lines = table(ladder, [baseline], [])
    assert lines[2].startswith("| base | 10.0 (median of 3) |") and "| 1.00× |" in lines[2]
    assert "| 2.00× | - |" in lines[3] and "| 100% / 100 | 100% / 100 |" in lines[3]
    assert lines[4].startswith("| **fast** |") and "| 5.00× | 2.50× |" in lines[4] and "| 50% /" in lines[4]


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
    monkeypatch.setattr(measure.os, "cpu_count", lambda: 2)  # the os module is restored after the test
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
    if Path("/proc/stat").is_file():
        assert _busy_seconds() > 0
    else:
        assert _busy_seconds() is None


def test_cuda_plan_adds_int8_float16_and_ctranslate2_can_be_left_out():
    from bench.__main__ import parse, rows
    models = {"summarizer": "/m/sum", "translator": "/m/tr"}
    _, plan = rows(parse(["--device", "cuda"]), models, ["doc"], ["line"] * 300)
    translators = [r for r in plan["extra"] if r.kind == "translator"]
    assert [r.config["dtype"] for r in translators] == ["float32", "float16", "float16", "int8"]
    assert translators[-1].config["translator_runtime"] == "ctranslate2"
    assert any(r.config.get("summarizer_runtime") == "ctranslate2" and r.config["dtype"] == "int8"
               for r in plan["extra"] if r.kind == "library")
    ladder, plan = rows(parse(["--device", "cuda", "--skip", "ctranslate2"]), models, ["doc"], ["line"] * 300)
    everything = [*ladder, *plan["baselines"], *plan["extra"]]
    assert not any("ctranslate2" in (r.config.get("translator_runtime"), r.config.get("summarizer_runtime"))
                   for r in everything)
    assert plan["ours"] is ladder[-1] and ladder[-1].repeats > 0 and ladder[-1].config["dtype"] == "float16"
