"""One report's reading of an LRS ends by its time limit (learnmeta/lrs.py ``TIME_LIMIT``, two
hours; ``report --time-limit``), all its pages together. Each answer was held to its deadline
(``ANSWER_DEADLINE``, five minutes), but an LRS dripping each page a byte at a time just within it,
or naming page after page quickly (up to 200,000 of them), or answering "busy, try again in 30 s",
held the report for hours. It now stops at the limit with exit status 1, saying which LRS, what
the limit is, and what to do."""

from __future__ import annotations

import json
import socketserver
import time

import pytest

from learnmeta import lrs
from learnmeta.cli import main
from learnmeta.cli.report import time_limit_of
from learnmeta.lrs import Client
from loopback import Counted, drip, http_answer, keeping, page_asked

USER, PASSWORD = "drip-teacher", "drip-pw-5521"


class Dripping(Counted):
    """An LRS whose every page names the next (``?n=1``, ``?n=2``, ... for ever, before its
    statements, as Ralph does), written ``seconds`` a byte after its headers (0: at once).
    It counts the pages it was asked for and the bytes it wrote, and stops writing when the
    client goes away."""

    def __init__(self, seconds: float, status: int = 200, retry_after: str | None = None) -> None:
        self.asked: list[int] = []
        self.written = 0
        owner = self

        def wrote() -> None:
            owner.written += 1

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                number = page_asked(self.request)
                if number is None:
                    return
                owner.asked.append(number)
                body = json.dumps({"more": f"/xAPI/statements?n={number + 1}",
                                   "statements": [{"id": f"00000000-0000-4000-8000-{number:012d}"}]}).encode()
                answer = http_answer(status, body, {"Retry-After": retry_after} if retry_after is not None else None,
                                     reason=b"X")
                with owner.opened():
                    try:
                        self.request.sendall(answer[: -len(body)] if seconds else answer)
                        if seconds:
                            drip(self.request.sendall, body, seconds, wrote)
                    except OSError:
                        pass  # the client went away

        self._serve(Handler)


lrs_server = keeping(Dripping)


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


def said_time_up(err: str, server: Dripping, limit: str) -> bool:
    return (f"learnmeta report: reading the LRS at {server.origin} took longer than {limit}, the time limit "
            "of one report (" in err and "Give it longer with --time-limit" in err)


def test_an_lrs_dripping_each_page_is_stopped_at_the_time_limit(lrs_server, env, capsys):
    """Each page (some 90 bytes) takes about 9 s to arrive, well within the five minutes an answer
    may take: before, the report read page after page for as long as the LRS went on."""
    server = lrs_server(0.1)
    assert main(["report", "--lrs", server.url, "--time-limit", "2s"]) == 1
    err = capsys.readouterr().err
    assert said_time_up(err, server, "2 seconds"), err
    assert "(0 statement(s) read, 1 page(s) asked for)" in err, err
    assert "Traceback" not in err and PASSWORD not in err and USER not in err
    assert server.asked == [0]
    server.until_closed()
    assert server.open == 0 and server.written < 90  # the page was cut off, not read to its end


def test_the_time_limit_is_two_hours_unless_given(lrs_server, env, capsys, monkeypatch):
    monkeypatch.setattr(lrs, "TIME_LIMIT", 1.0)  # two hours in use
    server = lrs_server(0.1)
    assert main(["report", "--lrs", server.url]) == 1
    err = capsys.readouterr().err
    assert said_time_up(err, server, "1 second"), err
    assert lrs.duration(2 * 60 * 60.0) == "2 hours"


@pytest.mark.parametrize("ahead", [True, False])
def test_an_lrs_naming_page_after_page_quickly_is_stopped_at_the_time_limit(lrs_server, ahead):
    """Pages of one statement each, at once, for ever: before, read up to the 200,000th page."""
    server = lrs_server(0)
    got = []
    with pytest.raises(lrs.TimeUp) as raised:
        for statement in Client(server.url, USER, PASSWORD, wait=0.0).fetch(time_limit=1.5, ahead=ahead):
            got.append(statement)
            time.sleep(0.01)  # the report's own time between statements counts too
    assert raised.value.message.startswith(f"reading the LRS at {server.origin} took longer than 1.5 seconds, "
                                           "the time limit of one report (")
    assert f"({len(got):,} statement(s) read, " in raised.value.message
    assert 0 < len(got) < 1000


def test_an_lrs_asking_to_be_asked_again_later_is_not_waited_for_past_the_time_limit(lrs_server, env, capsys):
    """HTTP 503 with Retry-After: 30 is waited for (up to 30 s a try, four tries); the waits end
    by the time limit too, and say so (not "could not reach", exit status 69, after 90 s)."""
    server = lrs_server(0, status=503, retry_after="30")
    assert main(["report", "--lrs", server.url, "--time-limit", "2s"]) == 1
    err = capsys.readouterr().err
    assert said_time_up(err, server, "2 seconds"), err
    assert server.asked == [0]  # the first wait ended at the limit, and the second try was not made


@pytest.mark.parametrize("text, seconds", [
    ("90", 5400.0), ("45s", 45.0), ("90m", 5400.0), ("3h", 10800.0), (" 2H ", 7200.0), ("1s", 1.0),
    ("168h", 604800.0), (None, None),
])
def test_a_time_limit_reads_as_minutes_or_with_its_unit(text, seconds):
    assert time_limit_of(text) == seconds


@pytest.mark.parametrize("text", ["0", "0s", "2x", "-5", "1.5h", "8d", "169h", "", "h", "١٢", "99999999"])
def test_a_time_limit_that_is_not_one_is_a_usage_error(env, capsys, text):
    assert main(["report", "--lrs", "http://127.0.0.1:9/xAPI/", "--time-limit", text]) == 2
    err = capsys.readouterr().err
    assert "--time-limit" in err and "is not a whole number of minutes" in err and "Traceback" not in err


def test_a_time_limit_without_an_lrs_is_a_usage_error(env, capsys, tmp_path):
    assert main(["report", str(tmp_path / "ann.toml"), "--time-limit", "5"]) == 2
    assert "--time-limit works with --lrs" in capsys.readouterr().err


class Handshake(Counted):
    """An "https" LRS that drips the first record of its TLS handshake (one of 16 KB, as its
    header says) a byte every 50 ms, for at most ``seconds``, then closes."""

    def __init__(self, seconds: float) -> None:
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                with owner.opened():
                    try:
                        self.request.sendall(b"\x16\x03\x03\x40\x00")
                        drip(self.request.sendall, b"\x02" * int(seconds / 0.05), 0.05)
                    except OSError:
                        pass

        self._serve(Handler)
        self.url = self.url.replace("http://", "https://")
        self.origin = self.origin.replace("http://", "https://")


def test_an_https_lrs_dripping_its_handshake_is_held_to_the_time_limit():
    """A TLS handshake is read before the request's watch learns its socket, but Python's ssl
    holds a handshake to the time-out as a whole (30 s, not each read): with the time-out now
    no longer than the time left, it ends by the time limit too."""
    server = Handshake(8)
    try:
        fetched = Client(server.url, USER, PASSWORD, wait=0.0).fetch(time_limit=1.0)
        with pytest.raises(lrs.TimeUp) as raised:
            next(fetched)
        assert raised.value.message == (f"reading the LRS at {server.origin} took longer than 1 second, the "
                                        "time limit of one report (0 statement(s) read, 1 page(s) asked for)")
        server.until_closed()
        assert server.open == 0
    finally:
        server.close()
