"""`python -m eval faithfulness`: the brief's English-line checks over a whole translation, line by line.

Each English line of --hyp is checked against its own Arabic line of --src: numbers compared
as values (summarizer/text/numbers/), translation loops, Arabic script left in the
English. The flagged lines are printed with their messages, then the average check time per
line, and last `flagged <n> of <m> lines (<p>%)` (p with one decimal).

With --results-md the published translations beside --hyp (<stem>.<system>.<ext>, as
FLORES dev's flores-dev.google.en) are audited in the same run, each also on its odd and
even lines apart, and errors are planted into the lines that have numbers to measure what
the check catches; the figures replace this task's section of that file.
"""
from __future__ import annotations

import html
import itertools
import json
import random
import re
import time
from pathlib import Path

from eval.data import EvalError, check_same_length, read_lines
from eval.report import command_line, markdown_table, today, update_results_md
from summarizer.faithfulness import english_line_flags, number_flags
from summarizer.text.lexicon import LETTERS
from summarizer.text.normalize import to_ascii_digits
from summarizer.text.numbers import arabic_mentions, english_mentions


def audit(src: list[str], hyp: list[str]) -> tuple[list[tuple[int, list[str]]], dict]:
    """(1-based line, messages) for each flagged line, and the seconds spent checking: {"cpu", "wall"}.

    CPU time is the check's own cost; wall-clock time also counts the other processes of a shared machine.
    """
    flagged = []
    cpu, wall = time.process_time(), time.perf_counter()
    for n, (ar, en) in enumerate(zip(src, hyp), 1):
        messages = english_line_flags(en, ar)
        if messages:
            flagged.append((n, messages))
    return flagged, {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}


def timing(spent: dict, lines: int) -> str:
    return (f"{1000 * spent['cpu'] / lines:.3f} ms per line, CPU time ({1000 * spent['wall'] / lines:.3f} ms "
            f"wall-clock; {lines} lines)")


def share(n: int, m: int) -> str:
    return f"{100 * n / m:.1f}%" if m else "0.0%"


def summary_line(n: int, m: int) -> str:
    return f"flagged {n} of {m} lines ({share(n, m)})"


def run(args, argv) -> int:
    src_path, hyp_path = Path(args.src), Path(args.hyp)
    src, hyp = read_lines(src_path, "--src file"), read_lines(hyp_path, "--hyp file")
    check_same_length({str(src_path): src, str(hyp_path): hyp})
    if not src:
        raise EvalError(f"{src_path} is empty")
    out = Path(args.out) if args.out else None
    if out is not None:
        if out.is_dir():
            raise EvalError(f"--out is a folder, not a file: {out}")
        if out.exists() and any(out.resolve() == p.resolve() for p in (src_path, hyp_path)):
            raise EvalError(f"--out would overwrite an input file: {out}")
    flagged, spent = audit(src, hyp)
    for n, messages in flagged:
        print(f"line {n}\n  ar: {src[n - 1]}\n  en: {hyp[n - 1]}")
        for message in messages:
            print(f"  - {message}")
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("".join(json.dumps({"line": n, "flags": messages}, ensure_ascii=False) + "\n"
                                   for n, messages in flagged), encoding="utf-8")
        except OSError as error:
            raise EvalError(f"cannot write --out {out}: {error.strerror or error}") from None
    if args.results_md:
        tables = figures(src, hyp, hyp_path, flagged, args.seed)
        update_results_md(Path(args.results_md), "faithfulness",
                          results_section(src_path, hyp_path, len(src), tables, spent, argv))
        print(f"\n{tables}\n")
    print(f"average check time: {timing(spent, len(src))}")
    print(summary_line(len(flagged), len(src)))
    return 0


# --------------------------------------------------------------------------- planted errors

PLANTINGS = ("number changed", "digit dropped or added", "million <-> billion", "number word replaced")
_DIGITS = re.compile(r"[0-9٠-٩]+(?:[.٫][0-9٠-٩]+)?")
_EN_SCALES = re.compile(r"\b(million|billion)\b", re.I)
_AR_SCALES = re.compile(r"مليارات|ملايين|مليون|مليار")
_AR_SWAP = {"مليون": "مليار", "مليار": "مليون", "ملايين": "مليارات", "مليارات": "ملايين"}
EN_WORDS = {w: v for v, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
            if v >= 2}
EN_WORDS.update({"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
AR_WORDS = {"اثنان": 2, "اثنين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6,
            "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
            "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "أربعين": 40, "خمسين": 50, "مئة": 100, "مائة": 100}
_EN_WORD = re.compile(r"\b(" + "|".join(EN_WORDS) + r")\b", re.I)
# An Arabic number word with its clitics (و, ب, ل, ال) but not inside a longer word.
_AR_WORD = re.compile(f"(?<![{LETTERS}])((?:و|ب|ل|ف)?(?:ال)?)(" + "|".join(sorted(AR_WORDS, key=len, reverse=True))
                      + f")(?![{LETTERS}])")


def _value(digits: str) -> float:
    return float(to_ascii_digits(digits))


def _pool(digits: str) -> str:
    return "٠١٢٣٤٥٦٧٨٩" if digits[0] in "٠١٢٣٤٥٦٧٨٩" else "0123456789"


def plant(text: str, kind: str, rng: random.Random, lang: str = "en") -> str | None:
    """text with one planted error of this kind, or None when the line has nothing to plant into."""
    if kind in ("number changed", "digit dropped or added"):
        found = list(_DIGITS.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        old = m.group()
        places = [i for i, ch in enumerate(old) if ch.isdigit()]
        pool = _pool(old)
        if kind == "number changed":  # one digit replaced: 28 -> 23, 1,417 -> 1,917
            k = rng.choice(places)
            new = old[:k] + rng.choice([d for d in pool if d != old[k] and not (k == 0 and d in "0٠")]) + old[k + 1:]
        elif len(places) > 1 and rng.random() < 0.5:  # a digit dropped: 2687 -> 267
            k = rng.choice(places)
            new = old[:k] + old[k + 1:]
        else:  # a digit added: 40 -> 400, 40 -> 470
            k = rng.choice([p + 1 for p in places])
            new = old[:k] + rng.choice(pool) + old[k:]
        if not new.strip(".٫") or _value(new.strip(".٫")) == _value(old):
            return None
        return text[:m.start()] + new + text[m.end():]
    if kind == "million <-> billion":
        found = list((_EN_SCALES if lang == "en" else _AR_SCALES).finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        old = m.group()
        new = _AR_SWAP.get(old) or {"million": "billion", "billion": "million"}[old.lower()]
        new = new.capitalize() if old[0].isupper() else new
        return text[:m.start()] + new + text[m.end():]
    if kind == "number word replaced":
        if lang == "en":
            found = list(_EN_WORD.finditer(text))
            if not found:
                return None
            m = rng.choice(found)
            old = m.group()
            new = rng.choice([w for w, v in EN_WORDS.items() if v != EN_WORDS[old.lower()]])
            new = new.capitalize() if old[0].isupper() else new
            return text[:m.start()] + new + text[m.end():]
        found = list(_AR_WORD.finditer(text))
        if not found:
            return None
        m = rng.choice(found)
        new = rng.choice([w for w, v in AR_WORDS.items() if v != AR_WORDS[m.group(2)]])
        return text[:m.start(2)] + new + text[m.end(2):]
    raise ValueError(f"unknown planting: {kind}")


SEEDS = 5  # plantings per line: one is a small sample for the rarer kinds (71 lines with a number word)


def catch_rates(src: list[str], hyp: list[str], seeds=range(SEEDS),
                sides=("en", "ar")) -> dict[tuple[str, str], tuple[int, int]]:
    """{(side, planting): (caught, planted)}: for each seed, one error planted into each line that has
    something to plant into.

    English side: into each English line that is not flagged as it is, checked against its Arabic
    line. Arabic side: into each Arabic line, checked against the line as it was (a bullet
    against its source sentence).
    """
    rates = {}
    hyp = [html.unescape(en) for en in hyp]  # plant into "39", never into "&#39;"
    source = [arabic_mentions(ar) for ar in src]  # each Arabic line is read once, not once per planting
    clean = [not number_flags(english_mentions(en), said, "English", "the Arabic line")
             for said, en in zip(source, hyp)]
    for side in sides:
        for kind in PLANTINGS:
            caught = planted = 0
            for seed, n in itertools.product(seeds, range(1, len(src) + 1)):
                ar, en, ok, said = src[n - 1], hyp[n - 1], clean[n - 1], source[n - 1]
                rng = random.Random(f"{seed}:{side}:{kind}:{n}")
                if side == "en":
                    bad = plant(en, kind, rng, "en") if ok else None
                    if bad is None:
                        continue
                    found = number_flags(english_mentions(bad), said, "English", "the Arabic line")
                else:
                    bad = plant(ar, kind, rng, "ar")
                    if bad is None:
                        continue
                    found = number_flags(arabic_mentions(bad), said, "the Arabic line", "its source")
                planted += 1
                caught += bool(found)
            rates[(side, kind)] = (caught, planted)
    return rates


# --------------------------------------------------------------------------- RESULTS.md

def _published(hyp_path: Path, n_lines: int) -> dict[str, list[str]]:
    from eval.translation import published_systems

    found = {}
    for name, path in published_systems(hyp_path, hyp_path.parent, []).items():
        lines = read_lines(path, "system output")
        if len(lines) == n_lines:
            found[name] = lines
    return found


def _row(name: str, src: list[str], hyp: list[str], flagged: list[tuple[int, list[str]]] | None = None) -> list[str]:
    flagged = audit(src, hyp)[0] if flagged is None else flagged
    lines = {n for n, _ in flagged}
    odd, even = range(1, len(src) + 1, 2), range(2, len(src) + 1, 2)
    return [name, f"{len(lines)} of {len(src)}", share(len(lines), len(src)),
            share(len(lines.intersection(odd)), len(odd)), share(len(lines.intersection(even)), len(even))]


def figures(src: list[str], hyp: list[str], hyp_path: Path, flagged: list[tuple[int, list[str]]],
            seed: int) -> str:
    """The two tables: lines flagged (checked file and published systems, halves apart), planted errors caught."""
    published = _published(hyp_path, len(src))
    rows = [_row(f"{hyp_path.name} (checked)", src, hyp, flagged)]
    rows += [_row(f"published: {name}", src, lines) for name, lines in published.items()]
    seeds = range(seed, seed + SEEDS)
    sides = {"en": f"English ({hyp_path.name}) vs its Arabic line", "ar": "Arabic line vs its source"}
    plants = [[sides[side], kind, f"{c} of {p}", share(c, p)]
              for (side, kind), (c, p) in catch_rates(src, hyp, seeds).items()]
    # The same plantings into each published system's English: the catch rate does not hang on one translation.
    per_system = []
    for name, lines in published.items():
        rates = catch_rates(src, lines, seeds, sides=("en",))
        per_system.append([f"published: {name}"] + [f"{c} of {p} ({share(c, p)})"
                                                     for (c, p) in (rates[("en", kind)] for kind in PLANTINGS)])
    tables = ["Lines flagged (numbers, translation loops, Arabic script in the English)", "",
              markdown_table(["translation", "lines flagged", "share", "odd lines", "even lines"], rows),
              "", f"Planted errors caught (one per line and seed, seeds {seed}-{seed + SEEDS - 1})", "",
              markdown_table(["checked", "planted error", "caught", "share"], plants)]
    if per_system:
        tables += ["", "Planted errors caught in each published system's English (vs its Arabic line, same seeds)", "",
                   markdown_table(["translation", *PLANTINGS], per_system)]
    return "\n".join(tables)


NOTES = """Notes: each English line is checked against its own Arabic line: every number the English
states must be supported by a value of the Arabic line. Numbers are compared as values (`30 ألف` =
`30,000`, `1.5 مليون` = `1.5 million`; `2 مليار` does not support `2 million`, nor `5` support
`-5`). Numbers the Arabic states and the English leaves out are not flagged. Readings guessed from
grammar only support, never need support: an Arabic dual by its ending (`هدفين` supports `2`),
`أحد`/`أول`/`ثاني`, English `one` and `first`. Tolerances: values must be equal, except that after
`about`, `around`, `nearly`, `roughly`... an English number may round the Arabic one to the
precision it is written with (`about 30,000` for 29,800, not `about 40,000`); `more than`, `at
least` are bounds, not approximations. Numbers are counted: each value of an Arabic number supports one
English number (`3:2` does not support `3:3`, nor `0 أو 1` `1 or 1`), but a number restated inside the
same name (`KV62 ... KV62`) is one. A month's name is a month (`تموز`, `يوليو`: July), never a day or a
count; a number before a month's name (`4 تموز`, `السادس من يوليو`) and the day of `July 7` or `7 July` are
days, matched only with days; the parts of `9/11` may be either. A decade (`1970s`) is supported by a year
in it; a year is not supported by a decade. A century supports its own forms (`the 1800s`, `the 19th
century`), not a decade in it (`the 1810s`), and a decade of a stated century is not that decade of
another (`ثلاثينيات القرن التاسع عشر` is not `the 1930s`). Loose quantities (`thousands`, `عشرات`)
support loose claims that overlap them, never an exact number; a loose count times a scale is one
(`عدة ملايين`, `several million`, `a few hundred thousand`). A dual is read by its ending, feminine ones at any length (`المجموعتين`). A dash
before a number with a closing dash after it (`-29 عاماً-`) opens an aside: the number is read with and
without a sign. Clock times compare as times (am/pm when stated, `10:08 م`, `22:08`); a colon group
with seconds (`4:41.30`, `2:04:55`) is a duration, compared in seconds (in the Arabic, its parts also
support the same time said in words). "odd"/"even" split
the lines in two halves. Planted errors: one per line and seed, into the English lines that have
something to plant into and are not flagged as they are (checked against their Arabic line), and
into the Arabic lines (checked against the line as it was: a bullet against its source sentence)."""


def results_section(src_path: Path, hyp_path: Path, lines: int, tables: str, spent: dict, argv) -> str:
    return "\n".join([
        f"## Faithfulness: number checks on {hyp_path.name}", "",
        f"- Source: `{src_path}`; checked: `{hyp_path}`; {lines} lines",
        f"- Date: {today()}", f"- Command: `{command_line(argv)}`", "", tables, "",
        f"Average check time in this run: {timing(spent, lines)}.", "", NOTES])
