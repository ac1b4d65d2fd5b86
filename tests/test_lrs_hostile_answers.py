"""An LRS that answers with something hostile (deeply nested JSON, an error whose fields have
other types, a Retry-After that looks like a number but is not one): `learnmeta export --lrs`
and `learnmeta report --lrs` say what went wrong with their documented exit status; no
traceback, and the password is in no message."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from class_helpers import make_learner
from learnmeta.cli import main
from loopback import Loopback

PASSWORD = "hostile-lrs-secret-42"


class Hostile(Loopback):
    """An LRS on loopback that gives every request the same answer."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        owner = self
        self.requests = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                owner.requests += 1
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self._serve(Handler, "/xAPI")


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", "https://course.example.edu/learnmeta")
    monkeypatch.setenv("LEARNMETA_LRS_USER", "teacher")
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.delenv("LEARNMETA_ANONYMOUS_KEY", raising=False)
    # No real waiting between tries.
    monkeypatch.setattr("learnmeta.lrs.time.sleep", lambda seconds: None)


DEEP = b"[" * 100_000
ANSWERS = {
    "a 200 whose list of ids is nested 100,000 deep": (200, DEEP, {}),
    "an error whose 'loc' is a number": (400, json.dumps({"detail": [{"loc": 5, "msg": "bad"}]}).encode(), {}),
    "an error whose 'loc' is null": (422, json.dumps({"detail": [{"loc": None, "msg": "bad"}]}).encode(), {}),
    "a busy answer whose Retry-After is a superscript two": (503, b"busy", {"Retry-After": "\u00b2"}),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
def test_export_to_a_hostile_lrs_ends_with_a_message_not_a_traceback(tmp_path, capsys, answer):
    learner = make_learner(tmp_path / "a.toml", "A", ["how-cancer-spreads"], seed=3)
    status, body, headers = ANSWERS[answer]
    lrs = Hostile(status, body, headers)
    try:
        capsys.readouterr()
        code = main(["export", "--format", "xapi", "--progress", str(learner), "--lrs", lrs.url])
    finally:
        lrs.close()
    out, err = capsys.readouterr()
    assert code in (0, 1, 69), err
    assert "Traceback" not in err and PASSWORD not in out + err
    assert ("Sent " in out) if code == 0 else ("learnmeta export:" in err)


@pytest.mark.parametrize("answer", [a for a in ANSWERS if ANSWERS[a][0] != 200] + ["a page nested 100,000 deep"])
def test_a_report_from_a_hostile_lrs_ends_with_a_message_not_a_traceback(capsys, answer):
    status, body, headers = ANSWERS.get(answer, (200, b'{"statements": ' + DEEP, {}))
    lrs = Hostile(status, body, headers)
    try:
        code = main(["report", "--lrs", lrs.url])
    finally:
        lrs.close()
    out, err = capsys.readouterr()
    assert code in (1, 69), err
    assert "learnmeta report:" in err and "Traceback" not in err and PASSWORD not in out + err


class Trickle(Loopback):
    """An LRS on loopback that answers 200 with a long body, one byte every 0.2 s (each byte
    well within the time-out for one read), for up to 12 s."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                try:
                    for _ in range(60):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        threading.Event().wait(0.2)  # (time.sleep is patched out below)
                except OSError:
                    pass

            do_GET = do_POST = _answer

        self._serve(Handler, "/xAPI")


def test_a_report_from_an_lrs_that_trickles_its_answer_gives_up_instead_of_hanging(capsys, monkeypatch):
    monkeypatch.setattr("learnmeta.lrs.ANSWER_DEADLINE", 1.0)  # 5 minutes in use; 1 s here
    lrs = Trickle()
    began = time.monotonic()
    try:
        code = main(["report", "--lrs", lrs.url])
    finally:
        lrs.close()
    took = time.monotonic() - began
    err = capsys.readouterr().err
    assert code == 69, err
    assert "took longer than" in err and PASSWORD not in err
    assert took < 10  # one try of about a second: one that ran out of time is not tried again (not 12 s, nor forever)
