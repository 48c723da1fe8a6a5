"""JSONL: one record per line, within bounds (depth, number length, line size) that make any line,
however hostile, one record or one error record; never an exception that stops the batch."""
from __future__ import annotations

import io
import json
import re
from itertools import accumulate
from pathlib import Path
from typing import IO, Iterator

from ...config import Config
from ...errors import InputError, first_line
from ...record import Record
from ...text.encoding import decode
from .common import record_from_object, validated
from .encoding import noted, wide_encoding, wide_note
from .ids import clean_id

MAX_JSON_DEPTH = 100  # far beyond any article record; well inside any thread's or actor's stack



MAX_NUMBER_DIGITS = 1000  # below Python's own int limit (4300), whose ValueError this replaces



class UnreadableJson(ValueError):
    """Valid JSON that the reader refuses to build: nested too deep, or a number too long."""



class JsonObject(dict):
    """A JSON object that remembers its keys as given, repeats included (json keeps the last one only)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.keys_given = [key for key, _ in pairs]



_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')



_NOT_BRACKET = re.compile(r"[^\[\]{}]+")



def json_depth(text: str) -> int:
    """How deep the line's arrays and objects nest (brackets inside strings not counted); a cheap bound
    (the number of opening brackets) when that is within the limit."""
    opening = text.count("[") + text.count("{")
    if opening <= MAX_JSON_DEPTH:
        return opening
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)



def _bounded_int(digits: str) -> int:
    count = len(digits) - digits.startswith("-")
    if count > MAX_NUMBER_DIGITS:
        raise UnreadableJson(f"holds a number of {count:,} digits (limit {MAX_NUMBER_DIGITS:,})")
    return int(digits)



def parse_json(text: str):
    """json.loads within the reader's bounds: UnreadableJson (a ValueError) beyond them, JSONDecodeError
    for invalid JSON; never a RecursionError."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise UnreadableJson(f"nests {depth:,} levels deep (limit {MAX_JSON_DEPTH})")
    return json.loads(text, parse_int=_bounded_int, object_pairs_hook=JsonObject)



def jsonl_lines(stream: IO[bytes], encoding: str | None = None) -> Iterator[bytes | str]:
    r"""The lines of a JSONL stream, ended by \n, \r\n or a bare \r (a raw CR cannot be inside a JSON
    string, so this splits no record; U+2028 and NEL can, and do not end a line): bytes, or text in a
    wide `encoding`. latin-1 maps each byte to one character, so the bytes come back unchanged."""
    text = io.TextIOWrapper(stream, encoding=encoding or "latin-1", errors="replace", newline=None)
    try:
        if encoding:
            yield from text
        else:
            for line in text:
                yield line.encode("latin-1")
    finally:  # the caller owns `stream` and closes it; the wrapper must neither close it nor be left open
        if not text.closed:
            text.detach()



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

    def error(what: str) -> Record:
        return Record(fallback, error=f"line {n} of {name} {what}", where=where, explicit=False)

    note = wide_note(encoding) if encoding else None
    if isinstance(line, bytes):
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:  # JSON should be UTF-8, but files are what they are: a legacy encoding
            try:
                decoded = decode(line, "line")
            except InputError:
                return error("is not UTF-8 text")
            text, note = decoded.text, decoded.note
    else:
        text = line
    try:
        obj = parse_json(text)
    except json.JSONDecodeError as problem:
        return error(f"is not valid JSON ({problem.msg}: column {problem.colno})")
    except UnreadableJson as problem:
        return error(str(problem))
    except (ValueError, RecursionError, MemoryError) as problem:  # by class: whatever else json cannot build
        return error(f"cannot be read as JSON ({type(problem).__name__}: {first_line(problem)})")
    if note:
        obj = noted(obj, note, guessed=isinstance(line, bytes))
    return record_from_object(obj, fallback, where)




def read_jsonl(path: Path, config: Config) -> Iterator[Record]:
    encoding = wide_encoding(path)
    return validated(path.open("rb"), lambda f: read_jsonl_stream(f, config, path.name, encoding))


def count_jsonl(path: Path) -> int:
    encoding = wide_encoding(path)
    with path.open("rb") as f:
        return sum(1 for line in jsonl_lines(f, encoding) if line.strip())
