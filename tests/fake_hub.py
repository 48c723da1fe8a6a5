"""A local stand-in for the Hugging Face hub: the few routes huggingface_hub uses to find and fetch a model.

    GET  /api/models/<repo>[/revision/<rev>]   -> {"id", "sha", "siblings": [{"rfilename"}]}
    HEAD /<repo>/resolve/<rev>/<file>          -> X-Repo-Commit, ETag, Content-Length
    GET  /<repo>/resolve/<rev>/<file>          -> the bytes (Range requests honoured)

`truncate` names files whose body is cut off mid-way (the server "goes away" during the download).
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class FakeHub:
    def __init__(self, repos: dict[str, Path]):
        self.repos = {name: {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}
                      for name, folder in repos.items()}
        self.truncate: set[str] = set()
        self.requests: list[tuple[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def sha(self, repo: str) -> str:
        files = self.repos[repo]
        return hashlib.sha1(b"".join(name.encode() + data for name, data in files.items())).hexdigest()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes = b"", headers: dict | None = None, head=False):
                headers = {"Content-Length": len(body), **(headers or {})}
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, str(value))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def _route(self, head: bool):
                hub.requests.append((self.command, self.path))
                api = re.fullmatch(r"/api/models/(.+?)(?:/revision/([^/]+))?", self.path.split("?")[0])
                if api and not head:
                    repo = api.group(1)
                    if repo not in hub.repos:
                        return self._send(404, b'{"error": "Repository not found"}',
                                          {"X-Error-Code": "RepoNotFound", "Content-Type": "application/json"})
                    info = {"id": repo, "modelId": repo, "sha": hub.sha(repo), "private": False,
                            "siblings": [{"rfilename": name} for name in hub.repos[repo]]}
                    return self._send(200, json.dumps(info).encode(), {"Content-Type": "application/json"})
                resolve = re.fullmatch(r"/(.+?)/resolve/([^/]+)/(.+)", self.path.split("?")[0])
                if not resolve or resolve.group(1) not in hub.repos or resolve.group(3) not in hub.repos[resolve.group(1)]:
                    return self._send(404, b"", {"X-Error-Code": "EntryNotFound"}, head)
                repo, _, name = resolve.groups()
                data = hub.repos[repo][name]
                headers = {"X-Repo-Commit": hub.sha(repo), "ETag": f'"{hashlib.sha1(data).hexdigest()}"',
                           "Accept-Ranges": "bytes"}
                start = 0
                match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
                if match and not head:
                    start = int(match.group(1))
                body = data[start:]
                if head:
                    return self._send(200, b"", {**headers, "Content-Length": len(data)}, head=True)
                if name in hub.truncate:  # promise the whole file, send half, hang up
                    self.send_response(206 if start else 200)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if start:
                    headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
                return self._send(206 if start else 200, body, headers)

            def do_GET(self):
                self._route(head=False)

            def do_HEAD(self):
                self._route(head=True)

        return Handler
