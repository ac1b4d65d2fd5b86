"""A hostile or broken LRS on loopback against ``learnmeta report --lrs`` (learnmeta/lrs.py): an
answer that is not HTTP or breaks off, an error page that echoes the credentials, pages named by
huge addresses, a page asked for ahead and then not used. Each must end in the documented message
and exit status, never a crash report, never the credentials, never memory growing page by page."""

from __future__ import annotations

import base64
import gc
import json
import socketserver
import threading
import tracemalloc

import pytest

from learnmeta.cli import main
from learnmeta.lrs import Client, Refused, Rejected, Unreachable
from loopback import Loopback, http_answer, keeping, page_asked, request_line

USER, PASSWORD = "teacher", "hostile-pw-97"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def statement(n: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}


class Raw(Loopback):
    """An LRS that writes raw bytes: page 0 (any address without ``page=1``) is a good page that
    names ``?page=1`` before its statements, and ``?page=1`` is answered by ``second(socket)``."""

    def __init__(self, second) -> None:
        self.asked: list[bytes] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                line = request_line(self.request, keep=100)
                if line is None:
                    return
                owner.asked.append(line)
                if b"page=1" in line:
                    second(self.request)
                    return
                body = json.dumps({"more": "/xAPI/statements?page=1",
                                   "statements": [statement(1), statement(2)]}).encode()
                self.request.sendall(http_answer(200, body))

        self._serve(Handler)


raw = keeping(Raw, "raw")


@pytest.fixture
def credentials(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


def fetched(server, *, ahead: bool):
    got: list[str] = []
    try:
        for item in Client(server.url, USER, PASSWORD, wait=0.0, tries=2).fetch(ahead=ahead):
            got.append(item["id"])
    except Exception as error:  # noqa: BLE001 - compared below
        return got, (type(error), getattr(error, "message", str(error)))
    return got, None


NOT_HTTP = {
    "a status line that is not HTTP's": b"HTTP/1.1 abc OK\r\n\r\n",
    "no status line at all (HTTP/0.9)": b'{"more": "", "statements": []}',
    "a status out of range": b"HTTP/1.1 1000 Big\r\nContent-Length: 0\r\n\r\n",
    "a chunk size that is not a number": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc",
    "a chunk cut short": b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n{"statements": []}',
    "a header line of 70,000 bytes": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
    "150 headers": b"HTTP/1.1 200 OK\r\n" + b"X-Many: a\r\n" * 150 + b"\r\n",
}


@pytest.mark.parametrize("answer", list(NOT_HTTP.values()), ids=list(NOT_HTTP))
def test_an_answer_that_is_not_http_or_breaks_off_is_unreachable_not_a_crash(raw, answer):
    """Before, http.client's own errors (BadStatusLine, IncompleteRead, LineTooLong, 'got more
    than 100 headers'), which are no OSError, came out of the report as a crash (exit status 70)."""
    server = raw(lambda sock: sock.sendall(answer))
    ahead = fetched(server, ahead=True)
    assert ahead == fetched(server, ahead=False)
    got, error = ahead
    assert len(got) == 2 and error is not None and error[0] is Unreachable
    assert error[1].endswith("after 2 tries: its answer broke off or was not HTTP")


def test_the_report_says_an_lrs_that_does_not_speak_http_is_unreachable(raw, credentials, capsys):
    server = raw(lambda sock: sock.sendall(NOT_HTTP["a chunk cut short"]))
    assert main(["report", "--lrs", server.url]) == 69
    err = capsys.readouterr().err
    assert "could not reach the LRS" in err and "its answer broke off or was not HTTP" in err
    assert "crash" not in err and "Traceback" not in err


def echo(status: int, words: str):
    body = json.dumps({"detail": words}).encode()
    return lambda sock: sock.sendall(http_answer(status, body, reason=b"No"))


@pytest.mark.parametrize("status, exit_status", [(401, 77), (403, 77), (400, 1), (500, 69)])
def test_an_error_page_that_echoes_the_credentials_does_not_show_them(raw, credentials, capsys, status,
                                                                      exit_status):
    """A server (or a proxy before it) that echoes the request in its error page: the LRS's words
    are shown, the password and the Basic token are not."""
    words = f"you sent Authorization: Basic {TOKEN} (user {USER}, password {PASSWORD}); token {TOKEN[:-1]}"
    server = raw(echo(status, words))
    assert main(["report", "--lrs", server.url]) == exit_status
    err = capsys.readouterr().err
    assert "you sent Authorization: Basic (hidden)" in err
    assert PASSWORD not in err and TOKEN.rstrip("=") not in err and "Traceback" not in err
    got, error = fetched(server, ahead=True)
    assert error is not None and error[0] in (Refused, Rejected, Unreachable) and PASSWORD not in error[1]


@pytest.mark.parametrize("status, exit_status", [(401, 77), (403, 77), (400, 1), (500, 69)])
def test_an_error_page_that_names_the_user_does_not_show_the_user_name(raw, monkeypatch, tmp_path, capsys,
                                                                      status, exit_status):
    """The user name, like the password, is the LRS's to know: an error page that echoes it (as
    JSON, and with its spaces as the message joins them) shows "(hidden)". Before, the user name
    was shown. Only where it stands whole: the message's own words are not cut up."""
    user = "lead-teacher.x7@school.example"
    monkeypatch.setenv("LEARNMETA_LRS_USER", user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    server = raw(echo(status, f"no statements for {user}; user={user}, \"{user}\" ({user.upper()} too)"))
    assert main(["report", "--lrs", server.url]) == exit_status
    err = capsys.readouterr().err
    assert user not in err and user.upper() not in err and "Traceback" not in err
    assert "no statements for (hidden); user=(hidden), \"(hidden)\"" in err
    got, error = Client(server.url, user, PASSWORD, wait=0.0, tries=1), None
    try:
        list(got.fetch())
    except (Refused, Rejected, Unreachable) as raised:
        error = raised.message
    assert error is not None and user not in error and "(hidden)" in error


def test_a_short_user_name_is_hidden_where_it_stands_alone_only(raw, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("LEARNMETA_LRS_USER", "ann")
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    server = raw(echo(400, "ann may not read annotations (user ann)"))
    assert main(["report", "--lrs", server.url]) == 1
    assert "(hidden) may not read annotations (user (hidden))" in capsys.readouterr().err


class Pages(Loopback):
    """An LRS serving ``count`` pages made beforehand whose ``more`` addresses are as long as asked
    (written on a socket: http.server refuses a request line over 64 KiB); ``extra_more`` adds a
    second ``more`` at the start (another page of the LRS's own, asked for ahead, then not used)."""

    def __init__(self, count: int, *, more_bytes: int = 0, statement_bytes: int = 0,
                 extra_more: bool = False) -> None:
        padding = "p" * more_bytes
        pad = "s" * statement_bytes
        bodies = {}
        for number in range(count):
            following = f"/xAPI/statements?page={number + 1}&pad={padding}" if number + 1 < count else ""
            listed = json.dumps([dict(statement(number), pad=pad)])
            if extra_more and following:
                unused = f"/xAPI/statements?page={number + 1}&unused=1"
                body = f'{{"more": "{unused}", "statements": {listed}, "more": "{following}"}}'
            else:
                body = f'{{"more": "{following}", "statements": {listed}}}'
            bodies[number] = http_answer(200, body.encode())

        self.asked: list[int] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                number = page_asked(self.request, "page", keep=100)
                if number is None:
                    return
                owner.asked.append(number)
                self.request.sendall(bodies[number])

        self._serve(Handler)


def test_a_more_address_of_a_megabyte_is_refused_and_never_asked_for():
    """The standard library keeps its last 128 parsed addresses: an LRS naming each page by an
    address of megabytes grew the report's memory by megabytes a page."""
    server = Pages(3, more_bytes=1 << 20)
    try:
        for ahead in (True, False):
            got = []
            with pytest.raises(Rejected) as raised:
                for item in Client(server.url, USER, PASSWORD, wait=0.0).fetch(ahead=ahead):
                    got.append(item)
            assert len(got) == 1 and raised.value.message == (
                f"the LRS at {server.url[:-6]} pointed to an address for more statements of "
                f"{len('/xAPI/statements?page=1&pad=') + (1 << 20):,} characters, longer than an LRS gives "
                "(65,536 at most)")
        assert server.asked == [0, 0]
    finally:
        server.close()


def test_pages_named_by_long_addresses_do_not_pile_up_in_memory():
    """Every page's address was kept (to refuse the same page twice): 60 KiB more a page, without
    end. Now a digest of each."""
    server = Pages(300, more_bytes=60_000)
    try:
        client = Client(server.url, USER, PASSWORD, wait=0.0)
        gc.collect()
        tracemalloc.start()
        try:
            held = []
            for number, _ in enumerate(client.fetch()):
                if number in (100, 299):
                    gc.collect()
                    held.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
    finally:
        server.close()
    assert len(server.asked) == 300
    assert held[1] - held[0] < 3 << 20, held  # 199 pages later: not 12 MB more


class _Answer(bytes):
    """A page's bytes as the client's requests hand them over, which say when they are let go."""

    alive: set[str] = set()

    def __del__(self) -> None:
        _Answer.alive.discard(self.name)


def test_a_page_asked_for_ahead_and_not_used_is_dropped_before_the_next_is_read():
    """A page naming one ``more`` at its start and another at its end: the page asked for ahead
    from the first is not used. It was held while the one named at the end was read, three pages
    at once (with the next one's text being joined); now two at most, as without asking ahead:
    when any page is asked for, no earlier page's bytes are held, ahead or not. (Told by the
    bytes themselves, not by tracemalloc's peak, which also counts the page asked for ahead
    arriving while this one is read, as the threads happen to take turns.)"""
    server = Pages(3, extra_more=True)
    try:
        asked = {}
        for ahead in (False, True):
            client = Client(server.url, USER, PASSWORD, wait=0.0)
            request = client._request
            held_when_asked: list[tuple[str, list[str]]] = []

            def counted(method, url, body=None, **options):
                name = url.split("page=", 1)[1].split("&pad", 1)[0] if "page=" in url else "0"
                held_when_asked.append((name, sorted(_Answer.alive)))
                status, data = request(method, url, body, **options)
                data = _Answer(data)
                data.name = name
                _Answer.alive.add(name)
                return status, data

            client._request = counted
            assert sum(1 for _ in client.fetch(ahead=ahead)) == 3
            asked[ahead] = held_when_asked
    finally:
        server.close()
    assert asked[False] == [("0", []), ("1", []), ("2", [])]
    assert asked[True] == [("0", []), ("1&unused=1", []), ("1", []), ("2&unused=1", []), ("2", [])]


def test_a_report_stopped_partway_leaves_no_request_behind():
    """The generator closed while the next page is being asked for: the thread ends with that
    request, and asks for nothing more."""
    server = Pages(5)
    try:
        pages = Client(server.url, USER, PASSWORD, wait=0.0).fetch()
        next(pages)
        pages.close()
        for thread in threading.enumerate():
            if thread.name == "lrs-next-page":
                thread.join(10)
                assert not thread.is_alive()
    finally:
        server.close()


def test_headers_trickled_a_byte_at_a_time_are_held_to_the_deadline(raw):
    """Each read waits at most the time-out, and the body's reads were held to the deadline, but
    not the status line and headers, which http.client reads: an LRS sending them a byte at a time
    held report --lrs for as long as it liked (300 s a page was the promise). The connection is
    now shut down when the deadline passes, and the LRS is unreachable, as for a trickled body."""
    sent: list[int] = []
    answer = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200 + b"\r\nContent-Length: 2\r\n\r\n{}"

    def trickle(sock):
        for number in range(len(answer)):
            try:
                sock.sendall(answer[number : number + 1])
            except OSError:
                break
            sent.append(number)
            threading.Event().wait(0.05)

    server = raw(trickle)
    results = []
    for ahead in (True, False):
        got: list[str] = []
        client = Client(server.url, USER, PASSWORD, wait=0.0, tries=1, timeout=5.0, deadline=0.5)
        with pytest.raises(Unreachable) as raised:
            for item in client.fetch(ahead=ahead):
                got.append(item["id"])
        results.append((got, raised.value.message))
        assert len(sent) < len(answer) - 10  # cut off, not read to its end
        sent.clear()
    assert results[0] == results[1]
    assert len(results[0][0]) == 2 and results[0][1].endswith("after 1 tries: its answer took longer than 0.5 s")


class Counting(Loopback):
    """A second server on loopback that counts what reaches it, and whether credentials came."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str | None]] = []
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                lines = []
                while (line := self.rfile.readline(65537)) not in (b"", b"\r\n", b"\n"):
                    lines.append(line.decode("latin-1"))
                auth = next((line for line in lines if line.lower().startswith("authorization")), None)
                owner.hits.append((lines[0] if lines else "", auth))
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Length: 33\r\n\r\n{"more": "", "statements": [{}]}')

        self._serve(Handler)


TRICKS = ["//127.0.0.1:{other}/xAPI/statements", "//localhost:{other}/x", "http://u@127.0.0.1:{other}/x",
          "HTTP://127.0.0.1:{other}/x", "http://127.0.0.1:{other}/x", "http:\\\\127.0.0.1:{other}/x",
          "\\\\127.0.0.1:{other}/x", "/\\127.0.0.1:{other}/x", "http:/127.0.0.1:{other}/x",
          "http://127.0.0.1%3a{other}/x", "http://[::ffff:127.0.0.1]:{other}/x", "http://127.1:{other}/x",
          "http://2130706433:{other}/x", "http://127.0.0.1:0{other}/x", "http://{lrs}@127.0.0.1:{other}/x",
          "//{lrs}@127.0.0.1:{other}/", "http://127.0.0.1:{other}#@{lrs}/x", "http://127.0.0.1:{other}?@{lrs}/x",
          "http://127.0.0.1:{other}\\@{lrs}/x", "//127.0.0.1:{other}\t/x", "//127.0.0.1:{other}\n/x",
          " //127.0.0.1:{other}/x", "/xAPI/statements?page=1#//127.0.0.1:{other}"]


@pytest.mark.parametrize("more", TRICKS)
def test_no_more_address_reaches_another_server(raw, more):
    """Asked ahead or in turn, whatever the trick (a host without a scheme, a user name, case,
    backslashes, percent-encoding, IPv6, another spelling of 127.0.0.1, a tab or a newline), the
    other server is never asked, and never receives the credentials."""
    other = Counting()
    box: dict[str, bytes] = {}

    def respond(sock):  # the second page names the trick; any page after it is empty
        page, box["page"] = box["page"], b'{"more": "", "statements": []}'
        sock.sendall(http_answer(200, page))

    server = raw(respond)
    try:
        for ahead in (True, False):
            trick = more.format(other=other.port, lrs=server.url.split("/")[2])
            box["page"] = json.dumps({"more": trick, "statements": [statement(1), statement(2)]}).encode()
            pages = Client(server.url, USER, PASSWORD, wait=0.0, tries=1).fetch(ahead=ahead)
            got = []
            try:  # refused (most), or a page of the LRS's own (backslashes and the like: page 0 again)
                for item in pages:
                    got.append(item)
            except Rejected as error:
                assert "pointed to" in error.message or "gave the same page twice" in error.message
            assert len(got) in (4, 6)  # the first page's, and the one naming the trick (and page 0)
        threading.Event().wait(0.2)
        assert other.hits == []
    finally:
        other.close()


def test_a_redirect_of_the_next_page_is_not_followed(raw, credentials, capsys):
    other = Counting()
    try:
        location = b"http://127.0.0.1:%d/xAPI/statements" % other.port
        server = raw(lambda sock: sock.sendall(b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n"
                                               % location))
        assert main(["report", "--lrs", server.url]) == 1
        err = capsys.readouterr().err
        assert "answered HTTP 302" in err and PASSWORD not in err
        threading.Event().wait(0.2)
        assert other.hits == []
    finally:
        other.close()


ODD_STATEMENTS = [
    '1', '"x"', 'null', '[]', '{}', '{"verb": 5}', '{"verb": "answered", "object": []}',
    '{"verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}, "object": "x"}',
    '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": "s", "actor": []}',
    '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": 7}, "result": "r"}',
] + [
    '{"verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}, "actor": {"account": {"name": "a"}}, '
    '"object": {"id": "https://learnmeta.example/packs/p"}, "result": {"score": {"scaled": %s}}, '
    '"context": {"extensions": {"https://learnmeta.example/extensions/mode": "quiz"}}}' % scaled
    for scaled in ("1e308", "Infinity", "-Infinity", "NaN", "1e400", "12")
]


@pytest.mark.parametrize("odd", ODD_STATEMENTS)
@pytest.mark.parametrize("pack", [None, "p"])
def test_statements_of_odd_shapes_are_left_out_not_a_crash(raw, credentials, capsys, odd, pack):
    """Before, a verb or an object that is not a JSON object (``"verb": 5``) and a quiz's score
    of 1e308 or Infinity (JSON as Python reads it) ended report --lrs in a crash report (70)."""
    body = b'{"more": "", "statements": [%s]}' % odd.encode()
    server = raw(lambda sock: None)
    server.server.RequestHandlerClass.handle = lambda self: self.request.sendall(http_answer(200, body))
    assert main(["report", "--lrs", server.url] + (["--pack", pack] if pack else [])) == 1
    err = capsys.readouterr().err
    assert "holds no learnmeta results" in err and "(1 statement(s) read)" in err and "crash" not in err


@pytest.mark.parametrize("where", ["headers", "body"])
def test_an_answer_that_runs_out_of_time_is_not_asked_for_again(raw, where):
    """Each try may take the deadline (300 s for the command line): tried four times, an LRS
    trickling its answer held report --lrs for twenty minutes. It is now unreachable after the
    first try that ran out of time; other failures are still tried again."""
    asked: list[int] = []
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n" if where == "body" else b"HTTP/1.1 200 OK\r\nX: "

    def trickle(sock):
        asked.append(1)
        try:
            sock.sendall(head)
            for _ in range(400):
                sock.sendall(b"x")
                threading.Event().wait(0.05)
        except OSError:
            pass

    server = raw(trickle)
    client = Client(server.url, USER, PASSWORD, wait=0.0, tries=3, timeout=5.0, deadline=0.5)
    with pytest.raises(Unreachable) as raised:
        list(client.fetch())
    assert raised.value.message.endswith("after 1 tries: its answer took longer than 0.5 s")
    assert asked == [1]


def test_a_statement_given_again_on_a_later_page_counts_once(raw):
    """Pages that overlap (an LRS paging by time while statements arrive, or a hostile one naming
    page 0 again by another address) gave the same statement twice, and its answer counted twice
    in the class's figures. A statement id already counted is now left out."""
    from learnmeta.instructor.class_data import read_statements

    def answered(number: int, success: bool) -> dict:
        return {"id": f"00000000-0000-4000-8000-{number:012d}", "actor": {"account": {"name": "learner-1"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                "object": {"id": f"https://learnmeta.example/packs/p/questions/q{number}"},
                "result": {"success": success}, "timestamp": "2026-09-01T10:00:00Z"}

    pages = {b"page=1": {"more": "/xAPI/statements?page=2", "statements": [answered(1, True), answered(2, False)]},
             b"page=2": {"more": "", "statements": [answered(2, False), answered(1, True), answered(3, True)]}}
    server = raw(lambda sock: None)

    def handle(self):
        line = self.request.recv(65536).split(b"\r\n", 1)[0]
        page = next((body for key, body in pages.items() if key in line),
                    {"more": "/xAPI/statements?page=1", "statements": [answered(1, True)]})
        self.request.sendall(http_answer(200, json.dumps(page).encode()))

    server.server.RequestHandlerClass.handle = handle
    for ahead in (True, False):
        data, left_out = read_statements(Client(server.url, USER, PASSWORD, wait=0.0).fetch(ahead=ahead))
        answers = data.learners["learner-1"]["p"].answers
        assert {question: len(given) for question, given in answers.items()} == {"q1": 1, "q2": 1, "q3": 1}
        assert left_out == 3


def test_an_https_lrs_is_read_and_held_to_the_deadline(tmp_path, monkeypatch):
    """The watch on each request (the deadline over headers too) works on https as on http: with
    this Python's own arguments for its HTTPS connections (they changed in 3.12)."""
    import shutil
    import ssl
    import subprocess
    from http.server import BaseHTTPRequestHandler

    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    slow, released, answered = threading.Event(), threading.Event(), threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            last = "page=1" in self.path
            held = last and slow.is_set()
            if held:
                released.wait(30)  # until the client has given up (the test lets it go)
            body = json.dumps({"more": "" if last else "/xAPI/statements?page=1",
                               "statements": [statement(2 if last else 1)]}).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client is gone: said by no traceback in a later test's output
                pass
            finally:
                if held:
                    answered.set()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server = Loopback(Handler, context=context)
    url = server.url
    try:
        got = [item["id"] for item in Client(url, USER, PASSWORD, wait=0.0, deadline=30.0).fetch()]
        assert got == [statement(1)["id"], statement(2)["id"]]
        slow.set()
        with pytest.raises(Unreachable) as raised:
            list(Client(url, USER, PASSWORD, wait=0.0, tries=1, deadline=0.5).fetch())
        assert raised.value.message.endswith("after 1 tries: its answer took longer than 0.5 s")
    finally:
        released.set()
        if slow.is_set():
            answered.wait(30)  # its handler has ended: nothing of it reaches a later test's output
        server.close()
