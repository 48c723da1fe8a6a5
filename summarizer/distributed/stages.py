"""The job's three Ray Data stages and the Arrow rows between them.

    sources --read (tasks)--> chunks --brief (actor pool)--> JSONL lines --write (tasks)--> shard counts

A chunk is `batch_size` consecutive records of one source, after the resumed ids are dropped: what the
local batch hands its `Runner` at a time, so a brief is the same whichever executor made it.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from collections import Counter
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import ray

from ..config import Config
from ..io.shards import write_shard
from ..io.writers import jsonl_line
from ..record import Record
from ..runner import RAY_UNFETCHED, Runner
from .sources import Source, source_records

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
