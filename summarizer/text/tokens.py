"""Arabic word tokens and light stemming, on the normalized form (numbers as values: text/numbers/)."""
from __future__ import annotations

import re

from .lexicon import TOKEN_LETTERS
from .normalize import normalize

# Arabic letters (after normalization), Latin words and numbers are separate tokens,
# so "الـ14" gives "ال" + "14" and "2017م" gives "2017" + "م".
_TOKEN = re.compile(rf"[{TOKEN_LETTERS}]+|[A-Za-z]+|\d+(?:[.,]\d+)*")
_ARABIC_LETTER = re.compile(f"[{TOKEN_LETTERS}]")
_LETTER = re.compile(r"[^\W\d_]")

# Longest first, so "وال" is tried before "و".
_PREFIXES = ("وبال", "وكال", "فبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ك", "ل")
_SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "ية", "يه", "ه", "ي")

# Common function words (normalized form); kept small and predictable.
STOPWORDS = frozenset("""
في من الي علي عن مع ان او ثم حتي قد لقد لا لم لن ما ماذا هل كان كانت يكون تكون وكان وكانت
هذا هذه ذلك تلك هو هي هم هن نحن انت انا الذي التي الذين اللذين اللتين كل بعض غير بين عند
عندما بعد قبل خلال حول ضد منذ الا اما اذا لكن بل كما ايضا حيث اي و ف ب ل ك ال له لها لهم به
بها بهم فيه فيها منه منها عليه عليها اليه اليها وفي ومن والي وعلي وعن ومع وان وقد ولا وهو وهي
""".split())


def tokenize(text: str) -> list[str]:
    """Normalized word and number tokens."""
    return _TOKEN.findall(normalize(text))


def light_stem(token: str) -> str:
    """Strip one clitic prefix and one suffix, keeping at least 3 letters."""
    if not _ARABIC_LETTER.match(token):
        return token
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            token = token[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)]
            break
    return token


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stopwords: the unit of sentence similarity."""
    return [light_stem(t) for t in tokenize(text) if t not in STOPWORDS and len(t) > 1]


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _ARABIC_LETTER.match(ch)) / len(letters)


def arabic_letters(text: str) -> int:
    """How many Arabic letters the text holds."""
    return len(_ARABIC_LETTER.findall(text))
