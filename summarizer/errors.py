"""The failures a caller must tell apart, and the command's exit codes."""
from __future__ import annotations

from .config import is_local_path

# Exit codes of the batch command (and of anything that runs it, e.g. the Ray executor); 130 and 141
# are what a shell reports for a command stopped by SIGINT or SIGPIPE.
EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_NO_ENGLISH, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 3, 130, 141


def first_line(error: BaseException, limit: int = 300) -> str:
    """An exception's message as one short line, for messages that quote a library's error."""
    text = str(error).strip()
    return text.splitlines()[0][:limit] if text else type(error).__name__


class BriefError(Exception):
    """Base of the toolkit's own errors; the message is meant for users."""


class InputError(BriefError, ValueError):
    """The article cannot be briefed: empty, not Arabic, binary, too long..."""


class OutputError(BriefError):
    """The output cannot be written where it was asked for (a folder, a path under a file): exit 1."""


class ModelUnavailable(BriefError, RuntimeError):
    """A model could not be loaded; the message names it, where it was looked for, and the fix."""

    def __init__(self, model: str, role: str, looked: str, reason: str, offline: bool = False):
        self.model, self.role, self.looked, self.reason, self.offline = model, role, looked, reason, offline
        super().__init__(f"{role} model '{model}' is not available: {reason.rstrip('. ')}. Looked in: {looked}. "
                         f"{self.fix}")

    @property
    def fix(self) -> str:
        """What the user can do, for this kind of name: a folder is fixed by a path, a hub id by a download."""
        flag = f"--{self.role}-model"
        if is_local_path(self.model):
            return (f"Check the path, or pass a hub id with {flag} (e.g. {flag} Helsinki-NLP/opus-mt-ar-en)"
                    if self.role == "translator" else f"Check the path, or pass a hub id with {flag}.")
        how = (f"To get it: `brief models download --{self.role} {self.model}` on a machine with internet "
               f"access (then copy its Hugging Face cache, HF_HOME, here), or pass a local folder with {flag} PATH")
        return how + (" (downloads are off here)." if self.offline else ".")

    def __reduce__(self):  # picklable, so it crosses process boundaries (Ray actors) intact
        return (type(self), (self.model, self.role, self.looked, self.reason, self.offline))
