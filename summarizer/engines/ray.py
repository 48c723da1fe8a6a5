"""Batch briefs on Ray Data: the local batch's records, from a pool of model actors, on one machine or a cluster.

    sources --read (tasks)--> records --brief (actor pool)--> JSONL lines --write (tasks)--> shards in OUTDIR
                                                                                         \\-> counts to the driver

* Reading uses the library's readers (`summarizer.io.read_records`, `_record_from_object` for Parquet
  rows), so malformed rows become the same error records as in the local batch.
* Each actor builds one `BriefPipeline` and calls `BriefPipeline.run_records` on every batch: the
  bucketing, translation batching and error records are the library's; this module only distributes.
* Each shard is written under a temporary name and renamed, so a killed job leaves whole shards only.
  `--resume` reads the ids of every shard in OUTDIR and drops those rows while reading, before any
  actor sees them, so no id can be written twice.
* Only small per-shard counts come back to the driver; they drive the progress bar and the summary.

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
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import ray  # at the top on purpose: without Ray, importing this module is the ImportError the CLI explains
import ray.data
import pyarrow as pa

from ..config import Config
from ..errors import InputError
from ..io import TEXT_SUFFIXES, _record_from_object, count_records, ids_in_jsonl, read_records
from ..pipeline import Record

log = logging.getLogger(__name__)

EXIT_OK, EXIT_INPUT, EXIT_NO_ENGLISH = 0, 2, 3  # the CLI's exit codes
SHARD_SUFFIXES = (".jsonl", ".parquet")
RECORD_SUFFIXES = (".jsonl", ".csv", ".zip", *TEXT_SUFFIXES)
MAX_SHARD_ROWS = 1000
_FALLBACK_ID = re.compile(r"(?:line|row)-\d+")

# Between the stages: a pickled Record (exact: str or bytes text, any title) or a count of resumed rows.
READ_SCHEMA = pa.schema([("record", pa.large_binary()), ("skipped", pa.int64())])
BRIEF_SCHEMA = pa.schema([("id", pa.large_binary()), ("line", pa.large_binary()), ("failed", pa.bool_()),
                          ("skipped", pa.int64()), ("note", pa.large_string())])
STATS_SCHEMA = pa.schema([("done", pa.int64()), ("failed", pa.int64()), ("skipped", pa.int64()),
                          ("notes", pa.large_string())])
PARQUET_SCHEMA = pa.schema([("id", pa.string()), ("brief", pa.string()), ("error", pa.string())])


@dataclass(frozen=True)
class Source:
    """One input file (or a folder of .txt); `prefix` keeps fallback ids ('line-3') unique across shards."""
    path: str
    kind: str  # "records" (the library's reader) or "parquet"
    prefix: str = ""


# -- input -------------------------------------------------------------------

def find_sources(spec: str) -> list[Source]:
    """What the local batch takes, plus a folder or glob of .jsonl/.parquet (or other) shards."""
    path = Path(spec)
    if any(ch in spec for ch in "*?[") and not path.exists():
        files = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(f"no input file matches {spec}")
        root = Path(os.path.commonpath([str(f.parent) for f in files]))
        return _shard_sources(files, root)
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        shards = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SHARD_SUFFIXES)
        if shards:
            return _shard_sources(shards, path)
        return [Source(str(path), "records")]  # a folder of .txt files, read as the local batch reads it
    return _shard_sources([path], path.parent, single=True)


def _shard_sources(files: list[Path], root: Path, single: bool = False) -> list[Source]:
    sources = []
    for f in files:
        suffix = f.suffix.lower()
        if suffix == ".parquet":
            kind = "parquet"
        elif suffix in RECORD_SUFFIXES:
            kind = "records"
        else:
            raise InputError(f"unsupported input type '{suffix or f.name}': use .jsonl, .parquet, .csv, .zip, "
                             ".txt or a folder")
        prefix = "" if single else f"{f.relative_to(root).as_posix()}:"
        sources.append(Source(str(f), kind, prefix))
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
            records = read_records(source.path, config)  # validates the CSV header eagerly
            if suffix == ".zip":
                next(records, None)
            getattr(records, "close", lambda: None)()


def count_total(sources: list[Source]) -> int | None:
    """Rows in the input, for the progress bar's ETA; None when one source has no cheap count."""
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
    name = Path(path).name
    n = 0
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                n += 1
                yield _record_from_object(row, f"row-{n}")
    except Exception as error:  # noqa: BLE001 - a damaged file is one error record, not a failed job
        yield Record(f"row-{n + 1}", error=f"{name} cannot be read past row {n} ({type(error).__name__}: {error})")


def source_records(source: Source, config: Config) -> Iterator[Record]:
    records = _parquet_records(source.path) if source.kind == "parquet" else read_records(source.path, config)
    for record in records:
        if source.prefix and _FALLBACK_ID.fullmatch(record.id):
            record.id = source.prefix + record.id
        yield record


_DONE_CACHE: dict[str, frozenset] = {}


def _done(box: list) -> frozenset:
    """The resumed ids, fetched once per worker process from the object store."""
    key = box[0].hex()
    if key not in _DONE_CACHE:
        _DONE_CACHE.clear()
        _DONE_CACHE[key] = ray.get(box[0])
    return _DONE_CACHE[key]


def _is_done(record_id: str, done: frozenset) -> bool:
    return record_id in done or (_arrow_str(record_id) in done)


def read_stage(batch: pa.Table, *, config: Config, done_box: list, block_rows: int) -> Iterator[pa.Table]:
    """Ray task: the records of each source, resumed ones dropped (and counted), in blocks of `block_rows`."""
    done = _done(done_box)
    kinds, paths, prefixes = (batch.column(c).to_pylist() for c in ("kind", "path", "prefix"))
    for kind, path, prefix in zip(kinds, paths, prefixes):
        pending, skipped = [], 0
        for record in source_records(Source(path, kind, prefix), config):
            if done and _is_done(record.id, done):
                skipped += 1
                continue
            pending.append(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
            if len(pending) >= block_rows:
                yield pa.table([pending, [0] * len(pending)], schema=READ_SCHEMA)
                pending = []
        if pending:
            yield pa.table([pending, [0] * len(pending)], schema=READ_SCHEMA)
        if skipped:
            yield pa.table([[None], [skipped]], schema=READ_SCHEMA)


# -- briefing ------------------------------------------------------------------

def _arrow_str(text: str) -> str:
    """`text`, or an escaped copy when it holds lone surrogates (Arrow strings must be valid UTF-8)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def jsonl_line(output: dict) -> bytes:
    """The line the local batch's JsonlWriter writes; ASCII-escaped only where UTF-8 cannot hold the text."""
    try:
        return json.dumps(output, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (e.g. a bad '\\ud800' escape in the input) stays valid JSON
        return json.dumps(output).encode("ascii")


class BriefActor:
    """One per Ray actor: loads the models once, then briefs each batch with the library's batch API."""

    def __init__(self, config: Config):
        from ..pipeline import BriefPipeline
        self.pipeline = BriefPipeline(config)
        self.note = "\n".join(self.pipeline.load_warnings) or None

    def __call__(self, batch: pa.Table) -> pa.Table:
        blobs, skips = batch.column("record").to_pylist(), batch.column("skipped").to_pylist()
        records = [pickle.loads(blob) for blob in blobs if blob is not None]
        outputs = self.pipeline.run_records(records)
        ids, lines, failed = [], [], []
        for blob in blobs:
            if blob is None:  # a count of resumed rows: passed on to the writer's totals
                ids.append(None), lines.append(None), failed.append(False)
                continue
            output = next(outputs)
            ids.append(str(output["id"]).encode("utf-8", "surrogatepass"))
            lines.append(jsonl_line(output))
            failed.append("error" in output)
        notes = [self.note] + [None] * (len(blobs) - 1)
        return pa.table([ids, lines, failed, [s if b is None else 0 for b, s in zip(blobs, skips)], notes],
                        schema=BRIEF_SCHEMA)


# -- output --------------------------------------------------------------------

def _is_shard(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SHARD_SUFFIXES and not path.name.startswith(".")


def _is_temp(path: Path) -> bool:
    return path.name.startswith(".part-") and path.name.endswith(".tmp")


def done_ids(outdir: str | Path) -> set[str]:
    """Ids in every JSONL and Parquet shard of OUTDIR (a torn JSONL line, if any, is not counted)."""
    import pyarrow.parquet as pq
    ids: set[str] = set()
    for path in sorted(Path(outdir).iterdir()):
        if not _is_shard(path):
            continue
        if path.suffix.lower() == ".jsonl":
            ids |= ids_in_jsonl(path)
            continue
        try:
            ids.update(str(i) for i in pq.read_table(path, columns=["id"]).column("id").to_pylist())
        except Exception as error:  # noqa: BLE001
            raise InputError(f"cannot read the ids of output shard {path} ({error}); move it away and resume") from None
    return ids


def prepare_output(outdir: str | Path, *, resume: bool, overwrite: bool) -> set[str]:
    """Make OUTDIR ready; returns the ids to skip. Temp files of a killed run are removed."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"--engine ray writes a folder of shards; {outdir} is a file")
    outdir.mkdir(parents=True, exist_ok=True)
    for path in outdir.iterdir():
        if _is_temp(path):
            path.unlink()
    shards = [p for p in outdir.iterdir() if _is_shard(p)]
    if shards and not (resume or overwrite):
        raise InputError(f"output {outdir} already has {len(shards)} shard(s): pass --resume to continue it "
                         "or --overwrite to replace it")
    if overwrite and not resume:
        for path in shards:
            if path.name.startswith("part-"):
                path.unlink()
        leftover = [p.name for p in outdir.iterdir() if _is_shard(p)]
        if leftover:
            raise InputError(f"--overwrite removes only this tool's part-* shards; move these away: "
                             f"{', '.join(leftover[:5])}")
        return set()
    return done_ids(outdir) if resume else set()


def _write_atomic(path: Path, write) -> None:
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with temp.open("wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def _parquet_table(lines: list[bytes]) -> pa.Table:
    ids, briefs, errors = [], [], []
    for line in lines:
        output = json.loads(line)
        ids.append(_arrow_str(output["id"]))
        brief = output.get("brief")
        briefs.append(None if brief is None else _arrow_str(json.dumps(brief, ensure_ascii=False)))
        errors.append(None if "error" not in output else _arrow_str(str(output["error"])))
    return pa.table([ids, briefs, errors], schema=PARQUET_SCHEMA)


def write_stage(batch: pa.Table, *, outdir: str, output_format: str, run_id: str) -> pa.Table:
    """Ray task: one shard, written atomically; returns one row of counts."""
    ids, lines, failed, skipped, notes = (batch.column(c).to_pylist() for c in BRIEF_SCHEMA.names)
    keep = [i for i, line in enumerate(lines) if line is not None]
    if keep:
        # Named by its ids, so a retried write task replaces its own shard instead of adding a copy.
        digest = hashlib.sha1(b"\n".join(ids[i] for i in keep)).hexdigest()[:16]
        shard = Path(outdir) / f"part-{run_id}-{digest}.{output_format}"
        if output_format == "parquet":
            import pyarrow.parquet as pq
            table = _parquet_table([lines[i] for i in keep])
            _write_atomic(shard, lambda handle: pq.write_table(table, handle))
        else:
            _write_atomic(shard, lambda handle: handle.write(b"".join(lines[i] + b"\n" for i in keep)))
    n_failed = sum(1 for i in keep if failed[i])
    unique_notes = "\n".join(dict.fromkeys(n for n in notes if n)) or None
    return pa.table([[len(keep) - n_failed], [n_failed], [sum(skipped)], [unique_notes]], schema=STATS_SCHEMA)


# -- Ray ---------------------------------------------------------------------------

def start_ray(address: str | None = None, *, num_cpus: int | None = None, quiet: bool = False) -> bool:
    """Join the cluster at `address`, or start a local Ray; returns True when this call started it.

    Does nothing (False) when Ray is already initialized in this process.
    """
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network calls from a batch job
    options = dict(include_dashboard=False, log_to_driver=not quiet and address is not None,
                   logging_level=logging.ERROR, configure_logging=True)
    if address:
        package = Path(__file__).resolve().parent.parent
        ray.init(address=address, runtime_env={"py_modules": [str(package)]}, **options)
    else:
        # Local workers import `summarizer` from the driver's sys.path (Ray passes it on).
        ray.init(address="local", num_cpus=num_cpus, **options)
    return True


def configure_ray_data(quiet: bool = True) -> None:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the driver shows one bar in articles, with rate and ETA
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)


def actor_resources(config: Config, workers: int) -> tuple[dict, Config]:
    """Each actor's share: a GPU share when the cluster has GPUs, else the CPUs split between actors."""
    resources = ray.cluster_resources()
    cpus, gpus = resources.get("CPU", 1.0), resources.get("GPU", 0.0)
    if gpus and config.device != "cpu":
        return {"num_gpus": min(1.0, gpus / workers), "num_cpus": 1}, config
    if config.num_threads:
        share = float(config.num_threads)
    elif cpus / workers < 1:
        share = cpus / workers
    else:
        node_cpus = max((n["Resources"].get("CPU", 0) for n in ray.nodes() if n.get("Alive")), default=cpus)
        share = float(min(int(cpus // workers), int(node_cpus)) or 1)
    return {"num_cpus": share}, config.replace(num_threads=max(1, int(share)))


def shard_rows_for(total: int | None, batch_size: int, requested: int | None = None) -> int:
    """Rows per shard: about a twentieth of the input (a steady progress bar), between one batch and 1000."""
    if requested:
        return max(1, requested)
    if total is None:
        return max(batch_size, MAX_SHARD_ROWS)
    return max(batch_size, min(MAX_SHARD_ROWS, math.ceil(total / 20)))


def build_dataset(sources: list[Source], config: Config, *, outdir: str | Path, done: Iterable[str] = (),
                  workers: int = 1, batch_size: int | None = None, output_format: str = "jsonl",
                  shard_rows: int | None = None, run_id: str | None = None) -> "ray.data.Dataset":
    """read -> brief (actor pool) -> write; iterating the result runs the job and yields one count row per shard."""
    batch_size = batch_size or config.batch_size
    resources, actor_config = actor_resources(config, workers)
    done_box = [ray.put(frozenset(done))]
    items = [{"kind": s.kind, "path": s.path, "prefix": s.prefix} for s in sources]
    ds = ray.data.from_items(items, override_num_blocks=min(len(items), 10_000))
    ds = ds.map_batches(read_stage, batch_size=1, batch_format="pyarrow", num_cpus=0,
                        fn_kwargs={"config": config, "done_box": done_box, "block_rows": batch_size})
    # Ray merges a task's small outputs into big blocks; cut them back to one batch each (streaming),
    # so that the batches of a single big input file spread over all the actors.
    ds = ds.repartition(target_num_rows_per_block=batch_size)
    ds = ds.map_batches(BriefActor, batch_size=batch_size, batch_format="pyarrow",
                        compute=ray.data.ActorPoolStrategy(size=workers),
                        fn_constructor_kwargs={"config": actor_config}, **resources)
    return ds.map_batches(write_stage, batch_size=shard_rows or MAX_SHARD_ROWS, batch_format="pyarrow",
                          num_cpus=0, fn_kwargs={"outdir": str(Path(outdir).resolve()),
                                                 "output_format": output_format,
                                                 "run_id": run_id or _run_id()})


def _run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


def _actor_failure(error: BaseException) -> str | None:
    """The user-facing reason when a model actor could not start (Ray wraps it in a RayActorError)."""
    if not isinstance(error, ray.exceptions.RayActorError):
        return None
    text = str(error)
    for name in ("ModelUnavailable", "ValueError", "InputError", "RuntimeError", "OSError"):
        found = re.findall(rf"^{name}: (.+)$", text, flags=re.M)
        if found:
            return found[-1]
    return text.strip().splitlines()[-1] if text.strip() else type(error).__name__


# -- the command ---------------------------------------------------------------------

def run(args, config: Config) -> int:
    """`python -m summarizer INPUT -o OUTDIR --engine ray ...`: returns the exit code."""
    from tqdm import tqdm

    if not args.output or args.output == "-":
        raise InputError("--engine ray writes shards into a folder: pass -o OUTDIR")
    workers = getattr(args, "workers", None) or 1
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    output_format = getattr(args, "output_format", None) or "jsonl"
    sources = find_sources(args.input)
    check_sources(sources, config)
    done = prepare_output(args.output, resume=args.resume, overwrite=args.overwrite)
    total = count_total(sources)
    batch_size = getattr(args, "batch_size", None) or config.batch_size
    shard_rows = shard_rows_for(total, batch_size, getattr(args, "shard_rows", None))

    start = time.perf_counter()
    started = start_ray(getattr(args, "ray_address", None), quiet=args.quiet)
    try:
        configure_ray_data(args.quiet)
        if not args.quiet:
            res = ray.cluster_resources()
            print(f"Ray: {res.get('CPU', 0):g} CPU, {res.get('GPU', 0):g} GPU, ready in "
                  f"{time.perf_counter() - start:.1f}s; {workers} model actor(s)", file=sys.stderr)
        ds = build_dataset(sources, config, outdir=args.output, done=done, workers=workers,
                           batch_size=batch_size, output_format=output_format, shard_rows=shard_rows)
        counts = {"done": 0, "skipped": 0, "failed": 0}
        warned: set[str] = set()
        begin = time.perf_counter()
        with tqdm(total=total, unit="article", disable=args.quiet, file=sys.stderr, dynamic_ncols=True) as bar:
            try:
                for row in ds.iter_rows():
                    for key in counts:
                        counts[key] += row[key]
                    bar.update(row["done"] + row["failed"] + row["skipped"])
                    for note in (row["notes"] or "").splitlines():
                        if note not in warned:
                            warned.add(note)
                            tqdm.write(f"warning: {note}", file=sys.stderr)
            except ray.exceptions.RayError as error:
                reason = _actor_failure(error)
                if reason is None:
                    raise
                print(f"error: a model actor could not start: {reason}", file=sys.stderr)
                return EXIT_NO_ENGLISH if reason.startswith("translator model") else EXIT_INPUT
    finally:
        if started:
            ray.shutdown()
    seconds = time.perf_counter() - begin
    print(f"done {counts['done']}, skipped {counts['skipped']}, failed {counts['failed']} "
          f"in {seconds:.1f}s -> {args.output}", file=sys.stderr)
    return EXIT_OK
