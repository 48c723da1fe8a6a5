"""The app's inputs and answers, without the web: its limits, the checks on uploads and options, the
download folder, and the typed request and answers of /brief, /batch and /digest."""
from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import check_beams, check_bullets
from ..errors import InputError

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
BATCH_SUFFIXES = (".jsonl", ".csv", ".zip")
BATCH_CHUNK = 8                     # records per library batch call (progress bar granularity)
DEFAULT_CONCURRENCY = 2             # /brief batches in flight
FETCH_WORKERS = 8                   # /brief pages fetched at once (each at most 2 per host)
DEFAULT_FETCH_BUDGET = 60.0         # seconds of fetching per request, all its pages and feeds together
DEFAULT_MAX_FEED_ITEMS = 50         # items read per feed in the app (a 500-item feed is not 500 fetches)
MAX_DIGEST_FEEDS = 10              # feed URLs per digest request
MAX_REQUEST_BATCH = 8               # concurrent /brief requests merged into one library call
QUEUE_MAX_SIZE = 256                # waiting requests beyond this are refused with "queue full"
OUTPUT_MAX_AGE_S = 3600             # downloads older than this are pruned
BATCH_COLUMNS = ["id", "headline AR", "headline EN", "warnings", "error"]
EMPTY_HTML = '<div class="brief-empty" id="brief-output">The brief will appear here.</div>'
ENGLISH_HOW_ID = "how-english"      # the anchor of the one "how to get English" note on the page
ENGLISH_NEEDS_MODEL = "English needs a translator model"

Progress = Callable[[int, "int | None", str], None]   # (done, total or None, what is happening)



def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def safe_stem(name: str, default: str) -> str:
    """A file name's stem reduced to safe characters, for naming downloads after an upload."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._-")[:60]
    return stem or default


def check_upload(path: str | os.PathLike, allowed: tuple[str, ...], limit: int, what: str) -> Path:
    """The uploaded file's path, after checking its type and size (the bytes are never trusted further)."""
    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise InputError(f"{what} must be a {', '.join(allowed)} file, not '{path.suffix or path.name}'")
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{what} is too large: {mb(size)} (limit {mb(limit)})")
    return path


def beams_option(value) -> int | None:
    """A beams control's value: 0 or empty is each model's default (None); otherwise the library's one check."""
    if value is None or value == 0:
        return None
    if isinstance(value, float) and value.is_integer():  # sliders send floats
        value = int(value)
    try:
        return check_beams(value)
    except ValueError as error:
        raise InputError(f"{error} (0 = each model's default)") from None


def bullets_option(value, default: int) -> int:
    try:
        return check_bullets(default if value is None else value)
    except ValueError as error:
        raise InputError(str(error)) from None


class DownloadFolder:
    """Where the app writes downloads: one fresh sub-folder per result, pruned after an hour."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._last_prune = 0.0

    def new(self) -> Path:
        self._prune()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        return folder

    def file(self, folder: Path, name: str) -> Path:
        target = (folder / name).resolve()
        if target.parent != folder.resolve() or not str(target).startswith(str(self.root) + os.sep):
            raise InputError(f"refusing to write outside the output folder: {name}")
        return target

    def _prune(self) -> None:
        now = time.time()
        if now - self._last_prune < 60:
            return
        self._last_prune = now
        for child in self.root.iterdir():
            try:
                if now - child.stat().st_mtime > OUTPUT_MAX_AGE_S:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:
                pass


@dataclass(frozen=True)
class BriefRequest:
    """One /brief call: the text box, the uploaded file, a page's URL, and the options.
    An uploaded file wins, then the URL, then the text box."""
    text: str | None
    file: str | None = None
    num_bullets: int | float | None = None
    backend: str | None = None
    beams: int | float | None = None
    translate: bool | None = True
    url: str | None = None


@dataclass(frozen=True)
class BriefAnswer:
    """What one request gets: the brief as a dict ({"error": reason} when refused), the status line,
    the brief as HTML, and the JSON and Markdown download paths (None when refused)."""
    brief: dict
    message: str
    html: str
    json_path: str | None
    md_path: str | None

    def as_tuple(self) -> tuple:
        return self.brief, self.message, self.html, self.json_path, self.md_path


@dataclass(frozen=True)
class DigestAnswer:
    page: str                 # the self-contained digest page (HTML)
    html_path: str
    md_path: str
    json_path: str
    message: str


@dataclass(frozen=True)
class BatchAnswer:
    rows: list[list]          # one per output record, in input order, under BATCH_COLUMNS
    jsonl_path: str
    csv_path: str
    message: str

