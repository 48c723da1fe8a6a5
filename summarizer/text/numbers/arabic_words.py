"""Arabic words as the number reader sees them: tokens with a matching form, and the table of number words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..lexicon import MARKS, QURANIC_MARKS, TOKEN_LETTERS, VOWEL_MARKS, characters
from ..normalize import TATWEEL, to_ascii_digits

# The matching form of a word: no diacritics or tatweel, one alef, yeh and teh marbuta
# (the forms of normalize.normalize, applied per word so that offsets are kept).
AR_KEY = str.maketrans({**dict.fromkeys(characters(MARKS + TATWEEL)),
                         "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})
NO_MARKS = str.maketrans(dict.fromkeys(characters(VOWEL_MARKS + TATWEEL)))
AR_TOKEN = re.compile(f"[{TOKEN_LETTERS}{VOWEL_MARKS}{QURANIC_MARKS}]+" r"|\d+(?:[.,٫٬]\d+|،\d{3}(?!\d))*|[A-Za-z]+|"
                      r"[%٪:\-−–+/]")

# The kinds of entry in the word table: unit, ordinal, tens, hundred, hundreds, scale, scale2 (dual),
# scales (plural), vague (lo, hi), decade, zero, weak (readings; evidence only), month (its number).
EntryKind = Literal["unit", "ordinal", "tens", "hundred", "hundreds", "scale", "scale2", "scales", "vague", "decade",
                    "zero", "weak", "month"]


def _lexicon() -> dict[str, tuple]:
    """Matching form -> (EntryKind, value)."""
    lex: dict[str, tuple] = {}

    def add(kind: EntryKind, value, words: str) -> None:
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
    # Month names: months, never days or counts (dates.py). آب (August) is read only after a day
    # (DAY_MONTHS): it is also "father", and "باب" (door) would read as ب + آب.
    for month, words in enumerate(("يناير", "فبراير شباط", "مارس اذار", "ابريل نيسان", "مايو ايار",
                                   "يونيو يونيه حزيران", "يوليو يوليه تموز", "اغسطس", "سبتمبر ايلول", "اكتوبر",
                                   "نوفمبر", "ديسمبر"), 1):
        add("month", month, words)
    return lex


LEXICON = _lexicon()
_AR_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "وب", "ول", "فب",
                "فل", "وبال", "فبال", "وك")
_PREFIX_SET = frozenset(_AR_PREFIXES)
AL = ("وال", "بال", "فال", "كال", "لل", "ال")
_AR_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "ها", "نا")
# Words that read as a clitic and a number word: "لست" (I am not: ل + ست), "كمية" (quantity: ك + مية).
_NOT_NUMBERS = {"لست", "لستم", "لستن", "لسنا", "كميه", "كميات"}
# 1 and 2 as "one of", "first", "second" (also the unit of time), "Sunday": evidence only.
WEAK_STEMS = {"واحد", "واحده", "واحدا", "احد", "احدي", "اول", "اوله", "اولا", "اولي", "حادي", "حاديه",
              "ثاني", "ثانيه", "ثانيا", "ثان", "اثنا", "اثني", "اثنتا", "اثنتي"}  # اثنا: a number only before عشر
PERCENT_WORDS = {"ميه", "مايه"}
TIME_OF_DAY = {"صباحا": "a", "صباح": "a", "فجرا": "a", "فجر": "a", "مساء": "p", "مساءا": "p", "عصرا": "p",
               "عصر": "p", "ظهرا": "p", "ظهر": "p", "ليلا": None, "ليل": None}
RELATIVE_CENTURY = {"ماضي": 20, "منصرم": 20, "سابق": 20, "حالي": 21}
VAGUE_GLOSS = {"عشرات": "tens", "عده": "several", "ميات": "hundreds", "مييات": "hundreds", "بضع": "a few",
               "بضعه": "a few", "الاف": "thousands", "الوف": "thousands", "ملايين": "millions", "مليارات": "billions",
               "بلايين": "billions", "تريليونات": "trillions"}
HALF = {"ونصف", "والنصف"}
VAGUE_BEFORE_SCALE = {"عده"}  # عدة: a number only before a scale word (عدة ملايين), not in "عدة مرات"
TWO_WORD_MONTHS = {"تشرين": {"اول": 10, "ثاني": 11}, "كانون": {"اول": 12, "ثاني": 1}}
DAY_MONTHS = {"اب": 8}  # a month's name only after a day: "3 آب"


@lru_cache(maxsize=16384)  # words repeat across lines; the tables never change
def lookup(key: str) -> tuple[tuple | None, str]:
    """(lexicon entry, stem) of a word with its clitics taken off, or (None, key)."""
    if key in _NOT_NUMBERS or key[:1] in "وف" and key[1:] in _NOT_NUMBERS or strip_al(key) in _NOT_NUMBERS:
        return None, key
    entry, stem = _lookup_prefixed(key)
    if entry is None and not key.startswith(AL):
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
            entry = LEXICON.get(key[size:])
            if entry is not None:
                return entry, key[size:]
    return None, key


def strip_al(key: str) -> str:
    for prefix in AL:
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix):]
    return key


TokenKind = Literal["word", "digits", "latin", "sign"]


@dataclass(slots=True)
class Token:
    text: str
    key: str  # matching form of a word; the text itself for digits and signs
    start: int
    end: int
    kind: TokenKind


def tokens(text: str) -> list[Token]:
    out = []
    for m in AR_TOKEN.finditer(to_ascii_digits(text)):  # same length: offsets index text
        tok, ch = m.group(), m.group()[0]
        if ch.isdigit():  # "٬" and "،" between digit groups separate thousands; "," may be a decimal comma
            kind, key = "digits", tok.replace(",", "").replace("،", "") \
                if "٬" in text[m.start():m.end()] or "،" in tok else tok
        elif ch.isascii() and ch.isalpha():
            kind, key = "latin", tok.lower()
        elif ch in "%٪:-−–+/":
            kind, key = "sign", tok
        else:
            kind, key = "word", tok.translate(AR_KEY)
        out.append(Token(tok, key, m.start(), m.end(), kind))
    return out
