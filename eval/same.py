"""python -m eval.same: what the toolkit writes for the shared data, to show that a restructuring changed no
brief (issue 33). Run it before and after, then compare:

    python -m eval.same --out /tmp/same-before      # on the old code
    python -m eval.same --out /tmp/same-after       # on the new code
    python -m eval.same --compare /tmp/same-before /tmp/same-after

It writes, for each shared set (BBC Arabic dev, Jawhara, EASC), the batch command's JSONL output
(`brief SET.jsonl -o OUT.jsonl --no-translate`, timings removed, as they vary run to run) and the
Markdown of its first briefs; the same for the first BBC articles with the stand-in translator (so
translation, repair and the English flags are covered); and the number check's flags on every line of
FLORES dev, the reference and each published system. --compare exits 1 at the first difference.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from eval.data import flores_dir, load_examples, read_lines, shared_dir

SETS = {"bbc": "data/ant-bbc-ar/dev.jsonl", "jawhara": "data/ant-jawhara-ar-headlines/train.jsonl.gz",
        "easc": "data/easc"}
MARKDOWN_SAMPLE = 200
TRANSLATED_SAMPLE = 60
STAND_IN = "<the stand-in Marian>"


def _batch(examples, out: Path, extra: list[str], stand_in: str | None = None) -> None:
    """The batch command over the examples (id, text), as a user runs it. A stand-in model's folder is
    written as STAND_IN: its cache key changes with the builder's source, its weights do not."""
    from summarizer.commands import main
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("".join(json.dumps({"id": e.id, "text": e.text}, ensure_ascii=False) + "\n"
                                  for e in examples), encoding="utf-8")
        raw = Path(tmp) / "out.jsonl"
        if main([str(source), "-o", str(raw), "--quiet", *extra]) != 0:
            raise SystemExit(f"the batch command failed on {out.name}")
        records = [json.loads(line) for line in raw.read_text(encoding="utf-8").splitlines()]
    for record in records:
        if "brief" in record:
            record["brief"]["meta"].pop("timings", None)
            record["brief"]["meta"].pop("version", None)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    if stand_in is not None:
        text = text.replace(json.dumps(stand_in)[1:-1], STAND_IN)
        records = [json.loads(line) for line in text.splitlines()]
    out.write_text(text, encoding="utf-8")
    _markdown(records[:MARKDOWN_SAMPLE], out.with_suffix(".md"))


def _markdown(records: list[dict], out: Path) -> None:
    from summarizer.brief import Brief
    out.write_text("".join(f"## {r['id']}\n\n" + (Brief.from_dict(r["brief"]).to_markdown() if "brief" in r
                                                  else f"error: {r['error']}\n") + "\n" for r in records),
                   encoding="utf-8")


def _flores(out: Path) -> None:
    from summarizer.faithfulness import english_line_flags
    folder = flores_dir()
    src = read_lines(folder / "flores-dev.ar")
    with out.open("w", encoding="utf-8") as handle:
        for hyp_path in sorted(folder.glob("flores-dev*.en")):
            for n, (ar, en) in enumerate(zip(src, read_lines(hyp_path)), 1):
                flags = english_line_flags(en, ar)
                if flags:
                    handle.write(json.dumps({"file": hyp_path.name, "line": n, "flags": flags}, ensure_ascii=False)
                                 + "\n")


def write(out: Path, limit: int | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    root = shared_dir()
    bbc = None
    for name, relative in SETS.items():
        examples, _ = load_examples(root / relative)
        examples = examples[:limit] if limit else examples
        bbc = examples if name == "bbc" else bbc
        print(f"{name}: {len(examples)} articles", file=sys.stderr, flush=True)
        _batch(examples, out / f"{name}.jsonl", ["--no-translate"])
    from summarizer.testing import cached_models
    marian = cached_models()["marian"]
    _batch(bbc[:TRANSLATED_SAMPLE], out / "bbc-translated.jsonl",
           ["--translator-model", str(marian), "--device", "cpu", "--translation-max-new-tokens", "60"],
           stand_in=str(marian))
    _flores(out / "flores-flags.jsonl")


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    different = 0
    for name in names:
        left, right = a / name, b / name
        if not (left.is_file() and right.is_file()):
            print(f"{name}: only in {a if left.is_file() else b}")
            different += 1
            continue
        old, new = left.read_text(encoding="utf-8").splitlines(), right.read_text(encoding="utf-8").splitlines()
        first = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), None)
        if first is None and len(old) == len(new):
            print(f"{name}: identical ({len(old)} lines)")
            continue
        different += 1
        first = min(len(old), len(new)) if first is None else first
        print(f"{name}: differs at line {first + 1}\n  - {old[first][:300] if first < len(old) else '(none)'}\n"
              f"  + {new[first][:300] if first < len(new) else '(none)'}")
    return 1 if different else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.same", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, help="folder to write the outputs to")
    p.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    p.add_argument("--limit", type=int, help="first N articles of each set only")
    args = p.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        p.error("give --out DIR or --compare BEFORE AFTER")
    write(args.out, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
