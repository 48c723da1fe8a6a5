"""URLs, feeds, lists of URLs and `url` rows as inputs of `brief`, against a local server on 127.0.0.1."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from summarizer.commands import main
from summarizer.web import WebBatch, is_web_input, parse_feed
from summarizer.web.feeds import NotAFeed
from tests.web_site import ARTICLES, article_page, article_text, atom, json_feed, rss


@pytest.fixture(autouse=True)
def http_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEF_HTTP_CACHE", str(tmp_path / "http-cache"))


def run(*argv) -> int:
    return main([*argv, "--no-translate"])


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def serve_pages(site, etags: dict | None = None):
    """The three articles as pages (with ETags, counting full downloads), a 404, a PDF, an English page."""
    downloads = []

    def page(key, path):
        def handler(request):
            tag = f'"{key}-v1"'
            if request.headers.get("If-None-Match") == tag:
                return Response(status=304, headers={"ETag": tag})
            downloads.append(path)
            return Response(article_page(key), content_type="text/html; charset=utf-8", headers={"ETag": tag})
        site.expect_request(path).respond_with_handler(handler)
    page("port", "/news/port")
    page("rain", "/news/rain")
    page("match", "/أخبار/مباراة")
    site.expect_request("/news/missing").respond_with_data("not found", status=404)
    site.expect_request("/files/report.pdf").respond_with_data(b"%PDF-1.5", content_type="application/pdf")
    site.expect_request("/en/story").respond_with_data(
        "<html><body><article><h1>Weather</h1><p>" + "Heavy rain closed several roads in the north. " * 20
        + "</p></article></body></html>", content_type="text/html")
    return downloads


def outlet_feed(site) -> str:
    """An outlet's RSS: full content, teasers with relative and Arabic links, a 404, a PDF, an item
    with nothing, a duplicate guid, an English page."""
    port_title, port_lines = ARTICLES["port"]
    items = [
        {"guid": "port-1", "title": port_title, "link": "/news/port", "category": "اقتصاد",
         "content": "".join(f"<p>{line}</p>" for line in port_lines)},
        {"guid": "rain-1", "title": ARTICLES["rain"][0], "link": "/news/rain", "category": "محليات",
         "description": "أغلقت السلطات عدة طرق بسبب الأمطار."},
        {"guid": "match-1", "title": ARTICLES["match"][0], "link": "/أخبار/مباراة", "category": "رياضة"},
        {"guid": "missing-1", "title": "خبر محذوف", "link": "/news/missing"},
        {"guid": "pdf-1", "title": "تقرير", "link": "/files/report.pdf"},
        {"guid": "", "title": "بلا رابط", "link": None},
        {"guid": "rain-1", "title": "مكرر", "link": "/news/rain"},
        {"guid": "en-1", "title": "English", "link": "/en/story"},
    ]
    site.expect_request("/rss.xml").respond_with_data(rss(items), content_type="application/rss+xml; charset=utf-8")
    return site.url_for("/rss.xml")


def test_feed_url_briefs_every_item_and_the_batch_goes_on(site, tmp_path, capsys):
    downloads = serve_pages(site)
    out = tmp_path / "briefs.jsonl"
    assert run(outlet_feed(site), "-o", str(out)) == 0
    assert "malformed" not in capsys.readouterr().err  # a well-formed feed fetched by URL is not called broken
    records = read(out)
    assert [r["id"] for r in records] == ["port-1", "rain-1", "match-1", "missing-1", "pdf-1", "item-6", "rain-1",
                                          "en-1"]
    by_id = {r["id"]: r for r in records[:6]}
    port, rain, match = by_id["port-1"], by_id["rain-1"], by_id["match-1"]
    assert port["category"] == "اقتصاد" and port["source"] == "الأخبار اليوم - آخر الأخبار"
    assert port["url"] == site.url_for("/news/port") and port["title"] == ARTICLES["port"][0]
    assert port["published"].startswith("2024-05-14T09:30:00")
    assert "/news/port" not in downloads  # its own full content was briefed
    assert any("feed item's own text" in w for w in port["brief"]["warnings"])
    assert "/news/rain" in downloads and "brief" in rain  # a teaser: the relative link was fetched
    assert rain["url"] == site.url_for("/news/rain")
    assert any(w.startswith(f"fetched from {site.url_for('/news/rain')}") for w in rain["brief"]["warnings"])
    assert "brief" in match and "/أخبار/مباراة" in downloads  # an Arabic path
    assert "HTTP 404" in by_id["missing-1"]["error"] and "/news/missing" in by_id["missing-1"]["error"]
    assert "application/pdf" in by_id["pdf-1"]["error"]
    assert "no link and no article text" in by_id["item-6"]["error"]
    assert records[6]["error"].startswith("duplicate id 'rain-1'")
    assert "no Arabic article" in records[7]["error"] or "not Arabic" in records[7]["error"]


def test_resume_skips_items_before_fetching_them(site, tmp_path):
    downloads = serve_pages(site)
    out = tmp_path / "briefs.jsonl"
    feed = outlet_feed(site)
    assert run(feed, "-o", str(out)) == 0
    first = out.read_text(encoding="utf-8")
    lines = first.splitlines(keepends=True)
    out.write_text("".join(lines[:2]), encoding="utf-8")  # a run killed after two items
    downloads.clear()
    site.clear_log()
    assert run(feed, "-o", str(out), "--resume") == 0
    assert "/news/rain" not in downloads and len(read(out)) == len(lines)
    assert [r["id"] for r in read(out)] == [json.loads(line)["id"] for line in lines]
    fetched = {r.path for r, _ in site.log}
    assert "/news/rain" not in fetched and "/news/missing" in fetched


def test_rerun_downloads_nothing_unchanged(site, tmp_path):
    downloads = serve_pages(site)
    feed = outlet_feed(site)
    assert run(feed, "-o", str(tmp_path / "a.jsonl")) == 0
    assert sorted(downloads) == ["/news/rain", "/أخبار/مباراة"]
    downloads.clear()
    assert run(feed, "-o", str(tmp_path / "b.jsonl")) == 0
    assert downloads == []  # every page answered 304 Not Modified
    again = read(tmp_path / "b.jsonl")
    assert any("from the HTTP cache" in w for r in again if "brief" in r for w in r["brief"]["warnings"])


def test_one_url_printed_with_title_date_and_url_in_the_notes(site, capsys):
    serve_pages(site)
    url = site.url_for("/news/rain")
    assert run(url, "--format", "json") == 0
    brief = json.loads(capsys.readouterr().out)
    note = next(w for w in brief["warnings"] if w.startswith("fetched from"))
    assert url in note and ARTICLES["rain"][0] in note and "2024-05-14" in note
    assert any("trafilatura" in w for w in brief["warnings"])
    assert brief["headline_ar"]


@pytest.mark.parametrize("path, reason", [("/news/missing", "HTTP 404"), ("/files/report.pdf", "application/pdf"),
                                          ("/en/story", "Arabic")])
def test_one_bad_url_is_a_clear_error(site, capsys, path, reason):
    serve_pages(site)
    assert run(site.url_for(path)) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_dead_link_in_a_batch(site, tmp_path):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/gone"
    serve_pages(site)
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# today's links\n{dead}\n{site.url_for('/news/port')}\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(urls), "-o", str(out)) == 0
    records = read(out)
    assert [r["id"] for r in records] == [dead, site.url_for("/news/port")]
    assert "cannot reach the site" in records[0]["error"] and dead.rsplit("/", 1)[0] in records[0]["error"]
    assert records[1]["url"] == site.url_for("/news/port") and records[1]["title"] == ARTICLES["port"][0]


def test_a_bad_line_in_a_list_of_urls_is_one_error_record(site, tmp_path):
    serve_pages(site)
    urls = tmp_path / "urls.txt"
    good = [site.url_for("/news/port"), site.url_for("/news/rain")]
    urls.write_text(f"{good[0]}\nnot a url\nftp://example.org/a\n{good[1]}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(urls), "-o", str(out)) == 0
    records = read(out)
    assert [r["id"] for r in records] == [good[0], "line-2", "line-3", good[1]]
    assert "brief" in records[0] and "brief" in records[3]
    assert "line 2 is not an http(s) URL" in records[1]["error"] and "line 3" in records[2]["error"]


def test_an_article_that_quotes_a_link_is_still_an_article(tmp_path, seed_text):
    article = tmp_path / "a.txt"
    article.write_text(seed_text + "\nhttps://example.org/source\n", encoding="utf-8")
    assert not is_web_input(str(article))


def test_jsonl_and_csv_with_a_url_column(site, tmp_path):
    serve_pages(site)
    rows = [{"id": "a", "url": site.url_for("/news/port")}, {"id": "b", "text": article_text("rain")},
            {"id": "c", "url": site.url_for("/news/missing")}]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(jsonl), "-o", str(out)) == 0
    records = read(out)
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert "brief" in records[0] and records[0]["url"] == rows[0]["url"]
    assert "brief" in records[1] and "url" not in records[1]  # a file's record is unchanged
    assert "HTTP 404" in records[2]["error"]
    csv_in = tmp_path / "in.csv"
    csv_in.write_text(f"id,url\nx,{site.url_for('/news/rain')}\ny,{site.url_for('/files/report.pdf')}\n",
                      encoding="utf-8")
    out_csv = tmp_path / "out.jsonl"
    assert run(str(csv_in), "-o", str(out_csv), "--overwrite") == 0
    records = read(out_csv)
    assert "brief" in records[0] and "application/pdf" in records[1]["error"]


def test_csv_output_keeps_the_pages_url_and_title_and_resumes(site, tmp_path):
    import csv
    serve_pages(site)
    feed = outlet_feed(site)
    out = tmp_path / "briefs.csv"
    assert run(feed, "-o", str(out)) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    briefed = [r for r in rows if r["headline_ar"]]
    assert briefed and all(r["url"].startswith("http://127.0.0.1") and r["source"] for r in briefed)
    assert any(r["title"] == ARTICLES["rain"][0] for r in briefed)
    before = out.read_bytes()
    assert run(feed, "-o", str(out), "--resume") == 0  # every item already there: nothing added
    assert out.read_bytes() == before


def test_a_foreign_field_beside_a_web_record_makes_the_output_not_briefs(site, tmp_path):
    serve_pages(site)
    feed = outlet_feed(site)
    out = tmp_path / "briefs.jsonl"
    assert run(feed, "-o", str(out)) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0]) | {"other": 1}
    out.write_text("\n".join([json.dumps(record, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    before = out.read_bytes()
    assert run(feed, "-o", str(out), "--resume") == 4
    assert out.read_bytes() == before


def test_feed_files_atom_json_malformed_empty_and_not_a_feed(site, tmp_path, capsys):
    serve_pages(site)
    items = [{"guid": "tag:1", "title": ARTICLES["rain"][0], "link": site.url_for("/news/rain"), "category": "طقس"}]
    (tmp_path / "agency.atom").write_text(atom(items), encoding="utf-8")
    (tmp_path / "feed.json").write_text(json_feed(items), encoding="utf-8")
    for name in ("agency.atom", "feed.json"):
        out = tmp_path / f"{name}.jsonl"
        assert run(str(tmp_path / name), "-o", str(out)) == 0
        [record] = read(out)
        assert record["id"] == "tag:1" and "brief" in record and record["url"] == site.url_for("/news/rain")
    assert read(tmp_path / "feed.json.jsonl")[0]["category"] == "طقس"
    assert read(tmp_path / "feed.json.jsonl")[0]["source"] == "نشرة جيسون"
    broken = rss(items).replace("</channel>", "<item><title>قطعة")  # cut mid-item
    (tmp_path / "broken.xml").write_text(broken, encoding="utf-8")
    assert run(str(tmp_path / "broken.xml"), "-o", str(tmp_path / "broken.jsonl")) == 0
    assert "malformed" in capsys.readouterr().err
    assert read(tmp_path / "broken.jsonl")[0]["id"] == "tag:1"
    (tmp_path / "empty.xml").write_text(rss([]), encoding="utf-8")
    assert run(str(tmp_path / "empty.xml"), "-o", str(tmp_path / "empty.jsonl")) == 0
    assert "has no items" in capsys.readouterr().err and not (tmp_path / "empty.jsonl").exists()  # nothing written
    (tmp_path / "page.xml").write_bytes(b"\x89PNG\r\n\x1a\n binary junk")
    assert run(str(tmp_path / "page.xml"), "-o", str(tmp_path / "page.jsonl")) == 0
    [record] = read(tmp_path / "page.jsonl")
    assert "not a feed" in record["error"] and "page.xml" in record["error"]


def test_a_feed_url_that_is_not_a_feed(site, tmp_path):
    site.expect_request("/feed").respond_with_data("<html><body>oops</body>", content_type="application/rss+xml")
    out = tmp_path / "out.jsonl"
    assert run(site.url_for("/feed"), "-o", str(out)) == 0
    [record] = read(out)
    assert "not a feed" in record["error"] and record["id"] == site.url_for("/feed")


def test_feed_parsing_units():
    feed = parse_feed(rss([{"guid": "g", "title": "t", "link": "a/b", "category": " سياسة "}],
                          link="https://news.example/ar/"), "https://feeds.example/x/rss.xml")
    assert feed.items[0].link == "https://feeds.example/x/a/b" and feed.items[0].category == "سياسة"
    no_guid = parse_feed(rss([{"title": "t", "link": "https://news.example/1"}]))
    assert no_guid.items[0].id == "https://news.example/1"  # the link when there is no guid
    with pytest.raises(NotAFeed):
        parse_feed(b"just some text, not xml")
    with pytest.raises(NotAFeed):
        parse_feed(b'{"version": "1", "items": []}')


def test_web_batch_keeps_order_with_items_fetched_side_by_side(site, web_config):
    serve_pages(site)
    with WebBatch(web_config) as web:
        records = list(web.open(outlet_feed(site)))
        done = list(web.records(records))
    assert [r.id for r in done] == [r.id for r in records]


def test_files_need_no_web_extra_and_urls_name_it(tmp_path):
    """Without httpx and feedparser (no [web] extra) files brief as before; a URL says what to install."""
    import subprocess
    import sys
    article = tmp_path / "a.txt"
    article.write_text(article_text("port"), encoding="utf-8")
    # One interpreter for both commands (a start-up is half a second): the file first, which must not
    # import the web modules, so the URL then meets them as a fresh process would.
    code = ("import sys; sys.modules['httpx'] = None; sys.modules['feedparser'] = None\n"
            "from summarizer.commands import main\n"
            "codes = [main([arg, '--no-translate', '-q']) for arg in sys.argv[1:]]\n"
            "print('exit codes:', *codes)")
    env = {**__import__("os").environ, "BRIEF_HTTP_CACHE": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-c", code, str(article), "http://127.0.0.1:9/x"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "exit codes: 0 2", result.stderr
    assert "arabic-news-brief[web]" in result.stderr and "Traceback" not in result.stderr


def test_web_flags_reach_the_fetcher(site, tmp_path):
    """--ignore-robots, --max-page-bytes and --http-cache are flags of `brief` (from Config)."""
    site.clear()
    site.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html",
                                                        headers={"ETag": '"x"'})
    url = site.url_for("/news/port")
    urls = tmp_path / "urls.txt"
    urls.write_text(url + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert run(str(urls), "-o", str(out)) == 0
    assert "robots.txt does not allow" in read(out)[0]["error"]
    cache = tmp_path / "flag-cache"
    assert run(str(urls), "-o", str(out), "--overwrite", "--ignore-robots", "--http-cache", str(cache)) == 0
    assert "brief" in read(out)[0] and any(cache.iterdir())
    assert run(str(urls), "-o", str(out), "--overwrite", "--ignore-robots", "--max-page-bytes", "1000") == 0
    assert "too large" in read(out)[0]["error"]
    assert not (tmp_path / "http-cache").exists()
    assert run(str(urls), "-o", str(out), "--overwrite", "--ignore-robots", "--http-cache", "") == 0
    assert "brief" in read(out)[0] and not (tmp_path / "http-cache").exists()  # '' turns the cache off
    assert run(str(urls), "-o", str(out), "--overwrite", "--ignore-robots") == 0
    assert any((tmp_path / "http-cache").iterdir())  # BRIEF_HTTP_CACHE, the variable


def test_progress_bar_counts_the_items(site, tmp_path, capsys):
    serve_pages(site)
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url_for('/news/port')}\n{site.url_for('/news/missing')}\n", encoding="utf-8")
    assert main([str(urls), "-o", str(tmp_path / "o.jsonl"), "--no-translate"]) == 0
    assert "2/2" in capsys.readouterr().err


def test_fetch_article_for_the_app_refuses_private_addresses(site, web_config):
    from summarizer.errors import InputError
    from summarizer.web import fetch_article
    serve_pages(site)
    url = site.url_for("/news/port")
    record = fetch_article(url, web_config)
    assert record.info["title"] == ARTICLES["port"][0] and "افتتحت الحكومة" in record.text
    assert any(url in note for note in record.notes)
    site.clear_log()
    with pytest.raises(InputError, match="refused: the host 127.0.0.1 resolves to 127.0.0.1, a loopback"):
        fetch_article(url, web_config.replace(allow_private_urls=False))
    assert not site.log  # nothing was asked of the server, robots.txt included


def test_rss_served_as_text_html_is_still_a_feed(site, tmp_path):
    serve_pages(site)
    items = [{"guid": "r", "title": ARTICLES["rain"][0], "link": "/news/rain"}]
    site.expect_request("/misconfigured").respond_with_data(rss(items), content_type="text/html")
    out = tmp_path / "o.jsonl"
    assert run(site.url_for("/misconfigured"), "-o", str(out)) == 0
    [record] = read(out)
    assert record["id"] == "r" and "brief" in record and record["url"] == site.url_for("/news/rain")


def test_a_page_that_breaks_the_extractor_is_one_error_record(site, web_config, monkeypatch):
    import summarizer.text.html as html_module
    from summarizer.record import Record
    serve_pages(site)

    def broken(markup):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(html_module, "extract_page", broken)
    urls = [site.url_for("/news/port"), site.url_for("/news/missing")]
    with WebBatch(web_config) as web:
        done = list(web.records([Record(u, url=u) for u in urls]))
    assert "could not be read (RecursionError" in done[0].error and "HTTP 404" in done[1].error


def test_an_existing_output_is_refused_before_the_feed_is_fetched(site, tmp_path, capsys):
    serve_pages(site)
    feed = outlet_feed(site)
    out = tmp_path / "briefs.jsonl"
    out.write_text("", encoding="utf-8")
    site.clear_log()
    assert run(feed, "-o", str(out)) == 4
    assert "already exists" in capsys.readouterr().err
    assert site.log == []  # nothing was fetched: not the feed, not robots.txt


def test_a_url_row_nobody_fetched_is_an_error_that_says_where_pages_are_fetched():
    """Ray's workers get rows as read; a `url` row there is one clear error record, not 'no text'."""
    from summarizer import BriefPipeline, Config
    from summarizer.record import Record
    from summarizer.runner import RAY_UNFETCHED, Runner
    runner = Runner(BriefPipeline(Config(translator_model="")), unfetched=RAY_UNFETCHED)  # as Ray's actors run it
    [out] = runner([Record("a", url="http://127.0.0.1:9/news")])
    assert out["id"] == "a" and "fetched by the local executor" in out["error"]


# -- hostile servers through the command line -------------------------------------------------------


def _subprocess_env(tmp_path) -> dict:
    import os
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "HF_", "GRADIO_"))}
    return {**env, "BRIEF_HTTP_CACHE": "", "HF_HUB_OFFLINE": "1", "BRIEF_THREADS": "1", "PYTHONUNBUFFERED": "1"}


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_signal_during_a_hanging_fetch_stops_the_run_at_once_and_keeps_what_was_written(
        raw_site, tmp_path, signal_name):
    """The second page sends one header byte every 50 ms, for ever; the fetch timeout is 10 minutes.
    A signal stops the run within 5 s, the first brief stays in the output, and --resume is suggested."""
    import signal
    import subprocess
    import sys
    import time

    from tests.web_site import reply
    page = article_page("port").encode("utf-8")
    raw_site.route("/good", reply("200 OK", {"Content-Type": "text/html; charset=utf-8"}, page))

    def hang(send, stop):
        if send(b"HTTP/1.1 200 OK\r\nX-Padding: "):
            while not stop.wait(0.05) and send(b"a"):
                pass
    raw_site.route("/hang", hang)
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{raw_site.url('/good')}\n{raw_site.url('/hang')}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "summarizer", str(urls), "-o", str(out), "--no-translate",
                             "--batch-size", "1", "--fetch-timeout", "600", "-q"], env=_subprocess_env(tmp_path),
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out.exists() and out.read_text(encoding="utf-8").count("\n") >= 1):  # the first brief
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else ""
            time.sleep(0.05)
        assert any(path == "/hang" for path, _ in raw_site.requests)
        sent = time.monotonic()
        proc.send_signal(getattr(signal, signal_name))
        code = proc.wait(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.stderr.read()
    assert took < 5, f"stopped {took:.1f} s after {signal_name}"
    assert code == 130 and "--resume" in err.strip().splitlines()[-1] and "Traceback" not in err, err
    (first,) = read(out)
    assert first["id"] == raw_site.url("/good") and "brief" in first


def test_one_fetcher_per_run_keeps_two_requests_per_host_and_one_robots_txt(raw_site, tmp_path):
    """16 rows with a `url` column, all on one host: never more than 2 requests at once, and robots.txt
    fetched once for the run (8 fetch threads once built a fetcher each)."""
    from tests.web_site import reply
    page = reply("200 OK", {"Content-Type": "text/html; charset=utf-8"}, article_page("rain").encode("utf-8"))

    def slow_page(send, stop):
        stop.wait(0.1)  # the server's pace: requests overlap if the client lets them
        page(send, stop)
    raw_site.route("/robots.txt", reply("200 OK", {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"))
    rows = tmp_path / "rows.csv"
    lines = ["id,url"]
    for n in range(16):
        raw_site.route(f"/p{n}", slow_page)
        lines.append(f"r{n},{raw_site.url(f'/p{n}')}")
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(rows), "-o", str(out)) == 0
    assert all("brief" in r for r in read(out)) and len(read(out)) == 16
    assert raw_site.most_open <= 2, raw_site.most_open
    assert [path for path, _ in raw_site.requests].count("/robots.txt") == 1


@pytest.mark.parametrize("value", ["²"])  # every odd value: test_fetch.py; here, the command's answer
def test_one_url_with_an_odd_retry_after_is_briefed_not_a_traceback(site, capsys, value):
    from tests.web_site import busy_then
    site.expect_request("/busy").respond_with_handler(busy_then(article_page("port"), value))
    assert run(site.url_for("/busy")) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and out.startswith("# ")


def test_credentials_in_urls_never_reach_the_output(site, tmp_path):
    site.expect_request("/news/port").respond_with_data(article_page("port"), content_type="text/html")
    site.expect_request("/news/gone").respond_with_data("no", status=404)
    urls = tmp_path / "urls.txt"
    base = f"http://reader:s3cret@127.0.0.1:{site.port}"
    urls.write_text(f"{base}/news/port\n{base}/news/gone\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(urls), "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "s3cret" not in text and "reader:" not in text and "reader@" not in text
    good, gone = read(out)
    assert good["id"] == f"http://127.0.0.1:{site.port}/news/port" and "brief" in good
    assert any("fetched from" in w for w in good["brief"]["warnings"]) and "HTTP 404" in gone["error"]


def test_markup_too_big_to_parse_is_an_error_record_not_minutes_of_work(site, web_config):
    """The deadline ends with the body's last byte; parsing comes after it. A page of 150,000 tags and a
    feed of 250,000 nested ones are refused unparsed (once: 28 s and 860 MB for one page)."""
    from summarizer.record import Record
    site.expect_request("/huge").respond_with_data("<html><body>" + "<p>ا</p>" * 75_000 + "</body></html>",
                                                   content_type="text/html")
    nested = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>d</title><entry><id>1</id>'
              '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">' + "<div>" * 125_000 + "x"
              + "</div>" * 125_000 + "</div></content></entry></feed>")
    site.expect_request("/deep.atom").respond_with_data(nested, content_type="application/atom+xml")
    with WebBatch(web_config.replace(max_page_bytes=5_000_000)) as web:
        page = web.fill(Record("p", url=site.url_for("/huge")))
        (feed,) = list(web.open(site.url_for("/deep.atom")))
    assert "more than 100,000 tags (150,0" in page.error, page.error
    assert "more than 200,000 tags" in feed.error, feed.error


@pytest.mark.parametrize("how", [[], ["--headline", "generated"]])
def test_pages_feed_items_and_title_columns_keep_their_own_headline(site, tmp_path, capsys, how):
    """The editor's headline, without the site's name (`... - الأخبار اليوم` on every page), unless
    --headline generated; bullets chosen knowing it. A title that is no headline is not used."""
    serve_pages(site)
    assert run(site.url_for("/news/rain"), "--format", "json", *how) == 0
    page = json.loads(capsys.readouterr().out)
    rows = [{"id": "t", "text": article_text("port"), "title": ARTICLES["port"][0] + " | موقع الأخبار"},
            {"id": "short", "text": article_text("match"), "title": "رياضة"}, {"id": "none", "text": article_text("rain")}]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(outlet_feed(site), "-o", str(out), *how) == 0 and run(str(jsonl), "-o", str(tmp_path / "rows.jsonl"),
                                                                     *how) == 0
    briefs = {r["id"]: r["brief"] for r in read(out) + read(tmp_path / "rows.jsonl") if "brief" in r}
    titled = {"page": (page, "rain"), "port-1": (briefs["port-1"], "port"), "match-1": (briefs["match-1"], "match"),
              "t": (briefs["t"], "port")}
    for brief, key in titled.values():
        if how:
            assert brief["headline_source"] == "generated" and brief["headline_ar"] != ARTICLES[key][0]
        else:
            assert brief["headline_source"] == "title" and brief["headline_ar"] == ARTICLES[key][0]
            assert brief["headline_sources"] == [] and len(brief["bullets_ar"]) >= 3
    assert briefs["short"]["headline_source"] == briefs["none"]["headline_source"] == "generated"
