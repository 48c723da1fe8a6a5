"""python -m bench [--quick] [--device cpu|cuda]: batch briefs vs a like-for-like loop; last line `speedup <x>x`.

Timing runs on random-weight models in the real shapes; the agreement columns come from the same
rows run on the tiny trained stand-ins, whose outputs depend on their input (bench/models.py).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

from summarizer.config import cpu_threads

from .measure import agreement, others_cpu
from .models import CACHE, ensure_models
from .runner import Row, as_dict, isolated, run
from .workload import articles, read_sources

# (articles, summary tokens, translation tokens, latency runs, translator lines)
SIZES = {"quick": (3, 16, 16, 3, 32), "full": (12, 24, 24, 5, 256)}
# Rows the quick run leaves out to stay near 5 minutes on 2 cores (the full run has them).
FULL_ONLY = {"settings", "translator"}
# Above this share of the CPU used by other processes during a row, its timing is not trusted.
BUSY = 0.2
LIKE_FOR_LIKE = "baseline: per-line loop (library's inputs, batch 1)"
# Translator shape -> bench/models.py role: opus-mt-ar-en (transformer-base) and opus-mt-tc-big-ar-en (big).
TRANSLATOR_SHAPES = {"base": "translator", "big": "translator-big"}


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true",
                   help=f"small sizes, without the {', '.join(sorted(FULL_ONLY))} rows")
    p.add_argument("--articles", type=int, help="number of articles (default: 3 quick, 12 full)")
    p.add_argument("--runs", type=int, help="timed runs of every row, median reported (default: 3 quick, 1 full)")
    p.add_argument("--summary-tokens", type=int, help="forced length of each Arabic line")
    p.add_argument("--translation-tokens", type=int, help="forced length of each English line")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--gpu-dtype", choices=("float16", "bfloat16"), default="float16",
                   help="precision of the library rows on cuda (int8 dynamic quantization is CPU-only)")
    p.add_argument("--threads", type=int, help="torch/CTranslate2 threads (default: all cores)")
    p.add_argument("--generate-batch-size", type=int, help="sequences per generate call (default: 32 cpu, 256 cuda)")
    p.add_argument("--max-batch-tokens", type=int, help="padded tokens per call (default: 8192 cpu, 65536 cuda)")
    p.add_argument("--skip", nargs="*", default=[],
                   choices=("tutorial", "peer", "greedy", "latency", "translator", "settings", "runtime", "agreement",
                            "repair", "ctranslate2"),
                   help="rows (or the agreement columns) to leave out; ctranslate2: every row that runs it "
                        "(for a machine whose CTranslate2 cannot use its GPU)")
    p.add_argument("--shape", choices=("real", "tiny"), default="real",
                   help="tiny: time the trained tiny stand-ins, a seconds-long smoke run (timings mean nothing)")
    p.add_argument("--translators", nargs="+", choices=TRANSLATOR_SHAPES, default=list(TRANSLATOR_SHAPES),
                   help="translator shapes, each with every row, in one run (default: both)")
    p.add_argument("--json", type=Path, help="also write every row's numbers here")
    return p.parse_args(argv)


def rows(args, models: dict, docs: list[str], flores: list[str]) -> tuple[list[Row], dict]:
    n, summary, translation, repeats, tr_lines = SIZES["quick" if args.quick else "full"]
    runs = args.runs or (3 if args.quick else 1)
    skip = set(args.skip) | (FULL_ONLY if args.quick else set())
    cuda = args.device == "cuda"
    base = {"backend": "seq2seq", "summarizer_model": str(models["summarizer"]),
            "translator_model": str(models["translator"]), "device": args.device,
            "generate_batch_size": args.generate_batch_size or (256 if cuda else 32),
            "max_batch_tokens": args.max_batch_tokens or (65536 if cuda else 8192), "num_threads": args.threads,
            "ct2_cache": str(CACHE / "ct2")}
    fast = args.gpu_dtype if cuda else "int8"
    lengths = {"summary_tokens": args.summary_tokens or summary,
               "translation_tokens": args.translation_tokens or translation, "threads": args.threads}
    lib = {"kind": "library", "articles": docs, "runs": runs, **lengths}

    def cfg(**changes) -> dict:
        return {**base, **changes}

    stock = {"batch_min_fill": 0.0, "share_cross_attention_cache": False}
    both = {"translator_runtime": "ctranslate2", "summarizer_runtime": "ctranslate2"}
    ladder = [
        Row("batched fp32 (token budget only)", config=cfg(dtype="float32", **stock), **lib),
        Row("+ length buckets (batch_min_fill)", config=cfg(dtype="float32", share_cross_attention_cache=False),
            **lib),
        Row("+ shared cross-attn cache", config=cfg(dtype="float32"), **lib),
        Row(f"+ {fast}", config=cfg(dtype=fast), **lib),
        *([] if args.quick else [Row(f"+ CTranslate2 translator ({fast})",
                                     config=cfg(dtype=fast, translator_runtime="ctranslate2"), **lib)]),
        Row(f"+ CTranslate2, both models ({fast})", config=cfg(dtype=fast, **both), repeats=repeats, **lib),
    ]
    ours = ladder[-1]
    baselines = [Row(LIKE_FOR_LIKE, kind="baseline", articles=docs, config=cfg(), runs=runs, **lengths)]
    if "tutorial" not in skip:
        baselines.append(Row("tutorial loop: one sequence per article (1024-token input)", kind="tutorial",
                             articles=docs, config=cfg(), runs=runs, **lengths))
    extra = []
    if "peer" not in skip and not cuda:
        threads = args.threads or cpu_threads()  # the cores this process may use, as the library counts them
        for workers in sorted({1, threads}):
            extra.append(Row(f"peer: CTranslate2 directly ({fast}), {workers} worker(s) x {threads // workers} "
                             "thread(s)", kind="peer", articles=docs, config=ours.config, runs=runs, workers=workers,
                             **lengths))
    if "runtime" not in skip and not cuda:  # CTranslate2 without int8: what the runtime alone changes
        extra.append(Row("CTranslate2, both models (float32)", config=cfg(dtype="float32", **both), **lib))
    if "runtime" not in skip and cuda:  # int8 weights, float16 compute: CTranslate2's int8_float16
        extra.append(Row("CTranslate2, both models (int8_float16)", config=cfg(dtype="int8", **both), **lib))
    if "greedy" not in skip:
        extra.append(Row("greedy (not headline)", config=ours.config, num_beams=1, **lib))
    if "latency" not in skip:
        for runtime in ("transformers", "ctranslate2"):
            extra.append(Row(f"seed latency: extractive + {runtime} {fast}, greedy", kind="latency",
                             articles=docs[:1], config=cfg(backend="extractive", dtype=fast, translator_runtime=runtime),
                             num_beams=1, repeats=max(repeats, 5), translation_tokens=lengths["translation_tokens"],
                             threads=args.threads))
    if "latency" not in skip:  # as shipped: the model's own beams, CTranslate2 int8 (2 threads unless --threads)
        extra.append(Row(f"seed latency: extractive + ctranslate2 {fast}, the model's beams", kind="latency",
                         articles=docs[:1], config=cfg(backend="extractive", dtype=fast, translator_runtime="ctranslate2"),
                         repeats=max(repeats, 5), translation_tokens=lengths["translation_tokens"],
                         threads=args.threads))
    if "repair" not in skip:
        for runtime in ("transformers", "ctranslate2"):
            extra.append(Row(f"repair cost: translator alone, {runtime} {fast}, the model's beams", kind="repair",
                             articles=flores[:tr_lines], config=cfg(backend="extractive", dtype=fast,
                                                                    translator_runtime=runtime),
                             runs=runs, threads=args.threads))
    if "translator" not in skip:
        kinds = [("fp32", {"dtype": "float32"}), (fast, {"dtype": fast}),
                 (f"CTranslate2 {fast}", {"dtype": fast, "translator_runtime": "ctranslate2"})]
        if cuda:  # Config dtype int8 is CTranslate2's int8_float16 on cuda
            kinds.append(("CTranslate2 int8_float16", {"dtype": "int8", "translator_runtime": "ctranslate2"}))
        for name, changes in kinds:
            extra.append(Row(f"translator alone: {name}, greedy", kind="translator", articles=flores[:tr_lines],
                             config=cfg(backend="extractive", **changes), num_beams=1,
                             translation_tokens=lengths["translation_tokens"], threads=args.threads))
    if "settings" not in skip and not cuda:
        extra.append(Row("settings", kind="settings", articles=flores[:16], config=cfg(dtype="float32"),
                         translation_tokens=lengths["translation_tokens"], threads=args.threads))
    if "ctranslate2" in skip:
        ladder, extra = _without_ctranslate2(ladder), [r for r in _without_ctranslate2(extra) if r.kind != "peer"]
        ladder[-1] = ours = dataclasses.replace(ladder[-1], repeats=repeats)  # the headline row keeps its latency
    return ladder, {"ours": ours, "baselines": baselines, "extra": extra}


def _without_ctranslate2(rows: list[Row]) -> list[Row]:
    return [r for r in rows if "ctranslate2" not in (r.config.get("translator_runtime"),
                                                      r.config.get("summarizer_runtime"))]


def _fmt(value, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def _agree(ref: dict, row: dict, key: str) -> str:
    a = agreement(ref.get(key, []), row.get(key, []))
    return "-" if a["identical"] is None else f"{a['identical']:.0%} / {a['chrf']:.0f}"


TIMED = ("library", "baseline", "tutorial", "peer")
TWINNED = (*TIMED, "translator", "repair")  # rows also run on the tiny trained stand-ins, for their outputs


def table(ladder: list[dict], baselines: list[dict], extra: list[dict]) -> list[str]:
    head = ("| row | seconds | briefs/s | tokens/s | × baseline | × previous | peak MiB | other CPU "
            "| AR same / chrF vs fp32 | EN same / chrF vs fp32 |")
    out = [head, "|" + "---|" * 10]
    baseline = baselines[0]
    ref = ladder[0].get("tiny", {})
    for r in [*baselines, *ladder, *[e for e in extra if e["kind"] in TIMED]]:
        ratio = r["briefs_per_s"] / baseline["briefs_per_s"]
        at = next((i for i, x in enumerate(ladder) if x is r), 0)
        step = r["briefs_per_s"] / ladder[at - 1]["briefs_per_s"] if at else None  # each technique's own gain
        tiny = r.get("tiny", {})
        runs = len(r.get("run_seconds", [])) or 1
        seconds = f"{r['seconds']:.1f}" + (f" (median of {runs})" if runs > 1 else "")
        others = "-" if r.get("others") is None else f"{r['others']:.0%}"
        name = f"**{r['name']}**" if r is ladder[-1] else r["name"]
        out.append(f"| {name} | {seconds} | {r['briefs_per_s']:.3f} | {r['tokens_per_s']:.0f} | {ratio:.2f}× "
                   f"| {_fmt(step, '.2f') + ('×' if step else '')} | {r['peak_mib']} | {others} "
                   f"| {_agree(ref, tiny, 'lines_ar')} | {_agree(ref, tiny, 'lines_en')} |")
    return out


def main(argv=None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    n = args.articles or SIZES["quick" if args.quick else "full"][0]
    # Built (when missing) in a spawned child: this process must not compute with torch before forking rows.
    models = isolated(ensure_models, args.shape, fork=False)
    tiny = None if "agreement" in args.skip else isolated(ensure_models, "tiny", fork=False)
    import torch  # noqa: F401 - imported once here, so forked rows start without import time
    import transformers  # noqa: F401
    docs, (_, flores) = articles(n), read_sources()
    headline, done = [], {}
    for shape in args.translators:
        role = TRANSLATOR_SHAPES[shape]
        chosen = {"summarizer": models["summarizer"], "translator": models[role]}
        twins = None if tiny is None else {"summarizer": tiny["summarizer"], "translator": tiny[role]}
        print(f"\n## translator shape: {shape} ({models[role].name})", flush=True)
        headline.append(one_shape(args, chosen, twins, docs, flores, n, argv, done.setdefault(shape, [])))
        if args.json:  # after each shape, so a run cut short keeps what it measured
            args.json.write_text(json.dumps(done, ensure_ascii=False, indent=1))
    for shape, (ours, peers) in zip(args.translators, headline):
        for peer in peers:
            print(f"# {shape}: library vs {peer['name']}: {ours['briefs_per_s'] / peer['briefs_per_s']:.2f}x")
    print(f"\n# total {time.perf_counter() - started:.0f}s")
    print(f"speedup {headline[0][0]['speedup']:.1f}x")
    return 0


def one_shape(args, models: dict, tiny: dict | None, docs: list[str], flores: list[str], n: int, argv,
              done: list[dict]) -> tuple:
    """Every row for one translator shape, each result appended to done; returns (the headline row, the
    CTranslate2-direct rows)."""
    started = time.perf_counter()
    ladder, plan = rows(args, models, docs, flores)
    print(f"# python -m bench {' '.join(sys.argv[1:] if argv is None else argv)}")
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, device {args.device}, "
          f"load average {os.getloadavg()[0]:.1f}; {n} articles, lines forced to "
          f"{ladder[0].summary_tokens} (AR) / {ladder[0].translation_tokens} (EN) tokens; "
          f"every timed row run {ladder[0].runs} time(s)")

    def measure(row: Row) -> dict:
        with others_cpu(busy := {}):
            result = isolated(run, row)
        if "briefs" in result:  # every line is forced to its length: tokens = lines x length, on both sides
            lines = sum(result.get("line_counts") or row.line_counts)
            result["tokens_per_s"] = lines * (row.summary_tokens + row.translation_tokens) / result["seconds"]
            result["briefs_per_s"] = result["briefs"] / result["seconds"]
        result["row"] = as_dict(row)
        result["others"] = busy.get("others")
        done.append(result)
        took = f"{result['seconds']:.1f}s" if "seconds" in result else f"p50 {result['p50']:.2f}s"
        if len(result.get("run_seconds", [])) > 1:
            took += f", the median of {', '.join(f'{t:.1f}' for t in result['run_seconds'])}"
        others = "-" if result["others"] is None else f"{result['others']:.0%}"
        print(f"#   {row.name}: {took} (other processes used {others} of the CPU)", flush=True)
        if tiny is not None and row.kind in TWINNED:  # the same row on the trained stand-ins: outputs to compare
            result["tiny"] = isolated(run, row.with_models(tiny))
        return result

    ladder_results = [measure(row) for row in ladder]
    counts = ladder_results[0]["line_counts"]
    if any(r["line_counts"] != counts for r in ladder_results):
        print("# note: line counts differ between rows; tokens/s uses each row's own")
    for row in plan["baselines"]:
        row.line_counts = counts
    baselines = [measure(row) for row in plan["baselines"]]
    extra = [measure(row) for row in plan["extra"]]

    print()
    print("\n".join(table(ladder_results, baselines, extra)))
    details(extra, ladder_results)
    ours, baseline = ladder_results[-1], baselines[0]
    warn_busy(done)
    print(f"\n# total {time.perf_counter() - started:.0f}s; headline: {ours['name']} vs {baseline['name']}: same "
          f"models, inputs, beams ({', '.join(beams(models))}) and lengths")
    for other in [*baselines[1:], *[e for e in extra if e["kind"] == "peer"]]:
        print(f"# against {other['name']}: {ours['briefs_per_s'] / other['briefs_per_s']:.2f}x")
    ours["speedup"] = ours["briefs_per_s"] / baseline["briefs_per_s"]
    print(f"# {models['translator'].name}: speedup {ours['speedup']:.1f}x")
    return ours, [e for e in extra if e["kind"] == "peer"]


def warn_busy(done: list[dict]) -> None:
    busy = [f"{r['name']} ({r['others']:.0%})" for r in done if (r.get("others") or 0) > BUSY]
    if busy:
        print(f"# warning: other processes used over {BUSY:.0%} of the CPU during: {', '.join(busy)}. "
              "Multi-threaded batch-1 steps suffer most, which inflates the ratio; rerun on an idle machine, "
              "or compare with --threads 1")


def beams(models: dict) -> list[str]:
    from transformers import GenerationConfig
    return [f"{role} {GenerationConfig.from_pretrained(path).num_beams}" for role, path in models.items()]


def details(extra: list[dict], ladder: list[dict]) -> None:
    ours = ladder[-1]
    print(f"\nseed brief alone, {ours['name']}: p50 {ours['p50']:.2f}s, p95 {ours['p95']:.2f}s "
          f"({ours['runs']} runs)")
    for r in extra:
        if r["kind"] == "latency":
            print(f"{r['name']}: p50 {r['p50']:.2f}s, p95 {r['p95']:.2f}s ({r['runs']} runs, {r['lines']} lines)")
    for r in extra:
        if r["kind"] == "repair":
            changed = r.get("tiny", {}).get("changed")
            print(f"{r['name']}: {r['seconds']:.2f}s with the n-best ({r['beams']} hypotheses) vs "
                  f"{r['seconds_off']:.2f}s best only: x{r['seconds'] / r['seconds_off']:.2f} for {r['lines']} lines; "
                  f"lines it changed on the trained stand-in: {'-' if changed is None else changed}/{r['lines']}")
    translators = [r for r in extra if r["kind"] == "translator"]
    for r in translators:
        gpu = f", GPU peak {r['gpu_peak_mib']} MiB (torch only)" if "gpu_peak_mib" in r else ""
        same = _agree(translators[0].get("tiny", {}), r.get("tiny", {}), "lines_en")
        print(f"{r['name']}: {r['tokens_per_s']:.0f} tokens/s, peak {r['peak_mib']} MiB{gpu}, "
              f"output vs fp32 on the trained stand-in (same / chrF): {same}")
    for r in extra:
        if r["kind"] == "settings":
            print("pytorch settings (time without ÷ time with; >1 means the setting pays): "
                  + ", ".join(f"{k} {v:.2f}×" for k, v in r["settings"].items()))


if __name__ == "__main__":
    sys.exit(main())
