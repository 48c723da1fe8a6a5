"""Reading evaluation inputs: line files, summarization sets in their published layouts.

Every problem a user can fix (missing file, bad JSON, mismatched counts) is an
EvalError with a one-line message naming the file and line.
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "eval"
# The hand-made set in tests/ checks the mechanics; its scores mean nothing.
MECHANICS_DIR = REPO / "tests" / "data" / "eval"


# EASC was also released in Windows-Arabic (cp1256) before its UTF-8 edition.
EASC_ENCODINGS = ("utf-8-sig", "cp1256")


class EvalError(Exception):
    """A problem with the inputs, reported as one line without a traceback."""


def shared_dir() -> Path:
    """../shared beside the repository, or $BRIEF_SHARED_DIR."""
    return Path(os.environ.get("BRIEF_SHARED_DIR") or REPO.parent / "shared")


def flores_dir() -> Path:
    return shared_dir() / "data" / "flores-ar-en-dev"


def _read_text(path: str | Path, what: str, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    path = Path(path)
    if not path.exists():
        raise EvalError(f"{what} not found: {path}")
    if not path.is_file():
        raise EvalError(f"{what} is not a file: {path}")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise EvalError(f"{what} is not a readable gzip file: {path} ({error})") from None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EvalError(f"{what} is not {' or '.join(e.upper() for e in encodings)} text: {path}")


def read_lines(path: str | Path, what: str = "file") -> list[str]:
    """One text per line; the final newline does not make an extra empty line."""
    text = _read_text(path, what).replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    # split("\n"), not splitlines(): U+2028 and friends inside a sentence are not line ends.
    return text.split("\n") if text else []


def check_same_length(named: dict[str, list]) -> None:
    """All lists as long as the first; the message names both files."""
    (first, first_lines), *rest = named.items()
    for name, lines in rest:
        if len(lines) != len(first_lines):
            raise EvalError(f"line counts differ: {first} has {len(first_lines)} lines but {name} has {len(lines)}")


@dataclass
class Example:
    id: str
    text: str
    references: list[str]
    title: str | None = None
    meta: dict = field(default_factory=dict)


def read_jsonl(path: str | Path) -> list[Example]:
    """The project's {id, text, summary[, title]}, XL-Sum's {id, url, title, summary, text}, plain or .gz.

    A record needs a text and at least one of summary and title: headline-only sets
    (a title, summary null) have no summary references, only the title.
    """
    examples, seen = [], set()
    for n, line in enumerate(read_lines(path, "data file"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path} line {n}: not valid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise EvalError(f"{path} line {n}: expected a JSON object, got {type(record).__name__}")
        if not _nonempty(record.get("text")):
            raise EvalError(f"{path} line {n}: missing or empty field 'text'")
        summary, title = record.get("summary"), record.get("title")
        if not _nonempty(summary) and not _nonempty(title):
            raise EvalError(f"{path} line {n}: needs a non-empty 'summary' or 'title'")
        rid = str(record.get("id", n))
        if rid in seen:
            raise EvalError(f"{path} line {n}: duplicate id {rid!r}")
        seen.add(rid)
        examples.append(Example(rid, record["text"], [summary] if _nonempty(summary) else [],
                                title if _nonempty(title) else None,
                                {k: record[k] for k in ("url", "category") if k in record}))
    if not examples:
        raise EvalError(f"{path} has no records")
    return examples


def _nonempty(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def read_easc(root: str | Path) -> list[Example]:
    """EASC: Articles/<Topic>/<article>.txt and MTurk/<Topic>/<one file per human summary>."""
    root = Path(root)
    articles, summaries = root / "Articles", root / "MTurk"
    if not articles.is_dir() or not summaries.is_dir():
        raise EvalError(f"{root} is not an EASC folder: expected Articles/ and MTurk/ inside it")
    examples = []
    for topic in sorted((p for p in articles.iterdir() if p.is_dir()), key=_natural):
        files = sorted(p for p in topic.iterdir() if p.is_file())
        if len(files) != 1:
            raise EvalError(f"{topic}: expected one article file, found {len(files)}")
        refs_dir = summaries / topic.name
        refs = [_read_text(p, "summary", EASC_ENCODINGS).strip() for p in sorted(refs_dir.iterdir())
                if p.is_file()] if refs_dir.is_dir() else []
        refs = [r for r in refs if r]
        if not refs:
            raise EvalError(f"{topic.name}: no summaries in {refs_dir}")
        examples.append(Example(topic.name, _read_text(files[0], "article", EASC_ENCODINGS), refs, None,
                                {"article_file": files[0].name}))
    if not examples:
        raise EvalError(f"{articles} has no topic folders")
    return examples


def _natural(path: Path):
    """Topic2 before Topic10."""
    digits = "".join(ch for ch in path.name if ch.isdigit())
    return (int(digits) if digits else -1, path.name)


def load_examples(path: str | Path) -> tuple[list[Example], str]:
    """Examples and the layout name: 'easc' for a folder, 'jsonl' for a file."""
    path = Path(path)
    if not path.exists():
        raise EvalError(f"data not found: {path}")
    if path.is_dir():
        return read_easc(path), "easc"
    return read_jsonl(path), "jsonl"


def is_mechanics_set(path: str | Path) -> bool:
    return MECHANICS_DIR.resolve() in Path(path).resolve().parents


def is_shared_set(path: str | Path) -> bool:
    """A development set from ../shared/data (its figures are dev figures)."""
    return shared_dir().resolve() in Path(path).resolve().parents


def set_name(path: str | Path) -> str:
    """A short, stable name for reports and RESULTS.md sections: 'easc', 'ant-bbc-ar/dev.jsonl'."""
    path = Path(path).resolve()
    return path.name if path.is_dir() else f"{path.parent.name}/{path.name}"
