"""The stand-in cache: built once per machine and code version, then reused (tests, benchmarks, the CLI)."""
from __future__ import annotations

import hashlib
import importlib.resources
import os
import shutil
import tempfile
from pathlib import Path

from ..config import cache_home, other_variable
from .build import FAMILIES, TRAIN_STEPS, build_model
from .text import CORPUS, PACKAGE


def cache_root() -> Path:
    """BRIEF_STAND_IN_CACHE, else $XDG_CACHE_HOME/brief-stand-ins (~/.cache/brief-stand-ins), else,
    where that cannot be written (a read-only home), the temporary folder's brief-stand-ins."""
    if other_variable("BRIEF_STAND_IN_CACHE"):
        return Path(other_variable("BRIEF_STAND_IN_CACHE")).expanduser()
    root = cache_home() / "brief-stand-ins"
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir()) / "brief-stand-ins"
    return root if os.access(root, os.W_OK) else Path(tempfile.gettempdir()) / "brief-stand-ins"


def cache_key(family: str, seed: int = 0, shape: str = "tiny") -> str:
    """Changes with anything that changes the built files: this package's code and corpus, the
    family, shape, seed and steps, and the versions of the libraries that train and save."""
    import sentencepiece
    import torch
    import transformers
    digest = hashlib.sha256()
    package = importlib.resources.files(PACKAGE)
    code = sorted(entry.name for entry in package.iterdir() if entry.name.endswith(".py"))
    for name in sorted([*code, *(f"data/{f}" for f in CORPUS.values())]):
        digest.update(name.encode() + b"\0" + package.joinpath(*name.split("/")).read_bytes())
    steps = TRAIN_STEPS[family] if shape == "tiny" else 0
    digest.update(f"{family}|{shape}|{seed}|{steps}|{torch.__version__}|{transformers.__version__}|"
                  f"{sentencepiece.__version__}".encode())
    return digest.hexdigest()[:16]


def cached_model(family: str, *, seed: int = 0, shape: str = "tiny", root: str | Path | None = None) -> Path:
    """The stand-in's folder in the cache, built there first if missing. Treat it as read-only."""
    root = Path(root) if root is not None else cache_root()
    target = _cache_folder(root, family, seed, shape)
    if (target / "stand-in.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built beside it, then renamed: a crash or a concurrent build never leaves a half-written folder.
    with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
        build_model(family, Path(tmp) / "model", shape=shape, seed=seed)
        try:
            os.replace(Path(tmp) / "model", target)
        except OSError:  # another process finished the same build first
            if not (target / "stand-in.json").is_file():
                raise
    return target


def cached_models(families=FAMILIES, *, seed: int = 0, shape: str = "tiny", root: str | Path | None = None,
                  processes: int | None = None) -> dict[str, Path]:
    """family -> cached folder; missing ones are built side by side, one process per CPU."""
    import subprocess
    import sys

    from ..config import cpu_threads
    root = Path(root) if root is not None else cache_root()
    missing = [f for f in families if not (_cache_folder(root, f, seed, shape) / "stand-in.json").is_file()]
    if len(missing) > 1 and (processes or cpu_threads()) > 1:
        # Child processes (not threads: training is Python-bound), each with this package on its path.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
            str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH")]))}
        code = "import sys; from summarizer.testing import cached_model; cached_model(sys.argv[1], " \
               "seed=int(sys.argv[2]), shape=sys.argv[3], root=sys.argv[4])"
        width = min(len(missing), processes or cpu_threads())
        for start in range(0, len(missing), width):
            children = [subprocess.Popen([sys.executable, "-c", code, f, str(seed), shape, str(root)], env=env)
                        for f in missing[start:start + width]]
            for child in children:
                child.wait()
    return {f: cached_model(f, seed=seed, shape=shape, root=root) for f in families}


def _cache_folder(root: Path, family: str, seed: int, shape: str) -> Path:
    # The model folder itself is named for its family (tools name outputs after it).
    return root / f"{family}-{shape}-seed{seed}-{cache_key(family, seed, shape)}" / family


def copy_model(source: Path, out_dir: str | Path) -> Path:
    """A writable copy of a cached stand-in at out_dir."""
    out = Path(out_dir)
    shutil.copytree(source, out, dirs_exist_ok=True)
    return out
