"""`python -m eval translation`: sacrebleu BLEU and chrF for a hypothesis file or the configured translator.

The published outputs found beside the reference (<ref stem>.<system>.<ext>, as in
FLORES dev's flores-dev.google.en) are scored in the same run as reference rows:
matching their published scores shows the scorer is set up right before it
scores ours.
"""
from __future__ import annotations

import sys
from pathlib import Path

from eval.data import EvalError, check_same_length, flores_dir, read_lines
from eval.pipeline import english_unavailable, load_pipeline
from eval.report import bar_chart, command_line, markdown_table, today, update_results_md, write_json


def system_name(path: Path, ref: Path) -> str | None:
    """flores-dev.google.en beside the reference flores-dev.en -> "google"; None for other names."""
    stem, dot, ext = ref.name.rpartition(".")
    stem, ext = (stem, dot + ext) if dot else (ref.name, "")
    name = path.name
    if name.startswith(stem + ".") and name.endswith(ext) and len(name) > len(stem) + 1 + len(ext):
        return name[len(stem) + 1:len(name) - len(ext)]
    return None


def published_systems(ref: Path, folder: Path, exclude: list[Path]) -> dict[str, Path]:
    """{system: path} for the files in folder named like the reference with a system name inserted."""
    skip = {p.resolve() for p in exclude} | {ref.resolve()}
    found = {}
    for path in sorted(folder.iterdir()):
        system = system_name(path, ref)
        if system and path.is_file() and path.resolve() not in skip:
            found[system] = path
    return found


def score(hyps: list[str], refs: list[str], bootstrap: int) -> dict:
    """sacrebleu defaults (BLEU 13a tokenization, chrF2); the CI is the bootstrap 95% half-width."""
    from sacrebleu.metrics import BLEU, CHRF

    out = {}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF())):
        result = metric.corpus_score(hyps, [refs], n_bootstrap=bootstrap) if bootstrap > 1 \
            else metric.corpus_score(hyps, [refs])
        ci = getattr(result, "_ci", None)
        mean = getattr(result, "_mean", None)
        out[name] = {"score": result.score, "signature": str(metric.get_signature()),
                     "low": mean - ci if ci is not None else None, "high": mean + ci if ci is not None else None}
    return out


def translate(args, lines: list[str]) -> tuple[list[str], str]:
    from tqdm import tqdm

    pipe = load_pipeline(args, backend="extractive")
    if pipe.translator is None:
        raise EvalError(f"{english_unavailable(pipe)} (or pass --hyp FILE to score a file of translations)")
    out, step = [], pipe.config.batch_size
    with tqdm(total=len(lines), desc="translating", unit="line", file=sys.stderr) as bar:
        for first in range(0, len(lines), step):
            out.extend(pipe.translator.translate(lines[first:first + step]))
            bar.update(len(lines[first:first + step]))
    return out, pipe.translator.name


def run(args, argv) -> int:
    src_path = Path(args.src) if args.src else flores_dir() / "flores-dev.ar"
    ref_path = Path(args.ref) if args.ref else flores_dir() / "flores-dev.en"
    if not (args.src and args.ref) and not flores_dir().is_dir():
        raise EvalError(f"FLORES dev not found at {flores_dir()}: pass --src and --ref, or set BRIEF_SHARED_DIR")
    src, ref = read_lines(src_path, "--src file"), read_lines(ref_path, "--ref file")
    check_same_length({str(src_path): src, str(ref_path): ref})
    hyp_path = Path(args.hyp) if args.hyp else None
    hyp = None
    if hyp_path:
        hyp = read_lines(hyp_path, "--hyp file")
        check_same_length({str(ref_path): ref, str(hyp_path): hyp})
    others = {}
    if not args.no_systems:
        folder = Path(args.systems_dir) if args.systems_dir else ref_path.parent
        if not folder.is_dir():
            raise EvalError(f"--systems-dir not found: {folder}")
        for name, path in published_systems(ref_path, folder, [hyp_path] if hyp_path else []).items():
            lines = read_lines(path, "system output")
            if len(lines) != len(ref):
                print(f"warning: skipping {path}: {len(lines)} lines, the reference has {len(ref)}", file=sys.stderr)
                continue
            others[name] = lines
    n = min(args.limit, len(ref)) if args.limit else len(ref)
    out = Path(args.out) / "translation"
    if hyp is None:
        hyp, model = translate(args, src[:n])
        name = args.name or Path(model).name
        hyp_path = out / f"hyp.{name}.txt"
        hyp_path.parent.mkdir(parents=True, exist_ok=True)
        hyp_path.write_text("\n".join(hyp) + "\n", encoding="utf-8")
    else:
        name = args.name or system_name(hyp_path, ref_path) or hyp_path.name

    rows = {name: score(hyp[:n], ref[:n], args.bootstrap)}
    for system, lines in others.items():
        rows[f"published: {system}"] = score(lines[:n], ref[:n], args.bootstrap)
    results = {"task": "translation", "date": today(), "command": command_line(argv),
               "data": {"src": str(src_path), "ref": str(ref_path), "hyp": str(hyp_path), "lines": n,
                        "of": len(ref)},
               "system": name, "bootstrap_samples": args.bootstrap, "systems": rows}
    write_json(out / "results.json", results)
    series = [(label, [r[m]["score"] for r in rows.values()], [(r[m]["low"], r[m]["high"]) for r in rows.values()])
              for m, label in (("bleu", "BLEU"), ("chrf", "chrF"))]
    bar_chart(out / "chart.png", f"Translation: {ref_path.name} ({n} lines)", list(rows), series, "score")
    (out / "report.md").write_text(report(results), encoding="utf-8")
    if args.results_md:
        update_results_md(Path(args.results_md), "translation", results_section(results))
    print(table(results))
    print(f"report: {out / 'report.md'}")
    best = rows[name]
    print(f"BLEU {best['bleu']['score']:.2f} chrF {best['chrf']['score']:.2f}")
    return 0


def _cell(m: dict) -> str:
    if m["low"] is None:
        return f"{m['score']:.2f}"
    return f"{m['score']:.2f} (±{(m['high'] - m['low']) / 2:.2f})"


def table(results: dict) -> str:
    rows = [[name, _cell(r["bleu"]), _cell(r["chrf"])] for name, r in results["systems"].items()]
    d = results["data"]
    return (f"BLEU and chrF (sacrebleu defaults, 95% bootstrap CI) on {d['lines']} of {d['of']} lines\n\n"
            + markdown_table(["system", "BLEU", "chrF"], rows))


def _about(results: dict) -> str:
    d = results["data"]
    first = next(iter(results["systems"].values()))
    return "\n".join([f"- Source: `{d['src']}`; reference: `{d['ref']}`",
                      f"- Scored: `{d['hyp']}` as **{results['system']}**; lines: {d['lines']} of {d['of']}",
                      f"- sacrebleu: `{first['bleu']['signature']}`, `{first['chrf']['signature']}`",
                      f"- Date: {results['date']}", f"- Command: `{results['command']}`"])


NOTES = ("Rows marked *published* are other translators' outputs shipped with the data, scored in the same run: "
         "matching their published figures (FLORES dev: opus-mt 33.9 / 60.8, Google 46.0 / 70.4) shows the "
         "scorer is set up right.")


def report(results: dict) -> str:
    return "\n".join(["# Translation evaluation", "", _about(results), "", table(results), "",
                      "![BLEU and chrF by system](chart.png)", "", NOTES]) + "\n"


def results_section(results: dict) -> str:
    return "\n".join([f"## Translation: {Path(results['data']['ref']).name}", "", _about(results), "",
                      table(results), "", NOTES])


# -- repair before warning: how often it changes a line ----------------------------------------------

def repair_rate(model: str, lines: list[str], runtime: str = "transformers", threads: int = 1) -> dict:
    """The configured beams' n-best on `lines`: lines whose best hypothesis had a number its Arabic does
    not support ("flagged"), those a later hypothesis repaired ("changed"), and those left with the warning."""
    from summarizer import BriefPipeline, Config
    pipe = BriefPipeline(Config(translator_model=model, translator_runtime=runtime, num_threads=threads))
    if pipe.translator is None:
        raise EvalError(english_unavailable(pipe))
    marian = pipe.translator
    while hasattr(marian, "inner"):
        marian = marian.inner
    from summarizer.translate.base import hypotheses
    changed = sum(h.note is not None for h in hypotheses(pipe.translator, lines))
    return {"model": model, "runtime": runtime, "lines": len(lines), "flagged": marian.repairs + marian.unrepaired,
            "changed": changed, "unrepaired": marian.unrepaired}


def main(argv=None) -> int:
    """python -m eval.translation --repair MODEL [--runtime R] [--lines N]: the repair rate on FLORES dev."""
    import argparse
    p = argparse.ArgumentParser(prog="python -m eval.translation", description=main.__doc__)
    p.add_argument("--repair", required=True, help="translator: hub id, folder or alias (best, fast)")
    p.add_argument("--runtime", choices=("transformers", "ctranslate2"), default="transformers")
    p.add_argument("--src", help="Arabic lines (default: FLORES dev in ../shared)")
    p.add_argument("--lines", type=int, default=200, help="first N lines")
    args = p.parse_args(argv)
    src = Path(args.src) if args.src else flores_dir() / "flores-dev.ar"
    lines = read_lines(src)[:args.lines]
    r = repair_rate(args.repair, lines, args.runtime)
    print(f"{r['model']} ({r['runtime']}): {r['lines']} lines, {r['flagged']} with a number the Arabic does not "
          f"support in the best hypothesis, {r['changed']} changed by the repair ({r['changed'] / r['lines']:.1%} of "
          f"lines), {r['unrepaired']} kept with the warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
