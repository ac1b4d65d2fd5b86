"""A record store (LRS) a test plays, on loopback: :class:`Loopback` serves a request handler on a
free port of 127.0.0.1 in a thread, until ``close``."""

from __future__ import annotations

import socketserver
import threading


class Loopback:
    """A threaded TCP server on a free loopback port, for the test LRSs built on it: ``_serve``
    starts it (``port``; ``url``, its address with ``path``); ``close`` ends it."""

    def _serve(self, handler, path: str = "/xAPI/") -> None:
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
