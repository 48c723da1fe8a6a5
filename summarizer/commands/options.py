"""What the commands share: the model options and the rules between them, how a setting is resolved
(flag over BRIEF_* variable over default), logging to stderr, SIGTERM taken as Ctrl+C, and errors."""
from __future__ import annotations

import contextlib
import logging
import signal
import sys

from ..config import Config, flag_values

QUIET_HELP = "errors only: no progress, no warnings, no summary line"


class _Stderr(logging.StreamHandler):
    """Writes to sys.stderr as it is when a record comes, not as it was when logging was set up
    (a command may run more than once in a process, e.g. under a test runner)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def log_to_stderr() -> None:
    root = logging.getLogger()
    if not any(isinstance(h, _Stderr) for h in root.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in ("transformers", "huggingface_hub", "urllib3", "filelock"):
        logging.getLogger(name).setLevel(logging.ERROR)


def fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def warn(messages, quiet: bool) -> None:
    for message in [] if quiet else messages:
        print(f"warning: {message}", file=sys.stderr)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def sigterm_as_interrupt():
    """`kill` ends a command as Ctrl+C does: outputs closed, fetches stopped, Ray stopped."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def resolve_config(args, *, no_translate: bool, greedy: bool = False) -> Config:
    """The library's settings of a command: its flags over BRIEF_* variables over the defaults."""
    overrides = flag_values(Config, args)
    if greedy and (getattr(args, "greedy", False) or getattr(args, "num_beams", None) is None):
        overrides["num_beams"] = 1  # a --beams flag beats BRIEF_GREEDY
    if no_translate:
        overrides["translator_model"] = ""
    return Config.from_env(**overrides)


def check_model_flags(args, config: Config, *, no_translate: bool) -> None:
    """Contradictory model flags, or a flag for a model this run does not use, are refused with the
    reason (ValueError), never silently ignored. Variables are settings kept for other runs, so only
    flags are refused."""
    if getattr(args, "no_translate", False) and getattr(args, "translator_model", None):
        raise ValueError("--no-translate and --translator-model contradict each other: drop one of them")
    if no_translate and config.require_english:
        raise ValueError("--no-translate and --require-english contradict each other: drop one of them")
    if config.allow_no_english and config.require_english:
        raise ValueError("--allow-no-english and --require-english contradict each other: drop one of them")
    seq2seq, english = config.backend == "seq2seq", bool(config.translator_model)
    unused = {"summarizer_model": not seq2seq, "summarizer_runtime": not seq2seq,
              "summary_max_new_tokens": not seq2seq, "headline_max_new_tokens": not seq2seq,
              "translator_runtime": not english, "translation_max_new_tokens": not english,
              "num_beams": not seq2seq and not english}
    for name, idle in unused.items():
        if idle and getattr(args, name, None) is not None:
            flag = "--beams" if name == "num_beams" else "--" + name.replace("_", "-")
            needs = ("--backend seq2seq or a translator" if name == "num_beams" else
                     "--backend seq2seq" if name.startswith(("summar", "headline")) else "a translator")
            raise ValueError(f"{flag} applies only with {needs}, which this run does not use; drop {flag}")
