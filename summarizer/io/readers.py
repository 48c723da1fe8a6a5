"""Readers (txt/html, folder, JSONL, CSV, zip) that never lose a record: a bad one becomes an error record.

Ids are unique within an input: a record whose id was used before (an explicit
id, or the `line-N` / `row-N` given to a record without one) becomes the error
record `duplicate id 'a' (first at line 1)`, and its `occurrence` lets a
resumed run skip exactly what was written.
"""
from __future__ import annotations

import codecs
import csv
import json
import zipfile
import zlib
from collections import deque
from pathlib import Path, PurePosixPath
from typing import IO, Iterable, Iterator

from ..config import Config
from ..errors import InputError
from ..record import Record
from ..text.encoding import decode, undecoded_bytes

TEXT_SUFFIXES = (".txt", ".html", ".htm")
MAX_FIELD_LINES = 1000  # lines a broken CSV row may span before its quote is taken as never closed
RECORD_SUFFIXES = (".jsonl", ".csv", ".zip", *TEXT_SUFFIXES)


def _file_record(path: Path, record_id: str, config: Config) -> Record:
    size = path.stat().st_size
    if size > config.max_file_bytes:
        return Record(record_id, error=f"file is too large: {size:,} bytes (limit {config.max_file_bytes:,})",
                      where=path.name)
    return Record(record_id, text=path.read_bytes(), where=path.name)


def file_ids(names: list[str]) -> dict[str, str]:
    """A file's id is its path without the extension (news/a.txt: news/a), or with it where two files
    would share one (a.txt and a.html keep theirs), so that no two files get the same id."""
    stems = [str(PurePosixPath(n).with_suffix("")) for n in names]
    return {n: stem if stems.count(stem) == 1 else n for n, stem in zip(names, stems)}


def _skipped(name: str) -> bool:
    """Files no one means as an article: hidden ones and macOS resource forks (in folders and zips)."""
    parts = PurePosixPath(name).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


def read_folder(folder: Path, config: Config) -> Iterator[Record]:
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not _skipped(p.relative_to(folder).as_posix()))
    if not files:
        others = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in RECORD_SUFFIXES)
        hint = (f"; it holds {', '.join(others[:3])}: give one of them as INPUT (a folder of shards takes "
                "--executor ray)") if others else ""
        raise InputError(f"no .txt or .html articles in the folder {folder}{hint}")
    ids = file_ids(files)
    for name in files:
        yield _file_record(folder / name, ids[name], config)


def record_from_object(obj, fallback_id: str, where: str = "") -> Record:
    """A record from a JSON object or CSV row. Ids are text: a number id 1 is the id "1"."""
    if not isinstance(obj, dict):
        return Record(fallback_id, error=f"expected a JSON object, got {type(obj).__name__}", where=where,
                      explicit=False)
    record_id = obj.get("id")
    if isinstance(record_id, (dict, list, bool)):
        return Record(fallback_id, where=where, explicit=False,
                      error=f"field 'id' must be a string or a number, got {type(record_id).__name__}")
    explicit = record_id not in (None, "")
    record_id = _readable(str(record_id)) if explicit else fallback_id
    text = obj.get("text")
    if text is None:
        return Record(record_id, error="missing field 'text'", where=where, explicit=explicit)
    if not isinstance(text, (str, bytes)):
        return Record(record_id, error=f"field 'text' must be a string, got {type(text).__name__}", where=where,
                      explicit=explicit)
    return Record(record_id, text=text, title=obj.get("title"), summary=obj.get("summary"), where=where,
                  explicit=explicit)


def _readable(record_id: str) -> str:
    """An id read from a legacy-encoded CSV cell keeps its bytes escaped (surrogateescape): decode them."""
    raw = undecoded_bytes(record_id)
    if raw is None:
        return record_id
    try:
        return decode(raw, "id").text
    except InputError:
        return raw.decode("utf-8", "replace")


def read_jsonl_stream(stream: IO[bytes], config: Config, name: str = "input") -> Iterator[Record]:
    for n, raw in enumerate(stream, start=1):
        fallback, where = f"line-{n}", f"line {n}"
        if not raw.strip():
            continue
        if len(raw) > config.max_file_bytes:
            yield Record(fallback, error=f"line {n} is too large: {len(raw):,} bytes (limit {config.max_file_bytes:,})",
                         where=where, explicit=False)
            continue
        line = raw.rstrip(b"\r\n")
        try:
            obj = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError:
            obj = _legacy_json(line)
            if obj is None:
                yield Record(fallback, error=f"line {n} of {name} is not UTF-8 text", where=where, explicit=False)
                continue
        except json.JSONDecodeError as error:
            yield Record(fallback, error=f"line {n} of {name} is not valid JSON ({error.msg}: column {error.colno})",
                         where=where, explicit=False)
            continue
        yield record_from_object(obj, fallback, where)


def _legacy_json(line: bytes):
    """A JSON line in a legacy Arabic encoding (JSON should be UTF-8, but files are what they are):
    its text goes on as the original bytes, so the pipeline decodes it again and notes the encoding."""
    try:
        decoded = decode(line, "line")
        obj = json.loads(decoded.text)
    except (InputError, json.JSONDecodeError):
        return None
    if isinstance(obj, dict) and isinstance(obj.get("text"), str) and decoded.encoding != "utf_8":
        obj["text"] = obj["text"].encode(decoded.encoding, errors="replace")
    return obj


class _Lines:
    """Physical lines for the csv module, keeping those of the row being read so a broken row can be replayed."""

    def __init__(self, stream: Iterable[str]):
        self._stream = iter(stream)
        self._replay: deque[tuple[int, str]] = deque()
        self._count = 0
        self.row: list[tuple[int, str]] = []  # (line number, line) of the row being read

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._replay:
            item = self._replay.popleft()
        else:
            line = next(self._stream)
            self._count += 1
            item = (self._count, line)
        self.row.append(item)
        return item[1]

    def pull(self) -> bool:
        """Read one more line into the current row (False at the end)."""
        try:
            next(self)
        except StopIteration:
            return False
        return True

    def drop_broken_row(self) -> tuple[int, int]:
        """After a csv error: (first, last) line of the broken row; the lines after it are read again.

        Where the row's first line leaves a quote open (an odd count), the row runs to the next line that
        closes one (e.g. a cell with unescaped inner quotes over two lines); if none does within
        MAX_FIELD_LINES, the quote is unterminated and the row is its first line alone."""
        end = 0
        if self.row[0][1].count('"') % 2:
            k = 1
            while k < MAX_FIELD_LINES and (k < len(self.row) or self.pull()):
                if self.row[k][1].count('"') % 2:
                    end = k
                    break
                k += 1
        broken, rest = self.row[:end + 1], self.row[end + 1:]
        self._replay.extendleft(reversed(rest))
        self.row = []
        return broken[0][0], broken[-1][0]


def read_csv_stream(stream: IO[str], config: Config, name: str = "input") -> Iterator[Record]:
    """CSV rows with a 'text' column. A row the csv module cannot close (an unterminated quote) becomes an
    error record naming its line, and reading goes on at the next line: the rows after it are not swallowed."""
    csv.field_size_limit(config.max_file_bytes)
    lines = _Lines(stream)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: the CSV is empty (it needs a header with a 'text' column)") from None
    except csv.Error as error:
        raise InputError(f"{name}: cannot read the CSV header ({error})") from None
    if "text" not in header:
        raise InputError(f"{name}: the CSV needs a 'text' column (found: {', '.join(header) or 'none'})")
    lines.row = []
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            first, last = lines.drop_broken_row()
            reader = csv.reader(lines, strict=True)
            span = f"line {first}" if first == last else f"lines {first}-{last}"
            yield Record(f"row-{row}", where=f"line {first}", explicit=False, error=(
                f"row {row} ({span}) of {name} is malformed CSV ({error}), e.g. a quote that is never "
                f"closed or a quote inside a cell that is not doubled; reading went on at line {last + 1}"))
            continue
        start = lines.row[0][0]
        lines.row = []
        if not cells:
            row -= 1  # a blank line is not a record
            continue
        where = f"line {start}"
        if len(cells) > len(header):
            given = _cell(cells, header, "id")
            yield Record(given or f"row-{row}", where=where, explicit=bool(given),
                         error=f"row {row} (line {start}) has more cells than the header")
            continue
        yield record_from_object(dict(zip(header, cells)), f"row-{row}", where)


def _cell(cells: list[str], header: list[str], column: str) -> str | None:
    return cells[header.index(column)] if column in header and header.index(column) < len(cells) else None


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not name.startswith("/")


# What a damaged member raises while it is read (bad CRC, bad deflate data, truncated, encrypted...).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def open_zip(path: Path, config: Config) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its files, refused whole only when it cannot be listed or breaks a limit."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"{path.name} is not a readable zip file ({error})") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    total = sum(m.file_size for m in members)
    if len(members) > config.max_zip_members:
        archive.close()
        raise InputError(f"{path.name} has {len(members):,} files (limit {config.max_zip_members:,})")
    if total > config.max_zip_bytes:
        archive.close()
        raise InputError(f"{path.name}'s files add up to {total:,} bytes uncompressed "
                         f"(limit {config.max_zip_bytes:,})")
    return archive, members


def read_zip(path: Path, config: Config) -> Iterator[Record]:
    archive, members = open_zip(path, config)
    members = [m for m in members if not _skipped(m.filename)]
    ids = file_ids([m.filename for m in members])
    with archive:
        for member in members:
            record_id, where = ids[member.filename], f"member {member.filename}"
            if not _safe_member(member.filename):
                yield Record(record_id, error=f"unsafe path in zip: {member.filename}", where=where)
            elif not member.filename.lower().endswith(TEXT_SUFFIXES):
                yield Record(record_id, error=f"not a .txt or .html file: {member.filename}", where=where)
            elif member.file_size > config.max_file_bytes:
                yield Record(record_id, where=where, error=f"file is too large: {member.file_size:,} bytes "
                                                           f"(limit {config.max_file_bytes:,})")
            elif member.flag_bits & 0x1:
                yield Record(record_id, where=where, error=f"{member.filename} is encrypted in the zip: "
                                                           "unpack it with its password first")
            else:  # zipfile inflates no more than the header's size (then fails the CRC): the total is bounded
                yield _zip_member(archive, member, record_id, where, config.max_file_bytes)


def _zip_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, record_id: str, where: str,
                limit: int) -> Record:
    try:
        with archive.open(member) as handle:
            data = handle.read(limit + 1)
    except _DAMAGED as error:
        reason = str(error).splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return Record(record_id, where=where, error=f"{member.filename} is damaged in the zip and cannot be read "
                                                    f"({reason})")
    if len(data) > limit:  # the header understated the size
        return Record(record_id, where=where, error=f"file is too large: over {limit:,} bytes "
                                                    f"(its zip header says {member.file_size:,})")
    return Record(record_id, text=data, where=where)


def unique_ids(records: Iterable[Record], seen: dict | None = None) -> Iterator[Record]:
    """Each explicit id once: a later record that repeats one becomes an error record naming the first.

    A made-up id (line-N, row-N) never makes a record an error: when its name is taken it becomes
    line-N-2 and so on. `seen` (id -> (where first, count, explicit)) may carry earlier inputs' ids.
    """
    seen = {} if seen is None else seen
    for record in records:
        first = seen.get(record.id)
        if first is not None and not record.explicit:
            n = 2
            while f"{record.id}-{n}" in seen:
                n += 1
            record.id, first = f"{record.id}-{n}", None
        if first is None:
            seen[record.id] = (record.where, 1, record.explicit)
            yield record
            continue
        where, count, explicit = first
        seen[record.id] = (where, count + 1, explicit)
        record.occurrence = count + 1
        if not explicit:  # a made-up id took this name first: the named record is kept too
            yield record
            continue
        yield Record(record.id, where=record.where, occurrence=count + 1,
                     error=f"duplicate id '{record.id}' (first at {where or 'an earlier record'})")


def read_records(path: str | Path, config: Config | None = None) -> Iterator[Record]:
    """Records from a .txt/.html file, a folder of them, a .jsonl, .csv or .zip file; ids made unique."""
    return unique_ids(iter_records(path, config))


def iter_records(path: str | Path, config: Config | None = None) -> Iterator[Record]:
    """The records of one input as they are, duplicate ids included (see `unique_ids`)."""
    path, config = Path(path), config or Config.from_env()
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        return _closing(None, lambda _: read_folder(path, config))
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return iter([_file_record(path, path.stem, config)])
    if suffix == ".jsonl":
        return _closing(path.open("rb"), lambda f: read_jsonl_stream(f, config, path.name))
    if suffix == ".csv":
        return _closing(_open_csv(path), lambda f: read_csv_stream(f, config, path.name))
    if suffix == ".zip":
        return _closing(None, lambda _: read_zip(path, config))
    raise InputError(f"unsupported input type '{suffix or path.name}': use .txt, .html, a folder, .jsonl, .csv or .zip")


def _open_csv(path: Path) -> IO[str]:
    """UTF-16/32 by their byte-order mark (Excel's "Unicode text"); else UTF-8, where surrogateescape keeps
    a legacy-encoded (cp1256) cell's bytes, which the pipeline decodes and notes like a file's."""
    with path.open("rb") as handle:
        head = handle.read(4)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return path.open("r", encoding=codec, errors="replace", newline="")
    return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")


def _closing(handle, make) -> Iterator[Record]:
    # Validate eagerly (a CSV without a 'text' column, a zip over its limits, fail here), stream lazily.
    records = make(handle)
    try:
        first = next(records)
    except StopIteration:
        if handle is not None:
            handle.close()
        return iter(())
    except Exception:
        if handle is not None:
            handle.close()
        raise

    def rest():
        try:
            yield first
            yield from records
        finally:
            if handle is not None:
                handle.close()
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
