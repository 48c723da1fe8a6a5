"""The readers (summarizer/io/readers/): zip members, folders, CSV and JSONL as records. Nothing lost,
nothing doubled, the input never changed; a damaged or duplicate record is an error record that says why."""
from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from summarizer import Config
from summarizer.io import read_records
from tests.samples import run


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _flip_byte_in_member(path: Path, member: str) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    # The member's data starts after its local header (30 bytes + name + extra).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_damaged_zip_member_becomes_an_error_record(tmp_path, parts, capsys, compression):
    source = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(source, "w", compression=compression) as archive:
        for name, text in zip(("a.txt", "b.txt", "c.txt"), parts):
            archive.writestr(name, text)
    _flip_byte_in_member(source, "b.txt")
    before = source.read_bytes()
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    assert code == 0, err
    out = {r["id"]: r for r in lines(tmp_path / "out.jsonl")}
    assert list(out) == ["a", "b", "c"]
    assert "brief" in out["a"] and "brief" in out["c"]
    assert "b.txt is damaged in the zip" in out["b"]["error"]
    assert source.read_bytes() == before


def test_a_zip_member_larger_than_its_header_says_is_refused_alone(tmp_path, parts):
    source = tmp_path / "liar.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("big.txt", parts[0] * 40)
        archive.writestr("ok.txt", parts[1])
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        big = archive.getinfo("big.txt")
    central = data.index(b"PK\x01\x02")  # the first central entry is big.txt's
    assert data[central + 46:central + 53] == b"big.txt"
    # Both headers (local and central) now claim 10 bytes.
    for offset in (big.header_offset + 22, central + 24):
        data[offset:offset + 4] = (10).to_bytes(4, "little")
    source.write_bytes(bytes(data))
    records = list(read_records(source, Config(max_file_bytes=len(parts[0].encode()) * 10)))
    assert [r.id for r in records] == ["big", "ok"]
    assert records[0].error and records[1].error is None


def test_an_encrypted_zip_member_is_refused_alone(tmp_path, parts):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ok.txt", parts[0])
        z.writestr("locked.txt", parts[1])
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        locked = z.getinfo("locked.txt")
    data[locked.header_offset + 6] |= 1  # the "encrypted" flag, in the local and the central header
    data[data.rindex(b"PK\x01\x02", 0, data.rindex(b"locked.txt")) + 8] |= 1
    archive.write_bytes(bytes(data))
    records = {r.id: r for r in read_records(archive)}
    assert records["ok"].error is None and "locked.txt is encrypted in the zip" in records["locked"].error


def test_a_later_duplicate_id_is_an_error_record_and_resume_keeps_every_record(tmp_path, parts, capsys):
    source = tmp_path / "dups.jsonl"
    rows = [{"id": "a", "text": parts[0]}, {"id": "b", "text": parts[1]}, {"id": "a", "text": parts[2]},
            {"text": parts[0]}, {"id": "line-4", "text": parts[1]}]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _ = run(capsys, source, "-o", out)
    assert code == 0
    full = lines(out)
    assert [r["id"] for r in full] == ["a", "b", "a", "line-4", "line-4"]
    assert full[2]["error"] == "duplicate id 'a' (first at line 1)"
    # A made-up id never makes a record an error: the record named "line-4" is briefed too.
    assert all("brief" in full[i] for i in (0, 1, 3, 4))
    # Interrupted after the first three records: the resume writes the last two, nothing twice.
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in full[:3]), encoding="utf-8")
    code, err = run(capsys, source, "-o", out, "--resume")
    assert code == 0 and "skipped 3" in err
    assert [r["id"] for r in lines(out)] == ["a", "b", "a", "line-4", "line-4"]
    # Interrupted after the first record only: the duplicate 'a' is not taken for the done one.
    out.write_text(json.dumps(full[0], ensure_ascii=False) + "\n", encoding="utf-8")
    code, _ = run(capsys, source, "-o", out, "--resume")
    resumed = lines(out)
    assert [r["id"] for r in resumed] == ["a", "b", "a", "line-4", "line-4"]
    assert "duplicate id" in resumed[2]["error"]


def test_a_made_up_id_steps_aside_for_a_given_one(tmp_path, parts):
    source = tmp_path / "ids.jsonl"
    rows = [{"id": "line-2", "text": parts[0]}, {"text": parts[1]}, {"id": 7, "text": parts[2]},
            {"id": "7", "text": parts[0]}, {"id": {"x": 1}, "text": parts[0]}]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    records = list(read_records(source))
    assert [r.id for r in records] == ["line-2", "line-2-2", "7", "7", "line-5"]
    assert [r.error is None for r in records] == [True, True, True, False, False]
    assert records[3].error == "duplicate id '7' (first at line 3)"  # ids are text: 7 and "7" are one id
    assert "must be a string or a number" in records[4].error


def test_files_that_differ_only_in_extension_keep_it_in_their_ids(tmp_path, parts):
    folder = tmp_path / "in"
    (folder / "news").mkdir(parents=True)
    for name, text in (("a.txt", parts[0]), ("a.html", f"<p>{parts[1]}</p>"), ("news/b.txt", parts[2]),
                       (".hidden.txt", parts[0])):
        (folder / name).write_text(text, encoding="utf-8")
    assert [r.id for r in read_records(folder)] == ["a.html", "a.txt", "news/b"]
    archive = tmp_path / "in.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, text in (("a.txt", parts[0]), ("a.html", parts[1]), ("__MACOSX/._a.txt", "x"), (".DS_Store", "x")):
            z.writestr(name, text)
    assert [r.id for r in read_records(archive)] == ["a.txt", "a.html"]


def test_a_folder_without_articles_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "part-1.jsonl").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    code, err = run(capsys, tmp_path / "shards", "-o", tmp_path / "out.jsonl")
    assert code == 2 and "no .txt or .html articles" in err and "part-1.jsonl" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_a_utf16_csv_is_read(tmp_path, parts):
    source = tmp_path / "unicode.csv"
    source.write_bytes(f"id,text\r\nمقال,{parts[0].splitlines()[0]}\r\n".encode("utf-16"))
    (record,) = read_records(source)
    # the text goes on decoded, with the note the brief shows (never encoded back into bytes)
    assert record.id == "مقال" and record.text.startswith("أعلنت وزارة الدفاع") and isinstance(record.text, str)
    assert record.text.note == "the input was UTF-16 text"


def test_duplicate_ids_in_csv_and_folders_follow_the_same_rule(tmp_path, parts):
    source = tmp_path / "dups.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["a", parts[0]], ["a", parts[1]]])
    records = list(read_records(source))
    assert [r.id for r in records] == ["a", "a"] and records[1].error == "duplicate id 'a' (first at line 2)"


def test_an_unterminated_csv_quote_is_reported_and_the_next_rows_are_kept(tmp_path, parts, capsys):
    source = tmp_path / "broken.csv"
    source.write_text("id,text\n"
                      f'1,"{parts[0].splitlines()[0]}\n'
                      f"2,{parts[1].splitlines()[0]}\n"
                      f'3,"{parts[2].splitlines()[0]}"\n', encoding="utf-8")
    code, err = run(capsys, source, "-o", tmp_path / "out.jsonl")
    assert code == 0, err
    out = lines(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == ["1", "2", "3"]  # the broken row keeps the id its first line gives
    assert "row 1 (line 2)" in out[0]["error"] and "malformed CSV" in out[0]["error"]
    assert "brief" in out[1] and "brief" in out[2]
    assert "done 2, skipped 0, failed 1" in err


def test_json_errors_read_cleanly(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "unterminated}\n', encoding="utf-8")
    (record,) = read_records(source)
    assert record.error.startswith("line 1 of bad.jsonl is not valid JSON (Unterminated string starting at: column")
    assert "at at" not in record.error
