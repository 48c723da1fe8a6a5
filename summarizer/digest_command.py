"""`brief digest FEED... -o digest.html|.md|.json`: a day of news from several feeds as one page."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from .config import Config, add_options, flag_values, option_error
from .errors import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_OUTPUT,
    BriefError,
    ModelUnavailable,
    OutputRefused,
)
from .progress import Progress


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="brief digest", usage="brief digest FEED... -o DIGEST [options]",
        formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=34, width=100),
        description="Brief every item of one or more news feeds (RSS 2.0, Atom or JSON "
        "Feed; URLs or files) into one digest: stories grouped by category, else by source; the same story "
        "from several feeds is one entry listing every source.")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL or file")
    p.add_argument("-o", "--output", required=True, metavar="DIGEST",
                   help="digest.html (self-contained page), .md or .json")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--no-translate", action="store_true", help="Arabic digest only")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress; else a bar on a terminal, a line "
                   "per tenth elsewhere")
    add_options(p, Config, {}, only=("models", "brief", "limits", "web"))
    return p


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    output = Path(args.output)
    if output.suffix.lower() not in (".html", ".htm", ".md", ".markdown", ".json"):
        print(f"error: a digest is written as .html, .md or .json, not '{output.name}'", file=sys.stderr)
        return EXIT_INPUT
    from .io.writers import check_output_file
    try:  # the batch command's refusals and exit code, before any feed is fetched
        check_output_file(output, example="digest" + output.suffix, overwrite=args.overwrite, resumable=False)
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    try:
        overrides = flag_values(Config, args)
        if args.no_translate:
            overrides["translator_model"] = ""
        config = Config.from_env(**overrides)
    except ValueError as error:
        print(f"error: {option_error(str(error), (Config,))}", file=sys.stderr)
        return EXIT_INPUT
    from .digest import digest_feeds
    from .pipeline import BriefPipeline
    try:
        pipeline = BriefPipeline(config)
    except ModelUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_MODEL
    for warning in pipeline.load_warnings:
        print(f"warning: {warning}", file=sys.stderr)
    bar = None

    def progress(total: int):
        nonlocal bar
        bar = Progress(total, args.quiet)  # the batch command's: a bar on a terminal, lines in a log
        return bar.update

    warnings: list[str] = []
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends like Ctrl-C: fetches stopped at once
    try:
        digest = digest_feeds(args.feeds, pipeline, progress=progress, warnings=warnings)
    except BriefError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("error: interrupted; no digest was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
        if bar is not None:
            bar.close()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    data = digest.to_dict()
    if not data["stories"] and data["failed"]:  # nothing could be read: no empty page that looks like news
        print(f"error: no story could be read from {len(args.feeds)} feed(s); nothing was written", file=sys.stderr)
        return EXIT_FAILED
    text = digest.render(output.suffix)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)  # a reader never sees half a digest
    print(f"{data['entries']} stories from {data['stories']} items, {len(data['failed'])} not briefed "
          f"-> {output}", file=sys.stderr)
    return EXIT_OK
