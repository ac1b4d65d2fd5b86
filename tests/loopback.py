"""A record store (LRS) a test plays, on loopback: :class:`Loopback` serves a request handler on a
free port of 127.0.0.1 in a thread, until ``close``."""

from __future__ import annotations

import socket
import socketserver
import ssl
import threading


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
        self.url = f"{'https' if context is not None else 'http'}://127.0.0.1:{self.port}{path}"

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
