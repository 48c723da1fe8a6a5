"""The one Config: every option's flag and BRIEF_ variable, and the checks on per-call options."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import BriefPipeline, Config, brief
from summarizer.commands import main
from summarizer.commands.brief import build_parser
from summarizer.config import env_name, flag_name


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_flag_has_its_variable_and_help_lists_them(tmp_path, parts, capsys, monkeypatch):
    from dataclasses import fields

    from summarizer.commands.brief import CommandOptions
    text = build_parser().format_help()
    assert "every option reads BRIEF_ plus its name" in " ".join(text.split())  # one rule, not a table
    for cls in (Config, CommandOptions):
        for f in fields(cls):
            if f.metadata.get("cli", True):
                assert env_name(f) == "BRIEF_" + flag_name(f).lstrip("-").replace("-", "_").upper()
                assert flag_name(f) in text, flag_name(f)
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    monkeypatch.setenv("BRIEF_BULLETS", "3")
    monkeypatch.setenv("BRIEF_NO_TRANSLATE", "1")
    monkeypatch.setenv("BRIEF_BULETS", "4")  # a typo
    assert main([str(source), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "unknown environment variable BRIEF_BULETS is ignored (did you mean BRIEF_BULLETS?)" in err
    record = lines(tmp_path / "out.jsonl")[0]["brief"]
    assert len(record["bullets_ar"]) == 3 and "translation turned off" in record["english_status"]
    monkeypatch.setenv("BRIEF_FORMAT", "html")
    single = tmp_path / "one.txt"
    single.write_text(parts[0], encoding="utf-8")
    assert main([str(single)]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_bullet_counts_must_be_whole_numbers(seed_text):
    with pytest.raises(ValueError, match="whole number from 3 to 7, got 4.5"):
        brief(seed_text, translator_model="", num_bullets=4.5)
    with pytest.raises(ValueError, match="whole number"):
        BriefPipeline(Config(translator_model="")).brief_batch([seed_text], num_bullets="4")
    assert len(brief(seed_text, translator_model="", num_bullets=4.0).bullets_ar) == 4


def test_per_call_options_are_checked(seed_text):
    pipe = BriefPipeline(Config(translator_model=""))
    for bad in (-1, 0, 2.5, "3", 10**6):
        with pytest.raises(ValueError, match="num_beams must be a whole number from 1 to 32"):
            pipe(seed_text, num_beams=bad)
    with pytest.raises(ValueError, match="translate must be True or False"):
        pipe(seed_text, translate="no")
