"""Presets per model family, read from the package's data files in prompts/ (never written in code).

The files live in summarizer/prompts/ (package data, so an installed wheel and a
Ray worker have them); the repository's top-level prompts/ is a link to that
folder, the one place they are edited.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Task:
    prefix: str = ""
    max_new_tokens: int | None = None
    # Input cap below the model's limit (headline: read the lead only).
    max_input_tokens: int | None = None
    generation: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Preset:
    family: str
    source: str  # the file it came from
    summary: Task
    headline: Task
    translation: Task


def _files(folder: str | None):
    """(name, text) of each preset file: the package's own, or those of another folder."""
    root = resources.files("summarizer") / "prompts" if folder is None else Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"prompts folder not found: {root}")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield entry.name, entry.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _presets(folder: str | None) -> tuple[tuple[tuple[str, ...], Preset, tuple[str, ...]], ...]:
    loaded = []
    for file_name, text in _files(folder):
        data = tomllib.loads(text)
        tasks = {name: Task(prefix=data.get(name, {}).get("prefix", ""),
                            max_new_tokens=data.get(name, {}).get("max_new_tokens"),
                            max_input_tokens=data.get(name, {}).get("max_input_tokens"),
                            generation=dict(data.get(name, {}).get("generation", {})))
                 for name in ("summary", "headline", "translation")}
        loaded.append((tuple(m.lower() for m in data.get("match", [])),
                       Preset(family=data.get("family", file_name[:-5]), source=file_name, **tasks),
                       tuple(m.lower() for m in data.get("names", []))))
    if not loaded:
        raise FileNotFoundError(f"no *.toml presets in {folder or 'the package'}")
    return tuple(loaded)


def preset_for(model_type: str, model_name: str, folder: str | Path | None = None) -> Preset:
    """A model's own preset (its `names` in the model name) first; then the first preset whose match
    list hits the model type, then the model name."""
    presets = _presets(None if folder is None else str(folder))
    name = model_name.lower()
    for _, preset, names in presets:
        if any(n and n in name for n in names):
            return preset
    for key in (model_type.lower(), name):
        for patterns, preset, _ in presets:
            if any(p and p == key for p in patterns):
                return preset
    for patterns, preset, _ in presets:
        if any(p in name for p in patterns):
            return preset
    return presets[-1][1]
