"""One wall-clock deadline over everything a fetch does: DNS, connect, TLS, the status line and headers,
every body byte, and every wait for a lock. And a way to stop it (Ctrl+C) within a fraction of a second.

httpx's read timeout restarts with every byte, so a server that sends one header byte a second never
trips it (h11 takes 100 KiB of headers: 28 hours). Here the socket itself is wrapped: each read waits
at most until the fetch's deadline, in short slices, checking between them whether the run was stopped.
The deadline travels with the thread that fetches (`bounded`), since httpx's sync client does its I/O
in the calling thread and pooled connections are shared by the fetches of a run.
"""
from __future__ import annotations

import errno
import math
import os
import selectors
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the plain socket stream that httpcore's own backend makes

from ..errors import InputError

SLICE = 0.2  # seconds: the longest a stopped fetch goes on


class FetchError(InputError):
    """A page or feed that could not be had: the message says which URL and why."""


class OutOfTime(FetchError):
    """The fetch's deadline passed (the URL is added by the fetcher)."""


class Stopped(FetchError):
    """The run was stopped (Ctrl+C, SIGTERM, the app closing) while this fetch went on."""


@dataclass
class Bounds:
    """A fetch's deadline (time.monotonic()) and the event that stops it."""
    deadline: float
    seconds: float  # the limit as the user set it, for messages
    stop: threading.Event | None = None
    reason: str = ""  # what ran out, where it is not this page's own deadline (a request's budget)

    def left(self) -> float:
        self.check()
        return self.deadline - time.monotonic()

    def check(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise Stopped("stopped before it finished")
        if time.monotonic() >= self.deadline:
            raise OutOfTime(self.reason or f"took longer than {self.seconds:g}s (the whole fetch: headers, body "
                                           "and waits)")

    def acquire(self, lock) -> None:
        """Take a lock or semaphore, waiting no longer than the deadline (in slices, so a stop is seen)."""
        while not lock.acquire(timeout=min(SLICE, max(0.0, self.left()))):
            pass

    def pause(self, seconds: float, sleep: Callable[[float], None] | None = None) -> None:
        """Wait `seconds` (a test passes its own `sleep`, which records the wait instead)."""
        if sleep is not None:
            sleep(seconds)
        else:
            end = time.monotonic() + seconds
            while (rest := end - time.monotonic()) > 0:
                self.check()
                (self.stop.wait if self.stop else time.sleep)(min(rest, SLICE))
        self.check()


_local = threading.local()


@contextmanager
def bounded(bounds: Bounds) -> Iterator[Bounds]:
    """Every socket operation of this thread, inside the block, is held to `bounds`."""
    previous = getattr(_local, "bounds", None)
    _local.bounds = bounds
    try:
        yield bounds
    finally:
        _local.bounds = previous


def current() -> Bounds | None:
    return getattr(_local, "bounds", None)


def _budget(timeout: float | None) -> float:
    """Seconds this operation may take: its own timeout, cut to the deadline; raises when none is left."""
    bounds = current()
    left = bounds.left() if bounds else math.inf
    if left <= 0:
        bounds.check()
    return min(left, math.inf if timeout is None else timeout)


class _Stream(httpcore.NetworkStream):
    """A socket stream whose reads and writes never outlive the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        silence = time.monotonic() + (math.inf if timeout is None else timeout)
        while True:
            budget = min(_budget(None), silence - time.monotonic())
            if budget <= 0:
                raise httpcore.ReadTimeout("no data for the read timeout")
            try:
                return self._inner.read(max_bytes, min(budget, SLICE))
            except httpcore.ReadTimeout:
                continue  # one slice of silence: check the deadline and the stop, then wait again

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _budget(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> "_Stream":
        sock = self._inner.get_extra_info("socket")
        if not isinstance(sock, socket.socket) or isinstance(sock, ssl.SSLSocket):  # TLS in TLS (a proxy)
            return _Stream(self._inner.start_tls(ssl_context, server_hostname, _budget(timeout)))
        try:
            return _Stream(SyncStream(_handshake(sock, ssl_context, server_hostname, _budget(timeout))))
        except (ssl.SSLError, OSError) as error:
            sock.close()
            raise httpcore.ConnectError(f"TLS handshake failed: {error}") from None

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


def _handshake(sock: socket.socket, context: ssl.SSLContext, hostname: str | None, timeout: float) -> ssl.SSLSocket:
    """The TLS handshake without blocking, so a server that never answers it is left at the deadline,
    and a stopped run leaves it within a slice (a blocking handshake waits the whole connect timeout)."""
    end = time.monotonic() + timeout
    sock.setblocking(False)
    tls = context.wrap_socket(sock, server_hostname=hostname, do_handshake_on_connect=False)
    with selectors.DefaultSelector() as waiting:
        waiting.register(tls, selectors.EVENT_READ)
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                waiting.modify(tls, selectors.EVENT_READ)
            except ssl.SSLWantWriteError:
                waiting.modify(tls, selectors.EVENT_WRITE)
            budget = min(_budget(None), end - time.monotonic())
            if budget <= 0:
                raise httpcore.ConnectTimeout("the TLS handshake did not finish within the connect timeout")
            waiting.select(min(budget, SLICE))
    tls.setblocking(True)
    return tls


def resolve_within(resolver: Callable[[str, int], list[str]], host: str, port: int) -> list[str]:
    """resolver(host, port), waited for no longer than the deadline: getaddrinfo has no timeout of its
    own, so it runs in a daemon thread (never joined at exit) while this one waits in slices."""
    if current() is None:
        return resolver(host, port)
    answer: dict = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            answer["addresses"] = resolver(host, port)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            answer["error"] = error
        done.set()
    threading.Thread(target=lookup, name="brief-dns", daemon=True).start()
    while not done.wait(min(SLICE, max(0.0, _budget(None)))):
        pass
    if "error" in answer:
        raise answer["error"]
    return answer["addresses"]


def _connect(address: str, port: int, timeout: float | None, local_address, socket_options) -> socket.socket:
    """A TCP connection made without blocking, so the deadline and a stop are seen while it waits."""
    family, kind, proto, _, sockaddr = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM,
                                                          flags=socket.AI_NUMERICHOST)[0]
    sock = socket.socket(family, kind, proto)
    try:
        for option in socket_options or ():
            sock.setsockopt(*option)
        if local_address:
            sock.bind((local_address, 0))
        sock.setblocking(False)
        end = time.monotonic() + (math.inf if timeout is None else timeout)
        code = sock.connect_ex(sockaddr)
        with selectors.DefaultSelector() as waiting:  # not select(): no limit on descriptor numbers
            waiting.register(sock, selectors.EVENT_WRITE)
            while code in (errno.EINPROGRESS, errno.EALREADY, errno.EWOULDBLOCK):
                budget = min(_budget(None), end - time.monotonic())
                if budget <= 0:
                    raise httpcore.ConnectTimeout(f"no connection to {address} within the connect timeout")
                if waiting.select(min(budget, SLICE)):
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            raise httpcore.ConnectError(f"[Errno {code}] {os.strerror(code)}")
        sock.setblocking(True)
        return sock
    except BaseException:
        sock.close()
        raise


class Backend(httpcore.SyncBackend):
    """Resolves a host (bounded), lets `check` refuse or order its addresses, then connects to one of
    them (bounded): with the private-address guard, only to an address it has just checked, so a DNS
    answer that changes between the check and the connection (DNS rebinding) cannot slip through."""

    def __init__(self, addresses: Callable[[str, int], list[str]]):
        self.addresses = addresses

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last: Exception | None = None
        for address in self.addresses(host, port):
            try:
                return _Stream(SyncStream(
                    _connect(address, port, _budget(timeout), local_address, socket_options)))
            except (httpcore.ConnectError, OSError) as error:
                last = error  # the next address (IPv6 then IPv4, say)
        if isinstance(last, httpcore.ConnectError):
            raise last
        raise httpcore.ConnectError(str(last or f"no address for {host}"))


def transport(addresses: Callable[[str, int], list[str]], ssl_context: ssl.SSLContext | None = None
              ) -> httpx.HTTPTransport:
    """httpx's transport with its usual pool, over the bounded backend (httpx takes no backend itself)."""
    result = httpx.HTTPTransport()
    result._pool = httpcore.ConnectionPool(ssl_context=ssl_context or httpx.create_ssl_context(), max_connections=100,
                                           max_keepalive_connections=20, keepalive_expiry=5.0,
                                           network_backend=Backend(addresses))
    return result
