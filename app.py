"""Web app: brief an Arabic article in the browser, brief files in batch, or call it as an HTTP API.

    python app.py                      # http://127.0.0.1:7860, extractive summarizer
    python app.py --backend seq2seq --summarizer-model ./models/mt5-xlsum --translator-model ./models/opus-mt-ar-en

Layout and wiring only: the work (checks, request grouping, downloads, batch runs, the texts shown)
is `summarizer.service`, which never imports Gradio. Models are loaded once at start-up and shared
by every request. Named API endpoints for `gradio_client`:

    /brief  (text, file=None, num_bullets=5, backend, beams=0, translate=True, url="")
            -> (brief dict, or {"error": reason} when the input is refused; message; html; JSON file; Markdown file)
    /batch  (file, num_bullets=5, backend, beams=0, translate=True)
            -> (results table, JSONL file, CSV file, summary); a file that cannot be read at all raises gr.Error
    /digest (feed URLs, one a line) -> (page, HTML file, Markdown file, JSON file, summary)
"""
from __future__ import annotations

import argparse
import atexit
import html
import logging
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import warnings
from pathlib import Path

import gradio as gr
import gradio.routes

from summarizer import BriefError, Config, ModelUnavailable
from summarizer.config import OTHER_VARIABLES, add_options, flag_values, option_error, other_variable, unknown_variables
from summarizer.render import CSS as BRIEF_CSS
from summarizer.service import BriefRequest, BriefService, inputs, load_pipelines

log = logging.getLogger("brief.app")

ROOT = Path(__file__).resolve().parent
EXAMPLES_DIR = ROOT / "examples"
# Gradio 6 runs one event at a time unless told otherwise. The models sit behind one lock in the library,
# so concurrent /brief requests are merged (batch=True) into one library call, two such batches in flight;
# batch files run one at a time; light events (loading an example) use the queue default.
QUEUE_DEFAULT_CONCURRENCY = 8
DIGEST_CONCURRENCY = 2  # digests at once; each one's fetching is bounded by the request budget
# The system's fonts: Gradio's themes load theirs from Google Fonts, which would call out from every visit.
SYSTEM_FONTS = (["system-ui", "Segoe UI", "Tahoma", "Noto Naskh Arabic", "sans-serif"], ["ui-monospace", "monospace"])

CSS = BRIEF_CSS + """
#article textarea { font-size: 1.05rem; line-height: 1.7; }
.model-status { padding: .5rem .75rem; border-radius: 8px; border: 1px solid var(--border-color-primary);
                background: var(--block-background-fill); }
.model-status p { margin: 0; }
.brief-empty { color: var(--body-text-color-subdued); padding: 1rem 0; }
.digest-frame { width: 100%; height: 75vh; border: 1px solid var(--border-color-primary); border-radius: 8px; }
/* A phone: Gradio's side padding (32 + 12 px a side) would leave the brief 300 of 390 px. */
@media (max-width: 44rem) { #brief-html .html-container { padding-left: 0 !important; padding-right: 0 !important; } }
"""
# Gradio scopes `css` inside its content (.contain), so its own page padding is set from <head>.
HEAD = ("<style>@media (max-width: 44rem) { .gradio-container .main.app { padding-left: .5rem; "
        "padding-right: .5rem; } }</style>")


def _read_examples() -> tuple[list[list[str]], list[str]]:
    """The seed article (from ../shared, when there) and examples/*.txt, with their button labels."""
    examples, labels = [], []
    seed = Path(other_variable("BRIEF_SHARED_DIR") or ROOT.parent / "shared") / "seed" / "article-ar.txt"
    if seed.is_file():
        examples.append([seed.read_text(encoding="utf-8")])
        labels.append("Seed article (Russian strikes near Deir ez-Zor)")
    for path in sorted(EXAMPLES_DIR.glob("*.txt")):
        examples.append([path.read_text(encoding="utf-8")])
        labels.append("Example: " + re.sub(r"-ar$", "", path.stem).replace("-", " "))
    return examples, labels


class _Handlers:
    """Gradio's calling conventions around the service: lists per argument, gr.Error, gr.Progress, a table."""

    def __init__(self, service: BriefService):
        self.service = service

    async def brief(self, text, file=None, num_bullets=None, backend=None, beams=None, translate=True, url=None):
        """One request per call, awaited on Gradio's event loop: its page is fetched in the service's fetch
        pool, then it joins whatever others are ready in one library call (the service's batcher). No
        worker is held while it waits, so slow pages never hold up a pasted text."""
        answer = await self.service.brief_async(BriefRequest(text, file, num_bullets, backend, beams, translate, url))
        return answer.as_tuple()

    def batch(self, file, num_bullets=None, backend=None, beams=None, translate=True, progress=gr.Progress()):
        def report(done: int, total: int | None, what: str) -> None:
            progress(done if total is None else (done, total), desc=what, unit="articles")

        try:
            answer = self.service.run_batch(file, num_bullets, backend, beams, translate, progress=report)
        except BriefError as error:
            raise gr.Error(str(error), print_exception=False) from None
        import pandas as pd  # gradio's own dependency

        return pd.DataFrame(answer.rows, columns=inputs.BATCH_COLUMNS), answer.jsonl_path, answer.csv_path, answer.message


    def digest(self, feeds, progress=gr.Progress()):
        def report(done: int, total: int | None, what: str) -> None:
            progress(done if total is None else (done, total), desc=what, unit="articles")

        try:
            answer = self.service.digest(feeds, progress=report)
        except BriefError as error:
            raise gr.Error(str(error), print_exception=False) from None
        # The digest is a whole page with its own styles: framed, so they do not restyle the app.
        frame = (f'<iframe class="digest-frame" title="digest" sandbox="allow-popups" '
                 f'srcdoc="{html.escape(answer.page, quote=True)}"></iframe>')
        return frame, answer.html_path, answer.md_path, answer.json_path, answer.message


def build_app(service: BriefService, analytics: bool = False, store: str | None = None) -> gr.Blocks:
    """The page over a service: a status block, four tabs, and the API events (/brief, /batch, /digest).
    Gradio's telemetry is off unless `analytics` (--analytics)."""
    handlers = _Handlers(service)
    with gr.Blocks(title="Arabic news brief", delete_cache=(3600, 3600), analytics_enabled=analytics) as demo:
        gr.Markdown("# Arabic news → bilingual brief\nPaste an Arabic article (or upload one) and get a "
                    "headline and bullets in Arabic, with English beside them.")
        gr.Markdown(service.model_status_markdown(), elem_id="model-status", elem_classes="model-status")
        _brief_tab(service, handlers)
        _batch_tab(service, handlers)
        _digest_tab(service, handlers)
        if store:  # `brief follow`'s stories, read only (and /feed.atom: see main)
            from summarizer.follow.app_tab import following_tab
            following_tab(store)
        with gr.Tab("About", id="about"):
            gr.Markdown(service.about_markdown(), elem_id="about")
    demo.queue(default_concurrency_limit=QUEUE_DEFAULT_CONCURRENCY, max_size=inputs.QUEUE_MAX_SIZE)
    return demo


def _brief_tab(service: BriefService, handlers: _Handlers) -> None:
    """One article: text, an example, an upload or a URL; its brief and downloads."""
    examples, example_labels = _read_examples()
    with gr.Tab("Brief", id="brief"):
        with gr.Row():
            with gr.Column(scale=3):
                article = gr.Textbox(label="Arabic article", lines=12, max_lines=18, rtl=True,
                                     max_length=service.config.max_chars,
                                     placeholder="الصق نص المقال هنا…", elem_id="article")
                if examples:
                    gr.Examples(examples=examples, inputs=[article], example_labels=example_labels,
                                label="Examples (one click fills the box)")
                article_file = gr.File(label="…or upload a .txt / .html article (used instead of the text box)",
                                       file_types=list(inputs.ARTICLE_SUFFIXES), type="filepath", elem_id="article-file",
                                       height=110)
                article_url = gr.Textbox(label="…or an article's web address (used instead of the text box)",
                                         placeholder="https://…", max_lines=1, elem_id="article-url")
            with gr.Column(scale=1, min_width=240):
                bullets = gr.Slider(3, 7, value=service.config.num_bullets, step=1, label="Number of bullets")
                backend = gr.Radio(list(service.pipelines), value=service.default_backend, label="Summarizer backend",
                                   info=("seq2seq appears when a summarizer model is configured"
                                         if "seq2seq" not in service.pipelines else None))
                beams = gr.Slider(0, 8, value=service.beams_default, step=1, label="Beams",
                                  info="0 = each model's default; used by seq2seq and the translator")
                translate = gr.Checkbox(value=service.has_english, label="English translation",
                                        info=None if service.has_english else "no translator loaded (see model status)",
                                        interactive=service.has_english)
                run = gr.Button("Brief", variant="primary", elem_id="brief-button")
        message = gr.Markdown(label="message", elem_id="brief-message")
        brief_html = gr.HTML(inputs.EMPTY_HTML, label="brief_html", elem_id="brief-html")
        with gr.Row():
            json_file = gr.DownloadButton("Download JSON", elem_id="download-json", size="md")
            md_file = gr.DownloadButton("Download Markdown", elem_id="download-md", size="md")
        with gr.Accordion("Brief as JSON", open=False):
            brief_json = gr.JSON(label="Brief (JSON)", elem_id="brief-json")
        run.click(handlers.brief, inputs=[article, article_file, bullets, backend, beams, translate, article_url],
                  outputs=[brief_json, message, brief_html, json_file, md_file], api_name="brief",
                  concurrency_limit=None, concurrency_id="brief",  # waits cost no worker: see _Handlers.brief
                  scroll_to_output=True,
                  api_description="Brief one Arabic article (text, or a .txt/.html file). The first "
                                  "output is the brief as a dict ({'error': ...} when the input is refused).")


def _batch_tab(service: BriefService, handlers: _Handlers) -> None:
    """A .jsonl, .csv or .zip of articles: a results table and JSONL and CSV downloads."""
    with gr.Tab("Batch", id="batch"):
        gr.Markdown("Upload a **.jsonl** (one `{\"id\": ..., \"text\": ...}` per line), a **.csv** with "
                    "`id` and `text` columns, or a **.zip** of .txt files. Bad rows become error rows; "
                    f"they never stop the batch. Limit: {service.max_upload_bytes / 1_000_000:.1f} MB per upload.")
        with gr.Row():
            batch_file = gr.File(label="Batch file (.jsonl, .csv or .zip)", file_types=list(inputs.BATCH_SUFFIXES),
                                 type="filepath", elem_id="batch-file", height=160)
            with gr.Column():
                batch_bullets = gr.Slider(3, 7, value=service.config.num_bullets, step=1, label="Number of bullets")
                batch_backend = gr.Radio(list(service.pipelines), value=service.default_backend, label="Summarizer backend")
                batch_beams = gr.Slider(0, 8, value=service.beams_default, step=1, label="Beams (0 = model default)")
                batch_translate = gr.Checkbox(value=service.has_english, label="English translation",
                                              interactive=service.has_english)
                batch_run = gr.Button("Run batch", variant="primary", elem_id="batch-button")
        batch_message = gr.Markdown(label="summary", elem_id="batch-message")
        batch_table = gr.Dataframe(headers=inputs.BATCH_COLUMNS, label="Results", interactive=False, wrap=True,
                                   column_widths=["12%", "33%", "33%", "8%", "14%"], max_chars=300,
                                   elem_id="batch-table")
        with gr.Row():
            batch_jsonl = gr.File(label="Results (JSONL)", elem_id="batch-jsonl")
            batch_csv = gr.File(label="Results (CSV)", elem_id="batch-csv")
        batch_run.click(handlers.batch, inputs=[batch_file, batch_bullets, batch_backend, batch_beams, batch_translate],
                        outputs=[batch_table, batch_jsonl, batch_csv, batch_message], api_name="batch",
                        concurrency_limit=1, concurrency_id="batch",
                        api_description="Brief every record of a .jsonl, .csv or .zip file: "
                                        "(table, JSONL file, CSV file, summary).")


def _digest_tab(service: BriefService, handlers: _Handlers) -> None:
    """Feed URLs: one digest page and its HTML, Markdown and JSON downloads."""
    with gr.Tab("Digest", id="digest"):
        gr.Markdown("Feed URLs (RSS 2.0, Atom or JSON Feed), one a line: every item is briefed into one digest, "
                    "grouped by category; the same story from several feeds is one entry listing every source.")
        with gr.Row():
            feeds = gr.Textbox(label="Feed URLs", lines=3, placeholder="https://…/rss.xml", scale=3,
                               elem_id="digest-feeds")
            digest_run = gr.Button("Make the digest", variant="primary", scale=1, elem_id="digest-button")
        digest_message = gr.Markdown(elem_id="digest-message")
        digest_page = gr.HTML(elem_id="digest-page")
        with gr.Row():
            digest_html = gr.File(label="Digest (HTML)", elem_id="digest-html")
            digest_md = gr.File(label="Digest (Markdown)", elem_id="digest-md")
            digest_json = gr.File(label="Digest (JSON)", elem_id="digest-json")
        digest_run.click(handlers.digest, inputs=[feeds],
                         outputs=[digest_page, digest_html, digest_md, digest_json, digest_message],
                         api_name="digest", concurrency_limit=DIGEST_CONCURRENCY, concurrency_id="digest",
                         api_description="A digest of feeds given by URL, one a line: (page, HTML file, "
                                         "Markdown file, JSON file, summary).")


def serve(demo: gr.Blocks, service: BriefService, *, host: str = "127.0.0.1", port: int = 7860,
          share: bool = False, **kwargs):
    """Launch with the app's theme, CSS, upload limit and output folder (Gradio 6 takes these on launch).
    quiet=True: Gradio's own start-up lines speak of `launch(share=True)`; the app prints its own."""
    url = f"http://{host}:{port}/"
    _exit_if_taken(host, port)
    print(f"Serving on {url}" + ("" if share else "  (a public link: --share; stop: Ctrl+C)"), flush=True)
    try:
        return _launch(demo, service, host, port, share, **kwargs)
    except OSError as error:  # taken between the check and the launch
        print(f"app.py: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        sys.exit(2)


def _launch(demo: gr.Blocks, service: BriefService, host: str, port: int, share: bool, **kwargs):
    return demo.launch(server_name=host, server_port=port, share=share, css=CSS, head=HEAD,
                       theme=gr.themes.Soft(font=SYSTEM_FONTS[0], font_mono=SYSTEM_FONTS[1]),
                       max_file_size=service.max_upload_bytes, quiet=True,
                       allowed_paths=_extra_allowed(service.downloads.root), footer_links=["api", "gradio"],
                       show_error=False, **kwargs)  # gr.Error messages still show; internals do not


def _exit_if_taken(host: str, port: int) -> None:
    busy = port_taken(host, port)
    if busy:
        print(busy, file=sys.stderr)
        sys.exit(2)


def port_taken(host: str, port: int) -> str | None:
    """The one line to exit with when the address is taken (Gradio would print "Serving on", then a
    traceback), None when it is free."""
    if not 0 <= port <= 65535:
        return f"app.py: cannot listen on {host}:{port}: a port is a number from 0 to 65535"
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except (OSError, OverflowError) as error:
        why = getattr(error, "strerror", None) or error
        return f"app.py: cannot listen on {host}:{port}: {why} (another server? --port N)"
    return None


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
    parser.add_argument("--concurrency", type=int, default=inputs.DEFAULT_CONCURRENCY,
                        help=f"brief batches (of up to {inputs.MAX_REQUEST_BATCH} concurrent requests each) "
                             "processed at once (default: %(default)s)")
    parser.add_argument("--max-upload-mb", type=float, help="largest upload accepted, in MB (default 25) "
                        "[BRIEF_MAX_UPLOAD_BYTES, in bytes]")
    parser.add_argument("--fetch-budget", type=float, default=inputs.DEFAULT_FETCH_BUDGET, metavar="SECONDS",
                        help="seconds of fetching per request, all its pages and feeds together "
                             "(default: %(default)s)")
    parser.add_argument("--analytics", action="store_true",
                        help="let Gradio send its usage telemetry (off: the app contacts no one)")
    parser.add_argument("--allow-private-urls", action="store_true",
                        help="fetch pages from loopback, private, link-local, multicast or reserved addresses "
                             "(off: the app refuses them, after DNS and at every redirect; for a trusted machine)")
    parser.add_argument("--store", metavar="STORE", help="a `brief follow` store, read only: adds the Following "
                        "tab and serves its Atom feed at /feed.atom")
    add_options(parser, Config, only=("models", "brief", "web"))
    return parser.parse_args(argv)


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    _exit_if_taken(args.host, args.port)  # before the models load: a taken port is said at once
    # Gradio reads this itself, as well as the Blocks' own flag: off unless asked for.
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "True" if args.analytics else "False"
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet_dependencies()
    for warning in unknown_variables([Config], OTHER_VARIABLES):
        log.warning("%s", warning)
    try:
        upload = int(args.max_upload_mb * 1_000_000) if args.max_upload_mb else None
        # A public app must not fetch from its own network: private addresses only with the flag.
        folder = app_folder()
        config = app_config(args, folder, max_upload_bytes=upload)
        offer_seq2seq = not config.is_default("summarizer_model")  # named by a flag or BRIEF_SUMMARIZER_MODEL
        pipelines = load_pipelines(config, offer_seq2seq=offer_seq2seq)
    except (ValueError, BriefError) as error:
        message = error.for_command() if isinstance(error, ModelUnavailable) else str(error)
        sys.exit(f"app.py: {option_error(message, [Config])}")
    signal.signal(signal.SIGTERM, _stop)  # close the server and clean the folder on `kill`
    service = BriefService(pipelines, output_dir=folder / "downloads", concurrency=max(1, args.concurrency),
                           fetch_budget=args.fetch_budget)
    demo = build_app(service, analytics=args.analytics, store=args.store)
    for name, pipe in pipelines.items():  # one short line each; the reasons were logged once when loading
        status = pipe.status()
        log.info("backend %s: summarizer %s; %s", name, status["summarizer"],
                 f"translator {status['translator']}" if status["translator"] else "Arabic only (no translator)")
    from summarizer.follow.app_tab import launch_options
    serve(demo, service, host=args.host, port=args.port, share=args.share,
          **(launch_options(args.store) if args.store else {}))


def app_config(args: argparse.Namespace, folder: Path, **overrides) -> Config:
    """The library's settings for a public app: no fetching from private networks (unless the flag),
    at most inputs.DEFAULT_MAX_FEED_ITEMS items a feed, and the HTTP cache in the app's own folder
    (removed when it stops; capped by --http-cache-max-mb) unless --http-cache names another."""
    given = flag_values(Config, args)
    config = Config.from_env(**{**given, **overrides, "allow_private_urls": args.allow_private_urls})
    return config.replace(http_cache=str(folder / "http-cache") if config.http_cache is None else None,
                          max_feed_items=inputs.DEFAULT_MAX_FEED_ITEMS if config.max_feed_items is None else None)


def quiet_dependencies() -> None:
    """What Gradio's dependencies print that a user can do nothing about (set when the app runs, not on import)."""
    from starlette.exceptions import StarletteDeprecationWarning

    # gradio 6.17's queue route names starlette's old HTTP_422_UNPROCESSABLE_ENTITY; the status is
    # the same, and the fix is gradio's (pinned <6.18 here), so this one warning is silenced.
    warnings.filterwarnings("ignore", message="'HTTP_422_UNPROCESSABLE_ENTITY' is deprecated",
                            category=StarletteDeprecationWarning)
    # Gradio checks its own server over HTTP at start-up; httpx logs each of those requests at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def app_folder() -> Path:
    """The app's own temp folder, removed when it stops: downloads, and Gradio's uploads and copies
    (GRADIO_TEMP_DIR, read when the Blocks are made and the server starts)."""
    folder = Path(tempfile.mkdtemp(prefix="brief-app-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.setdefault("GRADIO_TEMP_DIR", str(folder / "gradio"))
    # gradio.routes read GRADIO_TEMP_DIR once, on import (before the app knew its folder), and launch()
    # makes a folder there: point it here too, or it is left in the system's temp folder.
    gradio.routes.DEFAULT_TEMP_DIR = os.environ["GRADIO_TEMP_DIR"]
    return folder

if __name__ == "__main__":
    main()
