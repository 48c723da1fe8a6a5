"""The command line: argument parsing, progress and exit codes only; the pipeline does the work."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import get_args

from . import __version__
from .config import Config, Device, DType, Engine
from .errors import BriefError, InputError, ModelUnavailable

EXIT_OK, EXIT_INPUT, EXIT_NO_ENGLISH = 0, 2, 3


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="brief", description="Brief Arabic news articles in Arabic and English (headline + 3-7 bullets).",
        epilog="Every option also reads an environment variable BRIEF_<NAME> (e.g. BRIEF_TRANSLATOR_MODEL).")
    p.add_argument("input", help=".txt/.html file, folder of .txt files, .jsonl or .csv file (or shards, with --engine ray)")
    p.add_argument("-o", "--output", help="output JSONL file ('-' for stdout); with --engine ray, an output folder")
    p.add_argument("--resume", action="store_true", help="skip ids already in the output and append")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--format", choices=["markdown", "json", "html"], default="markdown",
                   help="how a single .txt is printed when there is no -o (default markdown)")
    m = p.add_argument_group("models")
    m.add_argument("--backend", choices=["extractive", "seq2seq"], help="summarizer (default extractive, no weights)")
    m.add_argument("--summarizer-model", help="hub id or local folder of a seq2seq summarizer")
    m.add_argument("--translator-model", help="hub id or local folder of a MarianMT ar->en model ('' = none)")
    for role in ("summarizer", "translator"):
        m.add_argument(f"--{role}-engine", choices=get_args(Engine),
                       help=f"ctranslate2: convert the {role} once and run it there, the fast CPU path "
                            "(pip install -e .[fast]); default transformers")
    m.add_argument("--no-translate", action="store_true", help="Arabic brief only")
    m.add_argument("--require-english", action="store_true", help="exit with code 3 if no translator can be loaded")
    m.add_argument("--download", action="store_true", default=None, help="allow fetching models from the hub")
    m.add_argument("--device", choices=get_args(Device))
    m.add_argument("--dtype", choices=get_args(DType))
    m.add_argument("--threads", type=int,
                   help="CPU threads (torch; ctranslate2 splits them into one-batch workers); default all")
    g = p.add_argument_group("brief")
    g.add_argument("--bullets", type=int, help="number of bullets, 3-7 (default 5)")
    g.add_argument("--beams", type=int, help="beam count (default: each model's own)")
    g.add_argument("--greedy", action="store_true", help="greedy decoding (same as --beams 1): faster, a little worse")
    g.add_argument("--max-chars", type=int, help="refuse longer articles (default 200000)")
    g.add_argument("--batch-size", type=int, help="articles per batch and sentences per generate call")
    r = p.add_argument_group("scale-out")
    r.add_argument("--engine", choices=["local", "ray"], default="local")
    r.add_argument("--ray-address", help="Ray cluster to join ('auto', 'ray://host:10001'); default: start a local Ray")
    r.add_argument("--workers", type=int, default=1,
                   help="model actors (Ray): with GPUs each takes a GPU share, else the CPUs are split between them")
    r.add_argument("--shard-rows", type=int,
                   help="records per output shard (--engine ray; default about 1/20 of the input, at most 1000)")
    r.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl", help="Ray output shard format")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def config_from_args(args: argparse.Namespace) -> Config:
    return Config.from_env(
        backend=args.backend, summarizer_model=args.summarizer_model,
        translator_model="" if args.no_translate else args.translator_model,
        summarizer_engine=args.summarizer_engine, translator_engine=args.translator_engine,
        device=args.device, dtype=args.dtype,
        num_threads=args.threads, num_bullets=args.bullets, num_beams=1 if args.greedy else args.beams,
        max_chars=args.max_chars, batch_size=args.batch_size, allow_download=args.download,
        require_english=True if args.require_english else None)


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        config = config_from_args(args)
    except ValueError as error:
        return _fail(str(error), EXIT_INPUT)
    source = Path(args.input)
    if args.engine == "ray":
        return _run_ray(args, config)
    if not source.exists():
        return _fail(f"input not found: {source}", EXIT_INPUT)
    try:
        from .pipeline import BriefPipeline
        pipeline = BriefPipeline(config)
    except ModelUnavailable as error:
        return _fail(str(error), EXIT_NO_ENGLISH if error.role == "translator" else EXIT_INPUT)
    for warning in pipeline.load_warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if source.is_file() and source.suffix.lower() in (".txt", ".html", ".htm") and not args.output:
        return _print_one(pipeline, source, args.format, config)
    return _run_batch(pipeline, source, args, config)


def _print_one(pipeline, source: Path, fmt: str, config: Config) -> int:
    from .io import read_records
    record = next(read_records(source, config))
    try:
        if record.error:
            raise InputError(record.error)
        brief = pipeline(record.text)
    except BriefError as error:
        return _fail(f"{source}: {error}", EXIT_INPUT)
    print({"markdown": brief.to_markdown, "json": brief.to_json, "html": brief.to_html}[fmt]())
    return EXIT_OK


def _run_batch(pipeline, source: Path, args, config: Config) -> int:
    from tqdm import tqdm

    from .io import JsonlWriter, count_records, read_records
    try:
        writer = JsonlWriter(args.output, resume=args.resume, overwrite=args.overwrite)
        records = read_records(source, config)
    except (InputError, OSError) as error:
        return _fail(str(error), EXIT_INPUT)
    done_before = set(writer.done)
    counts = {"done": 0, "skipped": 0, "failed": 0}
    start = time.perf_counter()

    def todo():
        for record in records:
            if record.id in done_before:
                counts["skipped"] += 1
                bar.update(1)
                continue
            yield record

    with writer, tqdm(total=count_records(source), unit="article", disable=args.quiet, file=sys.stderr,
                      dynamic_ncols=True) as bar:
        try:
            for out in pipeline.run_records(todo()):
                writer.write(out)
                counts["failed" if "error" in out else "done"] += 1
                bar.update(1)
        except InputError as error:  # e.g. a CSV without a 'text' column
            return _fail(str(error), EXIT_INPUT)
    seconds = time.perf_counter() - start
    print(f"done {counts['done']}, skipped {counts['skipped']}, failed {counts['failed']} "
          f"in {seconds:.1f}s -> {args.output or 'stdout'}", file=sys.stderr)
    if config.require_english and pipeline.translator is None:
        return EXIT_NO_ENGLISH
    return EXIT_OK


def _run_ray(args, config: Config) -> int:
    try:
        from .engines.ray import run as run_ray
    except ImportError as error:
        return _fail(f"--engine ray needs Ray: pip install -r requirements-ray.txt ({error})", EXIT_INPUT)
    try:
        return run_ray(args, config)
    except (BriefError, OSError) as error:
        return _fail(str(error), EXIT_INPUT)
