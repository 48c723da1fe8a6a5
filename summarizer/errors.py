"""The failures a caller must tell apart, and the command's exit codes."""
from __future__ import annotations

from enum import IntEnum

from .config import is_local_path

# The exit codes of `brief` and `brief models`, each with one meaning (README, "Exit codes", is this table;
# tests/test_cli.py checks each). 2 is also argparse's code for a bad command line; 130 and 141 are what
# a shell reports for a command stopped by SIGINT or SIGPIPE.
EXIT_CODES = {  # code: (a few words for --help, the meaning)
    0: ("done", "done: every record has its output record (a bad record is an error record, not a failure)"),
    1: ("failed", "failed while working: the output could not be written, a download failed, or an internal "
        "error"),
    2: ("bad usage or input", "bad usage or input: an unknown, invalid or contradictory option, or an input that "
        "is missing or cannot be briefed; nothing was written"),
    3: ("model unavailable", "a model is unavailable: one you named (a translator too, unless "
        "--allow-no-english), or the translator under --require-english; "
        "for `brief models doctor`, a configured model is missing"),
    4: ("output refused", "output refused: it exists (pass --resume or --overwrite), is not brief's own, "
        "another run is writing it, or it is or holds an input; nothing was written"),
    5: ("broken install", "broken installation: `brief models doctor` found a package that cannot be imported"),
    130: ("interrupted", "interrupted (Ctrl+C or SIGTERM); --resume continues a batch"),
    141: ("reader left", "the reader of standard output left early, as `head` does"),
}


class Exit(IntEnum):
    """The codes of EXIT_CODES by name; the commands import this one name."""
    OK, FAILED, INPUT, MODEL, OUTPUT, BROKEN_INSTALL = 0, 1, 2, 3, 4, 5
    INTERRUPTED, BROKEN_PIPE = 130, 141


# The same codes as plain names, as the tests and the Ray executor use them.
EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_MODEL, EXIT_OUTPUT, EXIT_BROKEN_INSTALL = (
    Exit.OK, Exit.FAILED, Exit.INPUT, Exit.MODEL, Exit.OUTPUT, Exit.BROKEN_INSTALL)
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = Exit.INTERRUPTED, Exit.BROKEN_PIPE
EXIT_NO_ENGLISH = EXIT_MODEL  # the older name, still used by the Ray executor


def first_line(error: BaseException, limit: int = 300) -> str:
    """An exception's message as one short line, for messages that quote a library's error."""
    text = str(error).strip()
    return text.splitlines()[0][:limit] if text else type(error).__name__


class BriefError(Exception):
    """Base of the toolkit's own errors; the message is meant for users."""


class InputError(BriefError, ValueError):
    """The article cannot be briefed: empty, not Arabic, binary, too long..."""


class OutputRefused(InputError):
    """The output cannot be used as asked: it exists, is locked by another run, or is (or holds) an input.
    An InputError too, so callers that catch bad input still catch it; the command exits 4 for it."""


class OutputError(OutputRefused):
    """The output cannot be written where it was asked for (a folder, a path under a file): exit 4 too."""


class ModelUnavailable(BriefError, RuntimeError):
    """A model could not be loaded; the message names it, where it was looked for, and the fix."""

    def __init__(self, model: str, role: str, looked: str, reason: str, offline: bool = False):
        self.model, self.role, self.looked, self.reason, self.offline = model, role, looked, reason, offline
        super().__init__(self._message(command=False))

    def for_command(self) -> str:
        """The message with the fix in the command's words (its flags), where str() speaks of the API."""
        return self._message(command=True)

    def _message(self, command: bool) -> str:
        return (f"{self.role} model '{self.model}' is not available: {self.reason.rstrip('. ')}. "
                f"Looked in: {self.looked}. {self.fix(command)}")

    def fix(self, command: bool = False) -> str:
        """What the user can do, for this kind of name: a folder is fixed by a path, a hub id by a download;
        in the command's words (--translator-model) or the API's (Config(translator_model=...))."""
        setting = f"--{self.role}-model" if command else f"Config({self.role}_model=...)"
        if is_local_path(self.model):
            return f"Check the path, or give a hub id as {setting}."
        how = (f"To get it: `brief models download --{self.role}-model {self.model}` on a machine with internet "
               f"access (then copy its Hugging Face cache, HF_HOME, here), or give a local folder as {setting}")
        return how + (" (downloads are off here)." if self.offline else ".")

    def __reduce__(self):  # picklable, so it crosses process boundaries (Ray actors) intact
        return (type(self), (self.model, self.role, self.looked, self.reason, self.offline))
