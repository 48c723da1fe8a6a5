"""Encodings of the input: legacy Arabic code pages and Unicode encodings decoded and named, mojibake
repaired, damaged UTF-8 kept and reported, binary data and other code pages refused with what to do."""
import csv
import hashlib
import io
import json

import pytest
from samples import ARTICLE, BINARY, SHORT, prepared

from summarizer import BriefPipeline, Config, InputError
from summarizer.text.encoding import decode, repair_mojibake


@pytest.fixture(scope="module")
def pipe():
    return BriefPipeline(Config(translator_model=""))


@pytest.mark.parametrize("codec, name", [("cp1256", "windows-1256"), ("iso8859_6", "ISO-8859-6"),
                                         ("cp720", "DOS-720")])
@pytest.mark.parametrize("text", [ARTICLE, SHORT], ids=["long", "short"])
def test_legacy_arabic_encodings_are_decoded_and_named(codec, name, text):
    if codec == "cp720":  # DOS Arabic has no Arabic comma
        text = text.replace("،", ",")
    notes = []
    assert prepared(text.encode(codec), notes) == prepared(text)
    assert any(name in n for n in notes)


@pytest.mark.parametrize("text, codec, note", [
    (ARTICLE, "utf-16", "UTF-16"), (ARTICLE, "utf-16-le", "UTF-16LE"), (ARTICLE, "utf-32", "UTF-32"),
    (ARTICLE, "utf-8-sig", None),
])
def test_unicode_encodings_are_decoded(text, codec, note):
    decoded = decode(text.encode(codec))
    assert decoded.text.lstrip("\ufeff") == text
    assert (note in decoded.note) if note else decoded.note is None


@pytest.mark.parametrize("kind", BINARY)
def test_binary_data_is_still_refused(kind):
    with pytest.raises(InputError, match="binary"):
        prepared(BINARY[kind])


def test_other_encodings_are_refused_with_what_to_do():
    french = "Le président a déclaré que la réunion était reportée à demain matin.".encode("latin-1")
    with pytest.raises(InputError, match="not UTF-8 text, nor Arabic in windows-1256 or ISO-8859-6: save it as UTF-8"):
        prepared(french)


def test_damaged_utf8_keeps_the_text_and_says_so():
    data = ARTICLE.encode()
    notes = []
    text = prepared(data[:40] + b"\xff" + data[40:], notes)
    assert "\ufffd" in text and text.replace("\ufffd", "") == prepared(ARTICLE)
    assert any("1 damaged byte" in n for n in notes)


@pytest.mark.parametrize("codec", ["cp1256", "cp1252", "latin-1"])
def test_mojibake_is_repaired(codec):
    # As editors and browsers show it: bytes windows-1252 leaves undefined become C1 controls.
    garbled = "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in ARTICLE.encode())
    notes = []
    assert prepared(garbled, notes) == prepared(ARTICLE)
    assert any("misread" in n for n in notes)
    assert repair_mojibake(ARTICLE) == ARTICLE and repair_mojibake("plain ASCII") == "plain ASCII"


def test_cp1256_txt_and_csv_through_the_cli(pipe, tmp_path, brief_cli):
    headline = pipe(ARTICLE).headline_ar
    txt = tmp_path / "article.txt"
    txt.write_bytes(ARTICLE.encode("cp1256"))
    result = brief_cli(txt, "--no-translate", "--format", "json")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert brief["headline_ar"] == headline
    assert any("windows-1256" in w for w in brief["warnings"])

    table = tmp_path / "articles.csv"
    rows = [["id", "text", "title"], ["a1", ARTICLE, "عنوان"], ["a2", ARTICLE, "آخر"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    table.write_bytes(buffer.getvalue().encode("cp1256"))
    before = hashlib.sha256(table.read_bytes()).hexdigest()
    out = tmp_path / "out.jsonl"
    result = brief_cli(table, "-o", out, "--no-translate", "-q")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2"]
    for record in records:
        assert record["brief"]["headline_ar"] == headline
        assert any("windows-1256" in w for w in record["brief"]["warnings"])
    assert hashlib.sha256(table.read_bytes()).hexdigest() == before
