"""Reading a response body within bounds: the bytes on the wire and the bytes they inflate to are both
capped, and the deadline is checked on every raw chunk.

Both caps are needed: a gzip bomb is small on the wire and huge inflated, while a gzip header with an
endless comment field, or a deflate stream of endless empty blocks, is endless on the wire and
inflates to nothing, so an inflated-bytes cap alone never fires (64 GB were read that way).
"""
from __future__ import annotations

import zlib
from typing import Iterator

import httpx

from .bounds import Bounds, FetchError

STEP = 65536  # inflated bytes per step: httpx would inflate a whole network chunk at once (x1000 for a bomb)


class Inflater:
    """Content-Encoding gzip, x-gzip or deflate, inflated a bounded step at a time. `deflate` is a zlib
    stream by the standard, but old servers (IIS) send raw deflate under that name: told apart by the
    zlib header's check bits, as browsers do."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding != "deflate" else None
        self._head = b""
        self._done = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            cmf, flg = data[0], data[1]
            zlib_header = cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        try:
            while data:
                out = self._z.decompress(data, STEP)
                data = self._z.unconsumed_tail
                if out:
                    yield out
                if self._z.eof:  # one gzip member ends; another may follow (gzip files may hold several)
                    data = self._z.unused_data + data
                    if not data or self.encoding == "deflate" or not data.startswith(b"\x1f\x8b"):
                        self._done = True
                        return
                    self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        except zlib.error as error:
            raise FetchError(f"the compressed body is damaged ({error})") from None

    @property
    def finished(self) -> bool:
        return self._done

    def end(self) -> bytes:
        if self._z is None:  # fewer than two bytes in all
            return zlib.decompress(self._head, -zlib.MAX_WBITS) if self._head else b""
        try:
            return self._z.flush()
        except zlib.error as error:
            raise FetchError(f"the compressed body is damaged ({error})") from None


def inflater(response: httpx.Response) -> Inflater | None:
    """The response's decoder, None for an uncompressed body; FetchError for an encoding not asked for."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"the server sent a content encoding that was not asked for ({encoding[:40]})")
    return Inflater("gzip" if encoding == "x-gzip" else encoding)


def read_body(response: httpx.Response, limit: int, bound: Bounds, *, truncate: bool = False) -> bytes:
    """The body, inflated; FetchError past `limit` bytes (on the wire or inflated), or past the deadline.
    With `truncate` (robots.txt: RFC 9309 reads at least 500 KiB), the first `limit` bytes instead."""
    decode = inflater(response)
    body = bytearray()  # one buffer: a list of one-byte chunks cost fifty times the bytes received
    wire = 0
    for raw in response.iter_raw():
        wire += len(raw)
        bound.check()  # the deadline and a stop, on every raw chunk, whatever it inflates to
        for out in (decode.feed(raw) if decode else (raw,)):
            body += out
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit])
                raise FetchError(f"the page is too large: over {limit:,} bytes"
                                 + (" once decompressed" if decode else ""))
        if wire > limit:
            if truncate:
                return bytes(body[:limit])
            raise FetchError(f"the page is too large: over {limit:,} bytes on the wire"
                             + (f", which inflated to {len(body):,}" if decode else ""))
        if decode and decode.finished:
            break  # the compressed stream ended: trailing bytes are not the page
    if decode:
        body += decode.end()
    return bytes(body[:limit]) if truncate else bytes(body)
