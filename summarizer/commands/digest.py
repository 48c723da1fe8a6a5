"""`brief digest FEED... -o digest.html|.md|.json`: a day of news from several feeds as one page."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..config import Config, add_options, command_parser, option_error
from ..errors import BriefError, Exit, ModelUnavailable, OutputRefused
from ..progress import Progress
from .options import QUIET_HELP, check_model_flags, fail, log_to_stderr, resolve_config, sigterm_as_interrupt, warn


def build_parser() -> argparse.ArgumentParser:
    p = command_parser(
        "brief digest", "brief digest FEED... -o DIGEST [options]",
        "Brief every item of one or more news feeds (RSS 2.0, Atom or JSON "
        "Feed; URLs or files) into one digest: stories grouped by category, else by source; the same story "
        "from several feeds is one entry listing every source.")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL or file")
    p.add_argument("-o", "--output", required=True, metavar="DIGEST",
                   help="digest.html (self-contained page), .md or .json")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output")
    p.add_argument("--no-translate", action="store_true", help="Arabic digest only")
    p.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    add_options(p, Config, {}, only=("models", "brief", "limits", "web"))
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    log_to_stderr()
    output = Path(args.output)
    if output.suffix.lower() not in (".html", ".htm", ".md", ".markdown", ".json"):
        return fail(f"a digest is written as .html, .md or .json, not '{output.name}'", Exit.INPUT)
    from ..io.writers import check_output_file
    try:  # the batch command's refusals and exit code, before any feed is fetched
        check_output_file(output, example="digest" + output.suffix, overwrite=args.overwrite, resumable=False)
    except OutputRefused as error:
        return fail(str(error), Exit.OUTPUT)
    try:
        config = resolve_config(args, no_translate=args.no_translate)
        check_model_flags(args, config, no_translate=args.no_translate)
    except ValueError as error:
        return fail(option_error(str(error), (Config,)), Exit.INPUT)
    try:
        with sigterm_as_interrupt():
            digest = _digest(args, config)
    except ModelUnavailable as error:
        return fail(error.for_command(), Exit.MODEL)
    except BriefError as error:
        return fail(str(error), Exit.INPUT)
    except KeyboardInterrupt:
        return fail("interrupted; no digest was written", Exit.INTERRUPTED)
    data = digest.to_dict()
    if not data["items"] and data["failed"]:  # nothing could be read: no empty page that looks like news
        return fail(f"no story could be read from {len(args.feeds)} feed(s); nothing was written", Exit.FAILED)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    tmp.write_text(digest.render(output.suffix), encoding="utf-8")
    os.replace(tmp, output)  # a reader never sees half a digest
    if not args.quiet:
        print(f"{data['stories']} stories from {data['items']} items, {len(data['failed'])} not briefed "
              f"-> {output}", file=sys.stderr)
    return Exit.OK


def _digest(args, config: Config):
    """The digest of the feeds, its warnings said once the models are loaded and once the feeds are read."""
    from ..digest import digest_feeds
    from ..pipeline import BriefPipeline
    pipeline = BriefPipeline(config)
    warn(pipeline.load_warnings, args.quiet)
    bars: list[Progress] = []

    def progress(total: int):
        bars.append(Progress(total, args.quiet))  # the batch command's: a bar on a terminal, lines in a log
        return bars[-1].update

    warnings: list[str] = []
    try:
        return digest_feeds(args.feeds, pipeline, progress=progress, warnings=warnings)
    finally:
        for bar in bars:
            bar.close()
        warn(warnings, args.quiet)
