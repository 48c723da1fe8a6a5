"""`python -m eval.train_scorer`: fit the extractive summarizer's weights, cross-validate them, write scorer.json.

Two small logistic models, fitted with scikit-learn here and shipped as plain numbers
(the summarizer needs only numpy):

- the sentence scorer, on EASC and BBC Arabic: is a sentence in the greedy ROUGE
  oracle's 3 sentences for its article's reference summaries?
- the headline word model, on BBC Arabic and Jawhara leads: does a word of the lead
  sentence appear in the article's real headline?

A few settings are picked on the training folds only, on what a reader gets
(eval/reading.py): the newsiness from which bullets are trimmed, the trimmed clause's
minimum length and the bias toward earlier sentences (EASC's whole brief against the
opening cut to its words; BBC's lead restates its summary, so there that gain rewards
copying the lead), the
headline length term L and length cap (the headline against the first sentence and the
opening cut to its words, its median length near the titles'). fit() does all of it
from a training set: once per fold, and once on everything for the shipped weights.
Figures are reported twice: dev (fitted on all, scored on all) and k-fold
cross-validated (each article scored by a model that never saw it; EASC folds grouped
by topic category). Same command, same data: the same bytes in scorer.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from eval import reading
from eval.baselines import greedy_oracle
from eval.data import EvalError, load_examples, shared_dir
from eval.peers import PEERS
from eval.rouge import arabic_tokens, example_scores
from eval.stats import bootstrap_ci
from summarizer.config import Config

SETS = {"easc": "data/easc", "bbc": "data/ant-bbc-ar/dev.jsonl",
        "jawhara": "data/ant-jawhara-ar-headlines/train.jsonl.gz"}
OUT = Path(__file__).resolve().parents[1] / "summarizer" / "summarize" / "scorer.json"
OPENING = 6  # sentences kept for the lead cut baselines (a brief is shorter than six sentences' words)
K = 3  # bullets scored against the references, as in `python -m eval summarization`
HEADLINE_MAX_WORDS = Config.__dataclass_fields__["headline_max_words"].default  # the shipped cap
BBC_WEIGHT = 3.0  # BBC's sentences weigh 3:1 against EASC's, each set's total first made equal
REGULARIZATION = 1.0
# Fitted to convergence and shipped at DECIMALS places, so the same data give the same bytes on any machine.
MAX_ITER, TOLERANCE, DECIMALS = 20000, 1e-10, 4
GRID_NEWS_GATE = (0.2, 0.4, 2.0)  # 2.0: never trim (newsiness is a share, at most 1)
GRID_TRIM_MIN_WORDS = (5, 8)
GRID_POSITION_BIAS = (0.0, 0.3, 3.0)
GRID_LENGTH_PRIOR = (2.0, 4.0, 6.0, 8.0)
GRID_HEADLINE_WORDS = (10, 11, 12, 13, 14)
GRID_LENGTH_PENALTY = (0.0, 0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02)  # ROUGE-1 F per headline word
HEADLINE_LENGTH_SLACK = 2  # the headline's median length stays this close to the training titles' median
# repeat_share is eval.reading's "most of": the summarizer never shows what the evaluation calls a repeat.
FIXED = {"heading_similarity": 0.3, "repeat_share": 0.5}
LEAD_REST = "next_clause"  # what the lead shows after the headline (extractive.LEAD_RESTS); measured in eval/RESULTS.md
RANK_RIDGE = 10.0  # the headline ranker's ridge penalty on standardized features (1 to 100 measured the same)
PROVENANCE = ("Fitted by `python -m eval.train_scorer` on EASC (El-Haj, Kruschwitz & Fox 2010; CC-BY-4.0), "
              "BBC Arabic and Jawhara FM from the ANT corpus (Chouigui et al.; Apache-2.0) in ../shared/data. "
              "The numbers are model weights, not text from the corpora.")


def r1(prediction: str, references) -> float:
    """ROUGE-1 F against the best reference: eval.rouge's figure, without the scorer's overhead."""
    pred = Counter(arabic_tokens(prediction))
    best = 0.0
    for ref in references:
        gold = Counter(arabic_tokens(ref))
        overlap = sum((pred & gold).values())
        if overlap:
            p, r = overlap / sum(pred.values()), overlap / sum(gold.values())
            best = max(best, 2 * p * r / (p + r))
    return best


@dataclass
class Article:
    id: str
    group: str
    sentences: list  # the pipeline's split
    references: list[str]
    title: str | None
    first: str  # the split's first sentence: the headline baseline
    opening: list[str] = field(default_factory=list)  # the first sentences: the lead cut baselines
    seen: object = None  # extractive.Analysis
    oracle: set = field(default_factory=set)
    options: object = None  # headline.HeadlineOptions of the lead
    word_labels: np.ndarray | None = None
    candidate_r1: np.ndarray | None = None  # each headline candidate's ROUGE-1 against the title


def load_set(name: str, root: Path, with_sentences: bool, limit: int | None, max_words: int) -> list[Article]:
    from summarizer.errors import InputError
    from summarizer.summarize.clauses import words_of
    from summarizer.summarize.extractive import analyse, doc_freq, lead_index
    from summarizer.summarize.headline import headline_options
    from summarizer.text.sentences import split_sentences
    from summarizer.text.validate import prepare_article

    examples, _ = load_examples(root / SETS[name])
    articles = []
    for ex in examples[:limit]:
        try:
            sentences = split_sentences(prepare_article(ex.text, Config.max_chars))
        except InputError:
            continue
        seen = analyse(sentences)
        if seen is None:
            continue
        group = re.sub(r"\s*\(.*", "", ex.meta.get("article_file", "")).lower() or ex.meta.get("category", "")
        # Every set keeps its split: Jawhara's briefs are measured as read (eval.reading), though never fitted on.
        art = Article(ex.id, group, sentences, ex.references, ex.title,
                      sentences[0].text, [s.text for s in sentences[:OPENING]], seen)
        if ex.references and with_sentences:
            art.oracle = set(greedy_oracle([s.text for s in seen.pool], ex.references, K))
        if ex.title:
            lead = lead_index(seen.pool)
            art.options = headline_options(seen.pool[lead].text, doc_freq(seen.terms, lead), len(seen.pool),
                                           max_words)
            title = set(arabic_tokens(ex.title))
            art.word_labels = np.array([any(t in title for t in arabic_tokens(w.text))
                                        for w in words_of(seen.pool[lead].text)])
            art.candidate_r1 = np.array([r1(c.text, [ex.title]) for c in art.options.candidates])
        if not with_sentences:
            art.seen = None  # headline-only sets: keep memory small
        articles.append(art)
    return articles


def folds(articles: list[Article], k: int, seed: int, grouped: bool) -> list[np.ndarray]:
    """Test indices of each fold: whole groups (EASC topic categories) or a seeded shuffle."""
    rng = np.random.default_rng(seed)
    if grouped:
        groups = sorted({a.group for a in articles})
        order = [groups[i] for i in rng.permutation(len(groups))]
        sizes = Counter(a.group for a in articles)
        bins = [[] for _ in range(k)]
        for g in sorted(order, key=lambda g: -sizes[g]):  # largest first into the smallest fold
            min(bins, key=lambda b: sum(sizes[x] for x in b)).append(g)
        return [np.array([i for i, a in enumerate(articles) if a.group in set(b)]) for b in bins]
    return list(np.array_split(rng.permutation(len(articles)), k))


# -- fitting ----------------------------------------------------------------
def fit_sentences(parts: list[tuple[list[Article], float]]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    from summarizer.summarize.features import with_interactions

    X, y, w = [], [], []
    for articles, weight in parts:
        total = sum(len(a.seen.pool) for a in articles)
        for a in articles:
            X.append(with_interactions(a.seen.features, a.seen.news))
            y.append([i in a.oracle for i in range(len(a.seen.pool))])
            w.append(np.full(len(a.seen.pool), weight / total))
    w = np.concatenate(w)
    model = LogisticRegression(C=REGULARIZATION, max_iter=MAX_ITER, tol=TOLERANCE).fit(
        np.vstack(X), np.concatenate(y), sample_weight=w * len(w))
    return model.coef_[0], float(model.intercept_[0])


def fit_words(parts: list[list[Article]]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    X, y, w = [], [], []
    for articles in parts:
        total = sum(len(a.word_labels) for a in articles)
        for a in articles:
            X.append(a.options.features)
            y.append(a.word_labels)
            w.append(np.full(len(a.word_labels), 1.0 / total))
    w = np.concatenate(w)
    model = LogisticRegression(C=REGULARIZATION, max_iter=MAX_ITER, tol=TOLERANCE).fit(
        np.vstack(X), np.concatenate(y), sample_weight=w * len(w))
    return model.coef_[0], float(model.intercept_[0])


def fit_rank(sets: dict[str, list[Article]], words: tuple[np.ndarray, float], settings: dict) -> np.ndarray:
    """Linear weights over CANDIDATE_FEATURES that rank an article's headline candidates by their ROUGE-1
    against its title: ridge regression on features and scores centred per article (only the order
    within an article matters), each set weighing the same, on the candidates within the length cap."""
    from summarizer.summarize.headline import WordModel, candidate_features

    model = WordModel(words[0], words[1], settings["headline_length_prior"])
    X, y, w = [], [], []
    for arts in sets.values():
        usable = [a for a in arts if a.options.candidates]
        for a in usable:
            pool = a.options.pool(settings["headline_words"])
            keep = [a.options.candidates.index(c) for c in pool]
            f = candidate_features(pool, model.keep_probability(a.options.features), model.length_prior)
            X.append(f - f.mean(0))
            y.append(a.candidate_r1[keep] - a.candidate_r1[keep].mean())
            w.append(np.full(len(pool), 1.0 / len(usable)))
    A, b, weight = np.vstack(X), np.concatenate(y), np.concatenate(w)
    scale = A.std(0) + 1e-9
    A = A / scale * np.sqrt(weight)[:, None]
    coef = np.linalg.solve(A.T @ A + RANK_RIDGE * np.eye(A.shape[1]), A.T @ (b * np.sqrt(weight)))
    return coef / scale


def make_scorer(sentence: tuple[np.ndarray, float], words: tuple[np.ndarray, float], settings: dict,
                rank: np.ndarray | None = None):
    from summarizer.summarize.extractive import Scorer
    from summarizer.summarize.headline import WordModel

    return Scorer(sentence[0], sentence[1], WordModel(words[0], words[1], settings["headline_length_prior"], rank),
                  settings["news_gate"], settings["trim_min_words"], settings["heading_similarity"],
                  settings["repeat_share"], settings["headline_words"], settings["position_bias"],
                  settings["lead_rest"])


# -- predicting -------------------------------------------------------------
def brief_gain(articles: list[Article], scorer, max_words: int) -> float:
    """Mean ROUGE-1 of the whole brief (headline and bullets) minus the opening cut to its own words."""
    from eval.reading import opening
    from summarizer.summarize.extractive import ExtractiveSummarizer

    summarizer = ExtractiveSummarizer(max_words, scorer)
    gains = []
    for a in articles:
        summary = summarizer.summarize(a.sentences, K)
        brief = "\n".join([summary.headline, *summary.bullets])
        gains.append(r1(brief, a.references) - r1(opening(a.opening, len(brief.split())), a.references))
    return float(np.mean(gains))


def lead3(a: Article) -> str:
    return "\n".join(s.text for s in a.sentences[:K])


def pick_bullets(sets: dict[str, list[Article]], scorer, max_words: int) -> dict:
    """The (gate, min words, position bias) whose smallest whole-brief gain over the opening cut to the
    brief's words, across `sets`, is largest."""
    best, best_gain = None, -np.inf
    for bias in GRID_POSITION_BIAS:
        for gate in GRID_NEWS_GATE:
            for min_words in GRID_TRIM_MIN_WORDS[:1] if gate > 1 else GRID_TRIM_MIN_WORDS:  # never trimmed: one
                trial = dataclasses.replace(scorer, news_gate=gate, trim_min_words=min_words, position_bias=bias)
                gain = min(brief_gain(arts, trial, max_words) for arts in sets.values())
                if gain > best_gain:
                    best, best_gain = {"news_gate": gate, "trim_min_words": min_words, "position_bias": bias}, gain
    return best


def pick_headline(sets: dict[str, list[Article]], words: tuple[np.ndarray, float], max_words: int,
                  rank: np.ndarray | None = None, fixed: dict | None = None) -> dict:
    """The length term L and the length cap whose smallest headline gain across the sets is largest.

    A gain is over the better of two baselines: the first sentence and the opening cut to the
    headline's own length. Only settings whose median headline is within HEADLINE_LENGTH_SLACK
    words of the training titles' median compete (all of them when none is). Each article's
    word probabilities are computed once and every (L, cap) is scored from them, as
    HeadlineOptions.best_candidate would choose. With a ranker (`rank`, fitted with the L and cap in
    `fixed`), what is picked is instead a penalty per word subtracted from its scores: it favours
    longer candidates than titles are.
    """
    from eval.reading import opening
    from summarizer.summarize.headline import WordModel

    model = WordModel(words[0], words[1], 0.0)
    priors = GRID_LENGTH_PRIOR if rank is None else (fixed["headline_length_prior"],)
    caps = [c for c in GRID_HEADLINE_WORDS if c <= max_words] if rank is None else [fixed["headline_words"]]
    penalties = (0.0,) if rank is None else GRID_LENGTH_PENALTY
    grid = [(prior, cap, pen) for prior in priors for cap in caps for pen in penalties]
    titles = np.median([len(a.title.split()) for arts in sets.values() for a in arts])
    gain_first = {g: [] for g in grid}  # per set, mean gains
    gain_cut = {g: [] for g in grid}
    lengths = {g: [] for g in grid}
    for arts in sets.values():
        totals_first, totals_cut = {g: 0.0 for g in grid}, {g: 0.0 for g in grid}
        for a in arts:
            first = r1(a.first, [a.title])
            cands = a.options.candidates
            if cands:
                p = model.keep_probability(a.options.features)
                mass = np.array([p[list(c.kept)].sum() for c in cands])
                size = np.array([len(c.kept) for c in cands])
                ranked = None if rank is None else WordModel(*words, priors[0], rank).scores(cands, p)
            cache: dict[int, tuple[float, float, int]] = {}
            for prior, cap, pen in grid:
                if not cands:
                    pick = -1
                else:
                    allowed = size <= cap if (size <= cap).any() else np.ones(len(cands), bool)
                    score = 2 * mass / (size + prior) if ranked is None else ranked - pen * size
                    score = np.where(allowed, score, -np.inf)
                    pick = int(np.argmax(score))
                if pick not in cache:
                    text = cands[pick].text if pick >= 0 else a.options.fallback
                    n = len(text.split())
                    cache[pick] = (r1(text, [a.title]), r1(opening(a.opening, n), [a.title]), n)
                ours, cut, n = cache[pick]
                totals_first[(prior, cap, pen)] += ours - first
                totals_cut[(prior, cap, pen)] += ours - cut
                lengths[(prior, cap, pen)].append(n)
        for g in grid:
            gain_first[g].append(totals_first[g] / len(arts))
            gain_cut[g].append(totals_cut[g] / len(arts))
    picks = [(abs(np.median(lengths[g]) - titles) <= HEADLINE_LENGTH_SLACK,
              min(min(gain_first[g]), min(gain_cut[g])), -g[0], -g[1], -g[2], g) for g in grid]
    prior, cap, pen = max(picks, key=lambda p: p[:5])[5]
    if rank is not None:
        return {"headline_length_penalty": pen}
    return {"headline_length_prior": prior, "headline_words": cap}


def fit(train: dict[str, list[Article]], bbc_weight: float, max_words: int,
        lead_rest: str = LEAD_REST) -> tuple[object, dict]:
    """Weights and settings from these articles only: (Scorer, settings). Used per fold and for what ships.

    lead_rest (extractive.LEAD_RESTS) is a rule of what a reader may be shown, not a fitted setting: each
    is measured with --lead-rest, dev and cross-validated, and the bullet settings are picked under it."""
    from summarizer.summarize.headline import CANDIDATE_FEATURES

    titled = {"bbc": train["bbc"], "jawhara": train["jawhara"]}
    words = fit_words(list(titled.values()))
    settings = {**FIXED, **pick_headline(titled, words, max_words), "lead_rest": lead_rest,
                "news_gate": GRID_NEWS_GATE[0],
                "trim_min_words": GRID_TRIM_MIN_WORDS[0], "position_bias": GRID_POSITION_BIAS[0]}
    rank = fit_rank(titled, words, settings)
    # The ranker favours longer headlines than titles: a penalty per word, folded into its weights.
    settings.update(pick_headline(titled, words, max_words, rank, settings))
    rank = rank - settings["headline_length_penalty"] * (np.array(CANDIDATE_FEATURES) == "words")
    sentence = fit_sentences([(train["easc"], 1.0), (train["bbc"], bbc_weight)])
    # On EASC alone: BBC's lead restates its editor's summary, so a gain there rewards copying the lead
    # (that target is retired, README), and a lead a reader can read alone costs it the same everywhere.
    settings.update(pick_bullets({"easc": train["easc"]}, make_scorer(sentence, words, settings, rank), max_words))
    return make_scorer(sentence, words, settings, rank), settings


def sumy_peers(data: dict[str, list[Article]]) -> dict[str, dict[str, list[str]]]:
    """sumy's LexRank, TextRank and Luhn (3 sentences) on our sentence split, tokens, stems and stopwords,
    as `python -m eval summarization` runs them (eval.peers)."""
    from eval.baselines import join
    from eval.peers import rankings

    out = {}
    for name in ("easc", "bbc"):
        texts = [[s.text for s in a.sentences] for a in data[name]]
        ranked = [rankings(t) for t in texts]
        out[name] = {peer: [join(t, sorted(r[peer][:K])) for t, r in zip(texts, ranked)] for peer in PEERS}
    return out


# -- the run ----------------------------------------------------------------
def scores(predictions: list[str], references: list) -> np.ndarray:
    return example_scores(predictions, references, rouge_types=("rouge1",))["rouge1"]


def cell(values: np.ndarray, seed: int) -> str:
    low, high = bootstrap_ci(values, 1000, 0.95, seed)
    return f"{100 * values.mean():.2f} ({100 * low:.1f}–{100 * high:.1f})"


def predict(scorer, sets: dict[str, list[Article]], out: dict[str, dict], max_words: int) -> list[float]:
    """Each article's (headline, bullets, bullet sources) into out[set][id]; an article without its split gets
    its headline only (bullets and sources None).

    Returns the summarizer's time per BBC article (seconds)."""
    from summarizer.summarize.extractive import ExtractiveSummarizer

    summarizer = ExtractiveSummarizer(max_words, scorer)
    timings = []
    for name, arts in sets.items():
        for a in arts:
            if a.sentences:
                start = time.perf_counter()
                summary = summarizer.summarize(a.sentences, K)
                if name == "bbc":
                    timings.append(time.perf_counter() - start)
                out[name][a.id] = (summary.headline, summary.bullets, summary.sources)
            else:
                out[name][a.id] = (a.options.best(scorer.words, min(scorer.headline_words, max_words)), None, None)
    return timings


_STATE: dict = {}  # the loaded sets, shared with --jobs workers (forked, so not copied up front)


class _Inline:
    """Pool.map and starmap in this process: --jobs 1 (and where fork is unavailable)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, fn, items):
        return [fn(x) for x in items]

    def starmap(self, fn, items):
        return [fn(*x) for x in items]


def _pool(jobs: int):
    import multiprocessing

    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _Inline()
    return multiprocessing.get_context("fork").Pool(jobs)


def _fit_task(f: int | None):
    """Fit on fold f's training part and predict its test part; None: fit on everything, predict nothing."""
    data, fold, args = _STATE["data"], _STATE["fold"], _STATE["args"]
    if f is None:
        scorer, settings = fit(data, args.bbc_weight, args.headline_max_words, args.lead_rest)
        return scorer, settings, {}
    test = {name: set(fold[name][f].tolist()) for name in data}
    train = {name: [a for i, a in enumerate(arts) if i not in test[name]] for name, arts in data.items()}
    scorer, settings = fit(train, args.bbc_weight, args.headline_max_words, args.lead_rest)
    predicted: dict[str, dict] = {name: {} for name in data}
    predict(scorer, {name: [arts[i] for i in sorted(test[name])] for name, arts in data.items()}, predicted,
            args.headline_max_words)
    return scorer, settings, predicted


def run(args) -> int:
    from summarizer.summarize.extractive import Scorer
    from summarizer.summarize.headline import WordModel

    root = Path(args.shared) if args.shared else shared_dir()
    started = time.perf_counter()
    sets = [("easc", True), ("bbc", True), ("jawhara", False)]
    with _pool(args.jobs) as pool:
        easc, bbc, jawhara = pool.starmap(load_set, [(name, root, sentences, args.limit, args.headline_max_words)
                                                     for name, sentences in sets])
    print(f"loaded EASC {len(easc)}, BBC {len(bbc)}, Jawhara {len(jawhara)} articles "
          f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    k = args.folds
    fold = {"easc": folds(easc, k, args.seed, True), "bbc": folds(bbc, k, args.seed, False),
            "jawhara": folds(jawhara, k, args.seed, False)}
    data = {"easc": easc, "bbc": bbc, "jawhara": jawhara}
    _STATE.update(data=data, fold=fold, args=args)

    cv: dict[str, dict] = {name: {} for name in data}  # id -> (headline, bullets or None)
    chosen = []
    # Each fold's fit and the fit on everything (task None) are independent: run side by side with --jobs.
    with _pool(args.jobs) as pool:
        done = pool.map(_fit_task, [*range(k), None])
    for f, (_, settings, predicted) in enumerate(done[:k]):
        chosen.append(settings)
        for name, got in predicted.items():
            cv[name].update(got)
        print(f"fold {f + 1}/{k}: {settings}", file=sys.stderr)

    # Fitted on everything: what ships; the dev figures are those of the shipped, rounded weights.
    scorer, settings, _ = done[k]
    payload = to_json(scorer, settings)
    final = Scorer.from_dict(json.loads(payload))
    # Headline words learned from Jawhara alone, scored on BBC: a check across outlets.
    transfer = dataclasses.replace(final, words=WordModel(*fit_words([jawhara]), final.words.length_prior,
                                                          final.words.rank))
    dev: dict[str, dict] = {name: {} for name in data}
    timings = predict(final, data, dev, args.headline_max_words)

    peers = sumy_peers(data) if args.peers else {}
    lines = ["### Bullets: ROUGE-1 F x100 vs the reference summaries, 3 bullets (95% bootstrap CI)", "",
             "| set | lead-3 | " + "".join(f"sumy {p} | " for p in PEERS if peers) + "ours, dev (fit on all) | "
             "ours, cross-validated |", "|---|---|" + "---|" * (len(PEERS) if peers else 0) + "---|---|"]
    for name in ("easc", "bbc"):
        arts = data[name]
        refs = [a.references for a in arts]
        ours = {run: scores(["\n".join(got[name][a.id][1]) for a in arts], refs) for run, got in (("dev", dev), ("cv", cv))}
        lines.append(f"| {name} ({len(arts)}) | {cell(scores([lead3(a) for a in arts], refs), args.seed)} | "
                     + "".join(f"{cell(scores(peers[name][p], refs), args.seed)} | " for p in PEERS if peers)
                     + f"{cell(ours['dev'], args.seed)} | {cell(ours['cv'], args.seed)} |")
    lines += ["", "### Headline: ROUGE-1 F x100 vs the real title (95% bootstrap CI)", "",
              "| set | first sentence | ours, dev (fit on all) | ours, cross-validated | ours, words from Jawhara only |",
              "|---|---|---|---|---|"]
    cap = min(final.headline_words, args.headline_max_words)
    for name in ("bbc", "jawhara"):
        arts = data[name]
        titles = [a.title for a in arts]
        heads = {run: scores([got[name][a.id][0] for a in arts], titles) for run, got in (("dev", dev), ("cv", cv))}
        other = [a.options.best(transfer.words, cap) for a in arts] if name == "bbc" else None
        lines.append(f"| {name} ({len(arts)}) | {cell(scores([a.first for a in arts], titles), args.seed)} | "
                     f"{cell(heads['dev'], args.seed)} | {cell(heads['cv'], args.seed)} | "
                     + (f"{cell(scores(other, titles), args.seed)} |" if other else "(in training) |"))
    named = []
    for name in ("easc", "bbc", "jawhara"):
        for run, got in (("dev", dev), ("cross-validated", cv)):
            items = [reading.Read([s.text for s in a.sentences] or a.opening, got[name][a.id][0],
                                  got[name][a.id][1] or [], a.title, a.references or None, got[name][a.id][2])
                     for a in data[name]]
            named.append((f"{name}, {run}", reading.summarize(reading.measure(items), 1000, args.seed)))
    lines += ["", f"### What a reader gets: the whole brief, the headline, the bullets read alone, repetition and "
              f"frames (lead rest: {settings['lead_rest']})", "", reading.tables(named)]
    lines += ["", f"Median extractive summarizer time per BBC article: {1000 * np.median(timings):.1f} ms "
              f"(this machine, fit-on-all weights, headline + {K} bullets).",
              "", "Settings picked on each fold's training part: "
              + "; ".join(f"fold {i + 1}: gate {s['news_gate']}, min words {s['trim_min_words']}, "
                          f"position bias {s['position_bias']}, "
                          f"L {s['headline_length_prior']}, headline cap {s['headline_words']}"
                          for i, s in enumerate(chosen)),
              f"Shipped settings (picked on all): {json.dumps(settings, sort_keys=True)}"]
    report = "\n".join(lines)
    print(report)
    out = Path(args.out)
    if args.check:
        shipped = out.read_text(encoding="utf-8") if out.exists() else ""
        if shipped != payload:
            print(f"error: {out} differs from what this command fits ({_difference(shipped, payload)}); "
                  "rerun without --check", file=sys.stderr)
            return 1
        print(f"{out} is reproduced exactly", file=sys.stderr)
    elif args.write:
        out.write_text(payload, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    if args.report:
        Path(args.report).write_text(report + "\n", encoding="utf-8")
    if args.results_md:
        import shlex

        from eval.report import today, update_results_md
        head = ["## Extractive summarizer: dev and cross-validated figures", "",
                f"- Date: {today()}", f"- Command: `python -m eval.train_scorer {shlex.join(args.argv)}`", "",
                "Dev: weights fitted on all three sets and scored on them. Cross-validated: 5 folds over "
                "articles (EASC grouped by topic category); each article is scored by weights fitted without "
                "it. The held-out-like figures are the cross-validated ones.", "", ""]
        update_results_md(Path(args.results_md), "extractive cross-validation", "\n".join(head) + report)
    return 0


def _difference(shipped: str, fitted: str) -> str:
    try:
        old, new = json.loads(shipped), json.loads(fitted)
        gaps = [abs(a - b) for part in ("sentence", "word") for a, b in zip(old[part]["coef"], new[part]["coef"])]
        return f"largest weight difference {max(gaps):.2g}; settings {old['settings']} vs {new['settings']}"
    except (ValueError, KeyError, TypeError):
        return "not a scorer file"


def _numbers(values) -> list[float]:
    return [round(float(v), DECIMALS) for v in values]


def to_json(scorer, settings: dict) -> str:
    from summarizer.summarize.features import SENTENCE_FEATURES
    from summarizer.summarize.headline import CANDIDATE_FEATURES, WORD_FEATURES

    data = {
        "provenance": PROVENANCE,
        "licence": "Apache-2.0 (the project's licence); derived from data under CC-BY-4.0 and Apache-2.0",
        "command": "python -m eval.train_scorer --write",
        "sentence": {"features": list(SENTENCE_FEATURES), "interactions": "features, features x newsiness, newsiness",
                     "coef": _numbers(scorer.sentence_coef), "intercept": round(scorer.sentence_intercept, DECIMALS)},
        "word": {"features": list(WORD_FEATURES), "coef": _numbers(scorer.words.coef),
                 "intercept": round(scorer.words.intercept, DECIMALS)},
        "rank": {"features": list(CANDIDATE_FEATURES), "coef": _numbers(scorer.words.rank)},
        "settings": {key: settings[key] for key in sorted(settings)},
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    from summarizer.summarize.extractive import LEAD_RESTS

    parser = argparse.ArgumentParser(prog="python -m eval.train_scorer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="the shared folder (default ../shared or $BRIEF_SHARED_DIR)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--bbc-weight", type=float, default=BBC_WEIGHT,
                        help=f"BBC's sentences against EASC's, each set's total made equal first (default {BBC_WEIGHT})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1,
                        help="fit the folds (and load the sets) in this many processes; the same figures and bytes")
    parser.add_argument("--limit", type=int, help="first N articles of each set (quick runs; never for --write)")
    parser.add_argument("--write", action="store_true", help="write the weights to --out")
    parser.add_argument("--check", action="store_true", help="fail unless --out is reproduced exactly")
    parser.add_argument("--out", default=str(OUT), help=f"the weights file (default the shipped "
                        f"{OUT.relative_to(OUT.parents[2])})")
    parser.add_argument("--report", help="also write the figures to this Markdown file")
    parser.add_argument("--results-md", help="also rewrite this section of eval/RESULTS.md")
    parser.add_argument("--peers", action="store_true", help="also score sumy's LexRank, TextRank and Luhn")
    parser.add_argument("--headline-max-words", type=int, default=HEADLINE_MAX_WORDS,
                        help=f"headline length cap (default {HEADLINE_MAX_WORDS}, as Config)")
    parser.add_argument("--lead-rest", default=LEAD_REST, choices=LEAD_RESTS,
                        help=f"what the lead shows as a bullet after the headline (default {LEAD_REST}); "
                             "see summarizer/summarize/extractive.py")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    quick = args.limit or args.headline_max_words != HEADLINE_MAX_WORDS or args.folds != 5
    if quick and (args.write or args.check) and Path(args.out).resolve() == OUT:
        parser.error("--limit, --folds and --headline-max-words are for looking; the shipped weights use the defaults")
    try:
        return run(args)
    except EvalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
