"""CSV: rows with a 'text' column (header names matched ignoring case and spaces; `,` `;` tab or `|`),
one record each; a broken row is one error record, and reading goes on at the next real row."""
from __future__ import annotations

import csv
import io
from collections import deque
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from ...config import Config
from ...errors import InputError
from ...record import Record
from .common import KNOWN_COLUMNS, record_from_object, validated
from .encoding import noted, wide_encoding, wide_note
from .ids import clean_id

MAX_FIELD_LINES = 1000  # lines a CSV row may span where one is tried as the place to go on after a broken row



MAX_ID_CHARS = 64  # a longer first cell is taken for text, not an id, when looking for where a row starts



DELIMITERS = ",;\t|"



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
    return _CsvRows(lines, header, delimiter, name, wide_note(encoding) if encoding else None).records()


class _CsvRows:
    """The rows of one CSV after its header, and what recovery from a broken row needs: the ids read so
    far and their shapes, which tell a line that starts a real row from a line inside a quoted cell."""

    def __init__(self, lines: _Lines, header: list[str], delimiter: str, name: str, note: str | None):
        self.lines, self.header, self.delimiter, self.name, self.note = lines, header, delimiter, name, note
        self.id_at = header.index("id") if "id" in header else None
        self.shapes: set[str] = set()  # of the ids read so far
        self.ids: set[str] = set()

    def _reader(self):
        return csv.reader(self.lines, delimiter=self.delimiter, strict=True)

    def _remember(self, cell: str) -> None:
        self.shapes.add(_id_shape(cell) or "token")
        self.ids.add(cell.strip())

    def complete(self, cells: list[str]) -> bool:
        if self.id_at is None or len(cells) != len(self.header):
            return False
        shape = _id_shape(cells[self.id_at])
        return shape in (self.shapes or {"number", "token"}) and cells[self.id_at].strip() not in self.ids

    def starts_row(self, following: Iterator[str]) -> bool:
        reader = csv.reader(following, delimiter=self.delimiter, strict=True)
        try:
            if not self.complete(next(reader, [])):
                return False
            following_row = next((cells for cells in reader if cells), None)
        except csv.Error:
            return False
        return following_row is None or self.complete(following_row)

    def broken_id(self, line: str) -> str:
        """The id cell of a broken row's first line, where it ends before the broken cell."""
        cells = next(csv.reader([line], delimiter=self.delimiter), [])
        if self.id_at is None or self.id_at >= len(cells) - 1 or _id_shape(cells[self.id_at]) is None:
            return ""
        return cells[self.id_at]

    def records(self) -> Iterator[Record]:
        lines, reader, row = self.lines, self._reader(), 0
        while True:
            row += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                record, found = self._broken(row, error)
                yield record
                if not found:
                    return
                reader = self._reader()
                continue
            start = lines.row[0][0]
            lines.row = []
            if not cells:
                row -= 1  # a blank line is not a record
                continue
            yield self._record(row, start, cells)

    def _broken(self, row: int, error: csv.Error) -> tuple[Record, bool]:
        """The error record of a row the csv module cannot read, after moving to the next real row."""
        given = clean_id(self.broken_id(self.lines.row[0][1]))
        if given:
            self._remember(given)
        first, last, found = self.lines.resync(self.starts_row)
        span = f"line {first}" if first == last else f"lines {first}-{last}"
        what = (f"row {row} ({span}) of {self.name} is malformed CSV ({error}): a quote that is never closed, "
                f"or a quote inside a cell that is not doubled; ")
        return Record(given or f"row-{row}", where=f"line {first}", explicit=bool(given), error=what + (
            f"reading went on at line {last + 1}, the next line that starts a complete row" if found else
            f"no later line starts a complete row, so the rest of the file (from line {first}) was not "
            "read: fix that row and run again")), found

    def _record(self, row: int, start: int, cells: list[str]) -> Record:
        where = f"line {start}"
        if len(cells) > len(self.header):
            given = clean_id(_cell(cells, self.header, "id"))
            return Record(given or f"row-{row}", where=where, explicit=bool(given),
                          error=f"row {row} (line {start}) has more cells than the header")
        record = record_from_object(noted(dict(zip(self.header, cells)), self.note), f"row-{row}", where)
        if record.explicit and self.id_at is not None:
            self._remember(cells[self.id_at])
        return record


def _cell(cells: list[str], header: list[str], column: str) -> str | None:
    return cells[header.index(column)] if column in header and header.index(column) < len(cells) else None



def open_csv(path: Path, encoding: str | None) -> IO[str]:
    """UTF-16/32 (Excel's "Unicode text", see `wide_encoding`); else UTF-8, where surrogateescape keeps
    a legacy-encoded (cp1256) cell's bytes, which the pipeline decodes and notes like a file's."""
    if encoding:
        return path.open("r", encoding=encoding, errors="replace", newline="")
    return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")




def read_csv(path: Path, config: Config) -> Iterator[Record]:
    encoding = wide_encoding(path)
    return validated(open_csv(path, encoding), lambda f: read_csv_stream(f, config, path.name, encoding))
