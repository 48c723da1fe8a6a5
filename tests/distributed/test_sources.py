"""The Ray executor's parts that need no Ray cluster (summarizer/distributed/): finding the sources
and their ids, what it refuses before starting, and the message without Ray. The cluster tests are in
test_ray.py (slow)."""
from __future__ import annotations

import json
import os
import sys

import pytest

from summarizer.commands import main


def run(capsys, *args) -> tuple[int, str]:
    code = main([*map(str, args), "-q", "--no-translate"])
    return code, capsys.readouterr().err


def test_ray_output_folder_is_never_an_input(tmp_path, parts, capsys):
    pytest.importorskip("ray")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.jsonl").write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    for output in (folder, folder / "briefs"):
        code, err = run(capsys, folder / "data.jsonl" if output == folder else folder, "-o", output,
                        "--executor", "ray", "--resume")
        assert code == 4 and "refusing to write shards" in err, err  # 4: output refused
    assert not (folder / "briefs").exists() and sorted(p.name for p in folder.iterdir()) == ["data.jsonl"]


def test_missing_ray_gives_install_message(parts, tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": parts[0]}) + "\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    monkeypatch.delitem(sys.modules, "summarizer.distributed.ray", raising=False)
    code, err = run(capsys, corpus, "-o", tmp_path / "out", "--executor", "ray")
    assert code == 2
    assert "--executor ray needs Ray: pip install" in err
    assert "Traceback" not in err


def test_sources_fallback_ids_and_lines(tmp_path):
    pytest.importorskip("ray")
    from summarizer.config import Config
    from summarizer.distributed.dataset import shard_rows_for
    from summarizer.distributed.sources import find_sources, source_records
    from summarizer.io.writers import jsonl_line
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.jsonl").write_text('{"text": "a"}\n{"id": "line-9", "text": "b"}\n', encoding="utf-8")
    (tmp_path / "d" / "y.jsonl").write_text('{"text": "c"}\n', encoding="utf-8")
    sources = find_sources(str(tmp_path / "d"))
    ids = [r.id for s in sources for r in source_records(s, Config())]
    assert ids == ["x.jsonl:line-1", "x.jsonl:line-9", "y.jsonl:line-1"]
    single = find_sources(str(tmp_path / "d" / "x.jsonl"))
    assert [r.id for r in source_records(single[0], Config())] == ["line-1", "line-9"]
    assert [s.path for s in find_sources(str(tmp_path / "d" / "*.jsonl"))] == [s.path for s in sources]
    assert json.loads(jsonl_line({"id": "a\ud800", "error": "x"})) == {"id": "a\ud800", "error": "x"}
    assert jsonl_line({"id": "س"}) == json.dumps({"id": "س"}, ensure_ascii=False)
    assert shard_rows_for(30, 4) == 4 and shard_rows_for(10**6, 32) == 1000 and shard_rows_for(None, 8) == 1000


def test_a_pipe_is_refused_with_a_reason(tmp_path, capsys):
    pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[ray]')")
    from summarizer.distributed.sources import find_sources
    from summarizer.errors import InputError
    fifo = tmp_path / "63"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a pipe or a device, which Ray's workers cannot read"):
        find_sources(str(fifo))
