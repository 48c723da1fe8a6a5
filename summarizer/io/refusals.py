"""Which outputs a batch may write, decided before any work: never an input (nor a folder holding one),
never an existing file unasked, never a path with a file where a folder must be; and which written
records a resume accepts (brief's own, with this run's content settings)."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Iterable

from ..config import Config, flag_name
from ..errors import OutputError, OutputRefused
from ..record import WEB_FIELDS


def own_record(record) -> bool:
    """Is this a line brief writes: {"id": text, "brief": {...}} or {"id": text, "error": text}, with a
    page's or feed item's WEB_FIELDS beside it where the input came from the web?"""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return False
    if set(record) - {"id", "brief", "error", *WEB_FIELDS} or ("brief" in record) == ("error" in record):
        return False
    return isinstance(record.get("brief"), dict) or isinstance(record.get("error"), str)


_FLAGS = {f.name: flag_name(f) for f in dataclasses.fields(Config)}
# A setting that briefs began to record later: what a brief without it was written with.
_BEFORE_RECORDED = {"headline": "generated"}


def settings_problem(found, wanted: dict | None, where: str) -> str | None:
    """Why a brief written with `found` settings cannot be resumed by a run with `wanted`; None if it can."""
    if wanted is None:
        return None
    if not isinstance(found, dict):
        return (f"{where} holds a brief without its settings (written by an older brief), so a resume cannot "
                "tell whether this run's settings match")
    for key, value in wanted.items():
        had = found.get(key, _BEFORE_RECORDED.get(key))
        if had != value:
            flag = _FLAGS.get(key, key)
            when = (f" (by a version that did not yet record {flag}: its briefs' headlines were {had})"
                    if key not in found and key in _BEFORE_RECORDED else "")
            return (f"it was written with {flag} {_shown(had)}{when}, and this run has {flag} {_shown(value)}: "
                    f"resume with {_resume_with(key, flag, had)}")
    return None


def _shown(value) -> str:
    return "(none)" if value is None else str(value)


def _resume_with(key: str, flag: str, value) -> str:
    """The flag that gives a setting its earlier value: 'none' is a flag of its own for the models."""
    if value is None and key.startswith("translator_"):
        return "--no-translate"
    if value is None and key.startswith("summarizer_"):
        return "--backend extractive"
    return f"{flag} {value}"


def check_not_an_input(output: Path, inputs: Iterable[str | Path], *, shards: bool = False) -> None:
    """Refuse an output that is (or links to) one of the inputs, lies inside an input folder, or (a
    folder, such as Ray's shards) holds an input, which would then be read back."""
    target = output.resolve()
    for source in inputs:
        source = Path(source)
        if not source.exists():
            continue
        real = source.resolve()
        holds = target in real.parents
        same = output.exists() and os.path.samefile(output, source)
        if same or holds or target == real or (source.is_dir() and real in target.parents):
            problem = (f"the input {source} is inside it" if holds else
                       f"it is {'inside ' if source.is_dir() else ''}the input {source}")
            raise OutputRefused(f"refusing to write {'shards to ' if shards else ''}{output}: {problem}; choose "
                             f"another output {'folder' if shards else 'path'}")


def refuse_existing(path: str | Path | None, *, resume: bool = False, overwrite: bool,
                    resumable: bool = True) -> None:
    """An output that exists is continued or replaced only when asked; checked before any work (a web
    batch checks it before fetching its feed). One written whole (`resumable` False, a digest) can only be
    replaced, so the message names --overwrite alone."""
    if path not in (None, "-") and Path(path).exists() and not Path(path).is_dir() and not (resume or overwrite):
        how = "--resume to continue it or --overwrite" if resumable else "--overwrite"
        raise OutputRefused(f"output {path} already exists: pass {how} to replace it")


def check_output_file(path: Path, *, example: str, resume: bool = False, overwrite: bool,
                      resumable: bool = True) -> None:
    """The refusals of a file output, before any work: a folder (naming `example` inside it as what to
    write), an existing file not asked to be replaced, a file where one of its folders must be."""
    if path.is_dir():
        raise OutputError(f"output {path} is a folder; name a {Path(example).suffix} file, such as {path / example}")
    refuse_existing(path, resume=resume, overwrite=overwrite, resumable=resumable)
    check_parent_folders(path)


def check_parent_folders(path: Path) -> None:
    """Refuse, naming it, an output whose folder cannot be made because a file stands in its way."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"cannot write {path}: {parent} is a file, not a folder; choose another output path")
