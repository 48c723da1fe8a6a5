"""Is this Arabic, or another language in the Arabic script (Persian, Urdu, Kurdish, Pashto...)?

Decided by proportions, never by one letter: Arabic text may hold a few Persian letters (names,
a Persian keyboard's ی and ک), but Arabic prose is full of the article ال, of ة and of short
function words, which the other languages use little.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import SCRIPT_LETTERS

# Letters each language has and Arabic does not. Persian's پ چ ژ گ are shared by all of them, so
# Persian is named only when no other language's own letters are there.
_OWN_LETTERS = {
    "Urdu": "ٹڈڑںےۓۂۃ۔",  # ۔ is the Urdu full stop
    "Pashto": "ټډړږښګځڅېۍڼ",
    "Kurdish (Sorani)": "ێۆڵڕە",
    "Sindhi": "ڄڃڇڊڌڍڏڙڦڪڱڳڻٺٻٽٿ",
    "Uyghur": "ۇۈۋ",
}
_PERSIAN = "پچژگۀ"
# A Persian keyboard's yeh and keheh: Arabic typed on one has them everywhere, so they weigh little.
_KEYBOARD = "یک"
_SCRIPT_LETTER = re.compile(f"[{SCRIPT_LETTERS}]")
_WORD = re.compile(f"[{SCRIPT_LETTERS}]+")
# Arabic's commonest short words; none is a common word of the languages above.
_ARABIC_WORDS = frozenset("""
في على إلى الى عن أن إن ان التي الذي الذين هذا هذه ذلك تلك كان كانت قد لم لن مع بين بعد قبل
حتى عند منذ خلال حول أو ثم هو هي قال وقال كما أيضا لكن إذا وفي على عليه فيه إنه أنه وأن
""".split())
_ARABIC_PREFIXED = re.compile("^(?:[وفبكل]|وب|ول|فب|فل)?ال.{2,}$")
# Persian function words that Arabic does not use (the words written with Persian letters).
_PERSIAN_WORDS = frozenset("است این را که می های برای شده شود کرد کند خود یک آن نیز وی ها بود".split())

MIN_LETTERS = 40          # shorter texts are left to the other checks
MIN_ARABIC_MARKERS = 0.15  # share of words that are Arabic function words, ال- words or end in ة


@dataclass(frozen=True)
class ScriptLanguage:
    language: str
    evidence: str


def _arabic_marker_share(words: list[str]) -> float:
    hits = sum(1 for w in words if w in _ARABIC_WORDS or w.endswith("ة") or _ARABIC_PREFIXED.match(w))
    return hits / max(1, len(words))


def other_language(text: str) -> ScriptLanguage | None:
    """The language when an Arabic-script text is clearly not Arabic, else None."""
    letters = _SCRIPT_LETTER.findall(text)
    if len(letters) < MIN_LETTERS:
        return None
    words = _WORD.findall(text)
    markers = _arabic_marker_share(words)
    if markers >= MIN_ARABIC_MARKERS:
        return None
    counts = {lang: sum(text.count(ch) for ch in own) for lang, own in _OWN_LETTERS.items()}
    persian = sum(text.count(ch) for ch in _PERSIAN)
    keyboard = sum(text.count(ch) for ch in _KEYBOARD)
    persian_words = sum(1 for w in words if w in _PERSIAN_WORDS) / max(1, len(words))
    language, own = max(counts.items(), key=lambda item: item[1])
    n = len(letters)
    if own >= max(2, 0.003 * n):
        found = "".join(ch for ch in _OWN_LETTERS[language] if ch in text)
    elif persian >= max(2, 0.003 * n) or keyboard >= 0.02 * n or persian_words >= 0.05:
        language = "Persian"
        found = "".join(ch for ch in _PERSIAN + _KEYBOARD if ch in text)
    else:
        return None
    return ScriptLanguage(language, f"letters {' '.join(found)} and few Arabic words "
                                    f"({markers:.0%} of words are Arabic function words or ال- words)")


def not_arabic_line(text: str) -> str | None:
    """Why one line (a sentence) is not Arabic, or None: mostly Latin letters, or Persian/Urdu-like.

    For single lines, too short for `other_language`: a line with another language's letters or
    Persian function words, and almost no Arabic markers, is that language."""
    letters = re.findall(r"[^\W\d_]", text)
    script = _SCRIPT_LETTER.findall(text)
    if not letters or len(script) < 0.5 * len(letters):
        return "not in the Arabic script"
    words = _WORD.findall(text)
    if len(words) < 3 or _arabic_marker_share(words) >= MIN_ARABIC_MARKERS:
        return None
    own = sum(text.count(ch) for letters_ in _OWN_LETTERS.values() for ch in letters_)
    persian = sum(text.count(ch) for ch in _PERSIAN)
    persian_words = sum(1 for w in words if w in _PERSIAN_WORDS)
    if own + persian >= 1 or persian_words >= 2:
        return "another language in the Arabic script (Persian, Urdu...)"
    return None
