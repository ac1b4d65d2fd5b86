"""The tests' Ralph is the Ralph they started: a port taken by another loopback server while
Ralph starts (the suite's workers run in parallel) is noticed, and Ralph starts on another.

Seen in the whole suite: the first send of test_lrs found all 18 statements "already" in the
LRS, because another test's server that answers every path with 200 had taken the port."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ralph_lrs import start_ralph, stop_ralph

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")


def test_a_port_someone_else_took_is_noticed_and_ralph_starts_elsewhere(tmp_path):
    class Anything(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        do_GET = do_POST = _answer

    squatter = ThreadingHTTPServer(("127.0.0.1", 0), Anything)
    taken = squatter.server_address[1]
    threading.Thread(target=squatter.serve_forever, daemon=True).start()
    try:
        ralph, process = start_ralph(tmp_path / "ralph", port=taken)
        try:
            assert f":{taken}/" not in ralph.url
            assert ralph.statements() == []  # our Ralph, with our password
        finally:
            stop_ralph(process)
    finally:
        squatter.shutdown()
        squatter.server_close()
