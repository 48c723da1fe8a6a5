"""English numbers: digits and number words, read with the recognizers of each kind and the shared modifiers."""
from __future__ import annotations

import re
from typing import Literal

from .clock import EN_CLOCK_AFTER, english_clock, english_hour, hhmm
from .dates import english_day, slash_date_part
from .decades import EN_DECADES, english_decade, english_decade_word
from .durations import english_duration
from .modifiers import (
    EN_SCALE,
    EN_SCALE_ABBR,
    english_about,
    english_half,
    english_percent,
    english_scale_word,
    english_sign,
    round_span,
    signed,
)
from .ranges import EN_RANGE, EN_RANGE_WORDS, distribute_scale, short_year
from .vague import EN_FEW, EN_VAGUE, english_few, english_vague, is_english_vague
from .values import SIZE_NAMES, SIZES, Mention, Value, parse_digits, point, unescape

_EN_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                    "fifteen sixteen seventeen eighteen nineteen").split()
_EN_UNITS = {w: i for i, w in enumerate(_EN_NUMBER_WORDS)}
_EN_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_EN_ORDINALS = {w: i for i, w in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
     "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split(), 1)}
_EN_ORDINALS.update({w: 10 * i for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), 2)})
# 1 is everywhere and often unwritten in Arabic ("one of", "at first", "a"): evidence only.
_EN_WEAK = {"one", "first"}
_EN_MULTIPLIERS = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}
_EN_STARTERS = {*_EN_UNITS, *_EN_TENS, *_EN_ORDINALS, *SIZES, *EN_DECADES, *EN_VAGUE, "hundred", "dozen",
                "twice", "thrice"}
_EN_SQUARED = {"km", "m", "cm", "mm", "ft", "mi", "in", "yd", "sq"}

_EN_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+")
_EN_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_EN_NAME = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-?$")  # the name a number is written into: KV62, COVID-19

# Where a run of number words stands: nothing yet, "a", a unit or teen, tens, hundred, a scale word.
WordState = Literal["a", "unit", "tens", "hundred", "scale"] | None


def english_mentions(text: str) -> list[Mention]:
    """The numbers of an English line, in order."""
    text = unescape(text)
    out: list[Mention] = []
    tokens = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    i = 0
    while i < len(tokens):
        word = tokens[i][0].lower()
        if word[0].isdigit() and i and tokens[i - 1][2] == tokens[i][1] and word in ("2", "3") \
                and tokens[i - 1][0].lower() in _EN_SQUARED:
            stop = tokens[i][2]  # km2, m3: a unit squared or cubed
        elif word[0].isdigit():
            stop = _digits(text, tokens[i], out)
        elif word in (*EN_FEW, "a") and (few := english_few(text, tokens, i, out)) is not None:
            stop = few
        elif word in _EN_STARTERS or (word in ("a", "an", "half") and i + 1 < len(tokens)
                                      and tokens[i + 1][0].lower() in (*_EN_MULTIPLIERS, "a")):
            stop = _words(text, tokens, i, out)
        else:
            i += 1
            continue
        i += 1
        while i < len(tokens) and tokens[i][1] < stop:
            i += 1
    return distribute_scale(text, out, EN_RANGE_WORDS)


def _digits(text: str, token, out: list[Mention]) -> int:
    digits, start, end = token
    if re.fullmatch(r"\d+,\d{1,2}", digits) and english_scale_word(text, end):
        return _number(text, digits.replace(",", "."), start, end, out)  # "1,5 million": a comma decimal
    if parse_digits(digits, arabic=False) is None:  # "1,5" in English is a list: each part a number of its own
        pos = start
        for part in digits.split(","):
            if part and part.count(".") <= 1:
                _number(text, part, pos, pos + len(part), out)
            pos += len(part) + 1
        return end
    return _number(text, digits, start, end, out)


def _number(text: str, digits: str, start: int, end: int, out: list[Mention]) -> int:
    """One digit group and what is written around it; returns where the mention ends."""
    x = parse_digits(digits, arabic=False)
    before = text[max(0, start - 30):start]
    whole = x == int(x) and "." not in digits
    for recognizer in (english_duration, english_clock, english_decade, english_day):
        found = recognizer(text, digits, x, whole, start, end)
        if found:
            out.append(found[0])
            return found[1]
    stop = end
    ordinal_suffix = _EN_ORD_SUFFIX.match(text, end)
    readings = [x]
    scale = None
    if ordinal_suffix:
        stop = ordinal_suffix.end()
    else:
        sc = EN_SCALE.match(text, end)
        if sc:
            word = sc.group(1).lower()
            currency = bool(re.search(r"[$£€]\s*$", before))
            if sc.group(1).isupper() and not currency:
                pass  # "24 MN", "5 K": not a scale without a currency
            elif word in SIZES:
                readings, scale, stop = [x * SIZES[word]], word, sc.end()
            elif word in ("mn", "bn", "tn") or currency:
                size = EN_SCALE_ABBR[word]
                readings, scale, stop = [x * size], SIZE_NAMES[size], sc.end()
            elif word in ("m", "k"):  # "5m": 5 million or 5 metres
                readings, stop = [x * EN_SCALE_ABBR[word], x], sc.end()
        half = english_half(text, stop, x, None) if not scale else None
        if half:
            readings, scale, stop = [half.value], half.scale, half.stop
    stop = english_percent(text, stop)
    sign = english_sign(text, before, stop)
    readings, stop = signed(readings, sign), sign.stop
    if sign.dashed:
        start -= 1
    approx = english_about(before) and not ordinal_suffix
    values = tuple(round_span(r, digits, r / x) if approx and x else point(r) for r in readings)
    if digits.startswith("0") or EN_CLOCK_AFTER.match(text, stop):
        values += hhmm(digits)
    values += short_year(EN_RANGE.search(before), digits) + slash_date_part(text, start, end, x)
    name = _EN_NAME.search(before)
    out.append(Mention(text[start:stop], values, scale=scale, mantissa=x if scale else None,
                       name=name.group(1) if name else ""))
    return stop


def _words(text: str, tokens, i: int, out: list[Mention]) -> int:
    """A run of number words: "two", "twenty-five", "a dozen", "one hundred and ten", "third"."""
    special = _special_word(text, tokens, i, out)
    if special is not None:
        return special
    run, j = _read_words(text, tokens, i)
    if run.last in (None, "a"):
        return tokens[i][2]
    return _word_mention(text, tokens, i, j, run, out)


def _special_word(text: str, tokens, i: int, out: list[Mention]) -> int | None:
    """Words that are a number of their own kind (vague, a decade, "twice", "half a dozen"): where the
    mention ends, or None for a run of number words."""
    first = tokens[i][0].lower()
    if is_english_vague(tokens, i):
        return english_vague(text, tokens, i, out)
    if first in EN_DECADES:
        out.append(english_decade_word(first, tokens[i][0]))
        return tokens[i][2]
    if first in ("twice", "thrice"):
        out.append(Mention(tokens[i][0], (point(2.0 if first == "twice" else 3.0),)))
        return tokens[i][2]
    if first == "half":  # half a dozen
        if i + 2 < len(tokens) and tokens[i + 1][0].lower() == "a" and tokens[i + 2][0].lower() == "dozen":
            out.append(Mention(text[tokens[i][1]:tokens[i + 2][2]], (point(6.0),)))
            return tokens[i + 2][2]
        return tokens[i][2]
    return None


class _WordRun:
    """A number being read across words: its total so far, the group being read, and where it stands."""

    def __init__(self):
        self.total = 0.0
        self.current: float | None = None
        self.last: WordState = None
        self.is_ordinal = False
        self.scale: str | None = None

    @property
    def value(self) -> float:
        return self.total + (self.current or 0)

    def take(self, word: str) -> bool:
        """Take the next (lower-case) word if it continues the number; False ends the number before it."""
        last, current = self.last, self.current
        if word in ("a", "an") and last is None:
            self.current, self.last = 1.0, "a"
        elif word in _EN_UNITS or word in _EN_ORDINALS:
            return self._unit(word)
        elif word in _EN_TENS and last in (None, "hundred", "scale"):
            self.current, self.last = (current or 0) + _EN_TENS[word], "tens"
        elif word == "hundred" and last in (None, "a", "unit", "tens") and (current or 1) < 100:
            self.current, self.last = (current or 1) * 100, "hundred"
        elif word in SIZES and last != "scale":
            self.total += (current or 1) * SIZES[word]
            self.current, self.scale, self.last = None, word, "scale"
        elif word == "dozen" and last in (None, "a", "unit"):
            self.current, self.last = (current or 1) * 12, "unit"
        else:
            return False
        return True

    def _unit(self, word: str) -> bool:
        value = _EN_UNITS[word] if word in _EN_UNITS else _EN_ORDINALS[word]
        if self.last in (None, "a"):
            self.current = float(value)
        elif (self.last == "tens" and value < 10) or (self.last in ("hundred", "scale") and value < 100):
            self.current = (self.current or 0) + value
        else:
            return False
        self.is_ordinal = word in _EN_ORDINALS
        self.last = "unit" if value < 20 else "tens"
        return True


def _read_words(text: str, tokens, i: int) -> tuple[_WordRun, int]:
    """The number words from token i on, with the index of the first token after them."""
    run = _WordRun()
    j = i
    while j < len(tokens):
        word = tokens[j][0].lower()
        if j > i and text[tokens[j - 1][2]:tokens[j][1]].strip() not in ("", "-", "–"):
            break
        if word == "and" and run.last in ("hundred", "scale") and j + 1 < len(tokens) \
                and tokens[j + 1][0].lower() in (*_EN_UNITS, *_EN_TENS, *_EN_ORDINALS):
            j += 1
            continue
        if not run.take(word):
            break
        j += 1
        if run.is_ordinal:
            break  # an ordinal ends the number ("twenty-first")
    return run, j


def _word_mention(text: str, tokens, i: int, j: int, run: _WordRun, out: list[Mention]) -> int:
    """The Mention of number words i..j-1 and what is written around them (half, percent, hour, sign)."""
    start = tokens[i][1]
    value, scale, is_ordinal = run.value, run.scale, run.is_ordinal
    stop = tokens[j - 1][2]
    weak = j == i + 1 and tokens[i][0].lower() in _EN_WEAK
    half = english_half(text, stop, value, scale) if not is_ordinal else None
    if half:
        value, scale, stop, weak = half.value, half.scale, half.stop, False
    stop = english_percent(text, stop)
    hour = english_hour(text, start, stop, value) if not is_ordinal else None
    if hour:
        out.append(hour[0])
        return hour[1]
    before = text[max(0, start - 30):start]
    sign = english_sign(text, before, stop, dash=False)
    value, stop = signed([value], sign)[0], sign.stop
    mantissa = value / SIZES[scale] if scale else None
    if english_about(before) and not is_ordinal and value % 10 == 0 and value:
        written = f"{abs(mantissa):g}" if scale else str(int(abs(value)))
        values: tuple[Value, ...] = (round_span(value, written, SIZES[scale] if scale else 1.0),)
    else:
        values = (point(value),)
    out.append(Mention(text[start:stop], values, weak=weak, scale=scale, mantissa=mantissa))
    return stop
