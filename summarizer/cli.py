"""The command line: argument parsing, progress and exit codes only; the library does the work.

    brief INPUT [-o OUT] [options]        brief a file, a folder or a batch
    brief models list|download [...]      what is installed; fetch models ahead of time

Every option is generated from a field (of `Config`, or of `CommandOptions` for the
command's own settings), so each flag has a variable BRIEF_<FLAG> (--bullets:
BRIEF_BULLETS) and `--help` lists them all.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal

from ._version import __version__
from .config import (
    OTHER_VARIABLES,
    Config,
    add_options,
    env_name,
    flag_name,
    flag_values,
    from_args,
    option_error,
    setting,
    unknown_variables,
)
from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_NO_ENGLISH,
    EXIT_OK,
    BriefError,
    InputError,
    ModelUnavailable,
    OutputError,
)
from .record import Record

SINGLE_SUFFIXES = (".txt", ".html", ".htm")
STDIN = "-"


@dataclass(frozen=True)
class CommandOptions:
    """The command's own settings (not the library's): how results are shown and where the batch runs."""
    format: Literal["markdown", "json", "html"] = setting(
        "markdown", "how one article is printed when there is no -o (html: a complete page)", group="output")
    no_translate: bool = setting(False, "Arabic brief only (same as --translator-model '')", group="models")
    greedy: bool = setting(False, "greedy decoding, the same as --beams 1: faster, a little worse", group="brief")
    quiet: bool = setting(False, "no progress bar", flag="--quiet", group="output")
    executor: Literal["local", "ray"] = setting("local", "where the batch runs: this process, or Ray Data "
                                             "(pip install 'arabic-news-brief[ray]')", group="scale-out")
    ray_address: str | None = setting(None, "Ray cluster to join ('auto', 'ray://host:10001'); default: start a "
                                   "local Ray for this job", group="scale-out")
    workers: int = setting(1, "model actors (Ray): with GPUs each takes a GPU share, else the CPUs are split",
                        group="scale-out")
    shard_rows: int | None = setting(None, "records per output shard (Ray; default about 1/20 of the input, at "
                                  "most 1000)", group="scale-out")
    output_format: Literal["jsonl", "parquet"] = setting("jsonl", "Ray output shard format", group="scale-out")


def variables_help() -> str:
    lines = ["Environment: each option reads a variable when the flag is not given (flag > variable > default):"]
    for cls in (Config, CommandOptions):
        lines += [f"  {env_name(f):36} {flag_name(f)}" for f in fields(cls) if f.metadata.get("cli", True)]
    lines += [f"  {name:36} {text}" for name, text in OTHER_VARIABLES.items()]
    lines.append("Models: local folders and the Hugging Face cache first; a missing model is downloaded from "
                 "the hub when it answers (HF_ENDPOINT, HF_HOME and HF_HUB_OFFLINE=1 are honoured).")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="brief", description="Brief Arabic news articles in Arabic and English (headline + 3-7 bullets). "
        "`brief models --help` lists, checks and downloads models.",
        epilog=variables_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help=".txt/.html file, folder of them, .jsonl, .csv or .zip (or shards, with "
                   "--executor ray); '-' reads one article from standard input")
    p.add_argument("-o", "--output", help="output .jsonl or .csv ('-' for JSONL on stdout); with --executor ray, "
                   "a folder of shards")
    p.add_argument("--resume", action="store_true", help="skip the records already in the output and append")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    add_options(p, CommandOptions, groups := {})
    add_options(p, Config, groups)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def resolve(args: argparse.Namespace) -> tuple[Config, CommandOptions]:
    """Flags over BRIEF_* variables over defaults, for both the library's and the command's settings."""
    options = from_args(CommandOptions, args)
    overrides = flag_values(Config, args)
    if options.greedy:
        overrides["num_beams"] = 1
    if options.no_translate:
        overrides["translator_model"] = ""
    return Config.from_env(**overrides), options


class _Stderr(logging.StreamHandler):
    """Writes to sys.stderr as it is when a record comes, not as it was when logging was set up
    (the command may run more than once in a process, e.g. under a test runner)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _log_to_stderr() -> None:
    root = logging.getLogger()
    if not any(isinstance(h, _Stderr) for h in root.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["models"]:
        from .models_command import main as models_main
        return models_main(argv[1:])
    args = build_parser().parse_args(argv)
    _log_to_stderr()
    for name in ("transformers", "huggingface_hub", "urllib3", "filelock"):
        logging.getLogger(name).setLevel(logging.ERROR)
    for warning in unknown_variables((Config, CommandOptions), OTHER_VARIABLES):
        print(f"warning: {warning}", file=sys.stderr)
    try:
        config, options = resolve(args)
        _check_combination(args, options)
    except ValueError as error:
        return _fail(option_error(str(error), (Config, CommandOptions)), EXIT_INPUT)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends like Ctrl-C: outputs closed, Ray stopped
    try:
        return _run(args, config, options)
    except KeyboardInterrupt:
        return _fail("interrupted; run again with --resume to continue", EXIT_INTERRUPTED)
    except ModelUnavailable as error:  # either executor: a missing translator is exit 3
        return _fail(str(error), EXIT_NO_ENGLISH if error.role == "translator" else EXIT_INPUT)
    except BrokenPipeError:  # `brief x.txt | head`: the reader left; nothing more to say, but the output was cut
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # e.g. standard output on a full disk (`> /dev/full`); a file names itself
        _drop_stdout()
        what = f"cannot use {error.filename}" if error.filename else "cannot write the output"
        return _fail(f"{what}: {error.strerror or error}", EXIT_FAILED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a dead stdout raises nothing."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _check_combination(args, options: CommandOptions) -> None:
    if args.resume and args.overwrite:
        raise ValueError("--resume and --overwrite contradict each other: continue the output, or replace it")
    if args.resume and args.output in (None, "-"):
        raise ValueError("--resume continues an output file: name it with -o")
    for name in ("workers", "shard_rows"):
        if getattr(options, name) is not None and getattr(options, name) < 1:
            raise ValueError(f"{name} must be at least 1, got {getattr(options, name)}")


def _run(args, config: Config, options: CommandOptions) -> int:
    if args.input == STDIN:
        return _run_stdin(args, config, options)
    source = Path(args.input)
    if options.executor == "local" and not source.exists():
        return _fail(f"input not found: {source}", EXIT_INPUT)
    single = source.is_file() and source.suffix.lower() in SINGLE_SUFFIXES and not args.output
    if args.format is not None and not single:
        return _fail(f"--format {args.format} prints one .txt/.html article; for a batch the output's "
                     "suffix sets the format (-o briefs.jsonl or -o briefs.csv)", EXIT_INPUT)
    if options.executor == "ray":
        return _run_ray(args, config, options)
    pipeline = _pipeline(config)
    if single:
        from .io import read_records
        return _print_one(pipeline, next(read_records(source, config)), options.format)
    return _run_batch(pipeline, source, args, config, options)


def _pipeline(config: Config):
    """The loaded pipeline, its load warnings printed; a model that cannot load raises ModelUnavailable."""
    from .pipeline import BriefPipeline
    pipeline = BriefPipeline(config)
    for warning in pipeline.load_warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return pipeline


def _run_stdin(args, config: Config, options: CommandOptions) -> int:
    """`brief -`: one article (text or HTML) from standard input, printed like a .txt file's brief."""
    if args.output or options.executor != "local":
        return _fail("`-` reads one article from standard input and prints its brief; for a batch, give a "
                     ".jsonl, .csv or .zip file or a folder as INPUT", EXIT_INPUT)
    data = sys.stdin.buffer.read(config.max_file_bytes + 1)
    if len(data) > config.max_file_bytes:
        return _fail(f"standard input is too large: over {config.max_file_bytes:,} bytes", EXIT_INPUT)
    return _print_one(_pipeline(config), Record(STDIN, text=data, where="standard input"), options.format)


def _print_one(pipeline, record: Record, fmt: str) -> int:
    try:
        if record.error:
            raise InputError(record.error)
        brief = pipeline(record.text)
    except BriefError as error:
        return _fail(f"{record.where}: {error}", EXIT_INPUT)
    text = {"markdown": brief.to_markdown, "json": brief.to_json, "html": lambda: brief.to_html(page=True)}[fmt]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _run_batch(pipeline, source: Path, args, config: Config, options: CommandOptions) -> int:
    from tqdm import tqdm

    from .io import count_records, open_writer, read_records
    try:
        records = read_records(source, config)
        writer = open_writer(args.output, resume=args.resume, overwrite=args.overwrite, inputs=[source],
                             settings=pipeline.content_settings())
    except OutputError as error:
        return _fail(str(error), EXIT_FAILED)
    except (InputError, OSError) as error:
        return _fail(str(error), EXIT_INPUT)
    counts = {"done": 0, "skipped": 0, "failed": 0}
    start = time.perf_counter()

    def todo():
        for record in records:
            if writer.skip(record):
                counts["skipped"] += 1
                bar.update(1)
                continue
            yield record

    with writer, tqdm(total=count_records(source), unit="article", disable=options.quiet, file=sys.stderr,
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


def _run_ray(args, config: Config, options: CommandOptions) -> int:
    try:
        from .distributed.ray import RayJob, run
    except ImportError as error:
        return _fail(f"--executor ray needs Ray: pip install 'arabic-news-brief[ray]' ({error})", EXIT_INPUT)
    job = RayJob(input=args.input, output=args.output, resume=args.resume, overwrite=args.overwrite,
                 quiet=options.quiet, workers=options.workers, ray_address=options.ray_address,
                 shard_rows=options.shard_rows, output_format=options.output_format)
    try:
        return run(job, config)
    except ModelUnavailable:
        raise  # main() answers it, as for the local executor
    except OutputError as error:
        return _fail(str(error), EXIT_FAILED)
    except (BriefError, OSError) as error:
        return _fail(str(error), EXIT_INPUT)
