"""The web app (app.py): started on a free localhost port with tiny models, driven over real HTTP
with gradio_client and in a real browser (Playwright + Debian's chromium)."""
from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from summarizer.text.lexicon import LETTER
from tests import web_site
from tests.samples import brief_words

site, site_server = web_site.site, web_site.site_server  # the local news site (pytest-httpserver on 127.0.0.1)

pytestmark = pytest.mark.slow  # a Gradio server in a subprocess, twenty clients and a real browser

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {"lead": range(0, 5), "shoigu": range(5, 11), "zakharova": range(11, 18)}
ARTICLE_FILE_LIMIT = 100_000      # BRIEF_MAX_FILE_BYTES given to the server
UPLOAD_LIMIT_MB = 2               # --max-upload-mb given to the server
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _is_arabic(text: str) -> bool:
    return len(LETTER.findall(text)) >= 5


# The server process imports gradio, torch and transformers (~15 s on 2 cores) while the tiny
# models are being built, then gets its command line on stdin and runs `app.main(argv)`.
_LAUNCHER = ("import json, sys; sys.path.insert(0, sys.argv[1]); import app, torch, transformers; "
             "argv = json.loads(sys.stdin.readline()); sys.stdin.close(); app.main(argv)")


def _start(tmp_path_factory, argv: list[str], extra_env: dict | None = None):
    """`python app.py ARGV` as a user starts it, on a free port; yields its URL, log and folder, then
    stops it and checks what it left."""
    work = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEF_") or k == "BRIEF_SHARED_DIR"}
    env.pop("GRADIO_TEMP_DIR", None)  # the app keeps Gradio's files in its own folder, under TMPDIR
    (work / "tmp").mkdir()
    env.update({"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "TMPDIR": str(work / "tmp"),
                "BRIEF_MAX_FILE_BYTES": str(ARTICLE_FILE_LIMIT), "BRIEF_MAX_ZIP_MEMBERS": "1000",
                "PYTHONUNBUFFERED": "1", "BRIEF_HTTP_CACHE": "", **(extra_env or {})})
    log_path = work / "app.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(ROOT)], cwd=work, env=env,
                                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        proc.stdin.write((json.dumps(["--host", "127.0.0.1", "--port", str(port), *argv()]) + "\n").encode())
        proc.stdin.close()
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within 120 s:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.25)
        yield {"url": url, "log": log_path, "work": work}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log_text = log_path.read_text(errors="replace")
    assert 'app.py", line' not in log_text, f"a request hit an error in app.py:\n{log_text[-3000:]}"
    # Uploads, results and Gradio's copies lived in the app's own folder, which is gone after shutdown:
    # no brief-app-*, gradio or 40-hex folders are left (torch's own torchinductor_<user> cache may be).
    left = [p.name for p in (work / "tmp").iterdir()
            if p.name.startswith(("brief-app-", "gradio")) or re.fullmatch(r"[0-9a-f]{40}", p.name)]
    assert not left, f"the app left files behind: {left}"
    _check_console(log_text)


def _check_console(log_text: str) -> None:
    """What the app prints: its own words for sharing, no dict dumps, no dependency deprecation noise."""
    assert "share=True" not in log_text and "--share" in log_text, log_text[:2000]
    assert "StarletteDeprecationWarning" not in log_text and "HTTP_422_UNPROCESSABLE_ENTITY" not in log_text
    assert "{'summarizer'" not in log_text and "'warnings': [" not in log_text, log_text[:2000]
    for line in log_text.splitlines():  # no line says the same long thing twice
        repeated = re.search(r"(.{60,}).*\1", line)
        assert not repeated, line


TRANSLATION_CAP = 60


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """Tiny translator; extractive default, tiny seq2seq offered; pages from 127.0.0.1 allowed (the tests' site)."""
    def argv():
        tiny_models = request.getfixturevalue("tiny_models")
        # A fixed translation cap: the default follows the longest line of a call, so a looping stand-in
        # line would run longer in a batch of many requests than alone (the cross-talk test compares them).
        return ["--translator-model", str(tiny_models["marian"]), "--summarizer-model", str(tiny_models["mt5"]),
                "--device", "cpu", "--max-upload-mb", str(UPLOAD_LIMIT_MB), "--allow-private-urls",
                "--translation-max-new-tokens", str(TRANSLATION_CAP)]
    yield from _start(tmp_path_factory, argv)


@pytest.fixture(scope="module")
def offline_server(tmp_path_factory):
    """The default translator, offline, with an empty Hugging Face cache: Arabic only; the default
    private-address guard."""
    hf_home = tmp_path_factory.mktemp("hf-home")
    yield from _start(tmp_path_factory, lambda: ["--offline"], {"HF_HOME": str(hf_home)})


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client
    client = Client(server["url"], verbose=False, download_files=str(server["work"] / "downloads"))
    yield client
    client.close()


@pytest.fixture(scope="module")
def seed_brief(client, seed_text):
    return client.predict(seed_text, api_name="/brief")


# -- the /brief endpoint ---------------------------------------------------------

def test_brief_seed_structure_and_content(seed_brief):
    brief, message, page, json_path, md_path = seed_brief
    assert _is_arabic(brief["headline_ar"])
    assert len(brief["bullets_ar"]) == 5 and all(_is_arabic(b) for b in brief["bullets_ar"])
    # English is there (tiny random translator: words, not sense), aligned line by line.
    assert brief["headline_en"] and len(brief["bullets_en"]) == 5 and all(brief["bullets_en"])
    assert brief["english_status"] == "ok" and brief["meta"]["backend"] == "extractive"
    cited = {i for source in brief["sources"] for i in source}
    for name, section in SECTIONS.items():
        assert cited & set(section), f"no bullet comes from the {name} section: sources {brief['sources']}"
    assert all(str(i) in brief["source_sentences"] for i in cited)
    assert "Brief ready" in message
    # The page: one row per line, Arabic right-to-left beside English, sources folded under each line.
    assert page.count('class="brief-row') == 6
    assert 'class="brief-ar" dir="rtl" lang="ar"' in page and 'class="brief-en" dir="ltr" lang="en"' in page
    assert page.count('<details class="sources">') >= 5
    # Each flag is shown beside the line it concerns, once. Whether the tiny translator's looping lines
    # draw flags depends on the stand-in as trained on this machine; the rendering of a known flag is
    # tested in tests/test_brief.py.
    assert page.count('class="flag"') == len(brief["flags"])
    # Downloads.
    assert json.loads(Path(json_path).read_text(encoding="utf-8")) == brief
    assert Path(md_path).read_text(encoding="utf-8").startswith("# " + brief["headline_ar"])


def test_brief_options_bullets_translate_and_seq2seq(client):
    text = (ROOT / "examples" / "weather-warning-ar.txt").read_text(encoding="utf-8")
    brief = client.predict(text, num_bullets=3, translate=False, api_name="/brief")[0]
    assert len(brief["bullets_ar"]) == 3 and brief["headline_en"] is None
    assert brief["english_status"] == "translation not requested"
    brief = client.predict(text, num_bullets=3, backend="seq2seq", translate=False, api_name="/brief")[0]
    assert brief["meta"]["backend"] == "seq2seq" and len(brief["bullets_ar"]) == 3


def test_brief_html_file_upload(client, seed_text, tmp_path):
    from gradio_client import handle_file
    page = ("<html><body><article>" + "".join(f"<p>{line}</p>" for line in seed_text.splitlines())
            + "</article><script>var x = 1;</script></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    brief, message, *_ = client.predict("", file=handle_file(str(path)), translate=False, api_name="/brief")
    assert _is_arabic(brief["headline_ar"]) and "var x" not in json.dumps(brief, ensure_ascii=False)
    assert "page.html" in message
    assert any("input was HTML" in w for w in brief["warnings"])


def test_input_matrix_through_the_http_api(client, tmp_path):
    """The same table of inputs as tests/test_input.py, uploaded through /brief: the same outcomes."""
    from gradio_client import handle_file
    from test_input import MATRIX
    for name, data, outcome, note in MATRIX:
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        brief, message, *_ = client.predict("", file=handle_file(str(path)), num_bullets=3, translate=False,
                                            api_name="/brief")
        if outcome == "ok":
            assert "error" not in brief and _is_arabic(brief["headline_ar"]), (name, brief)
            assert note is None or any(note in w for w in brief["warnings"]), (name, brief["warnings"])
        else:
            assert outcome in brief["error"] and outcome in message, (name, brief)
    assert path.read_bytes() == data  # inputs are never modified


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("   \n  ", "empty"),
    ("This article is written in English and has no Arabic at all, so it cannot be briefed.", "not Arabic"),
    ("<html><body><p>Hello, world. Only English here.</p></body></html>", "not Arabic"),
])
def test_brief_refuses_bad_text_with_a_message(client, text, reason):
    brief, message, page, json_file, md_file = client.predict(text, api_name="/brief")
    assert reason in brief["error"] and reason in message
    assert "Traceback" not in message and json_file is None and md_file is None


def test_brief_refuses_too_long_article(client, seed_text):
    text = "\n".join([seed_text] * (200_000 // len(seed_text) + 2))
    brief, message, *_ = client.predict(text, translate=False, api_name="/brief")
    assert "too long" in brief["error"] and "200,000" in message


@pytest.mark.parametrize("content, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    (b"\xc3\x28 not utf8 \xa0\xa1 \xe9t\xe9", "not UTF-8"),
    ("ب".encode() * (ARTICLE_FILE_LIMIT // 2 + 10), "too large"),
])
def test_brief_refuses_bad_upload_with_a_message(client, tmp_path, content, reason):
    from gradio_client import handle_file
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    brief, message, *_ = client.predict("", file=handle_file(str(path)), api_name="/brief")
    assert reason in brief["error"] and reason in message


def test_upload_over_the_server_limit_is_refused(client, tmp_path):
    from gradio_client import handle_file
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (UPLOAD_LIMIT_MB * 1_000_000 + 1))
    with pytest.raises(Exception, match="maximum file size"):
        client.predict("", file=handle_file(str(path)), api_name="/brief")


def test_brief_from_a_url_and_the_guard(server, offline_server, site):
    """A page's URL in /brief: fetched and briefed where the app was started with --allow-private-urls;
    refused as loopback by an app started without it (the default)."""
    from gradio_client import Client

    from tests.web_site import article_page
    site.expect_request("/news/rain").respond_with_data(article_page("rain"), content_type="text/html")
    url = site.url_for("/news/rain")
    for where, expect in ((server, "ok"), (offline_server, "loopback")):
        client = Client(where["url"], verbose=False, download_files=False)
        try:
            brief, message, *_ = client.predict("", url=url, translate=False, api_name="/brief")
        finally:
            client.close()
        if expect == "ok":
            assert "error" not in brief and "الأمطار" in " ".join(brief["bullets_ar"]) and "fetched from" in message
        else:
            assert "loopback" in brief["error"] and "loopback" in message
    assert len([r for r, _ in site.log if r.path == "/news/rain"]) == 1  # the guarded app never asked


def _distinct_articles(count: int) -> list[str]:
    """`count` articles of five corpus sentences each, no sentence shared: an answer fits one article only."""
    from summarizer.testing import corpus
    lines = corpus("ar")
    return ["\n".join(lines[5 * i:5 * i + 5]) for i in range(count)]


def test_twenty_clients_in_twenty_threads_each_get_their_own_brief(server, tiny_models):
    """20 clients at once, each with its own article and English on: no error, no cross-talk."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    from summarizer import BriefPipeline, Config
    from summarizer.text.tokens import tokenize

    articles = _distinct_articles(20)
    together = threading.Barrier(len(articles))

    def ask(article: str) -> dict:
        client = Client(server["url"], verbose=False, download_files=False)
        try:
            together.wait(timeout=120)  # every client connected: the requests arrive at once
            return client.predict(article, num_bullets=3, translate=True, api_name="/brief")[0]
        finally:
            client.close()

    with ThreadPoolExecutor(len(articles)) as pool:
        answers = list(pool.map(ask, articles))
    # The server's translator settings (the model's defaults), here in the test process, one brief's
    # lines per call (batching does not change outputs: test_parity.py).
    translator = BriefPipeline(Config(translator_model=str(tiny_models["marian"]), device="cpu",
                                         num_threads=1, translation_max_new_tokens=TRANSLATION_CAP)).translator
    for article, brief in zip(articles, answers):
        assert "error" not in brief, brief
        lines_ar = [brief["headline_ar"], *brief["bullets_ar"]]
        # Every line is made of its own article's words (headlines are compressions, bullets trimmed);
        # the articles share no sentence, so another request's line would not fit.
        words = brief_words(article)
        # Up to 3 bullets: fewer where the article's other sentences repeat these (the brief says so).
        assert 1 <= len(brief["bullets_ar"]) <= 3 and all(line and set(tokenize(line)) <= words for line in lines_ar), \
            (lines_ar, article)
        # The stand-in translator writes each line's own transliteration: another request's English
        # would not match.
        assert brief["english_status"] == "ok"
        assert [brief["headline_en"], *brief["bullets_en"]] == translator.translate(lines_ar)
    # Requests that were ready together went to the library together (the service's batcher).
    sizes = [int(m) for m in re.findall(r"brief: (\d+) request\(s\)", server["log"].read_text(errors="replace"))]
    assert max(sizes) > 1, sizes


def test_sixty_requests_from_sixteen_threads_all_come_back(server):
    """The README's pattern under load: sixteen threads, one gradio_client Client each, sixty requests.
    A Client shared by threads is not safe in gradio_client 2.5 (upstream gradio #10354: it sends a
    request before registering its event id, so a fast answer kills the stream thread and every request
    in flight on that Client hangs or is cancelled)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor, wait

    from gradio_client import Client

    from summarizer.text.tokens import tokenize

    articles = _distinct_articles(60)
    local, clients = threading.local(), []

    def ask(article: str) -> dict:
        if not hasattr(local, "client"):
            local.client = Client(server["url"], verbose=False, download_files=False)
            clients.append(local.client)
        return local.client.predict(article, num_bullets=3, translate=False, api_name="/brief")[0]

    pool = ThreadPoolExecutor(16)
    try:
        futures = [pool.submit(ask, article) for article in articles]
        done, pending = wait(futures, timeout=300)  # bounded: a stall fails here rather than hangs
        assert not pending, f"{len(pending)} of {len(futures)} requests had no answer after 300 s"
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        for client in clients:
            client.close()
    for article, future in zip(articles, futures):
        brief = future.result()
        assert "error" not in brief and 1 <= len(brief["bullets_ar"]) <= 3, brief
        assert set(tokenize(brief["headline_ar"])) <= brief_words(article)  # its own answer, not another's


def test_the_clients_downloads_leave_empty_hex_folders_not_the_app(server, seed_text, tmp_path, monkeypatch):
    """The empty 40-hex folders in /tmp come from gradio_client: each downloaded file is streamed into
    <tmp>/<token_hex(20)>/ and moved out, and that folder is never removed. download_files=False
    (the README's pattern) downloads nothing and leaves nothing; the server's own temp folder is
    checked empty when the `server` fixture stops it."""
    import tempfile

    from gradio_client import Client

    scratch = tmp_path / "client-tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the client process's temp folder
    hexes = lambda: [p for p in scratch.iterdir() if re.fullmatch(r"[0-9a-f]{40}", p.name)]  # noqa: E731
    client = Client(server["url"], verbose=False, download_files=False)
    try:
        _, _, _, json_file, _ = client.predict(seed_text, translate=False, api_name="/brief")
    finally:
        client.close()
    assert json_file["url"] and not list(scratch.iterdir())
    client = Client(server["url"], verbose=False, download_files=str(tmp_path / "downloads"))
    try:
        _, _, _, json_path, md_path = client.predict(seed_text, translate=False, api_name="/brief")
    finally:
        client.close()
    assert Path(json_path).is_file() and Path(md_path).is_file()
    left = hexes()
    assert len(left) == 2 and not any(any(p.iterdir()) for p in left)  # one empty folder per file downloaded


# -- the /batch endpoint ---------------------------------------------------------

def _rows(table: dict) -> list[dict]:
    return [dict(zip(table["headers"], row)) for row in table["data"]]


def test_batch_jsonl_with_a_malformed_row(client, seed_text, tmp_path):
    from gradio_client import handle_file
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps({"id": "seed", "text": seed_text}, ensure_ascii=False),
             '{"id": "broken", "text": "unterminated',
             json.dumps({"id": "english", "text": "No Arabic in this one at all, sorry."}),
             json.dumps({"id": "no-text", "title": "x"}),
             json.dumps({"id": "=HYPERLINK(\"http://evil\")", "text": "@SUM(1+1)"}),
             json.dumps({"id": "weather", "text": (ROOT / "examples" / "weather-warning-ar.txt").read_text("utf-8")},
                        ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, jsonl_path, csv_path, message = client.predict(handle_file(str(path)), translate=False,
                                                          api_name="/batch")
    rows = _rows(table)
    assert [r["id"] for r in rows] == ["seed", "line-2", "english", "no-text", '=HYPERLINK("http://evil")', "weather"]
    assert table["headers"] == ["id", "headline AR", "headline EN", "warnings", "error"]
    assert _is_arabic(rows[0]["headline AR"]) and not rows[0]["error"]
    assert "not valid JSON" in rows[1]["error"] and not rows[1]["headline AR"]
    assert "not Arabic" in rows[2]["error"] and "text" in rows[3]["error"]
    assert _is_arabic(rows[5]["headline AR"]) and not rows[5]["error"]
    assert "6 records" in message and "4 errors" in message
    out = [json.loads(line) for line in Path(jsonl_path).read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in rows]
    assert out[0]["brief"]["headline_ar"] == rows[0]["headline AR"] and "error" in out[1]
    assert Path(csv_path).read_bytes().startswith("\ufeff".encode())  # so Excel reads it as UTF-8 (Arabic)
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    # The spreadsheet gets text, never a formula: a leading = + - @ is quoted with '.
    assert [r["id"] for r in csv_rows] == [("'" if r["id"].startswith("=") else "") + r["id"] for r in rows]
    assert csv_rows[0]["bullets_ar"].count("\n") == 4 and csv_rows[1]["error"]


def test_batch_csv(client, seed_text, tmp_path):
    from gradio_client import handle_file
    path = tmp_path / "articles.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["a", seed_text])
        writer.writerow(["b", ""])
    rows = _rows(client.predict(handle_file(str(path)), num_bullets=3, translate=False, api_name="/batch")[0])
    assert [r["id"] for r in rows] == ["a", "b"]
    assert _is_arabic(rows[0]["headline AR"]) and "empty" in rows[1]["error"]


def test_batch_zip_rejects_unsafe_members(client, server, seed_text, tmp_path):
    from gradio_client import handle_file
    path = tmp_path / "articles.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("news/one.txt", seed_text)
        archive.writestr("../escape.txt", seed_text)
        archive.writestr("/etc/absolute.txt", seed_text)
        archive.writestr("picture.png", b"\x89PNG\r\n")
    rows = _rows(client.predict(handle_file(str(path)), translate=False, api_name="/batch")[0])
    by_id = {r["id"]: r for r in rows}
    assert _is_arabic(by_id["news/one"]["headline AR"])
    assert "unsafe" in by_id["../escape"]["error"] and "unsafe" in by_id["/etc/absolute"]["error"]
    assert by_id["picture"]["error"]
    # Members are read in memory, never extracted: nothing lands anywhere.
    assert not list(server["work"].parent.rglob("escape.txt")) and not Path("/etc/absolute.txt").exists()


def test_batch_zip_with_a_damaged_member_gives_an_error_row(client, seed_text, tmp_path):
    """A flipped byte in one member (bad CRC) is that member's error row; the others are briefed."""
    from gradio_client import handle_file
    path = tmp_path / "corrupt.zip"
    lead = "\n".join(line for line in seed_text.splitlines() if line.strip())
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("a.txt", "b.txt", "c.txt"):
            archive.writestr(name, lead)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("b.txt")
    data[info.header_offset + 30 + len("b.txt") + len(info.extra) + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    table, _, _, message = client.predict(handle_file(str(path)), translate=False, api_name="/batch")
    rows = {r["id"]: r for r in _rows(table)}
    assert list(rows) == ["a", "b", "c"] and "3 records · 2 briefed · 1 error" in message
    assert "damaged in the zip" in rows["b"]["error"] and _is_arabic(rows["c"]["headline AR"])


# Reader hardening (hostile JSONL) is another change (summarizer/io); until it is merged the deep line
# raises RecursionError in the reader and the batch fails whole. strict: remove this mark once it passes.
def test_batch_tab_keeps_one_record_per_line_on_hostile_json(client, seed_text, tmp_path):
    """Every non-blank input line yields exactly one output record, in order, with no traceback."""
    from gradio_client import handle_file
    path = tmp_path / "hostile.jsonl"
    lines = [json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False),
             '{"id": "deep", "text": "نص", "m": ' + "[" * 5000 + "]" * 5000 + "}",
             '{"id": "big", "text": "نص", "n": ' + "7" * 5000 + "}",
             json.dumps({"id": "d", "text": seed_text}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, jsonl_path, _, message = client.predict(handle_file(str(path)), translate=False, api_name="/batch")
    rows = _rows(table)
    assert len(rows) == 4 and rows[0]["id"] == "a" and rows[3]["id"] == "d", rows
    assert rows[0]["headline AR"] and rows[3]["headline AR"] and rows[1]["error"] and rows[2]["error"]
    assert len(Path(jsonl_path).read_text(encoding="utf-8").splitlines()) == 4 and "4 records" in message
    assert "Traceback" not in json.dumps(rows)


@pytest.mark.parametrize("name, make, reason", [
    ("many.zip", lambda p: _zip_with(p, 1001), "1,001 files"),
    ("bad.zip", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "not a readable zip"),
    ("table.csv", lambda p: p.write_text("id,title\n1,x\n"), "'text' column"),
    ("empty.jsonl", lambda p: p.write_text("\n"), "no records"),
    ("notes.pdf", lambda p: p.write_bytes(b"%PDF-1.4"), "Invalid file type"),  # Gradio's own check
])
def test_batch_refuses_bad_files_with_a_message(client, tmp_path, name, make, reason):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError
    path = tmp_path / name
    make(path)
    with pytest.raises(AppError, match=reason):
        client.predict(handle_file(str(path)), api_name="/batch")


def _zip_with(path: Path, count: int) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(count):
            archive.writestr(f"a{i}.txt", "")


# -- in a real browser -----------------------------------------------------------

def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      "/usr/bin/chromium", shutil.which("google-chrome")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _browser_api():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    executable = _chromium()
    if executable is None:  # a test installs nothing: .ci/run installs it before the tests
        pytest.skip("no Chromium here: install it with `bash .ci/install-chromium.sh`, or set CHROMIUM_PATH")
    return sync_api, executable


@contextlib.contextmanager
def _open_page(url: str, viewport: dict | None = None):
    """A page of a headless Chromium, opened on `url` (1400 x 1000 unless `viewport`); the browser is closed after."""
    sync_api, executable = _browser_api()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport or {"width": 1400, "height": 1000})
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            yield page
        finally:
            browser.close()


PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
LONG_WORD = "ب" * 200  # one unbroken 200-letter word


def _with_a_long_word(text: str) -> str:
    """The article with LONG_WORD after the first word of every line: the brief's lines carry it."""
    return "\n".join(line.replace(" ", f" {LONG_WORD} ", 1) for line in text.splitlines())


def _png_width(path: Path) -> int:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big")  # IHDR's width


def _nothing_scrolls_sideways(page, shot: Path) -> None:
    """The page is as wide as the viewport, and so is its full-page screenshot (saved at `shot`)."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.screenshot(path=str(shot), full_page=True)
    assert _png_width(shot) == width and shot.stat().st_size > 5_000


def _resize(page, viewport: dict) -> None:
    """The viewport resized, and Gradio's transitions (its padding eases in over 0.15 s) run to their end."""
    page.set_viewport_size(viewport)
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running' || "
                           "a.effect.getComputedTiming().iterations === Infinity)", timeout=10_000)


def _stacked(first: dict, second: dict, within: dict) -> bool:
    """`second` wholly below `first`, each inside `within` (a box) and at least 90% of its width."""
    return (second["y"] >= first["y"] + first["height"] - 1
            and min(first["width"], second["width"]) >= 0.9 * within["width"]
            and all(within["x"] - 1 <= b["x"] and b["x"] + b["width"] <= within["x"] + within["width"] + 1
                    for b in (first, second)))


def _side_by_side(left: dict, right: dict) -> bool:
    return abs(left["y"] - right["y"]) < 5 and left["x"] + left["width"] <= right["x"] + 1


def test_browser_offline_says_english_needs_a_model_once(offline_server, seed_text, tmp_path):
    with _open_page(offline_server["url"]) as page:
        status = page.locator("#model-status")
        status.wait_for(timeout=60_000)
        how = page.locator("#how-english")
        assert not how.locator("code").first.is_visible()  # folded: the page shows one line
        how.locator("summary").click()
        how.locator("code").first.wait_for(state="visible", timeout=10_000)
        assert "--translator-model" in how.inner_text() and "brief models doctor" in how.inner_text()
        page.get_by_text("Seed article", exact=False).first.click()
        page.wait_for_function("document.querySelector('#article textarea').value.length > 1000", timeout=30_000)
        page.click("#brief-button")
        page.wait_for_selector("#brief-output .brief-row.headline", timeout=90_000)
        assert "Brief ready" in page.locator("#brief-message").inner_text()
        # No English column, empty or not: the Arabic has the row's width.
        assert page.locator("#brief-output .brief-en").count() == 0
        assert page.locator("#brief-output .brief-legend").count() == 0
        rows = page.locator("#brief-output .brief-row")
        assert rows.count() == 6
        for i in range(rows.count()):
            row, arabic = rows.nth(i).bounding_box(), rows.nth(i).locator(".brief-ar").bounding_box()
            assert arabic["width"] >= 0.95 * row["width"], (row, arabic)
        body = page.locator("body").inner_text()
        assert body.count("English needs a translator model") == 1 and "English unavailable" not in body
        assert body.count("not in the local cache") <= 1  # the reason, once, inside the folded how-to
        page.screenshot(path=str(tmp_path / "offline.png"), full_page=True)
        _resize(page, PHONE)
        brief = page.locator("#brief-output").bounding_box()
        assert brief["width"] >= 0.9 * PHONE["width"]
        assert rows.first.locator(".brief-ar").bounding_box()["width"] >= 0.95 * brief["width"]
        _nothing_scrolls_sideways(page, tmp_path / "offline-phone.png")


def test_browser_brief_from_a_url_and_a_digest(server, site, tmp_path):
    """The Brief tab's URL box and the Digest tab, in a real browser; screenshots kept in tmp_path."""
    from tests.web_site import article_page, rss
    for key in ("port", "rain", "match"):
        site.expect_request(f"/news/{key}").respond_with_data(article_page(key), content_type="text/html")
    feed = rss([{"title": t, "link": site.url_for(f"/news/{k}"), "guid": k, "category": c}
                for k, t, c in (("port", "ميناء", "اقتصاد"), ("rain", "أمطار", "طقس"), ("match", "مباراة", "رياضة"))])
    site.expect_request("/rss.xml").respond_with_data(feed, content_type="application/rss+xml")
    with _open_page(server["url"]) as page:
        page.locator("#article-url textarea, #article-url input").first.fill(site.url_for("/news/port"))
        page.click("#brief-button")
        page.wait_for_selector("#brief-output .brief-row.headline", timeout=90_000)
        arabic = page.locator("#brief-output .brief-ar .line").all_inner_texts()
        assert any("ميناء" in line for line in arabic), arabic
        assert "fetched from" in page.locator("#brief-message").inner_text()
        page.screenshot(path=str(tmp_path / "brief-from-url.png"), full_page=True)
        page.get_by_role("tab", name="Digest").click()
        page.locator("#digest-feeds textarea").fill(site.url_for("/rss.xml"))
        page.click("#digest-button")
        page.wait_for_function("document.querySelector('#digest-message') && "
                               "document.querySelector('#digest-message').innerText.includes('stories')",
                               timeout=120_000)
        assert "3 stories from 3 items" in page.locator("#digest-message").inner_text()
        frame = page.frame_locator("iframe.digest-frame")
        assert frame.locator("h1").inner_text() and frame.locator("text=رياضة").first.is_visible()
        page.screenshot(path=str(tmp_path / "digest.png"), full_page=True)
        # On a phone the framed digest stacks each story's English above its Arabic, within the frame.
        _resize(page, PHONE)
        story = frame.locator("article", has=frame.locator(".en")).first
        box = page.locator("iframe.digest-frame").bounding_box()
        assert _stacked(story.locator(".en").bounding_box(), story.locator(".ar").bounding_box(), box)
        assert frame.locator("html").evaluate("e => e.scrollWidth <= e.clientWidth")
        _nothing_scrolls_sideways(page, tmp_path / "digest-tab-390.png")
    assert (tmp_path / "digest.png").stat().st_size > 10_000


def test_browser_brief_of_the_seed(server, seed_text, tmp_path):
    with _open_page(server["url"]) as page:
        status = page.locator("#model-status")
        status.wait_for(timeout=60_000)
        assert "English available" in status.inner_text()
        page.get_by_text("Seed article", exact=False).first.click()
        article = page.locator("#article textarea")
        page.wait_for_function("document.querySelector('#article textarea').value.length > 1000", timeout=30_000)
        assert article.input_value().strip() == seed_text.strip()
        assert article.evaluate("e => getComputedStyle(e).direction") == "rtl"
        page.click("#brief-button")
        page.wait_for_selector("#brief-output .brief-row.headline", timeout=90_000)
        arabic = page.locator("#brief-output .brief-ar .line")
        english = page.locator("#brief-output .brief-en .line")
        assert arabic.count() == 6 and english.count() == 6
        assert all(_is_arabic(t) for t in arabic.all_inner_texts())
        assert all(t.strip() and t.strip() != "—" for t in english.all_inner_texts())
        headline = page.locator("#brief-output .brief-row.headline .brief-ar")
        assert headline.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert page.locator("#brief-output .brief-row.headline .brief-en").evaluate(
            "e => getComputedStyle(e).direction") == "ltr"
        # Line by line: each Arabic line and its English sit on the same row, Arabic on the right.
        for i in range(6):
            ar_box = arabic.nth(i).bounding_box()
            en_box = english.nth(i).bounding_box()
            assert abs(ar_box["y"] - en_box["y"]) < 5 and ar_box["x"] > en_box["x"]
        flags = page.locator("#brief-output .flag")
        assert all(flags.nth(i).is_visible() for i in range(flags.count()))
        sources = page.locator("#brief-output details.sources").nth(1)
        sources.locator("summary").click()
        assert _is_arabic(sources.locator("li").first.inner_text())
        assert "Brief ready" in page.locator("#brief-message").inner_text()
        shot = tmp_path / "brief.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000


def test_browser_brief_columns_stack_on_a_phone_and_long_words_wrap(server, seed_text, tmp_path):
    """At 1280 px each line's Arabic and English stand side by side (Arabic on the right); at 390 px (a
    phone) the English is below its Arabic, each about the brief's full width; a 200-letter word wraps
    inside its column; nothing scrolls sideways. Screenshots in tmp_path."""
    with _open_page(server["url"], DESKTOP) as page:
        # An example first: a box filled before the page has settled is emptied again (seen on a fresh server's
        # first page), while the example's round trip through the app says it has.
        page.get_by_text("Seed article", exact=False).first.click()
        page.wait_for_function("document.querySelector('#article textarea').value.length > 1000", timeout=30_000)
        page.locator("#article textarea").fill(_with_a_long_word(seed_text))
        page.wait_for_function(f"document.querySelector('#article textarea').value.includes('{LONG_WORD}')",
                               timeout=30_000)
        page.click("#brief-button")
        page.wait_for_selector("#brief-output .brief-row.headline", timeout=90_000)
        rows = page.locator("#brief-output .brief-row")
        assert rows.count() == 6
        cells = lambda i: [rows.nth(i).locator(f".brief-{lang}").bounding_box() for lang in ("ar", "en")]  # noqa: E731
        for i in range(rows.count()):
            arabic, english = cells(i)
            assert _side_by_side(english, arabic), (i, arabic, english)
        _nothing_scrolls_sideways(page, tmp_path / "brief-1280.png")
        _resize(page, PHONE)
        brief = page.locator("#brief-output").bounding_box()
        assert brief["width"] >= 0.9 * PHONE["width"], brief
        for i in range(rows.count()):
            arabic, english = cells(i)
            assert _stacked(arabic, english, brief), (i, arabic, english)
        long = page.locator("#brief-output .brief-ar .line", has_text=LONG_WORD)
        assert long.count() >= 1
        for i in range(long.count()):
            box = long.nth(i).bounding_box()
            assert box["x"] >= brief["x"] - 1 and box["x"] + box["width"] <= brief["x"] + brief["width"] + 1, box
        _nothing_scrolls_sideways(page, tmp_path / "brief-390.png")


def test_browser_digest_page_stacks_on_a_phone_and_long_words_wrap(tmp_path):
    """The digest's HTML file, opened in Chromium: at 1280 px English beside Arabic, at 390 px English
    above Arabic, each about the page's width; 200-letter words wrap; a line's flag sits under that
    line, in its language's column; nothing scrolls sideways. Screenshots in tmp_path."""
    from summarizer.brief import Brief
    from summarizer.digest import Digest, Story
    from summarizer.faithfulness import Flag
    from tests.web_site import article_text
    flag = Flag("bullet 1", "en", "number mismatch: English says 4,000; the Arabic line says ثلاثة آلاف (3,000)")
    bilingual = Brief(f"عنوان {LONG_WORD}", [f"نقطة {LONG_WORD}", "نقطة ثانية"], f"Headline {'x' * 200}",
                      [f"About 4,000 {'y' * 200}", "A second point"], flags=[flag])
    path = tmp_path / "digest.html"
    path.write_text(Digest([Story("a", bilingual, text=article_text("port"), source="وكالة"),
                            Story("b", Brief(f"خبر {LONG_WORD}", ["نقطة"]), text=article_text("rain"),
                                  source="صحيفة")]).render(".html"), encoding="utf-8")
    with _open_page(path.as_uri(), DESKTOP) as page:
        story = page.locator("article", has=page.locator(".en"))
        columns = lambda: [story.locator(f".{lang}").bounding_box() for lang in ("en", "ar")]  # noqa: E731
        english, arabic = columns()
        assert _side_by_side(english, arabic), (english, arabic)
        line, after, mark = (story.locator(s).bounding_box() for s in (".en li >> nth=0", ".en li >> nth=1", ".en .flag"))
        assert page.locator(".flag").count() == 1 and story.locator(".en .flag").is_visible()
        assert line["y"] < mark["y"] < after["y"] and english["x"] <= mark["x"] < english["x"] + english["width"]
        _nothing_scrolls_sideways(page, tmp_path / "digest-1280.png")
        _resize(page, PHONE)
        english, arabic = columns()
        assert _stacked(english, arabic, {"x": 0, "width": PHONE["width"]}), (english, arabic)
        for text in page.locator("h3, li").all():
            box = text.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (text.inner_text()[:40], box)
        _nothing_scrolls_sideways(page, tmp_path / "digest-390.png")


# -- in-process: importable, CLI defaults, rendering, file-name safety -------------

def test_app_module_imports_without_launching_and_cli_defaults():
    import app
    args = app.parse_args([])
    assert (args.host, args.port, args.share) == ("127.0.0.1", 7860, False)
    args = app.parse_args(["--backend", "seq2seq", "--summarizer-model", "m", "--translator-model", "",
                           "--device", "cpu", "--beams", "4", "--share", "--port", "9000"])
    assert (args.backend, args.summarizer_model, args.translator_model, args.device, args.num_beams, args.share,
            args.port) == ("seq2seq", "m", "", "cpu", 4, True, 9000)
    args = app.parse_args(["--summarizer-runtime", "ctranslate2", "--translator-runtime", "ctranslate2",
                           "--dtype", "int8"])
    assert (args.summarizer_runtime, args.translator_runtime, args.dtype) == ("ctranslate2", "ctranslate2", "int8")


def test_importing_the_app_sets_nothing(tmp_path):
    """No temp folder made, no environment set, no server started by `import app`."""
    code = ("import os, sys, tempfile; before = dict(os.environ); sys.path.insert(0, sys.argv[1]); import app; "
            "assert dict(os.environ) == before, set(os.environ) ^ set(before); "
            "assert not os.listdir(tempfile.gettempdir()), os.listdir(tempfile.gettempdir())")
    env = {**os.environ, "TMPDIR": str(tmp_path), "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("GRADIO_TEMP_DIR", None)
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], env=env, cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "noqa: E402" not in (ROOT / "app.py").read_text(encoding="utf-8")


def test_build_app_without_translator(tmp_path, seed_text):
    import gradio as gr

    import app
    from summarizer import BriefPipeline, Config
    from summarizer.service import BriefService
    pipe = BriefPipeline(Config(translator_model=""))
    service = BriefService(pipe, output_dir=tmp_path / "out")
    demo = app.build_app(service)
    assert isinstance(demo, gr.Blocks) and not demo.is_running
    assert not [name for name in vars(demo) if name.startswith("brief")]  # nothing stuck onto the Blocks
    names = {dep.api_name for dep in demo.fns.values()}
    assert {"brief", "batch"} <= names
    status = service.model_status_markdown()
    assert "English needs a translator model" in status and "turned off" in status
    # The /brief handler, called as Gradio calls it (one request per call): the real reason English is
    # missing is reported even though the (disabled) checkbox says no translation.
    import asyncio
    brief_handler = next(dep.fn for dep in demo.fns.values() if dep.api_name == "brief")

    def handler(*args):
        return asyncio.run(brief_handler(*args))
    brief, message, page, json_file, md_file = handler(seed_text, None, 3, "extractive", 0, False)
    assert len(brief["bullets_ar"]) == 3 and "turned off" in brief["english_status"]
    assert page.count('class="brief-row') == 4
    assert Path(json_file).parent.parent == (tmp_path / "out").resolve()
    refused, _, _, json_file, _ = handler("no Arabic", None, 3, "extractive", 0, False)
    assert "not Arabic" in refused["error"] and json_file is None
    assert demo.analytics_enabled is False  # Gradio's telemetry stays off unless --analytics


# -- what a public app may do: its cache, its feeds, its port, and no calls home -----------------------

def test_app_config_keeps_the_cache_in_its_folder_caps_feeds_and_refuses_private_hosts(tmp_path, monkeypatch):
    import app
    for name in ("BRIEF_HTTP_CACHE", "BRIEF_MAX_FEED_ITEMS", "BRIEF_HTTP_CACHE_MAX_MB"):
        monkeypatch.delenv(name, raising=False)
    config = app.app_config(app.parse_args([]), tmp_path)
    assert Path(config.http_cache) == tmp_path / "http-cache" and config.http_cache_max_mb == 100
    assert config.max_feed_items == 50 and config.allow_private_urls is False
    config = app.app_config(app.parse_args(["--http-cache", "", "--max-feed-items", "7", "--http-cache-max-mb",
                                            "5", "--allow-private-urls"]), tmp_path)
    assert (config.http_cache, config.max_feed_items, config.http_cache_max_mb, config.allow_private_urls) == \
        ("", 7, 5.0, True)


_AUDITED = ("import json, sys\n"
            "log = open(sys.argv[2], 'a', buffering=1)\n"
            "def hook(event, args):\n"
            "    if event in ('socket.getaddrinfo', 'socket.connect'):\n"
            "        host = args[0] if event == 'socket.getaddrinfo' else args[1]\n"
            "        host = host[0] if isinstance(host, tuple) else host\n"
            "        log.write(json.dumps([event, str(host)]) + '\\n')\n"
            "sys.addaudithook(hook)\n"
            "sys.path.insert(0, sys.argv[1]); import app; app.main(json.loads(sys.argv[3]))\n")
LOCAL = {"127.0.0.1", "localhost", "::1", "0.0.0.0", "None", ""}


def _contacted(log: Path) -> set[str]:
    if not log.exists():
        return set()
    return {json.loads(line)[1] for line in log.read_text().splitlines() if line.strip()}


def _run_app(tmp_path, name: str, extra: list[str]):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "GRADIO_"))}
    env.update({"HF_HUB_OFFLINE": "1", "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"})
    log = tmp_path / f"{name}.hosts"
    argv = json.dumps(["--port", str(port), "--translator-model", "", *extra])
    proc = subprocess.Popen([sys.executable, "-c", _AUDITED, str(ROOT), str(log), argv], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}/", log


def _wait(condition, proc, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.1)


def _serves(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_the_app_calls_no_one_unless_analytics_are_asked_for(tmp_path, seed_text):
    """Every DNS lookup and connection the app's process makes, recorded by an audit hook: with the
    defaults, none leaves the machine (Gradio's telemetry, version check and Google Fonts are off);
    --analytics turns Gradio's telemetry on, which the same hook sees."""
    proc, url, log = _run_app(tmp_path, "default", [])
    try:
        _wait(lambda: _serves(url), proc)
        from gradio_client import Client
        client = Client(url, verbose=False, download_files=False)
        assert "error" not in client.predict(seed_text, api_name="/brief")[0]
        client.close()
        page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8", "replace")
    finally:
        proc.terminate()
        proc.wait(30)
    assert not _contacted(log) - LOCAL, _contacted(log)
    assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
    proc, url, log = _run_app(tmp_path, "analytics", ["--analytics"])
    try:
        _wait(lambda: _contacted(log) - LOCAL, proc)  # the control: the hook does see a call home
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_a_port_out_of_range_is_one_clear_line_too(port):
    import app
    assert "a port is a number from 0 to 65535" in app.port_taken("127.0.0.1", int(port))


def test_a_port_in_use_is_one_clear_line_and_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "GRADIO_"))}
        result = subprocess.run([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--translator-model", ""],
                                env={**env, "TMPDIR": str(tmp_path)}, cwd=tmp_path, capture_output=True, text=True,
                                timeout=300)
    assert result.returncode == 2, result.stderr[-2000:]
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines == [f"app.py: cannot listen on 127.0.0.1:{port}: Address already in use (another server? "
                     "--port N)"], lines


def test_the_readmes_plain_http_call(server, seed_text):
    """README: POST /gradio_api/call/brief with the seven inputs, then GET the event's stream."""
    body = json.dumps({"data": [seed_text, None, 3, "extractive", 0, False, ""]}).encode("utf-8")
    request = urllib.request.Request(server["url"] + "gradio_api/call/brief", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{server['url']}gradio_api/call/brief/{event}", timeout=300) as response:
        stream = response.read().decode("utf-8")
    assert "event: complete" in stream, stream[:500]
    data = json.loads(stream.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0])
    assert len(data[0]["bullets_ar"]) == 3 and "error" not in data[0]
