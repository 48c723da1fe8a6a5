"""Batch briefs on Ray Data: the local batch's records, from a pool of model actors, on one machine or a cluster.

    sources --read (tasks)--> chunks --brief (actor pool)--> JSONL lines --write (tasks)--> shards in OUTDIR
                                                                                       \\-> counts to the driver

* Reading (sources.py) uses the library's readers, so malformed rows become the same error records as
  in the local batch.
* A row between the stages (stages.py) is one *chunk*: `batch_size` consecutive records of one source,
  after the resumed ids are dropped, i.e. exactly what the local batch hands to its `Runner` at
  a time. Each actor builds one `BriefPipeline` and runs a `Runner` over every chunk: bucketing,
  translation batching and error records are the library's, and a brief is the same whichever
  executor made it. Ray only distributes (dataset.py; cluster.py starts and stops Ray).
* Each shard is written under a temporary name and renamed, so a killed job leaves whole shards only.
  `--resume` reads the ids of every shard in OUTDIR and drops those records while reading, before any
  actor sees them; a run fence (`io.shards.ShardStore`) keeps a killed job's still-running workers from adding
  a shard behind it. So no id is ever written twice.
* Only a few counts per shard come back to the driver: they drive the progress bar and the summary.

This module is the command: it checks the job, opens OUTDIR, runs the dataset and reports.

On a cluster, INPUT and OUTDIR must be paths that every node sees (a shared filesystem).
"""
from __future__ import annotations

import re
import signal
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import ray  # at the top on purpose: without Ray, importing this module is the ImportError the CLI explains

from ..config import Config
from ..errors import EXIT_FAILED, EXIT_MODEL, EXIT_OK, EXIT_OUTPUT, InputError, first_line
from ..io.refusals import check_not_an_input
from ..io.shards import ShardStore
from ..progress import Progress
from ..record import content_settings
from .cluster import configure_logging, restore_sigterm, start_ray, stop_ray
from .dataset import build_dataset, shard_rows_for
from .sources import Source, check_sources, count_total, find_sources


def actor_failure(error: BaseException) -> str | None:
    """The reason a model actor could not start (Ray wraps it, sometimes as text only), or None."""
    text = str(error)
    found = re.findall(r"^(?:\S+\.)?ModelUnavailable: (.+)$", text, flags=re.M)
    if not found and isinstance(error, ray.exceptions.RayActorError):
        found = re.findall(r"^(?:\S+\.)?(?:InputError|ValueError|OSError|RuntimeError): (.+)$", text, flags=re.M)
    return found[-1] if found else None


@dataclass(frozen=True)
class RayJob:
    """What the batch command asks of the Ray executor (the model settings are the `Config`)."""
    input: str
    output: str
    resume: bool = False
    overwrite: bool = False
    quiet: bool = False
    workers: int = 1
    ray_address: str | None = None  # None: start a local Ray for this job, and stop it with the job
    shard_rows: int | None = None
    output_format: str = "jsonl"


def run(job: RayJob, config: Config) -> int:
    """`python -m summarizer INPUT -o OUTDIR --executor ray ...`; returns the exit code."""
    if not job.output or job.output == "-":
        raise InputError("--executor ray writes shards into a folder: pass -o OUTDIR")
    if job.workers < 1:
        raise InputError(f"--workers must be at least 1, got {job.workers}")
    sources = find_sources(job.input)
    check_not_an_input(Path(job.output), [Path(s.path) for s in sources] + [Path(job.input)], shards=True)
    check_sources(sources, config)
    if config.require_english and config.translator_model:
        from ..runtimes.hub import model_folder
        model_folder(config.translator_model, "translator", config)  # fails here, before any actor starts
    run_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    store = ShardStore(job.output)
    done = store.open(resume=job.resume, overwrite=job.overwrite, run_id=run_id, settings=content_settings(config))
    try:
        return _execute(job, config, sources, done, run_id)
    finally:
        store.close()


def _execute(job: RayJob, config: Config, sources: list[Source], done: Counter, run_id: str) -> int:
    total = count_total(sources)
    shard_rows = shard_rows_for(total, config.batch_size, job.shard_rows)
    start = time.perf_counter()
    handler = signal.getsignal(signal.SIGTERM)
    started = start_ray(job.ray_address, quiet=job.quiet)
    restore_sigterm(handler)
    try:
        configure_logging()
        if not job.quiet:
            res = ray.cluster_resources()
            print(f"Ray: {res.get('CPU', 0):g} CPU, {res.get('GPU', 0):g} GPU, ready in "
                  f"{time.perf_counter() - start:.1f}s; {job.workers} model actor(s)", file=sys.stderr)
        ds = build_dataset(sources, config, outdir=job.output, run_id=run_id, done=done, workers=job.workers,
                           output_format=job.output_format, shard_rows=shard_rows)
        counts = {"done": 0, "skipped": 0, "failed": 0, "fenced": 0}
        seen: set[str] = set()
        begin = time.perf_counter()
        with Progress(total, job.quiet) as bar:
            try:
                for row in ds.iter_rows():
                    for key in counts:
                        counts[key] += row[key]
                    if row["fenced"]:
                        break  # another run took OUTDIR over: stop here, its output stays consistent
                    bar.update(row["done"] + row["failed"] + row["skipped"])
                    for note in [] if job.quiet else (row["notes"] or "").splitlines():
                        if note not in seen:  # the load warnings the local batch prints
                            seen.add(note)
                            bar.write(f"warning: {note}")
            except ray.exceptions.RayError as error:
                reason = actor_failure(error)
                if reason is None:
                    print(f"error: the Ray job failed: {first_line(error)}; run again with --resume to continue",
                          file=sys.stderr)
                    return EXIT_FAILED
                print(f"error: a model actor could not start: {reason}", file=sys.stderr)
                return EXIT_MODEL  # the translator or the summarizer named cannot load
        seconds = time.perf_counter() - begin
    finally:
        if started:
            stop_ray()
    if not job.quiet:  # quiet is errors only
        print(f"done {counts['done']}, skipped {counts['skipped']}, failed {counts['failed']} "
              f"in {seconds:.1f}s -> {job.output}", file=sys.stderr)
    if counts["fenced"]:
        print(f"error: another run took over {job.output}; this one stopped (its written shards are kept)",
              file=sys.stderr)
        return EXIT_OUTPUT
    return EXIT_OK
