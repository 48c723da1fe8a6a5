"""Ranges: "2 to 3 million" and "بين 5 و6 ملايين" share a scale; "2010-11" ends in the year 2011."""
from __future__ import annotations

import re

from .values import SIZES, Kind, Mention, Value, point

EN_RANGE = re.compile(r"(\d+)\s*[-–—/]\s*$")  # the first number of a range, just before the second
EN_RANGE_WORDS = re.compile(r"\s*(?:-|–|—|to|and|or)?\s*", re.I)
AR_RANGE_WORDS = re.compile(r"\s*(?:-|–|—|و|الى|إلى|او|أو|حتى)?\s*")


def short_year(first: re.Match | None, digits: str) -> tuple[Value, ...]:
    """ "2010-11": the second year of a range written with its last two digits."""
    if first is None or len(first.group(1)) != 4 or len(digits) != 2 or not digits.isdigit():
        return ()
    year = float(first.group(1)[:2] + digits)
    return (point(year),) if year > float(first.group(1)) else ()


def distribute_scale(text: str, found: list[Mention], joiners: re.Pattern) -> list[Mention]:
    """ "2 to 3 million", "بين 5 و6 ملايين": the first count may carry the scale of the second."""
    pos, spans = 0, []
    for m in found:
        start = text.find(m.text, pos)
        start = pos if start < 0 else start
        spans.append((start, start + len(m.text)))
        pos = start + len(m.text)
    for (a, (_, a_end)), (b, (b_start, _)) in zip(zip(found, spans), zip(found[1:], spans[1:])):
        if a.scale is None and b.scale is not None and joiners.fullmatch(text[a_end:b_start]) \
                and all(v.kind == Kind.NUMBER and v.lo == v.hi and 0 < v.lo < 1000 for v in a.values[:1]):
            size = SIZES[b.scale]
            a.values = a.values + (point(a.values[0].lo * size),)
    return found
