"""CI runs the README's own commands and checks the first one's transcript (issue 21)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

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
