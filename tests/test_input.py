"""The input matrix: each way an Arabic article arrives (code pages, PDFs, pages, invisible characters)
and each input that must be refused, through the Python API and the CLI, with the same outcome for both.
The matrix itself is in samples.py (the app's tests upload the same table)."""
import hashlib
import json

import pytest
from samples import ARTICLE, INVISIBLE, MATRIX, lines_of, renderings

from summarizer import BriefPipeline, Config, InputError

__all__ = ["MATRIX"]  # tests/test_app.py imports it from here


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


@pytest.mark.parametrize("case", MATRIX, ids=[case[0] for case in MATRIX])
def test_matrix_through_the_api(pipe, case):
    _, data, outcome, note = case
    if outcome != "ok":
        with pytest.raises(InputError, match=outcome):
            pipe(data)
        return
    brief = pipe(data)
    if case[0].endswith("page"):
        assert brief.headline_ar.startswith(("أعيد", "افتتح وزير الثقافة"))  # the lead, compressed
        assert any("the input was HTML" in w for w in brief.warnings)
    else:  # the same article, however it arrived
        assert lines_of(brief) == lines_of(pipe(ARTICLE))
    for rendering in renderings(brief):
        assert not INVISIBLE.search(rendering.replace("\n", "").replace("\t", ""))
    if note:
        assert any(note in w for w in brief.warnings), brief.warnings


def test_matrix_through_the_cli(tmp_path, brief_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data, _, _ in MATRIX:
        (folder / f"{name}.txt").write_bytes(data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    out = tmp_path / "out.jsonl"
    result = brief_cli(folder, "-o", out, "--no-translate", "-q")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(name for name, *_ in MATRIX)  # none lost, none doubled
    by_id = {r["id"]: r for r in records}
    for name, _, outcome, note in MATRIX:
        record = by_id[name]
        if outcome == "ok":
            assert "brief" in record, (name, record.get("error"))
            if note:
                assert any(note in w for w in record["brief"]["warnings"]), name
        else:
            assert outcome in record["error"], (name, record)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before


@pytest.mark.parametrize("name", ["persian", "png", "latin1"])
def test_a_bad_single_file_exits_2_with_the_reason(tmp_path, name, brief_cli):
    _, data, outcome, _ = next(case for case in MATRIX if case[0] == name)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = brief_cli(path, "--no-translate")
    assert result.returncode == 2
    assert outcome in result.stderr and "Traceback" not in result.stderr
