"""python -m eval translation / summarization end to end, the data readers, and bad inputs."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from eval.cli import main
from eval.data import flores_dir, read_easc, read_jsonl

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "eval"
MECHANICS = DATA / "mechanics.jsonl"
FLORES = flores_dir()
needs_flores = pytest.mark.skipif(not (FLORES / "flores-dev.en").is_file(),
                                  reason=f"FLORES dev not found at {FLORES} (set BRIEF_SHARED_DIR)")


def tiny_options(tiny_models) -> list[str]:
    return ["--translator-model", str(tiny_models["marian"]), "--num-beams", "1", "--max-new-tokens", "8"]


# -- translation -------------------------------------------------------------

@needs_flores
@pytest.mark.slow
def test_translation_reproduces_published_scores(tmp_path, capsys):
    # Only Google beside the scored opus-mt file, to keep the test quick (each system takes ~1 s).
    systems_dir = tmp_path / "systems"
    systems_dir.mkdir()
    (systems_dir / "flores-dev.google.en").symlink_to(FLORES / "flores-dev.google.en")
    code = main(["translation", "--src", str(FLORES / "flores-dev.ar"), "--ref", str(FLORES / "flores-dev.en"),
                 "--hyp", str(FLORES / "flores-dev.opusmt.en"), "--systems-dir", str(systems_dir),
                 "--bootstrap", "0", "--out", str(tmp_path)])
    assert code == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "BLEU 33.93 chrF 60.80"
    systems = json.loads((tmp_path / "translation" / "results.json").read_text(encoding="utf-8"))["systems"]
    assert list(systems) == ["opusmt", "published: google"]
    # Published with sacrebleu 2.6 defaults (../shared/data/README.md).
    for name, (bleu, chrf) in {"opusmt": (33.9, 60.8), "published: google": (46.0, 70.4)}.items():
        assert systems[name]["bleu"]["score"] == pytest.approx(bleu, abs=0.05)
        assert systems[name]["chrf"]["score"] == pytest.approx(chrf, abs=0.05)


@needs_flores
@pytest.mark.slow  # translates FLORES lines with a stand-in (about 1.5 s)
def test_translation_with_the_configured_translator(tmp_path, capsys, tiny_models):
    code = main(["translation", "--limit", "5", "--bootstrap", "20", "--out", str(tmp_path), "--results-md",
                 str(tmp_path / "RESULTS.md"), *tiny_options(tiny_models)])
    assert code == 0
    assert re.fullmatch(r"BLEU \d+\.\d\d chrF \d+\.\d\d", capsys.readouterr().out.strip().splitlines()[-1])
    folder = tmp_path / "translation"
    assert len((folder / "hyp.marian.txt").read_text(encoding="utf-8").splitlines()) == 5
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["data"]["lines"] == 5 and "published: google" in results["systems"]
    assert (folder / "chart.png").stat().st_size > 1000 and (folder / "report.md").is_file()
    assert "<!-- BEGIN translation -->" in (tmp_path / "RESULTS.md").read_text(encoding="utf-8")


# -- summarization -----------------------------------------------------------

def test_summarization_end_to_end(tmp_path, capsys, tiny_models):
    results_md = tmp_path / "RESULTS.md"
    results_md.write_text("# Evaluation results\n\nkept text\n", encoding="utf-8")
    code = main(["summarization", "--data", str(MECHANICS), "--backend", "extractive", "--translate",
                 "--bootstrap", "100", "--out", str(tmp_path), "--results-md", str(results_md),
                 *tiny_options(tiny_models)])
    assert code == 0
    printed = capsys.readouterr().out
    folder = tmp_path / "summarization"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    systems = results["systems"]
    assert list(systems) == ["lead-1", "lead-3", "random-3", "lead-1 cut (22 words)", "LexRank", "TextRank", "Luhn",
                             "oracle", "extractive", "extractive: headline+bullets"]
    for name, scores in systems.items():
        for part, keys in (("summary", ("rouge1", "rouge2", "rougeL", "rouge1_stem", "rouge2_stem", "rougeL_stem")),
                           ("headline", ("rouge1", "rouge2", "rougeL"))):
            for key in keys if part in scores else ():
                m = scores[part][key]
                assert 0 <= m["low"] <= m["f1"] <= m["high"] <= 1, (name, part, key)
        assert name in printed
    # Headline-only rows have no summary, summary-only rows no headline.
    assert set(systems["lead-1 cut (22 words)"]) == {"headline"} and set(systems["oracle"]) == {"summary"}
    assert set(systems["LexRank"]) == {"summary", "headline"}
    pairs = lambda s: s["summary"]["rouge1"]["f1"] + s["summary"]["rouge2"]["f1"]  # noqa: E731
    assert pairs(systems["oracle"]) >= pairs(systems["lead-1"])  # greedy starts from the best sentence
    assert set(systems["extractive"]["headline"]) == {"rouge1", "rouge2", "rougeL"}
    assert results["data"]["scored"] == 6 and results["data"]["with_title"] == 6
    assert results["data"]["mechanics_only"] is True
    faith = results["faithfulness"]
    assert faith["briefs"] == 6 and faith["bullets_with_sources"] == 1.0
    assert faith["briefs_with_unsupported_number_ar"] == 0  # extractive lines are copied from the article
    assert "briefs_with_unsupported_number_en" in faith
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "Mechanics check only, not a benchmark" in report and "chart.png" in report
    assert (folder / "chart.png").read_bytes()[:4] == b"\x89PNG"
    assert len(json.loads((folder / "predictions.json").read_text(encoding="utf-8"))["records"]) == 6
    text = results_md.read_text(encoding="utf-8")
    assert text.startswith("# Evaluation results\n\nkept text")
    assert "<!-- END summarization eval/mechanics.jsonl -->" in text and "summarizer median" in text
    # A second run replaces its section instead of adding one.
    main(["summarization", "--data", str(MECHANICS), "--limit", "2", "--bootstrap", "0", "--out", str(tmp_path),
          "--results-md", str(results_md)])
    assert results_md.read_text(encoding="utf-8").count("<!-- BEGIN summarization eval/mechanics.jsonl -->") == 1


def test_summarization_seq2seq_backend(tmp_path, capsys, tiny_models, monkeypatch):
    monkeypatch.setenv("BRIEF_SUMMARY_MAX_NEW_TOKENS", "8")
    monkeypatch.setenv("BRIEF_HEADLINE_MAX_NEW_TOKENS", "8")
    code = main(["summarization", "--data", str(MECHANICS), "--backend", "seq2seq", "--summarizer-model",
                 str(tiny_models["mt5"]), "--limit", "2", "--bootstrap", "0", "--num-beams", "1",
                 "--out", str(tmp_path)])
    assert code == 0
    results = json.loads((tmp_path / "summarization" / "results.json").read_text(encoding="utf-8"))
    assert results["summarizer"] == "seq2seq (mt5)" and results["data"]["scored"] == 2
    # seq2seq keeps its batches, so its time per article is a batch mean, and says so.
    assert results["timing"]["articles_per_call"] > 1 and results["timing"]["articles"] == 2
    assert "summarize step only, batch mean, up to" in capsys.readouterr().out


def test_summarization_skips_an_unusable_article(files, tmp_path, capsys):
    good = MECHANICS.read_text(encoding="utf-8").splitlines()[0]
    english = json.dumps({"id": "en", "text": "This article is in English, not Arabic.", "summary": "English."})
    data = files("mixed.jsonl", good + "\n" + english + "\n")
    assert main(["summarization", "--data", data, "--bootstrap", "0", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "summarization" / "results.json").read_text(encoding="utf-8"))
    assert results["data"]["scored"] == 1 and results["data"]["skipped"][0]["id"] == "en"
    assert "mixed.jsonl: en: article is not Arabic text" in capsys.readouterr().err


def test_readers_of_the_three_layouts():
    own = read_jsonl(MECHANICS)
    xlsum = read_jsonl(DATA / "xlsum" / "arabic_test.jsonl")
    assert len(own) == 6 and len(xlsum) == 3
    for a, b in zip(own, xlsum):
        assert (a.id, a.title, a.references) == (b.id, b.title, b.references)
        assert a.text.split() == b.text.split()
    assert xlsum[0].meta["url"].startswith("https://example.org/")
    easc = read_easc(DATA / "easc")
    assert [e.id for e in easc] == ["Topic1", "Topic2"]
    assert all(len(e.references) == 5 and e.title is None for e in easc)


def test_summarization_on_easc_scores_against_all_references(tmp_path, capsys):
    assert main(["summarization", "--data", str(DATA / "easc"), "--bootstrap", "0", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "summarization" / "results.json").read_text(encoding="utf-8"))
    assert results["data"]["layout"] == "easc" and results["data"]["references_per_example"] == 5
    assert "headline" not in results["systems"]["extractive"]  # EASC has no titles
    # Each EASC summary is a selection of article sentences, so the oracle can match one exactly
    # (within the greedy 3-sentence cap: ROUGE-1 at least 0.9).
    assert results["systems"]["oracle"]["summary"]["rouge1"]["f1"] >= 0.9


# -- bad inputs: one clear line, non-zero exit, no traceback -------------------

def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eval", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def assert_one_line_error(done: subprocess.CompletedProcess, *phrases: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for phrase in phrases:
        assert phrase in lines[0]


@pytest.fixture()
def files(tmp_path):
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return str(path)
    return write


@pytest.mark.slow
def test_bad_inputs(files, tmp_path, capsys):
    def fails(*args: str) -> str:
        assert main(list(args)) == 2
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        return lines[0]

    two, three = files("two.txt", "أ\nب\n"), files("three.txt", "أ\nب\nج\n")
    assert "line counts differ" in fails("rouge", "--pred", two, "--ref", three)
    assert "line counts differ" in fails("translation", "--src", two, "--ref", three, "--hyp", two)
    assert "line counts differ" in fails("translation", "--src", two, "--ref", two, "--hyp", three)
    assert "--hyp file not found" in fails("translation", "--src", two, "--ref", two, "--hyp",
                                           str(tmp_path / "nope.en"))
    good = MECHANICS.read_text(encoding="utf-8").splitlines()[0]
    no_summary = files("nosummary.jsonl", good + '\n{"id": "x", "text": "نص"}\n')
    assert "line 2: needs a non-empty 'summary' or 'title'" in fails("summarization", "--data", no_summary)
    assert "data not found" in fails("summarization", "--data", str(tmp_path / "absent.jsonl"))
    (tmp_path / "easc" / "Articles").mkdir(parents=True)
    assert "Articles/ and MTurk/" in fails("summarization", "--data", str(tmp_path / "easc"))
    assert "num_bullets must be between 3 and 7" in fails("summarization", "--data", str(MECHANICS),
                                                          "--num-bullets", "9")
    assert "--limit must be positive" in fails("summarization", "--data", str(MECHANICS), "--limit", "0")

    # Through the real entry point: no traceback.
    assert_one_line_error(run_cli("rouge", "--pred", str(tmp_path / "missing.txt"), "--ref", two),
                          "--pred file not found", "missing.txt")
    broken = files("broken.jsonl", good + '\n{"id": "x", "text": "نص"\n')
    assert_one_line_error(run_cli("summarization", "--data", broken), "broken.jsonl line 2", "not valid JSON")


@pytest.mark.slow
def test_missing_models_are_clear_errors(tmp_path):
    data = str(DATA / "xlsum" / "arabic_test.jsonl")
    done = run_cli("translation", "--src", data, "--ref", data, "--translator-model", str(tmp_path / "no-model"),
                   "--no-systems")
    assert_one_line_error(done, "translator model", "no-model", "does not exist")  # named, not there: an error
    done = run_cli("summarization", "--data", data, "--backend", "seq2seq", "--summarizer-model",
                   str(tmp_path / "no-model"))
    assert_one_line_error(done, "summarizer model", "no-model", "not available")
