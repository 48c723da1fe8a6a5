"""The batch's promise under hostile input: every non-blank input line is exactly one output record, in
order, with no traceback; a resumed output never mixes two runs' settings; ids are kept as given or
refused with a reason; messages about the output path and piped input say what is wrong."""
from __future__ import annotations

import csv
import io
import json
import os
import threading
from pathlib import Path

import pytest
from samples import jsonl, out_lines, run

from summarizer import BriefPipeline, Config
from summarizer.brief import Brief
from summarizer.errors import BriefError, InputError
from summarizer.io import read_records

ROOT = Path(__file__).resolve().parents[2]
A = (ROOT / "examples" / "weather-warning-ar.txt").read_text(encoding="utf-8")
B = (ROOT / "examples" / "digital-archive-ar.txt").read_text(encoding="utf-8")
DEEP = '{"id": "deep", "text": "x", "m": ' + "[" * 5000 + "]" * 5000 + "}"
HUGE = '{"id": "huge", "text": "x", "n": ' + "7" * 5000 + "}"


@pytest.fixture(scope="module")
def pipeline() -> BriefPipeline:
    return BriefPipeline(Config(translator_model="", offline=True))


# -- a line JSON cannot be read into Python (too deep, too many digits) is one error record ------------

def hostile_file(tmp_path) -> Path:
    good = [json.dumps({"id": f"g{i}", "text": A if i % 2 else B}, ensure_ascii=False) for i in range(12)]
    source = tmp_path / "hostile.jsonl"
    source.write_text("\n".join([*good[:6], DEEP, *good[6:9], HUGE, *good[9:]]) + "\n", encoding="utf-8")
    return source


EXPECTED_IDS = [*(f"g{i}" for i in range(6)), "line-7", "g6", "g7", "g8", "line-11", "g9", "g10", "g11"]


def test_a_too_deep_or_too_long_number_line_is_one_error_record(tmp_path, capsys):
    source = hostile_file(tmp_path)
    records = list(read_records(source, Config()))
    assert [r.id for r in records] == EXPECTED_IDS
    assert "nests 5,001 levels deep" in records[6].error and "limit" in records[6].error
    assert "number of 5,000 digits" in records[10].error
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    assert code == 0, err
    assert "Traceback" not in err
    out = out_lines(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == EXPECTED_IDS
    assert [("error" in r) for r in out] == [i in (6, 10) for i in range(14)]


def test_resume_gets_past_a_too_deep_line(tmp_path, capsys):
    source = hostile_file(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run(capsys, source, "-o", out)[0] == 0
    full = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join(full[:5]) + "\n", encoding="utf-8")  # as if killed before the deep line
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 0, err
    assert [r["id"] for r in out_lines(out)] == EXPECTED_IDS and "skipped 5" in err


def test_a_deep_line_parses_under_a_low_recursion_limit(tmp_path):
    """The depth bound is the reader's own, not the interpreter's stack: a thread or actor with less
    room gets the same error record."""
    import sys
    source = tmp_path / "d.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}) + '{"id": "b", "text": "x", "m": ' + "[" * 150
                      + "]" * 150 + "}\n", encoding="utf-8")
    import inspect
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 80)  # room for the reader, not for 151 levels of JSON
    try:
        records = list(read_records(source, Config()))
    finally:
        sys.setrecursionlimit(limit)
    assert [r.id for r in records] == ["a", "line-2"] and "nests 151 levels deep" in records[1].error


# -- brief_batch over a generator that fails part way -----------------------------------------------

def test_brief_batch_briefs_what_was_read_before_the_input_failed(pipeline):
    def articles():
        for i in range(30):
            if i == 20:
                raise OSError("the source went away")
            yield A if i % 2 else B

    results = pipeline.brief_batch(articles())
    assert len(results) == 21
    assert all(isinstance(r, Brief) for r in results[:20])
    assert isinstance(results[20], BriefError) and "after 20 articles" in str(results[20])
    assert isinstance(results[20].__cause__, OSError)


def test_the_runner_writes_what_was_read_then_raises(pipeline):
    from summarizer.record import Record
    from summarizer.runner import Runner

    def records():
        for i in range(5):
            yield Record(f"r{i}", text=A)
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for out in Runner(pipeline, batch_size=8)(records()):
            got.append(out)
    assert [o["id"] for o in got] == ["r0", "r1", "r2", "r3", "r4"] and all("brief" in o for o in got)


# -- --resume never mixes two runs' settings; a foreign line is refused ------------------------------

@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_with_other_settings_is_refused_before_writing(tmp_path, capsys, suffix):
    articles = [{"id": f"r{i}", "text": A if i % 2 else B} for i in range(4)]
    first, source = tmp_path / "first.jsonl", tmp_path / "in.jsonl"
    first.write_text(jsonl(*articles[:2]), encoding="utf-8")  # as if stopped after two records
    source.write_text(jsonl(*articles), encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    assert run(capsys, first, "-o", out, "--bullets", "3")[0] == 0
    cut = out.read_bytes()
    code, err = run(capsys, source, "-o", out, "--resume", "--bullets", "7")
    assert code != 0 and "bullets" in err and "3" in err and "7" in err
    assert out.read_bytes() == cut
    code, err = run(capsys, source, "-o", out, "--resume", "--bullets", "3")
    assert code == 0 and "skipped 2" in err, err


def test_the_settings_are_readable_in_each_brief(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}, {"id": "b", "text": "not arabic"}), encoding="utf-8")
    assert run(capsys, source, "-o", tmp_path / "out.jsonl", "--bullets", "4", "--headline-max-words", "12")[0] == 0
    first, second = out_lines(tmp_path / "out.jsonl")
    settings = first["brief"]["meta"]["settings"]
    assert settings["num_bullets"] == 4 and settings["headline_max_words"] == 12 and settings["backend"] == "extractive"
    assert settings["translator_model"] is None and "error" in second
    assert run(capsys, source, "-o", tmp_path / "out.csv", "--bullets", "4")[0] == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert json.loads(rows[0]["settings"])["num_bullets"] == 4 and rows[1]["settings"] == ""


@pytest.mark.parametrize("foreign", ['{"id": "zzz", "other": 1}', '{"id": "zzz", "brief": {}, "x": 2}',
                                     '{"id": "zzz", "error": 3}', '{"id": 5, "error": "e"}'])
def test_a_line_that_is_neither_brief_nor_error_makes_the_output_foreign(tmp_path, capsys, foreign):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}, {"id": "b", "text": B}), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(capsys, source, "-o", out)[0] == 0
    first = out.read_text(encoding="utf-8").splitlines()[0]
    out.write_text(first + "\n" + foreign + "\n", encoding="utf-8")
    before = out.read_bytes()
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 4 and "line 2 is not a brief record" in err and "not output of brief" in err
    assert out.read_bytes() == before


def test_a_csv_row_that_is_neither_brief_nor_error_is_refused(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(capsys, source, "-o", out)[0] == 0
    with out.open("ab") as handle:
        handle.write(b"zzz,,,,,,,\r\n")
    before = out.read_bytes()
    code, err = run(capsys, source, "-o", out, "--resume")
    last = before.count(b"\n")  # the foreign row, after the header and a brief's multi-line row
    assert code == 4 and f"line {last} is not a brief record" in err and out.read_bytes() == before


# -- messages about the output path and piped input -------------------------------------------------

def test_an_output_under_a_file_says_so(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}), encoding="utf-8")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, err = run(capsys, source, "-o", tmp_path / "afile" / "x.jsonl")
    assert code == 4  # the exit-code table: 4 is "output refused", 2 is "bad input"
    assert f"{tmp_path / 'afile'} is a file" in err and "Errno" not in err


def test_an_output_that_is_a_folder_says_so_first(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}), encoding="utf-8")
    (tmp_path / "out.jsonl").mkdir()
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    assert code == 4 and "is a folder" in err and "--resume" not in err


def _feed(path: Path, data: bytes) -> threading.Thread:
    def write():
        with open(path, "wb") as handle:
            handle.write(data)
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def _release(path: Path, thread: threading.Thread) -> None:
    """Open the FIFO for reading, so a writer the command never met is not left blocked."""
    if thread.is_alive():
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        thread.join(timeout=10)
        os.close(fd)


@pytest.mark.parametrize("name", ["63", "feed.jsonl"])
def test_a_pipe_of_jsonl_is_read_whole(tmp_path, capsys, name):
    """`brief <(cat f.jsonl)` gives a /dev/fd path without a suffix; a FIFO is read once, never counted."""
    fifo = tmp_path / name
    os.mkfifo(fifo)
    thread = _feed(fifo, jsonl(*({"id": f"r{i}", "text": A} for i in range(3))).encode("utf-8"))
    try:
        code, err = run(capsys, fifo, "-o", tmp_path / "out.jsonl")
    finally:
        _release(fifo, thread)
    assert code == 0, err
    assert [r["id"] for r in out_lines(tmp_path / "out.jsonl")] == ["r0", "r1", "r2"]


def test_a_pipe_that_is_not_jsonl_is_refused_clearly(tmp_path, capsys):
    fifo = tmp_path / "63"
    os.mkfifo(fifo)
    thread = _feed(fifo, "id,text\n1,نص\n".encode("utf-8"))
    try:
        code, err = run(capsys, fifo, "-o", tmp_path / "out.jsonl")
    finally:
        _release(fifo, thread)
    assert code == 2 and "unsupported input type" not in err
    assert "is a pipe" in err and "JSONL" in err


# -- ids kept as given or refused; JSONL keys matched like CSV headers ----------------------------------

def test_ids_are_kept_as_given_or_refused_never_merged(tmp_path):
    source = tmp_path / "ids.jsonl"
    source.write_text(jsonl({"id": "a\nb\rc", "text": A}, {"id": "a b c", "text": B},
                            {"id": "abc\u202e", "text": A}, {"id": "abc", "text": B},
                            {"id": " pad ", "text": A}, {"id": "pad", "text": B}), encoding="utf-8")
    with source.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "x\\ud800", "text": "t"}\n{"id": "x", "text": "t"}\n')
    records = list(read_records(source, Config()))
    assert [r.id for r in records] == ["line-1", "a b c", "line-3", "abc", " pad ", "pad", "line-7", "x"]
    assert "U+000A" in records[0].error and "a\\nb\\rc" in records[0].error
    assert "U+202E" in records[2].error
    assert "U+D800" in records[6].error
    assert all(r.error is None for r in records if r.explicit)
    table = tmp_path / "ids.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["a\x01", A], ["a", B]])
    rows = list(read_records(table, Config()))
    assert [r.id for r in rows] == ["row-1", "a"] and "U+0001" in rows[0].error


def test_jsonl_keys_match_like_csv_headers(tmp_path):
    source = tmp_path / "keys.jsonl"
    source.write_text(jsonl({"ID": "a", "TEXT": A}, {" Id ": "b", " text ": B, "Title": "t"},
                            {"id": "c", "text": A, "TEXT": B}, {"id": "d", "text": A, "Id": "e"}),
                      encoding="utf-8")
    records = list(read_records(source, Config()))
    assert [r.id for r in records[:2]] == ["a", "b"] and records[0].text and records[1].title == "t"
    assert records[0].error is None and records[1].error is None
    assert "duplicate key 'text'" in records[2].error and "'TEXT'" in records[2].error
    assert "duplicate key 'id'" in records[3].error
    with pytest.raises(InputError, match="duplicate column 'text'"):
        list(read_records(_csv(tmp_path, [["id", "text", " TEXT"], ["1", A, B]]), Config()))


def _csv(tmp_path, rows) -> Path:
    path = tmp_path / "t.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_shard_folder_under_a_file_says_so(tmp_path):
    from summarizer.errors import OutputError
    from summarizer.io.shards import ShardStore
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=f"{tmp_path / 'afile'} is a file, not a folder"):
        ShardStore(tmp_path / "afile" / "out").open(resume=False, overwrite=False, run_id="r")
