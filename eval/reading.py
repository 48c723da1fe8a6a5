"""The brief as a reader gets it: whole brief, headline, repetition and frames, each beside its baseline.

Used by `python -m eval summarization` (dev) and `python -m eval.train_scorer`
(cross-validated), so both report the same measures the same way:

- whole brief: headline and bullets together against the reference summaries, beside the
  article's opening cut to the brief's own number of words;
- headline: against the real title, beside the first sentence and the opening cut to the
  headline's own number of words (the "prefix" baseline of headline generation), and its
  median length beside the titles' median;
- repetition: the share of briefs in which a bullet holds most (over half) of the headline's
  content words, and the share in which one bullet holds most of another's;
- frames: the share of headlines that open with a reporting or attribution frame
  (`أعلنت الوزارة أن ...`, `قال ...`, `حسب ...`); the titles' share is shown beside it;
- bullets read alone (a digest, a feed reader, a search result show them without the
  headline): each bullet is found in its source sentence (the brief's source index, else
  any sentence of the article); the share of bullets that begin inside that sentence (after
  its dateline), the share that begin there at a point that opens no clause (after a
  preposition, inside a conjunct, at a verb's object: clauses.opens_clause), and the share
  of bullets of FRAGMENT_WORDS words or fewer that are not a whole sentence of the article.

Content words are the summarizer's own matching unit (stemmed tokens without stopwords).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from eval.rouge import example_scores
from eval.stats import bootstrap_ci, paired_difference
from summarizer.summarize.clauses import opens_clause, words_of
from summarizer.summarize.headline import first_story_word
from summarizer.text.lexicon import ATTRIBUTION_OPENERS, FRAMED, FRAMED_NOW, FRAMED_PLURAL, verb_forms
from summarizer.text.normalize import normalize
from summarizer.text.tokens import content_terms

MOST = 0.5  # "most of": more than half of the content words
FRAGMENT_WORDS = 6  # a bullet this short must be a whole sentence of the article
# Verbs of saying and announcing, past and present, either gender (normalized letters), with و/ف, and the
# attribution openers (حسب مصادر، | بحسب الوكالة | وفقا لـ | نقلا عن).
_SAY = [*verb_forms(FRAMED, "he", "she"), *verb_forms(FRAMED_NOW, "he_now", "she_now"),
        *verb_forms(FRAMED_PLURAL, "they")]
FRAME = re.compile(rf"^[وف]?(?:{'|'.join(normalize(w) for w in [*_SAY, *ATTRIBUTION_OPENERS.split()])})(?=\s|$|[،,:])")


def opens_with_frame(text: str) -> bool:
    """The text's first word is a reporting verb or an attribution opener."""
    return bool(FRAME.match(normalize(text).strip().lstrip("\"'«“(-–— ")))


def holds_most(of: str | Sequence[str], by: str | Sequence[str]) -> bool:
    """`by` holds more than half of the content words of `of` (texts or term lists)."""
    a = set(content_terms(of) if isinstance(of, str) else of)
    b = set(content_terms(by) if isinstance(by, str) else by)
    return bool(a) and len(a & b) > MOST * len(a)


def repeats_headline(headline: str, bullets: Sequence[str]) -> bool:
    return any(holds_most(headline, b) for b in bullets)


def bullets_repeat(bullets: Sequence[str]) -> bool:
    """Some bullet holds most of another's content words (either way round)."""
    return any(holds_most(a, b) for i, a in enumerate(bullets) for j, b in enumerate(bullets) if i != j)


def words(text: str) -> int:
    return len(text.split())


def opening(sentences: Sequence[str], n: int) -> str:
    """The article's first n words, across sentences: the lead cut to a given length."""
    out: list[str] = []
    for s in sentences:
        out.extend(s.split())
        if len(out) >= n:
            break
    return " ".join(out[:n])


@dataclass
class Read:
    """One article as the reader gets it, and what it is compared with."""
    sentences: list[str]  # the article's sentences (the split every system sees)
    headline: str
    bullets: list[str]
    title: str | None = None
    references: list[str] | None = None
    sources: list[list[int]] | None = None  # each bullet's source sentence indices, where the brief gives them


@dataclass(frozen=True)
class Found:
    """Where a bullet's words lie in an article sentence: words[start:end] of sentences[sentence]."""
    sentence: int
    start: int
    end: int
    length: int  # the sentence's words
    story: int  # its first word after a dateline or byline


def _keys(text: str) -> list[str]:
    return [k for k in (w.key for w in words_of(text)) if k]


def find_bullet(sentences: Sequence[str], bullet: str, source: Sequence[int] = ()) -> Found | None:
    """The bullet's words as a run of one sentence's words (punctuation aside): its source sentences
    first, then the others; None when no sentence holds it (a generated bullet)."""
    want = _keys(bullet)
    order = [*(i for i in source if 0 <= i < len(sentences)), *range(len(sentences))]
    for i in dict.fromkeys(order):
        have = _keys(sentences[i])
        for start in range(len(have) - len(want) + 1):
            if want and have[start:start + len(want)] == want:
                words = [w for w in words_of(sentences[i]) if w.key]
                return Found(i, start, start + len(want), len(have), first_story_word(words, sentences[i]))
    return None


def begins_inside(found: Found | None) -> bool:
    """The bullet starts after its sentence's first word (its dateline aside)."""
    return found is not None and found.start > found.story


def inside_not_at_clause(found: Found | None, sentences: Sequence[str]) -> bool:
    """The bullet starts inside its sentence, at a point where no clause starts."""
    if not begins_inside(found):
        return False
    words = [w for w in words_of(sentences[found.sentence]) if w.key]
    return not opens_clause(words[found.start:])


def short_fragment(bullet: str, found: Found | None) -> bool:
    """FRAGMENT_WORDS words or fewer, and not a whole sentence of the article."""
    whole = found is not None and found.start <= found.story and found.end == found.length
    return len(_keys(bullet)) <= FRAGMENT_WORDS and not whole


def bullet_measures(items: Sequence[Read]) -> dict[str, np.ndarray]:
    """Per bullet, 0/1: begins inside its sentence, there at no clause boundary, a short fragment."""
    inside, not_clause, short = [], [], []
    for r in items:
        for n, bullet in enumerate(r.bullets):
            found = find_bullet(r.sentences, bullet, r.sources[n] if r.sources and n < len(r.sources) else ())
            inside.append(begins_inside(found))
            not_clause.append(inside_not_at_clause(found, r.sentences))
            short.append(short_fragment(bullet, found))
    return {"begins_inside": np.array(inside, dtype=float), "inside_not_at_clause": np.array(not_clause, dtype=float),
            "short_fragment": np.array(short, dtype=float)}


def measure(items: Sequence[Read]) -> dict[str, dict[str, np.ndarray]]:
    """Per-article series: {"brief": ..., "headline": ..., "reading": ...} (parts with no data are absent)."""
    out: dict[str, dict[str, np.ndarray]] = {}
    refs = [r for r in items if r.references]
    if refs:
        briefs = ["\n".join([r.headline, *r.bullets]).strip() for r in refs]
        cut = [opening(r.sentences, words(b)) for r, b in zip(refs, briefs)]
        gold = [r.references for r in refs]
        out["brief"] = {"ours": _r1(briefs, gold), "lead_cut": _r1(cut, gold),
                        "words": np.array([words(b) for b in briefs], dtype=float)}
    titled = [r for r in items if r.title]
    if titled:
        titles = [r.title for r in titled]
        heads = [r.headline for r in titled]
        out["headline"] = {
            "ours": _r1(heads, titles),
            "first": _r1([r.sentences[0] if r.sentences else "" for r in titled], titles),
            "lead_cut": _r1([opening(r.sentences, words(h)) for r, h in zip(titled, heads)], titles),
            "words": np.array([words(h) for h in heads], dtype=float),
            "title_words": np.array([words(t) for t in titles], dtype=float),
            "title_frame": np.array([opens_with_frame(t) for t in titles], dtype=float)}
    if items:
        out["reading"] = {"frame": np.array([opens_with_frame(r.headline) for r in items], dtype=float)}
        briefs = [r for r in items if r.bullets]  # headline-only runs have no repetition to measure
        if briefs:
            out["reading"]["repeats_headline"] = np.array([repeats_headline(r.headline, r.bullets) for r in briefs],
                                                          dtype=float)
            out["reading"]["bullets_repeat"] = np.array([bullets_repeat(r.bullets) for r in briefs], dtype=float)
            out["bullets"] = bullet_measures(briefs)
    return out


def _r1(predictions: list[str], references: list) -> np.ndarray:
    return example_scores(predictions, references, rouge_types=("rouge1",))["rouge1"]


def summarize(measures: dict, samples: int = 1000, seed: int = 0) -> dict:
    """Means (medians for lengths) with 95% bootstrap CIs, and the paired differences the targets name."""
    def ci(values, statistic=None):
        low, high = bootstrap_ci(values, samples, 0.95, seed, statistic)
        centre = float(np.median(values)) if statistic is not None else float(np.mean(values))
        return {"value": centre, "low": low, "high": high, "n": len(values)}

    out: dict = {}
    if "brief" in measures:
        b = measures["brief"]
        out["brief"] = {"ours": ci(b["ours"]), "lead_cut": ci(b["lead_cut"]), "words": ci(b["words"], np.median),
                        "ours_minus_lead_cut": paired_difference(b["ours"], b["lead_cut"], samples, seed)}
    if "headline" in measures:
        h = measures["headline"]
        out["headline"] = {
            "ours": ci(h["ours"]), "first": ci(h["first"]), "lead_cut": ci(h["lead_cut"]),
            "ours_minus_first": paired_difference(h["ours"], h["first"], samples, seed),
            "ours_minus_lead_cut": paired_difference(h["ours"], h["lead_cut"], samples, seed),
            "words": ci(h["words"], np.median), "title_words": ci(h["title_words"], np.median),
            "title_frame": ci(h["title_frame"])}
    if "reading" in measures:
        out["reading"] = {name: ci(v) for name, v in measures["reading"].items()}
    if "bullets" in measures:
        out["bullets"] = {name: ci(v) for name, v in measures["bullets"].items()}
    return out


def _pct(m: dict) -> str:
    if np.isnan(m["low"]):  # no bootstrap asked for
        return f"{100 * m['value']:.2f}"
    return f"{100 * m['value']:.2f} ({100 * m['low']:.1f}–{100 * m['high']:.1f})"


def _diff(m: dict) -> str:
    if np.isnan(m["low"]):
        return f"{100 * m['diff']:+.2f}"
    return f"{100 * m['diff']:+.2f} ({100 * m['low']:+.1f} to {100 * m['high']:+.1f})"


def _words(m: dict) -> str:
    if np.isnan(m["low"]):
        return f"{m['value']:.0f}"
    return f"{m['value']:.0f} ({m['low']:.0f}–{m['high']:.0f})"


def rows(name: str, s: dict) -> dict[str, list[list[str]]]:
    """Table rows of one set's (or one run's) summary, keyed by table: brief, headline, reading."""
    out: dict[str, list[list[str]]] = {}
    if "brief" in s:
        b = s["brief"]
        out["brief"] = [[name, _words(b["words"]), _pct(b["ours"]), _pct(b["lead_cut"]),
                         _diff(b["ours_minus_lead_cut"])]]
    if "headline" in s:
        h = s["headline"]
        out["headline"] = [[name, _pct(h["ours"]), _pct(h["first"]), _pct(h["lead_cut"]),
                            _diff(h["ours_minus_first"]), _diff(h["ours_minus_lead_cut"]),
                            _words(h["words"]), _words(h["title_words"])]]
    if "reading" in s:
        r = s["reading"]
        out["reading"] = [[name, *(_pct(r[k]) if k in r else "–" for k in ("repeats_headline", "bullets_repeat")),
                           _pct(r["frame"]),
                           _pct(s["headline"]["title_frame"]) if "headline" in s else "–"]]
    if "bullets" in s:
        u = s["bullets"]
        out["bullets"] = [[name, str(u["begins_inside"]["n"]),
                           *(_pct(u[k]) for k in ("begins_inside", "inside_not_at_clause", "short_fragment"))]]
    return out


HEADERS = {
    "brief": ["", "words, median", "whole brief R-1", "opening cut to the same words", "Δ"],
    "headline": ["", "headline R-1", "first sentence", "opening cut to the headline's words",
                 "Δ first sentence", "Δ cut", "headline words, median", "title words, median"],
    "reading": ["", "% briefs: a bullet holds most of the headline", "% briefs: two bullets repeat",
                "% headlines opening with a frame", "% titles opening with a frame"],
    "bullets": ["", "bullets", "% begin inside their sentence", "% begin inside, at no clause boundary",
                f"% of {FRAGMENT_WORDS} words or fewer, not a whole sentence"],
}
TITLES = {
    "brief": "Whole brief (headline + bullets) vs the reference summaries, ROUGE-1 F x100 (95% bootstrap CI; "
             "Δ: paired difference, ours minus the opening cut to the brief's own number of words)",
    "headline": "Headline vs the real title, ROUGE-1 F x100 (95% bootstrap CI; Δ: paired differences, ours minus "
                "each baseline), and lengths in words (median, 95% bootstrap CI)",
    "reading": "Repetition and frames, % of articles (95% bootstrap CI); 'holds most' = over half of the "
               "content words (stemmed, no stopwords)",
    "bullets": "Bullets read alone, % of bullets (95% bootstrap CI): where each begins in its source sentence "
               "(targets: at no clause boundary under 2%; short fragments 0%)",
}


def tables(named: Sequence[tuple[str, dict]]) -> str:
    """Markdown tables for (row name, summary) pairs: one table per part that any of them has."""
    from eval.report import markdown_table

    parts = []
    for key in ("brief", "headline", "reading", "bullets"):
        body = [row for name, s in named for row in rows(name, s).get(key, [])]
        if body:
            parts += [TITLES[key], "", markdown_table(HEADERS[key], body), ""]
    return "\n".join(parts).rstrip()
