"""What is written around a number and changes its value, each read in one place for every recognizer:
a scale word, "and a half", percent, the half of the day (am/pm), a sign or "below zero", "about".

English modifiers take the text and the position after the number; Arabic ones take the tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .arabic_words import HALF, PERCENT_WORDS, TIME_OF_DAY, Token, strip_al
from .values import SIZES, Kind, Value, point

# "a" am, "p" pm, None: both halves of the day (o'clock, ليلاً); "?" in Arabic: none said.
HalfDay = Literal["a", "p", "?"] | None

# --------------------------------------------------------------------------- scale words

EN_SCALE = re.compile(r"\s*-?\s*((?i:thousand|million|billion|trillion)|mn|bn|tn|m|k|b|M|K|B|BN)(?![A-Za-z])")
EN_SCALE_ABBR = {"mn": 1e6, "bn": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "b": 1e9}


def english_scale_word(text: str, pos: int) -> tuple[str, int] | None:
    """ "million" written at pos (not an abbreviation): (the word, where it ends)."""
    sc = EN_SCALE.match(text, pos)
    return (sc.group(1).lower(), sc.end()) if sc and sc.group(1).lower() in SIZES else None


# --------------------------------------------------------------------------- half

_EN_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)


@dataclass
class Halved:
    value: float
    scale: str | None
    stop: int


def english_half(text: str, stop: int, value: float, scale: str | None) -> Halved | None:
    """ "two and a half", "1 and a half million": the count plus a half, then a scale word if none was yet."""
    half = _EN_HALF.match(text, stop)
    if not half:
        return None
    value, stop = value + 0.5, half.end()
    word = english_scale_word(text, stop) if not scale else None
    if word:
        scale, stop = word
        value *= SIZES[scale]
    return Halved(value, scale, stop)


def with_half(toks: list[Token], j: int, values: tuple[Value, ...], unit: float = 1.0) -> tuple[Value, ...]:
    """ "ساعتين ونصف", "ثلاث ساعات ونصف": the count plus a half is one more reading."""
    if any(k < len(toks) and toks[k].key in HALF for k in (j, j + 1)):
        return values + tuple(point(v.lo + unit / 2) for v in values
                              if v.kind == Kind.NUMBER and v.lo == v.hi and v.lo > 0)
    return values


# --------------------------------------------------------------------------- percent

_EN_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|pc\b|percentage points?\b)", re.I)


def english_percent(text: str, stop: int) -> int:
    """Where the number ends once "%", "percent" or "percentage points" after it is taken in."""
    pct = _EN_PERCENT.match(text, stop)
    return pct.end() if pct else stop


def arabic_percent(toks: list[Token], end: int) -> tuple[int, bool]:
    """ "%", "في المئة", "بالمئة" after the number: (where it ends, whether words said it)."""
    n = len(toks)
    if end < n and toks[end].key in ("%", "٪"):
        return end + 1, False
    if end + 1 < n and toks[end].key == "في" and strip_al(toks[end + 1].key) in PERCENT_WORDS:
        return end + 2, True
    if end < n and toks[end].key.startswith("بال") and strip_al(toks[end].key) in PERCENT_WORDS:
        return end + 1, True
    return end, False


# --------------------------------------------------------------------------- half of the day

_EN_AMPM = re.compile(r"\s*(?:([ap])\.?\s?m\b\.?|o['’]clock\b)", re.I)


def english_am_pm(text: str, pos: int) -> tuple[int, HalfDay] | None:
    """ "am", "p.m.", "o'clock" at pos: (where it ends, "a" or "p", or None for o'clock)."""
    m = _EN_AMPM.match(text, pos)
    if not m:
        return None
    return m.end(), (m.group(1).lower() if m.group(1) else None)


def arabic_time_of_day(toks: list[Token], k: int) -> HalfDay | Literal[False]:
    """ "صباحاً", "مساءً", "ليلاً" at token k: its half of the day; False when there is none."""
    if k < len(toks) and toks[k].kind == "word" and strip_al(toks[k].key) in TIME_OF_DAY:
        return TIME_OF_DAY[strip_al(toks[k].key)]
    return False


# --------------------------------------------------------------------------- sign, below zero

_DASHES = ("-", "−", "–")
_EN_DASH_SIGN = re.compile(r"(?:^|[\s(\[=:])[-−–]$")
_EN_MINUS = re.compile(r"\bminus\s+$", re.I)
_EN_BELOW_ZERO = re.compile(r"\s*(?:°\s*[CF]?|degrees?(?:\s+(?:celsius|fahrenheit|[CF]\b))?)?\s*below\s+"
                            r"(?:zero|freezing)\b", re.I)
# A dash that closes a parenthesis ("-29 عاماً-", "– 29 –"): not inside a word, not before a number.
_CLOSING_DASH = re.compile(r"[^.!?؟؛\n]{0,60}?(?:(?<!\w)[-−–—](?![\d٠-٩])|[-−–—](?![\w]))")


def set_off(text: str, end: int) -> bool:
    """Is a dash before a number that ends at `end` the opening of a pair of dashes (an aside, not a sign)?"""
    return bool(_CLOSING_DASH.match(text, end))


@dataclass
class Sign:
    negative: bool  # the number is below zero
    aside: bool  # a dash that may open an aside: read with and without the sign
    dashed: bool  # the sign is a dash just before the number (part of the mention)
    stop: int  # where the mention ends ("below zero" is taken in)


def english_sign(text: str, before: str, stop: int, dash: bool = True) -> Sign:
    """ "-5", "minus 5", "5 degrees below zero"; dash: whether a dash before the number may be its sign."""
    dashed = dash and bool(_EN_DASH_SIGN.search(before)) and not re.search(r"\d\s*[-−–]$", before)
    negative = dashed or bool(_EN_MINUS.search(before))
    aside = dashed and set_off(text, stop)
    below = _EN_BELOW_ZERO.match(text, stop)
    if below:
        return Sign(True, False, dash and before.endswith(_DASHES), below.end())
    return Sign(negative and not aside, aside, dashed and not aside, stop)


def arabic_sign(text: str, toks: list[Token], i: int, end: int, prev: str) -> tuple[Sign, list[str]]:
    """ "-5", "سالب 5", "5 درجات تحت الصفر" for the number in tokens i..end: its Sign and notes for the gloss."""
    negative, aside, dashed, notes = prev in ("سالب", "ناقص"), False, False, []
    if i > 0 and toks[i - 1].key in _DASHES and toks[i - 1].end == toks[i].start \
            and (toks[i - 1].start == 0 or not text[toks[i - 1].start - 1].isalnum()) \
            and not (i > 1 and toks[i - 2].kind == "digits"):
        if set_off(text, toks[end - 1].end):
            aside = True  # "-29 عاماً-": a dash that opens an aside, or a sign
        else:
            negative, dashed = True, True
    n = len(toks)
    for k in range(end, min(end + 4, n - 1)):
        if toks[k].key == "تحت" and strip_al(toks[k + 1].key) == "صفر":
            negative = True
            notes.append("below zero")
            break
    return Sign(negative, aside and not negative, dashed, end), notes


def signed(readings: list[float], sign: Sign) -> list[float]:
    if sign.negative:
        return [-r for r in readings]
    if sign.aside:
        return readings + [-r for r in readings]
    return readings


# --------------------------------------------------------------------------- about

_EN_APPROX = re.compile(
    r"(?:\b(?:about|around|approximately|nearly|almost|roughly|some|close to|an estimated|estimated|approx\.?)|~)"
    r"\s*(?:an?\s+)?[$£€]?\s*$", re.I)


def english_about(before: str) -> bool:
    """Is the number after "about", "around", "nearly", "~"...?"""
    return bool(_EN_APPROX.search(before))


def round_span(x: float, written: str, size: float = 1.0) -> Value:
    """Values that round to x as written, for "about 30,000" (25,000-35,000) or "about 1.5 million"."""
    if "." in written:
        unit = 10.0 ** -len(written.split(".")[1])
    else:
        whole = written.replace(",", "").lstrip("-")
        unit = 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0
    half = unit * size / 2
    return Value(Kind.NUMBER, x - half, x + half)
