"""Presets per model family, read from the data files in prompts/ (never written in code)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


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


@lru_cache(maxsize=None)
def _presets(folder: str) -> tuple[tuple[tuple[str, ...], Preset], ...]:
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(f"prompts folder not found: {path}")
    loaded = []
    for file in sorted(path.glob("*.toml")):
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        tasks = {name: Task(prefix=data.get(name, {}).get("prefix", ""),
                            max_new_tokens=data.get(name, {}).get("max_new_tokens"),
                            max_input_tokens=data.get(name, {}).get("max_input_tokens"),
                            generation=dict(data.get(name, {}).get("generation", {})))
                 for name in ("summary", "headline", "translation")}
        loaded.append((tuple(m.lower() for m in data.get("match", [])),
                       Preset(family=data.get("family", file.stem), source=file.name, **tasks)))
    if not loaded:
        raise FileNotFoundError(f"no *.toml presets in {path}")
    return tuple(loaded)


def preset_for(model_type: str, model_name: str, folder: str | Path | None = None) -> Preset:
    """The first preset whose match list hits the model type, then the model name."""
    presets = _presets(str(folder or PROMPTS_DIR))
    for key in (model_type.lower(), model_name.lower()):
        for patterns, preset in presets:
            if any(p and p == key for p in patterns):
                return preset
    name = model_name.lower()
    for patterns, preset in presets:
        if any(p in name for p in patterns):
            return preset
    return presets[-1][1]
