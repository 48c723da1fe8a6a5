"""A small Arabic news site on 127.0.0.1 for the web tests: article pages and feeds shaped like real
outlets' (header menu, breadcrumb, article, "read also", footer; RSS 2.0 with content:encoded,
Atom, JSON Feed). The articles are invented for these tests. Nothing leaves the machine.
"""
from __future__ import annotations

import json
import socket
import threading
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Callable

import httpx
import pytest
from pytest_httpserver import HTTPServer

from summarizer.config import Config

ARTICLES = {
    "port": ("افتتاح ميناء جديد على البحر الأحمر لتعزيز التجارة الإقليمية", [
        "افتتحت الحكومة صباح اليوم ميناء جديدا على ساحل البحر الأحمر بتكلفة بلغت 450 مليون دولار.",
        "وقال وزير النقل في مؤتمر صحفي إن الميناء سيستقبل السفن التجارية الكبيرة اعتبارا من الشهر المقبل.",
        "وأضاف الوزير أن المشروع وفر نحو ثلاثة آلاف فرصة عمل لأبناء المناطق الساحلية المجاورة.",
        "ويتوقع خبراء الاقتصاد أن يرفع الميناء حجم الصادرات بنسبة 12 في المئة خلال العامين المقبلين.",
        "وشارك في حفل الافتتاح عدد من السفراء وممثلي شركات الشحن الدولية والغرف التجارية.",
        "وأكدت هيئة الموانئ أن المرحلة الثانية من المشروع ستبدأ في مطلع العام المقبل بعد استكمال الدراسات.",
    ]),
    "rain": ("أمطار غزيرة تغلق طرقا رئيسية في عدة مدن شمالية", [
        "أغلقت السلطات المحلية عدة طرق رئيسية في المدن الشمالية بسبب الأمطار الغزيرة التي هطلت منذ الليلة الماضية.",
        "وقالت هيئة الأرصاد الجوية إن كمية الأمطار تجاوزت 80 مليمترا في بعض المناطق خلال ساعات قليلة.",
        "ودعت فرق الدفاع المدني السكان إلى تجنب التنقل إلا للضرورة والابتعاد عن مجاري السيول والأودية.",
        "وأعلنت وزارة التعليم تعليق الدراسة في المدارس الحكومية والخاصة ليوم غد حفاظا على سلامة الطلاب.",
        "وتتوقع الأرصاد أن تستمر الأمطار حتى نهاية الأسبوع مع انخفاض ملحوظ في درجات الحرارة.",
    ]),
    "match": ("المنتخب الوطني يفوز على ضيفه بثلاثة أهداف في التصفيات القارية", [
        "حقق المنتخب الوطني لكرة القدم فوزا كبيرا على ضيفه بثلاثة أهداف مقابل هدف واحد في التصفيات القارية.",
        "وسجل مهاجم الفريق هدفين في الشوط الأول قبل أن يضيف لاعب الوسط الهدف الثالث في الدقيقة 70.",
        "وقال المدرب في المؤتمر الصحفي بعد المباراة إن اللاعبين نفذوا الخطة بدقة وأظهروا روحا عالية.",
        "وبهذا الفوز يرتفع رصيد المنتخب إلى تسع نقاط في صدارة المجموعة قبل جولتين من نهاية التصفيات.",
        "ويلتقي المنتخب في المباراة المقبلة مع منافسه المباشر على بطاقة التأهل في العاصمة الشهر المقبل.",
    ]),
}
PUBLISHED = datetime(2024, 5, 14, 9, 30, tzinfo=timezone.utc)


def article_text(key: str) -> str:
    return "\n".join(ARTICLES[key][1])


class OneWrongNumber:
    """A stand-in translator that gets one number of the port story wrong (4,000 jobs where the Arabic
    says three thousand) and writes every other line without a number: one known flag."""
    name = "one-wrong-number"
    WRONG = "About 4,000 jobs were created."

    def translate(self, lines, **options):
        return [self.WRONG if "ثلاثة آلاف" in line else "An English line." for line in lines]


def article_page(key: str, site: str = "الأخبار اليوم", charset: str | None = "utf-8", extra: str = "") -> str:
    """An outlet's article page: menu, breadcrumb, headline, date, paragraphs, "read also", footer."""
    title, paragraphs = ARTICLES[key]
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}<title>{title} - {site}</title>'
            f'<meta property="article:published_time" content="{PUBLISHED.isoformat()}"></head><body>'
            f'<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li>'
            f'<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>'
            f'<div class="breadcrumb"><a href="/">الرئيسية</a> » <a href="/news">أخبار</a></div>'
            f'<article><h1>{title}</h1><time datetime="{PUBLISHED.isoformat()}">14 مايو 2024</time>{body}'
            f'{extra}</article><aside><h3>اقرأ أيضا</h3><ul><li><a href="/a">خبر آخر</a></li></ul></aside>'
            f'<footer>جميع الحقوق محفوظة © 2024 {site}</footer></body></html>')


def rss(items: list[dict], title: str = "الأخبار اليوم - آخر الأخبار", link: str = "https://news.example/") -> str:
    """RSS 2.0 as outlets write it: guid, link, pubDate, category, description, content:encoded."""
    parts = []
    for item in items:
        fields = [f"<title>{item['title']}</title>" if item.get("title") else ""]
        if item.get("link") is not None:
            fields.append(f"<link>{item['link']}</link>")
        if item.get("guid"):
            fields.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
        fields.append(f"<pubDate>{format_datetime(item.get('date', PUBLISHED))}</pubDate>")
        if item.get("category"):
            fields.append(f"<category>{item['category']}</category>")
        if item.get("description"):
            fields.append(f"<description><![CDATA[{item['description']}]]></description>")
        if item.get("content"):
            fields.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>{link}</link><description>أخبار</description><language>ar</language>"
            + "".join(parts) + "</channel></rss>")


def atom(items: list[dict], title: str = "وكالة الأنباء") -> str:
    entries = "".join(
        f"<entry><id>{i['guid']}</id><title>{i['title']}</title><link href=\"{i['link']}\"/>"
        f"<updated>{PUBLISHED.isoformat()}</updated><summary>{i.get('description', '')}</summary></entry>"
        for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:agency</id><updated>{PUBLISHED.isoformat()}</updated>{entries}</feed>")


def json_feed(items: list[dict], title: str = "نشرة جيسون") -> str:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "items": [
        {"id": i["guid"], "url": i["link"], "title": i["title"], "date_published": PUBLISHED.isoformat(),
         "tags": [i["category"]] if i.get("category") else [], **({"content_html": i["content"]}
                                                                  if i.get("content") else {})}
        for i in items]}, ensure_ascii=False)


class LocalTransport(httpx.HTTPTransport):
    """Sends every request to the local server whatever its host (a public name, an IDN), keeping the
    Host header: how the tests reach 'news.example' without DNS. `hosts` records the hosts asked for."""

    def __init__(self, port: int):
        super().__init__()
        self.port, self.hosts = port, []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.raw_host.decode("ascii"))
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


def public_resolver(answers: dict[str, str] | None = None):
    """A resolver for the private-address guard: a name maps to an address (default a public one)."""
    asked = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return [(answers or {}).get(host, "93.184.216.34")]
    resolve.asked = asked
    return resolve


@pytest.fixture(scope="session")
def site_server():
    """One threaded HTTP server on 127.0.0.1 for the whole run: stopping one takes half a second, which
    a server per test paid some seventy times."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def site(site_server):
    """The local site, empty but for robots.txt (404) at the start of each test, cleared after it."""
    site_server.clear()
    site_server.expect_request("/robots.txt").respond_with_data("", status=404)
    yield site_server
    site_server.clear()


@pytest.fixture
def web_config(tmp_path):
    return Config(http_cache=str(tmp_path / "http-cache"), fetch_timeout=5.0, max_page_bytes=300_000,
                  translator_model="")


class RawServer:
    """A TCP server on 127.0.0.1 that answers each path with a handler writing raw bytes at its own pace:
    the hostile servers (one header byte at a time, endless compressed bodies, a reply that never comes)
    that an HTTP framework will not play. `handler(send, stop)` gets a `send(bytes)` that returns False
    once the client has gone, and an Event set when the test ends; it returns when it is done."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.routes: dict[str, Callable] = {}
        self.requests: list[tuple[str, dict]] = []  # (path, headers) of every request, in order
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.open_now = self.most_open = 0  # requests in, not yet answered: the most at once
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, handler: Callable) -> None:
        self.routes[path] = handler

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    head += chunk
            except OSError:
                return
            lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            with self._lock:
                self.requests.append((path, headers))
                self.open_now += 1
                self.most_open = max(self.most_open, self.open_now)

            answered = []

            def done() -> None:  # a request is open until its answer starts: the client waits for that
                with self._lock:
                    if not answered:
                        answered.append(True)
                        self.open_now -= 1

            def send(data: bytes) -> bool:
                done()
                try:
                    conn.sendall(data)
                    return True
                except OSError:
                    return False
            try:
                self.routes.get(path, _not_found)(send, self.stop)
            finally:
                done()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        for thread in self._threads:
            thread.join(10)


def _not_found(send, stop) -> None:
    send(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


def reply(status: str, headers: dict[str, str], body: bytes = b"") -> Callable:
    """A handler that sends one whole response at once."""
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if "Content-Length" not in headers:
        head += f"Content-Length: {len(body)}\r\n"
    data = (head + "Connection: close\r\n\r\n").encode("latin-1") + body

    def handler(send, stop) -> None:
        send(data)
    return handler


@pytest.fixture
def raw_site():
    """A RawServer for one test (its robots.txt is a 404 unless the test routes one)."""
    server = RawServer()
    yield server
    server.close()


def busy_then(body: str, retry_after: str):
    """A werkzeug handler: 503 with this Retry-After on the first request, then the page (`.calls` counts)."""
    from werkzeug.wrappers import Response

    def handler(request):
        handler.calls += 1
        if handler.calls == 1:
            return Response("busy", status=503, headers={"Retry-After": retry_after})
        return Response(body, content_type="text/html")
    handler.calls = 0
    return handler
