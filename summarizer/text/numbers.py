"""Numbers as values in Arabic and English text: what the number checks compare.

A Mention is one number as written ("1.5 مليون", "tens of thousands", "الساعة الخامسة")
with the Values it can mean. Digits (ASCII and Arabic-Indic, decimal and thousands
separators), scale words, Arabic and English number words, ordinals, duals, percentages,
decades and centuries, clock times, signs and vague quantities all become values, so
"30 ألف" and "30,000" are one number and "2 مليار" is not "2 million".

Not read as numbers: Roman numerals, English fractions and quantifiers ("half", "a quarter",
"a couple", "several"), unit conversions (miles for km). Pure and fast: regular expressions and
word tables, no model.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import to_ascii_digits


@dataclass(frozen=True)
class Value:
    """One reading of a number: a point (lo == hi) or a span.

    kind: "n" a quantity, "y" a span of years (the 1970s, the 19th century), "t" a clock time
    in minutes after midnight, "d" a decade of any century (70 for "the seventies"), "s" a
    duration in seconds written with colons (a race time: 4:41.30, 2:04:55).
    vague: a loose quantity ("thousands", "عشرات") that supports, and is supported by, any
    overlapping value, but never supports an exact one.
    """
    kind: str
    lo: float
    hi: float
    vague: bool = False


@dataclass
class Mention:
    text: str  # as written in the line
    values: tuple[Value, ...]
    # Evidence only, never a claim: readings guessed from grammar (a dual ending, "one", "first").
    weak: bool = False
    scale: str | None = None  # the scale word written: thousand, million, billion, trillion
    mantissa: float | None = None  # the count before the scale word: 2 in "2 مليار"
    gloss: str = ""  # English reading of the Arabic words in it

    def describe(self) -> str:
        return f"{self.text} ({self.gloss})" if self.gloss else self.text


def point(x: float, kind: str = "n") -> Value:
    return Value(kind, x, x)


def matches(claim: Value, evidence: Value) -> bool:
    """Does this reading of the evidence support this reading of the claim?"""
    if claim.kind != evidence.kind:
        # "the 1970s" is supported by "1970"; a year is not supported by a decade (more precise than the source).
        return claim.kind == "y" and evidence.kind == "n" and evidence.lo == evidence.hi \
            and 1000 <= claim.lo <= evidence.lo <= claim.hi  # a year: 19 is not in the 1st century
    if claim.lo == claim.hi and evidence.lo == evidence.hi:
        return abs(claim.lo - evidence.lo) <= 1e-9 * max(1.0, abs(claim.lo))
    if evidence.vague and not claim.vague:
        return False  # "thousands" does not support "5,000"
    return claim.lo <= evidence.hi + 1e-9 and evidence.lo <= claim.hi + 1e-9


def supports(evidence: Mention, claim: Mention) -> bool:
    claims, found = claim.values, evidence.values
    if any(v.kind == "t" for v in claims) and any(v.kind == "t" for v in found):
        # Two clock times are compared as times: 5 pm does not support 5 am through the hour 5.
        claims, found = [v for v in claims if v.kind == "t"], [v for v in found if v.kind == "t"]
    return any(matches(c, e) for c in claims for e in found)


def english_value(x: float) -> str:
    """2500000 -> "2.5 million", 30000 -> "30,000", 0.5 -> "0.5"."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:g} {name}"
    return f"{int(x):,}" if x == int(x) else f"{x:g}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _round_span(x: float, written: str, size: float = 1.0) -> Value:
    """Values that round to x as written, for "about 30,000" (25,000-35,000) or "about 1.5 million"."""
    if "." in written:
        unit = 10.0 ** -len(written.split(".")[1])
    else:
        whole = written.replace(",", "").lstrip("-")
        unit = 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0
    half = unit * size / 2
    return Value("n", x - half, x + half)


def _time_values(minutes: float, half: str | None) -> tuple[Value, ...]:
    """A clock time; unless am or pm is said, both halves of the day. On the hour, the hour as a number too."""
    hour, minute = divmod(minutes, 60)
    hour = int(hour) % 24
    base = (hour % 12) * 60 + minute
    if half == "a":
        times = [base]
    elif half == "p":
        times = [base + 720]
    else:
        times = [hour * 60 + minute] if hour >= 13 else [base, base + 720]
    values = [point(t, "t") for t in times]
    if minute == 0:
        values += [point(float(hour % 12 or 12)), point(float(hour))]
    return tuple(dict.fromkeys(values))


def _hhmm(digits: str) -> tuple[Value, ...]:
    """ "0230 UTC", "0930 hours": four digits read as a 24-hour clock time."""
    if len(digits) == 4 and digits.isdigit() and int(digits[:2]) < 24 and int(digits[2:]) < 60:
        return (point(int(digits[:2]) * 60 + int(digits[2:]), "t"),)
    return ()


def _short_year(first: re.Match | None, digits: str) -> tuple[Value, ...]:
    """ "2010-11": the second year of a range written with its last two digits."""
    if first is None or len(first.group(1)) != 4 or len(digits) != 2 or not digits.isdigit():
        return ()
    year = float(first.group(1)[:2] + digits)
    return (point(year),) if year > float(first.group(1)) else ()


def _duration(whole: float, rest: tuple[str, ...]) -> Value | None:
    """ "4:41.30", "2:04:55": a colon group with seconds (a decimal, or a third part) is a duration.

    rest: the parts after the first colon, as written ("41.30"; "04", "55"). A clock time has neither.
    """
    parts = [p.replace(",", ".") for p in rest]
    if not 1 <= len(parts) <= 2 or (len(parts) == 1 and "." not in parts[0]):
        return None
    if not all(re.fullmatch(r"[0-5]\d(?:\.\d+)?", p) for p in parts) or any("." in p for p in parts[:-1]):
        return None
    seconds = whole
    for part in parts:
        seconds = seconds * 60 + float(part)
    return point(seconds, "s")


# A dash that closes a parenthesis ("-29 عاماً-", "– 29 –"): not inside a word, not before a number.
_CLOSING_DASH = re.compile(r"[^.!?؟؛\n]{0,60}?(?:(?<!\w)[-−–—](?![\d٠-٩])|[-−–—](?![\w]))")


def _set_off(text: str, end: int) -> bool:
    """Is a dash before a number that ends at `end` the opening of a pair of dashes (an aside, not a sign)?"""
    return bool(_CLOSING_DASH.match(text, end))


def _parse_digits(digits: str, arabic: bool) -> float | None:
    """One digit group: "1,500" is 1500; in Arabic text "1,5" is 1.5 (a comma decimal); else None."""
    if "," not in digits:
        return float(digits) if digits.count(".") <= 1 else None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return float(digits.replace(",", ""))
    if arabic and re.fullmatch(r"\d+,\d{1,2}", digits):
        return float(digits.replace(",", "."))
    return None


_SIZES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SIZE_NAMES = {v: k for k, v in _SIZES.items()}

# --------------------------------------------------------------------------- English

_EN_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                    "fifteen sixteen seventeen eighteen nineteen").split()
_EN_UNITS = {w: i for i, w in enumerate(_EN_NUMBER_WORDS)}
_EN_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_EN_ORDINALS = {w: i for i, w in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
     "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split(), 1)}
_EN_ORDINALS.update({w: 10 * i for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 2)})
_EN_DECADES = {w: 10 * i for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split(), 2)}
# Loose quantities: "dozens", "hundreds", ...; "tens" only in "tens of thousands".
_EN_VAGUE = {"dozens": (24.0, 144.0), "hundreds": (200.0, 1e3), "thousands": (2e3, 1e6),
             "millions": (2e6, 1e9), "billions": (2e9, 1e12), "tens": (20.0, 100.0)}
_EN_VAGUE_BASE = {"tens": 10, "dozens": 12, "hundreds": 100}
_EN_VAGUE_SIZE = {"hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# 1 is everywhere and often unwritten in Arabic ("one of", "at first", "a"): evidence only.
_EN_WEAK = {"one", "first"}
_EN_MULTIPLIERS = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
# A loose count before a multiplier: "several million", "a few hundred", "a couple of thousand".
_EN_FEW = {"several": (2.0, 10.0), "few": (2.0, 10.0), "couple": (2.0, 3.0), "many": (2.0, 1e3),
           "numerous": (2.0, 1e3), "multiple": (2.0, 1e2)}
_EN_FEW_SIZES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
_EN_STARTERS = {*_EN_UNITS, *_EN_TENS, *_EN_ORDINALS, *_SIZES, *_EN_DECADES, *_EN_VAGUE, "hundred", "dozen",
                "twice", "thrice"}

_EN_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+")
_EN_APPROX = re.compile(
    r"(?:\b(?:about|around|approximately|nearly|almost|roughly|some|close to|an estimated|estimated|approx\.?)|~)"
    r"\s*(?:an?\s+)?[$£€]?\s*$", re.I)
_EN_SCALE = re.compile(r"\s*-?\s*((?i:thousand|million|billion|trillion)|mn|bn|tn|m|k|b|M|K|B|BN)(?![A-Za-z])")
_EN_SCALE_ABBR = {"mn": 1e6, "bn": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "b": 1e9}
_EN_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|pc\b|percentage points?\b)", re.I)
_EN_AMPM = re.compile(r"\s*(?:([ap])\.?\s?m\b\.?|o['’]clock\b)", re.I)
_EN_MINUTES = re.compile(r":(\d{2})(?!\d)")
_EN_DURATION = re.compile(r":(\d{2}(?:\.\d+)?)(?::(\d{2}(?:\.\d+)?))?(?![\d:])")
_EN_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_EN_DECADE_SUFFIX = re.compile(r"['’]?s\b")
_EN_BELOW_ZERO = re.compile(r"\s*(?:°\s*[CF]?|degrees?(?:\s+(?:celsius|fahrenheit|[CF]\b))?)?\s*below\s+"
                            r"(?:zero|freezing)\b", re.I)
_EN_SIGN = re.compile(r"(?:(?:^|[\s(\[=:])[-−–]|\bminus\s+)$", re.I)
_EN_RANGE = re.compile(r"(\d+)\s*[-–—/]\s*$")
_EN_CLOCK_AFTER = re.compile(r"\s*(?:hours\b|hrs\b|h\b|GMT|UTC|Z\b)")
_EN_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)


def english_mentions(text: str) -> list[Mention]:
    """The numbers of an English line, in order."""
    text = _unescape(text)
    out: list[Mention] = []
    tokens = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        word = tokens[i][0].lower()
        if word[0].isdigit() and i and tokens[i - 1][2] == tokens[i][1] and word in ("2", "3") \
                and tokens[i - 1][0].lower() in _EN_SQUARED:
            stop = tokens[i][2]  # km2, m3: a unit squared or cubed
        elif word[0].isdigit():
            stop = _english_digits(text, tokens[i], out)
        elif word in (*_EN_FEW, "a") and (few := _english_few(text, tokens, i, out)) is not None:
            stop = few
        elif word in _EN_STARTERS or (word in ("a", "an", "half") and i + 1 < len(tokens)
                                      and tokens[i + 1][0].lower() in (*_EN_MULTIPLIERS, "a")):
            stop = _english_words(text, tokens, i, out)
        else:
            i += 1
            continue
        i += 1
        while i < len(tokens) and tokens[i][1] < stop:
            i += 1
    return _distribute_scale(text, out, _EN_RANGE_WORDS)


_EN_SQUARED = {"km", "m", "cm", "mm", "ft", "mi", "in", "yd", "sq"}
_EN_RANGE_WORDS = re.compile(r"\s*(?:-|–|—|to|and|or)?\s*", re.I)
_AR_RANGE_WORDS = re.compile(r"\s*(?:-|–|—|و|الى|إلى|او|أو|حتى)?\s*")


def _unescape(text: str) -> str:
    """HTML character references ("&#39;") are not numbers; some published translations keep them."""
    return html.unescape(text) if "&" in text else text


def _distribute_scale(text: str, found: list[Mention], joiners: re.Pattern) -> list[Mention]:
    """ "2 to 3 million", "بين 5 و6 ملايين": the first count may carry the scale of the second."""
    pos, spans = 0, []
    for m in found:
        start = text.find(m.text, pos)
        start = pos if start < 0 else start
        spans.append((start, start + len(m.text)))
        pos = start + len(m.text)
    for (a, (_, a_end)), (b, (b_start, _)) in zip(zip(found, spans), zip(found[1:], spans[1:])):
        if a.scale is None and b.scale is not None and joiners.fullmatch(text[a_end:b_start]) \
                and all(v.kind == "n" and v.lo == v.hi and 0 < v.lo < 1000 for v in a.values[:1]):
            size = _SIZES[b.scale]
            a.values = a.values + (point(a.values[0].lo * size),)
    return found


def _english_digits(text: str, token, out: list[Mention]) -> int:
    digits, start, end = token
    scale = _EN_SCALE.match(text, end)
    if re.fullmatch(r"\d+,\d{1,2}", digits) and scale and scale.group(1).lower() in _SIZES:
        return _english_number(text, digits.replace(",", "."), start, end, out)  # "1,5 million": a comma decimal
    if _parse_digits(digits, arabic=False) is None:  # "1,5" in English is a list: each part a number of its own
        pos = start
        for part in digits.split(","):
            if part and part.count(".") <= 1:
                _english_number(text, part, pos, pos + len(part), out)
            pos += len(part) + 1
        return end
    return _english_number(text, digits, start, end, out)


def _english_number(text: str, digits: str, start: int, end: int, out: list[Mention]) -> int:
    """One digit group and what is written around it; returns where the mention ends."""
    x = _parse_digits(digits, arabic=False)
    before = text[max(0, start - 30):start]
    whole = x == int(x) and "." not in digits
    duration = _EN_DURATION.match(text, end) if whole and "," not in digits else None
    value = duration and _duration(x, tuple(p for p in duration.groups() if p))
    if value:
        out.append(Mention(text[start:duration.end()], (value,)))
        return duration.end()
    minutes = _EN_MINUTES.match(text, end)
    ampm = _EN_AMPM.match(text, minutes.end() if minutes else end)
    if not minutes and re.fullmatch(r"\d{1,2}\.\d{2}", digits) and ampm and ampm.group(1) and x < 13:
        hour, minute = digits.split(".")  # 9.30am, written the British way
        out.append(Mention(text[start:ampm.end()], _time_values(int(hour) * 60 + int(minute), ampm.group(1).lower())))
        return ampm.end()
    if minutes and whole and x <= 24:
        stop = ampm.end() if ampm and ampm.group(1) else minutes.end()
        half = ampm.group(1).lower() if ampm and ampm.group(1) else None
        out.append(Mention(text[start:stop], _time_values(x * 60 + int(minutes.group(1)), half)))
        return stop
    if ampm and whole and 0 < x <= 12:
        half = ampm.group(1).lower() if ampm.group(1) else None
        out.append(Mention(text[start:ampm.end()], _time_values(x * 60, half)))
        return ampm.end()
    decade = _EN_DECADE_SUFFIX.match(text, end)
    if decade and whole and x % 10 == 0 and (x < 100 or 1000 <= x < 10000) and "," not in digits:
        n = int(x)
        if n < 100:  # the 70s
            values: tuple[Value, ...] = (Value("d", n, n),)
        elif n % 100 == 0:  # the 1800s: a century or its first decade
            values = (Value("y", n, n + 99), Value("y", n, n + 9))
        else:  # the 1970s; "السبعينيات" with no century is taken as a decade of 1800-2099
            values = (Value("y", n, n + 9),) + ((Value("d", n % 100, n % 100),) if 1800 <= n < 2100 else ())
        out.append(Mention(text[start:decade.end()], values))
        return decade.end()
    stop = end
    ordinal_suffix = _EN_ORD_SUFFIX.match(text, end)
    readings = [x]
    scale = None
    if ordinal_suffix:
        stop = ordinal_suffix.end()
    else:
        sc = _EN_SCALE.match(text, end)
        if sc:
            word = sc.group(1).lower()
            currency = bool(re.search(r"[$£€]\s*$", before))
            if sc.group(1).isupper() and not currency:
                pass  # "24 MN", "5 K": not a scale without a currency
            elif word in _SIZES:
                readings, scale, stop = [x * _SIZES[word]], word, sc.end()
            elif word in ("mn", "bn", "tn") or currency:
                size = _EN_SCALE_ABBR[word]
                readings, scale, stop = [x * size], _SIZE_NAMES[size], sc.end()
            elif word in ("m", "k"):  # "5m": 5 million or 5 metres
                readings, stop = [x * _EN_SCALE_ABBR[word], x], sc.end()
        half = _EN_HALF.match(text, stop)
        if half and not scale:
            stop = half.end()
            readings = [x + 0.5]
            sc = _EN_SCALE.match(text, stop)
            if sc and sc.group(1).lower() in _SIZES:
                scale, stop = sc.group(1).lower(), sc.end()
                readings = [(x + 0.5) * _SIZES[scale]]
    pct = _EN_PERCENT.match(text, stop)
    if pct:
        stop = pct.end()
    negative = bool(_EN_SIGN.search(before)) and not re.search(r"\d\s*[-−–]$", before)
    aside = negative and before.endswith(("-", "−", "–")) and _set_off(text, stop)
    below = _EN_BELOW_ZERO.match(text, stop)
    if below:
        negative, aside, stop = True, False, below.end()
    if aside:  # "the man -29 years old-": a dash that opens an aside, or a sign
        readings = readings + [-r for r in readings]
    elif negative:
        readings = [-r for r in readings]
        if before.endswith(("-", "−", "–")):
            start -= 1
    approx = bool(_EN_APPROX.search(before)) and not ordinal_suffix
    values = tuple(_round_span(r, digits, r / x) if approx and x else point(r) for r in readings)
    if digits.startswith("0") or _EN_CLOCK_AFTER.match(text, stop):
        values += _hhmm(digits)
    values += _short_year(_EN_RANGE.search(before), digits)
    out.append(Mention(text[start:stop], values, scale=scale, mantissa=x if scale else None))
    return stop


def _english_words(text: str, tokens, i: int, out: list[Mention]) -> int:
    """A run of number words: "two", "twenty-five", "a dozen", "one hundred and ten", "third"."""
    start = tokens[i][1]
    total, current = 0.0, None
    last = None  # "a", unit, tens, hundred, scale
    is_ordinal = False
    scale = None
    first = tokens[i][0].lower()
    if first in _EN_VAGUE and first != "tens" or first == "tens" and _vague_follows(tokens, i):
        return _english_vague(text, tokens, i, out)
    if first in _EN_DECADES:
        value = _EN_DECADES[first]
        out.append(Mention(tokens[i][0], (Value("d", value, value),)))
        return tokens[i][2]
    if first in ("twice", "thrice"):
        out.append(Mention(tokens[i][0], (point(2.0 if first == "twice" else 3.0),)))
        return tokens[i][2]
    if first == "half":  # half a dozen
        if i + 2 < len(tokens) and tokens[i + 1][0].lower() == "a" and tokens[i + 2][0].lower() == "dozen":
            out.append(Mention(text[start:tokens[i + 2][2]], (point(6.0),)))
            return tokens[i + 2][2]
        return tokens[i][2]
    j = i
    while j < len(tokens):
        word = tokens[j][0].lower()
        if j > i and text[tokens[j - 1][2]:tokens[j][1]].strip() not in ("", "-", "–"):
            break
        if word == "and" and last in ("hundred", "scale") and j + 1 < len(tokens) \
                and tokens[j + 1][0].lower() in (*_EN_UNITS, *_EN_TENS, *_EN_ORDINALS):
            j += 1
            continue
        if word in ("a", "an") and last is None:
            current, last = 1.0, "a"
        elif word in _EN_UNITS or word in _EN_ORDINALS:
            value = _EN_UNITS[word] if word in _EN_UNITS else _EN_ORDINALS[word]
            if last in (None, "a"):
                current = float(value)
            elif (last == "tens" and value < 10) or (last in ("hundred", "scale") and value < 100):
                current = (current or 0) + value
            else:
                break
            is_ordinal = word in _EN_ORDINALS
            last = "unit" if value < 20 else "tens"
        elif word in _EN_TENS and last in (None, "hundred", "scale"):
            current = (current or 0) + _EN_TENS[word]
            last = "tens"
        elif word == "hundred" and last in (None, "a", "unit", "tens") and (current or 1) < 100:
            current = (current or 1) * 100
            last = "hundred"
        elif word in _SIZES and last != "scale":
            total += (current or 1) * _SIZES[word]
            current, scale, last = None, word, "scale"
        elif word == "dozen" and last in (None, "a", "unit"):
            current, last = (current or 1) * 12, "unit"
        else:
            break
        j += 1
        if is_ordinal:
            break
    if last in (None, "a"):
        return tokens[i][2]
    value = total + (current or 0)
    stop = tokens[j - 1][2]
    weak = j == i + 1 and first in _EN_WEAK
    half = _EN_HALF.match(text, stop)
    if half and not is_ordinal:
        stop = half.end()
        value += 0.5
        sc = _EN_SCALE.match(text, stop)
        if sc and sc.group(1).lower() in _SIZES and not scale:
            scale, stop = sc.group(1).lower(), sc.end()
            value *= _SIZES[scale]
        weak = False
    pct = _EN_PERCENT.match(text, stop)
    if pct:
        stop = pct.end()
    ampm = _EN_AMPM.match(text, stop)
    if ampm and not is_ordinal and 0 < value <= 12 and value == int(value):
        half_day = ampm.group(1).lower() if ampm.group(1) else None
        out.append(Mention(text[start:ampm.end()], _time_values(value * 60, half_day)))
        return ampm.end()
    before = text[max(0, start - 30):start]
    below = _EN_BELOW_ZERO.match(text, stop)
    if below or re.search(r"\bminus\s+$", before, re.I):
        value = -value
        stop = below.end() if below else stop
    mantissa = value / _SIZES[scale] if scale else None
    if _EN_APPROX.search(before) and not is_ordinal and value % 10 == 0 and value:
        written = f"{abs(mantissa):g}" if scale else str(int(abs(value)))
        values: tuple[Value, ...] = (_round_span(value, written, _SIZES[scale] if scale else 1.0),)
    else:
        values = (point(value),)
    out.append(Mention(text[start:stop], values, weak=weak, scale=scale, mantissa=mantissa))
    return stop


def _english_few(text: str, tokens, i: int, out: list[Mention]) -> int | None:
    """ "several million", "a few hundred thousand", "a couple of thousand": a loose count times its sizes."""
    j = i + 1 if tokens[i][0].lower() == "a" else i
    if j >= len(tokens) or tokens[j][0].lower() not in _EN_FEW:
        return None
    lo, hi = _EN_FEW[tokens[j][0].lower()]
    j += 1
    if j < len(tokens) and tokens[j][0].lower() == "of":
        j += 1
    size, k = 1.0, j
    while k < len(tokens) and text[tokens[k - 1][2]:tokens[k][1]].strip() in ("", "-") \
            and _EN_FEW_SIZES.get(tokens[k][0].lower().removesuffix("s")):
        size *= _EN_FEW_SIZES[tokens[k][0].lower().removesuffix("s")]
        k += 1
    if k == j:
        return None
    out.append(Mention(text[tokens[i][1]:tokens[k - 1][2]], (Value("n", lo * size, hi * size, vague=True),)))
    return tokens[k - 1][2]


def _vague_follows(tokens, i: int) -> bool:
    return i + 2 < len(tokens) and tokens[i + 1][0].lower() == "of" and tokens[i + 2][0].lower() in _EN_VAGUE_SIZE


def _english_vague(text: str, tokens, i: int, out: list[Mention]) -> int:
    """ "thousands", "dozens", "tens of thousands", "hundreds of millions"."""
    word = tokens[i][0].lower()
    lo, hi = _EN_VAGUE[word]
    stop = tokens[i][2]
    if word in _EN_VAGUE_BASE and _vague_follows(tokens, i):
        base = _EN_VAGUE_BASE[word] * _EN_VAGUE_SIZE[tokens[i + 2][0].lower()]
        lo, hi = base, base * 10
        stop = tokens[i + 2][2]
    out.append(Mention(text[tokens[i][1]:stop], (Value("n", lo, hi, vague=True),)))
    return stop


# --------------------------------------------------------------------------- Arabic

# The matching form of a word: no diacritics or tatweel, one alef, yeh and teh marbuta
# (the forms of normalize.normalize, applied per word so that offsets are kept).
_AR_KEY = str.maketrans({**{chr(c): None for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                                   *range(0x06D6, 0x06EE), 0x0640]},
                         "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})
_NO_MARKS = str.maketrans({chr(c): None for c in [*range(0x064B, 0x0660), 0x0670, 0x0640]})
_AR_TOKEN = re.compile(r"[\u0621-\u065F\u0670-\u06D3\u06D6-\u06ED]+|\d+(?:[.,٫٬]\d+|،\d{3}(?!\d))*|[A-Za-z]+|"
                       r"[%٪:\-−–+/]")


def _ar_lexicon() -> dict[str, tuple]:
    """Matching form -> (type, value). Types: unit, ordinal, tens, hundred, hundreds, scale, scale2 (dual),
    scales (plural), vague (lo, hi), decade, zero, weak (readings; evidence only)."""
    lex: dict[str, tuple] = {}

    def add(kind: str, value, words: str) -> None:
        for w in words.split():
            lex.setdefault(w, (kind, value))

    for value, words in {1: "واحد واحده واحدا احد احدي", 2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي "
                         "ثنتان ثنتين", 3: "ثلاث ثلاثه", 4: "اربع اربعه", 5: "خمس خمسه", 6: "ست سته",
                         7: "سبع سبعه", 8: "ثمان ثماني ثمانيه", 9: "تسع تسعه", 10: "عشر عشره"}.items():
        add("unit", value, words)
    for value, stem in enumerate("اول ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر".split(), 1):
        add("ordinal", value, f"{stem} {stem}ه {stem}ا")
    add("ordinal", 1, "اولي حادي حاديه")
    add("ordinal", 2, "ثان")
    for value, stem in enumerate("عشر ثلاث اربع خمس ست سبع ثمان تسع".split(), 2):
        add("tens", 10 * value, f"{stem}ون {stem}ين")
        add("decade", 10 * value, f"{stem}ينيات {stem}ينات")  # السبعينيات: the seventies
    add("hundred", 100, "ميه مايه")
    add("hundreds", 200, "ميتان ميتين ميتي ميتا مايتان مايتين مايتي مايتا")
    for value, stem in ((3, "ثلاث"), (4, "اربع"), (5, "خمس"), (6, "ست"), (7, "سبع"), (8, "ثمان"), (8, "ثماني"),
                        (9, "تسع")):
        add("hundreds", 100 * value, f"{stem}ميه {stem}مايه")  # ثلاثمئة
    for size, one, two, many in ((1e3, "الف الفا", "الفان الفين الفي", "الاف الوف"),
                                 (1e6, "مليون مليونا", "مليونان مليونين مليوني", "ملايين"),
                                 (1e9, "مليار مليارا بليون", "ملياران مليارين ملياري", "مليارات بلايين"),
                                 (1e12, "تريليون ترليون", "تريليونان تريليونين", "تريليونات")):
        add("scale", size, one)
        add("scale2", size, two)
        add("scales", size, many)
    add("vague", (20.0, 100.0), "عشرات")
    add("vague", (200.0, 1e3), "ميات مييات")
    add("vague", (3.0, 10.0), "بضع بضعه")
    add("vague", (2.0, 10.0), "عده")  # several: a number only before a scale word (عدة ملايين)
    add("zero", 0, "صفر")
    # Words that carry a number without being one (double, both, triple, half, decade): evidence only.
    for words, readings in (("ضعف ضعفي ضعفين ضعفا كلا كلتا كلي ثنايي مزدوج مزدوجه توام توامان", (2.0,)),
                            ("ثلاثي ثلاثيه", (3.0,)), ("رباعي رباعيه ارباع", (4.0,)), ("خماسي خماسيه", (5.0,)),
                            ("سداسي", (6.0,)), ("سباعي", (7.0,)), ("عشري", (10.0,)), ("دزينه درزن", (12.0,)),
                            ("نصف", (0.5, 1.5, 2.0)), ("ثلث", (1 / 3, 3.0)), ("ثلثي ثلثا", (2 / 3, 2.0)),
                            ("ربع", (0.25, 4.0)), ("عقدين", (20.0, 2.0)), ("قرنين", (200.0, 2.0))):
        add("weak", readings, words)
    # Month names, for dates written in digits in English ("9/11" for "11 سبتمبر"). آب (August) is left
    # out: it is also "father" and "باب" (door) would read as ب + آب.
    for month, words in enumerate(("يناير", "فبراير شباط", "مارس اذار", "ابريل نيسان", "مايو ايار",
                                   "يونيو يونيه حزيران", "يوليو يوليه تموز", "اغسطس", "سبتمبر ايلول", "اكتوبر",
                                   "نوفمبر", "ديسمبر"), 1):
        add("weak", (float(month),), words)
    return lex


_AR_LEX = _ar_lexicon()
_AR_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "وب", "ول", "فب",
                "فل", "وبال", "فبال", "وك")
_PREFIX_SET = frozenset(_AR_PREFIXES)
_AL = ("وال", "بال", "فال", "كال", "لل", "ال")
_AR_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "ها", "نا")
# Words that read as a clitic and a number word: "لست" (I am not: ل + ست), "كمية" (quantity: ك + مية).
_NOT_NUMBERS = {"لست", "لستم", "لستن", "لسنا", "كميه", "كميات"}
# 1 and 2 as "one of", "first", "second" (also the unit of time), "Sunday": evidence only.
_AR_WEAK_STEMS = {"واحد", "واحده", "واحدا", "احد", "احدي", "اول", "اوله", "اولا", "اولي", "حادي", "حاديه",
                  "ثاني", "ثانيه", "ثانيا", "ثان", "اثنا", "اثني", "اثنتا", "اثنتي"}  # اثنا: a number only before عشر
_DUAL_STOP = {"بين", "حين", "الذين", "اللذين", "اللتين", "كان", "مكان", "الان", "اين", "لكن", "سنين", "ميدان",
              "عنوان", "ايمان", "انسان", "بيان", "لسان", "زمان", "ميزان", "سكان", "قانون", "سلطان", "شيطان",
              "ديوان", "بستان", "بركان", "الوان", "اخوان", "جيران", "نيران", "عمان", "ايران", "لبنان", "سودان",
              "يابان", "يونان", "تين", "طين", "دين", "تشرين", "نيسان", "حزيران", "التي", "اللتي", "حتي", "اخرين",
              "اخران"}
_PERCENT_WORDS = {"ميه", "مايه"}
_TIME_OF_DAY = {"صباحا": "a", "صباح": "a", "فجرا": "a", "فجر": "a", "مساء": "p", "مساءا": "p", "عصرا": "p",
                "عصر": "p", "ظهرا": "p", "ظهر": "p", "ليلا": None, "ليل": None}
_RELATIVE_CENTURY = {"ماضي": 20, "منصرم": 20, "سابق": 20, "حالي": 21}
_VAGUE_GLOSS = {"عشرات": "tens", "عده": "several", "ميات": "hundreds", "مييات": "hundreds", "بضع": "a few", "بضعه": "a few",
                "الاف": "thousands", "الوف": "thousands", "ملايين": "millions", "مليارات": "billions",
                "بلايين": "billions", "تريليونات": "trillions"}
_HALF = {"ونصف", "والنصف"}
_VAGUE_BEFORE_SCALE = {"عده"}
_TWO_WORD_MONTHS = {"تشرين": {"اول": 10, "ثاني": 11}, "كانون": {"اول": 12, "ثاني": 1}}


@lru_cache(maxsize=16384)  # words repeat across lines; the tables never change
def _lookup(key: str) -> tuple[tuple | None, str]:
    """(lexicon entry, stem) of a word with its clitics taken off, or (None, key)."""
    if key in _NOT_NUMBERS or key[:1] in "وف" and key[1:] in _NOT_NUMBERS or _strip_al(key) in _NOT_NUMBERS:
        return None, key
    entry, stem = _lookup_prefixed(key)
    if entry is None and not key.startswith(_AL):
        # A pronoun suffix: خمسهم (a fifth of them), ثلاثتهم (the three of them), كلاهما (both of them).
        for suffix in _AR_SUFFIXES:
            base = key[:-len(suffix)]
            if key.endswith(suffix) and len(base) >= 3:
                for form in (base[:-1] + "ه", base) if base.endswith("ت") else (base,):
                    found, found_stem = _lookup_prefixed(form)
                    if found is not None and found[0] in ("unit", "ordinal", "weak"):
                        return found, found_stem
                break
    return entry, stem


def _lookup_prefixed(key: str) -> tuple[tuple | None, str]:
    for size in range(min(5, len(key) - 1)):
        if size == 0 or key[:size] in _PREFIX_SET:
            entry = _AR_LEX.get(key[size:])
            if entry is not None:
                return entry, key[size:]
    return None, key


def _strip_al(key: str) -> str:
    for prefix in _AL:
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix):]
    return key


@lru_cache(maxsize=16384)
def _is_dual(key: str, text: str) -> bool:
    """A dual by its ending (هدفين, ساعتين, البلدان, دولتي): a guess (plurals end so too), hence evidence only."""
    definite = key.startswith(_AL)
    forms = [key[len(p):] for p in (*_AL, "و", "ب", "ف", "ل", "ك") if key.startswith(p)]
    forms += [] if definite else [key]
    if any(f in _DUAL_STOP for f in (key, *forms)):
        return False
    # "يين" is mostly a plural (الفلسطينيين), unless the yeh is a hamza seat (شيئين).
    nisba = key.endswith(("يين", "يان")) and not text.translate(_NO_MARKS).endswith(("ئين", "ئان"))
    return any(_dual_form(f, nisba, definite) for f in forms)


def _dual_form(form: str, nisba: bool, definite: bool) -> bool:
    stem = form[:-2]
    if len(stem) < 3:
        return False
    if form.endswith(("تين", "تان")) or form.endswith("تي") and not definite:
        return True  # feminine, any length (المجموعتين): its plural ends in ات; "دولتي" is a construct dual
    # Masculine: a sound plural ends the same way (اللاعبين); kept, since a dual missed is a false flag.
    return len(stem) <= 6 and form.endswith(("ين", "ان")) and not nisba


@dataclass(slots=True)
class _Tok:
    text: str
    key: str  # matching form of a word; the text itself for digits and signs
    start: int
    end: int
    kind: str  # "w" Arabic word, "n" digits, "l" Latin word, "s" sign


def _ar_tokens(text: str) -> list[_Tok]:
    out = []
    for m in _AR_TOKEN.finditer(to_ascii_digits(text)):  # same length: offsets index text
        tok, ch = m.group(), m.group()[0]
        if ch.isdigit():  # "٬" and "،" between digit groups separate thousands; "," may be a decimal comma
            kind, key = "n", tok.replace(",", "").replace("،", "") if "٬" in text[m.start():m.end()] or "،" in tok \
                else tok
        elif ch.isascii() and ch.isalpha():
            kind, key = "l", tok.lower()
        elif ch in "%٪:-−–+/":
            kind, key = "s", tok
        else:
            kind, key = "w", tok.translate(_AR_KEY)
        out.append(_Tok(tok, key, m.start(), m.end(), kind))
    return out


def arabic_mentions(text: str) -> list[Mention]:
    """The numbers of an Arabic line, in order; weak ones (duals, "أول") are evidence only."""
    text = _unescape(text)
    toks = _ar_tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "n":
            i = _ar_run(text, toks, i, out)
            continue
        if tok.kind != "w":
            i += 1
            continue
        entry, stem = _lookup(tok.key)
        kind = entry[0] if entry else None
        month = _TWO_WORD_MONTHS.get(_strip_al(tok.key[1:] if tok.key[:1] in "وبلف" else tok.key), {})
        if i + 1 < len(toks) and _strip_al(toks[i + 1].key) in month:  # تشرين الأول: October
            order = _strip_al(toks[i + 1].key)
            out.append(Mention(text[tok.start:toks[i + 1].end],
                               (point(float(month[order])), point(1.0 if order == "اول" else 2.0)), weak=True))
            i += 2
        elif kind is None:
            if _is_dual(tok.key, tok.text):
                out.append(Mention(tok.text, _with_half(toks, i + 1, (point(2.0),)), weak=True, gloss="2"))
            i += 1
        elif kind == "weak":
            out.append(Mention(tok.text, tuple(point(v) for v in entry[1]), weak=True,
                               gloss=english_value(entry[1][0])))
            i += 1
        elif kind == "zero":
            out.append(Mention(tok.text, (point(0.0),), gloss="0"))
            i += 1
        elif kind == "decade":
            i = _ar_decade(text, toks, i, entry[1], out)
        else:
            i = _ar_run(text, toks, i, out)
    return _distribute_scale(text, out, _AR_RANGE_WORDS)


def _with_half(toks: list[_Tok], j: int, values: tuple[Value, ...], unit: float = 1.0) -> tuple[Value, ...]:
    """ "ساعتين ونصف", "ثلاث ساعات ونصف": the count plus a half is one more reading."""
    if any(k < len(toks) and toks[k].key in _HALF for k in (j, j + 1)):
        return values + tuple(point(v.lo + unit / 2) for v in values if v.kind == "n" and v.lo == v.hi and v.lo > 0)
    return values


class _Run:
    """A number being read across words: "ثلاثمئة وخمسة وعشرون ألفا", "1.5 مليون", "الحادي عشر"."""

    def __init__(self):
        self.total = 0.0
        self.current: float | None = None
        self.last: str | None = None  # unit, teen, tens, hundred, scale, vague
        self.readings: list[float] = []  # other readings ("ألفا" is 1,000 or, in construct, 2,000)
        self.digits = ""
        self.scale: float | None = None
        self.mantissa: float | None = None
        self.vague: tuple[float, float] | None = None
        self.ordinal = False

    def step(self, tok: _Tok, joined: bool) -> bool:
        """Take the next token if it continues the number; False ends the number before it."""
        last, cur = self.last, self.current
        if tok.kind == "n":
            value = _parse_digits(tok.key, arabic=True)
            if value is None or not (last is None or (last == "scale" and joined)):
                return False
            self.current, self.digits, self.last = value, tok.key, "unit"
            return True
        entry, stem = _lookup(tok.key)
        if entry is None:
            return False
        kind, value = entry
        if last not in (None, "vague") and not joined and stem != tok.key:
            return False  # "خمسة بالمئة" is a percent, "عشرة الاف" a number: only a bare word continues
        # A units digit so far (5, 105, 2005): tens and teens may follow.
        small = cur is not None and cur % 100 < 10 and last == "unit" and not self.digits
        if kind in ("unit", "ordinal"):
            if value == 10 and stem.startswith("عشر") and small and not joined:
                self.current, self.last = cur + 10, "teen"  # ثلاثة عشر, الحادي عشر
            elif last is None or (last == "scale" and joined):
                self.current, self.last = float(value), "unit"
            elif last == "hundred" and joined:
                self.current, self.last = cur + value, "unit"
            else:
                return False
            self.ordinal = kind == "ordinal" or self.ordinal
        elif kind == "tens":
            if last is None or (last == "scale" and joined):
                self.current = float(value)
            elif (small and joined) or (last == "hundred" and joined):
                self.current = cur + value
            else:
                return False
            self.last = "tens"
        elif kind == "hundred":
            if small and cur < 10 and not joined:
                self.current = cur * 100  # ثلاث مئة
            elif last is None or (last == "scale" and joined):
                self.current = 100.0
            else:
                return False
            self.last = "hundred"
        elif kind == "hundreds":
            if not (last is None or (last == "scale" and joined)):
                return False
            self.current, self.last = float(value), "hundred"
        elif kind in ("scale", "scale2", "scales"):
            if joined or last == "scale" or (self.scale and value >= self.scale):
                return False  # "340 مليون و500 مليون" is two numbers
            if last == "vague":
                self.vague = (self.vague[0] * value, self.vague[1] * value)  # عشرات الآلاف
                self.scale, self.last = value, "scale"
                return True
            if kind == "scale2":
                if last is not None:
                    return False
                cur = 2.0
            elif kind == "scales" and last is None:
                return False  # a bare "آلاف" is vague, read by the caller
            count = cur if cur is not None else 1.0
            self.total += count * value
            self.readings = [r * value for r in self.readings]
            if cur is None and kind == "scale" and stem.endswith("ا"):
                self.readings.append(2 * value)  # "ألفا موظف": two thousand (a dual in construct)
            self.current, self.scale, self.mantissa, self.last = None, value, count, "scale"
        elif kind == "vague" and last is None:
            self.vague, self.last = value, "vague"
        else:
            return False
        return True

    @property
    def value(self) -> float:
        return self.total + (self.current or 0)


def _ar_run(text: str, toks: list[_Tok], i: int, out: list[Mention]) -> int:
    run = _Run()
    j = i
    group = None  # where the last group after a scale word began, and the total before it
    while j < len(toks):
        tok, joined, skip = toks[j], False, 0
        if j > i and tok.kind == "w" and tok.key == "و" and j + 1 < len(toks):
            tok, joined, skip = toks[j + 1], True, 1  # "و 300"
        elif j > i and tok.kind == "w" and tok.key.startswith("و") and _lookup(tok.key[1:])[0] is not None:
            joined = True  # "وعشرون"
        before = (j, run.total, run.mantissa) if run.last == "scale" and joined else None
        if j > i and tok.kind not in ("n", "w") or not run.step(tok, joined):
            break
        group = before or group
        j += 1 + skip
    nxt = _lookup(toks[j].key)[0] if j < len(toks) and toks[j].kind == "w" else None
    if group and run.current is not None and nxt and nxt[0] in ("scale", "scale2", "scales") \
            and nxt[1] >= (run.scale or 0):
        # "مليوني وثلاثة ملايين": the group after "و" belongs to the next number.
        j, run.total, run.mantissa = group
        run.current, run.last, run.readings = None, "scale", []
    if j == i:  # a bare plural scale word: "آلاف", "ملايين"
        entry, stem = _lookup(toks[i].key)
        if entry and entry[0] == "scales":
            out.append(Mention(toks[i].text, (Value("n", 2 * entry[1], 1000 * entry[1], vague=True),),
                               gloss=_VAGUE_GLOSS.get(stem, "")))
        elif toks[i].kind == "n":  # "1,2,3": a list
            for part in toks[i].key.split(","):
                if part and part.count(".") <= 1:
                    out.append(Mention(part, (point(float(part)),)))
        return i + 1
    if run.scale and run.current is None and j < len(toks) and toks[j].key in _HALF:
        run.total += run.scale / 2  # مليون ونصف
        run.mantissa = (run.mantissa or 1.0) + 0.5
        j += 1
    first_stem = _lookup(toks[i].key)[1]
    if run.vague is not None and first_stem in _VAGUE_BEFORE_SCALE and not run.scale:
        return i + 1  # "عدة مرات": several times, no number
    if run.vague is not None:
        gloss = _VAGUE_GLOSS.get(first_stem, "")
        if run.scale:
            gloss += f" of {_SIZE_NAMES[run.scale]}s"
        out.append(Mention(text[toks[i].start:toks[j - 1].end], (Value("n", *run.vague, vague=True),), gloss=gloss))
        return j
    weak = j == i + 1 and first_stem in _AR_WEAK_STEMS
    mention, end = _ar_context(text, toks, i, j, run, weak)
    out.append(mention)
    return end


def _prev_word(toks: list[_Tok], i: int) -> tuple[str, int]:
    """The matching form and index of the word before token i, skipping a bare "ال" (القرن الـ19)."""
    j = i - 1
    while j >= 0 and toks[j].kind == "w" and toks[j].key in ("ال", "ل"):
        j -= 1
    return (toks[j].key, j) if j >= 0 and toks[j].kind == "w" else ("", -1)


def _ar_context(text: str, toks: list[_Tok], i: int, j: int, run: _Run, weak: bool) -> tuple[Mention, int]:
    """What is written around a number (time of day, percent, sign, century), then its Mention."""
    n = len(toks)
    value = run.value
    whole = value == int(value) and not run.scale and 0 <= value <= 24
    prev, prev_i = _prev_word(toks, i)
    end = j
    # Clock: "9:30 صباحاً", "الساعة الخامسة", "الخامسة مساءً", "الساعة 11:00".
    minutes = None
    if run.digits and value == int(value) and not run.scale and j + 1 < n and toks[j].key == ":" \
            and toks[j + 1].kind == "n":
        # A race time: "4:41.30", "2:04:55".
        third = j + 3 < n and toks[j + 2].key == ":" and toks[j + 3].kind == "n" \
            and toks[j + 2].start == toks[j + 1].end
        rest = (toks[j + 1].key, toks[j + 3].key) if third else (toks[j + 1].key,)
        duration = _duration(value, rest)
        if duration:
            last = j + 3 if third else j + 1
            return Mention(text[toks[i].start:toks[last].end], (duration,)), last + 1
    if run.digits and whole and j + 1 < n and toks[j].key == ":" and toks[j + 1].kind == "n" \
            and len(toks[j + 1].key) == 2:
        minutes, end = value * 60 + int(toks[j + 1].key), j + 2
    elif re.fullmatch(r"\d{1,2}[.,]\d{2}", run.digits) and value < 13 and j < n \
            and _strip_al(toks[j].key) in _TIME_OF_DAY:  # 9.30 صباحاً
        hour, minute = re.split(r"[.,]", run.digits)
        if int(minute) < 60:
            value, whole, minutes = float(hour), True, int(hour) * 60 + int(minute)
    k = end + 1 if end < n and toks[end].key == "من" else end
    half_day = "?"
    if whole and k < n and toks[k].kind == "w" and _strip_al(toks[k].key) in _TIME_OF_DAY:
        half_day, end = _TIME_OF_DAY[_strip_al(toks[k].key)], k + 1
        minutes = value * 60 if minutes is None else minutes
    elif minutes is not None and end < n and toks[end].key in ("ص", "م"):  # "10:08 م": the short forms
        half_day, end = ("a" if toks[end].key == "ص" else "p"), end + 1
    clock_word = _strip_al(prev) == "ساعه" and prev != "ساعه"
    if clock_word and whole and minutes is None:
        minutes = value * 60
    if minutes is not None:
        if end < n and toks[end].key in _HALF:
            minutes, end = minutes + 30, end + 1
        elif end < n and toks[end].key in ("والربع", "وربع"):
            minutes, end = minutes + 15, end + 1
        first = prev_i if clock_word else i
        gloss = f"{int(value)} o'clock" if half_day == "?" and minutes == value * 60 else \
            f"{int(minutes // 60)}:{int(minutes % 60):02d}" + {"a": " am", "p": " pm"}.get(half_day, "")
        words = any(t.kind == "w" for t in toks[first:end])
        return Mention(text[toks[first].start:toks[end - 1].end], _time_values(minutes, half_day),
                       gloss=gloss if words else ""), end
    notes = []
    # Percent: "%", "في المئة", "بالمئة".
    if end < n and toks[end].key in ("%", "٪"):
        end += 1
    elif end + 1 < n and toks[end].key == "في" and _strip_al(toks[end + 1].key) in _PERCENT_WORDS:
        end += 2
        notes.append("percent")
    elif end < n and toks[end].key.startswith("بال") and _strip_al(toks[end].key) in _PERCENT_WORDS:
        end += 1
        notes.append("percent")
    # Sign: "-5", "سالب 5", "5 درجات تحت الصفر".
    negative, aside = prev in ("سالب", "ناقص"), False
    first = i
    if i > 0 and toks[i - 1].key in ("-", "−", "–") and toks[i - 1].end == toks[i].start \
            and (toks[i - 1].start == 0 or not text[toks[i - 1].start - 1].isalnum()) \
            and not (i > 1 and toks[i - 2].kind == "n"):
        if _set_off(text, toks[end - 1].end):
            aside = True  # "-29 عاماً-": a dash that opens an aside, or a sign
        else:
            negative, first = True, i - 1
    for k in range(end, min(end + 4, n - 1)):
        if toks[k].key == "تحت" and _strip_al(toks[k + 1].key) == "صفر":
            negative = True
            notes.append("below zero")
            break
    readings = [value, *run.readings]
    clock = _hhmm(run.digits) if run.digits.startswith("0") or (
        end < n and _strip_al(toks[end].key) in ("توقيت", "بتوقيت", "utc", "gmt", "غرينتش")) else ()
    if negative:
        readings = [-r for r in readings]
    elif aside:
        readings += [-r for r in readings]
    values = tuple(point(r) for r in readings) + clock
    century = False
    # A century: "القرن التاسع عشر", "القرن الـ19" is also the years 1801-1900, said 1800s.
    if _strip_al(prev) == "قرن" and 1 <= value <= 30 and value == int(value) and not run.scale:
        values += (Value("y", (value - 1) * 100, value * 100),)
        century = True
    if run.digits and i >= 2 and toks[i - 1].key in ("-", "–", "/") and toks[i - 2].kind == "n":
        values += _short_year(re.match(r"(\d+)", toks[i - 2].key), run.digits)
    if not run.scale:
        values = _with_half(toks, end, values)
    has_words = any(t.kind == "w" for t in toks[i:end])
    if not has_words:
        gloss = ""
    elif run.digits:  # "3 مليار (billion)"
        gloss = ", ".join(([_SIZE_NAMES[run.scale]] if run.scale else []) + notes)
    else:
        word = ordinal(int(abs(readings[0]))) if (run.ordinal or century) and readings[0] == int(readings[0]) \
            else english_value(readings[0])
        word += " century" if century else ""
        gloss = ", ".join([word + ("%" if "percent" in notes else "")] + [x for x in notes if x != "percent"])
    mantissa = run.mantissa if run.scale and run.current is None else None
    if negative and mantissa is not None:
        mantissa = -mantissa
    scale = _SIZE_NAMES[run.scale] if run.scale else None
    return Mention(text[toks[first].start:toks[end - 1].end], values, weak=weak, scale=scale, mantissa=mantissa,
                   gloss=gloss), end


def _ar_decade(text: str, toks: list[_Tok], i: int, decade: int, out: list[Mention]) -> int:
    """ "سبعينيات القرن العشرين" is the 1970s; "السبعينيات" alone the seventies of any century."""
    values: tuple[Value, ...] = (Value("d", decade, decade),)
    j, n = i + 1, len(toks)
    if j < n and toks[j].key == "من":
        j += 1
    century, end = None, i + 1
    if j < n and _strip_al(toks[j].key) == "قرن":
        k = j + 1
        while k < n and toks[k].key == "ال":
            k += 1
        if k < n and _strip_al(toks[k].key) in _RELATIVE_CENTURY:
            century, end = _RELATIVE_CENTURY[_strip_al(toks[k].key)], k + 1
        elif k < n and (toks[k].kind == "n" or (toks[k].kind == "w" and _lookup(toks[k].key)[0])):
            sub: list[Mention] = []
            stop = _ar_run(text, toks, k, sub)
            c = sub[0].values[0].lo if sub and sub[0].values[0].kind == "n" else 0
            if c == int(c) and 1 <= c <= 30:
                century, end = int(c), stop
    gloss = f"the {decade}s"
    if century and not 19 <= century <= 21:
        values = ()  # no reading as a decade of the last centuries
    if century:
        year = (century - 1) * 100 + decade
        values += (Value("y", year, year + 9), point(float(century)))
        gloss = f"{year}s"
    out.append(Mention(text[toks[i].start:toks[end - 1].end], values, gloss=gloss))
    return end
