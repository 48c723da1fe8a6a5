"""Arabic numbers: digits, number words with their clitics, read across words ("ثلاثمئة وخمسة وعشرون ألفا"),
with the recognizers of each kind and the shared modifiers."""
from __future__ import annotations

import re
from typing import Literal

from ..normalize import to_ascii_digits
from .arabic_words import HALF, WEAK_STEMS, Token, lookup, strip_al, tokens
from .clock import arabic_clock, hhmm
from .dates import arabic_day, arabic_month_mention, slash_date_part
from .decades import arabic_decade, century_years
from .duals import arabic_dual
from .durations import arabic_duration
from .modifiers import arabic_percent, arabic_sign, signed, with_half
from .ranges import AR_RANGE_WORDS, distribute_scale, short_year
from .vague import arabic_bare_plural, arabic_vague
from .values import SIZE_NAMES, Mention, english_value, ordinal, parse_digits, point, unescape

# Where a number read across words stands: nothing yet, a unit, a teen, tens, hundred(s), a scale word, vague.
RunState = Literal["unit", "teen", "tens", "hundred", "scale", "vague"] | None


def arabic_mentions(text: str) -> list[Mention]:
    """The numbers of an Arabic line, in order; weak ones (duals, "أول") are evidence only."""
    text = unescape(text)
    toks = tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "digits":
            i = _run(text, toks, i, out)
            continue
        if tok.kind != "word":
            i += 1
            continue
        entry, stem = lookup(tok.key)
        kind = entry[0] if entry else None
        month = arabic_month_mention(text, toks, i)
        if month:
            out.append(month[0])
            i = month[1]
        elif kind is None:
            dual = arabic_dual(toks, i)
            if dual:
                out.append(dual)
            i += 1
        elif kind == "weak":
            out.append(Mention(tok.text, tuple(point(v) for v in entry[1]), weak=True,
                               gloss=english_value(entry[1][0])))
            i += 1
        elif kind == "zero":
            out.append(Mention(tok.text, (point(0.0),), gloss="0"))
            i += 1
        elif kind == "decade":
            i = arabic_decade(text, toks, i, entry[1], out, _run)
        else:
            i = _run(text, toks, i, out)
    # Parts overlap the mention they belong to: they follow the numbers in order, and share no scale.
    return distribute_scale(text, [m for m in out if not m.part], AR_RANGE_WORDS) + [m for m in out if m.part]


class _Run:
    """A number being read across words: "ثلاثمئة وخمسة وعشرون ألفا", "1.5 مليون", "الحادي عشر"."""

    def __init__(self):
        self.total = 0.0
        self.current: float | None = None
        self.last: RunState = None
        self.readings: list[float] = []  # other readings ("ألفا" is 1,000 or, in construct, 2,000)
        self.digits = ""
        self.scale: float | None = None
        self.mantissa: float | None = None
        self.vague: tuple[float, float] | None = None
        self.ordinal = False

    def step(self, tok: Token, joined: bool) -> bool:
        """Take the next token if it continues the number; False ends the number before it."""
        if tok.kind == "digits":
            return self._digits(tok, joined)
        entry, stem = lookup(tok.key)
        if entry is None:
            return False
        kind, value = entry
        if self.last not in (None, "vague") and not joined and stem != tok.key:
            return False  # "خمسة بالمئة" is a percent, "عشرة الاف" a number: only a bare word continues
        if kind in ("unit", "ordinal"):
            return self._unit(kind, value, stem, joined)
        if kind == "tens":
            return self._tens(value, joined)
        if kind == "hundred":
            return self._hundred(joined)
        if kind == "hundreds":
            return self._hundreds(value, joined)
        if kind in ("scale", "scale2", "scales"):
            return self._scale(kind, value, stem, joined)
        if kind == "vague" and self.last is None:
            self.vague, self.last = value, "vague"
            return True
        return False

    def _opens(self, joined: bool) -> bool:
        """Does a token here start a number, or the group after a scale word ("ألف و300")?"""
        return self.last is None or (self.last == "scale" and joined)

    def _small(self) -> bool:
        """A units digit so far (5, 105, 2005): tens and teens may follow."""
        cur = self.current
        return cur is not None and cur % 100 < 10 and self.last == "unit" and not self.digits

    def _digits(self, tok: Token, joined: bool) -> bool:
        value = parse_digits(tok.key, arabic=True)
        if value is None or not self._opens(joined):
            return False
        self.current, self.digits, self.last = value, tok.key, "unit"
        return True

    def _unit(self, kind: str, value: float, stem: str, joined: bool) -> bool:
        cur = self.current
        if value == 10 and stem.startswith("عشر") and self._small() and not joined:
            self.current, self.last = cur + 10, "teen"  # ثلاثة عشر, الحادي عشر
        elif self._opens(joined):
            self.current, self.last = float(value), "unit"
        elif self.last == "hundred" and joined:
            self.current, self.last = cur + value, "unit"
        else:
            return False
        self.ordinal = kind == "ordinal" or self.ordinal
        return True

    def _tens(self, value: float, joined: bool) -> bool:
        if self._opens(joined):
            self.current = float(value)
        elif (self._small() and joined) or (self.last == "hundred" and joined):
            self.current = self.current + value
        else:
            return False
        self.last = "tens"
        return True

    def _hundred(self, joined: bool) -> bool:
        if self._small() and self.current < 10 and not joined:
            self.current = self.current * 100  # ثلاث مئة
        elif self._opens(joined):
            self.current = 100.0
        else:
            return False
        self.last = "hundred"
        return True

    def _hundreds(self, value: float, joined: bool) -> bool:
        if not self._opens(joined):
            return False
        self.current, self.last = float(value), "hundred"
        return True

    def _scale(self, kind: str, value: float, stem: str, joined: bool) -> bool:
        """A scale word multiplies what came before it: "ثلاثة آلاف", "ألفا", "مليونان", "عشرات الآلاف"."""
        last, cur = self.last, self.current
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
        return True

    @property
    def value(self) -> float:
        return self.total + (self.current or 0)


def _run(text: str, toks: list[Token], i: int, out: list[Mention]) -> int:
    run = _Run()
    j = i
    group = None  # where the last group after a scale word began, and the total before it
    while j < len(toks):
        tok, joined, skip = toks[j], False, 0
        if j > i and tok.kind == "word" and tok.key == "و" and j + 1 < len(toks):
            tok, joined, skip = toks[j + 1], True, 1  # "و 300"
        elif j > i and tok.kind == "word" and tok.key.startswith("و") and lookup(tok.key[1:])[0] is not None:
            joined = True  # "وعشرون"
        before = (j, run.total, run.mantissa) if run.last == "scale" and joined else None
        if j > i and tok.kind not in ("digits", "word") or not run.step(tok, joined):
            break
        group = before or group
        j += 1 + skip
    nxt = lookup(toks[j].key)[0] if j < len(toks) and toks[j].kind == "word" else None
    if group and run.current is not None and nxt and nxt[0] in ("scale", "scale2", "scales") \
            and nxt[1] >= (run.scale or 0):
        # "مليوني وثلاثة ملايين": the group after "و" belongs to the next number.
        j, run.total, run.mantissa = group
        run.current, run.last, run.readings = None, "scale", []
    if j == i:  # a bare plural scale word: "آلاف", "ملايين"
        bare = arabic_bare_plural(toks[i], *lookup(toks[i].key))
        if bare:
            out.append(bare)
        elif toks[i].kind == "digits":  # "1,2,3": a list
            for part in toks[i].key.split(","):
                if part and part.count(".") <= 1:
                    out.append(Mention(part, (point(float(part)),)))
        return i + 1
    if run.scale and run.current is None and j < len(toks) and toks[j].key in HALF:
        run.total += run.scale / 2  # مليون ونصف
        run.mantissa = (run.mantissa or 1.0) + 0.5
        j += 1
    first_stem = lookup(toks[i].key)[1]
    if run.vague is not None:
        loose = arabic_vague(text, toks, i, j, run.vague, run.scale, first_stem)
        if loose is None:
            return i + 1
        out.append(loose)
        return j
    weak = j == i + 1 and first_stem in WEAK_STEMS
    return _context(text, toks, i, j, run, weak, out)


def _prev_word(toks: list[Token], i: int) -> tuple[str, int]:
    """The matching form and index of the word before token i, skipping a bare "ال" (القرن الـ19)."""
    j = i - 1
    while j >= 0 and toks[j].kind == "word" and toks[j].key in ("ال", "ل"):
        j -= 1
    return (toks[j].key, j) if j >= 0 and toks[j].kind == "word" else ("", -1)


def _context(text: str, toks: list[Token], i: int, j: int, run: _Run, weak: bool, out: list[Mention]) -> int:
    """What is written around a number (race time, clock, percent, sign, century); adds its Mention to out."""
    n = len(toks)
    value = run.value
    prev, prev_i = _prev_word(toks, i)
    race = arabic_duration(text, toks, i, j, run.digits, value, bool(run.scale))
    if race:
        out.extend(race[0])
        return race[1]
    clock = arabic_clock(text, toks, i, j, run.digits, value, bool(run.scale), prev, prev_i)
    if clock:
        out.append(clock[0])
        return clock[1]
    end, said_percent = arabic_percent(toks, j)
    notes = ["percent"] if said_percent else []
    sign, below = arabic_sign(text, toks, i, end, prev)
    notes += below
    first = i - 1 if sign.dashed else i
    readings = signed([value, *run.readings], sign)
    hours = hhmm(run.digits) if run.digits.startswith("0") or (
        end < n and strip_al(toks[end].key) in ("توقيت", "بتوقيت", "utc", "gmt", "غرينتش")) else ()
    values = tuple(point(r) for r in readings) + hours + arabic_day(toks, end, value, bool(run.scale))
    if run.digits and "/" in (toks[i - 1].key if i else "", toks[j].key if j < n else ""):  # 9/11
        values += slash_date_part(to_ascii_digits(text), toks[i].start, toks[i].end, value)
    years = century_years(prev, value, bool(run.scale))
    values += years
    century = bool(years)
    if run.digits and i >= 2 and toks[i - 1].key in ("-", "–", "/") and toks[i - 2].kind == "digits":
        values += short_year(re.match(r"(\d+)", toks[i - 2].key), run.digits)
    if not run.scale:
        values = with_half(toks, end, values)
    has_words = any(t.kind == "word" for t in toks[i:end])
    if not has_words:
        gloss = ""
    elif run.digits:  # "3 مليار (billion)"
        gloss = ", ".join(([SIZE_NAMES[run.scale]] if run.scale else []) + notes)
    else:
        word = ordinal(int(abs(readings[0]))) if (run.ordinal or century) and readings[0] == int(readings[0]) \
            else english_value(readings[0])
        word += " century" if century else ""
        gloss = ", ".join([word + ("%" if "percent" in notes else "")] + [x for x in notes if x != "percent"])
    mantissa = run.mantissa if run.scale and run.current is None else None
    if sign.negative and mantissa is not None:
        mantissa = -mantissa
    scale = SIZE_NAMES[run.scale] if run.scale else None
    out.append(Mention(text[toks[first].start:toks[end - 1].end], values, weak=weak, scale=scale, mantissa=mantissa,
                       gloss=gloss))
    return end
