"""The shard store (summarizer/io/shards.py): the fence behind 'no duplicate on resume'."""
from __future__ import annotations

import pytest


def test_a_superseded_run_cannot_add_a_shard(tmp_path):
    """The fence behind 'no duplicate on resume': a killed job's late writer finds OUTDIR taken over."""
    pytest.importorskip("ray")
    from summarizer.errors import InputError
    from summarizer.io.shards import ShardStore, write_shard
    first = ShardStore(tmp_path / "out")
    assert first.open(resume=False, overwrite=False, run_id="run-1") == {}
    assert write_shard(first.path, "part-run-1-a.jsonl", "run-1", lambda f: f.write(b'{"id": "a", "error": "x"}\n'))
    with pytest.raises(InputError, match="another job"):
        ShardStore(tmp_path / "out").open(resume=True, overwrite=False, run_id="run-2")
    first.close()  # the first driver is gone (killed); its workers may still be finishing

    second = ShardStore(tmp_path / "out")
    assert second.open(resume=True, overwrite=False, run_id="run-2") == {"a": 1}
    assert not write_shard(first.path, "part-run-1-b.jsonl", "run-1", lambda f: f.write(b'{"id": "b"}\n'))
    second.close()
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["part-run-1-a.jsonl"]
