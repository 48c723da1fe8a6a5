"""python -m eval {rouge,translation,summarization,faithfulness}: input problems end in one 'error:' line, exit 2."""
from __future__ import annotations

import argparse
import sys

from eval.data import EVAL_DIR, EvalError

DEFAULT_OUT = EVAL_DIR / "out"


def _model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model options (default: BRIEF_* environment, then the library defaults)")
    group.add_argument("--translator-model", help="hub id or local folder of the Arabic->English model")
    group.add_argument("--device", choices=["auto", "cpu", "cuda"])
    group.add_argument("--dtype", choices=["auto", "float32", "float16", "bfloat16", "int8"])
    group.add_argument("--num-beams", type=int)
    group.add_argument("--batch-size", type=int, help="articles/lines per batch")
    group.add_argument("--max-new-tokens", type=int, help="cap on translation length (tokens)")
    group.add_argument("--offline", action="store_true", help="never download models from the hub")


def _report_options(parser: argparse.ArgumentParser, bootstrap: int) -> None:
    parser.add_argument("--limit", type=int, help="score only the first N examples (quick checks)")
    parser.add_argument("--bootstrap", type=int, default=bootstrap, help=f"bootstrap resamples for the 95%% CI "
                        f"(default {bootstrap}; 0 = none)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="report folder (default eval/out)")
    parser.add_argument("--results-md", help="also rewrite this task's section of this file (eval/RESULTS.md)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    rouge = sub.add_parser("rouge", help="Arabic-aware ROUGE-1/2/L F1 of predictions against references")
    rouge.add_argument("--pred", required=True, help="predictions, one text per line")
    rouge.add_argument("--ref", required=True, action="append",
                       help="references, one text per line (repeat for several references per line)")
    rouge.add_argument("--stem", action="store_true", help="end with the light-stemmed figures")
    rouge.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0 = none)")
    rouge.add_argument("--seed", type=int, default=0)

    tr = sub.add_parser("translation", help="BLEU and chrF (sacrebleu) of a translation, with reference rows")
    tr.add_argument("--src", help="source, one sentence per line (default: FLORES dev Arabic in ../shared)")
    tr.add_argument("--ref", help="reference translation (default: FLORES dev English in ../shared)")
    tr.add_argument("--hyp", help="translation to score; without it the configured translator translates SRC")
    tr.add_argument("--name", help="row name for the scored system")
    tr.add_argument("--systems-dir", help="folder of published outputs <ref stem>.<system>.<ext> "
                    "(default: the folder of REF)")
    tr.add_argument("--no-systems", action="store_true", help="do not score published outputs")
    _report_options(tr, 1000)
    _model_options(tr)

    sm = sub.add_parser("summarization", help="summarizer vs lead-k, sumy peers and the oracle: ROUGE with CIs, "
                        "headline vs title, time per article, faithfulness")
    sm.add_argument("--data", required=True, action="append",
                    help="JSONL or .jsonl.gz of {id, text, summary and/or title} (XL-Sum's layout too; title-only "
                    "records score headlines only), or an EASC folder (Articles/ and MTurk/); repeat for several sets")
    sm.add_argument("--backend", choices=["extractive", "seq2seq"])
    sm.add_argument("--summarizer-model", help="hub id or local folder (seq2seq backend)")
    sm.add_argument("--num-bullets", type=int, default=3, help="bullets per brief, 3..7 (default 3)")
    sm.add_argument("--translate", action="store_true", help="also translate briefs (English number checks)")
    sm.add_argument("--seed", type=int, default=0, help="seed of random-k and the bootstrap")
    _report_options(sm, 1000)
    _model_options(sm)

    fa = sub.add_parser("faithfulness", help="number, loop and script checks of a translation, line by line")
    fa.add_argument("--src", required=True, help="Arabic source, one sentence per line")
    fa.add_argument("--hyp", required=True, help="English translation, one line per source line")
    fa.add_argument("--out", help="write the flagged lines here as JSONL: {\"line\": N, \"flags\": [...]}")
    fa.add_argument("--results-md", help="also audit the published outputs beside HYP, plant errors, and "
                    "rewrite this task's section of this file (eval/RESULTS.md)")
    fa.add_argument("--seed", type=int, default=0, help="first of the seeds of the planted errors (with --results-md)")
    return parser


def rouge_command(args) -> int:
    from eval.data import check_same_length, read_lines

    preds = read_lines(args.pred, "--pred file")
    refs = [read_lines(path, "--ref file") for path in args.ref]
    check_same_length({args.pred: preds, **dict(zip(args.ref, refs))})
    if not preds:
        raise EvalError(f"{args.pred} is empty")
    from eval.report import markdown_table
    from eval.rouge import ROUGE_TYPES, rouge

    references = [list(texts) for texts in zip(*refs)]
    results = {stem: rouge(preds, references, stem=stem, samples=args.bootstrap, seed=args.seed)
               for stem in (False, True)}
    rows = []
    for stem, r in results.items():
        cells = [f"{100 * r[t]:.2f}" + (f" ({100 * r[t + '_low']:.1f}–{100 * r[t + '_high']:.1f})"
                                        if t + "_low" in r else "") for t in ROUGE_TYPES]
        rows.append(["stemmed" if stem else "plain", *cells])
    print(f"Arabic-aware ROUGE F1 x100 (95% bootstrap CI), {len(preds)} lines, {len(refs)} reference(s) each\n")
    print(markdown_table(["tokens", "R-1", "R-2", "R-L"], rows))
    last = results[args.stem]
    print(" ".join(f"{t} {100 * last[t]:.2f}" for t in ROUGE_TYPES))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    try:
        for name in ("limit", "bootstrap", "num_beams", "batch_size", "max_new_tokens"):
            value = getattr(args, name, None)
            if value is not None and value < (0 if name == "bootstrap" else 1):
                raise EvalError(f"--{name.replace('_', '-')} must be {'>= 0' if name == 'bootstrap' else 'positive'}")
        if args.command == "rouge":
            return rouge_command(args)
        if args.command == "translation":
            from eval.translation import run
        elif args.command == "faithfulness":
            from eval.faithfulness import run
        else:
            from eval.summarization import run
        return run(args, argv)
    except EvalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
