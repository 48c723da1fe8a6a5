"""Where a model's files come from: a local folder, then the Hugging Face cache, then the hub if it answers.

The hub is asked only when the model is not on disk, downloads are allowed
(no `Config.offline`, no HF_HUB_OFFLINE=1) and a probe of the endpoint
(HF_ENDPOINT) answers within `PROBE_SECONDS`, so an offline machine is told
at once instead of after a minute of retries. A download fetches only what
loading needs (config, tokenizer, safetensors weights, else PyTorch weights),
shows a progress bar, and lands in the Hugging Face cache (HF_HOME), so the
next run finds it there. huggingface_hub checks each file's size before
moving it into the cache, and a snapshot without its config or weights is
not taken for a model, so a broken download never leaves a model that half
loads: running again resumes it.
"""
from __future__ import annotations

import fnmatch
import logging
import threading
from pathlib import Path

from ..config import Config, is_local_path
from ..errors import ModelUnavailable, first_line

log = logging.getLogger(__name__)

PROBE_SECONDS = 1.5
# The files from_pretrained reads; weights are chosen separately (safetensors first).
_LOADING_FILES = ("*.json", "*.model", "*.spm", "*.txt", "*.tiktoken")
_SKIP = ("README*", "*.md", "flax_*", "tf_*", "*.h5", "*.msgpack", "*.ot", "*.onnx*", "*.tflite")


def offline(config: Config) -> bool:
    from huggingface_hub import constants
    return config.offline or bool(constants.HF_HUB_OFFLINE)


def model_folder(name: str, role: str, config: Config) -> Path:
    """The local folder holding `name`, downloading it first if it must and may."""
    if is_local_path(name):
        folder = Path(name).expanduser()
        if not folder.is_dir():
            why = "that is a file, not a model folder" if folder.exists() else "the folder does not exist"
            raise ModelUnavailable(name, role, f"local folder {folder.resolve()}", why)
        if not (folder / "config.json").is_file():
            raise ModelUnavailable(name, role, f"local folder {folder.resolve()}", "no config.json in that folder")
        return folder
    cached = cached_folder(name)
    if cached is not None:
        return cached
    looked = f"the Hugging Face cache {cache_dir()}"
    if offline(config):
        raise ModelUnavailable(name, role, looked, "not in the local cache, and downloads are off "
                               "(--offline, BRIEF_OFFLINE or HF_HUB_OFFLINE=1)", offline=True)
    info = probe(name)
    if isinstance(info, str):
        raise ModelUnavailable(name, role, f"{looked} and {endpoint()}", info)
    return download(name, role, info)


def cache_dir() -> str:
    from huggingface_hub import constants
    return constants.HF_HUB_CACHE


def endpoint() -> str:
    from huggingface_hub import constants
    return constants.ENDPOINT


def cached_folder(name: str) -> Path | None:
    """The cached snapshot of `name`, if it is complete enough to load (config and weights)."""
    from huggingface_hub import snapshot_download
    try:
        folder = Path(snapshot_download(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - not cached (or a malformed id): nothing local
        return None
    return folder if complete(folder) else None


def complete(folder: Path) -> bool:
    """Config and every weight file present (a sharded checkpoint lists its shards in an index)."""
    if not (folder / "config.json").is_file():
        return False
    for index in folder.glob("*.index.json"):
        import json
        try:
            shards = set(json.loads(index.read_text(encoding="utf-8"))["weight_map"].values())
        except (OSError, ValueError, KeyError):
            return False
        if not all((folder / shard).is_file() for shard in shards):
            return False
    return any(folder.glob("*.safetensors")) or any(folder.glob("pytorch_model*.bin"))


def probe(name: str, seconds: float = PROBE_SECONDS):
    """The hub's file list for `name`, or a reason (str) why it cannot be had; never waits longer than `seconds`."""
    result: list = []

    def ask():
        from huggingface_hub import HfApi
        from huggingface_hub.utils import GatedRepoError, RepositoryNotFoundError
        try:
            result.append(HfApi(endpoint=endpoint()).model_info(name, timeout=seconds))
        except GatedRepoError:
            result.append("the model is gated on the hub: accept its terms and log in (`huggingface-cli login`)")
        except RepositoryNotFoundError:
            result.append("no such model on the hub (check the id; a private model needs `huggingface-cli login`)")
        except Exception as error:  # noqa: BLE001 - DNS, refused, TLS, timeout...: all mean unreachable
            result.append(f"the Hugging Face hub is not reachable ({type(error).__name__})")

    if endpoint() in _UNREACHABLE:  # asked once per process: the second model is told at once
        return f"the Hugging Face hub is not reachable ({endpoint()})"
    # A thread bounds the wait, name resolution included (a socket timeout does not cover it).
    thread = threading.Thread(target=ask, daemon=True, name="hub-probe")
    thread.start()
    thread.join(seconds)
    if not result:
        result.append(f"the Hugging Face hub did not answer within {seconds:g} s")
    if isinstance(result[0], str) and ("not reachable" in result[0] or "did not answer" in result[0]):
        _UNREACHABLE.add(endpoint())
    return result[0]


_UNREACHABLE: set[str] = set()


def wanted_files(files: list[str]) -> list[str]:
    """What loading needs of a repository's top-level files: safetensors weights if any, else PyTorch's."""
    top = [f for f in files if "/" not in f and not any(fnmatch.fnmatch(f, p) for p in _SKIP)]
    safetensors = [f for f in top if f.endswith(".safetensors")]
    weights = safetensors or [f for f in top if fnmatch.fnmatch(f, "pytorch_model*.bin")]
    loading = [f for f in top if any(fnmatch.fnmatch(f, p) for p in _LOADING_FILES)]
    if safetensors:  # the PyTorch index would name files we do not fetch
        loading = [f for f in loading if f != "pytorch_model.bin.index.json"]
    return sorted(set(loading + weights))


def download(name: str, role: str, info) -> Path:
    from huggingface_hub import snapshot_download
    files = wanted_files([s.rfilename for s in (info.siblings or [])])
    if "config.json" not in files or not any(f.endswith((".safetensors", ".bin")) for f in files):  # see wanted_files
        raise ModelUnavailable(name, role, endpoint(), "the hub repository has no config.json or no PyTorch "
                               "weights (safetensors or .bin) to load")
    log.warning("downloading %s model %s from %s (%d files; first use only, then it is cached in %s)",
                role, name, endpoint(), len(files), cache_dir())
    try:
        folder = Path(snapshot_download(name, revision=info.sha, allow_patterns=files))
    except Exception as error:  # noqa: BLE001
        raise ModelUnavailable(name, role, endpoint(), f"the download failed ({first_line(error)}); nothing "
                               "half-downloaded is used: run the same command again to resume it") from error
    if not complete(folder):
        raise ModelUnavailable(name, role, str(folder), "the download is incomplete; run again to resume it")
    _remember_main(name, info.sha)
    return folder


def _remember_main(name: str, commit: str) -> None:
    """Point the cache's 'main' at the commit just fetched, so the next run finds it offline."""
    from huggingface_hub.file_download import repo_folder_name
    refs = Path(cache_dir()) / repo_folder_name(repo_id=name, repo_type="model") / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    (refs / "main").write_text(commit)
