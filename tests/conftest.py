"""Shared pytest fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
# One torch thread per process: test processes (app server, CLI, Ray actors) share 2 cores, and
# oversubscribed threads made the tiny models ~30x slower. Subprocesses inherit it via BRIEF_THREADS.
os.environ.setdefault("BRIEF_THREADS", "1")
torch.set_num_threads(1)
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def tiny_models() -> dict[str, Path]:
    """family -> folder of a tiny TRAINED stand-in (summarizer.testing): it responds to its input.

    Built once per machine and code version into the stand-in cache (about a minute from a clean
    start, in parallel), then reused. The folders are shared: copy one before changing it.
    """
    from summarizer.testing import cached_models

    return cached_models()


SHARED = Path(os.environ.get("BRIEF_SHARED_DIR", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "article-ar.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The real article the project started from (../shared/seed), read, never copied."""
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (set BRIEF_SHARED_DIR to the shared folder)")
    return SEED.read_text(encoding="utf-8")
