"""The Ray executor's input: the files INPUT names, what is refused on the driver before Ray starts,
how many records they hold, and their records with ids unique across the files.

Reading uses the library's readers (`summarizer.io.read_records`; `record_from_object` for Parquet
rows), so malformed rows become the same error records as in the local batch.
"""
from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..config import Config
from ..errors import InputError
from ..io.readers import RECORD_SUFFIXES, count_records, iter_records, read_records, record_from_object, unique_ids
from ..io.shards import SHARD_SUFFIXES
from ..record import Record

_FALLBACK_ID = re.compile(r"(?:line|row)-\d+")  # the ids the readers give rows without one


@dataclass(frozen=True)
class Source:
    """One input file (or a folder of .txt); `prefix` keeps fallback ids ('line-3') unique across shards."""
    path: str
    kind: str  # "records" (the library's reader) or "parquet"
    prefix: str = ""


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
