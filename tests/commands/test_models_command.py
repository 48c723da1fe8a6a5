"""`brief models list|doctor`: exit codes that mean one thing, and a broken install found."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from summarizer.commands.models import main
from summarizer.config import DEFAULT_TRANSLATOR

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "data" / "html" / "article-semantic.html"
# trafilatura installed, lxml_html_clean not: what the core install gave with pip 23.2 before it was declared.
WITHOUT_CLEAN = "import sys; sys.modules['lxml_html_clean'] = None; sys.modules.pop('lxml.html.clean', None); "


def python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEF_")}
    env.update({"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "BRIEF_OFFLINE": "1"})
    return subprocess.run([sys.executable, "-c", WITHOUT_CLEAN + code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_list_exits_0_when_it_listed_a_missing_translator_and_doctor_exits_3(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("BRIEF_OFFLINE", "1")
    assert main(["list"]) == 0
    assert f"translator  missing  {DEFAULT_TRANSLATOR}" in capsys.readouterr().out
    assert main(["doctor"]) == 3
    out = capsys.readouterr().out
    assert "translator  missing" in out and "BROKEN" not in out
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}")
    assert main(["doctor", "--translator", str(tmp_path / "model")]) == 0  # nothing missing, nothing broken


def test_the_html_fallback_gives_trafilaturas_real_import_error():
    result = python(f"from summarizer.text.html import extract_page; "
                    f"print(extract_page(open({str(PAGE)!r}, encoding='utf-8').read()).why_fallback)")
    assert result.returncode == 0, result.stderr
    why = result.stdout.strip()
    assert "not installed" not in why  # it is installed: something it imports is not
    assert why.startswith("trafilatura is installed but cannot be imported: ImportError") and "lxml_html_clean" in why


def test_doctor_finds_a_core_package_that_cannot_be_imported():
    result = python("from summarizer.commands.models import main; sys.exit(main(['doctor']))")
    assert result.returncode == 5, result.stdout + result.stderr  # broken beats missing (3)
    [line] = [line for line in result.stdout.splitlines() if "package     trafilatura" in line]
    assert "BROKEN, cannot be imported: ImportError" in line and "lxml_html_clean" in line
    assert "Traceback" not in result.stderr


def test_models_list_needs_no_summarizer_for_the_extractive_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "BRIEF_"))}
    env.update({"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"})
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    (tiny / "config.json").write_text("{}")
    result = subprocess.run([sys.executable, "-m", "summarizer", "models", "list", "--translator", str(tiny)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "extractive (no model needed" in result.stdout and "translator  ok" in result.stdout
