"""Repair before warning: a line whose numbers disagree with its Arabic takes the best faithful hypothesis
of the same beam search, and says so; only when none agrees does the brief keep the warning.

The stand-in is the trained tiny Marian with a logit bias on the piece "▁8" (summarizer.testing.misleading):
on LINE (which says 13) its best hypothesis says 8, and the right 13 is still in its n-best list.
"""
import pytest

from summarizer import BriefPipeline, Config
from summarizer.runtimes.load import load_runtime
from summarizer.testing.misleading import prefer_piece

LINE = "هل تنجح الحكومة في خفض البطالة إلى 13 في المئة بحلول عام 2027؟"
RUNTIMES = ("transformers", "ctranslate2")


@pytest.fixture(scope="module")
def misleading(tiny_models, tmp_path_factory):
    """bias -> a stand-in that prefers "8": 2.0 puts the right line 2nd, 6.0 4th (after two wrong ones)."""
    root = tmp_path_factory.mktemp("misleading")
    return {bias: prefer_piece(tiny_models["marian"], root / f"bias{bias}", "▁8", bias) for bias in (2.0, 6.0)}


def config(tmp_path, **changes) -> Config:
    return Config(num_threads=1, ct2_cache=str(tmp_path / "ct2"), **changes)


def pipeline(folder, runtime, tmp_path, **changes) -> BriefPipeline:
    return BriefPipeline(config(tmp_path, translator_model=str(folder), translator_runtime=runtime,
                                num_bullets=3, **changes))


def n_best(folder, runtime, tmp_path, beams=6):
    loaded = load_runtime(str(folder), "translator", config(tmp_path), runtime)
    return loaded.generate([LINE], max_batch_size=8, max_tokens=4096, num_beams=beams, max_new_tokens=60,
                           num_return_sequences=beams)[0]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_the_stand_in_really_gets_the_number_wrong_first(misleading, runtime, tmp_path):
    hypotheses = n_best(misleading[2.0], runtime, tmp_path)
    assert " 8 " in hypotheses[0] and " 13 " not in hypotheses[0]
    assert " 13 " in hypotheses[1] and " 8 " not in hypotheses[1]


def translate(folder, runtime, tmp_path, beams):
    return pipeline(folder, runtime, tmp_path, num_beams=beams).translator.translate([LINE])[0]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_a_wrong_number_is_repaired_from_the_n_best(misleading, runtime, tmp_path):
    assert " 8 " in translate(misleading[2.0], runtime, tmp_path, beams=1)  # greedy: one hypothesis, no repair
    line = translate(misleading[2.0], runtime, tmp_path, beams=6)
    assert " 13 " in line and " 8 " not in line
    assert "hypothesis 2 of 6" in line.note and "8" in line.note


def test_the_brief_shows_the_repaired_line_and_says_so(misleading, seed_text, tmp_path):
    article = seed_text.split("\n")[0] + "\n" + LINE
    brief = pipeline(misleading[2.0], "ctranslate2", tmp_path, num_beams=6)(article)
    lines_ar, lines_en = [brief.headline_ar, *brief.bullets_ar], [brief.headline_en, *brief.bullets_en]
    names = ["headline"] + [f"bullet {i}" for i in range(1, len(lines_ar))]
    i = lines_ar.index(LINE)
    assert " 13 " in lines_en[i] and " 8 " not in lines_en[i]
    assert not brief.flags_for(names[i], "en")  # no number warning left on the line
    notes = [w for w in brief.warnings if w.startswith(f"{names[i]} (en): numbers repaired")]
    assert len(notes) == 1 and "hypothesis 2 of 6" in notes[0], brief.warnings


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_the_best_faithful_hypothesis_wins_over_other_wrong_ones(misleading, runtime, tmp_path):
    hypotheses = n_best(misleading[6.0], runtime, tmp_path)
    first_right = next(i for i, h in enumerate(hypotheses) if " 13 " in h and " 8 " not in h)
    assert first_right >= 2  # hypotheses before it are wrong too
    line = translate(misleading[6.0], runtime, tmp_path, beams=6)
    assert line == hypotheses[first_right] and f"hypothesis {first_right + 1} of 6" in line.note


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_when_no_hypothesis_agrees_the_warning_stays(misleading, runtime, tmp_path):
    hypotheses = n_best(misleading[6.0], runtime, tmp_path, beams=2)
    assert all(" 13 " not in h for h in hypotheses)
    line = translate(misleading[6.0], runtime, tmp_path, beams=2)
    assert line == hypotheses[0] and line.note is None


def test_a_faithful_line_is_left_alone(tiny_models, tmp_path):
    """The unbiased stand-in gets 13 right: its best hypothesis is kept, no note."""
    line = translate(tiny_models["marian"], "transformers", tmp_path, beams=6)
    assert " 13 " in line and line.note is None


def test_the_repair_rate_counts_changed_and_unrepaired_lines(misleading, tiny_models):
    from eval.translation import repair_rate
    from summarizer.testing import memorised_lines
    plain = [line for line in memorised_lines() if not any(ch.isdigit() for ch in line)][:2]
    rate = repair_rate(str(misleading[2.0]), [LINE, *plain])
    assert rate["lines"] == 3 and rate["changed"] == 1 and rate["flagged"] >= 1
    assert rate["unrepaired"] == rate["flagged"] - 1
