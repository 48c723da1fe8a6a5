"""An installed copy works: the wheel, in a fresh virtualenv, run from another folder."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh virtualenv

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd, env=None, timeout=600):
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel installed in a new virtualenv; its dependencies are this environment's (a .pth), not the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy of the checkout: building writes build/ and *.egg-info into the tree
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_symlink() or (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name, follow_symlinks=False)
    run(sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", work / "dist", cwd=work)
    (wheel,) = (work / "dist").glob("arabic_news_brief-*.whl")
    run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    python = work / "venv" / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=work)
    return {"python": python, "bin": work / "venv" / "bin", "work": work, "site": site}


def test_the_wheel_carries_presets_and_stand_in_corpus(installed):
    probe = ("import summarizer, summarizer.presets as p; from importlib import resources; "
             "print(summarizer.__file__); print(p.preset_for('marian', 'x').source); "
             "print(sorted(f.name for f in (resources.files('summarizer') / 'testing' / 'data').iterdir()))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # a PYTHONPATH checkout would win over the wheel
    out = run(installed["python"], "-c", probe, cwd=installed["work"], env=env).stdout.splitlines()
    assert out[0].startswith(installed["site"])  # the installed copy, not the checkout
    assert out[1] == "marian.toml" and "corpus.ar.txt" in out[2]


def test_installed_brief_command_briefs_the_seed_with_a_built_stand_in(installed, seed_text, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "article.txt").write_text(seed_text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "PYTHONPATH"))}
    env.update({"HF_HUB_OFFLINE": "1", "BRIEF_THREADS": "1"})
    run(installed["python"], "-m", "summarizer.testing", "build", "--kind", "marian", "--out", elsewhere / "tiny-opus",
        cwd=elsewhere, env=env)
    result = run(installed["bin"] / "brief", "article.txt", "--translator-model", "tiny-opus", "--format", "json",
                 "--greedy", cwd=elsewhere, env=env)
    brief = json.loads(result.stdout)
    assert brief["headline_en"] and len(brief["bullets_en"]) == len(brief["bullets_ar"]) == 5
    assert brief["meta"]["translator_model"] == "tiny-opus"
