"""The batch command line: every input kind, bad records, resume, and exit codes."""
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Config
from summarizer.commands import main
from summarizer.commands.brief import build_parser
from summarizer.config import DEFAULT_TRANSLATOR
from summarizer.io import JsonlWriter

ROOT = Path(__file__).resolve().parents[2]
LEAD_EVENT = "سلاح الجو الروسي قضى على 40 إرهابيا"  # the seed's first sentence, which the headline must carry


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "summarizer", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=env)


def run_main(capsys, *args) -> tuple[int, str]:
    """The command in this process, without translation: (exit code, stderr)."""
    code = main([*map(str, args), "--no-translate"])
    return code, capsys.readouterr().err


def read_out(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def articles(seed_text):
    """Arabic articles derived from the seed: its three sections, and the whole."""
    lines = [line for line in seed_text.splitlines() if line.strip()]
    return {"seed": seed_text, "lead": "\n".join(lines[:5]), "shoigu": "\n".join(lines[5:11]),
            "zakharova": "\n".join(lines[11:])}


def test_single_txt_prints_markdown(tmp_path, seed_text, brief_cli):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    result = brief_cli(path, "--no-translate")
    assert result.returncode == 0, result.stderr
    headline = result.stdout.splitlines()[0]
    assert headline.startswith("# ") and LEAD_EVENT in headline  # the lead's event, not a later quote
    assert result.stdout.count("\n- ") == 5
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    ("This article is written in English and has no Arabic at all.".encode(), "not Arabic"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"\xc3\x28 not utf8 \xfd\xfc", "not UTF-8"),
])
def test_single_bad_file_exits_2_with_reason(tmp_path, content, reason, brief_cli):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = brief_cli(path, "--no-translate")
    assert result.returncode == 2
    assert reason in result.stderr and "Traceback" not in result.stderr


def test_html_file_is_read_as_text(tmp_path, seed_text, brief_cli):
    page = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in seed_text.splitlines()) + "</article><script>var x=1;</script></body></html>"
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = brief_cli(path, "--no-translate", "--format", "json")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert LEAD_EVENT in brief["headline_ar"]
    assert "var x" not in json.dumps(brief, ensure_ascii=False)


def test_huge_file_is_refused_as_a_record(tmp_path, seed_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(seed_text, encoding="utf-8")
    (folder / "huge.txt").write_text(seed_text * 1000, encoding="utf-8")  # ~7 MB > 4 MB limit
    out = tmp_path / "out.jsonl"
    assert main([str(folder), "-o", str(out), "--no-translate", "-q"]) == 0
    records = {r["id"]: r for r in read_out(out)}
    assert "too large" in records["huge"]["error"]
    assert "brief" in records["ok"]


def test_jsonl_with_malformed_rows_keeps_every_record(tmp_path, articles):
    rows = [json.dumps({"id": "seed", "text": articles["seed"], "title": "t"}, ensure_ascii=False),
            '{"id": "broken", "text": "no closing',
            json.dumps({"id": "empty", "text": "   "}),
            json.dumps({"id": "english", "text": "Plain English text about the weather today in London."}),
            json.dumps({"id": "notext", "title": "x"}),
            json.dumps({"id": 7, "text": 12}),
            json.dumps({"id": "html", "text": "<div><p>" + articles["lead"] + "</p></div>"}, ensure_ascii=False),
            json.dumps({"id": "binary", "text": "\u0000\u0001\u0002" * 50})]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(path), "-o", str(out), "--no-translate", "-q"]) == 0
    records = read_out(out)
    assert [r["id"] for r in records] == ["seed", "line-2", "empty", "english", "notext", "7", "html", "binary"]
    by_id = {r["id"]: r for r in records}
    assert "brief" in by_id["seed"] and "brief" in by_id["html"]
    assert "not valid JSON" in by_id["line-2"]["error"]
    assert "empty" in by_id["empty"]["error"]
    assert "not Arabic" in by_id["english"]["error"]
    assert "missing field 'text'" in by_id["notext"]["error"]
    assert "must be a string" in by_id["7"]["error"]
    assert "binary" in by_id["binary"]["error"]


def test_csv_and_folder_inputs(tmp_path, articles):
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text", "title"])
        writer.writerow(["a", articles["lead"], "x"])
        writer.writerow(["b", "", "y"])
        writer.writerow(["c", articles["shoigu"], "z", "extra-cell"])
    out = tmp_path / "csv.jsonl"
    assert main([str(path), "-o", str(out), "--no-translate", "-q"]) == 0
    by_id = {r["id"]: r for r in read_out(out)}
    assert "brief" in by_id["a"] and "empty" in by_id["b"]["error"] and "more cells" in by_id["c"]["error"]

    folder = tmp_path / "folder"
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "folder.jsonl"
    assert main([str(folder), "-o", str(out), "--no-translate", "-q"]) == 0
    assert sorted(r["id"] for r in read_out(out)) == sorted(articles)


def test_csv_without_text_column_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,نص\n", encoding="utf-8")
    assert main([str(path), "-o", str(tmp_path / "o.jsonl"), "--no-translate", "-q"]) == 2
    assert "needs a 'text' column" in capsys.readouterr().err


def test_resume_after_interrupted_run_has_no_loss_and_no_duplicates(tmp_path, articles):
    rows = [{"id": f"a{i}", "text": text} for i, text in enumerate(list(articles.values()) * 5)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(path), "-o", str(out), "--no-translate", "-q"]) == 0
    full = read_out(out)
    # Simulate a kill: keep 7 whole records and half of the 8th line.
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:7]) + lines[7][: len(lines[7]) // 2], encoding="utf-8")
    assert main([str(path), "-o", str(out), "--no-translate", "-q"]) == 4  # refuses to clobber: "output refused", not "bad input"
    assert main([str(path), "-o", str(out), "--no-translate", "-q", "--resume"]) == 0
    resumed = read_out(out)
    assert sorted(r["id"] for r in resumed) == sorted(r["id"] for r in rows)
    assert len(resumed) == len(rows)
    strip = lambda r: {**r, "brief": {**r["brief"], "meta": {}}}  # noqa: E731 - timings differ
    assert sorted(map(json.dumps, map(strip, resumed))) == sorted(map(json.dumps, map(strip, full)))


@pytest.mark.slow
def test_killed_process_then_resume(tmp_path, articles, tiny_models):
    """A real kill mid-run (SIGKILL), then --resume: every id exactly once."""
    import os
    import signal
    import time
    # Distinct numbers make every headline new, so no batch is served from the translation cache.
    rows = [{"id": f"k{i}", "text": text.replace("40", str(100 + i))}
            for i, text in enumerate(list(articles.values()) * 10)]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "summarizer", str(path), "-o", str(out), "-q", "--batch-size", "2",
            "--translator-model", str(tiny_models["marian"]), "--beams", "2"]
    # Random weights never stop on their own: cap the output so a batch takes a fraction of a second.
    env = {**os.environ, "BRIEF_TRANSLATION_MAX_NEW_TOKENS": "32"}
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.read_text(encoding="utf-8").count("\n") < 3):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = out.read_text(encoding="utf-8").count("\n")
    assert 0 < partial < len(rows)
    result = run_cli(path, "-o", out, "--resume", "--translator-model", tiny_models["marian"], "--beams", "2",
                     env=env)
    assert result.returncode == 0, result.stderr
    ids = [r["id"] for r in read_out(out)]
    assert sorted(ids) == sorted(r["id"] for r in rows) and len(ids) == len(set(ids))
    assert f"skipped {partial}" in result.stderr


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    """An empty Hugging Face cache and no downloads: the default translator is unavailable, as offline."""
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("BRIEF_OFFLINE", "1")


def test_require_english_exits_3_when_no_translator(tmp_path, seed_text, no_models, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path), "--require-english"]) == 3
    err = capsys.readouterr().err
    assert DEFAULT_TRANSLATOR in err and err.count("\n") == 1
    # Without --require-english the default translator being unavailable is a notice, and exit 0.
    assert main([str(path)]) == 0
    assert "English unavailable" in capsys.readouterr().out


@pytest.mark.parametrize("named", ["fast", "test-org/tiny-opus"])
def test_a_named_translator_that_cannot_be_had_exits_3_unless_arabic_only_is_allowed(tmp_path, seed_text, no_models,
                                                                                     capsys, named):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path), "--translator-model", named]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--translator-model" in err and "Config(" not in err, err  # the command's words
    assert main([str(path), "--translator-model", named, "--allow-no-english"]) == 0
    assert "English unavailable" in capsys.readouterr().out
    assert main([str(path), "--allow-no-english", "--require-english"]) == 2  # contradictory


def test_a_named_model_that_is_not_there_is_an_error_that_says_so(tmp_path, seed_text, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    for flag in ("--translator-model", "--summarizer-model"):
        extra = ["--backend", "seq2seq"] if flag == "--summarizer-model" else []
        assert main([str(path), flag, str(tmp_path / "missing-model"), *extra]) == 3, flag
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.count("\n") == 1, captured
        assert "missing-model" in captured.err and "does not exist" in captured.err


def test_english_unavailable_is_said_once_in_one_short_line(tmp_path, seed_text, no_models, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # the brief says it; stderr does not repeat it
    notices = [line for line in captured.out.splitlines() if "nglish unavailable" in line or "opus-mt" in line]
    assert len(notices) == 1, captured.out
    [notice] = notices
    assert len(notice) < 160 and "`brief models doctor`" in notice
    inside = notice[notice.index("(") + 1:] if "(" in notice else ""
    assert "(" not in inside.split(")")[0]  # no nested brackets
    # A batch: one line on stderr for the whole run; the records carry it as their english_status.
    rows = tmp_path / "in.jsonl"
    rows.write_text("".join(json.dumps({"id": f"a{i}", "text": seed_text}, ensure_ascii=False) + "\n"
                            for i in range(3)), encoding="utf-8")
    assert main([str(rows), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert err.count("English unavailable") == 1 and max(map(len, err.splitlines())) < 200, err
    for record in read_out(tmp_path / "out.jsonl"):
        assert "`brief models doctor`" in record["brief"]["english_status"]
        assert not any("opus-mt" in w for w in record["brief"]["warnings"])


def test_input_and_output_are_checked_before_any_model_loads(tmp_path, seed_text, monkeypatch, capsys):
    from summarizer.pipeline import BriefPipeline
    loads = []
    real_load = BriefPipeline.load
    monkeypatch.setattr(BriefPipeline, "load", lambda self: loads.append(1) or real_load(self))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"hello world\n")))
    assert main(["-"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: standard input: article is not Arabic text (0% of its letters are Arabic)"]
    rows = tmp_path / "in.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "out.jsonl").write_text("")
    assert main([str(rows), "-o", str(tmp_path / "out.jsonl")]) == 4
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: output") and "already exists" in line
    assert loads == []  # no model was loaded, so no translator warning came first


def test_each_exit_code_has_one_meaning_in_one_table(tmp_path, seed_text, monkeypatch, capsys):
    from summarizer.errors import EXIT_CODES
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", readme, flags=re.M))
    assert {int(code): text for code, text in table.items()} == {code: text for code, (_, text) in EXIT_CODES.items()}
    assert "exit codes: 0 done, 1 failed" in " ".join(build_parser().format_help().split())
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path), "--no-translate"]) == 0  # 1 and 141: the /dev/full and early-reader tests below
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert main([str(path), "--translator-model", str(tmp_path / "none")]) == 3
    rows = tmp_path / "in.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main([str(rows), "-o", str(rows)]) == 4  # the output is the input
    from summarizer.pipeline import BriefPipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(BriefPipeline, "brief_documents", interrupted)
    assert main([str(rows), "-o", str(tmp_path / "out.jsonl"), "--no-translate"]) == 130
    assert "--resume" in capsys.readouterr().err.splitlines()[-1]


def test_help_is_grouped_short_and_complete():
    from dataclasses import fields

    from summarizer.commands.brief import CommandOptions
    from summarizer.config import flag_name
    text = build_parser().format_help()
    assert text.startswith("usage: brief INPUT") and "brief models {list,doctor,download}" in text.split("\n\n")[0]
    assert len(text.splitlines()) <= 100 and max(map(len, text.splitlines())) <= 100
    assert "(default False)" not in text and "default: False" not in text and "VALUE" not in text
    for cls in (Config, CommandOptions):
        for f in fields(cls):
            if f.metadata.get("cli", True):
                assert flag_name(f) in text, flag_name(f)
                assert f"{flag_name(f)} {f.name.upper()}" not in text  # placeholders are N, MODEL, PATH, DIR
    assert text.count("BRIEF_") <= 4  # the variables are one rule, not a table repeating every option
    for group in ("input and output:", "models:", "the brief:", "scale-out:", "limits", "speed:", "exit codes:"):
        assert group in text


@pytest.mark.parametrize("args, reason", [
    (["--output-format", "parquet"], "--output-format applies only with --executor ray"),
    (["--workers", "2"], "--workers applies only with --executor ray"),
    (["--shard-rows", "10"], "--shard-rows applies only with --executor ray"),
    (["--ray-address", "auto"], "--ray-address applies only with --executor ray"),
    (["--greedy", "--beams", "4"], "--greedy is --beams 1, which contradicts --beams 4"),
    (["--no-translate", "--translator-model", "x/y"], "--no-translate and --translator-model contradict"),
    (["--no-translate", "--require-english"], "--no-translate and --require-english contradict"),
    # Flags for a model this run does not use (the extractive backend, no translator) would do nothing.
    (["--summarizer-model", "x/y"], "--summarizer-model applies only with --backend seq2seq"),
    (["--summarizer-runtime", "ctranslate2"], "--summarizer-runtime applies only with --backend seq2seq"),
    (["--summary-max-new-tokens", "5"], "--summary-max-new-tokens applies only with --backend seq2seq"),
    (["--no-translate", "--translator-runtime", "ctranslate2"], "--translator-runtime applies only with a translator"),
    (["--no-translate", "--beams", "4"], "--beams applies only with --backend seq2seq or a translator"),
])
def test_inapplicable_or_contradictory_flags_are_refused(tmp_path, seed_text, capsys, args, reason):
    rows = tmp_path / "in.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main([str(rows), "-o", str(tmp_path / "out.jsonl"), *args]) == 2
    assert reason in capsys.readouterr().err and not (tmp_path / "out.jsonl").exists()


def test_ray_only_variable_without_ray_is_refused_by_name(tmp_path, seed_text, capsys, monkeypatch):
    monkeypatch.setenv("BRIEF_WORKERS", "4")
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path), "--no-translate"]) == 2
    assert "BRIEF_WORKERS applies only with --executor ray" in capsys.readouterr().err


def test_greedy_from_the_environment_yields_to_a_beams_flag(monkeypatch):
    from summarizer.commands.brief import resolve
    monkeypatch.setenv("BRIEF_GREEDY", "1")
    assert resolve(build_parser().parse_args(["x.jsonl", "--beams", "4"]))[0].num_beams == 4
    assert resolve(build_parser().parse_args(["x.jsonl"]))[0].num_beams == 1


@pytest.mark.parametrize("tty", [False, True])
def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere(tmp_path, seed_text, capsys, monkeypatch, tty):
    rows = tmp_path / "in.jsonl"
    rows.write_text("".join(json.dumps({"id": f"a{i}", "text": seed_text}, ensure_ascii=False) + "\n"
                            for i in range(20)), encoding="utf-8")
    monkeypatch.setattr("sys.stderr.isatty", lambda: tty, raising=False)
    assert main([str(rows), "-o", str(tmp_path / "out.jsonl"), "--no-translate"]) == 0
    err = capsys.readouterr().err
    if tty:
        assert "\r" in err and ("article/s" in err or "s/article" in err)
    else:
        assert "\r" not in err and "\x1b" not in err
        assert [line for line in err.splitlines() if line.endswith("articles")] == [
            f"{n}/20 ({5 * n}%) articles" for n in range(2, 21, 2)]
    # -q is errors only: no bar, no notice, no "done" line, on a terminal or not.
    assert main([str(rows), "-o", str(tmp_path / "quiet.jsonl"), "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_bad_option_values_are_clear(tmp_path, seed_text, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main([str(path), "--bullets", "9"]) == 2
    assert "between 3 and 7" in capsys.readouterr().err
    assert main([str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "input not found" in capsys.readouterr().err


def test_lone_surrogate_in_input_is_still_written(tmp_path, articles):
    path = tmp_path / "in.jsonl"
    text = "\\ud800 " + articles["lead"]  # a JSON escape that decodes to a lone surrogate
    path.write_text(json.dumps({"id": "x"})[:-1] + ', "text": "' + text.replace("\n", "\\n") + '"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(path), "-o", str(out), "--no-translate", "-q"]) == 0
    [record] = read_out(out)
    assert record["id"] == "x" and "brief" in record


def test_stdin_article_is_briefed_like_a_file(tmp_path, seed_text, brief_cli):
    """Through `python -m summarizer` itself: the entry point, with real bytes on its standard input."""
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    from_file = brief_cli(path, "--no-translate", "--format", "json")
    from_stdin = subprocess.run([sys.executable, "-m", "summarizer", "-", "--no-translate", "--format", "json"],
                                cwd=ROOT, input=seed_text.encode("cp1256"), capture_output=True, timeout=300)
    assert from_stdin.returncode == 0, from_stdin.stderr
    brief, expected = json.loads(from_stdin.stdout), json.loads(from_file.stdout)
    assert brief["headline_ar"] == expected["headline_ar"] and brief["bullets_ar"] == expected["bullets_ar"]
    assert any("windows-1256" in w for w in brief["warnings"])  # decoded like a file, and said so


@pytest.mark.parametrize("stdin, extra, reason", [
    (b"", (), "empty"),
    (b"plain English, no Arabic at all here", (), "not Arabic"),
    (b"x", ("-o", "out.jsonl"), "reads one article from standard input"),
])
def test_bad_stdin_is_refused_with_a_reason(tmp_path, stdin, extra, reason, brief_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = brief_cli("-", "--no-translate", *extra, stdin=stdin)
    assert result.returncode == 2 and reason in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("batch", [False, True])
def test_a_full_disk_on_stdout_is_one_error_line(tmp_path, seed_text, batch):
    path = tmp_path / ("in.jsonl" if batch else "seed.txt")
    path.write_text(json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False) + "\n" if batch else seed_text,
                    encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "summarizer", str(path), "--no-translate", "-q",
                                 *(["-o", "-"] if batch else [])], cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["error: cannot write the output: No space left on device"]


def test_a_reader_that_leaves_early_gets_exit_141_and_no_traceback(tmp_path, seed_text):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": seed_text}, ensure_ascii=False) + "\n"
                            for i in range(60)), encoding="utf-8")  # more than a pipe's 64 KiB buffer
    with subprocess.Popen([sys.executable, "-m", "summarizer", str(path), "-o", "-", "--no-translate", "-q"],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:  # closes the pipes
        proc.stdout.read(10)
        proc.stdout.close()  # like `| head -c 10`
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=300)
    assert code == 141 and stderr == ""


def test_a_second_writer_on_the_same_output_is_refused(tmp_path, parts, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(parts)) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with JsonlWriter(out) as first:  # another run holds the output
        first.write({"id": "x", "error": "y"})
        for flag in ("--resume", "--overwrite"):
            code, err = run_main(capsys, source, "-o", out, flag)
            assert code == 4 and "is being written by another brief run" in err  # 4: output refused
    assert read_out(out) == [{"id": "x", "error": "y"}]  # untouched by the refused runs
    code, _ = run_main(capsys, source, "-o", out, "--resume")  # once it is done, resuming works
    assert code == 0 and [r["id"] for r in read_out(out)] == ["x", "0", "1", "2"]


def test_an_output_that_is_the_input_is_refused(tmp_path, parts, capsys):
    source = tmp_path / "x.jsonl"
    source.write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    before = source.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(source)
    os.link(source, tmp_path / "hard.jsonl")
    for output in (source, tmp_path / "link.jsonl", tmp_path / "hard.jsonl", tmp_path / "." / "x.jsonl"):
        code, err = run_main(capsys, source, "-o", output, "--overwrite")
        assert code == 4 and "refusing to write" in err and "input" in err, (output, err)
    assert source.read_bytes() == before
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text(parts[0], encoding="utf-8")
    code, err = run_main(capsys, folder, "-o", folder / "briefs.jsonl")
    assert code == 4 and "inside the input" in err and not (folder / "briefs.jsonl").exists()


def test_format_on_a_batch_is_refused(tmp_path, parts, capsys):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    code, err = run_main(capsys, source, "--format", "html")
    assert code == 2 and "--format html prints one .txt/.html article" in err


def test_contradictory_options_are_refused(tmp_path, parts, capsys):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    for args, message in (((source, "-o", tmp_path / "o.jsonl", "--resume", "--overwrite"), "contradict"),
                          ((source, "--resume"), "name it with -o"),
                          ((source, "-o", tmp_path / "o.jsonl", "--bullets", "9"), "--bullets (BRIEF_BULLETS) must"),
                          ((tmp_path / "missing.txt", "--format", "html"), "input not found")):
        code, err = run_main(capsys, *args)
        assert code == 2 and message in err, (args, err)


def test_load_warnings_are_printed_once(tmp_path, parts):
    source = tmp_path / "a.txt"
    source.write_text(parts[0], encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "summarizer", str(source), "--translator-model",
                             str(tmp_path / "nope")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    # A translator the user named that is not there: one error line, exit 3.
    assert result.returncode == 3 and result.stderr.count("does not exist") == 1, result.stderr


@pytest.mark.parametrize("flags", [["--translator-model", "{missing}"],
                                   ["--backend", "seq2seq", "--summarizer-model", "{missing}", "--no-translate"]])
def test_a_named_model_that_is_missing_stops_a_batch_with_one_line_and_no_output(tmp_path, seed_text, capsys, flags):
    source, out = tmp_path / "five.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": seed_text}, ensure_ascii=False) + "\n"
                              for i in range(5)), encoding="utf-8")
    missing = str(tmp_path / "nope")
    assert main([str(source), "-o", str(out), "-q", *(f.format(missing=missing) for f in flags)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and missing in err and "Traceback" not in err
    assert not out.exists()  # no error record blames an article for the missing model


def test_a_resume_refusal_names_a_flag_that_can_be_typed(tmp_path, seed_text, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main([str(source), "-o", str(out), "-q", "--no-translate"]) == 0
    capsys.readouterr()
    assert main([str(source), "-o", str(out), "-q", "--resume", "--offline"]) == 4
    err = capsys.readouterr().err
    assert "resume with --no-translate" in err and "(none)" in err.split("resume with")[0]
