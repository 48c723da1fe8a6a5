"""Faithfulness checks: numbers must come from the source, generated text must not loop.

Each failure is a Flag on the line it concerns; the Brief shows it in every renderer.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from .text.tokens import arabic_ratio, numbers, tokenize


@dataclass(frozen=True)
class Flag:
    line: str  # "headline" or "bullet N" (1-based)
    lang: str  # "ar" or "en"
    message: str

    def __str__(self) -> str:
        return f"{self.line} ({self.lang}): {self.message}"

    to_dict = asdict


def unsupported_numbers(text: str, evidence: str) -> list[str]:
    """Numbers in text that do not occur in evidence, compared after digit normalization."""
    known = set(numbers(evidence))
    return [n for n in dict.fromkeys(numbers(text)) if n not in known]


def repetition_loop(text: str, n: int = 3, max_repeats: int = 3) -> str | None:
    """An n-gram repeated more than max_repeats times, the mark of a decoding loop."""
    tokens = tokenize(text)
    grams = Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    gram, count = grams.most_common(1)[0] if grams else ((), 0)
    if count > max_repeats:
        return " ".join(gram)
    # A single token repeated back to back ("في في في في").
    for i in range(len(tokens) - max_repeats):
        if len(set(tokens[i:i + max_repeats + 1])) == 1:
            return tokens[i]
    return None


def line_names(count: int) -> list[str]:
    return ["headline"] + [f"bullet {i}" for i in range(1, count + 1)]


def check_brief(source: str, lines_ar: list[str], lines_en: list[str] | None, generated: bool) -> list[Flag]:
    """lines_* are [headline, *bullets]; returns one Flag per problem found."""
    flags = []
    names = line_names(len(lines_ar) - 1)
    for name, ar in zip(names, lines_ar):
        missing = unsupported_numbers(ar, source)
        if missing:
            flags.append(Flag(name, "ar", f"number(s) {', '.join(missing)} not found in the article"))
        loop = repetition_loop(ar) if generated else None
        if loop:
            flags.append(Flag(name, "ar", f"repeated phrase '{loop}' (generation loop)"))
    for name, ar, en in zip(names, lines_ar, lines_en or []):
        missing = unsupported_numbers(en, ar)
        if missing:
            flags.append(Flag(name, "en", f"number(s) {', '.join(missing)} not in the Arabic line"))
        loop = repetition_loop(en)
        if loop:
            flags.append(Flag(name, "en", f"repeated phrase '{loop}' (translation loop)"))
        if arabic_ratio(en) > 0.2:
            flags.append(Flag(name, "en", "translation is not English (Arabic script left in it)"))
    return flags
