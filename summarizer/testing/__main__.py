"""python -m summarizer.testing build --kind marian|mbart|mt5 --out DIR [--seed N]: a stand-in model folder.

The folder loads like a hub model: `python -m summarizer FILE --translator-model DIR` (marian), or
`--backend seq2seq --summarizer-model DIR` (mbart, mt5). Tiny stand-ins are trained for a few
seconds and kept in a cache (see `summarizer.testing.cache_root`), so a second build is a copy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import KINDS, SHAPES, build_model, cache_root, cached_model, copy_model


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m summarizer.testing", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write a stand-in model folder")
    build.add_argument("--kind", choices=KINDS, required=True,
                       help="marian: ar->en translator (marian-big: transformer-big, .bin only); mbart, mt5: "
                       "summarizers")
    build.add_argument("--out", type=Path, required=True, help="folder to write (created; must be empty)")
    build.add_argument("--seed", type=int, default=0)
    build.add_argument("--shape", choices=SHAPES, default="tiny",
                       help="tiny: trained, small (default); real: the hub model's size, random weights (timing)")
    build.add_argument("--no-cache", action="store_true", help=f"build afresh instead of copying from {cache_root()}")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        print(f"error: {args.out} exists and is not an empty folder; choose a new --out", file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.no_cache or args.shape == "real":  # real shapes are hundreds of MB: not worth a cached copy
        build_model(args.kind, args.out, shape=args.shape, seed=args.seed)
    else:
        copy_model(cached_model(args.kind, seed=args.seed), args.out)
    made = json.loads((args.out / "stand-in.json").read_text())
    print(f"{args.kind} stand-in ({made['task']}, {made['steps']} training steps) in {args.out} "
          f"({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
