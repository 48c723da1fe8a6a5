"""A folder of output shards that several processes write at once, without a record lost or written twice.

Used by the distributed executor (summarizer/distributed); it knows nothing of Ray.
Each shard is written under a temporary name and renamed into place, so a killed job
leaves whole shards only; `ShardStore` holds the locks that refuse a second job and
fence off a killed job's stragglers.
"""
from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the run fence is then a plain check
    fcntl = None

from ..errors import OutputRefused
from .refusals import check_parent_folders, own_record, settings_problem

SHARD_SUFFIXES = (".jsonl", ".parquet")


def is_shard(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SHARD_SUFFIXES and not path.name.startswith(".")


def is_temp(path: Path) -> bool:
    return path.name.startswith(".part-") and path.name.endswith(".tmp")


def done_ids(outdir: str | Path, settings: dict | None = None) -> Counter:
    """How often each id occurs in the JSONL and Parquet shards of OUTDIR. A record that is neither a
    brief nor an error, or a brief written with other `settings`, refuses the resume (OutputRefused)."""
    ids: Counter[str] = Counter()
    for path in sorted(Path(outdir).iterdir()):
        if not is_shard(path):
            continue
        try:
            records = list(_shard_records(path))
        except Exception as error:  # noqa: BLE001 - a shard we cannot read must not be silently skipped
            raise OutputRefused(f"cannot read the ids of output shard {path} ({error}); move it away and resume") from None
        for n, record in enumerate(records, 1):
            if not own_record(record):
                raise OutputRefused(f"cannot resume {outdir}: record {n} of shard {path.name} is not a brief record "
                                 "(an \"id\", and a \"brief\" or an \"error\"), so it is not output of brief; "
                                 "move that shard away, or pass --overwrite")
            if "brief" in record:
                problem = settings_problem((record["brief"].get("meta") or {}).get("settings"), settings,
                                           f"record {n} of shard {path.name}")
                if problem:
                    raise OutputRefused(f"cannot resume {outdir}: {problem}; or choose another output folder, or "
                                     "pass --overwrite to replace it. Nothing was written")
            ids[record["id"]] += 1
    return ids


def _shard_records(path: Path):
    """A shard's records as the JSONL output gives them: {"id", "brief"} or {"id", "error"}."""
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as f:
            yield from (json.loads(line) for line in f if line.strip())
        return
    import pyarrow.parquet as pq
    for row in pq.read_table(path).to_pylist():
        brief, error = row.get("brief"), row.get("error")
        yield ({"id": row.get("id"), "brief": json.loads(brief)} if brief is not None
               else {"id": row.get("id"), "error": error} if error is not None else row)


def _flock(handle, *, exclusive: bool) -> None:
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)


class ShardStore:
    """OUTDIR and the two locks that make duplicates impossible.

    * `.brief-lock`: held by the driver for the whole run, so a second job on the same OUTDIR is refused.
    * `.brief-run`: the id of the one run allowed to add shards. A writer renames its shard into place
      only while holding a shared lock on it and reading its own run id there; a new run writes its id
      under the exclusive lock before it reads the done ids. So a worker of a killed job that is still
      finishing (a killed driver's workers take a moment to go) can never add a shard behind a resume.
    """

    LOCK, RUN = ".brief-lock", ".brief-run"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = None

    def open(self, *, resume: bool, overwrite: bool, run_id: str, settings: dict | None = None) -> Counter:
        """Lock OUTDIR for this run, fence off older writers, and return the ids to skip (with counts);
        a resume of shards written with other content `settings` is refused before any is written."""
        if self.path.exists() and not self.path.is_dir():
            raise OutputRefused(f"the distributed executor writes a folder of shards, but {self.path} is a file")
        check_parent_folders(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        shards = [p for p in self.path.iterdir() if is_shard(p)]
        if shards and not (resume or overwrite):
            raise OutputRefused(f"output {self.path} already has {len(shards)} shard(s): pass --resume to continue "
                             "it or --overwrite to replace it")
        others = sorted(p.name for p in shards if not p.name.startswith("part-"))
        if overwrite and not resume and others:
            raise OutputRefused(f"--overwrite removes only this tool's part-* shards; move these away first: "
                             f"{', '.join(others[:5])}")
        self._lock = (self.path / self.LOCK).open("a")
        if fcntl is not None:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.close()
                raise OutputRefused(f"another job is writing to {self.path}; wait for it or stop it first") from None
        with (self.path / self.RUN).open("a+") as handle:  # the fence: from here on, only run_id's shards land
            _flock(handle, exclusive=True)
            handle.seek(0)
            handle.truncate()
            handle.write(run_id)
            handle.flush()
            os.fsync(handle.fileno())
        for path in self.path.iterdir():
            if is_temp(path):  # left by a killed run
                path.unlink(missing_ok=True)
        if resume:
            try:
                return done_ids(self.path, settings)
            except BaseException:  # a refused resume releases OUTDIR at once
                self.close()
                raise
        if overwrite:
            for path in shards:
                path.unlink(missing_ok=True)
        return Counter()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the flock
            self._lock = None


def write_shard(outdir: Path, name: str, run_id: str, write) -> bool:
    """Write to a temporary name, then rename into place if `run_id` still owns OUTDIR; False if not."""
    shard = outdir / name
    temp = outdir / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with temp.open("wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        with (outdir / ShardStore.RUN).open("r") as fence:
            _flock(fence, exclusive=False)
            if fence.read().strip() != run_id:
                return False
            os.replace(temp, shard)
        return True
    finally:
        temp.unlink(missing_ok=True)
