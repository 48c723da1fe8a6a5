"""The two failures a caller must tell apart: bad input and a model that cannot be had."""
from __future__ import annotations


class BriefError(Exception):
    """Base of the toolkit's own errors; the message is meant for users."""


class InputError(BriefError, ValueError):
    """The article cannot be briefed: empty, not Arabic, binary, too long..."""


class ModelUnavailable(BriefError, RuntimeError):
    """A model could not be loaded; the message names it, where it was looked for, and the fix."""

    def __init__(self, model: str, role: str, looked: str, reason: str):
        self.model, self.role, self.looked, self.reason = model, role, looked, reason
        super().__init__(
            f"{role} model '{model}' is not available: {reason}. Looked in: {looked}. "
            f"To provide it, download it once on a machine with internet access "
            f"(`huggingface-cli download {model}`) or pass a local folder with "
            f"--{role}-model PATH (env BRIEF_{role.upper()}_MODEL), or allow downloads with --download.")

    def __reduce__(self):  # picklable, so it crosses process boundaries (Ray actors) intact
        return (type(self), (self.model, self.role, self.looked, self.reason))
