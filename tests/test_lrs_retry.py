"""Sending to an LRS whose first answer is lost: the statements arrived, the answer did not (a
time-out on a busy machine), and the try again finds them "already there". They were stored by
this send, and the summary says so (it said "0 stored now, 18 it already had")."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler

from learnmeta.lrs import Client
from loopback import Loopback


class SlowFirstAnswer(Loopback):
    """An LRS on loopback that stores every statement it is sent, answers the first POST only
    after the client has given up waiting, and answers 204 (nothing new) to a POST of statements
    it holds already, as Ralph does."""

    def __init__(self, delay: float) -> None:
        self.stored: dict[str, dict] = {}
        self.posts = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.posts += 1
                new = [s["id"] for s in body if s["id"] not in owner.stored]
                owner.stored.update({s["id"]: s for s in body})
                if owner.posts == 1:
                    time.sleep(delay)  # the client has stopped waiting by now
                try:
                    if new:
                        data = json.dumps(new).encode()
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                    else:
                        self.send_response(204)
                        self.end_headers()
                except OSError:  # the first answer, after the client gave up: no traceback in a later test
                    pass

        self._serve(Handler, "/xAPI")


def statements(n: int) -> list[dict]:
    return [{"id": f"00000000-0000-4000-8000-{i:012d}", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}
            for i in range(n)]


def test_statements_whose_answer_was_lost_are_counted_as_stored_by_this_send():
    lrs = SlowFirstAnswer(delay=1.5)
    try:
        client = Client(lrs.url, "user", "secret", timeout=0.5, wait=0.01)
        result = client.send(statements(18))
    finally:
        lrs.close()
    assert lrs.posts == 2 and len(lrs.stored) == 18
    assert (result.sent, result.already) == (18, 0)


def test_sending_again_later_still_counts_them_as_already_there():
    lrs = SlowFirstAnswer(delay=0.0)
    try:
        client = Client(lrs.url, "user", "secret", timeout=5, wait=0.01)
        first = client.send(statements(5))
        again = client.send(statements(5))
    finally:
        lrs.close()
    assert (first.sent, first.already) == (5, 0)
    assert (again.sent, again.already) == (0, 5)
