"""Clock times: "9:30 am", "9.30am", "5 pm", "0230 UTC", "الساعة الخامسة مساءً", "10:08 م"; minutes after midnight."""
from __future__ import annotations

import re

from .arabic_words import HALF, Token, strip_al
from .modifiers import HalfDay, arabic_time_of_day, english_am_pm
from .values import Kind, Mention, Value, point

_EN_MINUTES = re.compile(r":(\d{2})(?!\d)")
EN_CLOCK_AFTER = re.compile(r"\s*(?:hours\b|hrs\b|h\b|GMT|UTC|Z\b)")


def time_values(minutes: float, half: HalfDay) -> tuple[Value, ...]:
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
    values = [point(t, Kind.TIME) for t in times]
    if minute == 0:
        values += [point(float(hour % 12 or 12)), point(float(hour))]
    return tuple(dict.fromkeys(values))


def hhmm(digits: str) -> tuple[Value, ...]:
    """ "0230 UTC", "0930 hours", "10.08 GMT": four digits, or hours and minutes with a point, as a 24-hour clock."""
    if len(digits) == 4 and digits.isdigit() and int(digits[:2]) < 24 and int(digits[2:]) < 60:
        return (point(int(digits[:2]) * 60 + int(digits[2:]), Kind.TIME),)
    dotted = re.fullmatch(r"(\d{1,2})[.,](\d{2})", digits)
    if dotted and int(dotted[1]) < 24 and int(dotted[2]) < 60:
        return (point(int(dotted[1]) * 60 + int(dotted[2]), Kind.TIME),)
    return ()


def english_clock(text: str, digits: str, x: float, whole: bool, start: int, end: int) -> tuple[Mention, int] | None:
    """A clock time starting with the digits text[start:end]: "9:30 am", "9.30am", "5 pm", "21:00"."""
    minutes = _EN_MINUTES.match(text, end)
    ampm = english_am_pm(text, minutes.end() if minutes else end)
    said = ampm is not None and ampm[1] is not None  # am or pm, not o'clock
    if not minutes and re.fullmatch(r"\d{1,2}\.\d{2}", digits) and said and x < 13:
        hour, minute = digits.split(".")  # 9.30am, written the British way
        return Mention(text[start:ampm[0]], time_values(int(hour) * 60 + int(minute), ampm[1])), ampm[0]
    if minutes and whole and x <= 24:
        stop = ampm[0] if said else minutes.end()
        return Mention(text[start:stop], time_values(x * 60 + int(minutes.group(1)), ampm[1] if said else None)), stop
    if ampm and whole and 0 < x <= 12:
        return Mention(text[start:ampm[0]], time_values(x * 60, ampm[1])), ampm[0]
    return None


def english_hour(text: str, start: int, stop: int, value: float) -> tuple[Mention, int] | None:
    """A number in words before am, pm or o'clock: "five pm", "five o'clock"."""
    ampm = english_am_pm(text, stop)
    if ampm and 0 < value <= 12 and value == int(value):
        return Mention(text[start:ampm[0]], time_values(value * 60, ampm[1])), ampm[0]
    return None


def arabic_clock(text: str, toks: list[Token], i: int, j: int, digits: str, value: float, scaled: bool,
                 prev: str, prev_i: int) -> tuple[Mention, int] | None:
    """A clock time read from the number in tokens i..j: "9:30 صباحاً", "الساعة الخامسة", "الخامسة مساءً",
    "الساعة 11:00", "10:08 م", "9.30 صباحاً", "الخامسة والنصف"."""
    n = len(toks)
    whole = value == int(value) and not scaled and 0 <= value <= 24
    clock_word = strip_al(prev) == "ساعه" and prev != "ساعه"
    end = j
    minutes = None
    if digits and whole and j + 1 < n and toks[j].key == ":" and toks[j + 1].kind == "digits" \
            and len(toks[j + 1].key) == 2:
        minutes, end = value * 60 + int(toks[j + 1].key), j + 2
    elif re.fullmatch(r"\d{1,2}[.,]\d{2}", digits) and (
            value < 13 and arabic_time_of_day(toks, j) is not False or clock_word and value < 24):
        hour, minute = re.split(r"[.,]", digits)  # "9.30 صباحاً", "الساعة 22.08"
        if int(minute) < 60:
            value, whole, minutes = float(hour), True, int(hour) * 60 + int(minute)
    k = end + 1 if end < n and toks[end].key == "من" else end
    half_day: HalfDay = "?"
    said = arabic_time_of_day(toks, k) if whole else False
    if said is not False:
        half_day, end = said, k + 1
        minutes = value * 60 if minutes is None else minutes
    elif minutes is not None and end < n and toks[end].key in ("ص", "م"):  # "10:08 م": the short forms
        half_day, end = ("a" if toks[end].key == "ص" else "p"), end + 1
    if clock_word and whole and minutes is None:
        minutes = value * 60
    if minutes is None:
        return None
    if end < n and toks[end].key in HALF:
        minutes, end = minutes + 30, end + 1
    elif end < n and toks[end].key in ("والربع", "وربع"):
        minutes, end = minutes + 15, end + 1
    first = prev_i if clock_word else i
    gloss = f"{int(value)} o'clock" if half_day == "?" and minutes == value * 60 else \
        f"{int(minutes // 60)}:{int(minutes % 60):02d}" + {"a": " am", "p": " pm"}.get(half_day, "")
    words = any(t.kind == "word" for t in toks[first:end])
    return Mention(text[toks[first].start:toks[end - 1].end], time_values(minutes, half_day),
                   gloss=gloss if words else ""), end
