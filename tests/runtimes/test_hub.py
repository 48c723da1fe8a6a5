"""Models from the hub on first use, against a local fake hub (HF_ENDPOINT): download, cache, broken downloads.

Each run is the real command in a subprocess, with its own HF_HOME, as a user runs it.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from fake_hub import FakeHub

ROOT = Path(__file__).resolve().parents[2]
REPO = "test-org/tiny-opus"


def brief(article: Path, hub_url: str, hf_home: Path, *extra: str, env: dict | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "BRIEF_"))}
    environ.update({"HF_ENDPOINT": hub_url, "HF_HOME": str(hf_home), "BRIEF_THREADS": "1",
                    "HF_HUB_DISABLE_PROGRESS_BARS": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "summarizer", str(article), "--translator-model", REPO,
                           "--format", "json", "--bullets", "3", "--greedy", *extra],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300)


@pytest.fixture
def article(tmp_path, seed_text):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


@pytest.fixture
def hub(tiny_models):
    with FakeHub({REPO: tiny_models["marian"]}) as fake:
        yield fake


@pytest.mark.slow
def test_first_run_downloads_then_the_cache_serves_with_the_hub_gone(hub, article, tmp_path):
    result = brief(article, hub.url, tmp_path / "hf")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["headline_en"] and len(out["bullets_en"]) == 3, out["english_status"]
    assert "downloading translator model test-org/tiny-opus" in result.stderr
    fetched = {path.rsplit("/", 1)[-1] for method, path in hub.requests if method == "GET" and "/resolve/" in path}
    assert "model.safetensors" in fetched and "config.json" in fetched

    hub.stop()  # the hub is gone: the second run needs nothing from it
    again = brief(article, hub.url, tmp_path / "hf")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["headline_en"] == out["headline_en"]
    assert "downloading" not in again.stderr


@pytest.mark.slow
def test_a_broken_download_leaves_no_model_behind_and_says_what_to_do(hub, article, tmp_path):
    hub.truncate.add("model.safetensors")  # the server hangs up half-way through the weights
    result = brief(article, hub.url, tmp_path / "hf", "--require-english")
    assert result.returncode == 3
    assert "the download failed" in result.stderr and "run the same command again to resume" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing half-downloaded passes for the model: with the hub gone, it is simply not there.
    hub.stop()
    offline = brief(article, hub.url, tmp_path / "hf", "--allow-no-english")  # a named translator, else exit 3
    assert offline.returncode == 0 and json.loads(offline.stdout)["headline_en"] is None
    assert "not reachable" in json.loads(offline.stdout)["english_status"]  # said once, in the brief


@pytest.mark.slow
def test_a_repaired_download_resumes(hub, article, tmp_path):
    hub.truncate.add("model.safetensors")
    brief(article, hub.url, tmp_path / "hf")
    hub.truncate.clear()
    result = brief(article, hub.url, tmp_path / "hf")
    assert result.returncode == 0 and json.loads(result.stdout)["headline_en"], result.stderr


@pytest.mark.slow  # a fresh interpreter per case, twice (about 2 s)
def test_offline_is_answered_at_once_with_the_fix(article, tmp_path):
    """No hub (nothing listens on the port), and HF_HUB_OFFLINE=1: both brief in Arabic and say how to get English."""
    for env in ({}, {"HF_HUB_OFFLINE": "1"}):
        result = brief(article, "http://127.0.0.1:9", tmp_path / "hf", "--allow-no-english", env=env)
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["headline_en"] is None and result.stderr == ""  # the brief says it, once
        assert out["english_status"].endswith("see `brief models doctor`")  # the fix, one command away
    assert "downloads are off" in out["english_status"]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "BRIEF_"))}
    environ.update({"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1",
                    "BRIEF_TRANSLATOR_MODEL": "test-org/tiny-opus"})
    doctor = subprocess.run([sys.executable, "-m", "summarizer", "models", "doctor"], cwd=ROOT, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert doctor.returncode == 3 and "brief models download --translator-model test-org/tiny-opus" in doctor.stdout


def test_a_hub_that_never_answers_is_given_up_on_with_a_reason(monkeypatch):
    """The probe is bounded: a server that takes the connection but never replies is called unreachable."""
    from summarizer.runtimes import hub as hub_module
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never accepts or answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        monkeypatch.setattr("huggingface_hub.constants.ENDPOINT", url)
        reason = hub_module.probe(REPO, seconds=0.2)  # a reason, not the model's file list
        # "did not answer within 0.2 s", or the client's own 0.2 s read timeout if it fires first
        assert isinstance(reason, str) and reason.startswith("the Hugging Face hub "), reason
        # The endpoint is remembered: the next model is told at once, without a second wait.
        assert hub_module.probe(REPO, seconds=0.2) == f"the Hugging Face hub is not reachable ({url})"


@pytest.mark.slow
def test_models_download_and_list(hub, tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "BRIEF_"))}
    environ.update({"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                    "BRIEF_TRANSLATOR_MODEL": REPO})

    def models(*args):
        return subprocess.run([sys.executable, "-m", "summarizer", "models", *args], cwd=ROOT, env=environ,
                              capture_output=True, text=True, timeout=300)

    before = models("list")
    assert before.returncode == 0 and "missing" in before.stdout and REPO in before.stdout  # listing worked
    fetched = models("download", "--translator", REPO)
    assert fetched.returncode == 0, fetched.stderr
    after = models("list")
    assert f"translator  ok       {REPO}: Hugging Face cache" in after.stdout
    doctor = models("doctor")
    assert "reachable" in doctor.stdout and "package     ctranslate2" in doctor.stdout


BIG = "test-org/tiny-opus-tc-big"


@pytest.fixture(scope="module")
def big_stand_in():
    """The default model's layout: pytorch_model.bin (no safetensors), source.spm, target.spm, vocab.json."""
    from summarizer.testing import cached_model
    return cached_model("marian-big")


@pytest.mark.slow  # builds and converts a transformer-big stand-in (about 20 s)
def test_the_default_models_layout_bin_only_is_fetched_loaded_and_named_by_doctor(big_stand_in, article, tmp_path):
    names = {p.name for p in big_stand_in.iterdir()}
    assert {"pytorch_model.bin", "source.spm", "target.spm", "vocab.json"} <= names
    assert not any(n.endswith(".safetensors") for n in names)
    with FakeHub({BIG: big_stand_in}) as hub:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "BRIEF_"))}
        environ.update({"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                        "BRIEF_TRANSLATOR_MODEL": BIG})
        doctor = subprocess.run([sys.executable, "-m", "summarizer", "models", "doctor"], cwd=ROOT, env=environ,
                                capture_output=True, text=True, timeout=300)
        assert "it has no safetensors, so a download fetches pytorch_model.bin" in doctor.stdout, doctor.stdout
        result = subprocess.run([sys.executable, "-m", "summarizer", str(article), "--translator-model", BIG,
                                 "--format", "json", "--bullets", "3", "--greedy"], cwd=ROOT, env=environ,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["headline_en"], result.stderr
        fetched = {p.rsplit("/", 1)[-1] for m, p in hub.requests if m == "GET" and "/resolve/" in p}
        assert {"pytorch_model.bin", "source.spm", "target.spm", "vocab.json", "config.json"} <= fetched
        listed = subprocess.run([sys.executable, "-m", "summarizer", "models", "list"], cwd=ROOT, env=environ,
                                capture_output=True, text=True, timeout=300)
        assert "weights: pytorch_model.bin, no safetensors" in listed.stdout, listed.stdout
        # `brief models download --runtime ctranslate2` converts the .bin-only model (int8 on CPU).
        environ["BRIEF_CT2_CACHE"] = str(tmp_path / "ct2")
        converted = subprocess.run([sys.executable, "-m", "summarizer", "models", "download", "--translator", BIG,
                                    "--runtime", "ctranslate2"], cwd=ROOT, env=environ, capture_output=True,
                                   text=True, timeout=300)
        assert converted.returncode == 0 and "converted for CTranslate2" in converted.stdout, converted.stderr
        assert [p.parent.name for p in (tmp_path / "ct2").glob("*/model.bin")][0].count("-int8-") == 1


def test_a_bin_checkpoint_is_read_with_weights_only(big_stand_in, tmp_path):
    """A pickle that would run code is refused (torch.load(weights_only=True)), with a clear error."""
    import shutil

    import torch

    from summarizer import Config, ModelUnavailable
    from summarizer.runtimes.load import load_runtime
    folder = tmp_path / "evil"
    shutil.copytree(big_stand_in, folder)
    ran = tmp_path / "ran"
    weights = torch.load(folder / "pytorch_model.bin", weights_only=True)
    weights["payload"] = _Payload(str(ran))
    torch.save(weights, folder / "pytorch_model.bin")
    with pytest.raises(ModelUnavailable, match="weights cannot be loaded"):
        load_runtime(str(folder), "translator", Config(num_threads=1))
    assert not ran.exists()  # the pickled code never ran


class _Payload:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))
