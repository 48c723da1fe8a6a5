"""An installed copy works: the wheel, in a fresh virtualenv, run from another folder."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import SEED

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh virtualenv

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd, env=None, timeout=600):
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def copy_checkout(dest: Path) -> Path:
    """A copy of the checkout's files as git sees them (tracked, and untracked but not ignored), links kept."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_symlink() or (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name, follow_symlinks=False)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel installed in a new virtualenv; its dependencies are this environment's (a .pth), not the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = copy_checkout(work / "source")  # building writes build/ and *.egg-info into the tree
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


def _readme_tools():
    spec = importlib.util.spec_from_file_location("ci_readme", ROOT / ".ci" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_readmes_first_command_as_written_then_a_news_page_without_furniture(tmp_path, seed_text):
    """The README's first command, taken from the README as CI takes it, in a fresh shell and a copy of the
    checkout: the core alone, with the pip the new virtualenv bundles (not upgraded). Its transcript is clean,
    and the installed command briefs an HTML page with the furniture removed: trafilatura needs
    lxml_html_clean, which pip 23.2 did not get from `lxml[html_clean]`."""
    readme = _readme_tools()
    command = readme.commands((ROOT / "README.md").read_text(encoding="utf-8"))[0]
    checkout = copy_checkout(tmp_path / "checkout")
    (tmp_path / "shared").symlink_to(SEED.parent.parent)  # ../shared, as beside the real checkout
    drop = {str(Path(sys.prefix) / "bin"), os.path.join(os.environ.get("VIRTUAL_ENV", "/nonexistent"), "bin")}
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p not in drop)
    fresh = {"HOME": os.environ["HOME"], "PATH": path, "LANG": "C.UTF-8"}  # a new shell: nothing inherited
    done = subprocess.run(["bash", "--noprofile", "--norc", "-c", command], cwd=checkout, env=fresh,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert readme.problems(done.stdout, done.stderr) == []
    python = checkout / ".venv" / "bin" / "python"
    bundled = run(python, "-c", "import ensurepip; print(ensurepip.version())", cwd=tmp_path).stdout.strip()
    assert run(python, "-m", "pip", "--version", cwd=tmp_path).stdout.split()[1] == bundled  # not upgraded
    assert done.stdout.startswith("# ") or "\n# " in done.stdout  # the seed's brief, on stdout
    page = ROOT / "tests" / "data" / "html" / "article-semantic.html"
    expected = json.loads((page.parent / "expected.json").read_text(encoding="utf-8"))[page.name]
    result = run(checkout / ".venv" / "bin" / "brief", page, "--no-translate", "--bullets", "7", "--format", "json",
                 cwd=tmp_path, env={**fresh, "HF_HUB_OFFLINE": "1", "BRIEF_THREADS": "1"})
    brief = json.loads(result.stdout)
    shown = "\n".join([brief["headline_ar"], *brief["bullets_ar"]])
    assert not [chrome for chrome in expected["chrome"] if chrome in shown]
    note = next(w for w in brief["warnings"] if "the input was HTML" in w)
    assert "extracted with trafilatura" in note, note
    assert result.stderr == ""
