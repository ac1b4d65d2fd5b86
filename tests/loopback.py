"""A record store (LRS) a test plays, on loopback: :class:`Loopback` serves a request handler on a
free port of 127.0.0.1 in a thread, until ``close``."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import socketserver
import ssl
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler


class Loopback:
    """A threaded TCP server on a free loopback port, for the test LRSs built on it: ``_serve``
    starts it (``port``; ``url``, its address with ``path``); ``close`` ends it. A test with a
    request handler of its own serves it with ``Loopback(handler, path)``; with ``context``, over
    TLS (an ``https`` url)."""

    def __init__(self, handler: type[socketserver.BaseRequestHandler], path: str = "/xAPI/", *,
                 context: ssl.SSLContext | None = None) -> None:
        self._serve(handler, path, context=context)

    def _serve(self, handler, path: str = "/xAPI/", *, context: ssl.SSLContext | None = None) -> None:
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        if context is not None:  # before it serves: each connection is then TLS from its start
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]
        self.origin = f"{'https' if context is not None else 'http'}://127.0.0.1:{self.port}"
        self.url = self.origin + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def request_line(request: socket.socket, keep: int = 1 << 16) -> bytes | None:
    """Read a request's head from ``request`` up to its blank line, holding no more than its first
    ``keep`` bytes and its last four whatever its length; its first line (cut at ``keep`` bytes),
    or None when the client closed before the head ended."""
    start = b""
    tail = b""
    while b"\r\n\r\n" not in tail:
        got = request.recv(1 << 16)
        if not got:
            return None
        if len(start) < keep:
            start = (start + got)[:keep]
        tail = (tail + got)[-4:]
    return start.split(b"\r\n", 1)[0]


def http_answer(status: int, body: bytes, headers: dict[str, str] | None = None, *, reason: bytes = b"OK") -> bytes:
    """An HTTP/1.1 answer of ``status`` holding ``body``, closing the connection after it."""
    head = b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\nConnection: close\r\n" % (status, reason, len(body))
    for key, value in (headers or {}).items():
        head += f"{key}: {value}\r\n".encode()
    return head + b"\r\n" + body


def page_asked(request: socket.socket, key: str = "n", keep: int = 1 << 16) -> int | None:
    """The number of the page a request asks for (its query's ``key=N``, 0 without one), from its
    head (see :func:`request_line`); None when the client closed before the head ended."""
    line = request_line(request, keep)
    if line is None:
        return None
    text = line.decode()
    mark = f"{key}="
    if mark not in text:
        return 0
    return int(text.split(mark, 1)[1].split(" ", 1)[0].split("&", 1)[0])


def drip(write, data: bytes, seconds: float, wrote=None) -> None:
    """Write ``data`` a byte at a time, ``seconds`` before each (``wrote()`` after each); OSError
    (the client went away) is the caller's. (It waits on an event, not ``time.sleep``, which
    a test may patch out for the client.)"""
    for byte in data:
        threading.Event().wait(seconds)
        write(bytes([byte]))
        if wrote is not None:
            wrote()


class Counted(Loopback):
    """A :class:`Loopback` counting its connections open (``open``, under a lock): a handler holds
    ``with owner.opened():`` while it answers. :meth:`until_closed` waits (a little) for it to
    notice the client went away."""

    def _serve(self, *args, **kwargs) -> None:
        self.open = 0
        self._lock = threading.Lock()
        super()._serve(*args, **kwargs)

    @contextlib.contextmanager
    def opened(self):
        with self._lock:
            self.open += 1
        try:
            yield
        finally:
            with self._lock:
                self.open -= 1

    def until_closed(self, seconds: float = 5) -> None:
        end = time.monotonic() + seconds
        while self.open and time.monotonic() < end:
            time.sleep(0.05)


def keeping(kind, name: str = "lrs_server"):
    """A pytest fixture (named ``name``) giving a maker of servers of ``kind`` (``make(*args,
    **kwargs)``); it keeps what it made and closes each after the test. In a test module:
    ``lrs_server = keeping(Storing)``."""
    import pytest

    @pytest.fixture(name=name)
    def fixture():
        made: list = []

        def make(*args, **kwargs):
            made.append(kind(*args, **kwargs))
            return made[-1]

        yield make
        for server in made:
            server.close()

    return fixture


class Storing(Counted):
    """An LRS that stores the statements it is POSTed and answers the n-th POST (from 1) as
    ``answer(n)`` says: "now" (200 with the ids it did not have, or 204), "drip" (the same after
    storing them, a byte every 0.1 s after its headers, until the client goes away), "busy" (503
    with Retry-After: 30, storing nothing, its page echoing the request's user name and
    Authorization header), "down" (500, storing nothing, asking for no wait), "invalid" (400) or
    "unauthorized" (401), storing nothing, "reset" (storing them, then resetting the connection without an answer).
    ``posts``: the ids of each POST; ``stored``: every id stored."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.stored: set[str] = set()
        self.posts: list[list[str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                ids = [s["id"] for s in json.loads(self.rfile.read(int(self.headers["Content-Length"])))]
                with owner._lock:
                    owner.posts.append(ids)
                    how = owner.answer(len(owner.posts))
                with owner.opened():
                    try:
                        self._answer(how, ids)
                    except OSError:
                        pass  # the client went away

            def finish(self):
                super().finish()
                if getattr(self, "reset", False):  # closed now (its files are): with SO_LINGER 0, a reset
                    self.request.close()

            def _answer(self, how: str, ids: list[str]) -> None:
                if how in ("busy", "down", "invalid", "unauthorized"):
                    token = self.headers["Authorization"]
                    user = base64.b64decode(token.split(" ", 1)[1]).decode().split(":", 1)[0]
                    data = f"busy; you are {user}, {token}".encode() if how == "busy" else b'{"detail": "not now"}'
                    self.send_response({"busy": 503, "down": 500, "invalid": 400, "unauthorized": 401}[how])
                    self.send_header("Retry-After", "30" if how == "busy" else "0")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                new = [i for i in ids if i not in owner.stored]
                owner.stored.update(ids)
                if how == "reset":  # the batch stored, the answer lost: a reset (see finish), not a close
                    self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.reset = self.close_connection = True
                    return
                data = json.dumps(new).encode()
                self.send_response(200 if new else 204)
                self.send_header("Content-Length", str(len(data) if new else 0))
                self.end_headers()
                if how == "drip":
                    self.wfile.flush()
                    drip(self.wfile.write, data if new else b"", 0.1)
                else:
                    self.wfile.write(data if new else b"")

        self._serve(Handler)
