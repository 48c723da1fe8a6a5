"""The encoding of a JSONL or CSV file: UTF-8, or UTF-16/32 found by its byte-order mark or NUL pattern.

Text a reader decodes from a wide or legacy encoding goes on as `DecodedText`, which carries the note
the brief shows about it (never encoded back into bytes to be decoded again).
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ...record import DecodedText
from ...text.encoding import encoding_name

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))



_NUL_PATTERNS = ((re.compile(b"^\x00\x00\x00[^\x00]", re.S), "utf-32-be"),
                 (re.compile(b"^[^\x00]\x00\x00\x00", re.S), "utf-32-le"),
                 (re.compile(b"^\x00[^\x00]", re.S), "utf-16-be"),
                 (re.compile(b"^[^\x00]\x00", re.S), "utf-16-le"))



def wide_encoding(path: Path) -> str | None:
    """UTF-16 or UTF-32 (by the byte-order mark, or the NUL pattern of the first character), else None."""
    with path.open("rb") as handle:
        return wide_encoding_of(handle.read(4))



def wide_encoding_of(head: bytes) -> str | None:
    """`wide_encoding` from a file's first four bytes."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    for pattern, codec in _NUL_PATTERNS:
        if pattern.match(head):
            return codec
    return None



def wide_note(codec: str) -> str:
    """The note for text read from a UTF-16/32 file, as a file with a byte-order mark gets it."""
    return f"the input was {encoding_name(codec.replace('-', '_').removesuffix('_le').removesuffix('_be'))} text"


def noted(obj, note: str | None, guessed: bool = False):
    """The object with its text marked with the note about the encoding it was read from (`guessed`: a
    legacy encoding, named again if the text then fails the language check)."""
    if note and isinstance(obj, dict) and isinstance(obj.get("text"), str):
        obj["text"] = DecodedText(obj["text"], note, guessed)
    return obj
