"""The tests' Ralph is the Ralph they started: a port taken by another loopback server while
Ralph starts (the suite's workers run in parallel) is noticed, and Ralph starts on another.

Seen in the whole suite: the first send of test_lrs found all 18 statements "already" in the
LRS, because another test's server that answers every path with 200 had taken the port."""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler

import pytest

from loopback import Loopback
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

    squatter = Loopback(Anything)
    taken = squatter.port
    try:
        ralph, process = start_ralph(tmp_path / "ralph", port=taken)
        try:
            assert f":{taken}/" not in ralph.url
            assert ralph.statements() == []  # our Ralph, with our password
        finally:
            stop_ralph(process)
    finally:
        squatter.close()


def test_each_ralph_keeps_its_history_in_its_own_folder(tmp_path):
    """Ralph's file-system backend adds an entry to a history file for every read and write,
    rewriting the whole file; shared by every Ralph of the suite's parallel workers, a read while
    another rewrote it made Ralph answer HTTP 500 (seen: a test's send failing with exit 69)."""
    from learnmeta.lrs import Client

    ralph, process = start_ralph(tmp_path / "ralph")
    try:
        client = Client(ralph.url, ralph.user, ralph.password)
        client.send([{
            "id": "3f0d4c8e-4b1e-4a53-9d7c-0d3c2c1b5a11",
            "actor": {"objectType": "Agent", "account": {"homePage": "https://example.org", "name": "a"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"objectType": "Activity", "id": "https://example.org/page"},
            "timestamp": "2026-12-05T08:00:00+00:00",
        }])
        assert len(ralph.statements()) == 1
    finally:
        stop_ralph(process)
    history = tmp_path / "ralph" / "app" / "history.json"
    assert history.is_file() and '"action": "read"' in history.read_text(encoding="utf-8")
