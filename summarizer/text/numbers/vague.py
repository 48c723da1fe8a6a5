"""Loose quantities: "thousands", "dozens", "tens of thousands", "several million", "a few hundred",
"آلاف", "عشرات الآلاف", "عدة ملايين". A vague value supports only loose claims that overlap it."""
from __future__ import annotations

from .arabic_words import VAGUE_BEFORE_SCALE, VAGUE_GLOSS, Token
from .values import SIZE_NAMES, Kind, Mention, Value

# "dozens", "hundreds", ...; "tens" only in "tens of thousands".
EN_VAGUE = {"dozens": (24.0, 144.0), "hundreds": (200.0, 1e3), "thousands": (2e3, 1e6),
            "millions": (2e6, 1e9), "billions": (2e9, 1e12), "tens": (20.0, 100.0)}
_EN_VAGUE_BASE = {"tens": 10, "dozens": 12, "hundreds": 100}
_EN_VAGUE_SIZE = {"hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
# A loose count before a multiplier: "several million", "a few hundred", "a couple of thousand".
EN_FEW = {"several": (2.0, 10.0), "few": (2.0, 10.0), "couple": (2.0, 3.0), "many": (2.0, 1e3),
          "numerous": (2.0, 1e3), "multiple": (2.0, 1e2)}
_EN_FEW_SIZES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}


def loose(lo: float, hi: float) -> Value:
    return Value(Kind.NUMBER, lo, hi, vague=True)


def vague_follows(tokens, i: int) -> bool:
    return i + 2 < len(tokens) and tokens[i + 1][0].lower() == "of" and tokens[i + 2][0].lower() in _EN_VAGUE_SIZE


def is_english_vague(tokens, i: int) -> bool:
    first = tokens[i][0].lower()
    return first in EN_VAGUE and first != "tens" or first == "tens" and vague_follows(tokens, i)


def english_vague(text: str, tokens, i: int, out: list[Mention]) -> int:
    """ "thousands", "dozens", "tens of thousands", "hundreds of millions"."""
    word = tokens[i][0].lower()
    lo, hi = EN_VAGUE[word]
    stop = tokens[i][2]
    if word in _EN_VAGUE_BASE and vague_follows(tokens, i):
        base = _EN_VAGUE_BASE[word] * _EN_VAGUE_SIZE[tokens[i + 2][0].lower()]
        lo, hi = base, base * 10
        stop = tokens[i + 2][2]
    out.append(Mention(text[tokens[i][1]:stop], (loose(lo, hi),)))
    return stop


def english_few(text: str, tokens, i: int, out: list[Mention]) -> int | None:
    """ "several million", "a few hundred thousand", "a couple of thousand": a loose count times its sizes."""
    j = i + 1 if tokens[i][0].lower() == "a" else i
    if j >= len(tokens) or tokens[j][0].lower() not in EN_FEW:
        return None
    lo, hi = EN_FEW[tokens[j][0].lower()]
    j += 1
    if j < len(tokens) and tokens[j][0].lower() == "of":
        j += 1
    size, k, end = 1.0, j, None
    while k < len(tokens):
        if k > j and tokens[k][0].lower() == "of" and k + 1 < len(tokens):
            k += 1  # "several hundreds of thousands"
        if text[tokens[k - 1][2]:tokens[k][1]].strip() not in ("", "-") \
                or not _EN_FEW_SIZES.get(tokens[k][0].lower().removesuffix("s")):
            break
        size *= _EN_FEW_SIZES[tokens[k][0].lower().removesuffix("s")]
        end, k = tokens[k][2], k + 1
    if end is None:
        return None
    out.append(Mention(text[tokens[i][1]:end], (loose(lo * size, hi * size),)))
    return end


def arabic_bare_plural(tok: Token, entry: tuple | None, stem: str) -> Mention | None:
    """A plural scale word alone: "آلاف", "ملايين"."""
    if entry and entry[0] == "scales":
        return Mention(tok.text, (loose(2 * entry[1], 1000 * entry[1]),), gloss=VAGUE_GLOSS.get(stem, ""))
    return None


def arabic_vague(text: str, toks: list[Token], i: int, j: int, span: tuple[float, float], scale: float | None,
                 first_stem: str) -> Mention | None:
    """A loose count read in tokens i..j, times its scale word if any: "عشرات الآلاف", "عدة ملايين", "بضع"."""
    if first_stem in VAGUE_BEFORE_SCALE and not scale:
        return None  # "عدة مرات": several times, no number
    gloss = VAGUE_GLOSS.get(first_stem, "")
    if scale:
        gloss += f" of {SIZE_NAMES[scale]}s"
    return Mention(text[toks[i].start:toks[j - 1].end], (loose(*span),), gloss=gloss)
