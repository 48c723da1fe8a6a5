"""MarianMT (Helsinki-NLP/opus-mt-tc-big-ar-en by default, or opus-mt-ar-en) on either runtime: Arabic->English.

Repair before warning: the beam search is asked for its n-best list (`num_return_sequences`,
CTranslate2's `num_hypotheses`), not only its best line. When the best line's numbers disagree
with its Arabic line (the checks of `summarizer.faithfulness`, the ones the brief shows), the
best-scoring other hypothesis whose numbers agree is kept, and the line says so in its `note`;
when none agrees, the best line is kept and the brief's check flags it as before.
"""
from __future__ import annotations

from typing import Sequence

from ..faithfulness import english_line_flags, unsupported
from ..presets import Task
from ..runtimes.base import GenerationRuntime
from ..text.numbers import arabic_mentions, english_mentions
from .base import Decorator, Hypothesis


class MarianTranslator(Decorator):
    """Translates lines that fit the model; batching by length happens in the runtime (runtimes.base)."""

    def __init__(self, runtime: GenerationRuntime, preset: Task, *, num_beams: int | None = None,
                 max_new_tokens: int | None = None, batch_size: int = 32, max_batch_tokens: int = 8192,
                 repair: bool = True):
        self.runtime = runtime
        self.name = runtime.name
        # The preset's input cap (the model's served length) where it is below the model's positions.
        self.max_input_tokens = min(runtime.max_input_tokens, preset.max_input_tokens or runtime.max_input_tokens)
        self.max_output_tokens = preset.max_new_tokens or self.max_input_tokens
        self.count_tokens = runtime.count_tokens
        self.generation = dict(preset.generation)
        if num_beams:
            self.generation["num_beams"] = num_beams
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self.repair = repair
        self.repairs = self.unrepaired = 0  # lines changed by a repair; flagged lines no hypothesis fixed

    def _beams(self, kwargs: dict) -> int:
        beams = kwargs.get("num_beams")
        if beams is None:
            beams = getattr(getattr(self.runtime, "generation_config", None), "num_beams", None)
        return int(beams or 1)

    def hypotheses(self, lines: Sequence[str], **options) -> list[Hypothesis]:
        if not lines:
            return []
        lengths = self.runtime.count_tokens(lines)
        kwargs = dict(self.generation)
        # Without a set cap, bound the output by the input (twice as long, within the limit):
        # a real translation never needs more, and a looping one stops early.
        kwargs["max_new_tokens"] = self.max_new_tokens or min(self.max_output_tokens, 2 * max(lengths) + 10)
        kwargs.update({k: v for k, v in options.items() if v is not None})
        n = self._beams(kwargs) if self.repair else 1
        if n > 1:  # every hypothesis the beam search finished, best first
            kwargs["num_return_sequences"] = n
        outputs = self.runtime.generate(list(lines), lengths=lengths, max_batch_size=self.batch_size,
                                       max_tokens=self.max_batch_tokens, decode_bound=True, **kwargs)
        if n == 1:
            return [Hypothesis(out) for out in outputs]
        return [self.choose(line, hypotheses) for line, hypotheses in zip(lines, outputs)]

    def choose(self, source: str, hypotheses: Sequence[str]) -> Hypothesis:
        """The best hypothesis, unless its numbers disagree with `source` and a later one's agree."""
        best = hypotheses[0]
        evidence = arabic_mentions(source)
        wrong = unsupported(english_mentions(best), evidence)
        if not wrong:
            return Hypothesis(best)
        stated = _stated(best)
        for rank, other in enumerate(hypotheses[1:], 2):
            # Agrees: no number the Arabic does not support, no fewer numbers than the best line
            # (dropping the wrong number is not a repair), and no other problem the brief would flag.
            if other and len(_stated(other)) >= len(stated) and not english_line_flags(other, source, evidence):
                self.repairs += 1
                said = ", ".join(claim.describe() for claim, _ in wrong)
                return Hypothesis(other, note=(
                    f"numbers repaired: the model's best translation said {said}, which the Arabic "
                    f"line does not say; its hypothesis {rank} of {len(hypotheses)} from the same beam search agrees "
                    "with the Arabic line and is shown"))
        self.unrepaired += 1
        return Hypothesis(best)


def _stated(text: str) -> list:
    return [m for m in english_mentions(text) if not m.weak]
