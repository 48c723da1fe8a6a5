"""The job as one Ray Data dataset, read -> brief (actor pool) -> write, with each model actor's share of
the cluster and the number of records per shard."""
from __future__ import annotations

import math
import pickle
from collections import Counter
from pathlib import Path

import ray
import ray.data

from ..config import Config
from .sources import Source, earlier_ids
from .stages import BriefActor, read_stage, write_stage

MAX_SHARD_ROWS = 1000


def actor_resources(config: Config, workers: int) -> tuple[dict, Config]:
    """Each actor's share: a GPU share when the cluster has GPUs, else the CPUs split between actors.

    Returns Ray resource arguments, and the config with torch's thread count set to the CPU share.
    """
    resources = ray.cluster_resources()
    cpus, gpus = resources.get("CPU", 1.0), resources.get("GPU", 0.0)
    if gpus and config.device != "cpu":
        return {"num_gpus": min(1.0, gpus / workers), "num_cpus": 1}, config
    if cpus / workers < 1:
        share = cpus / workers  # more actors than CPUs: they share (a reservation Ray can always meet)
    else:
        node_cpus = max((n["Resources"].get("CPU", 0) for n in ray.nodes() if n.get("Alive")), default=cpus)
        share = float(max(1, min(int(cpus // workers), int(node_cpus))))
    if config.num_threads:  # --threads: the user's choice of torch threads; the reservation still fits
        return {"num_cpus": min(share, float(config.num_threads))}, config
    return {"num_cpus": share}, config.replace(num_threads=max(1, int(share)))


def shard_rows_for(total: int | None, batch_size: int, requested: int | None = None) -> int:
    """Records per shard: about a twentieth of the input (a steady progress bar), from one batch to 1000."""
    if requested:
        return max(1, requested)
    if total is None:
        return max(batch_size, MAX_SHARD_ROWS)
    return max(batch_size, min(MAX_SHARD_ROWS, math.ceil(total / 20)))


def build_dataset(sources: list[Source], config: Config, *, outdir: str | Path, run_id: str,
                  done: Counter | None = None, workers: int = 1, output_format: str = "jsonl",
                  shard_rows: int | None = None) -> "ray.data.Dataset":
    """read -> brief (actor pool) -> write. Iterating the result runs the job: one row of counts per shard."""
    resources, actor_config = actor_resources(config, workers)
    items = [{"kind": s.kind, "path": s.path, "prefix": s.prefix, "seen": pickle.dumps(seen)}
             for s, seen in zip(sources, earlier_ids(sources, config))]
    ds = ray.data.from_items(items, override_num_blocks=min(len(items), 10_000))
    context = ds.context  # this dataset's own copy of the DataContext
    context.enable_progress_bars = False  # the driver shows one bar, in articles, with rate and ETA
    context.print_on_execution_start = False
    # A chunk row holds a whole batch; tiny blocks make every chunk its own block, and an actor task
    # takes one block, so the chunks of even a single input file spread over all the actors.
    context.target_max_block_size = 1
    ds = ds.map_batches(read_stage, batch_size=1, batch_format="pyarrow", num_cpus=0,
                        fn_kwargs={"config": config, "done_box": [ray.put(Counter(done or {}))]})
    ds = ds.map_batches(BriefActor, batch_size=1, batch_format="pyarrow",
                        compute=ray.data.ActorPoolStrategy(size=workers),
                        fn_constructor_kwargs={"config": actor_config}, **resources)
    chunks_per_shard = max(1, math.ceil((shard_rows or MAX_SHARD_ROWS) / config.batch_size))
    return ds.map_batches(write_stage, batch_size=chunks_per_shard, batch_format="pyarrow", num_cpus=0,
                          fn_kwargs={"outdir": str(Path(outdir).resolve()), "output_format": output_format,
                                     "run_id": run_id})
