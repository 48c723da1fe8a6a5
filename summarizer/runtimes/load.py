"""The factory: a model on the runtime `Config` names. It sits above hf.py and ct2.py, so base.py imports neither."""
from __future__ import annotations

from ..config import Config
from .base import GenerationEngine


def load_engine(name: str, role: str, config: Config, runtime: str = "transformers") -> GenerationEngine:
    """The model behind `name` (a folder or hub id) on transformers or CTranslate2 (converted once)."""
    if runtime == "ctranslate2":
        from .ct2 import CTranslate2Model
        return CTranslate2Model.load(name, role, config)
    from .hf import Seq2SeqModel
    return Seq2SeqModel.load(name, role, config)
