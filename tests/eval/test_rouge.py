"""Arabic-aware ROUGE: golden cases computed by hand, the naive tokenizer's failure, offline loading."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from eval.cli import main
from eval.rouge import ArabicTokenizer, example_scores, rouge
from eval.stats import bootstrap_ci

ROOT = Path(__file__).resolve().parents[2]
METRIC = ROOT / "eval" / "arabic_rouge"

# (prediction, reference(s), plain R-1/R-2/R-L F1, stemmed R-1/R-2/R-L F1), worked out by hand.
GOLDEN = [
    # Diacritics, alef and teh-marbuta forms normalize away: identical token lists.
    ("ذهبَ الولدُ إلى المدرسة", "ذهب الولد الى المدرسه", (1, 1, 1), (1, 1, 1)),
    # Arabic-Indic digits and tanween: same three tokens.
    ("قُتل ٤٠ شخصاً", "قتل 40 شخصا", (1, 1, 1), (1, 1, 1)),
    # Prediction 6 tokens, reference 4, all 4 in order. R-1: P 4/6, R 4/4 -> F 0.8.
    # 2 of 5 predicted bigrams, 2 of 3 reference bigrams -> F 2*(2/5)(2/3)/(2/5+2/3) = 0.5. LCS 4 -> 0.8.
    ("اجتمع الوزير مع السفير في القاهرة", "اجتمع الوزير في القاهرة", (0.8, 0.5, 0.8), (0.8, 0.5, 0.8)),
    # Only light stemming matches: وال+مدرس+ه / ال+مدرس+ه and ال+جديد+ه / جديد+ه.
    ("والمدرسة الجديدة", "المدرسة جديدة", (0, 0, 0), (1, 1, 1)),
    # Several references: each type takes the best. Second reference: R-1 P 3/3, R 3/5 -> 0.75;
    # R-2 P 2/2, R 2/4 -> 2/3; LCS 3 -> 0.75 (the first reference gives only 1/3).
    ("قتل 40 شخصا", ["افتتح 40 مدرسة", "قتل 40 شخصا في دمشق"], (0.75, 2 / 3, 0.75), (0.75, 2 / 3, 0.75)),
    # Latin words are compared lower-cased.
    ("نقلت Reuters الخبر", "نقلت reuters الخبر", (1, 1, 1), (1, 1, 1)),
]

# Two unrelated sentences that share only the number 3 (and the preposition في).
PLANTED_PRED = "افتتح الوزير 3 مدارس جديدة في المدينة"
PLANTED_REF = "قتل 3 أشخاص في انفجار بالعاصمة"


@pytest.mark.parametrize("pred, ref, plain, stemmed", GOLDEN)
def test_golden_cases(pred, ref, plain, stemmed):
    for stem, expected in ((False, plain), (True, stemmed)):
        scores = example_scores([pred], [ref], stem=stem)
        assert [scores[t][0] for t in ("rouge1", "rouge2", "rougeL")] == pytest.approx(expected, abs=1e-9)


def test_naive_tokenizer_fails_on_arabic_and_ours_does_not():
    naive = rouge_scorer.RougeScorer(["rouge1", "rougeL"]).score(PLANTED_REF, PLANTED_PRED)
    # rouge_score keeps only [a-z0-9]: both sentences become just "3".
    assert naive["rouge1"].fmeasure == 1.0 and naive["rougeL"].fmeasure == 1.0
    ours = example_scores([PLANTED_PRED], [PLANTED_REF])
    # 7 and 6 tokens sharing "3" and "في": P 2/7, R 2/6 -> F 4/13; no shared bigram; LCS 2 -> 4/13.
    assert ours["rouge1"][0] == pytest.approx(4 / 13)
    assert ours["rouge2"][0] == 0
    assert ours["rougeL"][0] == pytest.approx(4 / 13)


def test_tokenizer_is_the_library_one():
    assert ArabicTokenizer().tokenize("في الـ١٤ من أيلول ٢٠١٧م") == ["في", "ال", "14", "من", "ايلول", "2017", "م"]
    assert ArabicTokenizer(stem=True).tokenize("والمدرسة") == ["مدرس"]


def test_aggregate_mean_and_bootstrap_interval():
    preds = [g[0] for g in GOLDEN[:3]]
    refs = [g[1] for g in GOLDEN[:3]]
    result = rouge(preds, refs, samples=500, seed=1)
    assert result["rouge1"] == pytest.approx((1 + 1 + 0.8) / 3)
    assert result["rouge2"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert 0.8 <= result["rouge1_low"] <= result["rouge1"] <= result["rouge1_high"] <= 1
    assert rouge(preds, refs, samples=500, seed=1) == result  # seeded: repeatable
    assert bootstrap_ci([0.4] * 10) == pytest.approx((0.4, 0.4))
    assert "rouge1_low" not in rouge(preds, refs, samples=0)


def test_metric_loads_offline_by_path(monkeypatch):
    for name in ("HF_HUB_OFFLINE", "HF_EVALUATE_OFFLINE", "HF_DATASETS_OFFLINE"):
        monkeypatch.setenv(name, "1")
    import evaluate

    monkeypatch.setattr(evaluate.config, "HF_EVALUATE_OFFLINE", True)  # read at import time
    preds = [g[0] for g in GOLDEN]
    refs = [g[1] if isinstance(g[1], list) else [g[1]] for g in GOLDEN]
    for path in (METRIC, METRIC / "arabic_rouge.py"):
        metric = evaluate.load(str(path), keep_in_memory=True)
        plain = metric.compute(predictions=preds, references=refs, use_aggregator=False)
        stemmed = metric.compute(predictions=preds, references=refs, use_stemmer=True, use_aggregator=False)
        for n, (_, _, want_plain, want_stem) in enumerate(GOLDEN):
            assert [plain[t][n] for t in ("rouge1", "rouge2", "rougeL")] == pytest.approx(want_plain)
            assert [stemmed[t][n] for t in ("rouge1", "rouge2", "rougeL")] == pytest.approx(want_stem)
        assert metric.compute(predictions=preds, references=refs, bootstrap_samples=200) == \
            pytest.approx(rouge(preds, refs, samples=200))
    # evaluate imports its own copy from its cache; that copy finds this repository through
    # the path evaluate records beside it, so it also works where the repository is not on sys.path.
    copy = sys.modules[type(metric).__module__]
    assert Path(copy.__file__).resolve().parent != METRIC
    assert copy._repo_root() == ROOT


def test_rouge_command(tmp_path, capsys):
    pred, ref, ref2 = tmp_path / "pred.txt", tmp_path / "ref.txt", tmp_path / "ref2.txt"
    pred.write_text("اجتمع الوزير مع السفير في القاهرة\nقتل 40 شخصا\n", encoding="utf-8")
    ref.write_text("اجتمع الوزير في القاهرة\nافتتح 40 مدرسة\n", encoding="utf-8")
    ref2.write_text("اجتمع الوزير في القاهرة\nقتل 40 شخصا في دمشق\n", encoding="utf-8")

    assert main(["rouge", "--pred", str(pred), "--ref", str(ref)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    # (0.8 + 1/3) / 2, (0.5 + 0) / 2, (0.8 + 1/3) / 2
    assert last == "rouge1 56.67 rouge2 25.00 rougeL 56.67"

    assert main(["rouge", "--pred", str(pred), "--ref", str(ref), "--ref", str(ref2), "--bootstrap", "0"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "rouge1 77.50 rouge2 58.33 rougeL 77.50"
