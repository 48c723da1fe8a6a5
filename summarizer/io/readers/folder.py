"""A folder of .txt/.html articles, walked once; an article-named entry that cannot be read is an error record."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ...config import Config
from ...errors import InputError
from ...record import Record
from .ids import file_ids
from .text import TEXT_SUFFIXES, file_record, skipped

log = logging.getLogger(__name__)
# Inputs a folder may hold instead of articles, named in the error when it has none.
RECORD_INPUTS = (".jsonl", ".csv", ".zip")


def _folder_entries(folder: Path) -> tuple[list[str], list[str]]:
    """One walk of the folder: (articles, other files). An article is every .txt/.html name that is not
    a folder itself: a broken link or a pipe named like one is listed too, to become an error record
    rather than vanish."""
    articles, others = [], []
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if skipped(name):
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
        inputs = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in RECORD_INPUTS)
        hint = (f"; it holds {', '.join(inputs[:3])}: give one of them as INPUT (a folder of shards takes "
                "--executor ray)") if inputs else ""
        raise InputError(f"no .txt or .html articles in the folder {folder}{hint}")
    ids = file_ids(files)
    for name in files:
        path = folder / name
        if path.is_file():
            yield file_record(path, ids[name], config)
        else:
            what = "a link to nothing" if path.is_symlink() and not path.exists() else "not a regular file"
            yield Record(ids[name], error=f"cannot read {name}: {what}", where=name)




def count_folder(folder: Path) -> int:
    return len(_folder_entries(folder)[0])
