"""Hostile batch inputs: wide encodings, CR line ends, broken CSV quotes, odd headers, foreign outputs
under --resume, oversized lines and ids with controls. The rule for each: one output record per input
record, with the same ids; a bad record is an error record a user can act on; the input is never changed."""
from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pytest
from samples import jsonl, out_lines, run

from summarizer import Config
from summarizer.errors import InputError
from summarizer.io import read_records
from summarizer.io.readers import count_records

ROOT = Path(__file__).resolve().parents[2]
A = (ROOT / "examples" / "weather-warning-ar.txt").read_text(encoding="utf-8")
B = (ROOT / "examples" / "digital-archive-ar.txt").read_text(encoding="utf-8")


# -- UTF-16/32 JSONL (with and without a byte-order mark) is read whole, as text -------------------

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_a_wide_jsonl_file_keeps_every_record_and_notes_its_encoding(tmp_path, codec):
    source = tmp_path / "wide.jsonl"
    source.write_text(jsonl(*({"id": f"r{i}", "text": A} for i in range(3))), encoding=codec)
    records = list(read_records(source))
    assert [r.id for r in records] == ["r0", "r1", "r2"] and not any(r.error for r in records)
    text = records[1].text  # decoded, carrying the note the brief shows (not encoded back into bytes)
    assert isinstance(text, str) and text == A and text.note == f"the input was UTF-{codec[4:6]} text"
    assert pickle.loads(pickle.dumps(records[1])).text.note == text.note  # as Ray hands records to its actors
    assert count_records(source) == 3


def test_line_numbers_of_a_wide_jsonl_file_are_its_lines(tmp_path):
    source = tmp_path / "wide.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}) + '{"id": "b", "text": "never closed\n' + jsonl({"text": B}),
                      encoding="utf-16-le")
    records = list(read_records(source))
    assert [r.id for r in records] == ["a", "line-2", "line-3"]
    assert "line 2 of wide.jsonl is not valid JSON" in records[1].error and records[2].text == B


def test_a_utf16_csv_without_a_byte_order_mark_is_read(tmp_path):
    source = tmp_path / "wide.csv"
    source.write_bytes("id,text\r\nمقال,\"{}\"\r\n".format(A.replace('"', '""')).encode("utf-16-le"))
    (record,) = read_records(source)
    assert record.id == "مقال" and record.text == A.replace("\r\n", "\n")


# -- CR-only line ends split JSONL records; U+2028 and NEL inside a string do not ---------------------

@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_every_line_end_splits_jsonl_records(tmp_path, end):
    source = tmp_path / "lines.jsonl"
    rows = [json.dumps({"id": f"r{i}", "text": A}, ensure_ascii=False) for i in range(3)]
    source.write_bytes((end.join(rows) + end).encode("utf-8"))
    records = list(read_records(source))
    assert [r.id for r in records] == ["r0", "r1", "r2"] and all(r.text == A for r in records)
    assert count_records(source) == 3


def test_unicode_line_separators_inside_a_jsonl_string_stay_in_the_record(tmp_path):
    source = tmp_path / "seps.jsonl"
    text = A.replace("\n", "\u2028", 1).replace("\n", "\x85", 1)
    source.write_text(jsonl({"id": "a", "text": text}, {"id": "b", "text": B}), encoding="utf-8")
    records = list(read_records(source))
    assert [r.id for r in records] == ["a", "b"] and records[0].text == text


# -- after an unterminated CSV quote, reading goes on only where a real row starts --------------------

def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_an_unclosed_quote_resumes_at_the_next_real_row_not_inside_a_quoted_article(tmp_path, capsys):
    source = tmp_path / "broken.csv"
    content = f"id,text\n1,{_quoted(A)}\n2,\"{B[:200]}\n3,{_quoted(B)}\n4,{_quoted(A)}\n"
    source.write_text(content, encoding="utf-8")
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    assert code == 0, err
    out = out_lines(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == ["1", "2", "3", "4"]
    assert "brief" in out[0] and "brief" in out[2] and "brief" in out[3]
    first = content.splitlines().index(f"2,\"{B[:200].splitlines()[0]}") + 1
    assert f"row 2 (lines {first}-" in out[1]["error"] and "a quote that is never closed" in out[1]["error"]
    assert "reading went on at line" in out[1]["error"]
    assert source.read_text(encoding="utf-8") == content  # the input is never changed


def test_a_line_in_a_broken_cell_that_looks_like_a_row_is_not_taken_for_one(tmp_path):
    """'5,word' inside the broken cell has the header's cell count and a number id, but the line after it
    is article text: it is part of the broken cell, not a record."""
    source = tmp_path / "broken.csv"
    lines = A.splitlines()
    source.write_text(f"id,text\n1,{_quoted(A)}\n2,\"{lines[0]}\n5,{lines[1]}\n{lines[2]}\n3,{_quoted(B)}\n",
                      encoding="utf-8")
    records = list(read_records(source))
    assert [r.id for r in records] == ["1", "2", "3"] and records[2].text == B


def test_without_a_place_to_go_on_the_rest_of_the_csv_is_one_error(tmp_path):
    """With no id column nothing tells a row's start from a line of an article: the file stops there."""
    source = tmp_path / "broken.csv"
    content = f"text,title\n{_quoted(A)},a\n\"{B[:200]}\n{_quoted(B)},b\n{_quoted(A)},c\n"
    source.write_text(content, encoding="utf-8")
    records = list(read_records(source))
    assert [r.id for r in records] == ["row-1", "row-2"] and records[0].text == A
    start, end = 2 + A.count("\n") + 1, content.count("\n")
    assert records[1].error.startswith(f"row 2 (lines {start}-{end}) of broken.csv is malformed CSV")
    assert f"the rest of the file (from line {start}) was not read" in records[1].error


# -- CSV headers: duplicates refused, names trimmed and case-free, other delimiters -------------------

@pytest.mark.parametrize("header", ["id,text,text", "id,Text, text ", "ID,text,Id"])
def test_a_repeated_column_is_refused(tmp_path, capsys, header):
    source = tmp_path / "dup.csv"
    source.write_text(f"{header}\n1,{_quoted(A)},{_quoted(B)}\n", encoding="utf-8")
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    column = "id" if header.lower().startswith("id,text,id") else "text"
    assert code == 2 and f"duplicate column '{column}' in the header" in err and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_header_names_and_delimiters(tmp_path, delimiter):
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerows([[" ID ", "Text", "TITLE"], ["a", A, "t; a|b, c"], ["b", B, ""]])
    records = list(read_records(source))
    assert [(r.id, r.text, r.title) for r in records] == [("a", A, "t; a|b, c"), ("b", B, "")]


def test_a_csv_without_a_header_names_short_cells(tmp_path):
    source = tmp_path / "noheader.csv"
    source.write_text(f"1,{_quoted(A)}\n2,{_quoted(B)}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_records(source))
    message = str(caught.value)
    assert "needs a 'text' column" in message and "found: 1, " in message and len(message) < 300


# -- --resume refuses an output that is not this tool's --------------------------------------------

FOREIGN_JSONL = {
    "json without ids": b'{"name": "x"}\n{"name": "y"}\n',
    "a csv named .jsonl": b"id,headline_ar\n1,x\n",
    "binary": bytes(range(256)) * 4,
    "json lists": b'[1, 2]\n',
}


@pytest.mark.parametrize("kind", FOREIGN_JSONL)
def test_resume_refuses_a_jsonl_output_that_is_not_ours(tmp_path, capsys, kind):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}), encoding="utf-8")
    out.write_bytes(FOREIGN_JSONL[kind])
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 4 and f"cannot resume {out}" in err and "Traceback" not in err  # 4: output refused
    assert "line 1" in err or "last line" in err
    assert out.read_bytes() == FOREIGN_JSONL[kind]


def test_resume_names_the_first_bad_line_and_keeps_a_torn_last_line_allowed(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(jsonl({"id": "a", "text": A}, {"id": "b", "text": B}), encoding="utf-8")
    assert run(capsys, source, "-o", out)[0] == 0
    whole = out.read_bytes()
    out.write_bytes(whole.splitlines(keepends=True)[0] + b"not json\n")
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 4 and "line 2 is not a brief record" in err
    out.write_bytes(whole.splitlines(keepends=True)[0] + whole.splitlines()[1][:30])  # killed mid-line
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 0, err
    assert [r["id"] for r in out_lines(out)] == ["a", "b"] and "skipped 1" in err


def test_resume_refuses_a_csv_output_with_another_header(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    source.write_text(jsonl({"id": "a", "text": A}), encoding="utf-8")
    foreign = "name,value\r\nx,1\r\n".encode()
    out.write_bytes(foreign)
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 4 and "its header is not this tool's" in err and out.read_bytes() == foreign
    assert run(capsys, source, "-o", tmp_path / "ours.csv")[0] == 0
    code, err = run(capsys, source, "-o", tmp_path / "ours.csv", "--resume")
    assert code == 0 and "skipped 1" in err


# -- Low. a too-large JSONL line keeps its readable id; ids with controls or bidi characters are refused ---------------

def test_a_too_large_line_keeps_its_id_when_it_can_be_read(tmp_path):
    source = tmp_path / "big.jsonl"
    huge = A * 40
    source.write_text(jsonl({"id": "small", "text": A}, {"meta": {"id": "inner"}, "id": 42, "text": huge},
                            {"id": "small", "text": huge}, {"text": huge}), encoding="utf-8")
    config = Config(max_file_bytes=len(A.encode()) * 5)
    records = list(read_records(source, config))
    assert [r.id for r in records] == ["small", "42", "line-3", "line-4"]
    assert all("is too large" in r.error for r in records[1:])


def test_ids_with_controls_or_bidi_characters_are_refused_not_cleaned(tmp_path):
    source = tmp_path / "ids.jsonl"
    source.write_text(jsonl({"id": "abc\u202e", "text": A}, {"id": "x\x01y", "text": B},
                            {"id": "abc", "text": B}, {"id": "\u200f", "text": A}), encoding="utf-8")
    records = list(read_records(source))
    assert [r.id for r in records] == ["line-1", "line-2", "abc", "line-4"]
    assert [r.error is None for r in records] == [False, False, True, False]
    assert "U+202E" in records[0].error and "U+0001" in records[1].error and "U+200F" in records[3].error
    table = tmp_path / "ids.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["\u202eabc", A], ["a\x01", B], ["abc", A]])
    rows = list(read_records(table))
    assert [r.id for r in rows] == ["row-1", "row-2", "abc"] and rows[2].error is None


# -- Folders: an article-named entry that cannot be read is an error record; other files are named ----

def test_a_folder_lists_broken_links_and_pipes_as_errors_and_names_what_it_skips(tmp_path, capsys, caplog):
    import os
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    records = list(read_records(folder, Config()))
    assert [r.id for r in records] == ["a", "gone", "pipe"] and count_records(folder) == 3
    assert records[0].error is None
    assert "a link to nothing" in records[1].error and "not a regular file" in records[2].error
    assert "skipped 1 file(s) that are not .txt or .html: README.md" in caplog.text
    code, err = run(capsys, folder, "-o", tmp_path / "out.jsonl")
    assert code == 0 and [r["id"] for r in out_lines(tmp_path / "out.jsonl")] == ["a", "gone", "pipe"]


def test_an_unreadable_article_in_a_folder_is_one_error_record(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(A, encoding="utf-8")
    read_bytes = Path.read_bytes

    def denied(self):  # as for a file without read permission (the tests may run as root)
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, err = run(capsys, folder, "-o", tmp_path / "out.jsonl")
    out = out_lines(tmp_path / "out.jsonl")
    assert code == 0 and [r["id"] for r in out] == ["a", "b", "c"]
    assert out[1]["error"] == "cannot read b.txt: Permission denied" and "brief" in out[0] and "brief" in out[2]


def test_open_zip_lists_only_the_members_meant_as_articles(tmp_path):
    import zipfile

    from summarizer.io.readers import open_zip
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name in ("a.txt", "news/b.txt", ".hidden.txt", "__MACOSX/._a.txt"):
            z.writestr(name, A)
    archive, members = open_zip(path, Config())
    archive.close()
    assert [m.filename for m in members] == ["a.txt", "news/b.txt"]  # what the app counts for its progress bar
    assert [r.id for r in read_records(path, Config())] == ["a", "news/b"]
