"""Readers (txt/html, folder, JSONL, CSV, zip) that never lose a record: a bad one becomes an error record.

Ids are unique within an input: a record whose id was used before (an explicit
id, or the `line-N` / `row-N` given to a record without one) becomes the error
record `duplicate id 'a' (first at line 1)`, and its `occurrence` lets a
resumed run skip exactly what was written.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import zipfile
import zlib
from collections import deque
from pathlib import Path, PurePosixPath
from typing import IO, Callable, Iterable, Iterator

from ..config import Config
from ..errors import InputError
from ..record import Record
from ..text.encoding import decode, undecoded_bytes
from ..text.normalize import collapse_whitespace, strip_invisible

log = logging.getLogger(__name__)
TEXT_SUFFIXES = (".txt", ".html", ".htm")
MAX_FIELD_LINES = 1000  # lines a CSV row may span where one is tried as the place to go on after a broken row
MAX_ID_CHARS = 64  # a longer first cell is taken for text, not an id, when looking for where a row starts
KNOWN_COLUMNS = ("id", "text", "url", "title", "summary")
DELIMITERS = ",;\t|"
RECORD_SUFFIXES = (".jsonl", ".csv", ".zip", *TEXT_SUFFIXES)


def _file_record(path: Path, record_id: str, config: Config) -> Record:
    try:
        size = path.stat().st_size
        if size > config.max_file_bytes:
            return Record(record_id, error=f"file is too large: {size:,} bytes (limit {config.max_file_bytes:,})",
                          where=path.name)
        return Record(record_id, text=path.read_bytes(), where=path.name)
    except OSError as error:  # no permission, or gone since the folder was listed: one error record
        return Record(record_id, error=f"cannot read {path.name}: {error.strerror or error}", where=path.name)


def file_ids(names: list[str]) -> dict[str, str]:
    """A file's id is its path without the extension (news/a.txt: news/a), or with it where two files
    would share one (a.txt and a.html keep theirs), so that no two files get the same id."""
    stems = [str(PurePosixPath(n).with_suffix("")) for n in names]
    return {n: stem if stems.count(stem) == 1 else n for n, stem in zip(names, stems)}


def _skipped(name: str) -> bool:
    """Files no one means as an article: hidden ones and macOS resource forks (in folders and zips)."""
    parts = PurePosixPath(name).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


def _folder_entries(folder: Path) -> tuple[list[str], list[str]]:
    """One walk of the folder: (articles, other files). An article is every .txt/.html name that is not
    a folder itself: a broken link or a pipe named like one is listed too, to become an error record
    rather than vanish."""
    articles, others = [], []
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if _skipped(name):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES and not path.is_dir():
            articles.append(name)
        elif path.is_file():
            others.append(name)
    return sorted(articles), sorted(others)


def read_folder(folder: Path, config: Config) -> Iterator[Record]:
    files, others = _folder_entries(folder)
    if files and others:
        log.warning("skipped %d file(s) that are not .txt or .html: %s", len(others),
                    ", ".join(others[:5]) + (", ..." if len(others) > 5 else ""))
    if not files:
        inputs = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in RECORD_SUFFIXES)
        hint = (f"; it holds {', '.join(inputs[:3])}: give one of them as INPUT (a folder of shards takes "
                "--executor ray)") if inputs else ""
        raise InputError(f"no .txt or .html articles in the folder {folder}{hint}")
    ids = file_ids(files)
    for name in files:
        path = folder / name
        if path.is_file():
            yield _file_record(path, ids[name], config)
        else:
            what = "a link to nothing" if path.is_symlink() and not path.exists() else "not a regular file"
            yield Record(ids[name], error=f"cannot read {name}: {what}", where=name)


def record_from_object(obj, fallback_id: str, where: str = "") -> Record:
    """A record from a JSON object or CSV row. Ids are text: a number id 1 is the id "1"."""
    if not isinstance(obj, dict):
        return Record(fallback_id, error=f"expected a JSON object, got {type(obj).__name__}", where=where,
                      explicit=False)
    record_id = obj.get("id")
    if isinstance(record_id, (dict, list, bool)):
        return Record(fallback_id, where=where, explicit=False,
                      error=f"field 'id' must be a string or a number, got {type(record_id).__name__}")
    record_id = clean_id(record_id)
    explicit = bool(record_id)
    record_id = record_id or fallback_id
    text = obj.get("text")
    if not text and isinstance(obj.get("url"), str) and obj["url"].strip():  # fetched by summarizer.web
        return Record(record_id, title=obj.get("title"), where=where, explicit=explicit, url=obj["url"].strip())
    if text is None:
        return Record(record_id, error="missing field 'text'", where=where, explicit=explicit)
    if not isinstance(text, (str, bytes)):
        return Record(record_id, error=f"field 'text' must be a string, got {type(text).__name__}", where=where,
                      explicit=explicit)
    return Record(record_id, text=text, title=obj.get("title"), summary=obj.get("summary"), where=where,
                  explicit=explicit)


def clean_id(value) -> str:
    """An id as text without the controls and invisible/bidi characters the text loses too (U+202E would
    show 'abc' as 'cba'), its whitespace runs one space; '' for no id."""
    return "" if value is None else collapse_whitespace(strip_invisible(_readable(str(value))))


def _readable(record_id: str) -> str:
    """An id read from a legacy-encoded CSV cell keeps its bytes escaped (surrogateescape): decode them."""
    raw = undecoded_bytes(record_id)
    if raw is None:
        return record_id
    try:
        return decode(raw, "id").text
    except InputError:
        return raw.decode("utf-8", "replace")


# -- the encoding of a JSONL or CSV file ------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# JSON and a CSV header start with an ASCII character, whose NUL bytes give the width and byte
# order of a file without a byte-order mark (RFC 4627, section 3): "{" is 7B 00 in UTF-16LE.
_NUL_PATTERNS = ((re.compile(b"^\x00\x00\x00[^\x00]", re.S), "utf-32-be"),
                 (re.compile(b"^[^\x00]\x00\x00\x00", re.S), "utf-32-le"),
                 (re.compile(b"^\x00[^\x00]", re.S), "utf-16-be"),
                 (re.compile(b"^[^\x00]\x00", re.S), "utf-16-le"))


def wide_encoding(path: Path) -> str | None:
    """UTF-16 or UTF-32 (by the byte-order mark, or the NUL pattern of the first character), else None."""
    with path.open("rb") as handle:
        head = handle.read(4)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    for pattern, codec in _NUL_PATTERNS:
        if pattern.match(head):
            return codec
    return None


def _noted(obj, codec: str, errors: str = "strict"):
    """The object with its text as bytes in `codec`, so the pipeline decodes it again and notes the
    encoding the input was in (a wide codec is written with its byte-order mark, which names it)."""
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        codec = {"utf-16-le": "utf-16", "utf-16-be": "utf-16", "utf-32-le": "utf-32", "utf-32-be": "utf-32"}.get(
            codec, codec)
        try:
            obj["text"] = obj["text"].encode(codec, errors=errors)
        except UnicodeEncodeError:  # lone surrogates from \u escapes: the text goes on as it is
            pass
    return obj


# -- JSONL -----------------------------------------------------------------------------------------

def jsonl_lines(stream: IO[bytes], encoding: str | None = None) -> Iterator[bytes | str]:
    r"""The lines of a JSONL stream, ended by \n, \r\n or a bare \r (a raw CR cannot be inside a JSON
    string, so this splits no record; U+2028 and NEL can, and do not end a line): bytes, or text in a
    wide `encoding`. latin-1 maps each byte to one character, so the bytes come back unchanged."""
    if encoding:
        yield from io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=None)
        return
    for line in io.TextIOWrapper(stream, encoding="latin-1", newline=None):
        yield line.encode("latin-1")


# The id at the start of a line too large to parse: the string or number after a top-level "id" key.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')
_JSON_ID_VALUE = re.compile(r'\s*("(?:[^"\\]|\\.){0,500}"|-?\d{1,30})')
ID_SCAN_CHARS = 4096


def _leading_id(line: bytes | str) -> str:
    """The top-level "id" of a JSON line, read from its first few KB only; '' when not found there."""
    head = line[:ID_SCAN_CHARS]
    head = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    depth, previous = 0, None
    for token in _JSON_TOKEN.finditer(head):
        value = token.group(0)
        if value in "{[":
            depth += 1
        elif value in "}]":
            depth -= 1
        elif value == ":" and depth == 1 and previous == '"id"':
            match = _JSON_ID_VALUE.match(head, token.end())
            try:
                return clean_id(json.loads(match.group(1))) if match else ""
            except json.JSONDecodeError:
                return ""
        previous = value
    return ""


def read_jsonl_stream(stream: IO[bytes], config: Config, name: str = "input",
                      encoding: str | None = None) -> Iterator[Record]:
    """JSONL records, one per line; a UTF-16/32 file (`encoding`, see `wide_encoding`) is read as text."""
    given: set[str] = set()  # the ids given so far, so a too-large line takes only an unused one
    for n, raw in enumerate(jsonl_lines(stream, encoding), start=1):
        fallback, where = f"line-{n}", f"line {n}"
        if not raw.strip():
            continue
        size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
        if size > config.max_file_bytes:
            found = _leading_id(raw)
            record_id = found if found and found not in given else fallback
            given.add(record_id)
            yield Record(record_id, error=f"line {n} is too large: {size:,} bytes (limit {config.max_file_bytes:,})",
                         where=where, explicit=record_id == found)
            continue
        record = _jsonl_record(raw.rstrip("\r\n" if isinstance(raw, str) else b"\r\n"), n, name, encoding)
        if record.explicit:
            given.add(record.id)
        yield record


def _jsonl_record(line: bytes | str, n: int, name: str, encoding: str | None) -> Record:
    fallback, where = f"line-{n}", f"line {n}"
    try:
        if isinstance(line, str):
            obj = _noted(json.loads(line), encoding)
        else:
            obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        obj = _legacy_json(line)
        if obj is None:
            return Record(fallback, error=f"line {n} of {name} is not UTF-8 text", where=where, explicit=False)
    except json.JSONDecodeError as error:
        return Record(fallback, error=f"line {n} of {name} is not valid JSON ({error.msg}: column {error.colno})",
                      where=where, explicit=False)
    return record_from_object(obj, fallback, where)


def _legacy_json(line: bytes):
    """A JSON line in a legacy Arabic encoding (JSON should be UTF-8, but files are what they are):
    its text goes on as the original bytes, so the pipeline decodes it again and notes the encoding."""
    try:
        decoded = decode(line, "line")
        obj = json.loads(decoded.text)
    except (InputError, json.JSONDecodeError):
        return None
    return _noted(obj, decoded.encoding, errors="replace") if decoded.encoding != "utf_8" else obj


class _Lines:
    """Physical lines (numbered) for the csv module, with a look-ahead, so that after a broken row the
    reader can try later lines as the start of the next real row before it goes on."""

    def __init__(self, stream: Iterable[str]):
        self._stream = iter(stream)
        self._ahead: deque[tuple[int, str]] = deque()
        self._count = 0
        self.row: list[tuple[int, str]] = []  # (line number, line) of the row being read

    def __iter__(self):
        return self

    def __next__(self) -> str:
        item = self._ahead.popleft() if self._ahead else self._fetch()
        if item is None:
            raise StopIteration
        self.row.append(item)
        return item[1]

    def _fetch(self) -> tuple[int, str] | None:
        line = next(self._stream, None)
        if line is None:
            return None
        self._count += 1
        return self._count, line

    def _peek(self, k: int) -> tuple[int, str] | None:
        while len(self._ahead) <= k:
            item = self._fetch()
            if item is None:
                return None
            self._ahead.append(item)
        return self._ahead[k]

    def _following(self) -> Iterator[str]:
        for k in range(MAX_FIELD_LINES):
            item = self._peek(k)
            if item is None:
                return
            yield item[1]

    def resync(self, starts_row: Callable[[Iterator[str]], bool]) -> tuple[int, int, bool]:
        """After a csv error: drop the broken row's lines, from its first, up to a line where
        `starts_row(lines from there)` holds. (first line, last line dropped, whether one was found)."""
        first = last = self.row[0][0]
        self._ahead.extendleft(reversed(self.row[1:]))
        self.row = []
        while self._peek(0) is not None:
            if starts_row(self._following()):
                return first, last, True
            last = self._ahead.popleft()[0]
        return first, last, False


def _id_shape(value: str) -> str | None:
    """What an id looks like (a number, one token, a few words); None for what cannot be an id."""
    value = value.strip()
    if not value or len(value) > MAX_ID_CHARS or "\n" in value or "\r" in value:
        return None
    return "number" if value.isdigit() else "token" if len(value.split()) == 1 else "words"


def _short(cell: str, limit: int = 60) -> str:
    cell = " ".join(cell.split())
    return cell if len(cell) <= limit else cell[:limit - 3] + "..."


def _read_header(lines: _Lines, name: str) -> tuple[list[str], str]:
    """The header's column names (trimmed, lower case) and the delimiter that gives it a 'text' column."""
    try:
        next(csv.reader(lines, strict=True))
    except StopIteration:
        raise InputError(f"{name}: the CSV is empty (it needs a header with a 'text' column)") from None
    except csv.Error as error:
        raise InputError(f"{name}: cannot read the CSV header ({error})") from None
    raw, lines.row = "".join(line for _, line in lines.row), []
    found: list[str] = []
    for delimiter in DELIMITERS:  # the comma first: a header that has 'text' with it is a comma CSV
        cells = next(csv.reader(io.StringIO(raw), delimiter=delimiter), [])
        names = [cell.strip().casefold() for cell in cells]
        found = found or cells
        if "text" in names or "url" in names:  # a 'url' column in place of 'text': pages to fetch
            for column in KNOWN_COLUMNS:
                if names.count(column) > 1:
                    at = [str(i + 1) for i, n in enumerate(names) if n == column]
                    raise InputError(f"{name}: duplicate column '{column}' in the header (columns "
                                     f"{' and '.join(at)}): keep one and run again")
            return names, delimiter
    shown = ", ".join(_short(c) for c in found[:10]) + (", ..." if len(found) > 10 else "")
    raise InputError(f"{name}: the CSV needs a 'text' column in its header row (cells separated by commas, "
                     f"semicolons, tabs or |); found: {shown or 'none'}")


def read_csv_stream(stream: IO[str], config: Config, name: str = "input",
                    encoding: str | None = None) -> Iterator[Record]:
    """CSV rows with a 'text' column, one record each.

    A row the csv module cannot read (a quote never closed, an inner quote not doubled) is one error
    record, and reading goes on at the first later line that starts a complete row: one whose cell
    count is the header's and whose id looks like the ids before it, followed by another such row or
    the end of the file (a line inside a quoted article rarely passes). Where no line does, the error
    says the rest of the file was not read: never a record made from the middle of a cell.
    """
    csv.field_size_limit(config.max_file_bytes)
    lines = _Lines(stream)
    header, delimiter = _read_header(lines, name)
    id_at = header.index("id") if "id" in header else None
    shapes: set[str] = set()  # of the ids read so far
    ids: set[str] = set()

    def complete(cells: list[str]) -> bool:
        if id_at is None or len(cells) != len(header):
            return False
        shape = _id_shape(cells[id_at])
        return shape in (shapes or {"number", "token"}) and cells[id_at].strip() not in ids

    def starts_row(following: Iterator[str]) -> bool:
        reader = csv.reader(following, delimiter=delimiter, strict=True)
        try:
            if not complete(next(reader, [])):
                return False
            following_row = next((cells for cells in reader if cells), None)
        except csv.Error:
            return False
        return following_row is None or complete(following_row)

    def broken_id(line: str) -> str:
        """The id cell of a broken row's first line, where it ends before the broken cell."""
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if id_at is None or id_at >= len(cells) - 1 or _id_shape(cells[id_at]) is None:
            return ""
        return cells[id_at]

    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            given = clean_id(broken_id(lines.row[0][1]))
            if given:
                shapes.add(_id_shape(given) or "token")
                ids.add(given)
            first, last, found = lines.resync(starts_row)
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            span = f"line {first}" if first == last else f"lines {first}-{last}"
            what = (f"row {row} ({span}) of {name} is malformed CSV ({error}): a quote that is never closed, "
                    f"or a quote inside a cell that is not doubled; ")
            yield Record(given or f"row-{row}", where=f"line {first}", explicit=bool(given), error=what + (
                f"reading went on at line {last + 1}, the next line that starts a complete row" if found else
                f"no later line starts a complete row, so the rest of the file (from line {first}) was not "
                "read: fix that row and run again"))
            if not found:
                return
            continue
        start = lines.row[0][0]
        lines.row = []
        if not cells:
            row -= 1  # a blank line is not a record
            continue
        where = f"line {start}"
        if len(cells) > len(header):
            given = clean_id(_cell(cells, header, "id"))
            yield Record(given or f"row-{row}", where=where, explicit=bool(given),
                         error=f"row {row} (line {start}) has more cells than the header")
            continue
        obj = dict(zip(header, cells))
        record = record_from_object(_noted(obj, encoding) if encoding else obj, f"row-{row}", where)
        if record.explicit and id_at is not None:
            shapes.add(_id_shape(cells[id_at]) or "token")
            ids.add(cells[id_at].strip())
        yield record


def _cell(cells: list[str], header: list[str], column: str) -> str | None:
    return cells[header.index(column)] if column in header and header.index(column) < len(cells) else None


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not name.startswith("/")


# What a damaged member raises while it is read (bad CRC, bad deflate data, truncated, encrypted...).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def open_zip(path: Path, config: Config) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its files meant as articles (hidden files and __MACOSX left out), refused whole
    only when it cannot be listed or its files, all counted, break a limit."""
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
    return archive, [m for m in members if not _skipped(m.filename)]


def read_zip(path: Path, config: Config) -> Iterator[Record]:
    archive, members = open_zip(path, config)
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
        encoding = wide_encoding(path)
        return _closing(path.open("rb"), lambda f: read_jsonl_stream(f, config, path.name, encoding))
    if suffix == ".csv":
        encoding = wide_encoding(path)
        return _closing(_open_csv(path, encoding), lambda f: read_csv_stream(f, config, path.name, encoding))
    if suffix == ".zip":
        return _closing(None, lambda _: read_zip(path, config))
    raise InputError(f"unsupported input type '{suffix or path.name}': use .txt, .html, a folder, .jsonl, .csv or .zip")


def _open_csv(path: Path, encoding: str | None) -> IO[str]:
    """UTF-16/32 (Excel's "Unicode text", see `wide_encoding`); else UTF-8, where surrogateescape keeps
    a legacy-encoded (cp1256) cell's bytes, which the pipeline decodes and notes like a file's."""
    if encoding:
        return path.open("r", encoding=encoding, errors="replace", newline="")
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
        return len(_folder_entries(path)[0])
    if path.suffix.lower() == ".jsonl":
        encoding = wide_encoding(path)
        with path.open("rb") as f:
            return sum(1 for line in jsonl_lines(f, encoding) if line.strip())
    if path.suffix.lower() in TEXT_SUFFIXES:
        return 1
    return None
