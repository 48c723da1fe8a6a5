"""Readers (txt, folder, JSONL, CSV, zip) that never lose a record, and a resumable JSONL writer."""
from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from .config import Config
from .errors import InputError
from .pipeline import Record

TEXT_SUFFIXES = (".txt", ".html", ".htm")
MAX_ZIP_MEMBERS = 10_000


def _sized(data: bytes, limit: int) -> str | None:
    return f"too large: {len(data):,} bytes (limit {limit:,})" if len(data) > limit else None


def _file_record(path: Path, record_id: str, config: Config) -> Record:
    size = path.stat().st_size
    if size > config.max_file_bytes:
        return Record(record_id, error=f"file is too large: {size:,} bytes (limit {config.max_file_bytes:,})")
    return Record(record_id, text=path.read_bytes())


def read_folder(folder: Path, config: Config) -> Iterator[Record]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    for path in files:
        yield _file_record(path, str(path.relative_to(folder).with_suffix("")), config)


def record_from_object(obj, fallback_id: str) -> Record:
    if not isinstance(obj, dict):
        return Record(fallback_id, error=f"expected a JSON object, got {type(obj).__name__}")
    record_id = obj.get("id")
    record_id = fallback_id if record_id in (None, "") else str(record_id)
    text = obj.get("text")
    if text is None:
        return Record(record_id, error="missing field 'text'")
    if not isinstance(text, str):
        return Record(record_id, error=f"field 'text' must be a string, got {type(text).__name__}")
    return Record(record_id, text=text, title=obj.get("title"), summary=obj.get("summary"))


def read_jsonl_stream(stream: IO[bytes], config: Config, name: str = "input") -> Iterator[Record]:
    for n, raw in enumerate(stream, start=1):
        fallback = f"line-{n}"
        if not raw.strip():
            continue
        if len(raw) > config.max_file_bytes:
            yield Record(fallback, error=f"line {n} is too large: {len(raw):,} bytes (limit {config.max_file_bytes:,})")
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield Record(fallback, error=f"line {n} of {name} is not UTF-8 text")
            continue
        except json.JSONDecodeError as error:
            yield Record(fallback, error=f"line {n} of {name} is not valid JSON ({error.msg} at column {error.colno})")
            continue
        yield record_from_object(obj, fallback)


def read_csv_stream(stream: IO[str], config: Config, name: str = "input") -> Iterator[Record]:
    csv.field_size_limit(config.max_file_bytes)
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise InputError(f"{name}: cannot read the CSV header ({error})") from None
    if not header or "text" not in header:
        raise InputError(f"{name}: the CSV needs a 'text' column (found: {', '.join(header or []) or 'none'})")
    row = 1
    while True:
        row += 1
        fallback = f"row-{row - 1}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Record(fallback, error=f"row {row - 1} of {name} is malformed CSV ({error})")
            continue
        if None in values:  # more cells than columns
            yield Record(values.get("id") or fallback, error=f"row {row - 1} has more cells than the header")
            continue
        yield record_from_object(values, fallback)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not name.startswith("/")


def read_zip(path: Path, config: Config) -> Iterator[Record]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(f"{path.name} is not a valid zip file") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(f"{path.name} has {len(members):,} files (limit {MAX_ZIP_MEMBERS:,})")
        for member in members:
            record_id = str(PurePosixPath(member.filename).with_suffix(""))
            if not _safe_member(member.filename):
                yield Record(record_id, error=f"unsafe path in zip: {member.filename}")
            elif not member.filename.lower().endswith(TEXT_SUFFIXES):
                yield Record(record_id, error=f"not a .txt file: {member.filename}")
            elif member.file_size > config.max_file_bytes:
                yield Record(record_id, error=f"file is too large: {member.file_size:,} bytes (limit {config.max_file_bytes:,})")
            else:
                with archive.open(member) as handle:
                    data = handle.read(config.max_file_bytes + 1)
                problem = _sized(data, config.max_file_bytes)
                yield Record(record_id, error=problem) if problem else Record(record_id, text=data)


def read_records(path: str | Path, config: Config | None = None) -> Iterator[Record]:
    """Records from a .txt/.html file, a folder of them, a .jsonl, .csv or .zip file."""
    config = config or Config.from_env()
    path = Path(path)
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        return read_folder(path, config)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return iter([_file_record(path, path.stem, config)])
    if suffix == ".jsonl":
        return _closing(path.open("rb"), lambda f: read_jsonl_stream(f, config, path.name))
    if suffix == ".csv":
        # surrogateescape keeps a legacy-encoded (cp1256) cell's bytes; the pipeline decodes and notes them.
        return _closing(path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline=""),
                        lambda f: read_csv_stream(f, config, path.name))
    if suffix == ".zip":
        return read_zip(path, config)
    raise InputError(f"unsupported input type '{suffix or path.name}': use .txt, .html, a folder, .jsonl, .csv or .zip")


def _closing(handle, make) -> Iterator[Record]:
    # Validate eagerly (e.g. a CSV without a 'text' column fails here), stream lazily.
    records = make(handle)
    try:
        first = next(records)
    except StopIteration:
        handle.close()
        return iter(())
    except Exception:
        handle.close()
        raise

    def rest():
        with handle:
            yield first
            yield from records
    return rest()


def count_records(path: str | Path) -> int | None:
    """A cheap total for the progress bar, where one exists."""
    path = Path(path)
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    if path.suffix.lower() in TEXT_SUFFIXES:
        return 1
    return None


# -- output ------------------------------------------------------------------

def ids_in_jsonl(path: str | Path) -> set[str]:
    """Ids already written to an output file; a torn last line (killed run) is ignored."""
    ids = set()
    path = Path(path)
    if not path.exists():
        return ids
    with path.open("rb") as f:
        for raw in f:
            try:
                ids.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError, TypeError):
                continue
    return ids


def _repair_tail(path: Path) -> None:
    """Cut a torn last line left by a killed run, so appends start on a fresh line."""
    with path.open("rb+") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        if size == 0:
            return
        f.seek(max(0, size - 1))
        if f.read(1) == b"\n":
            return
        # Find the last newline and truncate after it.
        chunk, pos = 65536, size
        while pos > 0:
            start = max(0, pos - chunk)
            f.seek(start)
            block = f.read(pos - start)
            idx = block.rfind(b"\n")
            if idx >= 0:
                f.truncate(start + idx + 1)
                return
            pos = start
        f.truncate(0)


def jsonl_line(record: dict) -> str:
    """One output line: UTF-8 JSON, or ASCII-escaped where the text holds lone surrogates."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line


class JsonlWriter:
    """One JSON line per record, flushed as it goes; with resume, appends after what is there."""

    def __init__(self, path: str | Path | None, *, resume: bool = False, overwrite: bool = False):
        self.path = Path(path) if path not in (None, "-") else None
        self.done: set[str] = set()
        if self.path is None:
            self._file = io.TextIOWrapper(os.fdopen(os.dup(1), "wb"), encoding="utf-8", line_buffering=True)
            return
        if self.path.exists() and not (resume or overwrite):
            raise InputError(f"output {self.path} already exists: pass --resume to continue it or --overwrite to replace it")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            _repair_tail(self.path)
            self.done = ids_in_jsonl(self.path)
        self._file = self.path.open("a" if resume else "w", encoding="utf-8")

    def write(self, record: dict) -> None:
        self._file.write(jsonl_line(record) + "\n")
        self._file.flush()
        self.done.add(str(record["id"]))

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def safe_path(root: str | Path, name: str) -> Path:
    """root/name, refusing names that would land outside root."""
    root = Path(root).resolve()
    target = (root / name).resolve()
    if root != target and root not in target.parents:
        raise InputError(f"refusing to write outside {root}: {name}")
    return target
