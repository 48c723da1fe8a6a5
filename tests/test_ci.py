"""CI runs the README's own commands and checks the first one's transcript."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_tools():
    spec = importlib.util.spec_from_file_location("ci_readme", ROOT / ".ci" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_takes_both_commands_from_the_readme_and_runs_them_in_fresh_shells():
    tools = readme_tools()
    first, second = tools.commands((ROOT / "README.md").read_text(encoding="utf-8"))
    # The first: a new virtualenv, its own pip (no upgrade), the core alone, and a brief.
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install")
    assert "upgrade" not in first and "-e . " in first and "[" not in first and first.endswith("article-ar.txt")
    # The second works in a new shell: it activates the virtualenv itself.
    assert second.startswith(". .venv/bin/activate && ") and second.endswith("python -m pytest -q")
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme.py command 1" in run and "readme.py command 2" in run and "readme.py check" in run
    assert "env -i" in run and "--upgrade pip" not in run and "pip install" not in run  # only the README's


def test_the_transcript_check_finds_each_problem():
    problems = readme_tools().problems
    brief = "# عنوان\n\n*English unavailable: translator x: not found; see `brief models doctor`*\n\n- بند\n"
    assert problems("Successfully installed arabic-news-brief\n" + brief, "") == []
    assert problems(brief, "Traceback (most recent call last):\n  File x\nValueError: y\n")
    twice = problems(brief, "warning: English unavailable: translator x: not found; see `brief models doctor`\n")
    assert len(twice) == 1 and twice[0].startswith("said 2 times: English unavailable")
    assert problems("", "warning: a\nwarning: a\n") and not problems("", "warning: a\nwarning: b\n")
    long = problems("", "error: " + "x" * 200 + "\n")
    assert len(long) == 1 and "207 characters" in long[0]
    assert problems("x" * 500 + "\n", "") == []  # long lines on stdout are the brief's or pip's, not errors


# -- the README's other promises to a new user ------------------------------------------

def test_every_path_in_the_readmes_layout_table_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Layout"):]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) > 10
    for row in rows:
        folder = ROOT
        for name in re.findall(r"`([^`]+)`", row.split("|")[1]):
            # `summarizer/brief.py`, `render.py`: a bare name is beside the path before it in the cell
            path = ROOT / name if "/" in name.rstrip("/") or folder == ROOT else folder / name
            assert path.exists(), f"{name} in: {row}"
            folder = path.parent if path.is_file() else folder


def test_the_readmes_testing_example_writes_nothing_into_the_checkout():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for out in re.findall(r"summarizer\.testing build .*?--out (\S+)", readme):
        target = Path(out).expanduser()
        inside = not target.is_absolute() or ROOT in target.resolve().parents
        ignored = subprocess.run(["git", "check-ignore", "-q", out], cwd=ROOT).returncode == 0
        assert not inside or ignored, out


def test_the_readme_says_where_a_brief_goes_and_how_to_stop_the_app():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "One article's brief (a `.txt` or `.html` file, or `-`) is printed on standard output" in readme
    assert "stop it with Ctrl+C" in readme


def test_the_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0"
    requires = project["build-system"]["requires"]
    assert any(r.startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77 for r in requires)


def test_the_core_declares_what_html_pages_need():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    core = [re.split(r"[<>=\[;]", d)[0].strip().lower() for d in project["project"]["dependencies"]]
    assert "trafilatura" in core and "lxml_html_clean" in core
    locked = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^lxml_html_clean==", locked, re.M)


@pytest.mark.slow
def test_the_shells_variables_change_no_result(tmp_path):
    """The tests that once failed with HF_HUB_OFFLINE=1 or BRIEF_BULLETS=3 exported, run with those and
    GRADIO_ANALYTICS_ENABLED exported (conftest.py drops them before anything reads them)."""
    import os
    import sys
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "BRIEF_BULLETS": "3", "GRADIO_ANALYTICS_ENABLED": "True",
           "BRIEF_TRANSLATOR_MODEL": "fast", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/test_api.py::test_a_named_hub_id_the_hub_does_not_know_is_an_error",
                             "tests/commands/test_brief_command.py::test_single_txt_prints_markdown"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "2 passed" in result.stdout, result.stdout[-3000:]
