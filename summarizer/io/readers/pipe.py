"""A pipe (`brief <(cat f.jsonl)` names /dev/fd/63) or a device: read once, from its start, never counted."""
from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Iterator

from ...config import Config
from ...errors import InputError
from ...record import Record
from .common import validated
from .csv import read_csv_stream
from .encoding import wide_encoding_of
from .jsonl import read_jsonl_stream


class _Replayed(io.RawIOBase):
    """A stream that cannot seek (a pipe), with the bytes already taken from its start put back."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._stream.read1(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()



PIPE_SNIFF_BYTES = 65536



def read_pipe(path: Path, config: Config) -> Iterator[Record]:
    """A pipe is read once, from its start: JSONL (by a .jsonl name, or a first character '{'), or CSV
    by a .csv name; anything else is refused, saying how to give it."""
    suffix = path.suffix.lower()
    handle = path.open("rb")
    head = b""
    while len(head) < PIPE_SNIFF_BYTES:  # up to the first character that is not a space
        data = handle.read1(PIPE_SNIFF_BYTES)
        if not data:
            break
        head += data
        if len(head) >= 4 and _first_char(head) is not None:
            break
    encoding = wide_encoding_of(head[:4])
    stream = io.BufferedReader(_Replayed(head, handle))
    if suffix == ".csv":
        text = io.TextIOWrapper(stream, encoding=encoding or "utf-8-sig", newline="",
                                errors="replace" if encoding else "surrogateescape")
        return validated(text, lambda f: read_csv_stream(f, config, path.name, encoding))
    if suffix == ".jsonl" or _first_char(head, encoding) in ("{", None):  # None: an empty pipe
        return validated(stream, lambda f: read_jsonl_stream(f, config, path.name, encoding))
    stream.close()
    raise InputError(f"{path} is a pipe (as `brief <(cat FILE)` gives), and brief reads a pipe as JSONL only: "
                     "it starts with '{'. Give a CSV, text or zip input as the file itself (brief FILE), or "
                     "pipe one article to `brief -`")



def _first_char(head: bytes, encoding: str | None = None) -> str | None:
    """The first character of `head` that is not a space or a byte-order mark; None if there is none yet."""
    text = head.decode(encoding or "utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text[0] if text else None

