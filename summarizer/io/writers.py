"""Batch outputs: JSONL or CSV, one record per input record, flushed as they go, resumable, one writer at a time.

A writer holds an exclusive lock on its file for as long as it is open, so a
second run on the same output is refused instead of interleaving lines; it
never writes to a file that is one of its inputs (the refusals are refusals.py's);
with `resume` it cuts a row torn by a killed run and counts the ids already
written (a Counter, so that duplicate-id error records are skipped exactly as
often as they were written).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a second writer is then not detected
    fcntl = None

from ..errors import InputError, OutputRefused
from ..record import WEB_FIELDS
from .refusals import (
    check_not_an_input,
    check_output_file,
    own_record,
    refuse_existing,  # noqa: F401 - commands/brief.py imports it from here
    settings_problem,
)

# A page's or feed item's url, title, date, category and source come last (empty for files).
CSV_COLUMNS = ["id", "headline_ar", "headline_en", "bullets_ar", "bullets_en", "warnings", "error", "settings",
               *WEB_FIELDS]
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection); a cell that
# starts with the quoting mark itself is quoted too, so that reading a cell back is unambiguous.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTED_START = (*_FORMULA_START, "'")
_JSONL_START = b'{"id": '  # how every output line starts (the dict is built with "id" first)


def jsonl_line(record: dict) -> str:
    """One output line: UTF-8 JSON, or ASCII-escaped where the text holds lone surrogates."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    return line


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character (or ') is quoted with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_QUOTED_START) else text


def csv_row(record: dict) -> list[str]:
    brief = record.get("brief") or {}
    cells = [record.get("id"), brief.get("headline_ar"), brief.get("headline_en"),
             "\n".join(brief.get("bullets_ar") or []), "\n".join(brief.get("bullets_en") or []),
             "\n".join(brief.get("warnings") or []), record.get("error")]
    settings = (brief.get("meta") or {}).get("settings")
    cells.append(json.dumps(settings, ensure_ascii=False, separators=(",", ":")) if settings else None)
    cells += [record.get(name) for name in WEB_FIELDS]
    return [safe_cell(c) for c in cells]


class RecordWriter:
    """The shared part: the lock, the refusals, resume bookkeeping; subclasses say how a record is written."""
    suffix = ""

    def __init__(self, path: str | Path, *, resume: bool = False, overwrite: bool = False,
                 inputs: Iterable[str | Path] = (), settings: dict | None = None):
        self.path = Path(path)
        self.settings = settings  # the content settings of this run: --resume refuses an output with others
        self.done: Counter[str] = Counter()
        check_not_an_input(self.path, inputs)
        check_output_file(self.path, example="briefs" + self.suffix, resume=resume, overwrite=overwrite)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a+b")  # never truncates before the lock is held
        try:
            self._lock()
            if overwrite and not resume:
                self._file.truncate(0)
            elif resume:
                self.done = self._resume()
        except BaseException:
            self._file.close()
            raise
        self._file.seek(0, os.SEEK_END)
        self._start()

    def _lock(self) -> None:
        if fcntl is None:
            return
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputRefused(f"output {self.path} is being written by another brief run; wait for it to finish "
                             "or choose another output") from None

    def skip(self, record) -> bool:
        """Was this record written by an earlier run? (Its id's n-th occurrence, n counted by the reader.)"""
        return record.occurrence <= self.done.get(self.key(record.id), 0)

    def key(self, record_id: str) -> str:
        """The id as it reads back from this file."""
        return record_id

    def write(self, record: dict) -> None:
        self._file.write(self._encode(record))
        self._file.flush()

    def close(self) -> None:
        self._file.close()  # closing releases the lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self) -> None:
        pass

    def _refuse(self, problem: str) -> None:
        raise OutputRefused(f"cannot resume {self.path}: {problem}, so it is not output of brief; nothing was "
                         "written. Choose another output file, or pass --overwrite to replace it")

    def _check_settings(self, found, where: str) -> None:
        problem = settings_problem(found, self.settings, where)
        if problem:
            raise OutputRefused(f"cannot resume {self.path}: {problem}; or choose another output file, or pass "
                             "--overwrite to replace it. Nothing was written")

    def _resume(self) -> Counter:
        raise NotImplementedError

    def _encode(self, record: dict) -> bytes:
        raise NotImplementedError


class JsonlWriter(RecordWriter):
    """One JSON line per record."""
    suffix = ".jsonl"

    def _resume(self) -> Counter:
        """Ids of the complete lines; a line torn by a killed run (the last, without its newline) is cut.
        A file that is not this tool's output is refused before anything is cut or written."""
        self._file.seek(0)
        data = self._file.read()
        end = data.rfind(b"\n") + 1
        ids: Counter[str] = Counter()
        for n, raw in enumerate(data[:end].split(b"\n")[:-1], 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                record = None
            if not own_record(record):
                self._refuse(f"line {n} is not a brief record (a JSON object with an \"id\", and a \"brief\" "
                             "or an \"error\")")
            if "brief" in record:
                self._check_settings((record["brief"].get("meta") or {}).get("settings"), f"line {n}")
            ids[record["id"]] += 1
        torn = data[end:]
        if torn and not (torn.startswith(_JSONL_START) or _JSONL_START.startswith(torn)):
            last = data.count(b"\n") + 1
            self._refuse(f"its last line (line {last}, with no newline) is not a brief record")
        if torn:
            self._file.truncate(end)
        return ids

    def _encode(self, record: dict) -> bytes:
        return (jsonl_line(record) + "\n").encode("utf-8")


class CsvWriter(RecordWriter):
    """One CSV row per record (CSV_COLUMNS), UTF-8 with a BOM so spreadsheets show Arabic; formula-safe cells."""
    suffix = ".csv"

    def _start(self) -> None:
        if self._file.tell() == 0:
            self._file.write("\ufeff".encode("utf-8") + self._row(CSV_COLUMNS))
            self._file.flush()

    @staticmethod
    def _row(cells: list[str]) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(cells)  # CRLF, so a lone \r in a cell is quoted too
        return out.getvalue().encode("utf-8", "backslashreplace")

    def key(self, record_id: str) -> str:
        return safe_cell(record_id).encode("utf-8", "backslashreplace").decode("utf-8")

    def _encode(self, record: dict) -> bytes:
        return self._row(csv_row(record))

    def _check_row(self, row: list[str], line: int) -> None:
        """A row of this tool's: its cells, an error or a brief (with its settings, which must match)."""
        cells = dict(zip(CSV_COLUMNS, row))
        if len(row) != len(CSV_COLUMNS) or not (cells["error"] or cells["headline_ar"]):
            self._refuse(f"line {line} is not a brief record (a row with an error or a headline)")
        if not cells["error"]:
            try:
                found = json.loads(cells["settings"]) if cells["settings"] else None
            except ValueError:
                self._refuse(f"line {line} is not a brief record (its settings cell is not JSON)")
            self._check_settings(found, f"line {line}")

    def _resume(self) -> Counter:
        """Ids of the complete rows; a row torn by a killed run (no end, or an open quote) is cut.
        A file that is not this tool's output (another header, a broken row before the last) is refused
        before anything is cut or written."""
        self._file.seek(0)
        offsets, lines = [0], []
        for raw in self._file:
            if b"\0" in raw:
                self._refuse(f"line {len(lines) + 1} holds binary data")
            lines.append(raw.decode("utf-8-sig" if not lines else "utf-8", "replace"))
            offsets.append(offsets[-1] + len(raw))
        ids: Counter[str] = Counter()
        good, n, first = 0, 0, 1  # first: the line the next row starts on

        def numbered():
            nonlocal n
            for n, line in enumerate(lines, 1):  # noqa: B007 (n is how many lines csv has read)
                yield line

        reader = csv.reader(numbered(), strict=True)
        header = ",".join(CSV_COLUMNS)
        try:
            for row_number, row in enumerate(reader):
                if not lines[n - 1].endswith("\n"):
                    break
                if not row_number and row != CSV_COLUMNS:
                    self._refuse(f"its header is not this tool's ({header})")
                if row_number and row:
                    self._check_row(row, first)
                    ids[row[0]] += 1  # as written: `key` gives a record's id in the same form
                good, first = offsets[n], n + 1
        except csv.Error as error:
            if n < len(lines):  # only the last row may be torn
                self._refuse(f"line {n} is not valid CSV ({error})")
        if good == 0 and lines and not header.startswith(lines[0].rstrip("\r\n")):
            self._refuse(f"its header is not this tool's ({header})")
        if good < offsets[-1]:
            self._file.truncate(good)
        return ids


class StdoutWriter:
    """JSONL on standard output (`-o -`, or no -o for a batch)."""
    path = None
    done: Counter = Counter()

    def __init__(self):
        self._file = io.TextIOWrapper(os.fdopen(os.dup(sys.stdout.fileno()), "wb"), encoding="utf-8",
                                      line_buffering=True)

    def skip(self, record) -> bool:
        return False

    def write(self, record: dict) -> None:
        self._file.write(jsonl_line(record) + "\n")

    def close(self) -> None:
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


WRITERS = {".jsonl": JsonlWriter, ".csv": CsvWriter}


def open_writer(path: str | Path | None, *, resume: bool = False, overwrite: bool = False,
                inputs: Iterable[str | Path] = (), settings: dict | None = None):
    """The writer for an output path: .jsonl or .csv by its suffix; None or '-' is JSONL on stdout."""
    if path in (None, "-"):
        return StdoutWriter()
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise InputError(f"output {path}: use a .jsonl or .csv file name (or '-' for JSONL on stdout)")
    return writer(path, resume=resume, overwrite=overwrite, inputs=inputs, settings=settings)
