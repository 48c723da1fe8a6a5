"""A property of the batch path (reader -> pipeline -> writer, as `brief IN -o OUT` runs it), checked on
generated hostile JSONL and CSV: every non-blank input line (CSV: every row) yields exactly one output
record, in input order, and nothing raises."""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import BriefPipeline, Config
from summarizer.errors import InputError
from summarizer.io import JsonlWriter, read_records
from summarizer.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
A = (ROOT / "examples" / "weather-warning-ar.txt").read_text(encoding="utf-8")
BUDGET = settings(max_examples=40, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_pipeline: list[BriefPipeline] = []


def pipeline() -> BriefPipeline:
    if not _pipeline:  # one per session, built on first use (hypothesis and function fixtures do not mix)
        _pipeline.append(BriefPipeline(Config(translator_model="", offline=True)))
    return _pipeline[0]


# -- generated values --------------------------------------------------------------------------------

# Any code point, lone surrogates and controls included.
odd_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), odd_text,
                    st.integers(min_value=1000, max_value=6000).map(lambda n: int("9" * n) if n < 4300 else "9" * n))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(odd_text, inner, max_size=3), max_leaves=8)
key_case = st.sampled_from(["text", "TEXT", " Text ", "id", "ID", " id", "title", "summary", "m"])


@st.composite
def record_line(draw) -> bytes:
    """A JSON object line: known keys in any case (sometimes twice), odd ids and texts, deep or huge parts."""
    pairs = [(draw(key_case), draw(st.one_of(st.just(A), json_values))) for _ in range(draw(st.integers(0, 4)))]
    depth = draw(st.sampled_from([0, 0, 50, 101, 999, 3000]))
    if depth:
        pairs.append(("m", None))
    body = ", ".join(f"{json.dumps(k)}: " + ("[" * depth + "]" * depth if v is None and depth and k == "m"
                                             else json.dumps(v, ensure_ascii=draw(st.booleans())))
                     for k, v in pairs)
    line = "{" + body + "}"
    return line.encode("utf-8", "surrogatepass")


def raw_line(data: bytes) -> bytes:
    return data.replace(b"\n", b" ").replace(b"\r", b" ")


hostile_line = st.one_of(
    record_line(),
    st.binary(max_size=40).map(raw_line),  # junk bytes, invalid UTF-8
    json_values.map(lambda v: json.dumps(v).encode("utf-8")),  # a value that is not an object
    st.integers(1, 6000).map(lambda d: b"[" * d + b"]" * d),
    st.integers(1, 6000).map(lambda n: b'{"id": "n", "text": ' + b"7" * n + b"}"),
    st.sampled_from([b"", b"   ", b"\t", b"\x0b"]),  # blank lines: no record
    st.builds(lambda t: raw_line(t.encode("utf-8", "surrogatepass")), odd_text),
)


def non_blank(lines: list[bytes]) -> list[int]:
    """The 1-based numbers of the lines the reader must turn into records."""
    return [n for n, line in enumerate(lines, 1) if line.strip()]


def run_batch(path: Path, out: Path) -> tuple[list, list[dict]]:
    """The command's batch path: read, brief, write; then the output read back."""
    records = list(read_records(path, Config()))
    with JsonlWriter(out) as writer:
        for output in Runner(pipeline(), batch_size=4)(iter(records)):
            writer.write(output)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return records, written


# -- the property -----------------------------------------------------------------------------------------

@BUDGET
@given(st.lists(hostile_line, min_size=1, max_size=8))
def test_every_non_blank_jsonl_line_is_one_output_record_in_order(lines):
    lines = [b'{"id": "first"}', *lines]  # an ASCII start: the encoding sniff reads UTF-8, as for a real file
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        records, written = run_batch(path, out)
    expected = non_blank(lines)
    assert [r.where for r in records] == [f"line {n}" for n in expected]
    assert [w["id"] for w in written] == [r.id for r in records]
    assert all(("brief" in w) != ("error" in w) for w in written)


header_cells = st.sampled_from([["id", "text"], ["ID", " Text "], ["text"], ["id", "text", "title"],
                                ["title", "TEXT", "Id"], ["id", "text", "TEXT"]])
cell = st.one_of(odd_text, st.just(A), st.integers(1000, 6000).map(lambda n: "9" * n),
                 st.sampled_from(["", "=1+1", "'", '"', "a\r\nb", "{[[[[", "\u202eabc"]))


@BUDGET
@given(header_cells, st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=6))
def test_every_csv_row_is_one_output_record_in_order(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([c.replace("\x00", "") for c in row])
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / "in.csv", Path(folder) / "out.jsonl"
        path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
        names = [h.strip().casefold() for h in header]
        if names.count("text") > 1:
            with pytest.raises(InputError, match="duplicate column 'text'"):
                run_batch(path, out)
            return
        records, written = run_batch(path, out)
    assert len(records) == len(rows)
    starts = [int(re.fullmatch(r"line (\d+)", r.where).group(1)) for r in records]
    assert starts == sorted(set(starts))  # in order, none twice
    assert [w["id"] for w in written] == [r.id for r in records]
    assert all(("brief" in w) != ("error" in w) for w in written)
