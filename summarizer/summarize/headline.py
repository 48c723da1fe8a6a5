"""Headline writing by compressing a lead sentence: clean deletions only, chosen by learned word weights.

A candidate headline is the sentence with a prefix removed (a dateline or byline, an
attribution frame `قال ... إن`, a support verb `تمكنت الشرطة من`, a fronted adverbial),
cut at a clean end (a comma, before a preposition, a relative pronoun, an attribution
tail, a time phrase or a second conjunct), with optional inner spans deleted (time
phrases, short comma-delimited asides). It never cuts inside a word, a quote or
brackets (save a quote that the frame opens, then shown behind `الجهة:` without its
marks), never ends on a preposition or on a verb that needs one (`لم يحصلوا`), and
is never an attribution frame alone (`قال المتحدث باسم الوزارة`); names and construct
phrases (idafa) stay whole.

A reporting frame with its speaker (`أعلنت وزارة الدفاع أن [...]`, `قال ترامب إنه [...]`,
`أكدت الهند [مقتل ...]`) also gives the title form `وزارة الدفاع: [...]`; a candidate that
opens with a reporting verb or an attribution opener is dropped when another does without.

Each word of the sentence gets a probability of surviving into a real headline, from
a logistic model learned on (lead, headline) pairs (see eval/train_scorer.py); the
candidate with the highest expected ROUGE-1 F, 2 * sum(p) / (words + L), wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from ..text.sentences import cut_at_clause
from ..text.tokens import STOPWORDS, light_stem
from .clauses import (
    ATTRIBUTION_TAILS,
    COMPLEMENTIZERS,
    END_KINDS,
    PREPOSITIONS,
    PRONOUN_COMPLEMENTIZERS,
    QUOTE_MARKS,
    RELATIVES,
    SPEECH_NOUNS,
    SUPPORT_PREPOSITIONS,
    SUPPORT_VERB,
    TIME_WORDS,
    Word,
    asides,
    cuts_inside,
    dateline_end,
    enclosed,
    end_kind,
    ends_with,
    render,
    report_verb,
    time_spans,
    words_of,
)
from .frames import opens_with_frame, read_frame

MIN_WORDS = 4
MIN_CLAIM = 2  # after its speaker: السلطات التركية تنفي [صحة التقارير]
# A headline leaves out at least a tenth of its sentence, so that sentence, as a bullet, adds to it.
MAX_SHARE = 0.9
MAX_PREFIX = 15  # an attribution frame closes within this many words
MAX_OPTIONAL = 3  # inner deletions tried per candidate
MAX_SOURCE = 4  # a speaker kept before a colon: وزارة الدفاع الروسية
START_KINDS = ("lead", "frame", "support", "adverbial", "source")


@dataclass(frozen=True)
class Candidate:
    kept: tuple[int, ...]
    text: str
    start: str  # one of START_KINDS
    end: str  # one of END_KINDS
    deletions: int


def _starts(words: Sequence[Word], first: int) -> dict[int, str]:
    n = len(words)
    window = range(first + 1, min(n, first + MAX_PREFIX))
    starts = {first: "lead"}
    # After a support-verb frame, at the event itself: تمكنت الوحدات الأمنية من [القبض على ...]
    if SUPPORT_VERB.match(words[first].key):
        starts.update({i + 1: "support" for i in window if words[i].key in SUPPORT_PREPOSITIONS})
    # After an announcement's frame: أعلنت الشركة عن [إطلاق هاتف جديد]
    if report_verb(words[first].text):
        starts.update({i + 1: "support" for i in window if words[i].key == "عن"})
    # After a fronted adverbial: في حكم تاريخي، [قررت المحكمة ...]
    if words[first].key in PREPOSITIONS or words[first].key in TIME_WORDS:
        starts.update({i + 1: "adverbial" for i in range(first, min(n, first + MAX_PREFIX))
                       if ends_with(words[i], "،,")})
    # After a frame that ends in إن/أن: قال المتحدث إن [...] | توصلت دراسة إلى أن [...] | ... قوله [...]
    starts.update({i + 1: "frame" for i in window if words[i].key in COMPLEMENTIZERS | SPEECH_NOUNS})
    return {a: kind for a, kind in starts.items()
            if a < n and words[a].key and words[a].key not in PREPOSITIONS | COMPLEMENTIZERS}


def _frame_only(words: Sequence[Word], kept: Sequence[int]) -> bool:
    """An attribution frame without what was said: قال المتحدث باسم الوزارة | نقلت الوكالة عن مصدر قوله."""
    if report_verb(words[kept[0]].text) is None:
        return False
    return not any(words[k].key in COMPLEMENTIZERS or ends_with(words[k], ":") or words[k].text[:1] in QUOTE_MARKS
                   for k in kept[1:])


def _reported_quote(words: Sequence[Word], spans: list[tuple[int, int]], claim: int):
    """A claim that is a quotation opened by its frame (قال الوزير "إن [...]): the words without that
    quote's marks and the quote's span, or None.

    Behind `الجهة:` a title may give the start of what was said, without the marks.
    """
    span = next(((i, j) for i, j in spans if i in (claim - 1, claim) and words[i].text[:1] in QUOTE_MARKS
                 and (i == claim or words[i].key in COMPLEMENTIZERS | PRONOUN_COMPLEMENTIZERS)), None)
    if span is None:
        return None
    shown = list(words)
    i, j = span
    shown[i] = replace(words[i], text=words[i].text.lstrip(QUOTE_MARKS))
    shown[j] = replace(shown[j], text=re.sub(f"[{QUOTE_MARKS}]([^{QUOTE_MARKS}]*)$", r"\1", shown[j].text))
    return shown, span


def candidates(words: Sequence[Word], max_words: int, first: int = 0) -> list[Candidate]:
    """Clean compressions of a sentence, from word `first` on (after a dateline)."""
    n = len(words)
    spans = enclosed(words)
    times = time_spans(words)
    inside_time = {k for i, j in times for k in range(i + 1, j)}

    def cuts(spans: Sequence[tuple[int, int]]) -> dict[int, str]:
        """Where a candidate may end (word index after its last), and how."""
        ends = {j: kind for j in range(first + 1, n)
                if (kind := end_kind(words, j)) and not cuts_inside(spans, j) and j not in inside_time}
        return {**ends, n: "stop"}

    ends = cuts(spans)
    optional = sorted(span for span in set(times) | set(asides(words))
                      if not cuts_inside(spans, span[0]) and not cuts_inside(spans, span[1]))
    out: dict[tuple[int, ...], Candidate] = {}
    starts = [(a, kind, (), "", words, spans, ends) for a, kind in sorted(_starts(words, first).items())]
    frame = read_frame(words, first)
    prefix = frame.title_prefix(words) if frame else None
    if prefix:  # the speaker first: `الجهة: الخبر` or `الجهة تعلن ...`; the claim may open with عن or a quote
        starts.append((frame.claim, "source", frame.speaker, prefix, words, spans, ends))
        quote = _reported_quote(words, spans, frame.claim)
        if quote:  # a whole quote keeps its marks (the start above); a cut inside it shows none
            said, span = quote
            unquoted = [s for s in spans if s != span]
            starts.append((frame.claim, "source", frame.speaker, prefix, said, unquoted, cuts(unquoted)))
    for a, start, speaker, prefix, shown, enclosing, stops in starts:
        if cuts_inside(enclosing, a) or words[a].key in COMPLEMENTIZERS or (
                start != "source" and words[a].key in PREPOSITIONS):
            continue
        for b, end in stops.items():
            if b - a < (MIN_CLAIM if speaker else MIN_WORDS):
                continue
            inner = [(i, j) for i, j in optional if a < i and j < b][:MAX_OPTIONAL]
            for mask in range(1 << len(inner)):
                dropped = [span for bit, span in enumerate(inner) if mask >> bit & 1]
                drop = {k for i, j in dropped for k in range(i, j)}
                claim = tuple(k for k in range(a, b) if k not in drop)
                kept = speaker + claim
                if not MIN_WORDS <= len(kept) <= min(max_words, int(MAX_SHARE * (n - first))) or kept in out:
                    continue
                last = words[kept[-1]]
                closes_quote = last.text.rstrip(".،,؛:!?")[-1:] in QUOTE_MARKS  # a whole quote may end on any word
                if not closes_quote and (last.key in PREPOSITIONS | COMPLEMENTIZERS | RELATIVES or last.key in STOPWORDS):
                    continue
                if start not in ("frame", "source") and _frame_only(words, kept):
                    continue
                text = render(shown, claim)
                if prefix:
                    text = f"{prefix} {text}"
                out[kept] = Candidate(kept, text, start, end, len(dropped))
    # A title does not open with a reporting frame: drop those when another candidate does without one.
    unframed = [c for c in out.values() if c.start == "source" or not opens_with_frame(words, c.kept)]
    return unframed or list(out.values())


WORD_FEATURES = (
    "rel_position", "is_first", "log_position", "in_frame", "stopword", "preposition", "complementizer",
    "relative", "attribution_tail", "time_phrase", "aside", "digit", "latin", "in_quote", "in_parentheses",
    "after_comma", "log_doc_freq", "doc_share", "length", "definite", "report_verb",
)


def word_features(words: Sequence[Word], first: int, doc_freq: dict[str, int], n_sentences: int,
                  stem) -> np.ndarray:
    """One row per word: where it is, what kind of word it is, and how often the article repeats it."""
    n = len(words)
    frame_end = next((i for i in range(first + 1, min(n, first + MAX_PREFIX)) if words[i].key in COMPLEMENTIZERS), -1)
    in_time = {k for i, j in time_spans(words) for k in range(i, j)}
    in_aside = {k for i, j in asides(words) for k in range(i, j)}
    rows = []
    quote = paren = comma = 0
    for j, w in enumerate(words):
        in_quote = quote % 2 == 1 or w.text[:1] in QUOTE_MARKS
        in_paren = paren > 0 or w.text.startswith("(")
        quote += sum(w.text.count(q) for q in QUOTE_MARKS)
        paren = max(0, paren + w.text.count("(") - w.text.count(")"))
        key = w.key
        df = doc_freq.get(stem(key), 0) if key and key not in STOPWORDS else 0
        rows.append((
            j / n, j == first, np.log1p(max(0, j - first)), first <= j < frame_end,
            key in STOPWORDS, key in PREPOSITIONS, key in COMPLEMENTIZERS, key in RELATIVES,
            key in ATTRIBUTION_TAILS, j in in_time, j in in_aside, any(c.isdigit() for c in key),
            bool(re.search(r"[A-Za-z]", key)), in_quote, in_paren, comma > 0,
            np.log1p(df), df / max(1, n_sentences), min(len(key), 10) / 10, key.startswith(("ال", "وال", "بال", "لل")),
            j <= first + 1 and report_verb(w.text) is not None,
        ))
        comma += ends_with(w, "،,")
    return np.array(rows, dtype=float).reshape(n, len(WORD_FEATURES))


# What a candidate headline is, for the ranker: its expected ROUGE-1 F under the word model, its word
# probabilities' mass and mean, its length, deletions and share of the sentence, how it starts and ends.
CANDIDATE_FEATURES = ("expected_f", "mass", "mean_p", "words", "words_squared", "deletions", "share",
                      *(f"start_{k}" for k in START_KINDS), *(f"end_{k}" for k in END_KINDS))


def candidate_features(candidates: Sequence[Candidate], p: np.ndarray, length_prior: float) -> np.ndarray:
    """One row of CANDIDATE_FEATURES per candidate; p: each word's probability of surviving into the title."""
    rows = []
    for c in candidates:
        k, mass = len(c.kept), float(p[list(c.kept)].sum())
        rows.append([2 * mass / (k + length_prior), mass, mass / k, k, k * k / 100, c.deletions, k / len(p),
                     *(c.start == s for s in START_KINDS), *(c.end == e for e in END_KINDS)])
    return np.array(rows, dtype=float).reshape(len(candidates), len(CANDIDATE_FEATURES))


@dataclass(frozen=True)
class WordModel:
    """Logistic weights over WORD_FEATURES; L, the expected headline length term; and the ranker's
    linear weights over CANDIDATE_FEATURES (fitted on candidates' ROUGE against real titles), which
    picks among the candidates. Without a ranker, the highest expected ROUGE-1 F wins."""
    coef: np.ndarray
    intercept: float
    length_prior: float
    rank: np.ndarray | None = None

    def keep_probability(self, features: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(features @ self.coef + self.intercept)))

    def scores(self, candidates: Sequence[Candidate], p: np.ndarray) -> np.ndarray:
        features = candidate_features(candidates, p, self.length_prior)
        return features[:, 0] if self.rank is None else features @ self.rank


def first_story_word(words: Sequence[Word], text: str) -> int:
    """Index of the first word after a dateline or byline (0 when there is none)."""
    cut = dateline_end(text)
    return next((i for i, w in enumerate(words) if w.start >= cut), 0) if cut else 0


@dataclass(frozen=True)
class HeadlineOptions:
    """The clean compressions of a lead and its word features; `fallback` when none fits."""
    candidates: list[Candidate]
    features: np.ndarray
    fallback: str

    def best(self, model: WordModel, max_words: int | None = None) -> str:
        """The best-ranked candidate of at most max_words words where any candidate is that short."""
        return self.best_candidate(model, max_words)[0]

    def pool(self, max_words: int | None) -> list[Candidate]:
        return [c for c in self.candidates if max_words is None or len(c.kept) <= max_words] or self.candidates

    def best_candidate(self, model: WordModel, max_words: int | None = None) -> tuple[str, tuple[int, ...]]:
        """(text, kept word indices) of the best candidate; the fallback keeps no indices."""
        pool = self.pool(max_words)
        if not pool:
            return self.fallback, ()
        best = pool[int(np.argmax(model.scores(pool, model.keep_probability(self.features))))]
        return best.text, best.kept


def headline_options(text: str, doc_freq: dict[str, int], n_sentences: int, max_words: int) -> HeadlineOptions:
    words = words_of(text)
    if not words:
        return HeadlineOptions([], np.zeros((0, len(WORD_FEATURES))), "")
    first = first_story_word(words, text)
    return HeadlineOptions(candidates(words, max_words, first),
                           word_features(words, first, doc_freq, n_sentences, light_stem),
                           cut_at_clause(text[words[first].start:], max_words))
