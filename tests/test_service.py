"""The app's service (summarizer.service), called directly: no Gradio, no server, no browser."""
from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

import pytest

from summarizer import BriefPipeline, Config, InputError
from summarizer.config import MAX_BEAMS, TRANSLATORS
from summarizer.faithfulness import Flag
from summarizer.runner import Runner
from summarizer.service import (
    BATCH_COLUMNS,
    ENGLISH_HOW_ID,
    ENGLISH_NEEDS_MODEL,
    BriefRequest,
    BriefService,
    DownloadFolder,
    safe_stem,
)
from tests import web_site
from tests.web_site import LocalTransport, article_page, public_resolver

site, site_server = web_site.site, web_site.site_server  # the local site's fixtures (pytest-httpserver on 127.0.0.1)


@pytest.fixture(scope="module")
def arabic_only() -> BriefPipeline:
    return BriefPipeline(Config(translator_model=""))


@pytest.fixture
def service(arabic_only, tmp_path) -> BriefService:
    return BriefService(arabic_only, output_dir=tmp_path / "out")


@pytest.fixture
def offline(monkeypatch, tmp_path) -> BriefService:
    """The default translator, offline, with an empty Hugging Face cache: English is unavailable."""
    from huggingface_hub import constants
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    pipe = BriefPipeline(Config(offline=True))
    assert pipe.translator is None and "not in the local cache" in pipe.english_status
    return BriefService(pipe, output_dir=tmp_path / "out")


def test_brief_many_answers_in_order_with_downloads(service, seed_text, tmp_path):
    answers = service.brief_many([BriefRequest(seed_text, num_bullets=3), BriefRequest("no Arabic here at all"),
                                  BriefRequest(seed_text, num_bullets=4.0)])  # sliders send floats
    ok, refused, four = answers
    assert len(ok.brief["bullets_ar"]) == 3 and len(four.brief["bullets_ar"]) == 4
    assert "not Arabic" in refused.brief["error"] and "Cannot brief this input" in refused.message
    assert refused.json_path is None and refused.md_path is None
    assert json.loads(Path(ok.json_path).read_text(encoding="utf-8")) == ok.brief
    assert Path(ok.md_path).read_text(encoding="utf-8").startswith("# " + ok.brief["headline_ar"])
    assert Path(ok.json_path).parent.parent == (tmp_path / "out").resolve()
    assert "Brief ready" in ok.message and ok.html.count('class="brief-row') == 4


def test_requests_with_the_same_settings_share_one_library_call(service, seed_text, monkeypatch):
    calls = []
    real = BriefPipeline.brief_documents

    def spy(self, texts, **options):
        texts = list(texts)
        calls.append((len(texts), options["num_bullets"]))
        return real(self, texts, **options)

    monkeypatch.setattr(BriefPipeline, "brief_documents", spy)
    answers = service.brief_many([BriefRequest(seed_text, num_bullets=3), BriefRequest(""),
                                  BriefRequest(seed_text, num_bullets=5), BriefRequest(seed_text, num_bullets=3)])
    assert sorted(calls) == [(1, 5), (2, 3)]
    assert [len(a.brief.get("bullets_ar", ())) for a in answers] == [3, 0, 5, 3]
    assert "empty" in answers[1].brief["error"]


def test_a_library_failure_is_an_error_answer_not_a_traceback(service, seed_text, monkeypatch):
    def boom(self, texts, **options):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(BriefPipeline, "brief_documents", boom)
    (answer,) = service.brief_many([BriefRequest(seed_text)])
    assert answer.brief == {"error": "internal error while briefing (RuntimeError); see the server log"}


@pytest.mark.parametrize("request_, reason", [
    (BriefRequest(""), "empty"),
    (BriefRequest("نص", backend="nonesuch"), "backend 'nonesuch' is not loaded; available: extractive"),
    (BriefRequest("نص", num_bullets=9), "num_bullets must be between 3 and 7"),
    (BriefRequest("نص", beams=MAX_BEAMS + 1), f"num_beams must be a whole number from 1 to {MAX_BEAMS}"),
    (BriefRequest("نص", beams=2.5), "num_beams must be a whole number"),
])
def test_request_checks_are_the_librarys(service, request_, reason):
    (answer,) = service.brief_many([request_])
    assert reason in answer.brief["error"] and "Traceback" not in answer.message


def test_beams_up_to_the_librarys_limit_are_accepted(service, seed_text):
    """The one check (config.check_beams) decides, not a copy of its range."""
    answers = service.brief_many([BriefRequest(seed_text, beams=MAX_BEAMS), BriefRequest(seed_text, beams=0)])
    assert all("error" not in a.brief for a in answers), answers


def test_uploads_are_checked_by_type_and_size(arabic_only, tmp_path, seed_text):
    service = BriefService(arabic_only.with_backend("extractive"), output_dir=tmp_path / "out")
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + "".join(f"<p>{x}</p>" for x in seed_text.splitlines()) + "</body></html>",
                    encoding="utf-8")
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    big = tmp_path / "big.txt"
    big.write_bytes("ب".encode() * (service.article_file_limit // 2 + 1))
    ok, wrong, large = service.brief_many([BriefRequest("ignored", file=str(page)), BriefRequest("", file=str(pdf)),
                                           BriefRequest("", file=str(big))])
    assert "page.html" in ok.message and "error" not in ok.brief
    assert "must be a .txt, .html, .htm file, not '.pdf'" in wrong.brief["error"]
    assert "too large" in large.brief["error"]


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_run_batch_rows_files_and_progress(service, seed_text, tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False),
                                          '{"id": "broken", "text": "unterminated',
                                          json.dumps({"id": "c", "text": "English only, sorry."})])
    seen = []
    answer = service.run_batch(str(path), num_bullets=3, progress=lambda done, total, what: seen.append(
        (done, total, what)))
    assert [r[0] for r in answer.rows] == ["a", "line-2", "c"] and len(answer.rows[0]) == len(BATCH_COLUMNS)
    assert answer.rows[0][1] and not answer.rows[0][4] and "not valid JSON" in answer.rows[1][4]
    assert answer.message == "✓ 3 records · 1 briefed · 2 errors"
    assert [json.loads(x)["id"] for x in Path(answer.jsonl_path).read_text("utf-8").splitlines()] == ["a", "line-2", "c"]
    assert Path(answer.csv_path).name == "in-briefs.csv"
    assert seen[0] == (0, None, "Reading the file") and seen[-1] == (3, 3, "Briefing")
    assert [d for d, _, w in seen if w == "Briefing"] == [0, 1, 2, 3]


@pytest.mark.parametrize("make, reason", [
    (lambda p: None, "Upload a .jsonl, .csv or .zip file first"),
    (lambda p: _jsonl(p / "empty.jsonl", [""]), "holds no records"),
    (lambda p: _jsonl(p / "t.csv", ["id,title", "1,x"]), "'text' column"),
    (lambda p: (p / "bad.zip").write_bytes(b"PK\x03\x04 no") and p / "bad.zip", "not a readable zip"),
    (lambda p: (p / "x.pdf").write_bytes(b"%PDF") and p / "x.pdf", "must be a .jsonl, .csv, .zip file"),
])
def test_run_batch_refuses_a_file_with_the_reason(service, tmp_path, make, reason):
    target = make(tmp_path)
    with pytest.raises(InputError, match=re.escape(reason)):
        service.run_batch(str(target) if target else None)


def test_run_batch_checks_beams_too(service, seed_text, tmp_path):
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False)])
    with pytest.raises(InputError, match=f"num_beams must be a whole number from 1 to {MAX_BEAMS}"):
        service.run_batch(str(path), beams=MAX_BEAMS + 1)


def test_run_batch_internal_failure_names_the_kind_only(service, seed_text, tmp_path, monkeypatch):
    def boom(self, records, **options):
        raise RuntimeError("internal detail")
        yield

    monkeypatch.setattr(Runner, "results", boom)
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False)])
    from summarizer import BriefError
    with pytest.raises(BriefError, match=r"^the batch failed \(RuntimeError\); see the server log$"):
        service.run_batch(str(path))


# Reader hardening (hostile JSONL) is another change (summarizer/io); until it is merged the first case
# raises RecursionError in the reader and the batch fails whole. strict: remove this mark once it passes.
def test_batch_keeps_one_record_per_line_on_hostile_json(service, seed_text, tmp_path):
    lines = [json.dumps({"id": "a", "text": seed_text}, ensure_ascii=False),
             '{"id": "deep", "text": "نص", "m": ' + "[" * 5000 + "]" * 5000 + "}",
             '{"id": "big", "text": "نص", "n": ' + "7" * 5000 + "}",
             json.dumps({"id": "d", "text": seed_text}, ensure_ascii=False)]
    answer = service.run_batch(str(_jsonl(tmp_path / "hostile.jsonl", lines)), num_bullets=3)
    assert len(answer.rows) == 4 and answer.rows[0][0] == "a" and answer.rows[3][0] == "d"
    assert answer.rows[0][1] and answer.rows[3][1] and answer.rows[1][4] and answer.rows[2][4]
    assert "Traceback" not in json.dumps(answer.rows)


# -- the texts on the page --------------------------------------------------------

def test_offline_english_is_said_once_in_one_short_line(offline, seed_text):
    status = offline.model_status_markdown()
    (answer,) = offline.brief_many([BriefRequest(seed_text)])
    reason = offline.default.english_status
    # One short visible line (a <summary>) that unfolds into the how-to.
    line = re.search(rf'<details id="{ENGLISH_HOW_ID}"><summary>(.*?)</summary>', status).group(1)
    assert ENGLISH_NEEDS_MODEL in line and len(re.sub(r"<[^>]+>", "", line)) < 80
    assert "--translator-model" in status
    assert "--translator-model best" in status and TRANSLATORS["fast"] in status  # the aliases, named
    assert "brief models doctor" in status
    # Said once on the whole page: not again in the status line or the English column.
    shown = status + answer.message + answer.html
    assert shown.count(ENGLISH_NEEDS_MODEL) == 1 and "English unavailable" not in shown
    assert shown.count(reason) <= 1 and reason not in answer.message + answer.html
    assert answer.brief["english_status"] == reason  # the API still carries the reason


@pytest.mark.slow  # loads a translator into a second service (about 20 s)
def test_english_off_by_choice_or_on(service, seed_text, tiny_models, tmp_path):
    assert "English needs" in service.model_status_markdown()  # no translator configured: Arabic only
    with_english = BriefService(BriefPipeline(Config(translator_model=str(tiny_models["marian"]), device="cpu")),
                                output_dir=tmp_path / "en")
    assert "English available" in with_english.model_status_markdown()
    on, off = with_english.brief_many([BriefRequest(seed_text, num_bullets=3),
                                       BriefRequest(seed_text, num_bullets=3, translate=False)])
    assert "English: ok" in on.message and "English: not requested" in off.message


def test_the_default_translator_is_shown_by_its_alias():
    from summarizer.config import translator_label
    assert translator_label(TRANSLATORS["best"]) == f"best ({TRANSLATORS['best']})"
    assert translator_label(Config(translator_model="fast").translator_model) == f"fast ({TRANSLATORS['fast']})"
    assert translator_label("./models/mine") == "./models/mine"


def test_about_page_is_the_template_with_this_apps_values(service):
    template = resources.files("summarizer").joinpath("templates/about.md").read_text(encoding="utf-8")
    about = service.about_markdown()
    assert "$" not in about and "| Summarizer backends | extractive: extractive |" in about
    assert f"python {sys.version_info.major}.{sys.version_info.minor}" in about
    assert "ThreadPoolExecutor(16)" in about and "max_workers" in about
    # Not a copy of the README: no paragraph of it is repeated.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    paragraphs = [p for p in template.split("\n\n") if len(p) > 80 and "$" not in p and "```" not in p]
    assert paragraphs and not any(p in readme for p in paragraphs)


def test_download_folder_refuses_escaping_names(tmp_path):
    out = DownloadFolder(tmp_path / "out")
    folder = out.new()
    assert out.file(folder, "brief.json").parent == folder
    for name in ("../x.json", "/etc/passwd", "a/../../b"):
        with pytest.raises(InputError):
            out.file(folder, name)
    assert safe_stem("../../etc/pass wd.jsonl", "batch") == "pass_wd"
    assert safe_stem("../..", "batch") == "batch"


def test_the_service_does_not_import_gradio():
    import subprocess
    code = "import sys, summarizer.service; sys.exit('gradio' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent).returncode == 0


# -- a page by its URL: the private-address guard ---------------------------------


def test_a_url_is_fetched_and_briefed_where_private_addresses_are_allowed(site, tmp_path, arabic_only, capsys):
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    pipe = BriefPipeline(Config(translator_model="", http_cache=str(tmp_path / "cache"), allow_private_urls=True))
    service = BriefService(pipe, output_dir=tmp_path / "out")
    (answer,) = service.brief_many([BriefRequest("", url=site.url_for("/news/port"), num_bullets=3)])
    assert "error" not in answer.brief and "ميناء" in " ".join(answer.brief["bullets_ar"]), answer.brief
    assert "fetched from" in answer.message
    # The JSON download says where its text came from, as the command line's JSON does for the same URL.
    def fetched(brief: dict) -> list[str]:
        return [w for w in brief["warnings"] if w.startswith("fetched from")]
    downloaded = json.loads(Path(answer.json_path).read_text(encoding="utf-8"))
    from summarizer.commands import main
    capsys.readouterr()
    assert main([site.url_for("/news/port"), "--format", "json", "--no-translate", "--bullets", "3",
                 "--http-cache", str(tmp_path / "cache2")]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert fetched(downloaded) == fetched(answer.brief) == fetched(cli) != []


def test_the_batch_tab_fetches_url_rows_as_the_command_line_does(site, tmp_path, seed_text):
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    pipe = BriefPipeline(Config(translator_model="", http_cache=str(tmp_path / "cache"), allow_private_urls=True))
    service = BriefService(pipe, output_dir=tmp_path / "out")
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps({"id": "page", "url": site.url_for("/news/port")}),
                                          json.dumps({"id": "text", "text": seed_text}, ensure_ascii=False)])
    answer = service.run_batch(str(path), num_bullets=3)
    rows = {row[0]: row for row in answer.rows}
    assert rows["page"][4] == "" and rows["page"][1] and rows["text"][4] == "", answer.rows
    written = {r["id"]: r for r in map(json.loads, Path(answer.jsonl_path).read_text(encoding="utf-8").splitlines())}
    assert written["page"]["url"] == site.url_for("/news/port") and "ميناء" in " ".join(written["page"]["brief"]["bullets_ar"])


def test_the_app_refuses_a_loopback_url_and_a_redirect_into_its_network(site, tmp_path):
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    site.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{site.port}/news/port"})
    guarded = Config(translator_model="", http_cache=str(tmp_path / "cache"), allow_private_urls=False)
    service = BriefService(BriefPipeline(guarded), output_dir=tmp_path / "out")
    direct, not_url = service.brief_many([BriefRequest("", url=site.url_for("/news/port")),
                                          BriefRequest("", url="file:///etc/passwd")])
    assert "loopback" in direct.brief["error"] and "not a web address" in not_url.brief["error"]
    # A public name (resolved to a public address) that redirects to 127.0.0.1: refused at the redirect.
    from summarizer.web import Fetcher
    fetcher = Fetcher(guarded, transport=LocalTransport(site.port), resolver=public_resolver())
    service = BriefService(BriefPipeline(guarded), output_dir=tmp_path / "out2", fetcher=fetcher)
    (answer,) = service.brief_many([BriefRequest("", url=f"http://news.example:{site.port}/story")])
    assert "loopback" in answer.brief["error"], answer.brief
    assert not [r for r, _ in site.log if r.path == "/news/port"]  # the article behind it was never asked for


def test_the_digest_tab_shows_a_number_mismatch_beside_its_line(site, tmp_path):
    """The Digest tab's page and its three downloads flag the line whose number the translator got
    wrong, beside that line, in the single brief's words."""
    from summarizer.render import escape, flag_html, flag_md
    from tests.web_site import OneWrongNumber, rss
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    site.expect_request("/rss.xml").respond_with_data(rss([{"title": "ميناء", "link": site.url_for("/news/port"),
                                                            "guid": "p1"}]), content_type="application/rss+xml")
    config = Config(http_cache=str(tmp_path / "cache"), allow_private_urls=True, num_threads=1)
    service = BriefService(BriefPipeline(config, translator=OneWrongNumber()), output_dir=tmp_path / "out")
    answer = service.digest(site.url_for("/rss.xml"))
    data = json.loads(Path(answer.json_path).read_text(encoding="utf-8"))
    [entry] = data["sections"][0]["entries"]
    [flag] = [Flag(**f) for f in entry["flags"]]
    line = entry["bullets_en"][int(flag.line.split()[1]) - 1]
    assert line == OneWrongNumber.WRONG and flag.lang == "en" and "4,000" in flag.message
    assert f"<li>{escape(line)}{flag_html(flag)}</li>" in answer.page
    assert f"- {line}\n  - {flag_md(flag)}\n" in Path(answer.md_path).read_text(encoding="utf-8")
    assert answer.message.startswith("✓ 1 story from 1 item")


def test_a_digest_of_local_feeds_and_its_guard(site, tmp_path):
    from tests.web_site import rss
    for key in ("port", "rain"):
        site.expect_request(f"/news/{key}").respond_with_data(article_page(key), content_type="text/html")
    # The port story twice (another guid, the same page): one story of two items.
    feed = rss([{"title": "ميناء", "link": site.url_for("/news/port"), "guid": "p1", "category": "اقتصاد"},
                {"title": "أمطار", "link": site.url_for("/news/rain"), "guid": "r1", "category": "طقس"},
                {"title": "ميناء", "link": site.url_for("/news/port"), "guid": "p2", "category": "اقتصاد"}])
    site.expect_request("/rss.xml").respond_with_data(feed, content_type="application/rss+xml")
    open_config = Config(translator_model="", http_cache=str(tmp_path / "cache"), allow_private_urls=True)
    service = BriefService(BriefPipeline(open_config), output_dir=tmp_path / "out")
    seen = []
    answer = service.digest(site.url_for("/rss.xml") + "\n\n", progress=lambda d, t, w: seen.append((d, t)))
    assert answer.message.startswith("✓ 2 stories from 3 items · 0 not briefed"), answer.message
    assert "اقتصاد" in answer.page and "طقس" in answer.page and answer.page.startswith("<!DOCTYPE html>")
    data = json.loads(Path(answer.json_path).read_text(encoding="utf-8"))
    assert (data["stories"], data["items"]) == (2, 3) and Path(answer.md_path).read_text(encoding="utf-8").strip()
    assert seen[-1] == (3, 3)  # progress counts items
    with pytest.raises(InputError, match="not a web address"):
        service.digest("/etc/passwd")  # never a file on the server
    with pytest.raises(InputError, match="feed URLs"):
        service.digest("  \n")
    guarded = BriefService(BriefPipeline(open_config.replace(allow_private_urls=False)), output_dir=tmp_path / "g")
    answer = guarded.digest(site.url_for("/rss.xml"))
    assert "0 stories" in answer.message and "1 not briefed" in answer.message
    assert "loopback" in json.dumps(json.loads(Path(answer.json_path).read_text(encoding="utf-8")))


# -- the web side of the app: pasted text never waits on it, and it is bounded -------------------------

@pytest.fixture
def raw_site():
    from tests.web_site import RawServer
    server = RawServer()
    yield server
    server.close()


def _hang(raw_site, path: str, release=None):
    """A page whose headers never end, until the test ends or `release` (an Event) is set: then its
    connection closes, and so does every later request's at once."""
    import threading
    arrived = threading.Event()
    release = release or raw_site.stop

    def handler(send, stop):
        arrived.set()
        if send(b"HTTP/1.1 200 OK\r\nX-Padding: "):
            while not (stop.is_set() or release.wait(0.05)) and send(b"a"):
                pass
    raw_site.route(path, handler)
    return arrived


def test_a_pasted_text_is_briefed_while_a_page_still_hangs(raw_site, seed_text, tmp_path):
    import threading
    arrived = _hang(raw_site, "/hang")
    pipe = BriefPipeline(Config(translator_model="", http_cache="", allow_private_urls=True, ignore_robots=True,
                                fetch_timeout=60.0))
    service = BriefService(pipe, output_dir=tmp_path / "out", concurrency=1)
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(answer=service.brief(
        BriefRequest("", url=raw_site.url("/hang")))), daemon=True)
    thread.start()
    assert arrived.wait(10)
    answer = service.brief(BriefRequest(seed_text, num_bullets=3))  # the one model worker is free
    assert "error" not in answer.brief and len(answer.brief["bullets_ar"]) == 3
    assert thread.is_alive()  # the page is still hanging
    raw_site.stop.set()
    thread.join(30)
    assert "error" in slow["answer"].brief


def test_a_digest_is_bounded_by_the_requests_fetch_budget(raw_site, tmp_path):
    """Three item pages that hang for ever: the digest answers once its 1.5 s of fetching are spent."""
    import time

    from tests.web_site import reply, rss
    for n in range(3):
        _hang(raw_site, f"/item/{n}")
    feed = rss([{"guid": f"g{n}", "title": "خبر", "link": raw_site.url(f"/item/{n}")} for n in range(3)])
    raw_site.route("/rss.xml", reply("200 OK", {"Content-Type": "application/rss+xml"}, feed.encode()))
    pipe = BriefPipeline(Config(translator_model="", http_cache="", allow_private_urls=True, ignore_robots=True,
                                fetch_timeout=60.0))
    service = BriefService(pipe, output_dir=tmp_path / "out", fetch_budget=1.5)
    start = time.monotonic()
    answer = service.digest(raw_site.url("/rss.xml"))
    assert time.monotonic() - start < 10
    failed = json.loads(Path(answer.json_path).read_text(encoding="utf-8"))["failed"]
    assert len(failed) == 3 and all("time for fetching ran out" in f["error"] for f in failed), failed


def test_a_digest_reads_at_most_the_item_cap_of_each_feed(site, tmp_path):
    from tests.web_site import rss
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    feed = rss([{"guid": f"g{n}", "title": "خبر", "link": site.url_for("/news/port")} for n in range(40)])
    site.expect_request("/rss.xml").respond_with_data(feed, content_type="application/rss+xml")
    config = Config(translator_model="", http_cache="", allow_private_urls=True, max_feed_items=5)
    answer = BriefService(BriefPipeline(config), output_dir=tmp_path / "out").digest(site.url_for("/rss.xml"))
    assert len([r for r, _ in site.log if r.path == "/news/port"]) == 5
    assert "the feed has 40 items; the first 5 were read" in answer.message


def test_twenty_slow_pages_leave_a_pasted_text_free(raw_site, seed_text, tmp_path):
    """The app awaits each request (brief_async): twenty pages that hang fill the fetch pool, and a
    pasted text sent after them is answered at once."""
    import asyncio
    import threading
    import time
    release = threading.Event()  # the server keeps accepting: the pool's queued fetches end at once too
    arrived = _hang(raw_site, "/hang", release)
    pipe = BriefPipeline(Config(translator_model="", http_cache="", allow_private_urls=True, ignore_robots=True,
                                fetch_timeout=60.0))
    service = BriefService(pipe, output_dir=tmp_path / "out", fetch_budget=60.0)

    async def scene():
        slow = [asyncio.ensure_future(service.brief_async(BriefRequest("", url=raw_site.url("/hang"))))
                for _ in range(20)]
        await asyncio.get_running_loop().run_in_executor(None, arrived.wait, 10)
        start = time.monotonic()
        answer = await service.brief_async(BriefRequest(seed_text, num_bullets=3))
        took = time.monotonic() - start
        pending = sum(not task.done() for task in slow)
        release.set()
        await asyncio.gather(*slow)
        return answer, took, pending
    answer, took, pending = asyncio.run(scene())
    assert "error" not in answer.brief and took < 5 and pending == 20, (took, pending)


def test_what_a_page_says_is_text_in_the_apps_message(site, tmp_path):
    """A page's title or an HTTP reason phrase goes into a Markdown message: as text, never a link or an image."""
    hostile = "خبر [Verify your account](https://evil.example/) ![x](https://evil.example/p.png)"
    page = article_page("port").replace("<title>", f"<title>{hostile} ")
    site.expect_request("/news/port").respond_with_data(page, content_type="text/html")
    pipe = BriefPipeline(Config(translator_model="", http_cache="", allow_private_urls=True))
    (answer,) = BriefService(pipe, output_dir=tmp_path / "out").brief_many(
        [BriefRequest("", url=site.url_for("/news/port"))])
    from markdown_it import MarkdownIt
    shown = MarkdownIt().render(answer.message)
    assert "evil.example" in shown and "<a " not in shown and "<img" not in shown, shown
