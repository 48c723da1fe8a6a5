"""Web app: brief an Arabic article in the browser, brief files in batch, or call it as an HTTP API.

    python app.py                      # http://127.0.0.1:7860, extractive summarizer
    python app.py --backend seq2seq --summarizer-model ./models/mt5-xlsum --translator-model ./models/opus-mt-ar-en

A thin shell over the `summarizer` library: models are loaded once at start-up and
shared by every request; all summarizing, translating, checking and file reading
happens in the library. Named API endpoints for `gradio_client`:

    /brief  (text, file=None, num_bullets=5, backend, beams=0, translate=True)
            -> (brief dict, or {"error": reason} when the input is refused; message; html; JSON file; Markdown file)
    /batch  (file, num_bullets=5, backend, beams=0, translate=True)
            -> (results table, JSONL file, CSV file, summary); a file that cannot be read at all raises gr.Error
"""
from __future__ import annotations

import argparse
import atexit
import html
import logging
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
import uuid
from importlib import metadata
from pathlib import Path

# Gradio keeps the files it serves (uploads, results) in GRADIO_TEMP_DIR, read when gradio is imported:
# point it into the app's own folder, which goes away when the app stops.
APP_DIR = Path(tempfile.mkdtemp(prefix="brief-app-"))
atexit.register(shutil.rmtree, APP_DIR, ignore_errors=True)
os.environ.setdefault("GRADIO_TEMP_DIR", str(APP_DIR / "gradio"))

import gradio as gr  # noqa: E402

from summarizer import Brief, BriefError, BriefPipeline, Config, InputError, __version__  # noqa: E402
from summarizer.config import OTHER_VARIABLES, add_options, check_bullets, flag_values, option_error, unknown_variables  # noqa: E402
from summarizer.io import CsvWriter, JsonlWriter, read_records  # noqa: E402
from summarizer.io.readers import open_zip  # noqa: E402
from summarizer.render import CSS as BRIEF_CSS  # noqa: E402
from summarizer.render import escape, html_fragment  # noqa: E402

log = logging.getLogger("brief.app")

ROOT = Path(__file__).resolve().parent
SEED_ARTICLE = Path(os.environ.get("BRIEF_SHARED_DIR") or ROOT.parent / "shared") / "seed" / "article-ar.txt"
EXAMPLES_DIR = ROOT / "examples"

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
BATCH_SUFFIXES = (".jsonl", ".csv", ".zip")
BATCH_CHUNK = 8                     # records per library batch call (progress bar granularity)
# Concurrency (Gradio 6 runs one event at a time unless told otherwise). The models sit behind one
# lock in the library, so more parallel model work would only queue there; instead concurrent /brief
# requests are merged (Gradio batch=True) into one library batch call, and two such batches may be in
# flight (one rendering/reading while the other runs the model). Batch-file jobs run one at a time;
# light events (loading an example) use the queue default.
DEFAULT_CONCURRENCY = 2             # /brief batches in flight
MAX_REQUEST_BATCH = 8               # concurrent /brief requests merged into one library call
QUEUE_DEFAULT_CONCURRENCY = 8       # every other event
QUEUE_MAX_SIZE = 256                # waiting requests beyond this are refused with "queue full"
OUTPUT_MAX_AGE_S = 3600             # downloads older than this are pruned
BATCH_COLUMNS = ["id", "headline AR", "headline EN", "warnings", "error"]

CSS = BRIEF_CSS + """
#article textarea { font-size: 1.05rem; line-height: 1.7; }
.model-status { padding: .5rem .75rem; border-radius: 8px; border: 1px solid var(--border-color-primary);
                background: var(--block-background-fill); }
.model-status p { margin: 0; }
.brief-empty { color: var(--body-text-color-subdued); padding: 1rem 0; }
"""


# -- inputs ----------------------------------------------------------------------

def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_upload(path: str | os.PathLike, allowed: tuple[str, ...], limit: int, what: str) -> Path:
    """The uploaded file's path, after checking its type and size (the bytes are never trusted further)."""
    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise InputError(f"{what} must be a {', '.join(allowed)} file, not '{path.suffix or path.name}'")
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{what} is too large: {_mb(size)} (limit {_mb(limit)})")
    return path


def _article_input(text: str | None, file: str | None, limit: int) -> tuple[str | bytes, list[str]]:
    """(what to brief, notes for the user). An uploaded file wins over the text box."""
    notes = []
    if file:
        path = _read_upload(file, ARTICLE_SUFFIXES, limit, "the uploaded article")
        data = path.read_bytes()
        notes.append(f"Briefed the uploaded file **{html.escape(path.name)}** (the text box was ignored).")
        return data, notes
    if not text or not text.strip():
        raise InputError("the article is empty: paste an Arabic article, pick an example, or upload a .txt/.html file")
    return text, notes


def _safe_stem(name: str, default: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._-")[:60]
    return stem or default


# -- outputs ---------------------------------------------------------------------

class DownloadFolder:
    """Where the app writes downloads: one fresh sub-folder per result, pruned after an hour."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._last_prune = 0.0

    def new(self) -> Path:
        self._prune()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        return folder

    def file(self, folder: Path, name: str) -> Path:
        target = (folder / name).resolve()
        if target.parent != folder.resolve() or not str(target).startswith(str(self.root) + os.sep):
            raise InputError(f"refusing to write outside the output folder: {name}")
        return target

    def _prune(self) -> None:
        now = time.time()
        if now - self._last_prune < 60:
            return
        self._last_prune = now
        for child in self.root.iterdir():
            try:
                if now - child.stat().st_mtime > OUTPUT_MAX_AGE_S:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:
                pass


EMPTY_HTML = '<div class="brief-empty" id="brief-output">The brief will appear here.</div>'


def model_status_markdown(pipelines: dict[str, BriefPipeline]) -> str:
    default = next(iter(pipelines.values()))
    status = default.status()
    backends = " / ".join(f"`{name}`" for name in pipelines)
    parts = [f"**Model status:** summarizer {status['summarizer']} (backends: {backends})"]
    if default.translator is not None:
        parts.append(f"English available (translator {status['translator']})")
    else:
        parts.append(f"**English unavailable:** {status['english']}")
    text = " · ".join(parts)
    warnings = [w for p in pipelines.values() for w in p.load_warnings]
    if warnings:
        text += "  \n⚠ " + "  \n⚠ ".join(dict.fromkeys(warnings))
    return text


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def about_markdown(pipelines: dict[str, BriefPipeline], settings: dict) -> str:
    default = next(iter(pipelines.values()))
    cfg = default.config
    rows = [
        ("Summarizer backends", ", ".join(f"{k}: {p.status()['summarizer']}" for k, p in pipelines.items())),
        ("Translator", default.status()["translator"] or f"none — {default.english_status}"),
        ("Configured summarizer model", cfg.summarizer_model),
        ("Configured translator model", cfg.translator_model or "(translation off)"),
        ("Device", f"{cfg.device} → {default.device}"),
        ("Runtimes", f"summarizer {cfg.summarizer_runtime}, translator {cfg.translator_runtime}"),
        ("dtype", f"{cfg.dtype} (auto: int8 on CPU with ctranslate2, float32 with transformers, float16 on cuda)"
         if cfg.dtype == "auto" else cfg.dtype),
        ("Beams", cfg.num_beams or "model default"),
        ("Hub downloads", "off (local files and cache only)" if cfg.offline
         else "on first use, when the hub answers"),
        ("Max article size", f"{cfg.max_chars:,} characters; uploaded article file {_mb(cfg.max_file_bytes)}"),
        ("Max upload size", f"{_mb(cfg.max_upload_bytes)}; zip: {cfg.max_zip_members:,} files, "
                            f"{_mb(cfg.max_zip_bytes)} uncompressed"),
        ("Concurrency", f"up to {settings['concurrency']} × {MAX_REQUEST_BATCH} briefs at once "
                        f"(concurrent requests merged into one model call); batch files one at a time; "
                        f"queue of {QUEUE_MAX_SIZE}"),
    ]
    versions = [("summarizer", __version__), ("gradio", _version("gradio")),
                ("gradio_client", _version("gradio_client")), ("transformers", _version("transformers")),
                ("torch", _version("torch")), ("ctranslate2", _version("ctranslate2")),
                ("python", platform.python_version())]
    table = "\n".join(f"| {k} | {escape(v)} |" for k, v in rows)
    vtable = " · ".join(f"{k} {v}" for k, v in versions)
    return f"""
## Models

| Setting | Value |
|---|---|
{table}

**Versions:** {vtable}

## Pointing the app at your models

Models are loaded once, when the app starts. Give a **local folder** (a saved Hugging Face model:
`config.json`, weights, tokenizer files) or a **hub id**. A hub id is looked up in the local
Hugging Face cache first and downloaded on first use when the hub answers (`--offline` forbids it).

```bash
python app.py --backend seq2seq --summarizer-model ./models/mT5_multilingual_XLSum \\
              --translator-model ./models/opus-mt-ar-en --device cpu --beams 4
python app.py --summarizer-model csebuetnlp/mT5_multilingual_XLSum   # fetched from the hub once, then cached
python app.py --translator-model ""                                   # Arabic only
```

The same settings can come from the environment, with the same names as the command line's flags:
`BRIEF_BACKEND`, `BRIEF_SUMMARIZER_MODEL`, `BRIEF_TRANSLATOR_MODEL`, `BRIEF_DEVICE` (`auto`, `cpu`,
`cuda`), `BRIEF_DTYPE`, `BRIEF_BEAMS`, `BRIEF_OFFLINE=1` (`brief --help` lists them all). Flags win
over the environment.

The **seq2seq** backend appears in the Brief tab when a summarizer model is configured (`--backend seq2seq`
or `--summarizer-model`) and loads; otherwise briefs are extractive (sentences picked from the article).

## API

```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
brief = client.predict("…نص المقال…", api_name="/brief")[0]   # dict: headline_ar, bullets_ar, headline_en, …
```
`/batch` takes a `.jsonl`, `.csv` or `.zip` file (`gradio_client.handle_file(path)`) and returns the
results table and the JSONL and CSV files.
"""


# -- the app -----------------------------------------------------------------------

def load_pipelines(config: Config, offer_seq2seq: bool = False) -> dict[str, BriefPipeline]:
    """The configured pipeline first (the default backend), then the other backend where it can be offered."""
    main = BriefPipeline(config)
    pipelines = {main.summarizer.name: main}
    if main.summarizer.name == "seq2seq":
        pipelines["extractive"] = main.with_backend("extractive")
    elif offer_seq2seq:
        seq2seq = main.with_backend("seq2seq")
        if seq2seq.summarizer.name == "seq2seq":
            pipelines["seq2seq"] = seq2seq
        else:  # its extractive fallback, which remembers why seq2seq is missing
            pipelines["extractive"] = seq2seq
    return pipelines


def _read_examples() -> tuple[list[list[str]], list[str]]:
    examples, labels = [], []
    if SEED_ARTICLE.is_file():
        examples.append([SEED_ARTICLE.read_text(encoding="utf-8")])
        labels.append("Seed article (Russian strikes near Deir ez-Zor)")
    for path in sorted(EXAMPLES_DIR.glob("*.txt")):
        examples.append([path.read_text(encoding="utf-8")])
        labels.append("Example: " + re.sub(r"-ar$", "", path.stem).replace("-", " "))
    return examples, labels


def build_app(pipeline: BriefPipeline | dict[str, BriefPipeline], *, output_dir: str | os.PathLike | None = None,
              concurrency: int = DEFAULT_CONCURRENCY) -> gr.Blocks:
    """The Gradio app over loaded pipeline(s): {backend name: pipeline}, the first one the default."""
    pipelines = dict(pipeline) if isinstance(pipeline, dict) else {pipeline.summarizer.name: pipeline}
    default_backend = next(iter(pipelines))
    default = pipelines[default_backend]
    cfg = default.config
    outputs_dir = DownloadFolder(output_dir or APP_DIR / "downloads")
    max_upload_bytes = cfg.max_upload_bytes
    article_file_limit = min(cfg.max_file_bytes, max_upload_bytes)
    settings = {"concurrency": concurrency}
    beams_default = cfg.num_beams or 0
    load_warnings = tuple(w for p in pipelines.values() for w in p.load_warnings)
    has_english = default.translator is not None

    def error_outputs(message: str):
        text = f"⚠ **Cannot brief this input:** {escape(message)}"
        return {"error": message}, text, EMPTY_HTML, None, None

    def brief_outputs(brief: Brief, notes: list[str]):
        folder = outputs_dir.new()
        json_path = outputs_dir.file(folder, "brief.json")
        md_path = outputs_dir.file(folder, "brief.md")
        json_path.write_text(brief.to_json(), encoding="utf-8")
        md_path.write_text(brief.to_markdown(), encoding="utf-8")
        meta = brief.meta
        english = "English: ok" if brief.headline_en is not None else f"English unavailable: {brief.english_status}"
        flagged = len(brief.flags)
        summary = (f"✓ Brief ready · {meta.get('sentences', '?')} sentences · backend {meta.get('backend')} · "
                   f"{english} · {flagged} faithfulness warning{'s' if flagged != 1 else ''}")
        page = html_fragment(brief, shown_elsewhere=load_warnings)
        return brief.to_dict(), "  \n".join([summary, *notes]), page, str(json_path), str(md_path)

    def brief_requests(text, file=None, num_bullets=cfg.num_bullets, backend=default_backend, beams=beams_default,
                       translate=True):
        """Gradio hands concurrent requests over together (one list per argument, batch=True);
        requests with the same settings go to the library in one batch call."""
        results: list = [None] * len(text)
        groups: dict[tuple, list] = {}
        for i, (text_i, file_i, n, backend_i, b, english) in enumerate(
                zip(text, file, num_bullets, backend, beams, translate)):
            try:
                n = check_bullets(cfg.num_bullets if n is None else n)
                backend_i = backend_i or default_backend
                if backend_i not in pipelines:
                    raise InputError(f"backend '{backend_i}' is not loaded; available: {', '.join(pipelines)}")
                b = int(b) if b else None
                if b is not None and not 1 <= b <= 16:
                    raise InputError(f"beams must be between 1 and 16 (0 = model default), got {b}")
                article, notes = _article_input(text_i, file_i, article_file_limit)
            except (InputError, ValueError, TypeError, OSError) as error:
                results[i] = error_outputs(str(error))
                continue
            # Without a translator, ask anyway: the library then says why English is missing.
            groups.setdefault((backend_i, n, b, english is not False or not has_english), []).append(
                (i, article, notes))
        log.info("brief: %d request(s) in %d library batch call(s)", len(text), len(groups))
        for (backend_i, n, b, english), items in groups.items():
            try:
                briefs = pipelines[backend_i].brief_batch([a for _, a, _ in items], num_bullets=n, num_beams=b,
                                                          translate=english)
            except Exception as error:  # noqa: BLE001 - a request never sees a traceback
                log.exception("briefing failed")
                briefs = [BriefError(f"internal error while briefing ({type(error).__name__}); see the server log")] * len(items)
            for (i, _, notes), brief in zip(items, briefs):
                try:
                    results[i] = (error_outputs(str(brief)) if isinstance(brief, Exception)
                                  else brief_outputs(brief, notes))
                except Exception as error:  # noqa: BLE001
                    log.exception("rendering failed")
                    results[i] = error_outputs(f"internal error while rendering ({type(error).__name__})")
        return tuple(list(column) for column in zip(*results))

    def run_batch(file, num_bullets=cfg.num_bullets, backend=default_backend, beams=beams_default,
                  translate=True, progress=gr.Progress()):
        if not file:
            raise gr.Error("Upload a .jsonl, .csv or .zip file first.", print_exception=False)
        try:
            path = _read_upload(file, BATCH_SUFFIXES, max_upload_bytes, "the batch file")
            n = check_bullets(cfg.num_bullets if num_bullets is None else num_bullets)
            pipe = pipelines.get(backend or default_backend)
            if pipe is None:
                raise InputError(f"backend '{backend}' is not loaded; available: {', '.join(pipelines)}")
            progress(0, desc="Reading the file")
            if path.suffix.lower() == ".zip":
                archive, members = open_zip(path, cfg)  # refused whole here if over the limits
                archive.close()
                records, total = read_records(path, cfg), len(members)
            else:
                records = list(read_records(path, cfg))
                total = len(records)
            if not total:
                raise InputError(f"{path.name} holds no records")
            folder = outputs_dir.new()
            stem = _safe_stem(path.name, "batch")
            jsonl_path = outputs_dir.file(folder, f"{stem}-briefs.jsonl")
            csv_path = outputs_dir.file(folder, f"{stem}-briefs.csv")
            rows, failed = [], 0
            options = {"num_bullets": n, "num_beams": int(beams) if beams else None,
                       "translate": translate is not False or not has_english}
            progress((0, total), desc="Briefing", unit="articles")
            with JsonlWriter(jsonl_path) as jsonl, CsvWriter(csv_path) as csv_file:
                for done, result in enumerate(pipe.run_records(records, batch_size=BATCH_CHUNK, **options), 1):
                    jsonl.write(result)
                    csv_file.write(result)
                    brief = result.get("brief")
                    failed += brief is None
                    # Warnings about this brief (faithfulness flags and the like), not the model-status ones.
                    warned = 0 if brief is None else sum(1 for w in brief["warnings"] if w not in load_warnings)
                    rows.append([result["id"], brief["headline_ar"] if brief else "",
                                 (brief or {}).get("headline_en") or "", warned, result.get("error", "")])
                    progress((done, max(total, done)), desc="Briefing", unit="articles")
        except (BriefError, ValueError, OSError) as error:
            raise gr.Error(str(error), print_exception=False) from None
        except Exception as error:  # noqa: BLE001 - a user never sees a traceback or Gradio's generic error
            log.exception("batch failed")
            raise gr.Error(f"the batch failed ({type(error).__name__}); see the server log",
                           print_exception=False) from None
        message = (f"✓ {len(rows)} record{'s' if len(rows) != 1 else ''} · {len(rows) - failed} briefed · "
                   f"{failed} error{'s' if failed != 1 else ''}")
        import pandas as pd  # gradio's own dependency
        return pd.DataFrame(rows, columns=BATCH_COLUMNS), str(jsonl_path), str(csv_path), message

    examples, example_labels = _read_examples()
    with gr.Blocks(title="Arabic news brief", delete_cache=(3600, 3600)) as demo:
        gr.Markdown("# Arabic news → bilingual brief\nPaste an Arabic article (or upload one) and get a "
                    "headline and bullets in Arabic, with English beside them.")
        gr.Markdown(model_status_markdown(pipelines), elem_id="model-status", elem_classes="model-status")
        with gr.Tab("Brief", id="brief"):
            with gr.Row():
                with gr.Column(scale=3):
                    article = gr.Textbox(label="Arabic article", lines=12, max_lines=18, rtl=True,
                                         max_length=cfg.max_chars,
                                         placeholder="الصق نص المقال هنا…", elem_id="article")
                    if examples:
                        gr.Examples(examples=examples, inputs=[article], example_labels=example_labels,
                                    label="Examples (one click fills the box)")
                    article_file = gr.File(label="…or upload a .txt / .html article (used instead of the text box)",
                                           file_types=list(ARTICLE_SUFFIXES), type="filepath", elem_id="article-file",
                                           height=110)
                with gr.Column(scale=1, min_width=240):
                    bullets = gr.Slider(3, 7, value=cfg.num_bullets, step=1, label="Number of bullets")
                    backend = gr.Radio(list(pipelines), value=default_backend, label="Summarizer backend",
                                       info=("seq2seq appears when a summarizer model is configured"
                                             if "seq2seq" not in pipelines else None))
                    beams = gr.Slider(0, 8, value=beams_default, step=1, label="Beams",
                                      info="0 = each model's default; used by seq2seq and the translator")
                    translate = gr.Checkbox(value=has_english, label="English translation",
                                            info=None if has_english else "no translator loaded (see model status)",
                                            interactive=has_english)
                    run = gr.Button("Brief", variant="primary", elem_id="brief-button")
            message = gr.Markdown(label="message", elem_id="brief-message")
            brief_html = gr.HTML(EMPTY_HTML, label="brief_html", elem_id="brief-html")
            with gr.Row():
                json_file = gr.DownloadButton("Download JSON", elem_id="download-json", size="md")
                md_file = gr.DownloadButton("Download Markdown", elem_id="download-md", size="md")
            with gr.Accordion("Brief as JSON", open=False):
                brief_json = gr.JSON(label="Brief (JSON)", elem_id="brief-json")
            run.click(brief_requests, inputs=[article, article_file, bullets, backend, beams, translate],
                      outputs=[brief_json, message, brief_html, json_file, md_file], api_name="brief",
                      batch=True, max_batch_size=MAX_REQUEST_BATCH, concurrency_limit=concurrency,
                      concurrency_id="brief", scroll_to_output=True,
                      api_description="Brief one Arabic article (text, or a .txt/.html file). The first "
                                      "output is the brief as a dict ({'error': ...} when the input is refused).")
        with gr.Tab("Batch", id="batch"):
            gr.Markdown("Upload a **.jsonl** (one `{\"id\": ..., \"text\": ...}` per line), a **.csv** with "
                        "`id` and `text` columns, or a **.zip** of .txt files. Bad rows become error rows; "
                        f"they never stop the batch. Limit: {_mb(max_upload_bytes)} per upload.")
            with gr.Row():
                batch_file = gr.File(label="Batch file (.jsonl, .csv or .zip)", file_types=list(BATCH_SUFFIXES),
                                     type="filepath", elem_id="batch-file", height=160)
                with gr.Column():
                    batch_bullets = gr.Slider(3, 7, value=cfg.num_bullets, step=1, label="Number of bullets")
                    batch_backend = gr.Radio(list(pipelines), value=default_backend, label="Summarizer backend")
                    batch_beams = gr.Slider(0, 8, value=beams_default, step=1, label="Beams (0 = model default)")
                    batch_translate = gr.Checkbox(value=has_english, label="English translation",
                                                  interactive=has_english)
                    batch_run = gr.Button("Run batch", variant="primary", elem_id="batch-button")
            batch_message = gr.Markdown(label="summary", elem_id="batch-message")
            batch_table = gr.Dataframe(headers=BATCH_COLUMNS, label="Results", interactive=False, wrap=True,
                                       column_widths=["12%", "33%", "33%", "8%", "14%"], max_chars=300,
                                       elem_id="batch-table")
            with gr.Row():
                batch_jsonl = gr.File(label="Results (JSONL)", elem_id="batch-jsonl")
                batch_csv = gr.File(label="Results (CSV)", elem_id="batch-csv")
            batch_run.click(run_batch, inputs=[batch_file, batch_bullets, batch_backend, batch_beams, batch_translate],
                            outputs=[batch_table, batch_jsonl, batch_csv, batch_message], api_name="batch",
                            concurrency_limit=1, concurrency_id="batch",
                            api_description="Brief every record of a .jsonl, .csv or .zip file: "
                                            "(table, JSONL file, CSV file, summary).")
        with gr.Tab("About", id="about"):
            gr.Markdown(about_markdown(pipelines, settings), elem_id="about")
    demo.queue(default_concurrency_limit=QUEUE_DEFAULT_CONCURRENCY, max_size=QUEUE_MAX_SIZE)
    demo.brief_output_dir = outputs_dir.root
    demo.brief_max_upload_bytes = max_upload_bytes
    return demo


def serve(demo: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, share: bool = False, **kwargs):
    """Launch with the app's theme, CSS, upload limit and output folder (Gradio 6 takes these on launch)."""
    return demo.launch(server_name=host, server_port=port, share=share, css=CSS, theme=gr.themes.Soft(),
                       max_file_size=demo.brief_max_upload_bytes,
                       allowed_paths=_extra_allowed(demo.brief_output_dir), footer_links=["api", "gradio"],
                       show_error=False, **kwargs)  # gr.Error messages still show; internals do not


def _extra_allowed(folder: Path) -> list[str]:
    """Gradio moves returned files from the temp dir and cwd by itself; anything else must be named."""
    bases = [Path(tempfile.gettempdir()).resolve(), Path.cwd().resolve()]
    return [] if any(folder == b or b in folder.parents for b in bases) else [str(folder)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The app's own flags, then the library's model and brief settings (the same flags and BRIEF_* as the CLI)."""
    parser = argparse.ArgumentParser(description="Arabic news → bilingual brief, in the browser.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: %(default)s)")
    parser.add_argument("--share", action="store_true", help="open a public gradio.live link (off by default)")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                        help=f"brief batches (of up to {MAX_REQUEST_BATCH} concurrent requests each) "
                             "processed at once (default: %(default)s)")
    parser.add_argument("--max-upload-mb", type=float, help="largest upload accepted, in MB (default 25) "
                        "[BRIEF_MAX_UPLOAD_BYTES, in bytes]")
    add_options(parser, Config, only=("models", "brief"))
    return parser.parse_args(argv)


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for warning in unknown_variables([Config], OTHER_VARIABLES):
        log.warning("%s", warning)
    try:
        upload = int(args.max_upload_mb * 1_000_000) if args.max_upload_mb else None
        config = Config.from_env(**{**flag_values(Config, args), "max_upload_bytes": upload})
        offer_seq2seq = bool(args.summarizer_model or os.environ.get("BRIEF_SUMMARIZER_MODEL"))
        pipelines = load_pipelines(config, offer_seq2seq=offer_seq2seq)
    except (ValueError, BriefError) as error:
        sys.exit(f"app.py: {option_error(str(error), [Config])}")
    signal.signal(signal.SIGTERM, _stop)  # close the server and clean the folder on `kill`
    demo = build_app(pipelines, concurrency=max(1, args.concurrency))
    for name, pipe in pipelines.items():
        log.info("backend %s: %s", name, pipe.status())
    serve(demo, host=args.host, port=args.port, share=args.share)


if __name__ == "__main__":
    main()
