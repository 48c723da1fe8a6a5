"""The writers (summarizer/io/writers.py): formula-safe CSV cells with a BOM, and ids read back on resume
however quoting or odd characters could confuse them."""
from __future__ import annotations

import csv
import io
import json

from summarizer import brief
from summarizer.io import CsvWriter
from summarizer.io.writers import CSV_COLUMNS, safe_cell
from tests.samples import run


def test_csv_output_neutralises_formulas_and_carries_a_bom(tmp_path, parts, capsys):
    source = tmp_path / "in.jsonl"
    rows = [{"id": "=HYPERLINK(\"http://x\")", "text": parts[0]}, {"id": "+1", "text": "hello"},
            {"id": "@a", "text": parts[1]}, {"id": "-2", "text": parts[2]}]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "briefs.csv"
    code, err = run(capsys, source, "-o", out)
    assert code == 0, err
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == CSV_COLUMNS
    assert [r[0] for r in table[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'@a", "'-2"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in table[1:] for cell in r)
    assert "not Arabic" in table[2][CSV_COLUMNS.index("error")]
    expected = brief(parts[0], translate=False)  # the same brief, one bullet a line in its cell
    assert table[1][CSV_COLUMNS.index("headline_ar")] == expected.headline_ar
    assert table[1][CSV_COLUMNS.index("bullets_ar")] == "\n".join(expected.bullets_ar)
    # Resume reads the ids back through the quoting and appends the rest, each once.
    out.write_bytes(raw[: raw.index(b"\n'+1")] + b"\n" + b'"\'+1","partial')  # torn mid-row by a kill
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 0 and "skipped 1" in err
    again = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [r[0] for r in again[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'@a", "'-2"]


def test_safe_cell():
    assert [safe_cell(v) for v in ("=1+1", "-5", "\tx", "abc", None, "عربي", "'=x", "'a")] == \
        ["'=1+1", "'-5", "'\tx", "abc", "", "عربي", "''=x", "''a"]  # one way back: strip one '

    assert CsvWriter.suffix == ".csv"


def test_csv_output_resume_reads_back_every_id_it_wrote(tmp_path, parts, capsys):
    """Ids that quoting or odd characters could confuse: each written once, however often it resumes."""
    source = tmp_path / "in.jsonl"
    ids = ["=x", "'=x", "x\ry", "a\ud800", "'", "plain"]
    source.write_text("".join(json.dumps({"id": i, "text": parts[n % 3]}) + "\n" for n, i in enumerate(ids)),
                      encoding="utf-8")
    out = tmp_path / "out.csv"
    for _ in range(3):
        code, err = run(capsys, source, "-o", out, "--resume")
        assert code == 0, err
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(table) == 1 + len(ids) and "skipped 6" in err
