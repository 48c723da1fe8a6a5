"""The factory: a model on the runtime `Config` names. It sits above hf.py and ct2.py, so base.py imports neither."""
from __future__ import annotations

from ..config import Config
from .base import GenerationRuntime


def load_runtime(name: str, role: str, config: Config, runtime: str = "transformers") -> GenerationRuntime:
    """The model behind `name` (a folder or hub id) on transformers or CTranslate2 (converted once)."""
    if runtime == "ctranslate2":
        from .ct2 import CTranslate2Runtime
        return CTranslate2Runtime.load(name, role, config)
    from .hf import TransformersRuntime
    return TransformersRuntime.load(name, role, config)


