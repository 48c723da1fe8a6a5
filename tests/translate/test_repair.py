"""Repair before warning: a line whose numbers disagree with its Arabic takes the best faithful hypothesis
of the same beam search, and says so; only when none agrees does the brief keep the warning.

The stand-in is the trained tiny Marian with a logit bias on the piece "▁8" (summarizer.testing.misleading):
on LINE (which says 13) its best hypothesis says 8, and the right 13 is still in its n-best list.
"""
import pytest

from summarizer import BriefPipeline, Config
from summarizer.runtimes.load import load_runtime
from summarizer.testing.misleading import prefer_piece
from summarizer.translate.base import Hypothesis, hypotheses

LINE = "هل تنجح الحكومة في خفض البطالة إلى 13 في المئة بحلول عام 2027؟"
RUNTIMES = ("transformers", "ctranslate2")


@pytest.fixture(scope="module")
def misleading(tiny_models, tmp_path_factory):
    """A stand-in that prefers "8": at 2.0 the right line is 2nd; at "deep" (the smallest bias of a ladder that
    does it, as the stand-in is trained on each machine and its margins differ a little) the right line
    comes after two wrong ones in both runtimes' 6-best."""
    root = tmp_path_factory.mktemp("misleading")
    found = {2.0: prefer_piece(tiny_models["marian"], root / "bias2.0", "▁8", 2.0)}
    for bias in (4.0, 5.0, 6.0, 7.0):
        folder = prefer_piece(tiny_models["marian"], root / f"bias{bias}", "▁8", bias)
        firsts = [next((i for i, h in enumerate(n_best(folder, runtime, root)) if " 13 " in h and " 8 " not in h), None)
                  for runtime in RUNTIMES]
        if all(first is not None and first >= 2 for first in firsts):
            found["deep"] = folder
            return found
    pytest.fail("no bias of the ladder puts the right line after two wrong ones in both runtimes' 6-best")


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


def translate(folder, runtime, tmp_path, beams) -> Hypothesis:
    return hypotheses(pipeline(folder, runtime, tmp_path, num_beams=beams).translator, [LINE])[0]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_a_wrong_number_is_repaired_from_the_n_best(misleading, runtime, tmp_path):
    assert " 8 " in translate(misleading[2.0], runtime, tmp_path, beams=1).text  # greedy: one hypothesis, no repair
    line = translate(misleading[2.0], runtime, tmp_path, beams=6)
    assert " 13 " in line.text and " 8 " not in line.text
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
    best = n_best(misleading["deep"], runtime, tmp_path)
    first_right = next(i for i, h in enumerate(best) if " 13 " in h and " 8 " not in h)
    assert first_right >= 2  # hypotheses before it are wrong too
    line = translate(misleading["deep"], runtime, tmp_path, beams=6)
    assert line.text == best[first_right] and f"hypothesis {first_right + 1} of 6" in line.note


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_when_no_hypothesis_agrees_the_warning_stays(misleading, runtime, tmp_path):
    best = n_best(misleading["deep"], runtime, tmp_path, beams=2)
    assert all(" 13 " not in h for h in best)
    line = translate(misleading["deep"], runtime, tmp_path, beams=2)
    assert line.text == best[0] and line.note is None


def test_a_faithful_line_is_left_alone(tiny_models, tmp_path):
    """The unbiased stand-in gets 13 right: its best hypothesis is kept, no note."""
    line = translate(tiny_models["marian"], "transformers", tmp_path, beams=6)
    assert " 13 " in line.text and line.note is None


def test_the_repair_rate_counts_changed_and_unrepaired_lines(misleading, tiny_models):
    from eval.translation import repair_rate
    from summarizer.testing import memorised_lines
    plain = [line for line in memorised_lines() if not any(ch.isdigit() for ch in line)][:2]
    rate = repair_rate(str(misleading[2.0]), [LINE, *plain])
    assert rate["lines"] == 3 and rate["changed"] == 1 and rate["flagged"] >= 1
    assert rate["unrepaired"] == rate["flagged"] - 1
