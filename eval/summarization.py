"""`python -m eval summarization`: the configured summarizer beside lead/random/oracle baselines.

Every system is scored on the same examples, with the same Arabic-aware ROUGE,
against all references of an example (best-matching one per ROUGE type).
The summarizer's summary is its bullets (and, in a second row, the whole brief);
its headline is scored against the title.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from eval import baselines
from eval.data import EvalError, is_mechanics_set, load_examples
from eval.pipeline import english_unavailable, load_pipeline
from eval.report import bar_chart, command_line, is_number, markdown_table, today, update_results_md, write_json
from eval.rouge import ROUGE_TYPES, aggregate, example_scores

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}
MECHANICS_NOTE = ("**Mechanics check only, not a benchmark:** a handful of short hand-written articles "
                  "in tests/data/eval that check the evaluation runs end to end. The figures say nothing "
                  "about summary quality.")


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
    examples, layout = load_examples(args.data)
    if args.limit:
        examples = examples[:args.limit]
    pipe = build_pipeline(args)
    from summarizer import InputError
    from tqdm import tqdm

    k, label = args.num_bullets, system_label(pipe)
    # The brief as a reader sees it: the headline restates a top sentence that the bullets leave out.
    full = f"{label}: headline+bullets"
    outputs = {name: [] for name in (*baselines.NAMES, label, full)}
    headlines = {label: [], "lead-1": []}
    kept, skipped, failed, records = [], [], [], []
    faith = {"briefs": 0, "number_any": 0, "number_ar": 0, "number_en": 0, "bullets": 0, "attributed": 0}
    started = time.perf_counter()
    with tqdm(total=len(examples), desc="summarizing", unit="article", file=sys.stderr) as bar:
        for first in range(0, len(examples), pipe.config.batch_size):
            chunk = examples[first:first + pipe.config.batch_size]
            ready = []
            for ex in chunk:
                try:
                    ready.append((ex, [s.text for s in pipe.preprocess(ex.text).sentences]))
                except InputError as error:
                    skipped.append({"id": ex.id, "error": str(error)})
            briefs = pipe.brief_batch([ex.text for ex, _ in ready], num_bullets=k, translate=args.translate) \
                if ready else []
            for (ex, sentences), brief in zip(ready, briefs):
                kept.append(ex)
                record = {"id": ex.id, **baselines.summaries(sentences, ex.references, ex.id, k, args.seed)}
                for name in baselines.NAMES:
                    outputs[name].append(record[name])
                if isinstance(brief, Exception):
                    failed.append({"id": ex.id, "error": str(brief)})
                    headline, bullets = "", []
                    record["error"] = str(brief)
                else:
                    headline, bullets = brief.headline_ar, brief.bullets_ar
                    _count_faithfulness(faith, brief)
                    record["brief"] = brief.to_dict()
                outputs[label].append("\n".join(bullets))
                outputs[full].append("\n".join([headline, *bullets]).strip())
                if ex.title:
                    headlines[label].append((headline, ex.title))
                    headlines["lead-1"].append((outputs["lead-1"][-1], ex.title))
                records.append(record)
            bar.update(len(chunk))
    elapsed = time.perf_counter() - started
    if not kept:
        raise EvalError(f"no example could be briefed ({skipped[0]['error'] if skipped else 'empty set'})")

    references = [ex.references for ex in kept]
    score = lambda preds, refs, stem: aggregate(  # noqa: E731
        example_scores(preds, refs, stem=stem), args.bootstrap, 0.95, args.seed)
    systems = {}
    for name, preds in outputs.items():
        plain, stemmed = score(preds, references, False), score(preds, references, True)
        systems[name] = {"summary": {**_metrics(plain, ""), **_metrics(stemmed, "_stem")}}
    for name, pairs in headlines.items():
        if pairs:
            systems[name]["headline"] = _metrics(score([p for p, _ in pairs], [t for _, t in pairs], False), "")

    results = {
        "task": "summarization", "date": today(), "command": command_line(argv),
        "data": {"path": str(args.data), "layout": layout, "examples": len(examples), "scored": len(kept),
                 "with_title": len(headlines[label]), "references_per_example":
                     round(sum(len(r) for r in references) / len(references), 2),
                 "mechanics_only": is_mechanics_set(args.data), "skipped": skipped},
        "config": {"summarizer": label, "backend": pipe.summarizer.name, "summarizer_model": pipe.summarizer.model,
                   "translator": pipe.translator.name if pipe.translator else None, "translate": args.translate,
                   "num_bullets": k, "seed": args.seed, "bootstrap_samples": args.bootstrap,
                   "rouge": "Arabic-aware ROUGE F1 (eval/rouge.py); _stem = light stemming"},
        "summarizer": label, "systems": systems, "faithfulness": _faithfulness(faith, args.translate),
        "failed": failed, "warnings": list(pipe.load_warnings),
        "seconds_per_article": round(elapsed / len(kept), 4),
    }
    out = Path(args.out) / "summarization"
    write_json(out / "results.json", results)
    write_json(out / "predictions.json", {"records": records})
    _chart(out / "chart.png", results)
    markdown = report(results)
    (out / "report.md").write_text(markdown, encoding="utf-8")
    if args.results_md:
        update_results_md(Path(args.results_md), "summarization", results_section(results))
    if results["data"]["mechanics_only"]:
        print(MECHANICS_NOTE.replace("**", "") + "\n")
    print(summary_table(results))
    if results["faithfulness"]:
        print("\n" + faithfulness_table(results))
    for warning in pipe.load_warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for item in skipped + failed:
        print(f"warning: {item['id']}: {item['error']}", file=sys.stderr)
    print(f"report: {out / 'report.md'}")
    return 0


def _metrics(agg: dict, suffix: str) -> dict:
    return {f"{t}{suffix}": {"f1": agg[t], "low": agg.get(f"{t}_low"), "high": agg.get(f"{t}_high")}
            for t in ROUGE_TYPES}


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


def _cell(m: dict | None) -> str:
    if not m or not is_number(m["f1"]):
        return "–"
    if is_number(m.get("low")) and is_number(m.get("high")):
        return f"{100 * m['f1']:.2f} ({100 * m['low']:.1f}–{100 * m['high']:.1f})"
    return f"{100 * m['f1']:.2f}"


def _role(results: dict, name: str) -> str:
    if name.startswith(results["summarizer"]):
        return "summarizer"
    return "upper bound" if name == "oracle" else "baseline"


def summary_table(results: dict) -> str:
    keys = [*ROUGE_TYPES, *(f"{t}_stem" for t in ROUGE_TYPES)]
    headers = ["system", "role", *(LABELS[t] for t in ROUGE_TYPES), *(f"{LABELS[t]} stem" for t in ROUGE_TYPES)]
    rows = [[name, _role(results, name), *(_cell(s["summary"][key]) for key in keys)]
            for name, s in results["systems"].items()]
    headline = [[name, *(_cell(s["headline"][t]) for t in ROUGE_TYPES)]
                for name, s in results["systems"].items() if "headline" in s]
    text = "Summary vs reference(s), ROUGE F1 x100 (95% bootstrap CI)\n\n" + markdown_table(headers, rows)
    if headline:
        text += (f"\n\nHeadline vs title ({results['data']['with_title']} examples), ROUGE F1 x100 (95% CI)\n\n"
                 + markdown_table(["system", *(LABELS[t] for t in ROUGE_TYPES)], headline))
    return text


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
    names = list(results["systems"])
    series = []
    for t in ROUGE_TYPES:
        ms = [results["systems"][n]["summary"][t] for n in names]
        series.append((LABELS[t], [100 * m["f1"] for m in ms],
                       [(100 * m["low"], 100 * m["high"]) if is_number(m["low"]) else (None, None) for m in ms]))
    title = f"Summarization: {Path(results['data']['path']).name}"
    if results["data"]["mechanics_only"]:
        title += " (mechanics check, not a benchmark)"
    bar_chart(path, title, names, series, "ROUGE F1 x100")


def _about(results: dict) -> str:
    d, c = results["data"], results["config"]
    lines = [f"- Data: `{d['path']}` ({d['layout']} layout), {d['scored']} of {d['examples']} examples scored, "
             f"{d['references_per_example']} reference(s) each, {d['with_title']} with a title",
             f"- Summarizer: {c['summarizer']}, {c['num_bullets']} bullets"
             + (f"; translator {c['translator']}" if c["translator"] else ""),
             f"- Date: {results['date']}", f"- Command: `{results['command']}`"]
    return "\n".join(lines)


NOTES = """\
Notes: ROUGE F1 with the Arabic-aware tokenizer (digits, diacritics, tatweel and letter forms
normalized; Arabic words and numbers split); "stem" columns add light clitic stemming. With several
references the best-matching one counts. The summarizer's summary is its bullets; the
"headline+bullets" row scores the whole brief; the headline alone is scored against the title.
Baselines use the pipeline's sentence split: lead-1, lead-3, random-3 (seeded) and the greedy
oracle (at most as many sentences as bullets, maximizing mean ROUGE-1/2 F1 against the
references: an upper bound for extraction). Intervals: 95% percentile bootstrap over examples."""


def report(results: dict) -> str:
    parts = ["# Summarization evaluation", ""]
    if results["data"]["mechanics_only"]:
        parts += [MECHANICS_NOTE, ""]
    parts += [_about(results), "", summary_table(results)]
    if results["faithfulness"]:
        parts += ["", faithfulness_table(results)]
    parts += ["", "![ROUGE by system](chart.png)", "", NOTES]
    if results["warnings"] or results["data"]["skipped"] or results["failed"]:
        parts += ["", "Warnings:", *(f"- {w}" for w in results["warnings"]),
                  *(f"- {x['id']}: {x['error']}" for x in results["data"]["skipped"] + results["failed"])]
    return "\n".join(parts) + "\n"


def results_section(results: dict) -> str:
    parts = ["## Summarization", ""]
    if results["data"]["mechanics_only"]:
        parts = ["## Summarization (mechanics check only, not a benchmark)", "", MECHANICS_NOTE, ""]
    parts += [_about(results), "", summary_table(results)]
    if results["faithfulness"]:
        parts += ["", faithfulness_table(results)]
    return "\n".join(parts + ["", NOTES])
