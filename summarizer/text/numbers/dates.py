"""Dates: a month's name is a month (تموز, July), a day of the month a day ("July 7", "7 July", "4 تموز",
"السادس من يوليو"); the parts of "9/11" may be either. Months, days and counts never support each other."""
from __future__ import annotations

import re

from .arabic_words import DAY_MONTHS, TWO_WORD_MONTHS, Token, lookup, strip_al
from .values import Kind, Mention, Value, point

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
# Capitalised only: "may" and "march" are also words.
_EN_MONTH = "|".join(EN_MONTHS + ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"))
_EN_MONTH_BEFORE = re.compile(rf"\b(?:{_EN_MONTH})\.?\s+(?:the\s+)?$")
_EN_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTH})\b")
_EN_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_AR_DAY_RANGE = {"و", "وال", "-", "–", "الي", "حتي"}  # matching forms: إلى, حتى
# Day and month in either order, perhaps a year: 9/11, 11/9/2001.
_SLASH_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(?:\d{4}|\d{2}))?(?![\d/]|[.,]\d)")


def english_day(text: str, digits: str, x: float, whole: bool, start: int, end: int) -> tuple[Mention, int] | None:
    """The day of "July 7", "July 7th", "7 July", "the 7th of July": a day of the month, not a count."""
    if not (whole and 1 <= x <= 31 and len(digits) <= 2):
        return None
    before = _EN_MONTH_BEFORE.search(text[max(0, start - 20):start])
    if before:
        suffix = _EN_ORDINAL.match(text, end)
        stop = suffix.end() if suffix else end
        return Mention(text[start - len(before.group()):stop], (point(x, Kind.DAY),)), stop
    after = _EN_MONTH_AFTER.match(text, end)
    if after:
        return Mention(text[start:after.end()], (point(x, Kind.DAY),)), after.end()
    return None


def slash_date_part(text: str, start: int, end: int, x: float) -> tuple[Value, ...]:
    """The day and month readings of the number at text[start:end] when it is a part of "9/11" (ASCII digits)."""
    for m in _SLASH_DATE.finditer(text, max(0, start - 3), end + 8):
        if (start, end) in (m.span(1), m.span(2)):
            return ((point(x, Kind.MONTH),) if x <= 12 else ()) + ((point(x, Kind.DAY),) if 1 <= x <= 31 else ())
    return ()


def arabic_month(toks: list[Token], i: int, after_day: bool = False) -> tuple[int, int] | None:
    """(the month, the token after its name) of a month named at token i: "تموز", "يوليو", "تشرين الأول";
    after a day, also "آب" (elsewhere "father")."""
    tok = toks[i]
    if tok.kind != "word":
        return None
    pair = TWO_WORD_MONTHS.get(strip_al(tok.key[1:] if tok.key[:1] in "وبلف" else tok.key), {})
    if i + 1 < len(toks) and strip_al(toks[i + 1].key) in pair:
        return pair[strip_al(toks[i + 1].key)], i + 2
    entry = lookup(tok.key)[0]
    if entry and entry[0] == "month":
        return int(entry[1]), i + 1
    return (DAY_MONTHS[tok.key], i + 1) if after_day and tok.key in DAY_MONTHS else None


def arabic_day(toks: list[Token], end: int, value: float, scaled: bool) -> tuple[Value, ...]:
    """A day of the month: a number 1-31 before a month's name ("4 تموز", "السادس من يوليو", "20 من شهر أيلول")."""
    if scaled or value != int(value) or not 1 <= value <= 31:
        return ()
    k = end
    if k + 1 < len(toks) and toks[k].key in _AR_DAY_RANGE and toks[k + 1].kind == "digits":
        k += 2  # the first day of "14 و15 أيار"
    for word in ("من", "شهر"):  # "20 من شهر أيلول"
        if k < len(toks) and toks[k].key == word:
            k += 1
    return (point(value, Kind.DAY),) if k < len(toks) and arabic_month(toks, k, after_day=True) else ()


def arabic_month_mention(text: str, toks: list[Token], i: int) -> tuple[Mention, int] | None:
    """A month's name as evidence for a month only (the 9 of "9/11"); "الأول" of "تشرين الأول" is also 1."""
    found = arabic_month(toks, i)
    if found is None:
        return None
    month, end = found
    values: tuple[Value, ...] = (point(float(month), Kind.MONTH),)
    if end == i + 2:  # the order word, which alone reads as "first" or "second"
        values += (point(1.0 if strip_al(toks[i + 1].key) == "اول" else 2.0),)
    return Mention(text[toks[i].start:toks[end - 1].end], values, weak=True, gloss=EN_MONTHS[month - 1]), end
