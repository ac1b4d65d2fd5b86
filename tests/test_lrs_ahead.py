"""The next page of statements is asked for while this one is read (learnmeta/lrs.py ``_Ahead``):
the same statements, the same pages and the same errors at the same places as asking for each
page in turn, one request at a time, never at another address, never for a page that would not
have been asked for (after a page without statements, or the same page again)."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from learnmeta.cli import main
from learnmeta.lrs import Client, Refused, Rejected, Unreachable
from loopback import Loopback, keeping

USER, PASSWORD = "teacher", "pages-pw-42"
VERB = "http://adlnet.gov/expapi/verbs/answered"


def statement(n: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "verb": {"id": VERB}}


class Pages(Loopback):
    """An LRS on loopback serving ``pages`` (lists of statements) as ``?page=N`` with ``more``
    before the statements (as Ralph writes it), or after (``more_first=False``). ``answers``
    maps a page number to what to answer instead: an HTTP status, or ``"slow"`` (an answer
    after ``slow`` seconds), or a body; ``more`` a page number to the ``more`` it names. ``log``
    holds each page asked for, with the time and how many requests were open then (asked for
    and not yet answered)."""

    def __init__(self, pages: list[list[dict]], *, more_first: bool = True,
                 answers: dict[int, object] | None = None, slow: float = 0.0,
                 more: dict[int, str] | None = None) -> None:
        self.log: list[tuple[int, float, int]] = []
        self.open = 0
        lock = threading.Lock()
        owner = self
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                number = int(parse_qs(urlsplit(self.path).query).get("page", ["0"])[0])
                with lock:
                    owner.open += 1
                    owner.log.append((number, time.monotonic(), owner.open))
                self._answer(number)

            def _answer(self, number: int) -> None:
                if self.headers.get("Authorization") != expected:
                    return self._send(401, b'{"detail": "Invalid authentication credentials"}')
                instead = (answers or {}).get(number)
                if isinstance(instead, int):
                    return self._send(instead, b'{"detail": "not now"}', {"Retry-After": "0"})
                if instead == "slow":
                    time.sleep(slow)
                if isinstance(instead, bytes):
                    return self._send(200, instead)
                following = (more or {}).get(number)
                if following is None:
                    following = f"/xAPI/statements?page={number + 1}" if number + 1 < len(pages) else ""
                listed = json.dumps(pages[number] if number < len(pages) else [])
                if more_first:
                    body = '{"more": %s, "statements": %s}' % (json.dumps(following), listed)
                else:
                    body = '{"statements": %s, "more": %s}' % (listed, json.dumps(following))
                self._send(200, body.encode())

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                with lock:  # answered: no longer open once the client can have the answer
                    owner.open -= 1
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                try:
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # a slow answer, after the client gave up: no traceback in a later test
                    pass

        self._serve(Handler)

    def asked(self) -> list[int]:
        return [number for number, _, _ in self.log]


serve = keeping(Pages, "serve")


def client(server: Pages, **kwargs) -> Client:
    return Client(server.url, USER, PASSWORD, wait=0.0, **kwargs)


def pages_of(sizes: list[int]) -> list[list[dict]]:
    out, n = [], 0
    for size in sizes:
        out.append([statement(n + i) for i in range(size)])
        n += size
    return out


def read(server: Pages, *, ahead: bool, **kwargs) -> tuple[list[dict], list[int], object]:
    """What fetch gives (until it fails), the page counts, and the error it ended with."""
    got: list[dict] = []
    counts: list[int] = []
    try:
        for item in client(server, **kwargs).fetch(page_done=counts.append, ahead=ahead):
            got.append(item)
    except Exception as error:  # noqa: BLE001 - compared below
        return got, counts, (type(error), getattr(error, "message", str(error)))
    return got, counts, None


@pytest.mark.parametrize("more_first", [True, False])
def test_the_same_statements_and_pages_as_asking_for_each_in_turn(serve, more_first):
    server = serve(pages_of([3, 5, 1, 4]), more_first=more_first)
    ahead = read(server, ahead=True)
    asked_ahead = server.asked()
    server.log.clear()
    in_turn = read(server, ahead=False)
    assert ahead == in_turn
    assert [s["id"] for s in ahead[0]] == [statement(n)["id"] for n in range(13)] and ahead[1] == [3, 5, 1, 4]
    assert asked_ahead == server.asked() == [0, 1, 2, 3]  # each page once, in order
    assert max(open_ for _, _, open_ in server.log) == 1


def test_the_next_page_is_asked_for_while_this_one_is_read_and_only_one_at_a_time(serve):
    server = serve(pages_of([4, 4, 4]))
    pages = client(server).fetch()
    next(pages)  # the first statement of page 0
    deadline = time.monotonic() + 10
    while server.asked() != [0, 1] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.asked() == [0, 1]  # page 1 asked for before page 0 was read to its end
    rest = list(pages)
    assert len(rest) == 11 and server.asked() == [0, 1, 2]
    assert all(open_ == 1 for _, _, open_ in server.log)

    server.log.clear()
    pages = client(server).fetch(ahead=False)
    next(pages)
    time.sleep(0.3)
    assert server.asked() == [0]  # without asking ahead: not before page 0 is read
    pages.close()


def test_more_after_the_statements_is_followed_when_the_page_is_read(serve):
    server = serve(pages_of([4, 4]), more_first=False)
    pages = client(server).fetch()
    for _ in range(3):
        next(pages)
    time.sleep(0.3)
    assert server.asked() == [0]  # it cannot know the next page before reading the page
    assert len(list(pages)) == 5 and server.asked() == [0, 1]


@pytest.mark.parametrize("answer, kind, words", [
    (503, Unreachable, "after 4 tries: it answered HTTP 503"),
    (401, Refused, "refused the user name and password"),
    (400, Rejected, "answered HTTP 400: not now"),
    (b'{"more": "", "statements": [{"id": "x"}, oops]}', Rejected, "not JSON"),
    (b'{"more": "", "other": 1}', Rejected, "without a list of statements"),
])
def test_a_later_page_that_fails_fails_where_and_as_it_did(serve, answer, kind, words):
    server = serve(pages_of([3, 3, 3, 3]), answers={2: answer})
    ahead = read(server, ahead=True)
    in_turn = read(server, ahead=False)
    assert ahead == in_turn
    got, counts, error = ahead
    assert counts == [3, 3] and len(got) in (6, 7)  # pages 0 and 1 (and what page 2 held before it broke)
    assert error[0] is kind and words in error[1], error
    assert 3 not in server.asked()  # nothing after the page that failed


def test_a_page_that_times_out_is_unreachable_as_before(serve):
    server = serve(pages_of([2, 2, 2]), answers={1: "slow"}, slow=1.5)
    ahead = read(server, ahead=True, timeout=0.3, tries=2)
    in_turn = read(server, ahead=False, timeout=0.3, tries=2)
    assert ahead == in_turn
    assert ahead[1] == [2] and ahead[2][0] is Unreachable and "after 2 tries" in ahead[2][1]


def test_more_at_another_address_is_never_asked_for(serve):
    elsewhere = serve(pages_of([2]))
    server = serve(pages_of([2, 2]), more={0: elsewhere.url + "statements?page=0"})
    got, counts, error = read(server, ahead=True)
    assert counts == [2] and error == (Rejected, f"the LRS at {server.url[:-6]} pointed to another address "
                                                 "for more statements")
    time.sleep(0.2)
    assert elsewhere.asked() == []  # the credentials never went there


def test_a_page_without_statements_ends_it_and_the_next_is_not_asked_for(serve):
    server = serve([[], [statement(1)]], more={0: "/xAPI/statements?page=1"})
    assert read(server, ahead=True) == ([], [0], None)
    time.sleep(0.2)
    assert server.asked() == [0]


def test_the_same_page_twice_is_refused_without_asking_for_it_again(serve):
    server = serve(pages_of([2, 2]), more={1: "/xAPI/statements?page=1"})
    got, counts, error = read(server, ahead=True)
    assert counts == [2, 2] and error == (Rejected, f"the LRS at {server.url[:-6]} gave the same page twice")
    assert server.asked() == [0, 1]


def test_a_more_given_twice_follows_the_last_as_before(serve):
    """json.loads keeps the last of a key given twice: the page asked for ahead from the first
    ``more`` is dropped, and the one the page ends with is read."""
    body = (b'{"more": "/xAPI/statements?page=2", "statements": [%s], "more": "/xAPI/statements?page=1"}'
            % json.dumps(statement(0)).encode())
    server = serve(pages_of([1, 2, 3]), answers={0: body})
    ahead = read(server, ahead=True)
    assert ahead == read(server, ahead=False)
    assert [s["id"] for s in ahead[0]] == [statement(n)["id"] for n in (0, 1, 2, 3, 4, 5)]
    assert all(open_ == 1 for _, _, open_ in server.log)


def test_the_report_gives_the_same_exit_status_and_message_when_a_page_fails(serve, capsys, monkeypatch):
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    for answer, status, words in [(401, 77, "refused the user name and password"),
                                  (503, 69, "could not reach the LRS"),
                                  (b'{"more": "", "statements": [1,}', 1, "not JSON")]:
        server = serve(pages_of([2, 2, 2]), answers={1: answer})
        capsys.readouterr()
        assert main(["report", "--lrs", server.url]) == status
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err and PASSWORD not in err


@pytest.mark.parametrize("more", [
    "/xAPI/statements?page=1\x00", "/xAPI/statements?page=1 x", "/x\r\nHost: elsewhere", "\ud800",
    "/xAPI/statements?page=\u00e91", "http://[::1/x", "\x7f",
])
def test_a_more_that_cannot_be_asked_for_is_refused_with_a_message_not_a_traceback(serve, capsys, monkeypatch,
                                                                                     more):
    """Before, urllib's own error (http.client.InvalidURL, UnicodeEncodeError, ValueError) came
    out of the report as a traceback; asked ahead, a broken host even came before the page's
    statements."""
    server = serve(pages_of([2, 2]), more={0: more})
    ahead = read(server, ahead=True)
    assert ahead == read(server, ahead=False)
    assert ahead[1] == [2] and len(ahead[0]) == 2
    assert ahead[2] == (Rejected, f"the LRS at {server.url[:-6]} pointed to an address for more statements "
                                  "that is not a web address")
    assert set(server.asked()) == {0}
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["report", "--lrs", server.url]) == 1
    err = capsys.readouterr().err
    assert "not a web address" in err and "Traceback" not in err


@pytest.mark.parametrize("more", ["//127.0.0.2/xAPI/statements", "http://127.0.0.1:1@elsewhere.example/",
                                  "https://{netloc}/xAPI/statements?page=1"])
def test_more_that_leaves_the_lrs_by_a_trick_is_refused_too(serve, more):
    server = serve(pages_of([2, 2]))
    server_netloc = urlsplit(server.url).netloc
    server.log.clear()
    other = serve(pages_of([2, 2]), more={0: more.format(netloc=server_netloc)})
    got, counts, error = read(other, ahead=True)
    assert counts == [2] and error == (Rejected, f"the LRS at {other.url[:-6]} pointed to another address "
                                                 "for more statements")
    time.sleep(0.2)
    assert server.asked() == [] and other.asked() == [0]
