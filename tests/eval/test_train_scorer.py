"""`python -m eval.train_scorer`: same data, same bytes, whatever the hash seed; the shipped file is left alone."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval.data import shared_dir

ROOT = Path(__file__).resolve().parents[2]


def fit(out: Path, hash_seed: str, *extra: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run([sys.executable, "-m", "eval.train_scorer", "--limit", "12", "--folds", "2",
                             "--write", "--out", str(out), *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_fitting_is_reproducible_to_the_byte(tmp_path):
    if not (shared_dir() / "data" / "easc").is_dir():
        pytest.skip(f"evaluation data not found under {shared_dir()} (set BRIEF_SHARED_DIR)")
    shipped = (ROOT / "summarizer" / "summarize" / "scorer.json").read_bytes()
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\nkept text\n", encoding="utf-8")
    first, second = fit(tmp_path / "a.json", "1", "--peers", "--results-md", str(results)), fit(tmp_path / "b.json", "2")
    assert first == second
    written = results.read_text(encoding="utf-8")
    assert written.startswith("# Results\n\nkept text\n")  # the text outside the section stays
    assert "<!-- BEGIN extractive cross-validation -->" in written and "<!-- END extractive cross-validation -->" in written
    assert f"--results-md {results}" in written  # the command that made the figures
    assert "| easc (12) | " in written and "ours, cross-validated" in written
    assert "| lead-3 | sumy LexRank | sumy TextRank | sumy Luhn |" in written  # the peers, as eval runs them
    data = json.loads(first)
    assert set(data) >= {"provenance", "licence", "sentence", "word", "rank", "settings"}
    assert (ROOT / "summarizer" / "summarize" / "scorer.json").read_bytes() == shipped


@pytest.mark.slow
def test_quick_runs_cannot_overwrite_the_shipped_weights():
    result = subprocess.run([sys.executable, "-m", "eval.train_scorer", "--limit", "5", "--write"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "for looking" in result.stderr


@pytest.mark.slow  # five folds and a final fit on a small set (about 6 s)
def test_one_fit_serves_every_fold_and_the_shipped_weights(tmp_path, monkeypatch, capsys):
    """fit() is called once per fold on that fold's training part, and once on everything for what ships."""
    if not (shared_dir() / "data" / "easc").is_dir():
        pytest.skip(f"evaluation data not found under {shared_dir()} (set BRIEF_SHARED_DIR)")
    from eval import train_scorer

    calls = []
    real = train_scorer.fit

    def counting(train, *args):
        calls.append({name: len(arts) for name, arts in train.items()})
        return real(train, *args)

    monkeypatch.setattr(train_scorer, "fit", counting)
    out = tmp_path / "w.json"
    assert train_scorer.main(["--limit", "12", "--folds", "2", "--write", "--out", str(out)]) == 0
    assert len(calls) == 3 and calls[-1] == {"easc": 12, "bbc": 12, "jawhara": 12}
    assert all(c["bbc"] < 12 and c["jawhara"] < 12 for c in calls[:2])  # folds train without their test part
    printed = capsys.readouterr().out
    assert "Whole brief (headline + bullets)" in printed and "| bbc, cross-validated |" in printed
    assert "% headlines opening with a frame" in printed
    settings = json.loads(out.read_text(encoding="utf-8"))["settings"]
    assert settings["headline_words"] in train_scorer.GRID_HEADLINE_WORDS
    assert settings["headline_length_penalty"] in train_scorer.GRID_LENGTH_PENALTY


def test_the_headline_ranker_learns_which_candidates_score():
    """Two articles whose best candidate (by ROUGE against the title) is the one that starts after the
    frame: the fitted ranker puts it first, where expected ROUGE-F alone would not."""
    import numpy as np

    from eval.train_scorer import Article, fit_rank, r1
    from summarizer.summarize.clauses import words_of
    from summarizer.summarize.headline import CANDIDATE_FEATURES, WORD_FEATURES, WordModel, headline_options

    arts = []
    for lead, title in [("قال المتحدث باسم الوزارة إن الوزير سيزور واشنطن الأسبوع المقبل لبحث الأزمة.",
                         "الوزير سيزور واشنطن"),
                        ("قالت الشرطة في بيان إن المحتجين أغلقوا الطريق السريع صباح اليوم لساعات.",
                         "المحتجون يغلقون الطريق السريع")] * 3:
        a = Article("x", "", [], [], title, lead)
        a.options = headline_options(lead, {}, 5, 14)
        a.candidate_r1 = np.array([r1(c.text, [title]) for c in a.options.candidates])
        arts.append(a)
    words = (np.zeros(len(WORD_FEATURES)), 0.0)
    settings = {"headline_length_prior": 2.0, "headline_words": 14}
    rank = fit_rank({"bbc": arts[:2], "jawhara": arts[2:]}, words, settings)
    assert rank.shape == (len(CANDIDATE_FEATURES),)
    model = WordModel(*words, 2.0, rank)
    unranked = WordModel(*words, 2.0)
    assert any(a.options.best(unranked, 14) != a.options.best(model, 14) for a in arts)  # the ranker decides
    for a in arts:
        text, kept = a.options.best_candidate(model, 14)
        assert a.options.candidates[int(np.argmax(a.candidate_r1))].text == text
        assert words_of(a.first)[kept[0]].key != "قال"
