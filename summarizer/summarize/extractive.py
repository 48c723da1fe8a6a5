"""The offline default: a learned sentence scorer, section coverage, news-aware trimming, a compressed lead.

Sentences are scored by a small logistic model (weights in scorer.json, fitted by
`python -m eval.train_scorer` on EASC and BBC Arabic) over position, sections,
length, LexRank and PacSum-style directed centrality, similarity to the lead and the
centroid, numbers, quotes and attribution; each feature also enters multiplied by
the article's newsiness (share of sentences with a reporting verb or a quote), so
news copy and expository text can weigh position and length differently. A tuned bias
toward earlier sentences is added on top: the model is fitted sentence by sentence, the
bias is picked on what the whole brief says against the article's opening.

The headline compresses the lead sentence (headline.py): a reporting frame becomes the
title form `الجهة: الخبر`, and its length is capped near real titles'. The lead is then
a bullet only for what it adds, and only as a unit a reader can read alone (a digest, a
feed, a search result show bullets without the headline): what it shows is the
scorer's `lead_rest` policy (LEAD_RESTS). A piece of a sentence of FRAGMENT_WORDS words
or fewer is never a bullet: the whole sentence or nothing. Bullets are
the top sentences in document order, each sub-headlined story first when its heading
matches its sentences; a sentence is left out when it and the headline, or it and a
chosen bullet, share most (repeat_share) of either's content words, judged on the text
the bullet would show. In news copy a bullet ends at its first trailing clause
(clauses.trim_to_clause). Every bullet keeps its source index. Sentences that are not
mostly Arabic are never chosen.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np

from ..config import Config
from ..text.language import not_arabic_line
from ..text.sentences import Sentence
from ..text.tokens import arabic_ratio, content_terms
from .base import FROM_TITLE, GENERATED, Summary
from .clauses import cuts_inside, enclosed, end_kind, ends_with, opens_clause, trim_to_clause, words_of
from .features import SENTENCE_FEATURES, sentence_features, with_interactions
from .headline import CANDIDATE_FEATURES, WORD_FEATURES, WordModel, headline_options

MIN_ARABIC_RATIO = 0.5
MIN_LEAD_WORDS = 5
MIN_REST_WORDS = 4  # "remainder": the lead's rest after the headline is a bullet from this many words
FRAGMENT_WORDS = 6  # a piece of a sentence this short is never a bullet: the whole sentence or nothing
# What the lead shows as a bullet after the headline has taken its opening:
#   clause: its rest, only where the rest opens a clause (حيث ...، وهو ...، a verb, a subject and its verb);
#   next_clause: its rest from the first point that opens a clause (at the rest's start or after a comma);
#   restate: the rest where it opens a clause, else the whole lead (its subject and verb restated;
#            the repetition rule then decides);
#   none: nothing (the next best sentence takes its place);
#   remainder: its rest as it comes (from MIN_REST_WORDS words), even after a preposition or inside a conjunct.
LEAD_RESTS = ("clause", "next_clause", "restate", "none", "remainder")
SCORER_FILE = "scorer.json"


@dataclass(frozen=True)
class Scorer:
    """The learned weights and the few tuned settings, as shipped in scorer.json."""
    sentence_coef: np.ndarray
    sentence_intercept: float
    words: WordModel
    news_gate: float  # newsiness from which bullets after the first are trimmed to a clause
    trim_min_words: int
    heading_similarity: float  # a sub-headline opens a story to cover when its section echoes it
    repeat_share: float  # a sentence is left out when it and the headline or a chosen bullet share more than this
    headline_words: int  # the headline's length cap, picked on titles (at most the configured cap)
    position_bias: float  # subtracted from a sentence's score per sentence before it: news puts first what matters
    lead_rest: str = "remainder"  # one of LEAD_RESTS

    @classmethod
    def from_dict(cls, data: dict) -> "Scorer":
        sentence, word, settings = data["sentence"], data["word"], data["settings"]
        rank = data["rank"]
        if (sentence["features"] != list(SENTENCE_FEATURES) or word["features"] != list(WORD_FEATURES)
                or rank["features"] != list(CANDIDATE_FEATURES)):
            raise ValueError(f"{SCORER_FILE} was trained on other features; rerun python -m eval.train_scorer")
        if settings.get("lead_rest", "remainder") not in LEAD_RESTS:
            raise ValueError(f"{SCORER_FILE}: lead_rest {settings['lead_rest']!r} is none of {', '.join(LEAD_RESTS)}")
        return cls(np.array(sentence["coef"], dtype=float), float(sentence["intercept"]),
                   WordModel(np.array(word["coef"], dtype=float), float(word["intercept"]),
                             float(settings["headline_length_prior"]), np.array(rank["coef"], dtype=float)),
                   float(settings["news_gate"]), int(settings["trim_min_words"]),
                   float(settings["heading_similarity"]), float(settings["repeat_share"]),
                   int(settings["headline_words"]), float(settings["position_bias"]),
                   str(settings.get("lead_rest", "remainder")))


@lru_cache(maxsize=1)
def load_scorer() -> Scorer:
    """The shipped weights, read from the installed package (not from a path in the repository)."""
    text = resources.files(__package__).joinpath(SCORER_FILE).read_text(encoding="utf-8")
    return Scorer.from_dict(json.loads(text))


def is_arabic(sentence: Sentence) -> bool:
    """Mostly Arabic letters, and not a Persian or Urdu line (their letters count as Arabic script)."""
    return arabic_ratio(sentence.text) >= MIN_ARABIC_RATIO and not_arabic_line(sentence.text) is None


def lead_index(pool: Sequence[Sentence]) -> int:
    """The lead: the first sentence that is not a sub-headline and has a few words."""
    return next((i for i, s in enumerate(pool) if not s.is_heading and len(s.text.split()) >= MIN_LEAD_WORDS), 0)


def doc_freq(terms: Sequence[Sequence[str]], lead: int) -> Counter:
    """In how many sentences other than the lead each stem occurs: what the article keeps talking about."""
    return Counter(t for i, ts in enumerate(terms) if i != lead for t in set(ts))


@dataclass(frozen=True)
class Analysis:
    """What the scorer sees of an article: its Arabic sentences, their terms, features and similarities."""
    pool: list[Sentence]
    terms: list[list[str]]
    features: np.ndarray
    sim: np.ndarray
    news: float


def analyse(sentences: Sequence[Sentence]) -> Analysis | None:
    """None when no sentence is mostly Arabic."""
    pool = [s for s in sentences if is_arabic(s)]
    if not pool:
        return None
    terms = [content_terms(s.text) for s in pool]
    features, sim, news = sentence_features(pool, terms)
    return Analysis(pool, terms, features, sim, news)


def word_count(text: str) -> int:
    """Words, not counting a stray stop or dash between spaces."""
    return sum(1 for w in words_of(text) if w.key)


class Shown:
    """Each sentence as a bullet would show it, and its content terms, worked out when first asked for."""

    def __init__(self, pool: Sequence[Sentence], trim: bool, min_words: int, fixed: dict[int, str]):
        self.pool, self.trim, self.min_words = pool, trim, min_words
        self.texts: dict[int, str] = dict(fixed)
        self.terms: dict[int, set] = {}

    def text(self, i: int) -> str:
        if i not in self.texts:
            text = self.pool[i].text
            trimmed = trim_to_clause(text, self.min_words) if self.trim else text
            self.texts[i] = text if word_count(trimmed) <= FRAGMENT_WORDS else trimmed
        return self.texts[i]

    def __getitem__(self, i: int) -> set:
        if i not in self.terms:
            self.terms[i] = set(content_terms(self.text(i)))
        return self.terms[i]


def rest_of_lead(text: str, kept: Sequence[int], policy: str = "remainder") -> str:
    """What the lead shows as a bullet once the headline ends at word kept[-1], under `policy`
    (one of LEAD_RESTS), or "" (the lead is then no bullet)."""
    words = words_of(text)
    if policy == "none" or not kept or kept[-1] + 1 >= len(words):
        return ""
    after = kept[-1] + 1
    if policy == "remainder":
        return text[words[after].start:].strip() if len(words) - after >= MIN_REST_WORDS else ""
    start = after if opens_clause(words[after:]) else None
    if start is None and policy == "next_clause":
        spans = enclosed(words)
        start = next((j for j in range(after + 1, len(words)) if (ends_with(words[j - 1], "،,؛;") or end_kind(
            words, j) in ("conjunct", "relative")) and not cuts_inside(spans, j) and opens_clause(words[j:])), None)
    if start is None or word_count(text[words[start].start:]) <= FRAGMENT_WORDS:
        return text.strip() if policy == "restate" else ""
    return text[words[start].start:].strip()


def holds_most(of: set, by: set, share: float) -> bool:
    """`by` holds more than `share` of the content terms of `of`."""
    return bool(of) and len(of & by) > share * len(of)


def repeats(a: set, b: set, share: float) -> bool:
    """Either holds most of the other: a reader would read the same thing twice."""
    return holds_most(a, b, share) or holds_most(b, a, share)


class ExtractiveSummarizer:
    name = "extractive"
    model = None

    def __init__(self, headline_max_words: int = Config.headline_max_words, scorer: Scorer | None = None):
        self.headline_max_words = headline_max_words
        self.scorer = scorer or load_scorer()

    def summarize_batch(self, documents, num_bullets, headlines=None, **options) -> list[Summary]:
        headlines = headlines or [None] * len(documents)
        return [self.summarize(doc, num_bullets, headline) for doc, headline in zip(documents, headlines)]

    def summarize(self, sentences: Sequence[Sentence], num_bullets: int, headline: str | None = None) -> Summary:
        """`headline`: the source's own; the bullets are then chosen from every sentence, the lead too,
        none repeating it. Else the headline is cut from the lead."""
        seen = analyse(sentences)
        if seen is None:
            return Summary("", [], [], [], warnings=["no Arabic sentences to summarize"])
        sc, pool, terms, sim, news = self.scorer, seen.pool, seen.terms, seen.sim, seen.news
        relevance = with_interactions(seen.features, news) @ sc.sentence_coef + sc.sentence_intercept
        relevance = relevance - sc.position_bias * np.arange(len(pool))

        lead = lead_index(pool)
        given, fixed, cited = headline is not None, {}, []
        if not given:
            headline, kept = headline_options(pool[lead].text, doc_freq(terms, lead), len(pool),
                                              self.headline_max_words).best_candidate(
                sc.words, min(sc.headline_words, self.headline_max_words))
            # The lead, once the headline has carried its event, is a bullet only for what it adds.
            fixed, cited = {lead: rest_of_lead(pool[lead].text, kept, sc.lead_rest)}, [pool[lead].index]
        # What a bullet would show (news copy: its first clause); repetition is judged on that.
        shown = Shown(pool, news >= sc.news_gate, sc.trim_min_words, fixed)
        chosen = self._select(pool, shown, relevance, sim, num_bullets, set(content_terms(headline)))
        bullets = [shown.text(i) for i in chosen]
        warnings = []
        if len(chosen) < min(3, num_bullets):
            why = (f"the article has only {len(pool)} Arabic sentence(s)" if len(pool) <= len(chosen) + 1
                   else "the article's other sentences repeat the headline or the bullets")
            warnings.append(f"{why}: {len(chosen)} bullet(s) instead of {num_bullets}")
        return Summary(headline=headline, headline_sources=cited, bullets=bullets,
                       sources=[[pool[i].index] for i in chosen], warnings=warnings,
                       headline_source=FROM_TITLE if given else GENERATED)

    def _select(self, pool, terms, relevance, sim, k, headline_terms) -> list[int]:
        """Top sentences in document order: each echoed sub-headline's story first, nothing said twice.

        A sentence is left out when it and the headline, or it and a chosen bullet, share
        most of either's content words (`terms`: those of the text each would show).
        """
        order = [int(i) for i in np.argsort(-relevance, kind="stable")]
        share = self.scorer.repeat_share
        usable = lambda i: bool(terms[i]) and not repeats(terms[i], headline_terms, share)  # noqa: E731
        firsts: dict[int, int] = {}
        for i in order:
            if not pool[i].is_heading and pool[i].section not in firsts and usable(i):
                firsts[pool[i].section] = i
        covered = [i for sec, i in firsts.items() if sec == 0 or self._echoes_heading(pool, sim, sec)]
        chosen: list[int] = []
        for i in sorted(covered, key=lambda i: -relevance[i])[:k] if len(covered) > 1 else []:
            if not any(repeats(terms[i], terms[j], share) for j in chosen):
                chosen.append(i)
        for i in order:
            if len(chosen) >= k:
                break
            if i not in chosen and usable(i) and not any(repeats(terms[i], terms[j], share) for j in chosen):
                chosen.append(i)
        return sorted(chosen)

    def _echoes_heading(self, pool, sim, section: int) -> bool:
        """A real sub-headline sums up its section; a stray title (a related-story link) does not."""
        heads = [i for i, s in enumerate(pool) if s.section == section and s.is_heading]
        members = [i for i, s in enumerate(pool) if s.section == section and not s.is_heading]
        return bool(heads and members) and max(sim[h, m] for h in heads for m in members) >= \
            self.scorer.heading_similarity
