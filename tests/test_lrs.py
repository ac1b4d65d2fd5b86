"""`learnmeta export --format xapi --lrs URL`: sending to a real Learning Record Store (Ralph)."""

from __future__ import annotations

import sys

import pytest

from class_helpers import make_learner
from learnmeta.cli import main
from learnmeta.progress import read_progress
from loopback import Loopback
from ralph_lrs import environment_for, free_port, report_csv, send, start_ralph, stop_ralph, stored_for, use_ralph
from ralph_lrs import ralph  # noqa: F401 - the module's Ralph (a fixture)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")

PACK = "how-cancer-spreads"

@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch, ralph):
    use_ralph(monkeypatch, tmp_path / "home", ralph, f"https://course-{tmp_path.name}.example.edu/learnmeta")


def test_sending_stores_every_statement_and_sending_again_adds_none(tmp_path, ralph, capsys):
    learner = make_learner(tmp_path / "sam.toml", "Sam Lee", [PACK], seed=1)
    out = tmp_path / "sam.jsonl"
    assert main(["export", "--format", "xapi", "--progress", str(learner), "-o", str(out)]) == 0
    expected = {line.split('"id": "', 1)[1][:36] for line in out.read_text(encoding="utf-8").splitlines()}
    capsys.readouterr()
    assert send(learner, ralph.url) == 0
    said = capsys.readouterr()
    assert f"Sent {len(expected)} statement(s)" in said.out and f"{len(expected)} stored now" in said.out
    assert ralph.password not in said.out + said.err
    learner_id = read_progress(learner).learner.id
    stored = stored_for(ralph, learner_id)
    assert {s["id"] for s in stored} == expected
    # again: nothing twice
    assert send(learner, ralph.url) == 0
    assert "0 stored now" in capsys.readouterr().out
    assert len(stored_for(ralph, learner_id)) == len(expected)


def test_a_learner_with_more_answers_later_sends_only_the_new_ones(tmp_path, ralph, capsys):
    learner = make_learner(tmp_path / "ann.toml", "Ann", [PACK], seed=2)
    assert send(learner, ralph.url) == 0
    first = len(stored_for(ralph, read_progress(learner).learner.id))
    make_learner(learner, "Ann", [PACK], seed=5)  # a second quiz in the same file
    capsys.readouterr()
    assert send(learner, ralph.url, "-o", str(tmp_path / "ann.jsonl")) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "ann.jsonl").exists()
    # the first quiz's statements are there already; the pages, seen again (in a later second),
    # keep their first copy
    import re

    already = int(re.search(r"(\d+) it already had", out).group(1))
    earlier = re.search(r"(\d+) statement\(s\) were sent before in an earlier form", out)
    assert already + (int(earlier.group(1)) if earlier else 0) == first
    after = stored_for(ralph, read_progress(learner).learner.id)
    total = len((tmp_path / "ann.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"{total - first} stored now" in out
    assert len(after) == total and len({s["id"] for s in after}) == total


def test_wrong_credentials_are_refused_with_a_clear_message_and_never_shown(tmp_path, ralph, capsys, monkeypatch):
    learner = make_learner(tmp_path / "bo.toml", "Bo", [PACK], seed=3)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", "not-the-password-xyz")
    capsys.readouterr()
    assert send(learner, ralph.url) == 77
    said = capsys.readouterr()
    assert "refused the user name and password" in said.err and "LEARNMETA_LRS_PASSWORD" in said.err
    assert "not-the-password-xyz" not in said.out + said.err and "Traceback" not in said.err
    assert stored_for(ralph, read_progress(learner).learner.id) == []


def test_an_lrs_that_is_down_is_tried_again_then_said_so(tmp_path, capsys):
    learner = make_learner(tmp_path / "cy.toml", "Cy", [PACK], seed=4)
    capsys.readouterr()
    assert send(learner, f"http://127.0.0.1:{free_port()}/xAPI/") == 69
    err = capsys.readouterr().err
    assert "could not reach the LRS" in err and "tries" in err and "try again" in err
    assert "Traceback" not in err


def test_an_lrs_that_comes_back_up_then_receives_everything(tmp_path, capsys):
    learner = make_learner(tmp_path / "di.toml", "Di", [PACK], seed=6)
    port = free_port()
    url = f"http://127.0.0.1:{port}/xAPI/"
    assert send(learner, url) == 69
    server, process = start_ralph(tmp_path / "late-ralph", port=port)
    try:
        import os

        os.environ["LEARNMETA_LRS_USER"], os.environ["LEARNMETA_LRS_PASSWORD"] = server.user, server.password
        capsys.readouterr()
        assert send(learner, url) == 0
        assert len(stored_for(server, read_progress(learner).learner.id)) > 0
    finally:
        stop_ralph(process)


def test_the_lrs_own_words_are_shown_when_it_rejects_a_statement(ralph):
    from learnmeta.lrs import Client, Rejected

    client = Client(ralph.url, ralph.user, ralph.password, tries=1)
    with pytest.raises(Rejected) as caught:
        client.send([{"actor": {"mbox": "mailto:a@example.org"}, "verb": {"id": "not an iri"}}])
    message = caught.value.message
    assert "HTTP 4" in message and "object" in message  # Ralph's own: the object is missing
    assert ralph.password not in message


@pytest.mark.parametrize("args, words", [
    (["--lrs", "ftp://127.0.0.1/x"], "http"),
    (["--lrs", "http://user:pw@127.0.0.1:1/xAPI/"], "LEARNMETA_LRS_USER"),
])
def test_bad_lrs_addresses_are_usage_errors(tmp_path, capsys, args, words):
    learner = make_learner(tmp_path / "e.toml", "E", [PACK], seed=7)
    capsys.readouterr()
    assert main(["export", "--format", "xapi", "--progress", str(learner), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "pw@" not in err


def test_missing_credentials_or_a_format_other_than_xapi_are_usage_errors(tmp_path, capsys, monkeypatch, ralph):
    learner = make_learner(tmp_path / "f.toml", "F", [PACK], seed=8)
    monkeypatch.delenv("LEARNMETA_LRS_PASSWORD")
    capsys.readouterr()
    assert send(learner, ralph.url) == 2
    assert "LEARNMETA_LRS_PASSWORD" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--progress", str(learner), "--lrs", ralph.url]) == 2
    assert main(["export", "--format", "xapi", "--progress", str(learner)]) == 2
    assert "-o FILE, or --lrs URL" in capsys.readouterr().err


def test_a_statement_changed_since_it_was_sent_is_kept_as_the_lrs_has_it_and_the_rest_are_stored(
        tmp_path, ralph, capsys):
    from learnmeta.progress import ProgressStore

    learner = make_learner(tmp_path / "gi.toml", "Gi", [PACK], seed=9)
    assert send(learner, ralph.url) == 0
    before = len(stored_for(ralph, read_progress(learner).learner.id))
    store = ProgressStore.open(learner)
    store.update_settings(name="Gi Lee")  # the actor's name label changes: every statement differs
    store.close()
    make_learner(learner, "Gi Lee", [PACK], seed=10)  # and there are new answers
    capsys.readouterr()
    assert send(learner, ralph.url) == 0
    out = capsys.readouterr().out
    assert f"{before} statement(s) were sent before in an earlier form" in out
    after = stored_for(ralph, read_progress(learner).learner.id)
    assert len(after) > before and len({s["id"] for s in after}) == len(after)


# ----------------------------------------------------------------------------------------------
# learnmeta report --lrs
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def class_lrs(tmp_path_factory):
    """A second Ralph holding one generated class, sent by `learnmeta export --lrs`, twice over."""
    from class_helpers import make_class

    folder = tmp_path_factory.mktemp("class-lrs")
    server, process = start_ralph(folder / "ralph")
    try:
        with environment_for(folder / "home", server, "https://class.example.edu/learnmeta"):
            paths = make_class(folder / "class", 12, [PACK, "what-is-metastatic-cancer"],
                               names=["Sam Lee", "Sam Lee", "Ann"])
            for path in paths + paths[:3]:  # three learners send twice
                assert send(path, server.url) == 0
            yield server, paths
    finally:
        stop_ralph(process)


def test_the_report_from_the_lrs_gives_the_same_figures_as_the_report_from_the_files(class_lrs, capsys,
                                                                                    monkeypatch):
    server, paths = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    from_files = report_csv(capsys, *map(str, paths))
    from_lrs = report_csv(capsys, "--lrs", server.url)
    assert from_lrs == from_files
    assert ",12," in from_files.splitlines()[1]  # 12 learners: same-named ones apart, resends once
    one_pack = report_csv(capsys, "--lrs", server.url, "--pack", PACK)
    assert one_pack == report_csv(capsys, *map(str, paths), "--pack", PACK)
    assert "what-is-metastatic-cancer" not in one_pack


def test_the_report_from_the_lrs_follows_more_links_and_says_what_it_read(class_lrs, capsys, monkeypatch):
    server, _ = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    pages = []
    from learnmeta.lrs import Client

    held = list(Client(server.url, server.user, server.password).fetch(limit=50, page_done=pages.append))
    assert len(pages) > 3 and len({s["id"] for s in held}) == len(held) == sum(pages)
    capsys.readouterr()
    assert main(["report", "--lrs", server.url]) == 0
    assert f"Class report from {len(held)} statement(s) from the LRS" in capsys.readouterr().out


def test_ralph_names_the_next_page_first_so_it_is_asked_for_ahead_with_the_same_statements(class_lrs,
                                                                                           monkeypatch):
    """Ralph writes ``more`` before the statements: the next page is asked for while one is read
    (learnmeta/lrs.py ``_Ahead``; tests/test_lrs_ahead.py), and gives what asking in turn gives."""
    server, _ = class_lrs
    from learnmeta import lrs

    starts: list[object] = []
    real = lrs._Page.leading_more

    def noted(page):
        starts.append(real(page))
        return starts[-1]

    monkeypatch.setattr(lrs._Page, "leading_more", noted)
    client = lrs.Client(server.url, server.user, server.password)
    ahead = list(client.fetch(limit=40))
    assert len(starts) > 3 and all(isinstance(more, str) and more for more in starts[:-1])
    assert ahead == list(client.fetch(limit=40, ahead=False))


class FailingFront(Loopback):
    """A loopback server in front of a real Ralph: it passes each request on to Ralph and its
    answer back (Ralph's ``more`` names a path, so the next page is asked of it too), except the
    requests numbered ``fail_at`` (from 0) and the ``times - 1`` after it (the client's tries),
    which it answers with ``status``, or with nothing within the client's time-out (``status`` 0:
    it waits ``wait`` seconds first)."""

    def __init__(self, ralph_url: str, fail_at: int, status: int, wait: float = 0.0, times: int = 1) -> None:
        import time
        import urllib.error
        import urllib.request
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit

        behind = "{0.scheme}://{0.netloc}".format(urlsplit(ralph_url))
        owner = self
        self.count = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                number, owner.count = owner.count, owner.count + 1
                failing = fail_at <= number < fail_at + times
                if failing and status:
                    body = b'{"detail": "Invalid authentication credentials"}' if status == 401 else b"busy"
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if failing:
                    time.sleep(wait)
                request = urllib.request.Request(behind + self.path, headers={
                    key: self.headers[key] for key in ("Authorization", "X-Experience-API-Version")})
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        code, body = answer.status, answer.read()
                except urllib.error.HTTPError as error:
                    code, body = error.code, error.read()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting

        self._serve(Handler)


@pytest.mark.parametrize("status, exit_status, words", [
    (401, 77, "refused the user name and password (HTTP 401: Invalid authentication credentials)"),
    (503, 69, "after 4 tries: it answered HTTP 503 (busy)"),
    (400, 1, "answered HTTP 400: busy"),
])
def test_a_later_page_of_ralph_that_fails_gives_the_message_and_status_of_asking_in_turn(
        class_lrs, capsys, monkeypatch, status, exit_status, words):
    """The page asked for ahead fails (the third of Ralph's pages, through a server in front of it
    that fails it): the report says what it said when each page was asked for in turn, with the
    same exit status, and the same report when nothing fails."""
    import functools

    from learnmeta import lrs

    server, paths = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    monkeypatch.setattr("learnmeta.lrs.time.sleep", lambda seconds: None)
    said = {}
    for ahead in (True, False):
        if not ahead:
            monkeypatch.setattr(lrs.Client, "fetch", functools.partialmethod(lrs.Client.fetch, ahead=False))
        front = FailingFront(server.url, 2, status, times=lrs.TRIES)
        try:
            capsys.readouterr()
            code = main(["report", "--lrs", front.url, "--page-size", "40"])
            said[ahead] = (code, capsys.readouterr().err.replace(front.url[:-6], "FRONT"))
        finally:
            front.close()
    assert said[True] == said[False]
    code, err = said[True]
    assert code == exit_status and words in err and "Traceback" not in err and server.password not in err
    front = FailingFront(server.url, 10**6, 0)
    try:
        assert report_csv(capsys, "--lrs", front.url, "--page-size", "40") == report_csv(capsys, *map(str, paths))
    finally:
        front.close()


def test_a_later_page_of_ralph_that_times_out_is_unreachable_as_in_turn(class_lrs):
    from learnmeta.lrs import Client, Unreachable

    server, _ = class_lrs
    ended = {}
    for ahead in (True, False):
        front = FailingFront(server.url, 2, 0, wait=2.0)
        client = Client(front.url, server.user, server.password, timeout=0.5, tries=1, wait=0.0)
        got = []
        try:
            with pytest.raises(Unreachable) as error:
                for statement in client.fetch(limit=40, ahead=ahead):
                    got.append(statement["id"])
            ended[ahead] = (got, error.value.message.replace(front.url[:-6], "FRONT"))
        finally:
            front.close()
    assert ended[True] == ended[False]
    assert len(ended[True][0]) == 80 and "could not reach the LRS at FRONT after 1 tries" in ended[True][1]


def test_page_size_asks_the_lrs_for_pages_of_that_many_statements(class_lrs, capsys, monkeypatch):
    """``--page-size N`` is the ``limit`` asked of the LRS: the same report, in as many pages as
    N makes (Ralph sends at most 100 a page unless its settings say more)."""
    server, paths = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    from urllib.parse import parse_qs, urlsplit

    from learnmeta.lrs import Client

    held = len(list(Client(server.url, server.user, server.password).fetch()))
    assert held > 100  # more than one of Ralph's pages
    asked: list[str] = []
    real = Client._request

    def noted(self, method, url, body=None, **options):
        asked.append(parse_qs(urlsplit(url).query)["limit"][0])
        return real(self, method, url, body, **options)

    monkeypatch.setattr(Client, "_request", noted)
    assert report_csv(capsys, "--lrs", server.url, "--page-size", "7") == report_csv(capsys, *map(str, paths))
    assert set(asked) == {"7"} and len(asked) == held // 7 + 1  # and the page after the last full one
    asked.clear()
    assert report_csv(capsys, "--lrs", server.url, "--page-size", "20000") == report_csv(capsys, *map(str, paths))
    assert set(asked) == {"20000"} and len(asked) == held // 100 + 1  # Ralph's own most, 100
    asked.clear()
    report_csv(capsys, "--lrs", server.url)
    assert set(asked) == {"500"}  # the default


@pytest.mark.parametrize("args, words", [
    (["--page-size", "0"], "not a whole number from 1 to 20000"),
    (["--page-size", "20001"], "not a whole number from 1 to 20000"),
    (["--page-size", "lots"], "not a whole number from 1 to 20000"),
    (["--page-size", "1e3"], "not a whole number from 1 to 20000"),
])
def test_a_page_size_that_is_not_a_number_of_statements_is_a_usage_error(class_lrs, capsys, monkeypatch,
                                                                        args, words):
    server, _ = class_lrs
    capsys.readouterr()
    assert main(["report", "--lrs", server.url, *args]) == 2
    assert words in capsys.readouterr().err


def test_page_size_without_an_lrs_is_a_usage_error(tmp_path, capsys):
    learner = make_learner(tmp_path / "p.toml", "P", [PACK], seed=3)
    capsys.readouterr()
    assert main(["report", str(learner), "--page-size", "1000"]) == 2
    assert "--page-size works with --lrs" in capsys.readouterr().err
    assert main(["report", str(learner)]) == 0


def test_since_keeps_only_statements_stored_since_then(class_lrs, capsys, monkeypatch):
    server, _ = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    capsys.readouterr()
    assert main(["report", "--lrs", server.url, "--since", "2999-01-01"]) == 1
    assert "holds no learnmeta results" in capsys.readouterr().err
    assert main(["report", "--lrs", server.url, "--since", "2000-01-01"]) == 0
    assert main(["report", "--lrs", server.url, "--since", "last tuesday"]) == 2
    assert "--since" in capsys.readouterr().err


def test_report_usage_and_lrs_failures(tmp_path, capsys, monkeypatch, ralph):
    assert main(["report"]) == 2
    assert main(["report", "x.toml", "--lrs", ralph.url]) == 2
    assert main(["report", "x.toml", "--since", "2026-01-01"]) == 2
    assert main(["report", "--lrs", f"http://127.0.0.1:{free_port()}/xAPI/"]) == 69
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", "wrong-one-123")
    capsys.readouterr()
    assert main(["report", "--lrs", ralph.url]) == 77
    err = capsys.readouterr().err
    assert "refused" in err and "wrong-one-123" not in err


def test_sending_shows_a_bar_on_a_terminal_and_nothing_elsewhere(tmp_path, ralph, capsys, monkeypatch):
    learner = make_learner(tmp_path / "h.toml", "H", [PACK], seed=11)
    capsys.readouterr()
    assert send(learner, ralph.url) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("learnmeta.cli.progress.on_terminal", lambda: True)
    assert send(learner, ralph.url) == 0
    err = capsys.readouterr().err
    assert "Sending" in err and "statements" in err
