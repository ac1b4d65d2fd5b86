"""Sending each answer to a course's LRS as it happens, from the outbox: with the real Ralph.

What a learner and a course would notice: the statements in Ralph (counted, each once, the same
as ``learnmeta export`` makes them, without the name), the outbox and its acknowledgement on
disk, and the status words Settings shows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from class_helpers import library, pack, take_quiz
from ralph_lrs import free_port, start_ralph, stop_ralph

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")

PACK = "how-cancer-spreads"
BASE = "https://course.example.edu/learnmeta"
UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    server, process = start_ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    stop_ralph(process)


def wait_for(condition, what: str, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"still waiting after {timeout:.0f} s for {what}")
        time.sleep(0.05)


def open_store(path: Path, address: str | None):
    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(path)
    if address is not None:
        store.update_settings(lrs=address)
    return store


def outbox_for(store, server, *, offered=None, password=None, **options):
    from learnmeta.instructor.outbox import Outbox

    options.setdefault("first_wait", 0.2)
    options.setdefault("longest_wait", 1.0)
    box = Outbox(store, library(), offered=offered, user=server.user,
                 password=password if password is not None else server.password, base=BASE, **options)
    box.start()
    return box


def answer(store, question, right: bool, when: dt.datetime, attempt: str | None = None) -> None:
    from class_helpers import answer_for
    from learnmeta.quiz.engine import check_answer

    outcome = check_answer(question, answer_for(question, right))
    store.record_answer(PACK, pack(PACK).pack.version, question.id, lesson=question.lesson,
                        section=question.section, response=outcome.response_text,
                        correct=bool(outcome.correct), hints_used=0, attempt_id=attempt, when=when)


def stored_for(server, learner_id: str) -> list[dict]:
    return [s for s in server.statements() if s["actor"].get("account", {}).get("name") == learner_id]


def exported(store) -> dict[str, dict]:
    """What `learnmeta export --format xapi` makes of the same progress, without the name and
    the lesson pages (which the outbox does not send), by id."""
    from learnmeta.instructor.export import xapi_statements

    made = xapi_statements(store.progress, learner=store.progress.learner.id, learner_name=None, base=BASE,
                           answers=store.answers())
    return {s["id"]: s for s in made if s["verb"]["display"]["en-US"] != "experienced"}


def test_each_answer_reaches_the_lrs_as_it_is_given_exactly_as_export_makes_it(tmp_path, ralph):
    store = open_store(tmp_path / "ann.toml", ralph.url.rstrip("/") + "/statements")
    box = outbox_for(store, ralph)
    learner = store.progress.learner.id
    questions = pack(PACK).questions[:3]
    try:
        for number, question in enumerate(questions, start=1):
            answer(store, question, number % 2 == 1, WHEN + dt.timedelta(minutes=number))
            wait_for(lambda: len(stored_for(ralph, learner)) == number, f"answer {number} in Ralph")
        wait_for(lambda: box.status().state == "idle", "nothing waiting")
        status = box.status()
        assert status.words == "Everything is sent to " + ralph.url.split("/")[2] + ". Nothing is waiting."
    finally:
        box.stop()
        store.close()
    held = stored_for(ralph, learner)
    expected = exported(store)
    assert {s["id"] for s in held} == set(expected)
    for statement in held:  # the same statement as export's: sending both never conflicts
        mine = expected[statement["id"]]
        assert {key: statement[key] for key in mine} == mine
        assert "name" not in statement["actor"]  # the learner's name never leaves the computer
    assert not box.path.exists()  # all sent: the outbox is gone
    assert json.loads(box.sent_file.read_text()) == {"sent": 3}


def test_a_finished_quiz_sends_its_answers_and_its_result(tmp_path, ralph):
    store = open_store(tmp_path / "bo.toml", ralph.url)
    box = outbox_for(store, ralph)
    learner = store.progress.learner.id
    try:
        take_quiz(store, pack(PACK), random.Random(3), 0.6, WHEN)
        total = len(pack(PACK).questions)
        wait_for(lambda: len(stored_for(ralph, learner)) == total + 2, "the quiz's statements in Ralph")
    finally:
        box.stop()
        store.close()
    verbs = sorted(s["verb"]["display"]["en-US"] for s in stored_for(ralph, learner))
    assert verbs.count("answered") == total and "completed" in verbs
    assert ("passed" in verbs) != ("failed" in verbs)
    assert {s["id"] for s in stored_for(ralph, learner)} == set(exported(store))


def test_nothing_is_sent_or_kept_to_send_until_the_learner_says_yes(tmp_path, ralph):
    store = open_store(tmp_path / "cy.toml", None)
    box = outbox_for(store, ralph, offered=ralph.url.rstrip("/") + "/statements")
    learner = store.progress.learner.id
    try:
        assert box.needs_choice() and not box.on
        answer(store, pack(PACK).questions[0], True, WHEN)
        assert box.status().words == "Sending is off: nothing leaves this computer."
        box.choose(False)
        assert not box.needs_choice()
        answer(store, pack(PACK).questions[1], True, WHEN + dt.timedelta(minutes=1))
        time.sleep(0.5)
        assert not box.path.exists()
        assert stored_for(ralph, learner) == []
        box.choose(True)
        answer(store, pack(PACK).questions[2], False, WHEN + dt.timedelta(minutes=2))
        wait_for(lambda: len(stored_for(ralph, learner)) == 1, "the answer given after yes")
    finally:
        box.stop()
        store.close()
    held = stored_for(ralph, learner)
    assert held[0]["object"]["id"].endswith("/questions/" + pack(PACK).questions[2].id)
    saved = (tmp_path / "cy.toml").read_text(encoding="utf-8")
    assert f'lrs = "{ralph.url.rstrip("/")}/statements"' in saved
    assert ralph.password not in saved and ralph.user not in saved  # credentials never stored


def test_an_lrs_that_is_down_keeps_the_answers_and_gets_them_all_once_when_it_is_up(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/xAPI/"
    store = open_store(tmp_path / "dee.toml", url)
    from learnmeta.instructor.outbox import Outbox

    box = Outbox(store, library(), user="course-teacher", password="not-yet-known", base=BASE,
                 first_wait=0.3, longest_wait=1.0)
    box.start()
    questions = pack(PACK).questions[:5]
    process = None
    try:
        for number, question in enumerate(questions):
            answer(store, question, True, WHEN + dt.timedelta(minutes=number))
        status = wait_for(lambda: (s := box.status()).state == "unreachable" and s, "unreachable")
        assert status.answers_waiting == 5
        assert status.words.startswith("5 answers waiting to send: the course's record store is not reachable.")
        assert "kept safely on this computer" in status.words
        assert len(box.path.read_text().splitlines()) == 5  # each answer is on disk, waiting
        server, process = start_ralph(tmp_path / "ralph", port)
        box._password = server.password  # the same user; its password is made by start_ralph
        box.retry_now()
        learner = store.progress.learner.id
        wait_for(lambda: box.status().state == "idle", "the outbox drained")
        held = stored_for(server, learner)
        assert len(held) == 5 and len({s["id"] for s in held}) == 5
        assert {s["id"] for s in held} == set(exported(store))
        assert not box.path.exists()
        # An answer after that goes at once.
        answer(store, pack(PACK).questions[5], False, WHEN + dt.timedelta(minutes=9))
        wait_for(lambda: len(stored_for(server, learner)) == 6, "the next answer")
    finally:
        box.stop()
        store.close()
        if process is not None:
            stop_ralph(process)


def test_wrong_credentials_are_said_in_words_and_not_tried_again_until_the_setting_changes(tmp_path, ralph):
    store = open_store(tmp_path / "eve.toml", ralph.url)
    told: list[str] = []
    from learnmeta.instructor.outbox import Outbox

    box = Outbox(store, library(), user=ralph.user, password="wrong password", base=BASE,
                 first_wait=0.1, longest_wait=0.2)
    box.listen(told.append)
    box.start()
    tries = []
    real_client = box._client
    box._client = lambda: (tries.append(1), real_client())[1]
    try:
        answer(store, pack(PACK).questions[0], True, WHEN)
        wait_for(lambda: told, "the learner told")
        assert "refused learnmeta's user name and password (HTTP 401)" in told[0]
        assert "1 answer is kept safely on this computer" in told[0]
        assert "Please tell your course" in told[0]
        assert "wrong password" not in told[0]
        time.sleep(1.0)
        assert len(tries) == 1  # not tried again and again
        assert box.status().state == "refused"
        answer(store, pack(PACK).questions[1], True, WHEN + dt.timedelta(minutes=1))
        time.sleep(0.5)
        assert len(tries) == 1  # a new answer waits too
        assert box.status().answers_waiting == 2
        box._password = ralph.password  # the course fixed it; the learner turns sending off and on
        box.choose(False)
        box.choose(True)
        wait_for(lambda: box.status().state == "idle", "sent after the change")
        assert len(stored_for(ralph, store.progress.learner.id)) == 2
    finally:
        box.stop()
        store.close()


KILLED = textwrap.dedent("""
    import datetime as dt, os, signal, sys
    sys.path.insert(0, sys.argv[3])
    from class_helpers import library, pack
    from learnmeta.progress import ProgressStore
    from learnmeta.instructor.outbox import Outbox
    from test_outbox import answer, WHEN, PACK, BASE
    store = ProgressStore.open(sys.argv[1])
    store.update_settings(lrs=sys.argv[2])
    box = Outbox(store, library(), user="u", password="p", base=BASE, first_wait=60)
    box.start()
    for number, question in enumerate(pack(PACK).questions):
        answer(store, question, number % 3 != 0, WHEN + dt.timedelta(minutes=number))
    print("answered", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_killed_with_a_full_outbox_then_started_again_everything_is_sent_once(tmp_path, ralph):
    progress = tmp_path / "fay.toml"
    dead = f"http://127.0.0.1:{free_port()}/xAPI/"  # nothing answers there while it runs
    tests = str(Path(__file__).resolve().parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(tests).parent), tests])}
    run = subprocess.run([sys.executable, "-c", KILLED, str(progress), dead, tests], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert "answered" in run.stdout
    from learnmeta.instructor.outbox import outbox_path

    total = len(pack(PACK).questions)
    lines = outbox_path(progress).read_text().splitlines()
    assert len(lines) == total
    # A crash in the middle of the last write leaves part of a line: it is dropped, not sent.
    with outbox_path(progress).open("a") as handle:
        handle.write('{"n": 99, "kind": "answer", "statements": [{"id": "cut sh')
    store = open_store(progress, ralph.url)  # started again: the course's LRS is reachable now
    box = outbox_for(store, ralph)
    try:
        assert box.status().answers_waiting == total
        wait_for(lambda: box.status().state == "idle", "the outbox drained after the restart")
        answer(store, pack(PACK).questions[0], True, WHEN + dt.timedelta(hours=1))
        learner = store.progress.learner.id
        wait_for(lambda: len(stored_for(ralph, learner)) == total + 1, "every answer once")
    finally:
        box.stop()
        store.close()
    held = stored_for(ralph, learner)
    assert len({s["id"] for s in held}) == total + 1
    assert {s["id"] for s in held} == set(exported(store))


def test_an_outbox_already_all_sent_is_removed_at_the_next_start_and_nothing_is_sent_again(tmp_path, ralph):
    """Stopped after writing how far it got and before removing the outbox: nothing is resent."""
    from learnmeta.instructor.outbox import outbox_path, sent_path

    store = open_store(tmp_path / "gus.toml", ralph.url)
    box = outbox_for(store, ralph)
    learner = store.progress.learner.id
    answer(store, pack(PACK).questions[0], True, WHEN)
    wait_for(lambda: box.status().state == "idle" and not box.path.exists(), "sent")
    box.stop()
    lines = [json.dumps({"n": 1, "kind": "answer", "statements": stored_for(ralph, learner)})]
    outbox_path(store.path).write_text(lines[0] + "\n")  # as it was before its removal
    assert json.loads(sent_path(store.path).read_text()) == {"sent": 1}
    again = outbox_for(store, ralph)
    try:
        assert again.status().waiting == 0
        wait_for(lambda: not outbox_path(store.path).exists(), "the old outbox removed")
        assert len(stored_for(ralph, learner)) == 1
    finally:
        again.stop()
        store.close()



def test_a_record_cut_short_at_the_outbox_end_is_cut_off_before_the_next_answer_and_the_rest_sent(tmp_path, ralph):
    """A kill in the middle of the outbox's last write left part of a record: the next answer's
    append cuts it off (under the file's lock), as the answer log's does, instead of leaving it in
    the middle of the outbox; every whole record, the new one too, reaches the LRS once."""
    from learnmeta.instructor.outbox import outbox_path

    progress = tmp_path / "hal.toml"
    dead = f"http://127.0.0.1:{free_port()}/xAPI/statements"  # nothing answers there at first
    reachable = ralph.url.rstrip("/") + "/statements"
    questions = pack(PACK).questions[:3]
    store = open_store(progress, dead)
    learner = store.progress.learner.id
    box = outbox_for(store, ralph)
    for number, question in enumerate(questions[:2]):
        answer(store, question, True, WHEN + dt.timedelta(minutes=number))
    box.stop()
    store.close()
    path = outbox_path(progress)
    whole = path.read_bytes()
    cut = b'{"n":3,"kind":"answer","statements":[{"id":"cut sh'
    with path.open("ab") as handle:  # killed in the middle of the third answer's write
        handle.write(cut)

    store = open_store(progress, dead)  # started again, the LRS still not reachable
    box = outbox_for(store, ralph)
    assert box.status().answers_waiting == 2  # the cut record is left out
    answer(store, questions[2], False, WHEN + dt.timedelta(minutes=5))
    box.stop()
    store.close()
    held = path.read_bytes()
    assert held.startswith(whole) and cut not in held  # cut off, not left in the middle
    assert held.endswith(b"\n")
    assert [json.loads(line)["n"] for line in held.splitlines()] == [1, 2, 3]

    store = open_store(progress, reachable)  # and again, the LRS reachable now
    box = outbox_for(store, ralph)
    try:
        assert box.status().answers_waiting == 3
        wait_for(lambda: len(stored_for(ralph, learner)) == 3, "the three answers in Ralph")
        wait_for(lambda: box.status().state == "idle" and not path.exists(), "all sent")
    finally:
        box.stop()
        store.close()
    assert {s["id"] for s in stored_for(ralph, learner)} == set(exported(store))


def test_a_whole_record_missing_only_its_line_end_is_kept_and_sent_and_its_number_not_given_again(tmp_path, ralph):
    """The last write lost only its line end (a disk that filled up at its last byte): the record
    is whole, so it is read and kept; the next answer gets the next number, not the same one (of
    two records with one number, the second is never sent)."""
    from learnmeta.instructor.outbox import outbox_path

    progress = tmp_path / "ida.toml"
    dead = f"http://127.0.0.1:{free_port()}/xAPI/statements"
    questions = pack(PACK).questions[:4]
    store = open_store(progress, dead)
    learner = store.progress.learner.id
    box = outbox_for(store, ralph)
    for number, question in enumerate(questions[:3]):
        answer(store, question, True, WHEN + dt.timedelta(minutes=number))
    box.stop()
    store.close()
    path = outbox_path(progress)
    path.write_bytes(path.read_bytes()[:-1])  # the third record's line end lost

    store = open_store(progress, dead)
    box = outbox_for(store, ralph)
    assert box.status().answers_waiting == 3
    answer(store, questions[3], True, WHEN + dt.timedelta(minutes=5))
    box.stop()
    store.close()
    assert [json.loads(line)["n"] for line in path.read_bytes().splitlines()] == [1, 2, 3, 4]

    store = open_store(progress, ralph.url.rstrip("/") + "/statements")
    box = outbox_for(store, ralph)
    try:
        assert box.status().answers_waiting == 4
        wait_for(lambda: len(stored_for(ralph, learner)) == 4, "the four answers in Ralph")
    finally:
        box.stop()
        store.close()
    assert {s["id"] for s in stored_for(ralph, learner)} == set(exported(store))
