"""One .txt or .html file: one record, its id the file's name without the extension."""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterator

from ...config import Config
from ...record import Record

TEXT_SUFFIXES = (".txt", ".html", ".htm")



def file_record(path: Path, record_id: str, config: Config) -> Record:
    try:
        size = path.stat().st_size
        if size > config.max_file_bytes:
            return Record(record_id, error=f"file is too large: {size:,} bytes (limit {config.max_file_bytes:,})",
                          where=path.name)
        return Record(record_id, text=path.read_bytes(), where=path.name)
    except OSError as error:  # no permission, or gone since the folder was listed: one error record
        return Record(record_id, error=f"cannot read {path.name}: {error.strerror or error}", where=path.name)



def skipped(name: str) -> bool:
    """Files no one means as an article: hidden ones and macOS resource forks (in folders and zips)."""
    parts = PurePosixPath(name).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)




def read_text_file(path: Path, config: Config) -> Iterator[Record]:
    return iter([file_record(path, path.stem, config)])
