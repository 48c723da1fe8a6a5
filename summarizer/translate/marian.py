"""MarianMT (Helsinki-NLP/opus-mt-ar-en) on either engine (transformers or CTranslate2): Arabic->English."""
from __future__ import annotations

from typing import Sequence

from ..presets import Task
from ..runtimes.base import GenerationEngine


class MarianTranslator:
    """Translates lines that fit the model; batching by length happens in the engine (models.GenerationEngine)."""

    def __init__(self, engine: GenerationEngine, preset: Task, *, num_beams: int | None = None,
                 max_new_tokens: int | None = None, batch_size: int = 32, max_batch_tokens: int = 8192):
        self.engine = engine
        self.name = engine.name
        self.max_input_tokens = engine.max_input_tokens
        self.count_tokens = engine.count_tokens
        self.generation = dict(preset.generation)
        if num_beams:
            self.generation["num_beams"] = num_beams
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens

    def translate(self, lines: Sequence[str], **options) -> list[str]:
        if not lines:
            return []
        lengths = self.engine.count_tokens(lines)
        kwargs = dict(self.generation)
        # Without a set cap, bound the output by the input (twice as long, within the limit):
        # a real translation never needs more, and a looping one stops early.
        kwargs["max_new_tokens"] = self.max_new_tokens or min(self.max_input_tokens, 2 * max(lengths) + 10)
        kwargs.update({k: v for k, v in options.items() if v is not None})
        return self.engine.generate(list(lines), lengths=lengths, max_batch_size=self.batch_size,
                                    max_tokens=self.max_batch_tokens, **kwargs)
