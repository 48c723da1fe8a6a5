"""A .zip of articles: refused whole only when it cannot be listed or breaks a limit; a damaged,
unsafe, encrypted or oversized member is one error record."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Iterator

from ...config import Config
from ...errors import InputError
from ...record import Record
from .ids import file_ids
from .text import TEXT_SUFFIXES, skipped


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not name.startswith("/")



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
    return archive, [m for m in members if not skipped(m.filename)]



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

