"""One benchmark row: load, warm up, time, report.

Each row runs in a child process forked from a parent that has imported
torch and transformers but never computed with them (so no thread pool is
forked): a row's peak memory and thread pools are its own, and starting
it costs no imports.
"""
from __future__ import annotations

import os
import statistics
from dataclasses import asdict, dataclass, field, replace

from .measure import peak_memory, percentile, stopwatch

WARMUP_TEXT = "أعلنت الوزارة اليوم عن خطة جديدة. وقال المتحدث إن الخطة تبدأ الشهر المقبل. وأضاف أن التنفيذ سيستغرق عامين."


@dataclass
class Row:
    """What to run. `config` holds summarizer.Config fields; lengths are forced output tokens."""
    name: str
    kind: str  # library | baseline | tutorial | peer | latency | translator | settings | repair
    articles: list[str] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    summary_tokens: int = 16
    translation_tokens: int = 16
    num_bullets: int = 5
    num_beams: int | None = None
    line_counts: list[int] = field(default_factory=list)  # tutorial: lines per article, from ours
    repeats: int = 0  # library rows: also time the first article alone this many times
    runs: int = 1  # time the whole batch this many times and report the median
    threads: int | None = None
    workers: int = 1  # peer: CTranslate2 workers

    def with_models(self, models: dict) -> "Row":
        """The same row on other model folders (role -> folder), timed once: for agreement only."""
        config = {**self.config, "summarizer_model": str(models["summarizer"]),
                  "translator_model": str(models["translator"])}
        return replace(self, config=config, runs=1, repeats=0)


def run(row: Row) -> dict:
    import torch
    if row.threads:
        torch.set_num_threads(row.threads)
    result = {"name": row.name, "kind": row.kind, "threads": torch.get_num_threads()}
    {"baseline": _baseline, "tutorial": _tutorial, "peer": _peer, "library": _library, "latency": _latency,
     "translator": _translator, "settings": _settings, "repair": _repair}[row.kind](row, result)
    return result


def isolated(fn, *args, fork: bool = True):
    """fn(*args) in a child process: forked (cheap), or spawned (for code that may compute with torch)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    method = "fork" if fork and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(method)) as pool:
        return pool.submit(fn, *args).result()


def _forced(n: int) -> dict:
    return {"min_new_tokens": n, "max_new_tokens": n}


def _timed(row: Row, result: dict, once) -> object:
    """once() timed row.runs times; the median into result["seconds"], the last output returned.

    A 2-core VM's speed drifts by +-20% over seconds: the median of a few runs is steadier, and
    every row of a run is timed the same number of times.
    """
    times = []
    with peak_memory(result):
        for _ in range(max(1, row.runs)):
            with stopwatch(single := {}):
                output = once()
            times.append(single["seconds"])
    result.update(seconds=statistics.median(times), run_seconds=times)
    return output


def _lines(result: dict, arabic: list[list[str]], english: list[list[str]]) -> None:
    result.update(briefs=len(arabic), line_counts=[len(lines) for lines in arabic],
                  lines_ar=[x for lines in arabic for x in lines], lines_en=[x for lines in english for x in lines])


def _plans(row: Row):
    from .baseline import library_inputs
    return library_inputs(row.config["summarizer_model"], row.articles, row.num_bullets,
                          _forced(row.summary_tokens), row.num_beams)


def _translation(row: Row) -> dict:
    return {**_forced(row.translation_tokens), "num_beams": row.num_beams}


def _baseline(row: Row, result: dict) -> None:
    """Like for like: the library's own inputs, one generate each at batch 1 (plain transformers fp32)."""
    from summarizer import Config

    from .baseline import PerLineBriefer
    cfg = row.config
    plans = _plans(row)  # the library's chunking, done before the clock starts
    briefer = PerLineBriefer(cfg["summarizer_model"], cfg["translator_model"], Config(**cfg).headline_max_words,
                             cfg.get("device", "cpu"))
    warm = _plans(replace(row, articles=[WARMUP_TEXT], summary_tokens=2))[0]
    briefer.brief(*warm, _forced(2))
    outputs = _timed(row, result, lambda: [briefer.brief(*plan, _translation(row)) for plan in plans])
    _lines(result, [ar for ar, _ in outputs], [en for _, en in outputs])


def _tutorial(row: Row, result: dict) -> None:
    """The earlier baseline: one long sequence per article (1024-token cross-attention), cut into lines."""
    from .baseline import TutorialBriefer
    cfg = row.config
    briefer = TutorialBriefer(cfg["summarizer_model"], cfg["translator_model"], cfg.get("device", "cpu"))
    briefer.brief(WARMUP_TEXT, 1, 2, 2)
    outputs = _timed(row, result, lambda: [
        briefer.brief(article, lines, row.summary_tokens, row.translation_tokens)
        for article, lines in zip(row.articles, row.line_counts)])
    _lines(result, [ar for ar, _ in outputs], [en for _, en in outputs])


def _peer(row: Row, result: dict) -> None:
    """CTranslate2 directly on the same converted models and the library's inputs."""
    from summarizer import Config
    from summarizer.runtimes.ct2 import cache_root, compute_type

    from .peer import CTranslate2Briefer
    cfg = Config(**row.config)
    plans = _plans(row)
    briefer = CTranslate2Briefer(cfg.summarizer_model, cfg.translator_model, cache_root(cfg),
                                 compute_type(cfg.device, cfg.dtype), cfg.headline_max_words, cfg.threads, row.workers)
    briefer.brief(_plans(replace(row, articles=[WARMUP_TEXT], summary_tokens=2)), _forced(2))
    arabic, english = _timed(row, result, lambda: briefer.brief(plans, _translation(row)))
    _lines(result, arabic, english)


def _pipeline(row: Row):
    from summarizer import BriefPipeline, Config
    from summarizer.translate.base import CachedTranslator
    pipe = BriefPipeline(Config(**row.config))
    if pipe.load_warnings or pipe.translator is None:
        raise RuntimeError(f"row {row.name}: the pipeline did not load as asked: {pipe.status()}")
    # The cache would answer repeated lines (and warm-up lines) for free: time the runtimes themselves.
    if isinstance(pipe.translator, CachedTranslator):
        pipe.translator = pipe.translator.inner
    return pipe


def _options(row: Row) -> dict:
    return {"num_bullets": row.num_bullets, "num_beams": row.num_beams,
            "summary_generate": _forced(row.summary_tokens), "translation_generate": _forced(row.translation_tokens)}


def _library(row: Row, result: dict) -> None:
    pipe = _pipeline(row)
    pipe.brief_batch([WARMUP_TEXT], **{**_options(row), "summary_generate": _forced(2),
                                       "translation_generate": _forced(2)})
    briefs = _timed(row, result, lambda: pipe.brief_batch(row.articles, **_options(row)))
    errors = [str(b) for b in briefs if isinstance(b, Exception)]
    if errors:
        raise RuntimeError(f"row {row.name}: {len(errors)} article(s) failed: {errors[0]}")
    _lines(result, [[b.headline_ar, *b.bullets_ar] for b in briefs], [[b.headline_en, *b.bullets_en] for b in briefs])
    if row.repeats:
        result.update(_seed_latency(pipe, row, _options(row)))


def _seed_latency(pipe, row: Row, options: dict) -> dict:
    """p50/p95 of briefing the first article alone, `row.repeats` times."""
    times = []
    for _ in range(row.repeats):
        with stopwatch(once := {}):
            brief = pipe.brief_batch(row.articles[:1], **options)[0]
        times.append(once["seconds"])
    if isinstance(brief, Exception):
        raise RuntimeError(f"row {row.name}: {brief}")
    return {"p50": percentile(times, 50), "p95": percentile(times, 95), "mean": statistics.mean(times),
            "runs": len(times), "lines": 1 + len(brief.bullets_ar)}


def _latency(row: Row, result: dict) -> None:
    pipe = _pipeline(row)
    options = _options(row)
    pipe.brief_batch([WARMUP_TEXT], **options)
    with peak_memory(result):
        result.update(_seed_latency(pipe, row, options))


def _translator(row: Row, result: dict) -> None:
    """Translator alone at large batch: tokens/s on fixed FLORES input (the GPU target's measure)."""
    pipe = _pipeline(row)
    lines = row.articles
    generate = {"num_beams": row.num_beams, **_forced(row.translation_tokens)}
    pipe.translator.translate(lines[:4], **{**generate, **_forced(2)})
    with peak_memory(result), stopwatch(result):
        outputs = pipe.translator.translate(lines, **generate)
    result.update(lines_en=outputs, tokens=len(lines) * row.translation_tokens,
                  tokens_per_s=len(lines) * row.translation_tokens / result["seconds"])


def _repair(row: Row, result: dict) -> None:
    """Repair before warning, what it costs: the translator alone on FLORES lines with the model's own beams,
    asking the beam search for its n-best (repair on) or its best only (off), the two alternated `runs` times."""
    pipe = _pipeline(row)
    marian = pipe.translator
    while hasattr(marian, "inner"):
        marian = marian.inner
    lines = row.articles
    marian.translate(lines[:4], max_new_tokens=2)
    times = {True: [], False: []}
    outputs = {}
    for _ in range(max(1, row.runs)):
        for repair in (False, True):
            marian.repair, marian.repairs = repair, 0
            with stopwatch(once := {}):
                outputs[repair] = pipe.translator.translate(lines)
            times[repair].append(once["seconds"])
    changed = sum(a != b for a, b in zip(outputs[False], outputs[True]))
    result.update(seconds=statistics.median(times[True]), seconds_off=statistics.median(times[False]),
                  run_seconds=times[True], lines=len(lines), changed=changed, lines_en=outputs[True],
                  beams=marian._beams(dict(marian.generation)))


def _settings(row: Row, result: dict) -> None:
    """PyTorch settings on the Marian shape, one batched generate each: what each is worth alone."""
    import torch

    from summarizer import Config
    from summarizer.runtimes.hf import TransformersRuntime
    runtime = TransformersRuntime.load(row.config["translator_model"], "translator", Config(**row.config))
    model, tokenizer = runtime.model, runtime.tokenizer
    inputs = tokenizer(row.articles, return_tensors="pt", padding=True)
    generate = {"num_beams": row.num_beams or 1, **_forced(row.translation_tokens)}

    def timed(context, threads: int, attention: str) -> float:
        torch.set_num_threads(threads)
        model.set_attn_implementation(attention)
        with context():
            model.generate(**inputs, **{**generate, **_forced(2)})
            with stopwatch(out := {}):
                model.generate(**inputs, **generate)
        return out["seconds"]

    threads = torch.get_num_threads()
    other = 1 if threads > 1 else os.cpu_count() or 1
    base = timed(torch.inference_mode, threads, "sdpa")
    result["settings"] = {
        "inference_mode vs no_grad": timed(torch.no_grad, threads, "sdpa") / base,
        "sdpa vs eager attention": timed(torch.inference_mode, threads, "eager") / base,
        f"{threads} threads vs {other}": timed(torch.inference_mode, other, "sdpa") / base,
    }
    torch.set_num_threads(threads)
    result["seconds"] = base


def as_dict(row: Row) -> dict:
    return {k: v for k, v in asdict(row).items() if k not in ("articles", "line_counts")}

