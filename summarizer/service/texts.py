"""The texts a user of the app reads about it: the model status block and the About tab."""
from __future__ import annotations

import platform
import string
from importlib import metadata, resources

from .. import __version__
from ..config import TRANSLATORS, translator_label
from ..render import escape
from .inputs import ENGLISH_HOW_ID, ENGLISH_NEEDS_MODEL, MAX_REQUEST_BATCH, QUEUE_MAX_SIZE, mb


class Texts:
    """The texts part of BriefService."""

    def model_status_markdown(self) -> str:
        """The page's one status block: what is loaded and, without a translator, one short line saying
        English needs a model, which unfolds into how (the long reason is in the server log once)."""
        status = self.default.status()
        backends = " / ".join(f"`{name}`" for name in self.pipelines)
        line = f"**Model status:** summarizer {status['summarizer']} (backends: {backends})"
        if self.has_english:
            line += f" · English available (translator {translator_label(status['translator'])})"
        text = line
        others = list(self.load_warnings)  # English is said below, once
        if others:
            text += "  \n⚠ " + "  \n⚠ ".join(others)
        if not self.has_english:
            text += "\n\n" + english_how(self.default.english_status)
        return text

    def about_markdown(self) -> str:
        """The About tab: the template summarizer/templates/about.md with this app's settings."""
        default, cfg = self.default, self.config
        rows = [
            ("Summarizer backends", ", ".join(f"{k}: {p.status()['summarizer']}" for k, p in self.pipelines.items())),
            ("Translator", default.status()["translator"] or f"none ({ENGLISH_NEEDS_MODEL.lower()})"),
            ("Configured summarizer model", cfg.summarizer_model),
            ("Configured translator model", translator_label(cfg.translator_model) or "(translation off)"),
            ("Device", f"{cfg.device} → {default.device}"),
            ("Runtimes", f"summarizer {cfg.summarizer_runtime}, translator {cfg.translator_runtime}"),
            ("dtype", cfg.dtype),
            ("Beams", cfg.num_beams or "model default"),
            ("Hub downloads", "off (local files and cache only)" if cfg.offline
             else "on first use, when the hub answers"),
            ("Max article size", f"{cfg.max_chars:,} characters; uploaded article file {mb(cfg.max_file_bytes)}"),
            ("Max upload size", f"{mb(cfg.max_upload_bytes)}; zip: {cfg.max_zip_members:,} files, "
                                f"{mb(cfg.max_zip_bytes)} uncompressed"),
            ("Concurrency", f"up to {self.concurrency} × {MAX_REQUEST_BATCH} briefs at once (concurrent requests "
                            f"merged into one model call); batch files one at a time; queue of {QUEUE_MAX_SIZE}"),
        ]
        versions = [("summarizer", __version__), *((name, _version(name)) for name in
                    ("gradio", "gradio_client", "transformers", "torch", "ctranslate2")),
                    ("python", platform.python_version())]
        template = resources.files("summarizer").joinpath("templates/about.md").read_text(encoding="utf-8")
        return string.Template(template).substitute(
            settings="\n".join(f"| {k} | {escape(v)} |" for k, v in rows),
            versions=" · ".join(f"{k} {v}" for k, v in versions),
            max_request_batch=MAX_REQUEST_BATCH)


def english_how(reason: str) -> str:
    """The page's one line about English, when there is none: it unfolds into how to get it."""
    return (f'<details id="{ENGLISH_HOW_ID}"><summary><strong>Arabic only:</strong> {ENGLISH_NEEDS_MODEL} '
            '(how?)</summary>\n\n'
            "Start the app with a MarianMT Arabic→English model: `python app.py --translator-model best` "
            f"({TRANSLATORS['best']}, the strongest) or `fast` ({TRANSLATORS['fast']}), fetched once from the "
            "hub, or a local folder (`--translator-model ./models/opus-mt-ar-en`). "
            "`brief models doctor` says what is missing and how to fetch it. "
            f"Here: {escape(reason)}.\n\n</details>")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"

