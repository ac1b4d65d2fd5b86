"""What one report reads from an LRS is bounded (learnmeta/lrs.py ``MAX_STATEMENTS``,
``MAX_PAGES``): each page names the next through ``more``, so an LRS that never stops, naming
page after page by addresses that differ, held the report for ever and grew its memory without
end. Past the bound it is refused, saying so, with exit status 1, and the page past it is never
asked for."""

from __future__ import annotations

import json
import socketserver

import pytest

from learnmeta import lrs
from learnmeta.cli import main
from learnmeta.lrs import Client
from loopback import Loopback, http_answer, keeping, page_asked

USER, PASSWORD = "teacher", "bounds-pw-31"
LAST = 300
"""The page after which the test's endless LRS gives up (so a client without a bound ends)."""


def statement(page: int, number: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{page:06d}{number:06d}",
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}


class Endless(Loopback):
    """An LRS whose every page names another by a query of its own (``?n=1``, ``?n=2``, ...),
    ``per_page`` statements a page, up to page :data:`LAST`, which names none."""

    def __init__(self, per_page: int) -> None:
        self.asked: list[int] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                number = page_asked(self.request)
                if number is None:
                    return
                owner.asked.append(number)
                more = f"/xAPI/statements?n={number + 1}" if number < LAST else ""
                body = json.dumps({"more": more, "statements": [statement(number, k) for k in range(per_page)]})
                self.request.sendall(http_answer(200, body.encode()))

        self._serve(Handler)


endless = keeping(Endless, "endless")


def read(server: Endless, **bounds):
    got: list[str] = []
    for ahead in (True, False):
        got.clear()
        try:
            for item in Client(server.url, USER, PASSWORD, wait=0.0).fetch(ahead=ahead, **bounds):
                got.append(item["id"])
        except lrs.TooMany as error:
            yield ahead, len(got), error.message
        else:
            yield ahead, len(got), None


def test_pages_past_the_bound_are_refused_and_never_asked_for(endless):
    server = endless(1)
    for ahead, count, message in read(server, most_pages=40):
        assert (count, message) == (40, f"the LRS at {server.origin} named a page after 40 pages for one query, "
                                         "more than learnmeta reads for one report"), ahead
        assert server.asked == list(range(40)), ahead  # the 41st was not asked for, ahead or not
        server.asked.clear()


def test_statements_past_the_bound_are_refused(endless):
    server = endless(7)
    for ahead, count, message in read(server, most_statements=100):
        assert (count, message) == (100, f"the LRS at {server.origin} gave more than 100 statements for one "
                                          "query, more than learnmeta reads for one report"), ahead


def test_a_query_within_the_bounds_is_read_whole(endless):
    server = endless(3)
    for ahead, count, message in read(server, most_pages=LAST + 1, most_statements=3 * (LAST + 1)):
        assert (count, message) == (3 * (LAST + 1), None), ahead


@pytest.mark.parametrize("bound, per_page, said", [
    ("MAX_PAGES", 1, "named a page after 50 pages for one query"),
    ("MAX_STATEMENTS", 4, "gave more than 50 statements for one query"),
])
def test_the_report_stops_an_lrs_that_never_ends(endless, monkeypatch, tmp_path, capsys, bound, per_page, said):
    """The report says what the LRS did and what to do, with exit status 1 (the LRS's answer
    cannot be used). Before, it read every page the LRS named (here 301, then it ends)."""
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(lrs, bound, 50, raising=False)
    server = endless(per_page)
    assert main(["report", "--lrs", server.url]) == 1
    err = capsys.readouterr().err
    assert f"learnmeta report: the LRS at {server.origin} {said}, more than learnmeta reads for one report" in err
    assert "--since DATE" in err and "--page-size N" in err and "Traceback" not in err
    assert len(server.asked) <= 51
