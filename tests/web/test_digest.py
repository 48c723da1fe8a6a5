"""The digest: stories from several local feeds, near-duplicates merged, one self-contained page."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eval.data import shared_dir
from summarizer.commands.digest import main as digest_main
from summarizer.config import Config
from summarizer.digest import NO_ENGLISH, Digest, Story, digest_feeds
from summarizer.duplicates import DUPLICATE_THRESHOLD, jaccard, shingles
from summarizer.pipeline import BriefPipeline
from tests.web_site import ARTICLES, OneWrongNumber, article_page, article_text, json_feed, rss

BBC_DEV = shared_dir() / "data" / "ant-bbc-ar" / "dev.jsonl"


class Tagging:
    """A stand-in translator for the layout tests: marks each line, so English is present and known."""
    name = "tagging"

    def translate(self, lines, **options):
        return [f"EN[{line[:20]}]" for line in lines]


def republished(key: str) -> str:
    """Another outlet's page of the same story: other chrome, a paragraph cut, a word changed."""
    title, lines = ARTICLES[key]
    lines = [lines[0].replace("صباح اليوم", "اليوم"), *lines[1:-1]]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f'<html lang="ar"><head><meta charset="utf-8"><title>{title} | وكالة الشرق</title></head><body>'
            f'<div class="menu"><a href="/">الرئيسية</a> | <a href="/x">سياسة</a> | <a href="/y">منوعات</a></div>'
            f"<main><h1>{title}</h1><p>القاهرة - (وكالة الشرق)</p>{body}<p>تابعونا على تويتر</p></main>"
            f"<footer>© وكالة الشرق 2024</footer></body></html>")


def serve_two_outlets(site) -> tuple[str, str]:
    for key in ARTICLES:
        site.expect_request(f"/a/{key}").respond_with_data(article_page(key), content_type="text/html")
    site.expect_request("/b/port-story").respond_with_data(republished("port"), content_type="text/html")
    site.expect_request("/b/match").respond_with_data(article_page("match", site="وكالة الشرق"),
                                                      content_type="text/html")
    first = [{"guid": f"a-{k}", "title": ARTICLES[k][0], "link": f"/a/{k}",
              "category": {"port": "اقتصاد", "rain": "محليات", "match": "رياضة"}[k]} for k in ARTICLES]
    site.expect_request("/a/rss.xml").respond_with_data(rss(first, title="الأخبار اليوم"),
                                                        content_type="application/rss+xml")
    second = [{"guid": "b-1", "title": ARTICLES["port"][0], "link": site.url_for("/b/port-story")},
              {"guid": "b-2", "title": ARTICLES["match"][0], "link": site.url_for("/b/match")},
              {"guid": "b-3", "title": "رابط ضار", "link": "javascript:alert(1)"}]
    site.expect_request("/b/feed.json").respond_with_data(json_feed(second, title="وكالة الشرق"),
                                                          content_type="application/feed+json")
    return site.url_for("/a/rss.xml"), site.url_for("/b/feed.json")


def test_republished_story_merges_and_different_stories_do_not():
    port, rain, match = (article_text(k) for k in ("port", "rain", "match"))
    edited = "الرئيسية | أخبار\n" + port.replace("صباح اليوم", "اليوم").rsplit("\n", 1)[0] + "\nجميع الحقوق محفوظة"
    assert jaccard(shingles(port), shingles(edited)) >= DUPLICATE_THRESHOLD
    assert jaccard(shingles(port), shingles(rain)) < DUPLICATE_THRESHOLD
    assert jaccard(shingles(rain), shingles(match)) < DUPLICATE_THRESHOLD
    # Digits in another script, diacritics and letter forms do not hide a republication.
    from summarizer.text.normalize import to_arabic_digits
    assert shingles(to_arabic_digits(port)) == shingles(port)


def test_a_wire_story_carried_by_many_outlets_is_one_story():
    from summarizer.duplicates import duplicate_groups
    port, rain = article_text("port"), article_text("rain")
    # 120 outlets carry the port story, each with its own chrome line; the rain story is told once.
    copies = [f"{port}\nنقلا عن وكالة {n} للأنباء" for n in range(120)]
    groups = duplicate_groups([*copies[:60], rain, *copies[60:]])
    assert groups == [[*range(60), *range(61, 121)], [60]]


@pytest.mark.parametrize("translator", [None, Tagging()], ids=["arabic-only", "with-english"])
def test_digest_of_two_local_feeds(site, tmp_path, translator):
    feeds = serve_two_outlets(site)
    # Arabic only: the default translator, not on this machine (offline), so the page says English needs it.
    config = Config(http_cache=str(tmp_path / "c"), offline=True, num_threads=1)
    pipeline = BriefPipeline(config, translator=translator) if translator else BriefPipeline(config, load=False)
    digest = digest_feeds(list(feeds), pipeline)
    data = digest.to_dict()
    assert data["items"] == 5 and data["stories"] == 3  # the port and match stories came twice
    sections = {s["name"]: s["entries"] for s in data["sections"]}
    assert set(sections) == {"اقتصاد", "محليات", "رياضة"}  # the second feed has no categories: merged in
    [port] = sections["اقتصاد"]
    assert [s["source"] for s in port["sources"]] == ["الأخبار اليوم", "وكالة الشرق"] or \
        [s["source"] for s in port["sources"]] == ["وكالة الشرق", "الأخبار اليوم"]
    assert {s["url"] for s in port["sources"]} == {site.url_for("/a/port"), site.url_for("/b/port-story")}
    assert [f["id"] for f in data["failed"]] == ["b-3"]  # the javascript: link was never fetched
    page = digest.to_html()
    _check_self_contained(page)
    assert 'href="javascript' not in page
    if translator is None:
        assert data["english"] is False and page.count(_escaped(NO_ENGLISH)) == 1 and '<html lang="ar" dir="rtl">' in page
        assert "EN[" not in page
    else:
        assert data["english"] is True and _escaped(NO_ENGLISH) not in page
        article = page[page.index("<article>"):page.index("</article>")]
        assert article.index('class="en"') < article.index('class="ar"')  # English first, Arabic beside
        assert port["headline_en"].startswith("EN[")
    md = digest.to_markdown()
    loaded = json.loads(digest.to_json())
    for section in data["sections"]:
        assert f"## {section['name']}" in md and section["name"] in page
        for entry in section["entries"]:
            for text in (entry["headline_ar"], *(entry["bullets_ar"])):
                assert text in md and text in json.dumps(loaded, ensure_ascii=False)
                assert _escaped(text) in page
            for src in entry["sources"]:
                assert src["url"] in md and src["url"] in page


def test_a_number_mismatch_is_shown_beside_its_line_in_every_format(site, tmp_path):
    """The flag a single brief shows beside its line, in the same words, in the digest too: in the HTML
    inside that line's item of its language's column, in the Markdown under that line, in the JSON as
    the entry's flags (a brief's own); a brief read back from a store's dict says the same."""
    from summarizer.render import escape, flag_html, flag_md, md_text
    feeds = serve_two_outlets(site)
    pipeline = BriefPipeline(Config(http_cache=str(tmp_path / "c"), num_threads=1), translator=OneWrongNumber())
    digest = digest_feeds(list(feeds), pipeline)
    brief = next(m[0].brief for m in digest.entries() if OneWrongNumber.WRONG in (m[0].brief.bullets_en or []))
    [flag] = brief.flags
    assert flag.lang == "en" and "4,000" in flag.message and flag.line.startswith("bullet ")
    line = brief.bullets_en[int(flag.line.split()[1]) - 1]
    page, md, data = digest.to_html(), digest.to_markdown(), digest.to_dict()
    # HTML: in the English column, inside the item of its line, as the single brief's page words it.
    assert flag_html(flag) in brief.to_html()
    english = page[page.index('<div class="en"'):]
    assert f"<li>{escape(line)}{flag_html(flag)}</li>" in english[:english.index("</div>")]
    assert page.count('class="flag"') == 1
    # Markdown: right under its line, as the single brief's Markdown words it.
    assert flag_md(flag) in brief.to_markdown()
    assert f"- {md_text(line)}\n  - {flag_md(flag)}\n" in md and md.count("⚠") == 1
    # JSON: the entry's flags, as the brief's JSON has them.
    [entry] = [e for s in data["sections"] for e in s["entries"] if e["flags"]]
    assert entry["flags"] == brief.to_dict()["flags"] == [{"line": flag.line, "lang": "en", "message": flag.message}]
    # An Arabic line's flag sits in the Arabic column; a store's dict of the brief renders the same.
    from summarizer.faithfulness import Flag
    arabic = Flag("headline", "ar", "number(s) 7 not in its source sentences")
    stored = dict(brief.to_dict(), flags=[flag.to_dict(), arabic.to_dict()])
    again = Digest([Story("a", stored, text=article_text("port"))]).to_html()
    assert f'<h3>{escape(brief.headline_ar)}</h3>{flag_html(arabic)}' in again[again.index('<div class="ar"'):]
    assert f"<li>{escape(line)}{flag_html(flag)}</li>" in again


def _escaped(text: str) -> str:
    import html
    return html.escape(text, quote=True)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]


def _check_self_contained(page: str) -> None:
    """No request leaves the page: no scripts, images, frames, external styles or fonts."""
    parser = _Tags()
    parser.feed(page)
    assert not {"script", "img", "iframe", "link", "object", "embed", "video", "audio", "source"} & set(parser.tags)
    assert not [a for a in parser.attrs if a[1] in ("src", "srcset", "style", "background")]
    assert "url(" not in page and "@import" not in page and "@font-face" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page  # phones
    assert "@media print" in page and "@media (max-width" in page
    assert re.search(r'<div class="ar" lang="ar" dir="rtl">', page)


def test_digest_command_writes_html_md_and_json(site, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEF_HTTP_CACHE", str(tmp_path / "cache"))
    feeds = serve_two_outlets(site)
    for suffix in ("html", "md", "json"):
        out = tmp_path / f"digest.{suffix}"
        assert digest_main([*feeds, "-o", str(out), "--no-translate"]) == 0
        assert out.stat().st_size > 500
    assert "3 stories from 5 items, 1 not briefed" in capsys.readouterr().err
    data = json.loads((tmp_path / "digest.json").read_text(encoding="utf-8"))
    assert data["note"] is None and data["stories"] == 3  # translation turned off: nothing asks for a model
    assert digest_main([*feeds, "-o", str(tmp_path), "--no-translate", "-q"]) == 2  # no suffix: not a digest name
    assert digest_main([*feeds, "-o", str(tmp_path / "digest.pdf"), "--no-translate", "-q"]) == 2
    from summarizer.commands import main
    assert main(["digest", feeds[0], "-o", str(tmp_path / "via-brief.md"), "--no-translate", "-q"]) == 0
    assert "## رياضة" in (tmp_path / "via-brief.md").read_text(encoding="utf-8")


def test_digest_refuses_an_output_with_the_batch_commands_check(site, tmp_path, monkeypatch, capsys):
    """An existing digest, a folder, a file where a folder must be: exit 4 with the words of the batch
    command's check, naming the one flag `brief digest` has, before any feed is fetched; --overwrite replaces."""
    from summarizer.commands import main
    from summarizer.errors import EXIT_OUTPUT
    monkeypatch.setenv("BRIEF_HTTP_CACHE", str(tmp_path / "cache"))
    feeds = serve_two_outlets(site)
    out = tmp_path / "digest.md"
    out.write_text("an earlier digest", encoding="utf-8")
    site.clear_log()

    assert digest_main([*feeds, "-o", str(out), "--no-translate", "-q"]) == EXIT_OUTPUT
    assert capsys.readouterr().err.splitlines() == [f"error: output {out} already exists: pass --overwrite to "
                                                    "replace it"]
    folder = tmp_path / "a.html"
    folder.mkdir()
    assert digest_main([*feeds, "-o", str(folder), "--no-translate", "-q"]) == EXIT_OUTPUT
    assert capsys.readouterr().err.splitlines() == [f"error: output {folder} is a folder; name a .html file, such "
                                                    f"as {folder / 'digest.html'}"]
    in_a_file = out / "day" / "digest.html"
    assert digest_main([*feeds, "-o", str(in_a_file), "--no-translate", "-q"]) == EXIT_OUTPUT
    assert capsys.readouterr().err.splitlines() == [f"error: cannot write {in_a_file}: {out} is a file, not a "
                                                    "folder; choose another output path"]
    assert site.log == [] and out.read_text(encoding="utf-8") == "an earlier digest"

    # The batch command says the same of its own output, with the flags it has.
    source, earlier = tmp_path / "rows.jsonl", tmp_path / "briefs.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    earlier.write_text("", encoding="utf-8")
    assert main([str(source), "-o", str(earlier)]) == EXIT_OUTPUT
    assert capsys.readouterr().err.splitlines() == [f"error: output {earlier} already exists: pass --resume to "
                                                    "continue it or --overwrite to replace it"]

    assert digest_main([*feeds, "-o", str(out), "--no-translate", "-q", "--overwrite"]) == 0
    assert "## رياضة" in out.read_text(encoding="utf-8")


def test_a_feed_that_cannot_be_read_is_listed_and_the_rest_goes_on(site, tmp_path):
    feeds = serve_two_outlets(site)
    site.expect_request("/dead.xml").respond_with_data("gone", status=404)
    pipeline = BriefPipeline(Config(http_cache=str(tmp_path / "c"), translator_model=""))
    digest = digest_feeds([site.url_for("/dead.xml"), feeds[0]], pipeline)
    data = digest.to_dict()
    assert data["items"] == 3 and "HTTP 404" in data["failed"][0]["error"]


def test_a_digest_of_feeds_that_all_fail_is_an_error_and_writes_nothing(site, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BRIEF_HTTP_CACHE", str(tmp_path / "cache"))
    site.expect_request("/dead.xml").respond_with_data("gone", status=404)
    out = tmp_path / "digest.html"
    assert digest_main([site.url_for("/dead.xml"), "-o", str(out), "--no-translate", "-q"]) == 1
    assert "no story could be read" in capsys.readouterr().err and not out.exists()


def test_grouped_by_source_without_categories_and_newest_first():
    brief = {"headline_ar": "عنوان", "bullets_ar": ["نقطة"], "headline_en": None, "bullets_en": None}
    texts = [article_text("port"), article_text("rain"), article_text("match")]
    stories = [Story("1", dict(brief, headline_ar="أ"), texts[0], source="وكالة", published="2024-05-14T08:00:00Z"),
               Story("2", dict(brief, headline_ar="ب"), texts[1], source="وكالة", published="2024-05-14T10:00:00Z"),
               Story("3", dict(brief, headline_ar="ج"), texts[2], source="صحيفة")]
    data = Digest(stories).to_dict()
    assert [s["name"] for s in data["sections"]] == sorted(["وكالة", "صحيفة"], key=str.casefold)
    agency = next(s for s in data["sections"] if s["name"] == "وكالة")
    assert [e["headline_ar"] for e in agency["entries"]] == ["ب", "أ"]
    empty = Digest([], failed=[{"id": "x", "url": "https://a.example/x", "source": None, "error": "HTTP 404"}])
    assert "Not briefed" in empty.to_html() and "HTTP 404" in empty.to_markdown()
    assert "0 stories from 0 items" in empty.to_markdown()
    with pytest.raises(ValueError, match="html, .md or .json"):
        Digest(stories).render(".txt")


@pytest.mark.skipif(not BBC_DEV.is_file(), reason=f"BBC Arabic dev set not found at {BBC_DEV} (../shared)")
@pytest.mark.slow  # reads and plants the BBC dev set (about 1 s)
def test_threshold_holds_on_the_planted_set():
    """The planted set (eval/dedup.py) from real BBC Arabic articles: republications merge, different
    articles of the same category and day do not. The full run is `python -m eval.dedup`."""
    from eval.dedup import load, report
    result = report(load(Path(BBC_DEV), limit=400))
    assert result["shipped"]["precision"] >= 0.97 and result["shipped"]["recall"] >= 0.97
    for fold in result["folds"]:
        assert fold["precision"] >= 0.95 and fold["recall"] >= 0.95


def test_digest_progress_is_lines_when_stderr_is_not_a_terminal(site, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BRIEF_HTTP_CACHE", str(tmp_path / "cache"))
    feeds = serve_two_outlets(site)
    assert digest_main([*feeds, "-o", str(tmp_path / "d.md"), "--no-translate"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and re.search(r"^\d+/\d+ \(100%\) articles$", err, flags=re.M), err


def test_a_json_feed_of_wrong_types_lists_the_bad_items_and_briefs_the_rest(site, tmp_path):
    """9 of 12 wrong-typed fields once crashed the whole digest; now each bad item is one "Not briefed"
    line with its reason, and the good items are briefed (a one-string `tags` is that category)."""
    for key in ARTICLES:
        site.expect_request(f"/a/{key}").respond_with_data(article_page(key), content_type="text/html")
    good = {"id": "port", "url": site.url_for("/a/port"), "title": ARTICLES["port"][0], "tags": "politics"}
    bad = [{"id": "n1", "url": 5}, {"id": "n2", "url": [site.url_for("/a/rain")]},
           {"id": "n3", "url": {"x": 1}, "title": {"ar": "x"}}, {"id": "n4", "content_html": 7}]
    odd = {"id": "match", "url": site.url_for("/a/match"), "title": {"o": 1}, "content_html": 3, "tags": 9,
           "date_published": 1715678400}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "نشرة", "items": [good, *bad, odd]}
    site.expect_request("/feed.json").respond_with_data(json.dumps(feed), content_type="application/feed+json")
    pipeline = BriefPipeline(Config(http_cache="", translator_model=""), load=False)
    data = digest_feeds([site.url_for("/feed.json")], pipeline).to_dict()
    assert data["items"] == 2 and {s["name"] for s in data["sections"]} == {"politics", "نشرة"}
    assert sorted(f["id"] for f in data["failed"]) == ["n1", "n2", "n3", "n4"]
    assert all("no link and no article text" in f["error"] for f in data["failed"])


def _craft(n: int, per: int = 120, share: int = 50, seed: int = 0) -> list[str]:
    """Stories made so that no shingle is shared by more than `share` of them, yet almost every pair
    shares one: what made the shingle-index merge quadratic."""
    import random
    rng = random.Random(seed)
    word = lambda: "".join(rng.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") for _ in range(6))  # noqa: E731
    pool = [f"{word()} {word()} {word()}" for _ in range(n * per // share)]
    return [" ".join(f"{p} {word()}" for p in rng.sample(pool, per)) for _ in range(n)]


def test_merging_compares_few_pairs_of_stories_that_share_phrases():
    from summarizer.duplicates import candidate_pairs, duplicate_groups
    n = 300
    texts = _craft(n, per=60, share=10)
    sets = [shingles(t) for t in texts]
    sharing = sum(1 for i in range(n) for j in range(i) if not sets[i].isdisjoint(sets[j]))
    assert sharing > 0.5 * n * (n - 1) / 2  # the shingle index would compare these
    assert len(candidate_pairs(sets)) < 0.05 * sharing  # LSH hands on a small fraction
    assert duplicate_groups(texts) == [[i] for i in range(n)]  # and none of them is a duplicate
    assert duplicate_groups([texts[0], texts[0] + " خاتمة", texts[1]]) == [[0, 1], [2]]


def test_a_digest_is_merged_once_whatever_is_rendered(monkeypatch):
    import summarizer.digest as digest_module
    calls = []
    real = digest_module.duplicate_groups
    monkeypatch.setattr(digest_module, "duplicate_groups", lambda *a, **k: calls.append(1) or real(*a, **k))
    brief = {"headline_ar": "عنوان", "bullets_ar": ["نقطة"], "headline_en": None, "bullets_en": None}
    digest = Digest([Story("a", brief, text=article_text("port")), Story("b", brief, text=article_text("rain"))])
    for render in (digest.to_dict, digest.to_json, digest.to_markdown, digest.to_html, digest.to_dict):
        render()
    assert calls == [1]


def test_markdown_digest_escapes_what_feeds_say():
    """Titles, categories, sources and links from feeds are text in any CommonMark renderer (markdown-it-py,
    raw HTML on): no live <script> or <img onerror>, and a link with `>` or `)` in it stays one link."""
    from markdown_it import MarkdownIt
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    brief = {"headline_ar": f"عنوان {hostile}", "bullets_ar": [f"نقطة *x* [l](javascript:alert(3)) {hostile}"],
             "headline_en": f"Title {hostile}", "bullets_en": ["# not a heading"]}
    link = "https://news.example/a>b)(c <d>?q=1&r=2"
    digest = Digest([Story("a", brief, text=article_text("port"), url=link, source=f"Outlet {hostile}",
                           category=f"<b>politics</b> {hostile}", published="2024-05-14T09:30:00+00:00")],
                    failed=[{"id": "x", "url": f"https://x/{hostile}", "error": f"HTTP 404 {hostile}"}])
    page = MarkdownIt().render(digest.to_markdown())
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "javascript:" not in page.split(
        "href=")[-1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs == ["https://news.example/a%3Eb)(c%20%3Cd%3E?q=1&amp;r=2"], hrefs
    assert "<h1>" in page and page.count("<h3>") == 1  # the bullet "# not a heading" stayed a bullet


def test_stories_that_all_share_one_long_phrase_are_not_compared_pairwise():
    """Every story carries one 40-word phrase (Jaccard about 0.2 between any two, below the threshold):
    the LSH bands all put them in one bucket, which is compared with its first story only."""
    from summarizer.duplicates import LSH_BANDS, candidate_pairs, duplicate_groups
    n = 800
    common = " ".join(f"عبارة{k}" for k in range(40))
    texts = [f"{common} " + " ".join(f"كلمة{i}x{k}" for k in range(60)) for i in range(n)]
    sets = [shingles(t) for t in texts]
    assert 0.15 < jaccard(sets[0], sets[1]) < DUPLICATE_THRESHOLD
    pairs = len(candidate_pairs(sets))
    assert pairs < LSH_BANDS * n // 2 and pairs < 0.1 * n * (n - 1) / 2, pairs  # a bucket's worth per band
    assert duplicate_groups(texts) == [[i] for i in range(n)]


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "Thu, 99 Xyz 9999"])
def test_a_date_at_the_calendars_edge_is_no_date(when):
    brief = {"headline_ar": "عنوان", "bullets_ar": ["نقطة"], "headline_en": None, "bullets_en": None}
    digest = Digest([Story("a", brief, text=article_text("port"), published=when),
                     Story("b", brief, text=article_text("rain"), published="2024-05-14T09:30:00Z")])
    for render in (digest.to_html, digest.to_markdown, digest.to_json):
        assert render()
