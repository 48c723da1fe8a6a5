"""Decades and centuries: "the 1970s", "the 70s", "the seventies", "the 1800s", "سبعينيات القرن العشرين",
"السبعينيات", "القرن الـ19"."""
from __future__ import annotations

import re
from typing import Callable

from .arabic_words import RELATIVE_CENTURY, Token, lookup, strip_al
from .values import Kind, Mention, Value, point

_EN_DECADE_SUFFIX = re.compile(r"['’]?s\b")
EN_DECADES = {w: 10 * i for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split(), 2)}


def english_decade(text: str, digits: str, x: float, whole: bool, start: int, end: int) -> tuple[Mention, int] | None:
    """ "the 1970s", "the 70s", "the 1800s" (a century or its first decade)."""
    decade = _EN_DECADE_SUFFIX.match(text, end)
    if not (decade and whole and x % 10 == 0 and (x < 100 or 1000 <= x < 10000) and "," not in digits):
        return None
    n = int(x)
    if n < 100:  # the 70s
        values: tuple[Value, ...] = (Value(Kind.DECADE, n, n),)
    elif n % 100 == 0:  # the 1800s: a century or its first decade
        values = (Value(Kind.YEARS, n, n + 99), Value(Kind.YEARS, n, n + 9))
    else:  # the 1970s; "السبعينيات" with no century is taken as a decade of 1800-2099
        values = (Value(Kind.YEARS, n, n + 9),) + ((Value(Kind.DECADE, n % 100, n % 100),) if 1800 <= n < 2100 else ())
    return Mention(text[start:decade.end()], values), decade.end()


def english_decade_word(word: str, text: str) -> Mention:
    """ "the seventies": a decade of any century."""
    value = EN_DECADES[word.lower()]
    return Mention(text, (Value(Kind.DECADE, value, value),))


def century_years(prev: str, value: float, scaled: bool) -> tuple[Value, ...]:
    """A century: "القرن التاسع عشر", "القرن الـ19" is also the years 1800-1899, said the 1800s.

    Only the whole span: a decade in it ("the 1810s") says more than the century does."""
    if strip_al(prev) == "قرن" and 1 <= value <= 30 and value == int(value) and not scaled:
        return (Value(Kind.YEARS, (value - 1) * 100, value * 100 - 1),)
    return ()


Reader = Callable[[str, list[Token], int, list[Mention]], int]


def arabic_decade(text: str, toks: list[Token], i: int, decade: int, out: list[Mention], read_number: Reader) -> int:
    """ "سبعينيات القرن العشرين" is the 1970s; "السبعينيات" alone the seventies of any century.

    read_number reads the century's number (the Arabic reader's own, passed in to keep imports one way).
    """
    values: tuple[Value, ...] = (Value(Kind.DECADE, decade, decade),)
    j, n = i + 1, len(toks)
    if j < n and toks[j].key == "من":
        j += 1
    century, end = None, i + 1
    if j < n and strip_al(toks[j].key) == "قرن":
        k = j + 1
        while k < n and toks[k].key == "ال":
            k += 1
        if k < n and strip_al(toks[k].key) in RELATIVE_CENTURY:
            century, end = RELATIVE_CENTURY[strip_al(toks[k].key)], k + 1
        elif k < n and (toks[k].kind == "digits" or (toks[k].kind == "word" and lookup(toks[k].key)[0])):
            sub: list[Mention] = []
            stop = read_number(text, toks, k, sub)
            c = sub[0].values[0].lo if sub and sub[0].values[0].kind == Kind.NUMBER else 0
            if c == int(c) and 1 <= c <= 30:
                century, end = int(c), stop
    gloss = f"the {decade}s"
    if century and not 19 <= century <= 21:
        values = ()  # no reading as a decade of the last centuries
    if century:
        year = (century - 1) * 100 + decade
        values += (Value(Kind.YEARS, year, year + 9), point(float(century)))
        gloss = f"{year}s"
    out.append(Mention(text[toks[i].start:toks[end - 1].end], values, gloss=gloss))
    return end
