"""Arabic sentence and sub-headline splitting, with character offsets kept."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .lexicon import LETTER, LETTERS

_TERMINATORS = ".!?؟…"
_CLOSERS = "\"'”’»)]"
_OPEN_QUOTES = {"“": "”", "«": "»"}
# Abbreviations that end in a dot but not a sentence (Dr., Prof., Eng., p., e.g. ...).
ABBREVIATIONS = frozenset({
    "د", "م", "ص", "ج", "هـ", "ق", "أ", "ا", "ش", "س", "ت", "ع",
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "No", "Jr", "Sr", "vs", "etc", "e.g", "i.e",
})
# Era and clock marks (م AD, هـ AH, ق.م BC, ص a.m., ظ/م p.m.): after a number they end a date, and
# with their dot they may end the sentence too ("عام 1911 م. وتوفي").
_AFTER_NUMBER = frozenset({"م", "هـ", "ه", "ص", "ظ", "ق.م", "ب.م"})
# A dotted chain of one- or two-letter parts is one abbreviation: أ.د. ص.ب. ق.م. U.S.
_CHAIN = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*$")
_ARABIC = LETTER
_WORD = re.compile(r"[^\W_]")
# Dotted web names are not sentence ends: بي بي سي.كوم
_DOMAIN_PARTS = frozenset({"كوم", "نت", "اورغ", "أورغ", "com", "net", "org"})
_HEADING_MAX_WORDS = 30
# In hard-wrapped text, lines this close to the widest one were broken by the wrap, not the writer.
_WRAP_FULL = 0.8
# A quote longer than this is not one sentence (or its closer is missing): its stops split again.
MAX_QUOTE_CHARS = 400
# Longer sentence units are cut at clause boundaries, for selection and display alike.
MAX_SENTENCE_WORDS = 80
_MIN_PIECE_WORDS = 12


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offsets into the text given to split_sentences
    end: int
    section: int  # 0 for the lead; +1 after each sub-headline
    is_heading: bool = False


def _word_before(line: str, i: int) -> str:
    match = re.search(r"([^\s.]+(?:\.[^\s.]+)*)$", line[:i])
    return match.group(1) if match else ""


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
        word = _word_before(line, i)
        if word in _AFTER_NUMBER and _NUMBER_BEFORE.search(line[:i - len(word)]):
            return True  # 1911 م. / 241 هـ. / 10 ص.
        if word in ABBREVIATIONS or _CHAIN.fullmatch(word):
            return False
    return True


def _glued_start(line: str, i: int) -> bool:
    """A stop with the next sentence glued to it ("نوح.وتعني", "الخشب .فالعود"): split there too."""
    if line[i] != "." or not _ARABIC.match(line[i + 1:i + 2]):
        return False
    after = re.match(r"[^\s.،,؛:!?؟]+", line[i + 1:]).group()
    if line[i + 1 + len(after):i + 2 + len(after)] == "." or after in _DOMAIN_PARTS:
        return False  # a dotted chain: سي.إن.إن. / موقع.كوم
    before = _word_before(line, i)
    if i > 0 and line[i - 1].isspace():
        return True
    return len(before) >= 3 and "." not in before and bool(_ARABIC.search(before))


def _quote_spans(line: str) -> list[tuple[int, int]]:
    """Quoted passages whose stops don't split: an opener and the next closer within MAX_QUOTE_CHARS.

    An opener with no closer in reach (unclosed, or a reversed ”…“ pair) quotes nothing,
    so one stray mark cannot stop splitting for the rest of the line.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        closer = _OPEN_QUOTES.get(line[i]) or ('"' if line[i] == '"' else None)
        if closer:
            j = line.find(closer, i + 1, i + 1 + MAX_QUOTE_CHARS)
            if j > 0:
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


def _split_line(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences in one line; terminators inside quotes don't split."""
    spans, start, i = [], 0, 0
    quotes = iter(_quote_spans(line))
    quote = next(quotes, None)
    while i < len(line):
        while quote and quote[1] < i:
            quote = next(quotes, None)
        # Inside a quote only its final stop counts: “... سننجح.” وغادر
        if (line[i] in _TERMINATORS and _is_boundary(line, i)
                and not (quote and quote[0] < i < quote[1] and line[i + 1:quote[1]].strip(_TERMINATORS))):
            j = i + 1
            while j < len(line) and (line[j] in _TERMINATORS or line[j] in _CLOSERS):
                j += 1
            if j >= len(line) or line[j].isspace() or (j == i + 1 and _glued_start(line, i)):
                spans.append((start, j))
                start = i = j
                continue
        i += 1
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


# Where an overlong unit may be cut, best first: after ؛ or ; , after ، or , , before a word with
# the conjunction و, then anywhere between words.
_CUTS = (re.compile(r"[؛;]\s*"), re.compile(r"(?:،|,(?=\s))\s*"), re.compile(rf"\s+(?=و[{LETTERS}])"),
         re.compile(r"\s+"))


_RUN = re.compile(r"\S+")


def _cap(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut the span line[a:b] into pieces of at most MAX_SENTENCE_WORDS words at clause boundaries."""
    pieces = []
    while True:  # only the first MAX_SENTENCE_WORDS + 1 words are looked at: linear in the span, not quadratic
        words = list(itertools.islice(_RUN.finditer(line, a, b), MAX_SENTENCE_WORDS + 1))
        if len(words) <= MAX_SENTENCE_WORDS:
            break
        lowest, highest = words[_MIN_PIECE_WORDS].start(), words[MAX_SENTENCE_WORDS].start()
        cut = None
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(line, lowest, highest + 1) if lowest <= m.end() <= highest]
            if ends:
                cut = ends[-1]
                break
        cut = cut or highest
        pieces.append((a, cut))
        a = cut
    pieces.append((a, b))
    return pieces


def _is_heading(line: str, is_last: bool) -> bool:
    """A short line with no final stop, followed by more text, is a sub-headline."""
    stripped = line.strip().rstrip(_CLOSERS)
    return (not is_last and bool(stripped) and stripped[-1] not in _TERMINATORS + ":؛,،"
            and len(stripped.split()) <= _HEADING_MAX_WORDS)


def _ends_sentence(line: str) -> bool:
    return line.rstrip().rstrip(_CLOSERS)[-1:] in _TERMINATORS


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the text's lines; hard-wrapped text (a newspaper column, a PDF copy) is rejoined.

    Text is taken as wrapped when most lines that end without a stop run to nearly the
    same width; each such full line is then joined to the next one, newline and all.
    """
    # A line with no letter or digit (a rule "-----", stray marks) is no sentence.
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if _WORD.search(m.group())]
    open_lines = [len(line.strip()) for _, line in lines[:-1] if not _ends_sentence(line)]
    if len(open_lines) < 3 or len(open_lines) < 0.4 * len(lines):
        return lines
    width = max(open_lines)
    if sum(1 for n in open_lines if n >= _WRAP_FULL * width) < 0.7 * len(open_lines):
        return lines
    joined: list[tuple[int, str]] = []
    glue = False
    for offset, line in lines:
        if glue:
            start = joined[-1][0]
            joined[-1] = (start, text[start:offset + len(line)])
        else:
            joined.append((offset, line))
        glue = not _ends_sentence(line) and len(line.strip()) >= _WRAP_FULL * width
    return joined


def split_sentences(text: str) -> list[Sentence]:
    """Split on . ! ? ؟ … and newlines; ؛ and quoted passages stay inside sentences.

    Units over MAX_SENTENCE_WORDS words are cut at clause boundaries, so that no
    bullet is a whole unpunctuated page. In rejoined hard-wrapped lines a newline
    inside a sentence reads as a space (same length, so offsets still hold).
    """
    sentences: list[Sentence] = []
    lines = _lines(text)
    section = 0
    for n, (offset, line) in enumerate(lines):
        if not line.strip():
            continue
        heading = n > 0 and _is_heading(line, n == len(lines) - 1)
        if heading:
            section += 1
        for span in _split_line(line):
            for a, b in _cap(line, *span):
                lead = len(line[a:b]) - len(line[a:b].lstrip())
                trail = len(line[a:b]) - len(line[a:b].rstrip())
                if a + lead >= b - trail:
                    continue
                sentences.append(Sentence(
                    index=len(sentences), text=line[a + lead:b - trail].replace("\n", " "),
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
