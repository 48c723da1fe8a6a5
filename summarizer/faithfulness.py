"""Faithfulness checks: numbers must come from their evidence, generated text must not loop.

Numbers are compared as values (text/numbers/), in one direction: every number a line
states must be supported by its evidence. An English line's evidence is its own Arabic
line; an Arabic line's evidence is the source sentences it was drawn from. A number the
evidence states but the line leaves out is not flagged (a summary or a translation may
drop it). Each failure is a Flag on the line it concerns; the Brief shows it in every
renderer.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Sequence

from .text.numbers import Mention, Value, arabic_mentions, backing, english_mentions
from .text.tokens import arabic_ratio, tokenize


@dataclass(frozen=True)
class Flag:
    line: str  # "headline" or "bullet N" (1-based)
    lang: str  # "ar" or "en"
    message: str

    def __str__(self) -> str:
        return f"{self.line} ({self.lang}): {self.message}"

    to_dict = asdict


def mentions(text: str) -> list[Mention]:
    """The numbers of a line, read as Arabic when most of its letters are Arabic."""
    return arabic_mentions(text) if arabic_ratio(text) > 0.5 else english_mentions(text)


def unsupported(claims: list[Mention], evidence: list[Mention]) -> list[tuple[Mention, Mention | None]]:
    """Each claim (non-weak mention) with no support in the evidence, with the evidence number most like it.

    Counted, not only looked up: each value of an evidence number supports one claim, so one 3 does
    not back "3:3", while "ثلاثينيات القرن التاسع عشر" backs both "thirties" and "nineteenth". A number
    restated inside the same name ("KV62 ... KV62") is one claim.
    """
    claims = [c for c in claims if not c.weak]
    # A restatement stands or falls with the first claim of its name and text.
    first: dict[tuple[str, str], int] = {}
    root = [first.setdefault((c.name, c.text), n) if c.name else n for n, c in enumerate(claims)]
    values = [[(k, v.lo, v.hi) for k, e in enumerate(evidence) for v in backing(e, c)] if root[n] == n else []
              for n, c in enumerate(claims)]
    owner = _match([list(dict.fromkeys(keys)) for keys in values])
    backed = set(owner.values())
    missing = [c for n, c in enumerate(claims) if root[n] not in backed]
    if not missing:
        return []
    used = {k for k, _, _ in owner}
    spare = [e for k, e in enumerate(evidence) if not e.weak and k not in used]
    return [(c, _nearest(c, spare)) for c in missing]


def _match(backers: list[list[tuple]]) -> dict[tuple, int]:
    """The most claims each given a value of its own (augmenting paths): {evidence value: claim index}.

    backers[n]: the evidence values (evidence index, lo, hi) that support claim n. A day and a count
    of one number share its value (lo, hi), so "4 تموز" backs "July 4" or "4", not both.
    """
    owner: dict[tuple, int] = {}

    def place(n: int, seen: set[tuple]) -> bool:
        for key in backers[n]:
            if key not in seen:
                seen.add(key)
                if key not in owner or place(owner[key], seen):
                    owner[key] = n
                    return True
        return False

    for n in range(len(backers)):
        place(n, set())
    return owner


def _nearest(claim: Mention, pool: list[Mention]) -> Mention | None:
    """The evidence number a reader should compare with: the same count under another scale first,
    then the most alike in its digits (93 for 39, 783،562 for 783.562), then the closest in size."""
    if claim.mantissa is not None:
        for e in pool:
            if e.mantissa is not None and abs(e.mantissa - claim.mantissa) < 1e-9:
                return e
    c = claim.values[0]
    # Each number's first reading of the claim's kind: the day of "4 تموز" for "July 7".
    same = [(e, next(v for v in e.values if v.kind == c.kind)) for e in pool if any(v.kind == c.kind for v in e.values)]
    if not same:
        return None

    def distance(pair: tuple[Mention, Value]) -> tuple[int, float]:
        a, b = (c.lo + c.hi) / 2, (pair[1].lo + pair[1].hi) / 2
        size = abs(math.log10(abs(a) + 1) - math.log10(abs(b) + 1)) + (0.0 if (a < 0) == (b < 0) else 0.5)
        return _edits(_digits(a), _digits(b)), size

    return min(same, key=distance)[0]


def _digits(x: float) -> str:
    return f"{abs(x):f}".rstrip("0").rstrip(".").replace(".", "")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance of two short digit strings."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def number_flags(claims: list[Mention], evidence: list[Mention], speaker: str, source: str) -> list[str]:
    """Messages naming both sides: "number mismatch: English says 3 million; the Arabic line says 3 مليار (billion)".

    speaker: "English" or "the Arabic line"; source: "the Arabic line", "its source sentences", "the article".
    """
    messages = []
    plural = source.endswith("s")
    for claim, near in unsupported(claims, evidence):
        said = claim.describe()
        if near is not None:
            other = f"{source} {'say' if plural else 'says'} {near.describe()}"
        elif any(not e.weak for e in evidence):
            other = f"{source} {'have' if plural else 'has'} no such number"
        else:
            other = f"{source} {'have' if plural else 'has'} no number"
        messages.append(f"number mismatch: {speaker} says {said}; {other}")
    return messages


def unsupported_numbers(text: str, evidence: str) -> list[str]:
    """The numbers of text (Arabic or English) as written that the Arabic evidence does not support."""
    return [c.text for c, _ in unsupported(mentions(text), arabic_mentions(evidence))]


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


def english_line_flags(en: str, ar: str, ar_numbers: list[Mention] | None = None) -> list[str]:
    """Every check of one English line against its own Arabic line (numbers, loops, script)."""
    evidence = arabic_mentions(ar) if ar_numbers is None else ar_numbers
    messages = number_flags(english_mentions(en), evidence, "English", "the Arabic line")
    loop = repetition_loop(en)
    if loop:
        messages.append(f"repeated phrase '{loop}' (translation loop)")
    if arabic_ratio(en) > 0.2:
        messages.append("translation is not English (Arabic script left in it)")
    return messages


def check_brief(source: str, lines_ar: list[str], lines_en: list[str] | None, generated: bool,
                line_sources: Sequence[str | None] | None = None) -> list[Flag]:
    """lines_* are [headline, *bullets]; returns one Flag per problem found.

    line_sources: the text of each Arabic line's own source sentences, the evidence for its
    numbers; where it is None (or not given) the whole article (source) is.
    """
    flags = []
    names = line_names(len(lines_ar) - 1)
    own = list(line_sources or [])
    own += [None] * (len(lines_ar) - len(own))
    article: list[Mention] | None = None
    ar_numbers = []
    for name, ar, evidence in zip(names, lines_ar, own):
        numbers = arabic_mentions(ar)
        ar_numbers.append(numbers)
        if evidence is None:
            article = arabic_mentions(source) if article is None else article
            found, where = article, "the article"
        else:
            found, where = arabic_mentions(evidence), "its source sentences"
        flags.extend(Flag(name, "ar", message) for message in number_flags(numbers, found, "the Arabic line", where))
        loop = repetition_loop(ar) if generated else None
        if loop:
            flags.append(Flag(name, "ar", f"repeated phrase '{loop}' (generation loop)"))
    for name, ar, en, numbers in zip(names, lines_ar, lines_en or [], ar_numbers):
        flags.extend(Flag(name, "en", message) for message in english_line_flags(en, ar, numbers))
    return flags
