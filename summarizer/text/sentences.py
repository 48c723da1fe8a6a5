"""Arabic sentence and sub-headline splitting, with character offsets kept."""
from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINATORS = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_OPEN_QUOTES = {"“": "”", "«": "»"}
# Abbreviations that end in a dot but not a sentence (Dr., Prof., Eng., p., e.g. ...).
ABBREVIATIONS = frozenset({
    "د", "م", "ص", "ج", "هـ", "ق", "أ", "ا", "ش", "س", "ت", "ع",
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "No", "Jr", "Sr", "vs", "etc", "e.g", "i.e",
})
_HEADING_MAX_WORDS = 30


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offsets into the text given to split_sentences
    end: int
    section: int  # 0 for the lead; +1 after each sub-headline
    is_heading: bool = False


def _is_boundary(line: str, i: int) -> bool:
    """Is the terminator at line[i] a sentence end?"""
    ch = line[i]
    prev = line[i - 1] if i > 0 else ""
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if ch == "." and prev.isdigit() and nxt.isdigit():
        return False  # 4.5, 12.09.2017
    if ch == "." and nxt == ".":
        return False  # part of "..."
    if ch == ".":
        word = re.search(r"([^\s.]+(?:\.[^\s.]+)*)$", line[:i])
        if word and word.group(1) in ABBREVIATIONS:
            return False
    return True


def _split_line(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences in one line; terminators inside open quotes don't split."""
    spans, start, depth, i = [], 0, 0, 0
    closing = set(_OPEN_QUOTES.values())
    while i < len(line):
        ch = line[i]
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in closing:
            depth = max(0, depth - 1)
        elif ch in _TERMINATORS and depth == 0 and _is_boundary(line, i):
            j = i + 1
            while j < len(line) and (line[j] in _TERMINATORS or line[j] in _CLOSERS):
                j += 1
            if j >= len(line) or line[j].isspace():
                spans.append((start, j))
                start = i = j
                continue
        i += 1
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def _is_heading(line: str, is_last: bool) -> bool:
    """A short line with no final stop, followed by more text, is a sub-headline."""
    stripped = line.strip().rstrip(_CLOSERS)
    return (not is_last and bool(stripped) and stripped[-1] not in _TERMINATORS + ":؛,،"
            and len(stripped.split()) <= _HEADING_MAX_WORDS)


def split_sentences(text: str) -> list[Sentence]:
    """Split on . ! ? ؟ … and newlines; ؛ and quoted passages stay inside sentences."""
    sentences: list[Sentence] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    section = 0
    for n, (offset, line) in enumerate(lines):
        if not line.strip():
            continue
        heading = n > 0 and _is_heading(line, n == len(lines) - 1)
        if heading:
            section += 1
        for a, b in _split_line(line):
            lead = len(line[a:b]) - len(line[a:b].lstrip())
            trail = len(line[a:b]) - len(line[a:b].rstrip())
            sentences.append(Sentence(
                index=len(sentences), text=line[a + lead:b - trail],
                start=offset + a + lead, end=offset + b - trail,
                section=section, is_heading=heading))
    return sentences


_CLAUSE = re.compile(r"[،,؛;:]\s|\s(?:و?حيث|و?الذي|و?التي|وذلك|مشير[ةا]?|في حين)\s")
_PHRASE = re.compile(r"\s(?:من|في|فى|على|إلى|الى|عن|خلال|بعد|إثر|منذ|مع|ضد)\s")
_MIN_HEAD_WORDS = 6


def _close_quotes(text: str) -> str:
    """Drop a quote mark left open by a cut."""
    for opening, closing in _OPEN_QUOTES.items():
        if text.count(opening) > text.count(closing):
            i = text.rfind(opening)
            text = (text[:i] + text[i + 1:]).replace("  ", " ").strip()
    return text


def cut_at_clause(text: str, max_words: int) -> str:
    """Shorten to at most max_words: at a clause boundary, else before a prepositional phrase."""
    text = text.strip()
    words = text.split()
    if len(words) <= max_words:
        return text.rstrip(" .،,؛")
    limit = len(" ".join(words[:max_words]))
    for pattern in (_CLAUSE, _PHRASE):
        cuts = [m.start() for m in pattern.finditer(text)
                if m.start() <= limit and len(text[:m.start()].split()) >= _MIN_HEAD_WORDS]
        if cuts:
            return _close_quotes(text[:cuts[-1]].rstrip(" .،,؛:"))
    return _close_quotes(text[:limit].rstrip(" .،,؛:"))
