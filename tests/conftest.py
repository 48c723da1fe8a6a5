"""Shared pytest fixtures.

The tests are laid out like the code: tests/text/ for summarizer/text/, tests/io/ for summarizer/io/,
tests/distributed/ for summarizer/distributed/, tests/web/ for summarizer/web/ (and the digest built on
it), tests/runtimes/ for summarizer/runtimes/, tests/eval/ for eval/, and so on; a module at the top of
the package (cli, config, brief, batching, faithfulness...) is tested at the top of tests/. The folders
have no __init__.py (pytest's default import mode), so each test file's name must be unique across
folders. Helpers shared by several files live in tests/, which pytest puts on sys.path for this
conftest, and are imported by name: fake_hub.py (a local stand-in for the model hub) and samples.py
(the test article, other languages, binary junk and the input matrix), and web_site.py (a local news
site on 127.0.0.1 and its fixtures, imported as tests.web_site; tests/web/conftest.py registers them).

`python -m pytest -m "not slow"` runs the fast tier; `python -m pytest` runs everything.
"""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Importing torch, transformers, nltk and the test modules makes millions of objects that live for the whole
# run; the garbage collector's full passes over them, again and again as they grew, took some 4 s of CPU
# before the first test ran. It is off until collection ends (pytest_collection_finish, below).
gc.disable()

ROOT = Path(__file__).resolve().parent.parent
# Hermetic: the shell's BRIEF_*, HF_* and GRADIO_* variables never change a result (HF_HUB_OFFLINE=1 or
# BRIEF_BULLETS=3 exported once failed tests). They are dropped before huggingface_hub or gradio read them
# at import, as httpx's suite does with its own; only where the shared data and the stand-ins live is kept.
KEPT_VARIABLES = ("BRIEF_SHARED_DIR", "BRIEF_STAND_IN_CACHE")
SHELL = {k: v for k, v in os.environ.items() if k.startswith(("BRIEF_", "HF_", "GRADIO_")) and k not in KEPT_VARIABLES}
for _name in SHELL:
    del os.environ[_name]
# One torch thread per process: test processes (app server, CLI, Ray actors) share 2 cores, and
# oversubscribed threads made the tiny models ~30x slower. Subprocesses inherit it via BRIEF_THREADS.
os.environ["BRIEF_THREADS"] = "1"


def _one_torch_thread() -> None:
    import torch  # here, so that it is imported with the collector off
    torch.set_num_threads(1)


_one_torch_thread()
# No test reaches outside the machine: the model hub is a closed local port (nothing listens on 9, the
# discard port), set before huggingface_hub reads it at import. Tests of the hub serve a fake one and set
# their own (tests/fake_hub.py).
CLOSED_HUB = "http://127.0.0.1:9"
os.environ["HF_ENDPOINT"] = CLOSED_HUB
if str(ROOT) not in sys.path:  # plain `pytest` does not put the repo root on sys.path
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def closed_hub(monkeypatch):
    """Every test starts with the hub at CLOSED_HUB, in the environment and in huggingface_hub once loaded,
    whatever an earlier test changed; a test that serves a fake hub sets its own after this. And with no
    BRIEF_*, HF_* or GRADIO_* variable but the kept ones, whatever an earlier test set."""
    for name in [k for k in os.environ if k.startswith(("BRIEF_", "HF_", "GRADIO_"))]:
        if name not in (*KEPT_VARIABLES, "BRIEF_THREADS", "HF_ENDPOINT"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_ENDPOINT", CLOSED_HUB)
    if "huggingface_hub.constants" in sys.modules:
        monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", CLOSED_HUB)
        monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)


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


@pytest.fixture
def parts(seed_text) -> list[str]:
    """Three Arabic articles: the seed's three sections."""
    rows = [line for line in seed_text.splitlines() if line.strip()]
    return ["\n".join(rows[:5]), "\n".join(rows[5:11]), "\n".join(rows[11:])]


@pytest.fixture(scope="module")
def ct2_cache(tmp_path_factory) -> Path:
    """A fresh CTranslate2 conversion cache per test module, so each module converts its models itself."""
    return tmp_path_factory.mktemp("ct2")


@pytest.fixture
def brief_cli(capsys, monkeypatch):
    """`brief ARGS` run in this process as `python -m summarizer ARGS` runs it (`stdin` bytes as its standard
    input): a CompletedProcess with the exit code and the text of stdout and stderr. It saves an interpreter
    start (about half a second on 2 cores) per call; what only a process shows (the entry point, signals,
    pipes, a full disk, what is imported) is tested in one of its own."""
    from summarizer.commands import main

    def run(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        argv = [str(arg) for arg in args]
        capsys.readouterr()  # what the test printed before is not the command's
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(argv)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["brief", *argv], code, out, err)
    return run


def pytest_collection_finish(session):
    """The test modules are imported: what they loaded lives for the whole run, so it is frozen (left out of
    the garbage collector's passes) before the collector is turned back on."""
    gc.freeze()
    gc.enable()
