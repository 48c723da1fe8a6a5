"""The value model and matching: what a number can mean, and whether one reading supports another."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What a Value measures; values of different kinds never match (but for a year in a span of years)."""
    NUMBER = "n"  # a quantity
    YEARS = "y"  # a span of years: the 1970s, the 19th century
    TIME = "t"  # a clock time, in minutes after midnight
    DECADE = "d"  # a decade of any century: 70 for "the seventies"
    DURATION = "s"  # a duration in seconds written with colons: a race time, 4:41.30, 2:04:55
    MONTH = "mm"  # a month of the year, 1-12: تموز, the 9 of "9/11"
    DAY = "dd"  # a day of the month, 1-31: the 7 of "July 7", of "4 تموز"


@dataclass(frozen=True)
class Value:
    """One reading of a number: a point (lo == hi) or a span.

    vague: a loose quantity ("thousands", "عشرات") that supports, and is supported by, any
    overlapping value, but never supports an exact one.
    """
    kind: Kind
    lo: float
    hi: float
    vague: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))  # "n" and Kind.NUMBER are one value, one hash


@dataclass
class Mention:
    text: str  # as written in the line
    values: tuple[Value, ...]
    # Evidence only, never a claim: readings guessed from grammar (a dual ending, "one", "first").
    weak: bool = False
    scale: str | None = None  # the scale word written: thousand, million, billion, trillion
    mantissa: float | None = None  # the count before the scale word: 2 in "2 مليار"
    gloss: str = ""  # English reading of the Arabic words in it
    part: bool = False  # one part of the mention before it (4 in "4:41.30"), read as evidence for words
    name: str = ""  # the word the number is written into: "KV" of "KV62", "COVID" of "COVID-19"

    def describe(self) -> str:
        return f"{self.text} ({self.gloss})" if self.gloss else self.text


def point(x: float, kind: Kind = Kind.NUMBER) -> Value:
    return Value(kind, x, x)


def matches(claim: Value, evidence: Value) -> bool:
    """Does this reading of the evidence support this reading of the claim?"""
    if claim.kind != evidence.kind:
        # "the 1970s" is supported by "1970"; a year is not supported by a decade (more precise than the source).
        return claim.kind == Kind.YEARS and evidence.kind == Kind.NUMBER and evidence.lo == evidence.hi \
            and 1000 <= claim.lo <= evidence.lo <= claim.hi  # a year: 19 is not in the 1st century
    if claim.lo == claim.hi and evidence.lo == evidence.hi:
        return abs(claim.lo - evidence.lo) <= 1e-9 * max(1.0, abs(claim.lo))
    if claim.kind == Kind.YEARS:
        # No more precise than the evidence: a century supports "the 1800s", not "the 1810s" in it.
        return claim.lo <= evidence.lo and evidence.hi <= claim.hi
    if evidence.vague and not claim.vague:
        return False  # "thousands" does not support "5,000"
    return claim.lo <= evidence.hi + 1e-9 and evidence.lo <= claim.hi + 1e-9


def backing(evidence: Mention, claim: Mention) -> list[Value]:
    """The readings of the evidence that support a reading of the claim."""
    claims, found = claim.values, evidence.values
    for kind in (Kind.TIME, Kind.YEARS):
        if any(v.kind == kind for v in claims) and any(v.kind == kind for v in found):
            # Two clock times are compared as times: 5 pm does not support 5 am through the hour 5;
            # two spans of years as years: the 1830s does not support the 1930s through the decade 30.
            claims = [v for v in claims if v.kind == kind]
            found = [v for v in found if v.kind == kind]
    return [e for e in found if any(matches(c, e) for c in claims)]


def supports(evidence: Mention, claim: Mention) -> bool:
    return bool(backing(evidence, claim))


SIZES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SIZE_NAMES = {v: k for k, v in SIZES.items()}


def english_value(x: float) -> str:
    """2500000 -> "2.5 million", 30000 -> "30,000", 0.5 -> "0.5"."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:g} {name}"
    return f"{int(x):,}" if x == int(x) else f"{x:g}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse_digits(digits: str, arabic: bool) -> float | None:
    """One digit group: "1,500" is 1500; in Arabic text "1,5" is 1.5 (a comma decimal); else None."""
    if "," not in digits:
        return float(digits) if digits.count(".") <= 1 else None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return float(digits.replace(",", ""))
    if arabic and re.fullmatch(r"\d+,\d{1,2}", digits):
        return float(digits.replace(",", "."))
    return None


def unescape(text: str) -> str:
    """HTML character references ("&#39;") are not numbers; some published translations keep them."""
    return html.unescape(text) if "&" in text else text
