"""`brief follow FEED... --store news.db [--every 15m | --once] [--atom A] [--digest D] [--keep-days N]`."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from ..config import Config, add_options, command_parser, flag_values, option_error
from ..errors import Exit, ModelUnavailable, OutputRefused
from .politeness import DAY, parse_every

DIGEST_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".json")


def build_parser() -> argparse.ArgumentParser:
    p = command_parser(
        "brief follow", "brief follow FEED... --store STORE [--every 15m | --once] [options]",
        "Follow news feeds (RSS 2.0, Atom or JSON Feed): each poll reads every feed that is due with a "
        "conditional request and briefs each new item once into a store; the same story from another feed, or "
        "edited, becomes a source of the story already there. After each poll it can write an Atom feed of the "
        "stories in English and the digest of the last 24 hours.")
    p.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL (or file)")
    p.add_argument("--store", required=True, metavar="STORE", help="the SQLite file that keeps the stories, "
                   "made on first use; one `brief follow` writes it at a time")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--every", metavar="TIME", help="poll again every TIME (30s, 15m, 1h) until SIGINT/SIGTERM")
    when.add_argument("--once", action="store_true", help="poll once and exit (for cron or a systemd timer; the "
                      "default)")
    p.add_argument("--atom", metavar="FILE", help="write an Atom feed of the latest stories after each poll")
    p.add_argument("--digest", metavar="FILE", help="write the last 24 hours' digest after each poll (.html, .md "
                   "or .json)")
    p.add_argument("--keep-days", type=float, metavar="DAYS", help="drop stories older than DAYS after each poll "
                   "(the file shrinks) [default: keep everything]")
    p.add_argument("--no-translate", action="store_true", help="Arabic only (same as --translator-model '')")
    p.add_argument("-q", "--quiet", action="store_true", help="no line per poll (warnings still)")
    add_options(p, Config, {}, only=("models", "brief", "limits", "speed", "web"))
    return p


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _settings(args) -> tuple[Config, float | None]:
    every = parse_every(args.every) if args.every else None
    if args.digest and Path(args.digest).suffix.lower() not in DIGEST_SUFFIXES:
        raise ValueError(f"a digest is written as .html, .md or .json, not '{Path(args.digest).name}'")
    if args.keep_days is not None and not args.keep_days > 0:
        raise ValueError(f"--keep-days must be positive, got {args.keep_days:g}")
    if args.no_translate and args.translator_model:
        raise ValueError("--no-translate and --translator-model contradict each other: drop one of them")
    overrides = flag_values(Config, args)
    if args.no_translate:
        overrides["translator_model"] = ""
    return Config.from_env(**overrides), every


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        config, every = _settings(args)
    except ValueError as error:
        print(f"error: {option_error(str(error), (Config,))}", file=sys.stderr)
        return Exit.INPUT
    from .store import SQLiteStore
    try:
        store = SQLiteStore.open(args.store)  # refused before any model loads: damaged, or another writer
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return Exit.OUTPUT
    try:
        from ..pipeline import BriefPipeline
        try:
            pipeline = BriefPipeline(config)
        except ModelUnavailable as error:
            print(f"error: {error}", file=sys.stderr)
            return Exit.MODEL
        for warning in pipeline.load_warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return _follow(args, store, pipeline, every)
    finally:
        store.close()


def _follow(args, store, pipeline, every: float | None) -> int:
    """Poll, write the outputs, prune; again every `every` seconds until a signal (then exit 130)."""
    from .poll import Poller
    poller = Poller(store, pipeline)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl+C does, at once
    try:
        tick = time.monotonic()
        while True:
            report = poller.poll(args.feeds)
            _outputs(args, store, pipeline.config)
            for warning in report.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            if not args.quiet:
                print(f"{time.strftime('%H:%M:%S')} {report.line()}", file=sys.stderr, flush=True)
            if every is None:
                return Exit.FAILED if report.feeds and report.failed_feeds == report.feeds else Exit.OK
            tick = max(tick + every, time.monotonic())
            time.sleep(max(0.0, tick - time.monotonic()))  # a signal ends the sleep at once
    except KeyboardInterrupt:
        print("stopped; an item that was being briefed is briefed on the next run", file=sys.stderr)
        return Exit.INTERRUPTED
    finally:
        poller.stop()
        signal.signal(signal.SIGTERM, previous)


def _outputs(args, store, config: Config) -> None:
    from .atom import atom_feed, digest_of, write_atomically
    if args.keep_days:
        store.prune(time.time() - args.keep_days * DAY)
    if args.atom:
        write_atomically(Path(args.atom), atom_feed(store))
    if args.digest:
        digest = digest_of(store, time.time() - DAY, english_wanted=bool(config.translator_model))
        write_atomically(Path(args.digest), digest.render(Path(args.digest).suffix))
