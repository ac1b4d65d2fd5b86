"""What a report keeps of an LRS's statements is bounded in bytes (learnmeta/instructor/class_data.py:
``MAX_RESPONSE_CHARS`` and the other bounds of one statement's strings, ``MAX_KEPT_BYTES`` for them
all). It was bounded by statements (5 million) and pages only: a statement whose response, time,
learner, pack or question id or statement id was a string of a megabyte kept it whole, so 300 such
statements (ten pages of 30) held 300 MB, and the 5 million the report reads could hold terabytes."""

from __future__ import annotations

import json
import socketserver
import sys

import pytest

from learnmeta.cli import main
from learnmeta.instructor import class_data
from learnmeta.instructor.class_data import ClassData, TooMuchKept, read_statements
from loopback import Loopback, http_answer, page_asked

BASE = "https://learn.example.edu/m"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
LEARNER = "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"
MB = "x" * 1_000_000
USER, PASSWORD = "kept-teacher", "kept-pw-7730"
ROOM = (class_data._LEARNER_ROOM + class_data._PACK_ROOM + class_data._QUESTION_ROOM + class_data._ANSWER_ROOM
        + class_data._WHERE_ROOM + 3 * class_data._SHARED_ROOM)
"""What holds one answer's text (its learner's table, pack's record, question's list, its record,
its statement id's place, and the places of its pack id, question id and response among the texts
held once), counted in ClassData.kept beside the text."""


def answered(number: int, *, learner: str = LEARNER, pack: str = "how-cancer-spreads", question: str = "q1",
             response: str = "wrong", when: str = "2026-11-24T14:03:00Z", sid: str | None = None) -> dict:
    return {"id": sid or f"00000000-0000-4000-8000-{number:012d}",
            "actor": {"objectType": "Agent", "account": {"homePage": BASE, "name": learner}},
            "verb": {"id": ANSWERED},
            "object": {"id": f"{BASE}/packs/{pack}/questions/{question}"},
            "result": {"success": False, "extensions": {f"{BASE}/extensions/response-text": response}},
            "timestamp": when}


def voiding(number: int, target: str) -> dict:
    return {"id": f"10000000-0000-4000-8000-{number:012d}", "actor": {"account": {"homePage": BASE, "name": LEARNER}},
            "verb": {"id": class_data.VOIDED}, "object": {"objectType": "StatementRef", "id": target}}


def test_a_long_response_or_time_is_kept_cut():
    data, left_out = read_statements([answered(1, response=MB + "1", when=MB + "2")])
    [answer] = data.learners[LEARNER]["how-cancer-spreads"].answers["q1"]
    assert left_out == 0
    assert len(answer.response) == 1000 and answer.response.endswith("x…")
    assert answer.when == "x" * 64
    assert data.kept < 2600 + ROOM  # the response at two bytes a character (the "…"), its time, the learner, ids


@pytest.mark.parametrize("long", ["learner", "pack", "question"])
def test_a_statement_naming_a_learner_pack_or_question_too_long_for_learnmeta_is_left_out(long):
    data, left_out = read_statements([answered(1, **{long: MB}), answered(2)])
    assert left_out == 1
    assert list(data.learners) == [LEARNER]
    assert list(data.learners[LEARNER]["how-cancer-spreads"].answers) == ["q1"]
    assert data.kept < 1000 + ROOM


def test_a_learner_of_an_e_mail_address_s_length_still_counts():
    mbox = "mailto:" + "a" * 64 + "@" + "b" * 189 + ".edu"
    data, left_out = read_statements([answered(1, learner=mbox)])
    assert (left_out, list(data.learners)) == (0, [mbox])


def test_statement_ids_longer_than_a_uuid_are_not_remembered():
    """Nor voided: a voiding statement naming one is left out like any statement that is no
    answer (it voids nothing the report holds)."""
    long = "s" * 100_000
    data, left_out = read_statements([answered(1, sid=long), voiding(2, long), voiding(3, "t" * 100_000)])
    assert left_out == 2
    assert len(data.learners[LEARNER]["how-cancer-spreads"].answers["q1"]) == 1
    assert data.kept < 1000 + ROOM


def test_what_is_kept_in_all_is_bounded():
    statements = [answered(n, response=MB, question=f"q{n}") for n in range(50)]
    with pytest.raises(TooMuchKept) as raised:
        read_statements(statements, most_kept=20_000)
    assert raised.value.most == 20_000 and 20_000 < raised.value.kept < 22_000  # a statement past it
    data, _ = read_statements(statements, most_kept=200_000)  # about 1.2 kB a statement
    assert len(data.learners[LEARNER]["how-cancer-spreads"].answers) == 50


class Hostile(Loopback):
    """An LRS of pages of 30 learnmeta answers each holding a response of a megabyte, page after
    page (each names the next), up to page 10."""

    def __init__(self) -> None:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                page = page_asked(self.request, "p")
                if page is None:
                    return
                body = json.dumps({"more": f"/xAPI/statements?p={page + 1}" if page < 9 else "",
                                   "statements": [answered(page * 30 + k, response=MB, question=f"q{page}-{k}")
                                                  for k in range(30)]}).encode()
                try:
                    self.request.sendall(http_answer(200, body))
                except OSError:
                    pass

        self._serve(Handler)


@pytest.fixture
def hostile(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNMETA_LRS_USER", USER)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", PASSWORD)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    server = Hostile()
    yield server
    server.close()


def test_a_report_keeping_more_than_its_bound_stops_with_a_message(hostile, capsys, monkeypatch):
    monkeypatch.setattr(class_data, "MAX_KEPT_BYTES", 100_000)  # 4 GB in use
    assert main(["report", "--lrs", hostile.url]) == 1
    err = capsys.readouterr().err
    assert (f"learnmeta report: the statements from the LRS at {hostile.origin} hold more text than one report "
            "keeps (100 kB of learners, ids, answers and times, after ") in err, err
    assert "--since DATE" in err and "--pack ID" in err
    assert "Traceback" not in err and PASSWORD not in err


def test_a_report_from_statements_with_long_responses_keeps_them_cut(hostile, capsys, tmp_path):
    """The same 300 answers within the bound: the report is made, the responses cut (before, the
    report held the 300 MB of them until it ended: a peak of 368 MiB against 112 MiB now)."""
    out = tmp_path / "report.json"
    assert main(["report", "--lrs", hostile.url, "--format", "json", "-o", str(out)]) == 0
    assert "300 statement(s) from the LRS" in capsys.readouterr().out
    assert MB not in out.read_text(encoding="utf-8")


def test_text_shared_between_answers_is_held_and_counted_once():
    """A class's answers give the same few responses to the same questions again and again (a
    course's 14,000 answers held 22 responses): each was held, and counted, once an answer, so the
    bound counted learnmeta's own statements about 1.7 times what the report held. The same text
    is now held once, and counted once, whoever gave it (each other text as before)."""
    import gc
    import tracemalloc

    same = "the bones of the spine"

    def read(response) -> tuple[ClassData, int]:
        gc.collect()
        tracemalloc.start()  # the statements made as they are read, as an LRS's pages are
        try:
            data, left_out = read_statements(
                answered(n, learner=f"learner-{n // 10:04d}", question=f"q{n % 10}", response=response(n))
                for n in range(2000))
            held = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert left_out == 0
        return data, held

    shared, held = read(lambda n: json.loads(json.dumps(same)))  # a copy each, as parsed from a page
    given = [answer.response for packs in shared.learners.values() for item in packs.values()
             for answers in item.answers.values() for answer in answers]
    assert len(given) == 2000 and given == [same] * 2000 and len({id(text) for text in given}) == 1
    assert held <= shared.kept, (held, shared.kept)
    apart, held_apart = read(lambda n: f"{same} {n:05d}")  # each its own: as before, with its place
    assert held_apart <= apart.kept, (held_apart, apart.kept)
    assert apart.kept - shared.kept >= 1999 * sys.getsizeof(f"{same} 00000")
