"""The local batch against --executor ray with 1 and 2 model actors, on the same input, in one run.

    python bench/ray_bench.py [--articles 120] [--translation-tokens 32] [--json out.json]

Workload: the seed article and distinct FLORES-dev windows (bench/workload.py); models: extractive
summarizer + the real-shape random opus-mt-ar-en (bench/models.py), greedy. Every number comes from
running the real command line (`summarizer.commands.main`):

* local: a child process, as a user runs it; `articles/s` is over the CLI's own briefing time
  (model loading excluded), `wall` is the whole process.
* Ray: one local Ray is started here (its start-up is measured), then for each actor count a
  one-article run (the fixed cost: starting the actors, loading the models, one brief) and the
  full run. Steady articles/s = (N - 1) / (full - one-article run); per actor = that / actors.

Prints a markdown table for bench/RAY.md and, with --json, the raw numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python bench/ray_bench.py", description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=120)
    p.add_argument("--translation-tokens", type=int, default=32, help="cap on each English line (greedy)")
    p.add_argument("--batch-size", type=int, default=8, help="articles per chunk (the local batch's --batch-size)")
    p.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    p.add_argument("--shape", choices=("real", "tiny"), default="real", help="tiny: a smoke run, numbers mean nothing")
    p.add_argument("--json", type=Path)
    return p.parse_args(argv)


def write_input(path: Path, docs: list[str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(docs):
            f.write(json.dumps({"id": f"a{i:05d}", "text": text}, ensure_ascii=False) + "\n")


def briefing_seconds(stderr: str) -> float:
    found = re.findall(r"done (\d+), skipped (\d+), failed (\d+) in ([\d.]+)s", stderr)
    if not found:
        raise RuntimeError(f"no summary line in:\n{stderr[-2000:]}")
    return float(found[-1][3])


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv=None) -> int:
    args = parse(argv)
    from bench.models import ensure_models
    from bench.workload import articles

    translator = ensure_models(args.shape)["translator"]
    docs = articles(args.articles)
    work = Path(tempfile.mkdtemp(prefix="ray-bench-"))
    full, small = work / "full.jsonl", work / "small.jsonl"
    write_input(full, docs)
    os.environ["BRIEF_TRANSLATION_MAX_NEW_TOKENS"] = str(args.translation_tokens)
    common = ["--translator-model", str(translator), "--beams", "1", "--batch-size", str(args.batch_size), "-q"]
    results: dict = {"articles": len(docs), "translation_tokens": args.translation_tokens,
                     "batch_size": args.batch_size, "cpus": os.cpu_count(), "python": platform.python_version(),
                     "load_before": load_average()}
    print(f"{len(docs)} articles, {os.cpu_count()} CPUs, load {results['load_before']}", file=sys.stderr)

    # The local batch, in its own process, before Ray exists.
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-m", "summarizer", str(full), "-o", str(work / "local.jsonl"), *common],
                           cwd=ROOT, capture_output=True, text=True)
    if child.returncode:
        raise SystemExit(child.stderr)
    wall = time.perf_counter() - start
    seconds = briefing_seconds(child.stderr)
    results["local"] = {"wall_s": wall, "brief_s": seconds, "articles_per_s": len(docs) / seconds,
                        "end_to_end_articles_per_s": len(docs) / wall}
    print(f"local: {len(docs) / seconds:.2f} articles/s ({seconds:.1f}s briefing, {wall:.1f}s wall)", file=sys.stderr)

    import ray

    from summarizer.commands import main as cli
    from summarizer.distributed.cluster import start_ray
    start = time.perf_counter()
    start_ray(None, quiet=True)
    results["ray_init_s"] = time.perf_counter() - start
    print(f"ray.init: {results['ray_init_s']:.1f}s", file=sys.stderr)
    try:
        for workers in args.workers:
            n_small = 1
            write_input(small, docs[:n_small])
            timings = {}
            for name, source in (("small", small), ("full", full)):
                out = work / f"ray-{workers}-{name}"
                start = time.perf_counter()
                code = cli([str(source), "-o", str(out), "--executor", "ray", "--workers", str(workers), *common])
                timings[name] = time.perf_counter() - start
                if code:
                    raise SystemExit(f"ray run failed with exit code {code}")
                shutil.rmtree(out)
            steady = (len(docs) - n_small) / (timings["full"] - timings["small"])
            results[f"ray_{workers}"] = {
                "workers": workers, "fixed_s": timings["small"], "run_s": timings["full"],
                "end_to_end_s": results["ray_init_s"] + timings["full"],
                "articles_per_s": len(docs) / timings["full"], "steady_articles_per_s": steady,
                "per_actor_articles_per_s": steady / workers,
                "end_to_end_articles_per_s": len(docs) / (results["ray_init_s"] + timings["full"])}
            print(f"ray x{workers}: {len(docs) / timings['full']:.2f} articles/s over the run, "
                  f"{steady:.2f} steady ({steady / workers:.2f} per actor), fixed {timings['small']:.1f}s",
                  file=sys.stderr)
    finally:
        ray.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = load_average()

    local = results["local"]
    print("\n| executor | articles/s (briefing) | articles/s (steady) | per actor | start-up | end-to-end |")
    print("|---|---|---|---|---|---|")
    print(f"| local (1 process, torch threads = {os.cpu_count()}) | {local['articles_per_s']:.2f} | - | - | "
          f"{local['wall_s'] - local['brief_s']:.1f}s (imports + model load) | {local['wall_s']:.1f}s |")
    for workers in args.workers:
        r = results[f"ray_{workers}"]
        print(f"| ray, {workers} actor(s) | {r['articles_per_s']:.2f} | {r['steady_articles_per_s']:.2f} | "
              f"{r['per_actor_articles_per_s']:.2f} | {results['ray_init_s']:.1f}s ray.init + {r['fixed_s']:.1f}s "
              f"actors + models + 1 brief | {r['end_to_end_s']:.1f}s |")
    print(f"\nload average before {results['load_before']}, after {results['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
