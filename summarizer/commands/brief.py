"""`brief INPUT [-o OUTPUT]`: a file, a folder, a batch, a URL or a feed briefed; one article printed,
a batch written, with progress and an exit code.

Every option is generated from a field (of `Config`, or of `CommandOptions` for the
command's own settings), so each flag has a variable BRIEF_<FLAG> (--bullets:
BRIEF_BULLETS) and `--help` lists them all.
"""
from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .._version import __version__
from ..config import (
    OTHER_VARIABLES,
    Config,
    add_options,
    command_parser,
    env_name,
    from_args,
    option_error,
    setting,
    unknown_variables,
)
from ..errors import EXIT_CODES, BriefError, Exit, InputError, ModelUnavailable, OutputRefused
from ..progress import Progress
from ..record import Record
from .options import QUIET_HELP, check_model_flags, fail, log_to_stderr, resolve_config, sigterm_as_interrupt, warn

SINGLE_SUFFIXES = (".txt", ".html", ".htm")
STDIN = "-"


@dataclass(frozen=True)
class CommandOptions:
    """The command's own settings (not the library's): how results are shown and where the batch runs."""
    format: Literal["markdown", "json", "html"] = setting(
        "markdown", "how one brief is printed (html: a whole page)", group="output")
    quiet: bool = setting(False, QUIET_HELP, flag="--quiet", group="output")
    no_translate: bool = setting(False, "Arabic only (same as --translator-model '')", group="models")
    greedy: bool = setting(False, "greedy decoding, as --beams 1: faster, a little worse", group="brief")
    executor: Literal["local", "ray"] = setting("local", "here, or on Ray Data (the [ray] extra)",
                                                group="scale-out")
    ray_address: str | None = setting(None, "Ray cluster: auto, ray://host:10001 [default: a local Ray]", group="scale-out", metavar="ADDRESS")
    workers: int = setting(1, "model actors, sharing the GPUs or else the CPUs",
                           group="scale-out")
    shard_rows: int | None = setting(None, "records per shard [default: ~1/20 of the input, <= 1000]", group="scale-out")
    output_format: Literal["jsonl", "parquet"] = setting("jsonl", "format of the output shards", group="scale-out")


RAY_ONLY = ("ray_address", "workers", "shard_rows", "output_format")
USAGE = ("brief INPUT [-o OUTPUT] [options]\n       brief digest FEED... -o DIGEST [options]\n"
         "       brief follow FEED... --store STORE [--every 15m | --once] [options]\n"
         "       brief models {list,doctor,download} [options]")
DESCRIPTION = """Brief Arabic news in Arabic and English: a headline and 3-7 bullets, each with its source.

INPUT is a .txt or .html article, a folder of them, a .jsonl, .csv or .zip batch, - for one
article on standard input, a page's URL, a feed (RSS, Atom or JSON Feed; URL or file) or a .txt
list of URLs. One article's brief is printed on standard output; a batch is written to -o OUTPUT
(.jsonl or .csv), one record per input record.

commands:
  brief digest FEED...    one page of the feeds' stories, duplicates merged (.html, .md, .json)
  brief models list       the models in use: found where, or missing
  brief models doctor     list, plus broken packages and whether the hub answers
  brief models download   fetch models ahead of time (for machines without internet)"""


def epilog() -> str:
    codes = ", ".join(f"{code} {short}" for code, (short, _) in EXIT_CODES.items())
    return ("environment:\n"
            "  every option reads BRIEF_ plus its name when the flag is not given: --bullets reads\n"
            "  BRIEF_BULLETS, --translator-model BRIEF_TRANSLATOR_MODEL. Models come from a folder, the\n"
            "  Hugging Face cache (HF_HOME) or the hub (never with HF_HUB_OFFLINE=1).\n\n"
            + textwrap.fill(f"exit codes: {codes}.", width=100, subsequent_indent="  ") + "\n"
            "More in README.md; `brief models --help` for the models.")


def build_parser() -> argparse.ArgumentParser:
    p = command_parser("brief", USAGE, DESCRIPTION, raw=True, epilog=epilog(), add_help=False)
    groups = {"output": p.add_argument_group("input and output")}
    p.add_argument("input", metavar="INPUT", help=argparse.SUPPRESS)
    out = groups["output"]
    out.add_argument("-o", "--output", metavar="PATH", help="the batch's .jsonl or .csv (- for stdout); a folder "
                     "for Ray")
    out.add_argument("--resume", action="store_true", help="skip the records already in the output and append")
    out.add_argument("--overwrite", action="store_true", help="replace an existing output")
    add_options(p, CommandOptions, groups)
    add_options(p, Config, groups)
    other = p.add_argument_group("other")
    other.add_argument("-h", "--help", action="help", help="show this help and exit")
    other.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def resolve(args: argparse.Namespace) -> tuple[Config, CommandOptions]:
    """Flags over BRIEF_* variables over defaults, for both the library's and the command's settings."""
    options = from_args(CommandOptions, args)
    return resolve_config(args, no_translate=options.no_translate, greedy=options.greedy), options


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    log_to_stderr()
    warn(unknown_variables((Config, CommandOptions), OTHER_VARIABLES), quiet=False)
    try:
        config, options = resolve(args)
        _check_combination(args, options, config)
    except ValueError as error:
        return fail(option_error(str(error), (Config, CommandOptions)), Exit.INPUT)
    try:
        with sigterm_as_interrupt():
            return _run(args, config, options)
    except KeyboardInterrupt:
        return fail("interrupted; run again with --resume to continue", Exit.INTERRUPTED)
    except ModelUnavailable as error:  # either executor: a model named, or English required, is not there
        return fail(error.for_command(), Exit.MODEL)
    except BrokenPipeError:  # `brief x.txt | head`: the reader left; nothing more to say, but the output was cut
        _drop_stdout()
        return Exit.BROKEN_PIPE
    except OSError as error:  # e.g. standard output on a full disk (`> /dev/full`); a file names itself
        _drop_stdout()
        what = f"cannot use {error.filename}" if error.filename else "cannot write the output"
        return fail(f"{what}: {error.strerror or error}", Exit.FAILED)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a dead stdout raises nothing."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _given(args, name: str) -> str | None:
    """The flag or variable that set a CommandOptions field, if any (so a refusal can name it)."""
    from dataclasses import fields
    f = next(f for f in fields(CommandOptions) if f.name == name)
    if getattr(args, name, None) is not None:
        return "--" + name.replace("_", "-")
    return env_name(f) if os.environ.get(env_name(f), "").strip() else None


def _check_combination(args, options: CommandOptions, config: Config) -> None:
    """Contradictory or inapplicable options are refused with the reason, never silently ignored."""
    if args.resume and args.overwrite:
        raise ValueError("--resume and --overwrite contradict each other: continue the output, or replace it")
    if args.resume and args.output in (None, "-"):
        raise ValueError("--resume continues an output file: name it with -o")
    if options.executor != "ray":
        for name in RAY_ONLY:
            if given := _given(args, name):
                raise ValueError(f"{given} applies only with --executor ray (a local batch writes one "
                                 f"{'.jsonl or .csv file' if name == 'output_format' else 'file, in this process'});"
                                 f" add --executor ray or drop {given}")
    if args.greedy and args.num_beams not in (None, 1):
        raise ValueError(f"--greedy is --beams 1, which contradicts --beams {args.num_beams}: give one of them")
    check_model_flags(args, config, no_translate=options.no_translate)
    for name in ("workers", "shard_rows"):
        if getattr(options, name) is not None and getattr(options, name) < 1:
            raise ValueError(f"{name} must be at least 1, got {getattr(options, name)}")


def _run(args, config: Config, options: CommandOptions) -> int:
    """The input and the output are checked first; models load only when a record needs them."""
    if args.input == STDIN:
        return _run_stdin(args, config, options)
    from ..web import is_web_input
    if is_web_input(args.input, config):  # a URL, a feed, a list of URLs
        return _run_web(args, config, options)
    source = Path(args.input)
    if options.executor == "local" and not source.exists():
        return fail(f"input not found: {source}", Exit.INPUT)
    single = source.is_file() and source.suffix.lower() in SINGLE_SUFFIXES and not args.output
    if args.format is not None and not single:
        return fail(f"--format {args.format} prints one .txt/.html article; for a batch the output's "
                     "suffix sets the format (-o briefs.jsonl or -o briefs.csv)", Exit.INPUT)
    if options.executor == "ray":
        return _run_ray(args, config, options)
    if single:
        from ..io import read_records
        return _print_one(config, next(read_records(source, config)), options.format)
    return _run_batch(source, args, config, options)


def _pipeline(config: Config):
    """The pipeline, its models not loaded yet (a model that cannot load raises ModelUnavailable then)."""
    from ..pipeline import BriefPipeline
    return BriefPipeline(config, load=False)


def _run_stdin(args, config: Config, options: CommandOptions) -> int:
    """`brief -`: one article (text or HTML) from standard input, printed like a .txt file's brief."""
    if args.output or options.executor != "local":
        return fail("`-` reads one article from standard input and prints its brief; for a batch, give a "
                     ".jsonl, .csv or .zip file or a folder as INPUT", Exit.INPUT)
    data = sys.stdin.buffer.read(config.max_file_bytes + 1)
    if len(data) > config.max_file_bytes:
        return fail(f"standard input is too large: over {config.max_file_bytes:,} bytes", Exit.INPUT)
    return _print_one(config, Record(STDIN, text=data, where="standard input"), options.format)


def _print_one(config: Config, record: Record, fmt: str) -> int:
    """One brief on stdout; its notes (English unavailable, fallbacks, a page's source) are in it, so none
    go to stderr."""
    from ..runner import Runner
    try:
        brief = Runner(_pipeline(config)).brief(record)
    except ModelUnavailable:
        raise  # main() answers it
    except BriefError as error:
        return fail(f"{record.where}: {error}", Exit.INPUT)
    text = {"markdown": brief.to_markdown, "json": brief.to_json, "html": lambda: brief.to_html(page=True)}[fmt]()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()  # a full disk or a closed pipe is answered here, not at the interpreter's exit
    return Exit.OK


def _run_web(args, config: Config, options: CommandOptions) -> int:
    """A page, a feed or a list of URLs: records like a file's, fetched as the batch reaches them."""
    from ..web import WebBatch
    if options.executor != "local":
        return fail("web inputs (URLs, feeds) run with the local executor", Exit.INPUT)
    from ..io.writers import refuse_existing
    try:
        refuse_existing(args.output, resume=args.resume, overwrite=args.overwrite)  # before fetching anything
    except OutputRefused as error:
        return fail(str(error), Exit.OUTPUT)
    with WebBatch(config) as web:
        try:
            records = list(web.open(args.input))
        except InputError as error:
            return fail(str(error), Exit.INPUT)
        warn(web.warnings, options.quiet)
        if not records:  # an empty feed or list: no output file that looks like a finished batch
            if not options.quiet:
                print(f"done 0: {args.input} has no items; nothing was written", file=sys.stderr)
            return Exit.OK
        if not args.output and web.one_page(records, args.input):  # printed like a .txt file's brief
            return _print_one(config, next(web.records(records)), options.format)
        return _run_batch(Path(args.input), args, config, options, records=iter(records), web=web)


def _run_batch(source: Path, args, config: Config, options: CommandOptions, records=None, web=None) -> int:
    from ..io import count_records, open_writer, read_records
    from ..web import WebBatch, is_url
    web = web or WebBatch(config)  # rows with a 'url' in place of 'text' are fetched
    total = web.total if records is not None else count_records(source)
    pipeline = _pipeline(config)  # not loaded yet: only its content settings are read here
    new_output = args.output not in (None, "-") and not Path(args.output).exists()
    try:
        records = read_records(source, config) if records is None else records
        writer = open_writer(args.output, resume=args.resume, overwrite=args.overwrite,
                             inputs=[] if is_url(str(args.input)) else [source],
                             settings=pipeline.content_settings())
    except OutputRefused as error:
        return fail(str(error), Exit.OUTPUT)
    except (InputError, OSError) as error:
        return fail(str(error), Exit.INPUT)
    from ..runner import Runner
    runner = Runner(pipeline, web=web)
    start = time.perf_counter()
    progress = Progress(total, options.quiet)
    try:
        with web, writer:
            for n, _ in enumerate(runner.results(records, writers=[writer], skip=writer.skip,
                                                 progress=progress.update)):
                if n == 0 and not options.quiet:  # the models are loaded by now: what is missing, once
                    for warning in _batch_warnings(pipeline):
                        progress.write(f"warning: {warning}")
    except InputError as error:  # e.g. a CSV without a 'text' column
        return fail(str(error), Exit.INPUT)
    except ModelUnavailable:  # a model the user named is not there: main() says so; no output is left behind
        if new_output and not any(vars(runner.counts).values()):
            Path(args.output).unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    seconds, counts = time.perf_counter() - start, runner.counts
    if not options.quiet:  # quiet is errors only
        print(f"done {counts.done}, skipped {counts.skipped}, failed {counts.failed} in {seconds:.1f}s -> "
              f"{args.output or 'stdout'}", file=sys.stderr)
    return Exit.OK


def _batch_warnings(pipeline) -> list[str]:
    wanted = bool(pipeline.config.translator_model)  # --no-translate is no news
    english = [f"English unavailable: {pipeline.english_status}"] if wanted and pipeline.translator is None else []
    return [*pipeline.load_warnings, *english]


def _run_ray(args, config: Config, options: CommandOptions) -> int:
    try:
        from ..distributed.ray import RayJob, run
    except ImportError as error:
        return fail(f"--executor ray needs Ray: pip install 'arabic-news-brief[ray]' ({error})", Exit.INPUT)
    job = RayJob(input=args.input, output=args.output, resume=args.resume, overwrite=args.overwrite,
                 quiet=options.quiet, workers=options.workers, ray_address=options.ray_address,
                 shard_rows=options.shard_rows, output_format=options.output_format)
    try:
        return run(job, config)
    except ModelUnavailable:
        raise  # main() answers it, as for the local executor
    except OutputRefused as error:
        return fail(str(error), Exit.OUTPUT)
    except (BriefError, OSError) as error:
        return fail(str(error), Exit.INPUT)
