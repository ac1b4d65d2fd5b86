"""An attacker's pass on the outbox: a hostile outbox file, a hostile LRS (huge, slow, malformed
answers, redirects to another host). Nothing may hang or crash the app, leak the credentials or
lose an answer (every answer stays in the progress file whatever happens to the outbox)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler

import pytest

from class_helpers import library, pack
from loopback import Loopback

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and links as POSIX has them")

PACK = "how-cancer-spreads"
BASE = "https://course.example.edu/learnmeta"
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
PASSWORD = "s3cret-Passw0rd"


class Server(Loopback):
    """A hostile (or plain) LRS on 127.0.0.1: ``answer(handler)`` decides each request; every
    request is kept (method, path, headers)."""

    def __init__(self, answer) -> None:
        seen = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen.append((self.command, self.path, dict(self.headers), body))
                try:
                    answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = _any

        self._serve(Handler)


def reply(handler, status: int, body: bytes = b"", headers: dict | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def store(tmp_path):
    from learnmeta.progress import ProgressStore

    opened = ProgressStore.open(tmp_path / "ann.toml")
    yield opened
    opened.close()


def outbox(store, url, **options):
    from learnmeta.instructor.outbox import Outbox

    store.update_settings(lrs=url.rstrip("/") + "/statements")
    options.setdefault("first_wait", 5)
    box = Outbox(store, library(), user="course", password=PASSWORD, base=BASE, **options)
    box.start()
    return box


def answer(store, number: int) -> None:
    question = pack(PACK).questions[number]
    store.record_answer(PACK, pack(PACK).pack.version, question.id, lesson=question.lesson,
                        section=question.section, response="an answer", correct=number % 2 == 0,
                        hints_used=0, when=WHEN + dt.timedelta(minutes=number))


def wait_for(condition, what: str, timeout: float = 30.0):
    end = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > end:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.02)
    return value


def timed(action) -> float:
    began = time.monotonic()
    action()
    return time.monotonic() - began


# -- a hostile outbox file ----------------------------------------------------------------------


def test_a_fifo_where_the_outbox_goes_never_hangs_and_the_answer_is_kept(store, tmp_path):
    from learnmeta.instructor.outbox import outbox_path

    os.mkfifo(outbox_path(store.path))
    server = Server(lambda h: reply(h, 200, b"[]"))
    try:
        box = outbox(store, server.url)
        assert timed(lambda: answer(store, 0)) < 5  # the key press goes on
        status = box.status()
        assert status.state == "broken"
        assert status.words.startswith("learnmeta cannot use its outbox file (this is not a regular file")
        assert "Your answers are kept in your progress file" in status.words
        box.stop()
    finally:
        server.close()
    assert len(store.answers()) == 1  # the answer itself is safe
    assert server.requests == []


def test_a_link_where_the_outbox_goes_is_never_written_through(store, tmp_path):
    from learnmeta.instructor.outbox import outbox_path

    target = tmp_path / "someone-elses-file.txt"
    target.write_text("precious\n")
    outbox_path(store.path).symlink_to(target)
    box = outbox(store, "http://192.0.2.1:9/xAPI/")
    answer(store, 0)
    assert box.status().state == "broken"
    box.stop(0.1)
    assert target.read_text() == "precious\n"


def test_damaged_lines_in_the_outbox_are_left_out_and_the_good_ones_sent(store, tmp_path):
    from learnmeta.instructor.outbox import outbox_path, sent_path

    from learnmeta.instructor.results import actor

    mine = actor(account_name=store.progress.learner.id, home="https://course.example.edu")
    answered = {"id": "http://adlnet.gov/expapi/verbs/answered"}
    good = {"n": 7, "kind": "answer", "statements": [{"id": "5d0f0a8e-0000-4000-8000-000000000001",
                                                      "actor": mine, "verb": answered}]}
    forged = {"n": 9, "kind": "answer", "statements": [{"id": "5d0f0a8e-0000-4000-8000-000000000002",
                                                        "actor": actor(account_name="someone-else"),
                                                        "verb": answered}]}
    odd_verb = {"n": 10, "kind": "answer", "statements": [{"id": "5d0f0a8e-0000-4000-8000-000000000003",
                                                          "actor": mine, "verb": "answered"}]}
    lines = [
        json.dumps(forged).encode(),                         # another learner's: never sent as this one
        json.dumps(odd_verb).encode(),
        b"not json at all",
        b"[" * 100_000,                                      # nested past any recursion limit
        b'{"n": true, "statements": [{"id": "x"}]}',          # n is not a number
        b'{"n": 1e400, "statements": [{"id": "x"}]}',
        b'{"n": 3, "statements": "none"}',
        b'{"n": 4, "statements": [{"no id": 1}]}',
        b'{"n": 5, "statements": [' + b'{"id":"a"},' * 10 + b'{"id":"b"}]}',  # more than one step makes
        b'"just a string"',
        b"\xff\xfe not utf-8",
        b"x" * 200_000,                                      # longer than any record
        json.dumps(good).encode(),
        json.dumps(good).encode(),                           # the same number twice: once
        b'{"n": 8, "statements": [{"id": "cut short',       # a crash mid-write: no line end
    ]
    outbox_path(store.path).write_bytes(b"\n".join(lines))
    sent_path(store.path).write_bytes(b"[" * 50_000)  # its acknowledgement is garbage too
    server = Server(lambda h: reply(h, 200, b"[]"))
    try:
        box = outbox(store, server.url)
        assert box.status().waiting == 1
        wait_for(lambda: box.status().state == "idle", "sent")
        box.stop()
    finally:
        server.close()
    bodies = [json.loads(body) for method, _, _, body in server.requests if method == "POST"]
    assert bodies == [good["statements"]]
    assert not outbox_path(store.path).exists()


@pytest.mark.parametrize("planted", ["another learner's record numbered 2**53 - 1", "an acknowledgement of 2**53 - 1"])
def test_a_planted_number_near_the_largest_never_keeps_the_next_answers_from_being_sent(store, tmp_path, planted):
    """The next records were numbered past what is read back (2**53): after a restart they were
    never sent, and the outbox holding them was removed as all sent."""
    from learnmeta.instructor.outbox import outbox_path, sent_path
    from learnmeta.instructor.results import actor
    from learnmeta.progress import ProgressStore

    if planted.startswith("another"):
        forged = {"n": 2**53 - 1, "kind": "answer", "statements": [{
            "id": "5d0f0a8e-0000-4000-8000-000000000002", "actor": actor(account_name="someone-else"),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}]}
        outbox_path(store.path).write_text(json.dumps(forged) + "\n")
    else:
        sent_path(store.path).write_text(json.dumps({"sent": 2**53 - 1}) + "\n")
    box = outbox(store, "http://192.0.2.1:9/xAPI/")  # no record store there: the answers wait
    answer(store, 0)
    answer(store, 1)
    assert box.status().answers_waiting == 2
    box.stop(0.1)
    store.close()
    again = ProgressStore.open(store.path)  # the next start
    box = outbox(again, "http://192.0.2.1:9/xAPI/")
    try:
        assert box.status().answers_waiting == 2
        assert outbox_path(store.path).exists()
    finally:
        box.stop(0.1)
        again.close()


def test_another_learners_records_are_kept_aside_never_sent_nor_removed_with_this_learners(store, tmp_path):
    """An outbox holding another learner's unsent answers (their progress file deleted and begun
    again beside it, or a file put here) was removed, theirs with it, once this learner's were
    sent: now it is kept aside, unchanged, as the answer log of another learner is."""
    from learnmeta.instructor.outbox import outbox_path
    from learnmeta.instructor.results import actor

    theirs = {"n": 1, "kind": "answer", "statements": [{
        "id": "5d0f0a8e-0000-4000-8000-000000000002", "actor": actor(account_name="someone-else"),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}]}
    planted = (json.dumps(theirs) + "\n").encode()
    outbox_path(store.path).write_bytes(planted)
    server = Server(lambda h: reply(h, 200, b"[]"))
    try:
        box = outbox(store, server.url)
        answer(store, 0)
        wait_for(lambda: box.status().state == "idle" and not outbox_path(store.path).exists(), "sent")
        box.stop()
    finally:
        server.close()
    sent = [s for method, _, _, body in server.requests if method == "POST" for s in json.loads(body)]
    assert len(sent) == 1 and sent[0]["actor"]["account"]["name"] == store.progress.learner.id
    kept = list(tmp_path.glob("ann.outbox.other-learner-*.jsonl"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(planted)


def test_an_outbox_too_large_to_read_is_kept_aside_and_a_new_one_begun(store, tmp_path):
    from learnmeta.instructor import outbox as module

    path = module.outbox_path(store.path)
    with path.open("wb") as handle:
        handle.truncate(module.OUTBOX_LIMIT + 1)
    box = outbox(store, "http://192.0.2.1:9/xAPI/")
    answer(store, 0)
    assert box.status().answers_waiting == 1
    kept = list(tmp_path.glob("ann.outbox.too-large-*.jsonl"))
    assert len(kept) == 1 and kept[0].stat().st_size == module.OUTBOX_LIMIT + 1
    box.stop(0.1)


def test_an_outbox_that_fills_up_says_so_and_the_answers_stay_in_the_progress_file(store, monkeypatch):
    from learnmeta.instructor import outbox as module

    monkeypatch.setattr(module, "OUTBOX_LIMIT", 6000)
    told = []
    box = outbox(store, "http://192.0.2.1:9/xAPI/")
    box.listen(told.append)
    for number in range(8):
        answer(store, number)
    status = box.status()
    assert status.state == "full" and 0 < status.answers_waiting < 8
    assert "the outbox is full: newer answers are kept in your progress file only" in status.words
    assert len(told) == 1 and "outbox is full" in told[0]
    assert len(store.answers()) == 8
    box.stop(0.1)


# -- a hostile LRS ------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_never_followed_and_the_password_never_goes_there(store):
    elsewhere = Server(lambda h: reply(h, 200, b"[]"))
    redirecting = Server(lambda h: reply(h, 307, b"", {"Location": elsewhere.url + "statements"}))
    told = []
    try:
        box = outbox(store, redirecting.url)
        box.listen(told.append)
        answer(store, 0)
        wait_for(lambda: told, "the learner told")
        assert box.status().state == "stopped"
        assert "it sent learnmeta to another address (HTTP 307), which learnmeta never follows" in told[0]
        time.sleep(0.3)
        assert len(redirecting.requests) == 1  # not tried again and again
        box.stop()
    finally:
        redirecting.close()
        elsewhere.close()
    assert elsewhere.requests == []
    auth = redirecting.requests[0][2]["Authorization"]
    assert base64.b64decode(auth.split()[1]).decode() == f"course:{PASSWORD}"  # sent only to the LRS itself
    assert PASSWORD not in told[0] and PASSWORD not in box.status().words


def test_a_huge_answer_is_not_read_whole(store):
    big = b"[" + b'"' + b"x" * (8 * 1024 * 1024) + b'"]'
    server = Server(lambda h: reply(h, 200, big))
    told = []
    try:
        box = outbox(store, server.url)
        box.listen(told.append)
        answer(store, 0)
        wait_for(lambda: told, "the learner told")
        assert "more than 1048576 bytes" in told[0]
        assert box.status().answers_waiting == 1  # not taken as sent
        box.stop()
    finally:
        server.close()


def test_an_lrs_that_trickles_its_answer_is_given_up_on_and_tried_later(store):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.05)

    server = Server(trickle)
    try:
        box = outbox(store, server.url, deadline=0.5, timeout=2)
        assert timed(lambda: answer(store, 0)) < 1  # the learner's step never waits for the LRS
        status = wait_for(lambda: (s := box.status()).state == "unreachable" and s, "given up")
        assert "its answer took longer than 0.5 s" in box._words
        assert status.answers_waiting == 1
        assert timed(lambda: box.finish(wait=0.5)) < 3  # leaving is not held up either
    finally:
        server.close()


def test_malformed_and_hostile_error_answers_are_shown_as_plain_words(store):
    body = json.dumps({"detail": "\x1b]0;owned\x07[@click=app.quit]bad[/] \x1b[2J" + "y" * 5000}).encode()
    server = Server(lambda h: reply(h, 404, body))
    told = []
    try:
        box = outbox(store, server.url)
        box.listen(told.append)
        answer(store, 0)
        wait_for(lambda: told, "the learner told")
        box.stop()
    finally:
        server.close()
    assert "\x1b" not in told[0] and "\x07" not in told[0]
    assert len(told[0]) < 1000
    assert "HTTP 404" in told[0]


def test_an_invalid_statement_is_left_out_and_the_rest_still_go(store):
    refused_ids = []

    def lrs(handler):
        statements = json.loads(server.requests[-1][3])
        if any(s["object"]["id"].endswith("/" + pack(PACK).questions[1].id) for s in statements):
            refused_ids.append([s["id"] for s in statements])
            reply(handler, 400, json.dumps({"detail": "statement is not valid"}).encode())
        else:
            reply(handler, 200, json.dumps([s["id"] for s in statements]).encode())

    server = Server(lambda h: lrs(h))
    try:
        box = outbox(store, server.url, batch=50)
        for number in range(3):
            answer(store, number)
        wait_for(lambda: box.status().state == "idle", "all dealt with")
        status = box.status()
        assert "It refused 1 answer as not valid (answered HTTP 400: statement is not valid)" in status.words
        box.stop()
    finally:
        server.close()
    sent = [s for method, _, _, body in server.requests if method == "POST" for s in json.loads(body)]
    assert {s["object"]["id"].rsplit("/", 1)[1] for s in sent} >= {q.id for q in pack(PACK).questions[:3]}


def test_a_bad_address_in_a_progress_file_is_never_shown_or_used(store, tmp_path):
    from learnmeta.instructor.outbox import Outbox

    store.update_settings(lrs="http://lrs.example.edu/\x1b[2J", lrs_declined="http://x.example/\x1b]0;t\x07")
    box = Outbox(store, library(), user="u", password="p", base=BASE)
    box.start()
    assert not box.on and box.address is None
    answer(store, 0)
    assert not (tmp_path / "ann.outbox.jsonl").exists()
    box.stop(0.1)


def test_checking_a_void_against_a_long_answer_log_holds_a_bounded_amount(store):
    """A voiding statement read back from the outbox is sent only when it voids one of this
    learner's answers: the log is gone through for that, each answer's statement ids compared,
    none kept (it held every answer and four statement ids each, for the outbox's life)."""
    import tracemalloc

    from learnmeta.instructor import xapi
    from learnmeta.progress import answerlog
    from learnmeta.progress.model import HistoryEntry

    answer(store, 0)
    learner = store.progress.learner.id
    log = answerlog.log_path(store.path)
    line = answerlog.encode_answer(HistoryEntry(id="a0", when=WHEN, pack=PACK, question="q", correct=False,
                                                response="an answer " * 5))
    with log.open("ab") as out:
        for n in range(40_000):
            out.write(line.replace(b'"id":"a0"', b'"id":"x%d"' % n))
    box = outbox(store, "http://192.0.2.1:9/xAPI/")
    try:
        def void(answer_id: str, overruled: bool = False) -> dict:
            return {"object": {"objectType": "StatementRef", "id": xapi.answered_id(learner, answer_id, overruled)}}

        box._may_void(void("x0"))  # a first reading's imports are not counted
        store.record_answer(PACK, "1", "q", lesson=None, section=None, response="r", correct=True,
                            hints_used=0, when=WHEN)  # the log changed: read again below
        tracemalloc.start()
        try:
            mine = box._may_void(void("x39999", overruled=True))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert mine
        assert not box._may_void(void("someone-elses-answer"))
        assert peak < 5 << 20, peak  # the log: 40,000 answers, 7 MB
    finally:
        box.stop(0.1)
