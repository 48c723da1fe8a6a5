"""Arabic duals read by their ending (هدفين, ساعتين, المجموعتين, دولتي): 2, as evidence only."""
from __future__ import annotations

from functools import lru_cache

from .arabic_words import AL, NO_MARKS, Token
from .modifiers import with_half
from .values import Mention, point

_DUAL_STOP = {"بين", "حين", "الذين", "اللذين", "اللتين", "كان", "مكان", "الان", "اين", "لكن", "سنين", "ميدان",
              "عنوان", "ايمان", "انسان", "بيان", "لسان", "زمان", "ميزان", "سكان", "قانون", "سلطان", "شيطان",
              "ديوان", "بستان", "بركان", "الوان", "اخوان", "جيران", "نيران", "عمان", "ايران", "لبنان", "سودان",
              "يابان", "يونان", "تين", "طين", "دين", "تشرين", "نيسان", "حزيران", "التي", "اللتي", "حتي", "اخرين",
              "اخران"}


def arabic_dual(toks: list[Token], i: int) -> Mention | None:
    """The dual at token i, with "ونصف" after it (ساعتين ونصف) as one more reading."""
    tok = toks[i]
    if not is_dual(tok.key, tok.text):
        return None
    return Mention(tok.text, with_half(toks, i + 1, (point(2.0),)), weak=True, gloss="2")


@lru_cache(maxsize=16384)
def is_dual(key: str, text: str) -> bool:
    """A dual by its ending: a guess (plurals end so too), hence evidence only."""
    definite = key.startswith(AL)
    forms = [key[len(p):] for p in (*AL, "و", "ب", "ف", "ل", "ك") if key.startswith(p)]
    forms += [] if definite else [key]
    if any(f in _DUAL_STOP for f in (key, *forms)):
        return False
    # "يين" is mostly a plural (الفلسطينيين), unless the yeh is a hamza seat (شيئين).
    nisba = key.endswith(("يين", "يان")) and not text.translate(NO_MARKS).endswith(("ئين", "ئان"))
    return any(_dual_form(f, nisba, definite) for f in forms)


def _dual_form(form: str, nisba: bool, definite: bool) -> bool:
    stem = form[:-2]
    if len(stem) < 3:
        return False
    if form.endswith(("تين", "تان")) or form.endswith("تي") and not definite:
        return True  # feminine, any length (المجموعتين): its plural ends in ات; "دولتي" is a construct dual
    # Masculine: a sound plural ends the same way (اللاعبين); kept, since a dual missed is a false flag.
    return len(stem) <= 6 and form.endswith(("ين", "ان")) and not nisba
