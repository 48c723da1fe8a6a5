"""`python -m eval summarization`: the configured summarizer beside baselines and published peers.

Every system is scored in the same run, on the same articles, with the same sentence
split (the pipeline's `preprocess(...).sentences`) and the same number of sentences k:
lead-1, lead-k, random-k, sumy's LexRank, TextRank and Luhn (eval/peers.py) and the
greedy oracle. ROUGE is the Arabic-aware one (eval/rouge.py), against every reference
of an example (the best-matching one counts). Headlines are scored against the title
wherever a set has titles; a set with titles only (no summaries) gets the headline table alone.

The scoring core is reusable, so that a cross-validation command scores its own system
exactly like this one (see `score` and the README):

    articles, skipped = prepare(examples)                    # the pipeline's sentence split
    mine = [Output(summary, headline) ...]                   # or apply(system, articles)
    results, per_example = score_systems(articles, {"mine": mine, **standard_systems(articles, k)}, "mine", k)
    print(tables(results))                                   # same tables, CIs and paired differences
"""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from eval import baselines, peers, reading
from eval.data import EvalError, Example, is_mechanics_set, is_shared_set, load_examples, set_name
from eval.pipeline import english_unavailable, load_pipeline
from eval.report import bar_chart, command_line, is_number, markdown_table, today, update_results_md, write_json
from eval.rouge import ROUGE_TYPES, example_scores
from eval.stats import aggregate, paired_difference

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}
MECHANICS_NOTE = ("**Mechanics check only, not a benchmark:** a handful of short hand-written articles "
                  "in tests/data/eval that check the evaluation runs end to end. The figures say nothing "
                  "about summary quality.")
NO_SUMMARIES = "No summary references in this set (titles only): summary table skipped; headlines scored."
NO_TITLES = "No titles in this set: headline table skipped."


# -- the reusable scoring core ---------------------------------------------------

@dataclass
class Article:
    """An example with the pipeline's sentence split: every system sees these sentences."""
    example: Example
    sentences: list  # summarizer.text.sentences.Sentence

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]


@dataclass
class Output:
    """What one system made of one article; None where the system makes no such thing."""
    summary: str | None = None  # the summary's lines, joined by newlines
    headline: str | None = None


# A system maps an article's sentences to an Output, or to the indices of the sentences it keeps.
System = Callable[[Sequence], "Output | Sequence[int]"]


def prepare(examples: Sequence[Example], preprocess=None) -> tuple[list[Article], list[dict]]:
    """Split every example as the pipeline does; examples it refuses come back as {id, error}."""
    from summarizer import InputError

    if preprocess is None:
        from summarizer import BriefPipeline, Config

        preprocess = BriefPipeline(Config.from_env(backend="extractive", translator_model="")).preprocess
    articles, skipped = [], []
    for ex in examples:
        try:
            articles.append(Article(ex, list(preprocess(ex.text).sentences)))
        except InputError as error:
            skipped.append({"id": ex.id, "error": str(error)})
    return articles, skipped


def apply(system: System, articles: Sequence[Article]) -> list[Output]:
    """A system's Output for every article; a list of indices becomes those sentences in document order."""
    outputs = []
    for article in articles:
        result = system(article.sentences)
        if not isinstance(result, Output):
            result = Output(summary=baselines.join(article.texts, sorted(result)))
        outputs.append(result)
    return outputs


def score(articles: Sequence[Article], outputs: Sequence[Output]) -> dict[str, dict[str, np.ndarray]]:
    """Per-example ROUGE F1 of one system's outputs.

    {"summary": {rouge1, rouge2, rougeL, rouge1_stem, ...: one value per article with
    references, in order}, "headline": {rouge1, rouge2, rougeL: one per article with a
    title}}. A part the system does not produce (None for every such article) is absent,
    so arrays of two systems over the same articles line up for paired comparisons.
    """
    if len(outputs) != len(articles):
        raise ValueError(f"{len(outputs)} outputs for {len(articles)} articles")
    out = {}
    given = _given([(o.summary, a.example.references) for a, o in zip(articles, outputs) if a.example.references],
                   "summary")
    if given:
        plain, stemmed = example_scores(*given), example_scores(*given, stem=True)
        out["summary"] = {**plain, **{f"{t}_stem": v for t, v in stemmed.items()}}
    given = _given([(o.headline, a.example.title) for a, o in zip(articles, outputs) if a.example.title],
                   "headline")
    if given:
        out["headline"] = example_scores(*given)
    return out


def _given(pairs: list, what: str):
    predictions = [p for p, _ in pairs]
    if all(p is None for p in predictions):
        return None
    if any(p is None for p in predictions):
        raise ValueError(f"a system gave a {what} for some articles but not for others")
    return predictions, [r for _, r in pairs]


def standard_systems(articles: Sequence[Article], k: int, seed: int = 0, headline_words: int = 14,
                     with_peers: bool = True, with_oracle: bool = True, progress=None) -> dict[str, list[Output]]:
    """Baselines, sumy peers and the oracle on the same sentences: {name: one Output per article}.

    Summaries have k sentences. Headlines: lead-1 is the whole first sentence; "lead-1 cut"
    and each peer's top sentence are cut to their first `headline_words` words, the cap
    on our own headline, so all compete at the same length.
    """
    lead_k, random_k, cut = f"lead-{k}", f"random-{k}", f"lead-1 cut ({headline_words} words)"
    names = ["lead-1", lead_k, random_k, cut, *(peers.PEERS if with_peers else ()),
             *(["oracle"] if with_oracle else [])]
    out: dict[str, list[Output]] = {name: [] for name in names}
    for article in articles:
        texts, refs = article.texts, article.example.references
        out["lead-1"].append(Output(texts[0], texts[0]))
        out[lead_k].append(Output(baselines.join(texts, baselines.lead(texts, k))))
        out[random_k].append(Output(baselines.join(texts, baselines.random_k(texts, k, seed, article.example.id))))
        out[cut].append(Output(headline=baselines.first_words(texts[0], headline_words)))
        if with_peers:
            for name, order in peers.rankings(texts).items():
                out[name].append(Output(baselines.join(texts, sorted(order[:k])),
                                        baselines.first_words(texts[order[0]], headline_words)))
        if with_oracle:  # needs references; the slow one: it rescores every sentence at each step
            out["oracle"].append(Output(baselines.join(texts, baselines.greedy_oracle(texts, refs, k))
                                        if refs else None))
        if progress is not None:
            progress.update(1)
    return out


def tabulate(scores: dict[str, dict], samples: int = 1000, seed: int = 0) -> dict[str, dict]:
    """Means with 95% bootstrap CIs: {system: {part: {metric: {f1, low, high}}}} (0..1 scale)."""
    table = {}
    for name, parts in scores.items():
        table[name] = {}
        for part, per_example in parts.items():
            agg = aggregate(per_example, samples, 0.95, seed)
            table[name][part] = {m: {"f1": agg[m], "low": agg.get(f"{m}_low"), "high": agg.get(f"{m}_high")}
                                 for m in per_example}
    return table


def comparisons(scores: dict[str, dict], ours: str, k: int, headline_words: int, samples: int = 1000,
                seed: int = 0) -> list[dict]:
    """Ours minus lead-k and minus the best sumy peer (bullets); ours minus lead-1 and lead-1 cut (headline)."""
    wanted = []
    if "summary" in scores.get(ours, {}):
        wanted.append(("summary", f"lead-{k}", ""))
        present = [p for p in peers.PEERS if "summary" in scores.get(p, {})]
        if present:
            best = max(present, key=lambda p: scores[p]["summary"]["rouge1"].mean())
            wanted.append(("summary", best, "best peer by R-1"))
    if "headline" in scores.get(ours, {}):
        wanted += [("headline", "lead-1", "first sentence"), ("headline", f"lead-1 cut ({headline_words} words)", "")]
    out = []
    for part, other, note in wanted:
        if part not in scores.get(other, {}):
            continue
        metrics = {m: paired_difference(scores[ours][part][m], scores[other][part][m], samples, seed)
                   for m in ROUGE_TYPES}
        out.append({"part": part, "system": ours, "minus": other, "note": note, "metrics": metrics})
    return out


def score_systems(articles: Sequence[Article], outputs: dict[str, list[Output]], ours: str, k: int,
                  headline_words: int = 14, samples: int = 1000, seed: int = 0) -> tuple[dict, dict]:
    """Score several systems' outputs on the same articles: (results for `tables`, per-example scores).

    The results dict holds what `tables` prints: means with CIs per system and the
    paired differences of `ours` against lead-k, the best peer, lead-1 and lead-1 cut.
    """
    scores = {name: score(articles, outs) for name, outs in outputs.items()}
    scores = {name: s for name, s in scores.items() if s}
    results = {"summarizer": ours,
               "data": {"scored": len(articles), "with_summary": sum(1 for a in articles if a.example.references),
                        "with_title": sum(1 for a in articles if a.example.title)},
               "config": {"num_bullets": k, "headline_max_words": headline_words},
               "systems": tabulate(scores, samples, seed),
               "comparisons": comparisons(scores, ours, k, headline_words, samples, seed)}
    return results, scores


# -- the command -------------------------------------------------------------------

def build_pipeline(args):
    overrides = {"backend": args.backend, "summarizer_model": args.summarizer_model, "num_bullets": args.num_bullets}
    if not args.translate:
        overrides["translator_model"] = ""  # the scores are on the Arabic side: no translator to load
    pipe = load_pipeline(args, **overrides)
    if pipe.config.backend == "seq2seq" and pipe.summarizer.name != "seq2seq":
        # The pipeline falls back to extractive; scoring that under the seq2seq name would mislead.
        reason = next((w for w in pipe.load_warnings if "summarizer model" in w), "no reason given")
        raise EvalError(reason.replace(" Using the extractive summarizer instead.", ""))
    if args.translate and pipe.translator is None:
        raise EvalError(english_unavailable(pipe))
    return pipe


def system_label(pipe) -> str:
    model = pipe.summarizer.model
    return pipe.summarizer.name + (f" ({Path(str(model)).name})" if model else "")


def run(args, argv) -> int:
    paths = [str(p) for p in args.data]
    names = [set_name(p) for p in paths]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:  # their reports and RESULTS.md sections would overwrite each other
        raise EvalError(f"two --data sets have the same name {twice[0]!r}: give each set once")
    sets = [(path, *load_examples(path)) for path in paths]  # every set read before any work starts
    pipe = build_pipeline(args)
    missing_peers = peers.missing()
    done = []
    for path, examples, layout in sets:
        out = Path(args.out) / "summarization"
        if len(sets) > 1:
            out = out / set_name(path).replace("/", "_")
        results, records = evaluate_set(args, argv, pipe, path, examples, layout, missing_peers)
        write_json(out / "results.json", results)
        write_json(out / "predictions.json", {"records": records})
        _chart(out / "chart.png", results)
        (out / "report.md").write_text(report(results), encoding="utf-8")
        if args.results_md:
            update_results_md(Path(args.results_md), f"summarization {results['data']['name']}",
                              results_section(results))
        done.append((results, out))
    for warning in pipe.load_warnings + ([missing_peers] if missing_peers else []):
        print(f"warning: {warning}", file=sys.stderr)
    for results, out in done:
        for item in results["data"]["skipped"] + results["failed"]:
            print(f"warning: {results['data']['name']}: {item['id']}: {item['error']}", file=sys.stderr)
        print(f"report: {out / 'report.md'}")
    for results, _ in done:
        print()
        if results["data"]["mechanics_only"]:
            print(MECHANICS_NOTE.replace("**", "") + "\n")
        print(concise_tables(results))
    return 0


def evaluate_set(args, argv, pipe, path, examples, layout, missing_peers) -> tuple[dict, list[dict]]:
    """One set: our briefs, the baselines and peers, scores, CIs and paired differences; (results, predictions)."""
    from tqdm import tqdm

    started = time.perf_counter()
    if args.limit:
        examples = examples[:args.limit]
    articles, skipped = prepare(examples, pipe.preprocess)
    if not articles:
        raise EvalError(f"{path}: no example could be briefed ({skipped[0]['error'] if skipped else 'empty set'})")
    k, label = args.num_bullets, system_label(pipe)
    ours = _run_summarizer(pipe, articles, k, args.translate)
    words = pipe.config.headline_max_words
    with_refs = sum(1 for a in articles if a.example.references)
    with tqdm(total=len(articles), desc="baselines and peers", unit="article", file=sys.stderr) as bar:
        outputs = standard_systems(articles, k, args.seed, words, with_peers=missing_peers is None,
                                   with_oracle=with_refs > 0, progress=bar)
    # The brief as a reader sees it: the headline restates a top sentence that the bullets leave out.
    full = f"{label}: headline+bullets"
    outputs = {**outputs, label: ours["outputs"], full: ours["full"]}
    core, _ = score_systems(articles, outputs, label, k, words, args.bootstrap, args.seed)
    read = [reading.Read(a.texts, o.headline or "", o.summary.split("\n") if o.summary else [], a.example.title,
                         a.example.references or None, src)
            for a, o, src in zip(articles, ours["outputs"], ours["sources"])]
    as_read = reading.summarize(reading.measure(read), args.bootstrap, args.seed)
    under_title = _under_titles(pipe, articles, k)

    records = []  # what each system made of each article, where it is scored
    for n, (article, record) in enumerate(zip(articles, ours["records"])):
        scored = [part for part, on in (("summary", article.example.references), ("headline", article.example.title))
                  if on]
        systems = {name: {part: getattr(outs[n], part) for part in scored if getattr(outs[n], part) is not None}
                   for name, outs in outputs.items()}
        records.append({**record, "systems": {name: parts for name, parts in systems.items() if parts}})
    times = ours["times"]
    results = {
        "task": "summarization", "date": today(), "command": command_line(argv),
        "data": {"path": str(path), "name": set_name(path), "layout": layout, "examples": len(examples),
                 **core["data"],
                 "references_per_example": round(sum(len(a.example.references) for a in articles) / len(articles), 2),
                 "mechanics_only": is_mechanics_set(path), "dev": is_shared_set(path), "skipped": skipped},
        "config": {"summarizer": label, "backend": pipe.summarizer.name, "summarizer_model": pipe.summarizer.model,
                   "translator": pipe.translator.name if pipe.translator else None, "translate": args.translate,
                   **core["config"], "seed": args.seed,
                   "bootstrap_samples": args.bootstrap, "peers": _peers_version(missing_peers),
                   "rouge": "Arabic-aware ROUGE F1 (eval/rouge.py); _stem = light stemming"},
        "summarizer": label, "systems": core["systems"], "comparisons": core["comparisons"], "reading": as_read,
        "reading_under_title": (reading.summarize(reading.measure(under_title["read"]), args.bootstrap, args.seed)
                                if under_title["read"] else None), "titles_used": under_title["used"],
        "faithfulness": _faithfulness(ours["faith"], args.translate),
        "failed": ours["failed"], "warnings": list(pipe.load_warnings) + ([missing_peers] if missing_peers else []),
        "timing": {"summarize_ms_median": 1000 * statistics.median(times) if times else None,
                   "summarize_ms_mean": 1000 * statistics.fmean(times) if times else None,
                   "articles": len(times), "articles_per_call": ours["per_call"]},
        "seconds_per_article": round(ours["seconds"] / len(articles), 4),
    }
    results["wall_seconds"] = round(time.perf_counter() - started, 1)
    return results, records


def _under_titles(pipe, articles: Sequence[Article], k: int) -> dict:
    """The briefs a user gets when each article's real title is given (as a page or feed item gives it):
    that title, cleaned, is the headline and the bullets are chosen knowing it. Read as the reader reads
    them (the title is the headline, so it is not scored against itself); an article whose title is no
    headline (summarizer.text.titles) is left out and counted."""
    from summarizer.brief import Brief

    read, used = [], 0
    for article in articles:
        if not article.example.title:
            continue
        try:
            [brief] = pipe.brief_documents([pipe.preprocess(article.example.text, article.example.title)],
                                           num_bullets=k, translate=False)
        except Exception:  # noqa: BLE001 - reported once, by the main run over the same article
            continue
        if isinstance(brief, Brief) and brief.headline_source == "title":
            used += 1
            read.append(reading.Read(article.texts, brief.headline_ar, brief.bullets_ar, None,
                                     article.example.references or None, brief.sources))
    return {"read": read, "used": used}


def _run_summarizer(pipe, articles: Sequence[Article], k: int, translate: bool) -> dict:
    """Our briefs, through the pipeline as a user gets them, with the summarize step's time per article.

    The extractive summarizer gains nothing from batching, so it gets one article per
    call and each article its own time; seq2seq (and translation) keep their batches,
    and the time is then the batch's mean per article.
    """
    from tqdm import tqdm

    from summarizer.errors import BriefError

    per_call = 1 if pipe.summarizer.name == "extractive" and not translate else pipe.config.batch_size
    res = {"outputs": [], "full": [], "sources": [], "records": [], "failed": [], "times": [], "per_call": per_call,
           "faith": {"briefs": 0, "number_any": 0, "number_ar": 0, "number_en": 0, "bullets": 0, "attributed": 0}}
    started = time.perf_counter()
    with tqdm(total=len(articles), desc="summarizing", unit="article", file=sys.stderr) as bar:
        for first in range(0, len(articles), per_call):
            chunk = articles[first:first + per_call]
            try:
                briefs = pipe.brief_batch([a.example.text for a in chunk], num_bullets=k, translate=translate)
            except Exception as error:  # noqa: BLE001 - a one-article batch re-raises; keep the others
                briefs = [BriefError(f"internal error: {type(error).__name__}: {error}")] * len(chunk)
            for article, brief in zip(chunk, briefs):
                record = {"id": article.example.id}
                if isinstance(brief, Exception):
                    res["failed"].append({"id": article.example.id, "error": str(brief)})
                    headline, bullets, sources = "", [], []
                    record["error"] = str(brief)
                else:
                    headline, bullets, sources = brief.headline_ar, brief.bullets_ar, brief.sources
                    res["times"].append(brief.meta["timings"]["summarize"])
                    _count_faithfulness(res["faith"], brief)
                    record["brief"] = brief.to_dict()
                res["outputs"].append(Output("\n".join(bullets), headline))
                res["sources"].append(sources)
                res["full"].append(Output("\n".join([headline, *bullets]).strip()))
                res["records"].append(record)
            bar.update(len(chunk))
    res["seconds"] = time.perf_counter() - started
    return res


def _peers_version(missing_peers: str | None) -> str:
    if missing_peers:
        return missing_peers
    from importlib.metadata import version

    return f"sumy {version('sumy')} on our sentence split, tokens, light stemmer and stopwords"


def _count_faithfulness(faith: dict, brief) -> None:
    numbers = [f for f in brief.flags if "number" in f.message]
    faith["briefs"] += 1
    faith["number_any"] += bool(numbers)
    faith["number_ar"] += any(f.lang == "ar" for f in numbers)
    faith["number_en"] += any(f.lang == "en" for f in numbers)
    faith["bullets"] += len(brief.bullets_ar)
    faith["attributed"] += sum(1 for src in brief.sources[:len(brief.bullets_ar)] if src)


def _faithfulness(faith: dict, translated: bool) -> dict:
    if not faith["briefs"]:
        return {}
    share = lambda n, d: round(n / d, 4) if d else None  # noqa: E731
    out = {"briefs": faith["briefs"],
           "briefs_with_unsupported_number": share(faith["number_any"], faith["briefs"]),
           "briefs_with_unsupported_number_ar": share(faith["number_ar"], faith["briefs"]),
           "bullets": faith["bullets"],
           "bullets_with_sources": share(faith["attributed"], faith["bullets"])}
    if translated:
        out["briefs_with_unsupported_number_en"] = share(faith["number_en"], faith["briefs"])
    return out


# -- tables ------------------------------------------------------------------------

def _cell(m: dict | None, ci: bool = True) -> str:
    if not m or not is_number(m["f1"]):
        return "–"
    if ci and is_number(m.get("low")) and is_number(m.get("high")):
        return f"{100 * m['f1']:.2f} ({100 * m['low']:.1f}–{100 * m['high']:.1f})"
    return f"{100 * m['f1']:.2f}"


def _role(results: dict, name: str) -> str:
    if name.startswith(results["summarizer"]):
        return "summarizer"
    if name in peers.PEERS:
        return "peer (sumy)"
    return "upper bound" if name == "oracle" else "baseline"


def _rows(results: dict, part: str) -> list[tuple[str, dict]]:
    return [(name, s[part]) for name, s in results["systems"].items() if part in s]


def summary_table(results: dict, full: bool = True) -> str:
    """Summary vs reference(s): every ROUGE type with its CI (full), or R-1 with CI, R-2, R-L (concise)."""
    rows = _rows(results, "summary")
    if not rows:
        return NO_SUMMARIES
    k = results["config"]["num_bullets"]
    title = (f"Summary vs reference(s) ({results['data']['with_summary']} articles, {k} sentences each), "
             "ROUGE F1 x100 (95% bootstrap CI)")
    if full:
        keys = [*ROUGE_TYPES, *(f"{t}_stem" for t in ROUGE_TYPES)]
        headers = ["system", "role", *(LABELS[t] for t in ROUGE_TYPES), *(f"{LABELS[t]} stem" for t in ROUGE_TYPES)]
        body = [[name, _role(results, name), *(_cell(m[key]) for key in keys)] for name, m in rows]
    else:
        headers = ["system", "R-1 (95% CI)", "R-2", "R-L"]
        body = [[name, _cell(m["rouge1"]), _cell(m["rouge2"], False), _cell(m["rougeL"], False)] for name, m in rows]
    return title + "\n\n" + markdown_table(headers, body)


def headline_table(results: dict, full: bool = True) -> str:
    rows = _rows(results, "headline")
    if not rows:
        return NO_TITLES
    title = f"Headline vs title ({results['data']['with_title']} articles), ROUGE F1 x100 (95% bootstrap CI)"
    if full:
        body = [[name, *(_cell(m[t]) for t in ROUGE_TYPES)] for name, m in rows]
        return title + "\n\n" + markdown_table(["system", *(LABELS[t] for t in ROUGE_TYPES)], body)
    body = [[name, _cell(m["rouge1"]), _cell(m["rouge2"], False), _cell(m["rougeL"], False)] for name, m in rows]
    return title + "\n\n" + markdown_table(["system", "R-1 (95% CI)", "R-2", "R-L"], body)


def comparison_table(results: dict) -> str:
    if not results["comparisons"]:
        return ""
    rows = []
    for c in results["comparisons"]:
        what = "bullets" if c["part"] == "summary" else "headline"
        other = c["minus"] + (f" ({c['note']})" if c["note"] else "")
        cells = [f"{100 * m['diff']:+.2f} ({100 * m['low']:+.1f} to {100 * m['high']:+.1f})"
                 if is_number(m["low"]) else f"{100 * m['diff']:+.2f}" for m in c["metrics"].values()]
        rows.append([f"{what}: ours − {other}", *cells, _p(c["metrics"]["rouge1"])])
    return ("Paired differences, ours minus another system on the same articles, ROUGE F1 x100 "
            "(95% paired bootstrap CI; p: paired sign-flip test of R-1)\n\n"
            + markdown_table(["comparison", "Δ R-1", "Δ R-2", "Δ R-L", "p (R-1)"], rows))


def _p(m: dict) -> str:
    if m["p"] is None:
        return "–"
    floor = 1 / (m["samples"] + 1)  # no sign flip as extreme as the data: p is at most this
    return f"≤{floor:.3f}" if m["p"] <= floor * 1.0001 else f"{m['p']:.3f}"


def timing_line(results: dict) -> str:
    t = results["timing"]
    if t["summarize_ms_median"] is None:
        return "summarizer median – ms/article (no article was summarized)"
    how = ("one article per call" if t["articles_per_call"] == 1
           else f"batch mean, up to {t['articles_per_call']} articles per call")
    return (f"summarizer median {t['summarize_ms_median']:.1f} ms/article (mean {t['summarize_ms_mean']:.1f} ms; "
            f"{t['articles']} articles; summarize step only, {how})")


def _title(results: dict) -> str:
    d = results["data"]
    kind = " (mechanics check only, not a benchmark)" if d["mechanics_only"] else " (dev)" if d["dev"] else ""
    return f"Summarization{kind}: {d['name']}"


def tables(results: dict, full: bool = False) -> str:
    """Summary table (or why there is none), headline table (or why none), paired differences."""
    parts = [summary_table(results, full), "", headline_table(results, full)]
    if results["comparisons"]:
        parts += ["", comparison_table(results)]
    if results.get("reading"):
        named = [(results["summarizer"], results["reading"])]
        if results.get("reading_under_title"):  # the same measures, the bullets chosen under the real title
            named.append((f"{results['summarizer']}, under the real title ({results['titles_used']} articles)",
                          results["reading_under_title"]))
        parts += ["", "What a reader gets:", "", reading.tables(named)]
    return "\n".join(parts)


def concise_tables(results: dict) -> str:
    """What the command prints at the end of a set: the tables a reader compares, the time per article."""
    d = results["data"]
    return "\n".join([f"== {_title(results)}: {d['scored']} articles, {d['with_summary']} with a summary reference, "
                      f"{d['with_title']} with a title ==", "", tables(results),
                      "", f"wall time {results['wall_seconds']:.1f} s for this set", timing_line(results)])


def faithfulness_table(results: dict) -> str:
    names = {"briefs_with_unsupported_number": "briefs with an unsupported number",
             "briefs_with_unsupported_number_ar": "briefs with a number not in the article (Arabic lines)",
             "briefs_with_unsupported_number_en": "briefs with a number not in its Arabic line (English lines)",
             "bullets_with_sources": "bullets with source attribution"}
    rows = [[label, f"{100 * results['faithfulness'][key]:.1f}%"]
            for key, label in names.items() if results["faithfulness"].get(key) is not None]
    return (f"Faithfulness of {results['summarizer']} ({results['faithfulness']['briefs']} briefs)\n\n"
            + markdown_table(["check", "share"], rows))


def _chart(path: Path, results: dict) -> None:
    part = "summary" if _rows(results, "summary") else "headline"
    rows = _rows(results, part)
    series = [(LABELS[t], [100 * m[t]["f1"] for _, m in rows],
               [(100 * m[t]["low"], 100 * m[t]["high"]) if is_number(m[t]["low"]) else (None, None)
                for _, m in rows]) for t in ROUGE_TYPES]
    title = f"{_title(results)}, {'summary' if part == 'summary' else 'headline vs title'}"
    bar_chart(path, title, [name for name, _ in rows], series, "ROUGE F1 x100")


def _about(results: dict) -> str:
    d, c = results["data"], results["config"]
    lines = [f"- Data: `{d['path']}` ({d['layout']} layout), {d['scored']} of {d['examples']} examples scored: "
             f"{d['with_summary']} with summary references ({d['references_per_example']} per example), "
             f"{d['with_title']} with a title",
             f"- Summarizer: {c['summarizer']}, {c['num_bullets']} bullets, headline at most "
             f"{c['headline_max_words']} words" + (f"; translator {c['translator']}" if c["translator"] else ""),
             f"- Peers: {c['peers']}",
             f"- Wall time: {results['wall_seconds']:.1f} s for this set; {timing_line(results)}",
             f"- Date: {results['date']}", f"- Command: `{results['command']}`"]
    return "\n".join(lines)


NOTES = """\
Notes: ROUGE F1 with the Arabic-aware tokenizer (digits, diacritics, tatweel and letter forms
normalized; Arabic words and numbers split); "stem" columns add light clitic stemming. With several
references the best-matching one counts. Every system works on the pipeline's own sentence split,
and all but lead-1 pick k sentences: lead-k, random-k (seeded), sumy's LexRank, TextRank and Luhn
(fed our sentences, tokens, light stemmer and stopwords), and the greedy oracle (at most k
sentences maximizing mean ROUGE-1/2 F1 against the references: an upper bound for extraction).
The summarizer's summary is its bullets; the "headline+bullets" row scores the whole brief. Headlines are scored against the title: lead-1 is the whole first sentence; "lead-1 cut"
and each peer's top sentence keep their first N words (N = the cap on our headline).
Intervals: 95% percentile bootstrap over articles; differences: paired bootstrap over the
per-article differences and a paired sign-flip test. Time: wall time of the summarize step per article."""


def _body(results: dict, chart: bool) -> list[str]:
    parts = [f"# {_title(results)}" if chart else f"## {_title(results)}", ""]
    if results["data"]["mechanics_only"]:
        parts += [MECHANICS_NOTE, ""]
    parts += [_about(results), "", tables(results, full=True)]
    if results["faithfulness"]:
        parts += ["", faithfulness_table(results)]
    return parts + (["", "![ROUGE by system](chart.png)"] if chart else []) + ["", NOTES]


def report(results: dict) -> str:
    """report.md beside results.json: every table, the chart and any warnings."""
    parts = _body(results, chart=True)
    if results["warnings"] or results["data"]["skipped"] or results["failed"]:
        parts += ["", "Warnings:", *(f"- {w}" for w in results["warnings"]),
                  *(f"- {x['id']}: {x['error']}" for x in results["data"]["skipped"] + results["failed"])]
    return "\n".join(parts) + "\n"


def results_section(results: dict) -> str:
    """This set's section of eval/RESULTS.md."""
    return "\n".join(_body(results, chart=False))
