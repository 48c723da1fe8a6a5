"""--executor ray: the same records as the local batch, resume without duplicates, and a clear message without Ray.

One local Ray (2 CPUs) is started for the module and shared by the in-process runs; the kill test runs
the command in a child process, which starts its own.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.commands import main

pytestmark = pytest.mark.slow  # a local Ray cluster, and Ray jobs in child processes

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("BRIEF_SHARED_DIR", ROOT.parent / "shared"))
FLORES = SHARED / "data" / "flores-ar-en-dev" / "flores-dev.ar"


# -- data ------------------------------------------------------------------------------------------

def corpus_lines(seed: str, flores: list[str], copies: int = 1) -> list[str]:
    """Thirty-odd JSONL lines: seed- and FLORES-derived articles, then malformed, empty and non-Arabic rows."""
    paragraphs = [p for p in seed.splitlines() if p.strip()]
    lines = []
    for copy in range(copies):
        tag = f"-{copy}" if copies > 1 else ""
        rows = [
            {"id": f"seed{tag}", "text": seed},
            {"id": f"seed-lead{tag}", "title": "lead", "text": "\n".join(paragraphs[:5])},
            {"id": f"seed-rest{tag}", "text": "\n".join(paragraphs[5:])},
            {"id": f"seed-html{tag}", "text": "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs[:8])
             + "</body></html>"},
        ]
        rows += [{"id": f"flores-{i:02d}{tag}", "text": "\n".join(flores[i * 6:(i + 1) * 6])} for i in range(20)]
        lines += [json.dumps(row, ensure_ascii=False) for row in rows]
        lines += [
            json.dumps({"id": 7000 + copy, "text": "\n".join(flores[150:156])}, ensure_ascii=False),  # numeric id
            '{"id": "broken' + tag + '", "text": "لم ينته',  # malformed JSON
            json.dumps({"id": f"empty{tag}", "text": ""}),
            json.dumps({"id": f"blank{tag}", "text": "  \n\t "}),
            json.dumps({"id": f"english{tag}", "text": "The ministry said on Monday that talks would resume. " * 6}),
            json.dumps({"id": f"no-text{tag}", "title": "عنوان"}, ensure_ascii=False),
            json.dumps({"id": f"number-text{tag}", "text": 12345}),
            '["not", "an", "object"]',
            json.dumps({"text": "\n".join(flores[200:206])}, ensure_ascii=False),  # no id: 'line-N'
            "",  # a blank line is no record
            json.dumps({"id": f"control{tag}", "text": "\x01\x02\x03" * 40}),
        ]
    return lines


@pytest.fixture(scope="module")
def flores_lines() -> list[str]:
    if not FLORES.is_file():
        pytest.skip(f"FLORES dev set not found at {FLORES} (set BRIEF_SHARED_DIR to the shared folder)")
    return FLORES.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def corpus(tmp_path, seed_text, flores_lines) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(corpus_lines(seed_text, flores_lines)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ray_session():
    pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[ray]')")

    from summarizer.distributed.cluster import start_ray, stop_ray
    started = start_ray(None, num_cpus=2, quiet=True)
    yield
    if started:
        stop_ray()


# -- helpers -----------------------------------------------------------------------------------------

def without_timings(output: dict) -> dict:
    output = json.loads(json.dumps(output))
    if "brief" in output:
        output["brief"]["meta"].pop("timings", None)
    return output


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_outdir(outdir: Path) -> list[dict]:
    """Every record of every shard, JSONL or Parquet; a list, so duplicates show."""
    records = []
    for shard in sorted(outdir.iterdir()):
        if shard.suffix == ".jsonl":
            records += read_jsonl(shard)
        elif shard.suffix == ".parquet":
            import pyarrow.parquet as pq
            for row in pq.read_table(shard).to_pylist():
                records.append({"id": row["id"], "brief": json.loads(row["brief"])} if row["brief"] is not None
                               else {"id": row["id"], "error": row["error"]})
    return records


def by_id(records: list[dict]) -> dict[str, dict]:
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}"
    return {r["id"]: without_timings(r) for r in records}


def cli(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def start_ray_batch(seed: str, flores: list[str], tmp_path: Path) -> tuple[Path, list, subprocess.Popen]:
    """`brief` over eight copies of the corpus with --executor ray in a child process of its own session
    (so that its local Ray can be killed with it); its output folder, its arguments (for --resume) and itself."""
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(corpus_lines(seed, flores, copies=8)) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = [source, "-o", out, "--executor", "ray", "--workers", "1", "--batch-size", "2", "--no-translate", "-q"]
    child = subprocess.Popen([sys.executable, "-m", "summarizer", *map(str, args)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    return out, args, child


def wait_for_shards(child: subprocess.Popen, out: Path, count: int, seconds: float) -> bool:
    """Wait until `count` shards appear in `out` or the child ends; whether it ended (then it cannot be killed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and child.poll() is None and len(list(out.glob("part-*"))) < count:
        time.sleep(0.05)
    return child.poll() is not None


def assert_same_as_local(capsys, source: Path, local_out: Path, ray_records: list[dict], *options):
    code, err = cli(capsys, source, "-o", local_out, "-q", *options)
    assert code == 0, err
    local = by_id(read_jsonl(local_out))
    remote = by_id(ray_records)
    assert set(remote) == set(local)
    for record_id in local:
        assert remote[record_id] == local[record_id], record_id
    return local


# -- same records as the local batch ---------------------------------------------------------------

def test_ray_matches_local_extractive(ray_session, corpus, tmp_path, capsys):
    code, err = cli(capsys, corpus, "-o", tmp_path / "out", "--executor", "ray", "--workers", "2",
                    "--batch-size", "4", "--no-translate")
    assert code == 0, err
    assert "done 26, skipped 0, failed 8" in err and "Traceback" not in err
    assert "article" in err  # the progress bar counts articles
    local = assert_same_as_local(capsys, corpus, tmp_path / "local.jsonl", read_outdir(tmp_path / "out"),
                                 "--batch-size", "4", "--no-translate")
    assert len(local) == 34 and "line-33" in local
    assert "not valid JSON" in local["line-26"]["error"] and "not Arabic" in local["english"]["error"]
    assert len(list((tmp_path / "out").glob("part-*.jsonl"))) > 1


def test_ray_matches_local_tiny_translator(ray_session, corpus, tmp_path, capsys, tiny_models, monkeypatch):
    monkeypatch.setenv("BRIEF_TRANSLATION_MAX_NEW_TOKENS", "8")
    options = ["--translator-model", tiny_models["marian"], "--beams", "1", "--batch-size", "3", "--threads", "1"]
    code, err = cli(capsys, corpus, "-o", tmp_path / "out", "--executor", "ray", "--workers", "1", "-q", *options)
    assert code == 0, err
    records = read_outdir(tmp_path / "out")
    local = assert_same_as_local(capsys, corpus, tmp_path / "local.jsonl", records, *options)
    assert local["seed"]["brief"]["english_status"] == "ok" and local["seed"]["brief"]["headline_en"]


def test_ray_reads_shards_and_writes_parquet(ray_session, seed_text, flores_lines, tmp_path, capsys):
    """A folder (and a glob) of .jsonl and .parquet shards; fallback ids stay unique per shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    lines = corpus_lines(seed_text, flores_lines)
    shards = tmp_path / "shards"
    (shards / "more").mkdir(parents=True)
    (shards / "a.jsonl").write_text("\n".join(lines[:15]) + "\n", encoding="utf-8")
    (shards / "more" / "b.jsonl").write_text("\n".join(lines[15:]) + "\n", encoding="utf-8")
    rows = [{"id": f"pq-{i}", "text": "\n".join(flores_lines[300 + 6 * i:306 + 6 * i])} for i in range(5)]
    rows += [{"id": None, "text": seed_text}, {"id": "pq-empty", "text": ""}]
    pq.write_table(pa.Table.from_pylist(rows), shards / "c.parquet")
    code, err = cli(capsys, shards, "-o", tmp_path / "out", "--executor", "ray", "--workers", "2",
                    "--batch-size", "4", "--no-translate", "--output-format", "parquet")
    assert code == 0, err
    assert "done 32, skipped 0, failed 9" in err
    records = by_id(read_outdir(tmp_path / "out"))
    assert list((tmp_path / "out").glob("part-*.parquet")) and not list((tmp_path / "out").glob("*.jsonl"))
    assert {"more/b.jsonl:line-11", "more/b.jsonl:line-18", "c.parquet:row-6", "pq-0", "pq-empty"} <= set(records)

    # The same records as the local batch over the concatenation, where fallback ids count from line 1.
    joined = tmp_path / "joined.jsonl"
    joined.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = cli(capsys, joined, "-o", tmp_path / "local.jsonl", "-q", "--batch-size", "4", "--no-translate")
    local = by_id(read_jsonl(tmp_path / "local.jsonl"))
    renamed = {"line-26": "more/b.jsonl:line-11", "line-32": "more/b.jsonl:line-17", "line-33": "more/b.jsonl:line-18"}
    for record_id, record in local.items():
        shard_id = renamed.get(record_id, record_id)
        if record_id in renamed:  # the reader's message names the shard and its line
            assert set(records[shard_id]) == set(record), record_id
        else:
            assert records[shard_id] == record, record_id
    assert len(records) == len(local) + 7

    code, err = cli(capsys, str(shards / "**" / "*.jsonl"), "-o", tmp_path / "glob", "--executor", "ray", "-q",
                    "--no-translate")
    assert code == 0, err
    assert set(by_id(read_outdir(tmp_path / "glob"))) == {renamed.get(i, i) for i in local}


# -- resume ---------------------------------------------------------------------------------------

def test_resume_after_partial_output(ray_session, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    args = [corpus, "-o", out, "--executor", "ray", "--workers", "2", "--batch-size", "4", "--no-translate"]
    code, err = cli(capsys, *args)
    assert code == 0, err
    full = by_id(read_outdir(out))
    shards = sorted(out.glob("part-*.jsonl"))
    assert len(shards) >= 3
    lost = {r["id"] for shard in shards[:2] for r in read_jsonl(shard)}
    for shard in shards[:2]:
        shard.unlink()
    torn = out / f".{shards[0].name}.1234abcd.tmp"  # what a killed write leaves
    torn.write_text('{"id": "seed", "brief": {"headl', encoding="utf-8")

    code, err = cli(capsys, *args)
    assert code == 4 and "--resume" in err and "Traceback" not in err

    code, err = cli(capsys, *args, "--resume")
    assert code == 0, err
    failed = sum("error" in full[i] for i in lost)  # the error records among the lost ones come back as errors
    assert f"done {len(lost) - failed}, skipped {len(full) - len(lost)}, failed {failed}" in err
    assert not torn.exists()
    assert by_id(read_outdir(out)) == full  # every id exactly once, the same records

    code, err = cli(capsys, *args, "--resume")
    assert code == 0 and f"done 0, skipped {len(full)}, failed 0" in err
    assert by_id(read_outdir(out)) == full


def test_killed_job_resumes_to_every_id_once(ray_session, seed_text, flores_lines, tmp_path, capsys):
    """Kill the command (and its own local Ray) once shards appear; --resume completes it, no duplicate."""
    out, args, child = start_ray_batch(seed_text, flores_lines, tmp_path)
    try:
        finished = wait_for_shards(child, out, 2, seconds=120)
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stderr.close()
    written = read_outdir(out)
    assert len(written) == len({r["id"] for r in written})
    if finished:
        pytest.skip("the job finished before it could be killed")
    assert 0 < len(written) < 8 * 34

    # Resume at once: workers of the killed job may still be finishing, and must not add a shard now.
    code, err = cli(capsys, *[a for a in args if a != "-q"], "--resume")  # -q would hide the counts
    assert code == 0, err
    skipped = int(err.split("skipped ")[1].split(",")[0])
    assert len(written) <= skipped < 8 * 34
    records = by_id(read_outdir(out))  # asserts no duplicate
    assert len(records) == 8 * 34


# -- errors ---------------------------------------------------------------------------------------------

def test_duplicate_ids_across_and_within_files_follow_the_local_rule(ray_session, seed_text, tmp_path, capsys):
    """Shards briefed in parallel: an id seen in an earlier file (or earlier in the same one) is an error
    record naming where it was first, exactly once, also after a resume."""
    paragraphs = [p for p in seed_text.splitlines() if p.strip()]
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.jsonl").write_text(json.dumps({"id": "x", "text": "\n".join(paragraphs[:5])}, ensure_ascii=False)
                                    + "\n", encoding="utf-8")
    (shards / "b.jsonl").write_text("".join(json.dumps({"id": i, "text": "\n".join(paragraphs[5:11])},
                                                       ensure_ascii=False) + "\n" for i in ("y", "x", "y")),
                                    encoding="utf-8")
    out = tmp_path / "out"
    code, err = cli(capsys, shards, "-o", out, "--executor", "ray", "--workers", "1", "--no-translate", "-q")
    assert code == 0, err
    records = read_outdir(out)
    assert sorted(r["id"] for r in records) == ["x", "x", "y", "y"]
    errors = sorted(r["error"] for r in records if "error" in r)
    assert errors == ["duplicate id 'x' (first at a.jsonl line 1)", "duplicate id 'y' (first at b.jsonl line 1)"]
    code, err = cli(capsys, shards, "-o", out, "--executor", "ray", "--resume", "--no-translate")
    assert code == 0 and "skipped 4" in err and len(read_outdir(out)) == 4


def test_bad_input_and_output_are_clear_errors(ray_session, corpus, tmp_path, capsys):
    code, err = cli(capsys, tmp_path / "nope.jsonl", "-o", tmp_path / "out", "--executor", "ray")
    assert code == 2 and "input not found" in err
    code, err = cli(capsys, corpus, "--executor", "ray")
    assert code == 2 and "-o OUTDIR" in err
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("id,body\n1,x\n", encoding="utf-8")
    code, err = cli(capsys, bad_csv, "-o", tmp_path / "out", "--executor", "ray")
    assert code == 2 and "'text' column" in err


def test_missing_translator_with_require_english_exits_3(ray_session, corpus, tmp_path, capsys):
    code, err = cli(capsys, corpus, "-o", tmp_path / "out", "--executor", "ray", "-q", "--require-english",
                    "--translator-model", tmp_path / "no-such-model")
    assert code == 3, err
    assert "translator model" in err and "Traceback" not in err


# -- hostile lines, settings, signals and pipes: the same rules as the local executor --------------------

DEEP = '{"id": "deep", "text": "x", "m": ' + "[" * 5000 + "]" * 5000 + "}"
HUGE = '{"id": "huge", "text": "x", "n": ' + "7" * 5000 + "}"


@pytest.mark.slow
def test_too_deep_and_too_long_lines_are_one_error_record_each(ray_session, seed_text, tmp_path, capsys):
    rows = [line for line in seed_text.splitlines() if line.strip()]
    good = [json.dumps({"id": f"g{i}", "text": "\n".join(rows[i:i + 6])}, ensure_ascii=False) for i in range(8)]
    source = tmp_path / "hostile.jsonl"
    source.write_text("\n".join([*good[:3], DEEP, *good[3:5], HUGE, *good[5:]]) + "\n", encoding="utf-8")
    code, err = cli(capsys, source, "-o", tmp_path / "out", "--executor", "ray", "-q", "--no-translate")
    assert code == 0 and "Traceback" not in err and "\x1b[" not in err, err
    records = by_id(read_outdir(tmp_path / "out"))
    assert len(records) == 10  # one per non-blank line
    assert "nests 5,001 levels deep" in records["line-4"]["error"]
    assert "number of 5,000 digits" in records["line-7"]["error"]
    assert all("brief" in records[f"g{i}"] for i in range(8))


@pytest.mark.slow
def test_resume_with_other_settings_is_refused_for_shards(ray_session, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    args = [corpus, "-o", out, "--executor", "ray", "-q", "--no-translate"]
    assert cli(capsys, *args, "--bullets", "3")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name.startswith("part-")}
    code, err = cli(capsys, *args, "--bullets", "6", "--resume")
    assert code == 4 and "--bullets 3" in err and "--bullets 6" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name.startswith("part-")} == before
    shard = next(iter(before))
    with (out / shard).open("a", encoding="utf-8") as handle:
        handle.write('{"id": "zzz", "other": 1}\n')
    code, err = cli(capsys, *args, "--bullets", "3", "--resume")
    assert code == 4 and "is not a brief record" in err


@pytest.mark.slow
def test_sigterm_stops_like_the_local_executor(seed_text, flores_lines, tmp_path, capsys):
    """`kill PID` on a Ray run: exit 130 with the advice to resume (no stack dump), and --resume completes it."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[ray]')")
    out, args, child = start_ray_batch(seed_text, flores_lines, tmp_path)
    try:
        finished = wait_for_shards(child, out, 1, seconds=180)
        child.send_signal(signal.SIGTERM)  # the command only, as `kill PID` does
        code = child.wait(timeout=120)
        err = child.stderr.read().decode("utf-8", "replace")
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=60)
        child.stderr.close()
    if finished:
        pytest.skip("the job finished before it could be stopped")
    assert code == 130, err
    assert "interrupted; run again with --resume to continue" in err
    assert "SIGTERM" not in err and "***" not in err and "Traceback" not in err
    code, err = cli(capsys, *args, "--resume")
    assert code == 0, err
    assert len(by_id(read_outdir(out))) == 8 * 34
