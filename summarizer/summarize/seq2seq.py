"""Abstractive summaries from any Hugging Face encoder-decoder, map-reduce over chunks.

Map: the article is cut on sentence boundaries into about `num_bullets`
segments that each fit the model's real position limit; each segment gives
one bullet, so every part of the article is read and covered. Reduce: when a
long article needs more segments than bullets, neighbouring partial summaries
are summarized again, until `num_bullets` remain. The headline is generated
from the lead segment. All segments of all articles in a batch go through
`generate` together.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ..chunking import pack, split_to_fit
from ..config import Config
from ..presets import Preset, Task
from ..runtimes.base import GenerationRuntime
from ..text.sentences import Sentence, cut_at_clause
from ..text.tokens import content_terms
from .base import FROM_TITLE, GENERATED, Summary

_MAX_ROUNDS = 8
_LEAD_SENTENCES = 12  # the headline reads at most the first 12 sentences


@dataclass
class _Segment:
    doc: int
    text: str
    sources: list[int]


def _balanced(lengths: list[int], k: int, budget: int) -> list[list[int]]:
    """Contiguous groups within budget, as close to k groups of even size as packing allows."""
    target = min(budget, max(max(lengths), math.ceil(sum(lengths) / k)))
    groups = pack(lengths, target)
    while len(groups) > k and target < budget:
        target = min(budget, int(target * 1.1) + 1)
        groups = pack(lengths, target)
    return groups


class Seq2SeqSummarizer:
    name = "seq2seq"

    def __init__(self, runtime: GenerationRuntime, preset: Preset, *, num_beams: int | None = None,
                 summary_max_new_tokens: int | None = None, headline_max_new_tokens: int | None = None,
                 headline_max_words: int = Config.headline_max_words, batch_size: int = 16, max_batch_tokens: int = 8192):
        self.runtime = runtime
        self.preset = preset
        self.model = runtime.name
        self.num_beams = num_beams
        self.max_new = {"summary": summary_max_new_tokens, "headline": headline_max_new_tokens}
        self.headline_max_words = headline_max_words
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens

    def budget(self, task: Task) -> int:
        """Tokens left for text once the prefix is in."""
        prefix = self.runtime.count_tokens([task.prefix])[0] if task.prefix else 0
        return min(self.runtime.max_input_tokens, task.max_input_tokens or self.runtime.max_input_tokens) - prefix

    def _lead(self, sentences: Sequence[Sentence], budget: int) -> tuple[str, list[int]]:
        """The opening sentences within budget (the first one cut to fit if it alone is over)."""
        head = list(sentences[:_LEAD_SENTENCES])
        group = pack(self.runtime.count_tokens([s.text for s in head]), budget)[0]
        text = " ".join(head[i].text for i in group)
        return split_to_fit(text, self.runtime.count_tokens, budget)[0], [head[i].index for i in group]

    def _generate(self, task_name: str, texts: list[str], **overrides) -> list[str]:
        return self._submit(task_name, texts, **overrides)()

    def _submit(self, task_name: str, texts: list[str], **overrides):
        task: Task = getattr(self.preset, task_name)
        kwargs = dict(task.generation)
        max_new = self.max_new[task_name] or task.max_new_tokens
        if max_new:
            kwargs["max_new_tokens"] = max_new
        if self.num_beams:
            kwargs["num_beams"] = self.num_beams
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        inputs = [task.prefix + t for t in texts]
        lengths = self.runtime.count_tokens(inputs)
        return self.runtime.submit(inputs, lengths=lengths, max_batch_size=self.batch_size,
                                  max_tokens=self.max_batch_tokens, **kwargs)

    def _stand_in(self, text: str) -> str:
        """The start of a sentence, no longer than a generated summary may be."""
        size = self.max_new["summary"] or self.preset.summary.max_new_tokens or 64
        return split_to_fit(text, self.runtime.count_tokens, size)[0]

    def _segments(self, doc: int, sentences: Sequence[Sentence], k: int, budget: int) -> list[_Segment]:
        """About k contiguous segments, each within budget; long sentences split, none dropped."""
        units: list[tuple[str, int]] = []
        for s in sentences:
            units.extend((piece, s.index) for piece in split_to_fit(s.text, self.runtime.count_tokens, budget))
        lengths = self.runtime.count_tokens([u for u, _ in units])
        return [_Segment(doc, " ".join(units[i][0] for i in group), sorted({units[i][1] for i in group}))
                for group in _balanced(lengths, k, budget)]

    def _reduce(self, segments: list[_Segment], k: int, budget: int, overrides: dict) -> list[_Segment]:
        """Summarize the partial summaries again, in neighbouring groups, until at most k remain."""
        for _ in range(_MAX_ROUNDS):
            if len(segments) <= k:
                return segments
            groups = _balanced(self.runtime.count_tokens([s.text for s in segments]), k, budget)
            if len(groups) >= len(segments):  # no progress possible: merge pairs of neighbours
                groups = [list(range(i, min(i + 2, len(segments)))) for i in range(0, len(segments), 2)]
            merged = [_Segment(segments[g[0]].doc, " ".join(segments[i].text for i in g),
                               sorted({x for i in g for x in segments[i].sources})) for g in groups]
            summaries = self._generate("summary", [m.text for m in merged], **overrides)
            # An empty reduction keeps the group's first partial summary rather than nothing.
            segments = [_Segment(m.doc, text if text.strip() else segments[g[0]].text, m.sources)
                        for m, g, text in zip(merged, groups, summaries)]
        return segments

    def summarize_batch(self, documents: Sequence[Sequence[Sentence]], num_bullets: int,
                        headlines: Sequence[str | None] | None = None, **overrides) -> list[Summary]:
        budget = self.budget(self.preset.summary)
        segments = [seg for d, doc in enumerate(documents) if doc
                    for seg in self._segments(d, doc, num_bullets, budget)]
        # Headlines from each article's opening sentences; submitted with the segments, so an
        # runtime with workers runs both together.
        head_budget = self.budget(self.preset.headline)
        given = list(headlines or [None] * len(documents))
        leads = {d: self._lead(doc, head_budget) for d, doc in enumerate(documents) if doc and given[d] is None}
        partials = self._submit("summary", [s.text for s in segments], **overrides)
        try:
            headlines = dict(zip(leads, self._submit("headline", [lead for lead, _ in leads.values()], **overrides)()))
        finally:
            partials = partials()  # collected even when the headlines fail: nothing left running
        by_doc: dict[int, list[_Segment]] = {}
        empty: dict[int, int] = {}
        for seg, text in zip(segments, partials):
            if not text.strip():  # never drop a segment: a summary-sized start of its lead stands in
                text = self._stand_in(documents[seg.doc][seg.sources[0]].text)
                empty[seg.doc] = empty.get(seg.doc, 0) + 1
            by_doc.setdefault(seg.doc, []).append(_Segment(seg.doc, text, seg.sources))

        results = []
        for d, doc in enumerate(documents):
            if d not in by_doc:
                results.append(Summary("", [], [], [], generated=True, warnings=["no sentences to summarize"]))
                continue
            warnings = []
            if empty.get(d):
                warnings.append(f"the model returned empty text for {empty[d]} segment(s); their lead sentences are used")
            if given[d] is None and not headlines[d].strip():
                headlines[d] = self._stand_in(doc[0].text)
                warnings.append("the model returned an empty headline; the lead sentence is used")
            if len(by_doc[d]) > num_bullets:
                warnings.append(f"long article: {len(by_doc[d])} chunks merged into {num_bullets} bullets (map-reduce)")
            final = self._reduce(by_doc[d], num_bullets, budget, overrides)
            if given[d] is not None:
                final = _not_repeating(final, given[d])
            if len(final) < min(3, num_bullets):
                warnings.append(f"the article is short: {len(final)} bullet(s) instead of {num_bullets}")
            headline = given[d] if given[d] is not None else cut_at_clause(headlines[d], self.headline_max_words)
            results.append(Summary(
                headline=headline, headline_sources=leads[d][1] if d in leads else [], bullets=[s.text for s in final],
                sources=[s.sources for s in final], generated=True, warnings=warnings,
                headline_source=GENERATED if d in leads else FROM_TITLE))
        return results


def _not_repeating(segments: list[_Segment], headline: str) -> list[_Segment]:
    """The bullets that do not say again what the source's headline says (one is always kept)."""
    from .extractive import load_scorer, repeats
    title, share = set(content_terms(headline)), load_scorer().repeat_share
    kept = [s for s in segments if not repeats(set(content_terms(s.text)), title, share)]
    return kept or segments[:1]
