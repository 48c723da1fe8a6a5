"""Durations written with colons: race times ("4:41.30", "2:04:55", "٤:٤١٫٣٠"), compared in seconds.

A colon group with seconds (a decimal, or a third part) is a duration; hours and minutes alone are a clock time.
"""
from __future__ import annotations

import re

from .arabic_words import Token
from .values import Kind, Mention, Value, point

_EN_DURATION = re.compile(r":(\d{2}(?:\.\d+)?)(?::(\d{2}(?:\.\d+)?))?(?![\d:])")


def duration(whole: float, rest: tuple[str, ...]) -> Value | None:
    """rest: the parts after the first colon, as written ("41.30"; "04", "55")."""
    parts = [p.replace(",", ".") for p in rest]
    if not 1 <= len(parts) <= 2 or (len(parts) == 1 and "." not in parts[0]):
        return None
    if not all(re.fullmatch(r"[0-5]\d(?:\.\d+)?", p) for p in parts) or any("." in p for p in parts[:-1]):
        return None
    seconds = whole
    for part in parts:
        seconds = seconds * 60 + float(part)
    return point(seconds, Kind.DURATION)


def english_duration(text: str, digits: str, x: float, whole: bool, start: int, end: int) -> tuple[Mention, int] | None:
    found = _EN_DURATION.match(text, end) if whole and "," not in digits else None
    value = found and duration(x, tuple(p for p in found.groups() if p))
    return (Mention(text[start:found.end()], (value,)), found.end()) if value else None


def arabic_duration(text: str, toks: list[Token], i: int, j: int, digits: str, value: float,
                    scaled: bool) -> tuple[list[Mention], int] | None:
    """The race time and, as evidence only, each of its parts: "4:41.30" also supports "4 minutes 41.30 seconds"."""
    n = len(toks)
    if not (digits and value == int(value) and not scaled and j + 1 < n and toks[j].key == ":"
            and toks[j + 1].kind == "digits"):
        return None
    third = j + 3 < n and toks[j + 2].key == ":" and toks[j + 3].kind == "digits" \
        and toks[j + 2].start == toks[j + 1].end
    rest = (toks[j + 1].key, toks[j + 3].key) if third else (toks[j + 1].key,)
    found = duration(value, rest)
    if not found:
        return None
    last = j + 3 if third else j + 1
    parts = [Mention(text[toks[k].start:toks[k].end], (point(float(toks[k].key.replace(",", "."))),), weak=True,
                     part=True)
             for k in (i, j + 1, j + 3)[:3 if third else 2]]
    return [Mention(text[toks[i].start:toks[last].end], (found,)), *parts], last + 1
