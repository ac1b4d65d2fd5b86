"""`learnmeta export --lrs` stopped by the LRS, not by its time limit (an LRS that cannot be
reached, refuses the connection, resets it mid-batch, answers 500 after some batches, or refuses a
batch with a 4xx) says what the LRS took, what was being sent when it stopped (it may or may not
have been stored), and what was not stored, as the time limit's stop does (test_export_time_limit),
with the documented exit status and no traceback. Before, it said only what went wrong: an
instructor could not tell whether the LRS held none, some or all of the learner's statements."""

from __future__ import annotations

import socketserver

import pytest

from learnmeta.cli import main
from loopback import Loopback, Storing, keeping
from test_export_time_limit import env, export, learner, no_secrets, statement_count  # noqa: F401 - fixtures

lrs_server = keeping(Storing)

AGAIN = "Nothing is lost: try again when the LRS is reachable; statements it already has are not stored twice."


def took(count: int, rest: int, doubt: int = 0) -> str:
    said = f"Sending stopped there: the LRS took {count} statement(s) ({count} stored now, 0 it already had); "
    if doubt:
        said += f"{doubt} being sent when sending stopped may or may not have been stored; "
    return said + f"{rest} were not stored.\n"


def sent_again(learner, server, total: int, stored_now: int, already: int, capsys) -> None:
    """Sending again to the LRS, answering now: what it stores bears the counts out."""
    server.answer = lambda n: "now"
    assert export(learner, server.url) == 0
    assert (f"Sent {total} statement(s) from {learner} to the LRS at {server.url.rstrip('/')}/statements: "
            f"{stored_now} stored now, {already} it already had.") in capsys.readouterr().out


def test_an_lrs_refusing_the_connection_took_nothing_and_says_so(learner, env, tmp_path, capsys):
    total = statement_count(learner, tmp_path, capsys)
    gone = Loopback(socketserver.BaseRequestHandler)
    gone.close()  # nothing listens on its port now: every try is refused
    out = tmp_path / "ann.jsonl"
    assert export(learner, gone.url, "-o", str(out)) == 69
    said = capsys.readouterr()
    assert f"learnmeta export: could not reach the LRS at {gone.origin} after 4 tries: " in said.err
    assert took(0, total) in said.err, said.err
    assert "may or may not" not in said.err  # no try connected: nothing can have arrived
    assert AGAIN in said.err and f"{out} was not written" in said.err and not out.exists()
    assert "Sent " not in said.out
    no_secrets(said.out + said.err)


def test_an_lrs_resetting_the_connection_mid_batch_may_have_stored_that_batch(lrs_server, learner, env,
                                                                             tmp_path, capsys):
    """The second batch is stored, then its connection reset before any answer (every try): the
    LRS took the first, the second may or may not be there (it is), the rest were not sent."""
    total = statement_count(learner, tmp_path, capsys)
    server = lrs_server(lambda n: "now" if n == 1 else "reset")
    assert export(learner, server.url) == 69
    said = capsys.readouterr()
    assert f"learnmeta export: could not reach the LRS at {server.origin} after 4 tries: " in said.err
    assert took(100, total - 200, doubt=100) in said.err, said.err
    assert AGAIN in said.err and "Traceback" not in said.err
    no_secrets(said.out + said.err)
    assert [len(ids) for ids in server.posts] == [100] * 5 and len(server.stored) == 200
    sent_again(learner, server, total, total - 200, 200, capsys)


@pytest.mark.parametrize("how, status, words, hint", [
    ("down", 69, "after 4 tries: it answered HTTP 500 (not now)", AGAIN),
    ("invalid", 1, "answered HTTP 400: not now", ""),
    ("unauthorized", 77, "refused the user name and password (HTTP 401: not now)",
     "Check LEARNMETA_LRS_USER and LEARNMETA_LRS_PASSWORD"),
])
def test_an_lrs_failing_after_some_batches_says_what_it_took(lrs_server, learner, env, tmp_path, capsys,
                                                            how, status, words, hint):
    """Two batches stored, then every try of the third answered with an error, which stores
    nothing: the LRS took 200, and the rest were not stored (none is in doubt)."""
    total = statement_count(learner, tmp_path, capsys)
    assert 200 < total < 300
    server = lrs_server(lambda n: "now" if n <= 2 else how)
    assert export(learner, server.url) == status
    said = capsys.readouterr()
    assert f"learnmeta export: the LRS at {server.origin} {words}\n" in said.err or \
        f"learnmeta export: could not reach the LRS at {server.origin} {words}\n" in said.err, said.err
    assert took(200, total - 200) in said.err, said.err
    assert hint in said.err and "may or may not" not in said.err and "Sent " not in said.out
    no_secrets(said.out + said.err)
    assert len(server.stored) == 200
    sent_again(learner, server, total, total - 200, 200, capsys)


def test_a_long_log_that_cannot_be_read_again_mid_send_says_what_the_lrs_took(lrs_server, learner, env,
                                                                              capsys, monkeypatch):
    """A long answer log's statements are made as they are sent: the log gone (or changed) after
    150 of them stops the export (exit status 1) after what the LRS took, which is said."""
    from learnmeta.files import FileProblem
    from learnmeta.instructor import export as made
    from learnmeta.progress import answerlog

    monkeypatch.setattr(answerlog, "STREAM_ABOVE", 1)  # every log is a long one
    real = made.each_xapi_statement

    def breaking(*args, **kwargs):
        for number, statement in enumerate(real(*args, **kwargs)):
            if number == 150:
                raise FileProblem("ann.answers.jsonl", "it changed while it was read", "unreadable")
            yield statement

    monkeypatch.setattr(made, "each_xapi_statement", breaking)
    server = lrs_server(lambda n: "now")
    assert export(learner, server.url) == 1
    said = capsys.readouterr()
    assert "learnmeta export: cannot read ann.answers.jsonl: it changed while it was read\n" in said.err
    assert ("Sending stopped there: the LRS took 100 statement(s) (100 stored now, 0 it already had); any after "
            "them were not stored.\n") in said.err, said.err
    assert len(server.stored) == 100 and "Traceback" not in said.err
