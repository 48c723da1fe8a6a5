"""Inputs that tell whether a model responds to its input, and the check itself.

Two paths that "agree" prove nothing if the model writes the same thing for every input:
parity checks first ask `distinct_openings` for (nearly) one opening per input.
"""
from __future__ import annotations

from typing import Sequence

# Unseen by the stand-ins (they memorised the corpus): mixed lengths, one a single word.
UNSEEN_LINES = (
    "أعلنت وزارة الدفاع الروسية أن سلاح الجو قضى على 40 إرهابيا.",
    "وقال المتحدث إن الطائرات نفذت 1417 طلعة قتالية خلال أسبوعين.",
    "في يوم الاثنين، أعلن علماء من كلية الطب بجامعة ستانفورد عن اختراع أداة تشخيصية جديدة.",
    "تحطمت طائرة على مدرج في حوالي الساعة ٩:٣٠ صباحاً بالتوقيت المحلي.",
    "مرحبا",
)


def memorised_lines(n: int = 10) -> list[str]:
    """n corpus lines (the tiny stand-ins learnt them) spread over the corpus, first two words all different."""
    from . import corpus
    lines, seen = [], set()
    for line in corpus("ar")[::7]:
        opening = tuple(line.split()[:2])
        if opening not in seen:
            seen.add(opening)
            lines.append(line)
    return lines[:n]


def probe_lines() -> list[str]:
    """Ten memorised lines, then the unseen ones: 15 distinct inputs of mixed lengths."""
    return memorised_lines() + list(UNSEEN_LINES)


def distinct_openings(outputs: Sequence[str], words: int = 2) -> int:
    """How many different openings (first `words` words) the outputs have: differences in the
    tails, which a model that ignores its input also shows, do not count."""
    return len({tuple(out.split()[:words]) for out in outputs})
