"""`brief models list|doctor|download`: what is installed and where, and fetching models ahead of time.

For air-gapped setups: `brief models download` on a connected machine fills the
Hugging Face cache (and the CTranslate2 cache with --runtime ctranslate2); copy
HF_HOME (and BRIEF_CT2_CACHE) to the offline machine.
"""
from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from ..config import DEFAULT_SUMMARIZER, DEFAULT_TRANSLATOR, TRANSLATORS, Config, is_local_path, translator_id
from ..errors import BriefError, Exit, first_line

_ALIASES = ", ".join(f"{alias} ({name})" for alias, name in TRANSLATORS.items())
OPTIONAL = {"ctranslate2": "fast", "trafilatura": "core (HTML pages)", "charset_normalizer": "core (legacy encodings)",
            "gradio": "app", "ray": "ray", "sacrebleu": "eval", "sumy": "eval"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="brief models", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name, help in (("list", "the configured models: found where, or missing"),
                       ("doctor", "list, plus optional packages and whether the hub answers")):
        s = sub.add_parser(name, help=help)
        s.add_argument("--summarizer-model", "--summarizer", dest="summarizer",
                       help="summarizer model to check (default: configured)")
        s.add_argument("--translator-model", "--translator", dest="translator", type=translator_id,
                       help=f"translator model to check: {_ALIASES}, a hub id or a folder (default: configured)")
    d = sub.add_parser("download", help="fetch models into the Hugging Face cache (and convert them)")
    d.add_argument("--summarizer-model", "--summarizer", dest="summarizer", nargs="?", const=DEFAULT_SUMMARIZER,
                   help=f"a seq2seq summarizer (no value: {DEFAULT_SUMMARIZER})")
    d.add_argument("--translator-model", "--translator", dest="translator", nargs="?", const=DEFAULT_TRANSLATOR,
                   type=translator_id,
                   help=f"the translator: {_ALIASES}, a hub id or a folder (no value: {DEFAULT_TRANSLATOR}); "
                   "the default when neither is given")
    d.add_argument("--runtime", choices=["transformers", "ctranslate2"], default="transformers",
                   help="ctranslate2: also convert them now (needs the [fast] extra)")
    return p


def _where(name: str, role: str) -> tuple[str, str]:
    """(status, detail) of one model without loading it."""
    from ..runtimes import hub
    if is_local_path(name):
        folder = Path(name).expanduser()
        if (folder / "config.json").is_file():
            return "ok", f"local folder {folder.resolve()} ({_size(folder)}{_weights(folder)})"
        return "missing", f"no model in local folder {folder.resolve()}"
    cached = hub.cached_folder(name)
    if cached is not None:
        return "ok", f"Hugging Face cache {cached} ({_size(cached)}{_weights(cached)})"
    return "missing", f"not in the Hugging Face cache {hub.cache_dir()}; `brief models download --{role}-model {name}`"


def _weights(folder: Path) -> str:
    """How the weights are stored, where it is not safetensors (a pickle, read with weights_only)."""
    if any(folder.glob("*.safetensors")):
        return ""
    return "; weights: pytorch_model.bin, no safetensors: loaded with torch.load(weights_only=True)"


def _hub_weights(info) -> str:
    """What a download of the model would fetch, where it has no safetensors."""
    files = [s.rfilename for s in (getattr(info, "siblings", None) or [])]
    if not files or any(f.endswith(".safetensors") for f in files):
        return ""
    bins = [f for f in files if f.startswith("pytorch_model") and f.endswith(".bin")]
    return (f"; it has no safetensors, so a download fetches {', '.join(bins)} (loaded with "
            "torch.load(weights_only=True))") if bins else ""


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{total / 1e6:,.0f} MB"


def _importable(module: str) -> str | None:
    """Why an installed package cannot be imported (e.g. trafilatura without lxml_html_clean), or None."""
    import importlib
    try:
        importlib.import_module(module)
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        return f"{type(error).__name__}: {first_line(error)}"
    return None


def list_models(args, config: Config, doctor: bool) -> int:
    """`list` exits 0 when it could list (a missing model is a line of the list, not a failure);
    `doctor` exits 5 when an installed package cannot be imported, else 3 when a model is missing."""
    rows = [("translator", args.translator or config.translator_model)]
    if args.summarizer or config.backend == "seq2seq":  # the default extractive backend needs no model
        rows.append(("summarizer", args.summarizer or config.summarizer_model))
    else:
        print("summarizer  ok       extractive (no model needed; --backend seq2seq uses "
              f"{config.summarizer_model})")
    missing = 0
    for role, name in rows:
        if not name:
            print(f"{role:10}  off      (translation turned off)")
            continue
        status, detail = _where(name, role)
        missing += status != "ok"
        print(f"{role:10}  {status:7}  {name}: {detail}")
    if not doctor:
        return Exit.OK
    from ..runtimes import hub
    broken = 0
    for module, extra in OPTIONAL.items():
        try:
            version = metadata.version(module.replace("_", "-"))
        except metadata.PackageNotFoundError:
            version = "not installed"
        # The core packages are imported too: installed is not the same as working.
        why = _importable(module) if extra.startswith("core") and version != "not installed" else None
        broken += why is not None
        print(f"package     {module}: {version} [{extra}]" + (f" BROKEN, cannot be imported: {why}" if why else ""))
    if hub.offline(config):
        print("hub         downloads are off (--offline, BRIEF_OFFLINE or HF_HUB_OFFLINE=1)")
    else:
        asked = rows[0][1] if rows[0][1] and not is_local_path(rows[0][1]) else DEFAULT_TRANSLATOR
        answer = hub.probe(asked)
        print(f"hub         {hub.endpoint()}: " + (answer if isinstance(answer, str) else
                                                   f"reachable ({asked}{_hub_weights(answer)})"))
    return Exit.BROKEN_INSTALL if broken else Exit.MODEL if missing else Exit.OK


def download(args, config: Config) -> int:
    from ..runtimes import hub
    wanted = [(role, name) for role, name in (("translator", args.translator), ("summarizer", args.summarizer))
              if name] or [("translator", config.translator_model or DEFAULT_TRANSLATOR)]
    config = config.replace(offline=False)
    failed = 0
    for role, name in wanted:  # each model on its own: one failure does not stop the others
        try:
            folder = hub.model_folder(name, role, config)
            print(f"{role}: {name} -> {folder}")
            if args.runtime == "ctranslate2":
                from ..runtimes.ct2 import CTranslate2Runtime, cache_root
                CTranslate2Runtime.load(name, role, config)
                print(f"{role}: converted for CTranslate2 (cache: {cache_root(config)})")
        except BriefError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
    return Exit.FAILED if failed else Exit.OK  # a download that failed: 1, as for any work that failed


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = Config.from_env()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return Exit.INPUT
    if args.command == "download":
        return download(args, config)
    return list_models(args, config, doctor=args.command == "doctor")
