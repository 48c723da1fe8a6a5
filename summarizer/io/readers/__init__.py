"""Readers (txt/html, folder, JSONL, CSV, zip, pipe) that never lose a record: a bad one becomes an error record.

One module per format, chosen through `READERS` by the input's suffix (a folder and a pipe by what they
are); ids and the duplicate rule live in `ids`, what JSONL and CSV share in `common`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from ...config import Config
from ...errors import InputError
from ...record import Record
from .common import KNOWN_COLUMNS, record_from_object, validated  # noqa: F401
from .csv import read_csv, read_csv_stream  # noqa: F401
from .encoding import wide_encoding  # noqa: F401
from .folder import count_folder, read_folder
from .ids import check_id, clean_id, file_ids, unique_ids  # noqa: F401
from .jsonl import count_jsonl, read_jsonl, read_jsonl_stream  # noqa: F401
from .pipe import read_pipe
from .text import TEXT_SUFFIXES, read_text_file
from .zip import open_zip, read_zip  # noqa: F401

# suffix -> the reader of a file with it: (path, config) -> records
READERS: dict[str, Callable[[Path, Config], Iterator[Record]]] = {
    **{suffix: read_text_file for suffix in TEXT_SUFFIXES},
    ".jsonl": read_jsonl,
    ".csv": read_csv,
    ".zip": lambda path, config: validated(None, lambda _: read_zip(path, config)),
}
RECORD_SUFFIXES = tuple(READERS)
# suffix -> a cheap count of a file's records, for the progress bar
COUNTERS: dict[str, Callable[[Path], int]] = {**{suffix: lambda _: 1 for suffix in TEXT_SUFFIXES},
                                              ".jsonl": count_jsonl}


def read_records(path: str | Path, config: Config | None = None) -> Iterator[Record]:
    """Records from a .txt/.html file, a folder of them, a .jsonl, .csv or .zip file; ids made unique."""
    return unique_ids(iter_records(path, config))


def iter_records(path: str | Path, config: Config | None = None) -> Iterator[Record]:
    """The records of one input as they are, duplicate ids included (see `unique_ids`)."""
    path, config = Path(path), config or Config.from_env()
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        return validated(None, lambda _: read_folder(path, config))
    if not path.is_file():  # a pipe (`brief <(cat f.jsonl)`: /dev/fd/63) or a device: read once, never counted
        return read_pipe(path, config)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"unsupported input type '{path.suffix or path.name}': use .txt, .html, a folder, "
                         ".jsonl, .csv or .zip")
    return reader(path, config)


def count_records(path: str | Path) -> int | None:
    """A cheap total for the progress bar, where one exists."""
    path = Path(path)
    if path.is_dir():
        return count_folder(path)
    if not path.is_file():  # a pipe: counting it would consume it
        return None
    counter = COUNTERS.get(path.suffix.lower())
    return counter(path) if counter else None
