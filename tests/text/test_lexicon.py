"""The one lexicon: the forms each reader of the verbs of reporting takes, and no second copy of its ranges."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.text import lexicon
from summarizer.text.lexicon import REPORTING, characters, verb_forms

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("verb, forms", [
    ("قال", ["قال", "قالت", "قالوا", "يقول", "تقول"]),
    ("رأى", ["رأى", "رأت", "رأوا", "يرى", "ترى"]),  # a weak last letter goes before an ending
    ("دعا", ["دعا", "دعت", "دعوا", "يدعو", "تدعو"]),
    ("أكد", ["أكد", "أكدت", "أكدوا", "يؤكد", "تؤكد"]),
])
def test_verb_forms_derive_every_form_from_the_past(verb, forms):
    assert verb_forms(verb, "he", "she", "they", "he_now", "she_now") == forms


def test_a_verb_without_a_present_tense_gives_none_when_asked_for_one():
    assert verb_forms("تابع", "he", "she") == ["تابع", "تابعت"]
    with pytest.raises(KeyError, match="تابع"):
        verb_forms("تابع", "she_now")


def test_every_group_names_verbs_of_the_table():
    groups = (lexicon.SAYING, lexicon.ATTRIBUTING, lexicon.FRAMED, lexicon.FRAMED_NOW, lexicon.FRAMED_PLURAL,
              " ".join(lexicon.GOVERNS))
    unknown = {verb for group in groups for verb in group.split()} - set(REPORTING)
    assert unknown == {"تابع"}  # it only carries a speech on: وتابع


def test_characters_expands_a_class_as_a_regular_expression_reads_it():
    assert characters("\u064b-\u064d\u0670") == ["\u064b", "\u064c", "\u064d", "\u0670"]
    every = [chr(c) for c in range(0x0600, 0x0700)]
    for ranges in (lexicon.MARKS, lexicon.TOKEN_LETTERS, lexicon.COUNTED_LETTERS):
        assert set(characters(ranges)) == {c for c in every if re.fullmatch(f"[{ranges}]", c)}


def test_the_readers_take_the_verbs_from_the_lexicon():
    from eval.reading import opens_with_frame
    from summarizer.summarize.clauses import CONJUNCTS, present_tense, report_verb
    from summarizer.summarize.features import newsiness

    assert report_verb("وأبدت") == "ابدي" and present_tense("نفت") == "تنفي" and report_verb("وتابع") is None
    assert "وتابع" in CONJUNCTS and "وقال" in CONJUNCTS
    assert newsiness(["وتابعت الوزيرة حديثها"]) == 1.0 and newsiness(["ارتفعت الأسعار"]) == 0.0
    assert opens_with_frame("بحسب الوكالة، ارتفع عدد القتلى") and opens_with_frame("قالوا إن الاتفاق قريب")
    assert not opens_with_frame("حذر الخبراء من موجة حر")  # not a verb the evaluation counts


def test_no_module_writes_its_own_arabic_letter_range():
    """A letter range written again outside the lexicon drifts from it (issue 33): take LETTERS and the rest."""
    escaped = re.compile(r"\\u06(?:2[01]|4[aA])|\\x{0?62[01]}")
    found = [f"{path.relative_to(ROOT)}:{n}" for folder in ("summarizer", "eval", "tests") for path in
             sorted((ROOT / folder).rglob("*.py")) if path.name not in ("lexicon.py", "test_lexicon.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if escaped.search(line)]
    assert found == []
