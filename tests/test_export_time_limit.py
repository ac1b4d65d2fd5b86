"""`learnmeta export --lrs` ends by a time limit, all its batches together (learnmeta/lrs.py
``TIME_LIMIT``, two hours, as for ``report --lrs``; ``--time-limit T``). Each answer was held to
300 s, but an LRS dripping each answer a byte at a time within that, or answering "busy, try again
in 30 s" three times a batch, held an export for hours. It now stops at the limit with exit status
1, saying which LRS, the limit, what the LRS took and what it did not (true: sending again finds
them so), and what to do; nothing is sent once the time is up. The LRS's host name is looked up
within the time too (it was left to the system's resolver, which no time-out interrupts)."""

from __future__ import annotations

import re
import socket
import threading

import pytest

from class_helpers import library, make_learner
from learnmeta import lrs
from learnmeta.cli import main
from learnmeta.lrs import Client
from loopback import Storing, keeping

USER, PASSWORD = "drip-teacher", "drip-pw-5521"

lrs_server = keeping(Storing)
"""An LRS storing what it is sent, answering each POST as told (see loopback.Storing)."""


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """A learner's file with some 270 statements: three batches of 100 (the last one short)."""
    path = tmp_path_factory.mktemp("learner") / "ann.toml"
    packs = [p.id for p in library().packs]
    make_learner(path, "Ann", packs, seed=1, pages=5)
    return make_learner(path, "Ann", packs, seed=2, pages=5)


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", "https://course.example.edu/learnmeta")
    monkeypatch.delenv("LEARNMETA_ANONYMOUS_KEY", raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def statement_count(learner, tmp_path, capsys) -> int:
    out = tmp_path / "all.jsonl"
    assert main(["export", "--format", "xapi", "--progress", str(learner), "-o", str(out)]) == 0
    capsys.readouterr()
    return len(out.read_text(encoding="utf-8").splitlines())


def export(learner, url, *extra) -> int:
    return main(["export", "--format", "xapi", "--progress", str(learner), "--lrs", url, *extra])


def time_up(origin: str, limit: str) -> str:
    return (f"learnmeta export: sending statements to the LRS at {origin} took longer than {limit}, the time "
            "limit of one export: ")


HINT = ("Nothing is lost: export again to send the rest (statements the LRS already has are not stored twice), "
        "giving it longer with --time-limit")


def no_secrets(said: str) -> None:
    import base64

    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert PASSWORD not in said and USER not in said and token not in said and "Traceback" not in said, said


def test_an_lrs_dripping_its_answers_is_stopped_at_the_time_limit_and_what_it_took_is_said(
        lrs_server, learner, env, tmp_path, capsys):
    """The first batch is answered at once, the second dripped (some 40 bytes a statement, a byte
    every 0.1 s: minutes, within the 300 s an answer may take, and every batch after it too).
    The export stops at the limit; the batch being sent then was stored by this LRS, which the
    message leaves open, and the last was never sent. Sending again finds it all so."""
    total = statement_count(learner, tmp_path, capsys)
    assert 200 < total < 300
    server = lrs_server(lambda n: "now" if n == 1 else "drip")
    out = tmp_path / "ann.jsonl"
    assert export(learner, server.url, "--time-limit", "2s", "-o", str(out)) == 1
    said = capsys.readouterr()
    err = said.err
    assert time_up(server.origin, "2 seconds") + (
        "the LRS took 100 statement(s) (100 stored now, 0 it already had); 100 being sent when the time ran out "
        f"may or may not have been stored; {total - 200} were not stored\n") in err, err
    assert HINT in err and "Sent " not in said.out
    assert f"{out} was not written" in err and not out.exists()
    no_secrets(said.out + err)
    # nothing sent twice, nothing sent after the time was up
    assert [len(ids) for ids in server.posts] == [100, 100]
    assert len({i for ids in server.posts for i in ids}) == 200
    # sending again: what the message said it took, and the batch it left open (stored here)
    server.answer = lambda n: "now"
    assert export(learner, server.url) == 0
    assert f"Sent {total} statement(s) from {learner} to the LRS at {server.url.rstrip('/')}/statements: " \
           f"{total - 200} stored now, 200 it already had." in capsys.readouterr().out


def test_an_lrs_answering_busy_for_ever_is_not_waited_for_past_the_time_limit(lrs_server, learner, env,
                                                                               tmp_path, capsys):
    """HTTP 503 with Retry-After: 30, again and again: each try waits up to 30 s, four tries a
    batch. The wait ends at the limit, the batch is not tried again, and none is said to be stored
    (an LRS answering "busy" took none of it)."""
    total = statement_count(learner, tmp_path, capsys)
    server = lrs_server(lambda n: "busy")
    assert export(learner, server.url, "--time-limit", "2s") == 1
    said = capsys.readouterr()
    assert time_up(server.origin, "2 seconds") + (
        f"the LRS took 0 statement(s) (0 stored now, 0 it already had); {total} were not stored\n") in said.err
    assert HINT in said.err
    no_secrets(said.out + said.err)
    assert len(server.posts) == 1 and not server.stored


def test_the_time_limit_of_an_export_is_two_hours_unless_given(lrs_server, learner, env, capsys, monkeypatch):
    monkeypatch.setattr(lrs, "TIME_LIMIT", 1.0)  # two hours in use
    server = lrs_server(lambda n: "busy")
    assert export(learner, server.url) == 1
    err = capsys.readouterr().err
    assert time_up(server.origin, "1 second") in err, err


@pytest.mark.parametrize("text", ["0", "0s", "2x", "-5", "1.5h", "8d", "169h", "", "h", "١٢", "99999999", "5 m s"])
def test_a_time_limit_on_export_that_is_not_one_is_a_usage_error(learner, env, capsys, text):
    assert export(learner, "http://127.0.0.1:9/xAPI/", "--time-limit", text) == 2
    err = capsys.readouterr().err
    assert "learnmeta export: --time-limit" in err and "is not a whole number of minutes" in err
    assert "Traceback" not in err


def test_a_time_limit_on_export_without_an_lrs_is_a_usage_error(learner, env, capsys, tmp_path):
    out = tmp_path / "ann.jsonl"
    assert main(["export", "--format", "xapi", "--progress", str(learner), "-o", str(out), "--time-limit", "5"]) == 2
    assert "--time-limit works with --lrs" in capsys.readouterr().err
    assert not out.exists()


def test_the_export_help_names_the_time_limit(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--time-limit T with --lrs: stop, with exit status 1, if sending to the LRS takes longer than T" in text


@pytest.fixture
def slow_names(monkeypatch):
    """A resolver that never answers for ``lrs.invalid`` (it gives up after 20 s, so that a test
    that waits for it ends); ``answered`` is set once it has."""
    real = socket.getaddrinfo
    release = threading.Event()
    answered = threading.Event()

    def getaddrinfo(host, *args, **kwargs):
        if host != "lrs.invalid":
            return real(host, *args, **kwargs)
        try:
            release.wait(20)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        finally:
            answered.set()

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield answered
    release.set()


def test_the_lrs_host_name_is_looked_up_within_the_time_limit(slow_names, learner, env, capsys):
    """The system's resolver may take long (a name server that does not answer) and no time-out
    of the caller's reaches it: the export ended only when it did."""
    assert export(learner, "http://lrs.invalid:8100/xAPI/", "--time-limit", "1s") == 1
    assert not slow_names.is_set()  # it ended while the lookup was still waiting
    err = capsys.readouterr().err
    assert time_up("http://lrs.invalid:8100", "1 second") in err
    assert "may or may not" not in err  # it never connected: nothing can have arrived
    assert re.search(r"the LRS took 0 statement\(s\) \(0 stored now, 0 it already had\); \d+ were not stored", err)


def test_the_host_name_of_a_report_is_looked_up_within_its_time_limit(slow_names):
    fetched = Client("http://lrs.invalid:8100/xAPI/", USER, PASSWORD, wait=0.0,
                     deadline=lrs.ANSWER_DEADLINE).fetch(time_limit=1.0)
    with pytest.raises(lrs.TimeUp):
        next(fetched)
    assert not slow_names.is_set()


def test_a_host_name_not_found_in_time_is_tried_again_then_unreachable(slow_names):
    """Without a time limit, each try's lookup is held to the time-out of a try."""
    client = Client("http://lrs.invalid:8100/xAPI/", USER, PASSWORD, wait=0.0, timeout=0.3, tries=2,
                    deadline=lrs.ANSWER_DEADLINE)
    with pytest.raises(lrs.Unreachable) as raised:
        client.send([{"id": "00000000-0000-4000-8000-000000000001"}])
    assert raised.value.message == ("could not reach the LRS at http://lrs.invalid:8100 after 2 tries: looking up "
                                    "its host name took longer than 0.3 s")
    assert not slow_names.is_set()
