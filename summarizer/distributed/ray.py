"""Batch briefs on Ray Data: the local batch's records, from a pool of model actors, on one machine or a cluster.

    sources --read (tasks)--> chunks --brief (actor pool)--> JSONL lines --write (tasks)--> shards in OUTDIR
                                                                                       \\-> counts to the driver

* Reading uses the library's readers (`summarizer.io.read_records`; `record_from_object` for Parquet
  rows), so malformed rows become the same error records as in the local batch.
* A row between the stages is one *chunk*: `batch_size` consecutive records of one source, after the
  resumed ids are dropped, i.e. exactly what the local batch hands to its `Runner` at
  a time. Each actor builds one `BriefPipeline` and runs a `Runner` over every chunk: bucketing,
  translation batching and error records are the library's, and a brief is the same whichever
  executor made it. Ray only distributes.
* Each shard is written under a temporary name and renamed, so a killed job leaves whole shards only.
  `--resume` reads the ids of every shard in OUTDIR and drops those records while reading, before any
  actor sees them; a run fence (`io.shards.ShardStore`) keeps a killed job's still-running workers from adding
  a shard behind it. So no id is ever written twice.
* Only a few counts per shard come back to the driver: they drive the progress bar and the summary.

On a cluster, INPUT and OUTDIR must be paths that every node sees (a shared filesystem).
"""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import math
import os
import pickle
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import ray  # at the top on purpose: without Ray, importing this module is the ImportError the CLI explains
import ray.data

from ..config import Config
from ..errors import EXIT_FAILED, EXIT_MODEL, EXIT_OK, EXIT_OUTPUT, InputError, first_line
from ..io.readers import RECORD_SUFFIXES, count_records, iter_records, read_records, record_from_object, unique_ids
from ..io.shards import SHARD_SUFFIXES, ShardStore, write_shard
from ..io.writers import check_not_an_input, jsonl_line
from ..progress import Progress
from ..record import Record, content_settings
from ..runner import RAY_UNFETCHED, Runner
from . import reaper

MAX_SHARD_ROWS = 1000
_FALLBACK_ID = re.compile(r"(?:line|row)-\d+")  # the ids the readers give rows without one

# read -> brief: one chunk of pickled Records (exact: str or bytes text...), or a count of resumed records.
CHUNK_SCHEMA = pa.schema([("key", pa.string()), ("records", pa.large_binary()), ("skipped", pa.int64())])
# brief -> write: the chunk's JSONL lines, ready to write, and its counts.
LINES_SCHEMA = pa.schema([("key", pa.string()), ("lines", pa.large_binary()), ("done", pa.int64()),
                          ("failed", pa.int64()), ("skipped", pa.int64()), ("note", pa.large_string())])
# write -> driver: one row per shard.
STATS_SCHEMA = pa.schema([("done", pa.int64()), ("failed", pa.int64()), ("skipped", pa.int64()),
                          ("fenced", pa.int64()), ("notes", pa.large_string())])
# --output-format parquet: exactly one of brief (the brief dict as JSON) and error is set.
PARQUET_SCHEMA = pa.schema([("id", pa.string()), ("brief", pa.string()), ("error", pa.string())])


@dataclass(frozen=True)
class Source:
    """One input file (or a folder of .txt); `prefix` keeps fallback ids ('line-3') unique across shards."""
    path: str
    kind: str  # "records" (the library's reader) or "parquet"
    prefix: str = ""


# -- input -----------------------------------------------------------------------------------

def find_sources(spec: str) -> list[Source]:
    """What the local batch takes, plus a folder or glob of .jsonl/.parquet (or .csv...) shards."""
    path = Path(spec)
    if any(ch in spec for ch in "*?[") and not path.exists():
        files = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(f"no input file matches {spec}")
        return _sources(files, Path(os.path.commonpath([str(f.parent) for f in files])))
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if not path.is_dir() and not path.is_file():
        raise InputError(f"{path} is a pipe or a device, which Ray's workers cannot read: save it to a file and "
                         "give that, or use the local executor")
    if path.is_dir():
        shards = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHARD_SUFFIXES)
        if shards:
            return _sources(shards, path)
        return [Source(str(path), "records")]  # a folder of .txt files, read as the local batch reads it
    return _sources([path], path.parent, single=True)


def _sources(files: list[Path], root: Path, single: bool = False) -> list[Source]:
    sources = []
    for f in files:
        suffix = f.suffix.lower()
        if suffix not in (".parquet", *RECORD_SUFFIXES):
            raise InputError(f"unsupported input type '{suffix or f.name}': use .jsonl, .parquet, .csv, .zip, "
                             ".txt, a folder or a glob of shards")
        prefix = "" if single else f"{f.relative_to(root).as_posix()}:"
        sources.append(Source(str(f), "parquet" if suffix == ".parquet" else "records", prefix))
    return sources


def check_sources(sources: list[Source], config: Config) -> None:
    """Fail early, on the driver, where the local batch fails the whole job (a CSV without 'text'...)."""
    import pyarrow.parquet as pq
    for source in sources:
        suffix = Path(source.path).suffix.lower()
        if source.kind == "parquet":
            try:
                names = pq.ParquetFile(source.path).schema_arrow.names
            except Exception as error:  # noqa: BLE001 - pyarrow raises several kinds
                raise InputError(f"{source.path}: not a readable Parquet file ({error})") from None
            if "text" not in names:
                raise InputError(f"{source.path}: the Parquet shard needs a 'text' column "
                                 f"(found: {', '.join(names) or 'none'})")
        elif suffix in (".csv", ".zip"):
            records = read_records(source.path, config)  # a CSV header is checked here
            if suffix == ".zip":
                next(records, None)  # a zip is opened here
            getattr(records, "close", lambda: None)()


def count_total(sources: list[Source]) -> int | None:
    """Records in the input, for the progress bar's ETA; None when a source has no cheap count."""
    import pyarrow.parquet as pq
    total = 0
    for source in sources:
        n = pq.ParquetFile(source.path).metadata.num_rows if source.kind == "parquet" else count_records(source.path)
        if n is None:
            return None
        total += n
    return total


def _parquet_records(path: str, batch_rows: int = 1024) -> Iterator[Record]:
    import pyarrow.parquet as pq
    n = 0
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                n += 1
                yield record_from_object(row, f"row-{n}")
    except Exception as error:  # noqa: BLE001 - a damaged file is one error record, not a failed job
        yield Record(f"row-{n + 1}", explicit=False, error=f"{Path(path).name} cannot be read past row {n} "
                                          f"({type(error).__name__}: {error})")


def source_records(source: Source, config: Config, seen: dict | None = None) -> Iterator[Record]:
    """A source's records, ids unique across the whole input (`seen` holds the earlier sources' ids)."""
    records = _parquet_records(source.path) if source.kind == "parquet" else iter_records(source.path, config)

    def prefixed():
        for record in records:
            if source.prefix and _FALLBACK_ID.fullmatch(record.id):
                record.id = source.prefix + record.id
            record.where = f"{Path(source.path).name} {record.where}".strip()
            yield record
    return unique_ids(prefixed(), seen)


def earlier_ids(sources: list[Source], config: Config) -> list[dict]:
    """For each source, the ids it shares with the sources before it: {id: (where first, count, explicit)}.

    Sources are briefed in parallel, so a duplicate id across two files is found here, on the driver,
    in one pass over the ids, and each read task starts from its own source's share of it."""
    if len(sources) < 2:
        return [{} for _ in sources]
    seen: dict[str, tuple[str, int, bool]] = {}
    shares = []
    for source in sources:
        ids = [(r.id, r.where, r.explicit) for r in source_records(source, config, {})]
        shares.append({i: seen[i] for i, _, _ in ids if i in seen})
        for i, where, explicit in ids:
            first, count, was_explicit = seen.get(i, (where, 0, explicit))
            seen[i] = (first, count + 1, was_explicit)
    return shares


_DONE_CACHE: dict[str, Counter] = {}


def _done_ids(box: list) -> Counter:
    """The resumed ids (with counts), fetched from the object store once per worker process."""
    key = box[0].hex()
    if key not in _DONE_CACHE:
        _DONE_CACHE.clear()
        _DONE_CACHE[key] = ray.get(box[0])
    return _DONE_CACHE[key]


def read_stage(batch: pa.Table, *, config: Config, done_box: list) -> Iterator[pa.Table]:
    """Ray task: each source's records, resumed ones dropped and counted, in chunks of config.batch_size."""
    done = _done_ids(done_box)
    size = config.batch_size
    columns = ("kind", "path", "prefix", "seen")
    for kind, path, prefix, seen in zip(*(batch.column(c).to_pylist() for c in columns)):
        chunk, n_chunk, skipped = [], 0, 0
        for record in source_records(Source(path, kind, prefix), config, pickle.loads(seen)):
            if done and record.occurrence <= max(done.get(record.id, 0), done.get(_arrow_str(record.id), 0)):
                skipped += 1
                continue
            chunk.append(record)
            if len(chunk) == size:
                yield _chunk_table(f"{path}#{n_chunk}", chunk)
                chunk, n_chunk = [], n_chunk + 1
        if chunk:
            yield _chunk_table(f"{path}#{n_chunk}", chunk)
        if skipped:
            yield pa.table([[f"{path}#skipped"], [None], [skipped]], schema=CHUNK_SCHEMA)


def _chunk_table(key: str, records: list[Record]) -> pa.Table:
    return pa.table([[key], [pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)], [0]], schema=CHUNK_SCHEMA)


# -- briefing ----------------------------------------------------------------------------------

def _arrow_str(text: str) -> str:
    """`text`, or an escaped copy when it holds lone surrogates (Arrow strings must be valid UTF-8)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class BriefActor:
    """One per Ray actor: loads the models once, then runs the library's batch API on each chunk."""

    def __init__(self, config: Config):
        from ..pipeline import BriefPipeline
        self.pipeline = BriefPipeline(config)
        self.note = "\n".join(self.pipeline.load_warnings) or None

    def __call__(self, batch: pa.Table) -> pa.Table:
        columns = {name: [] for name in LINES_SCHEMA.names}
        for key, blob, skipped in zip(*(batch.column(c).to_pylist() for c in CHUNK_SCHEMA.names)):
            lines, failed = [], 0
            if blob is not None:
                records = pickle.loads(blob)
                runner = Runner(self.pipeline, batch_size=len(records), unfetched=RAY_UNFETCHED)
                for output in runner(records):
                    lines.append(jsonl_line(output).encode("utf-8") + b"\n")
                    failed += "error" in output
            row = {"key": key, "lines": b"".join(lines) if lines else None, "done": len(lines) - failed,
                   "failed": failed, "skipped": skipped, "note": self.note}
            for name, value in row.items():
                columns[name].append(value)
        return pa.table(columns, schema=LINES_SCHEMA)


# -- output ---------------------------------------------------------------------------------------

def _parquet_table(data: bytes) -> pa.Table:
    ids, briefs, errors = [], [], []
    for line in data.splitlines():
        output = json.loads(line)
        ids.append(_arrow_str(output["id"]))
        brief = output.get("brief")
        briefs.append(None if brief is None else _arrow_str(json.dumps(brief, ensure_ascii=False)))
        errors.append(_arrow_str(str(output["error"])) if "error" in output else None)
    return pa.table([ids, briefs, errors], schema=PARQUET_SCHEMA)


def write_stage(batch: pa.Table, *, outdir: str, output_format: str, run_id: str) -> pa.Table:
    """Ray task: the chunks of one shard, written atomically; returns the shard's counts."""
    keys, lines, done, failed, skipped, notes = (batch.column(c).to_pylist() for c in LINES_SCHEMA.names)
    data = b"".join(chunk for chunk in lines if chunk)
    written = True
    if data:
        # Named after its chunks, so a retried write task replaces its own shard rather than adding a copy.
        digest = hashlib.sha1("\n".join(sorted(keys)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"part-{run_id}-{digest}.{output_format}"
        if output_format == "parquet":
            import pyarrow.parquet as pq
            table = _parquet_table(data)
            written = write_shard(Path(outdir), name, run_id, lambda handle: pq.write_table(table, handle))
        else:
            written = write_shard(Path(outdir), name, run_id, lambda handle: handle.write(data))
    unique_notes = "\n".join(dict.fromkeys(n for n in notes if n)) or None
    if not written:
        return pa.table([[0], [0], [0], [sum(done) + sum(failed)], [unique_notes]], schema=STATS_SCHEMA)
    return pa.table([[sum(done)], [sum(failed)], [sum(skipped)], [0], [unique_notes]], schema=STATS_SCHEMA)


# -- Ray ---------------------------------------------------------------------------------------------

def start_ray(address: str | None = None, *, num_cpus: int | None = None, quiet: bool = False) -> bool:
    """Join the cluster at `address` ('auto', 'ray://host:10001'), or start a local Ray.

    Returns True when this call started or joined Ray (the caller then shuts it down with `stop_ray`),
    False when Ray was already initialized in this process. A local Ray gets its own temp folder and a
    reaper process that stops it if this process dies without shutting it down (kill -9).
    """
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # a batch job makes no calls home
    # Ray's C++ core logs a harmless error line for every actor pool; real failures still raise.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    options = dict(include_dashboard=False, log_to_driver=address is not None and not quiet,
                   logging_level=logging.ERROR)
    if address:
        # Ship this package to the cluster, so its nodes need only Ray and the model libraries.
        package = Path(__file__).resolve().parent.parent
        ray.init(address=address, runtime_env={"py_modules": [str(package)]}, **options)
    else:
        # Local workers import `summarizer` from the driver's sys.path, which Ray hands on.
        temp = tempfile.mkdtemp(prefix="brief-ray-")
        _LOCAL_RAY.append((reaper.watch(os.getpid(), temp), temp))
        ray.init(address="local", num_cpus=num_cpus, _temp_dir=temp, **options)
    return True


_LOCAL_RAY: list = []


def restore_sigterm(handler) -> None:
    """Put back the SIGTERM handler the caller had (the command's stops like Ctrl-C: exit 130, saying to
    resume), which `ray.init` replaces with its own (exit 15, and the core's stack dump)."""
    if handler is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)  # (reaper, temp folder) of the local Ray this process started


def stop_ray() -> None:
    ray.shutdown()
    while _LOCAL_RAY:
        reaper.release(*_LOCAL_RAY.pop())


def configure_logging() -> None:
    # Ray Data logs a failed job's stack trace before raising; the job reports the reason itself.
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)


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


def actor_failure(error: BaseException) -> str | None:
    """The reason a model actor could not start (Ray wraps it, sometimes as text only), or None."""
    text = str(error)
    found = re.findall(r"^(?:\S+\.)?ModelUnavailable: (.+)$", text, flags=re.M)
    if not found and isinstance(error, ray.exceptions.RayActorError):
        found = re.findall(r"^(?:\S+\.)?(?:InputError|ValueError|OSError|RuntimeError): (.+)$", text, flags=re.M)
    return found[-1] if found else None


# -- the command ----------------------------------------------------------------------------------------

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
