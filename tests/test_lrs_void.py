"""Answers taken back ("u") or marked right ("I was right") after they reached a Learning Record
Store: the LRS is told the xAPI way (a "voided" statement; an overruled answer sent again as
right under an id of its own), from the outbox and from `learnmeta export`, and `report --lrs`
then agrees with the report from the learners' files. With the real Ralph."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest

from class_helpers import library, make_class, make_learner, pack
from learnmeta.cli import main
from ralph_lrs import environment_for, report_csv, send, start_ralph, stop_ralph, stored_for, use_ralph
from ralph_lrs import ralph  # noqa: F401 - the module's Ralph (a fixture)

ralph_statements = pytest.importorskip(
    "ralph.models.xapi.base.statements", reason="needs ralph-malph (pip install -e '.[test]')"
)
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")

PACK = "how-cancer-spreads"
BASE = "https://course.example.edu/learnmeta"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
UTC = dt.timezone.utc
WHEN = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch, ralph):
    use_ralph(monkeypatch, tmp_path / "home", ralph, BASE)


def valid(statement: dict) -> None:
    ralph_statements.BaseXapiStatement(**statement)


def export_xapi(tmp_path, progress) -> list[dict]:
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "xapi", "--progress", str(progress), "-o", str(out), "--force"]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def change_answers(path, seed: int) -> tuple[int, int]:
    """Take back one answer and mark one wrong answer right (and, for odd seeds, mark one more
    right and then take it back), as a learner does in the app; returns (undone, overruled)."""
    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(path)
    try:
        answers = store.answers()
        wrong = [a for a in answers if not a.correct]
        right = [a for a in answers if a.correct]
        undone = overruled = 0
        if right:
            assert store.undo_answer(right[seed % len(right)].id)
            undone += 1
        if wrong:
            assert store.overrule_answer(wrong[0].id)
            overruled += 1
        if len(wrong) > 1 and seed % 2:
            assert store.overrule_answer(wrong[1].id) and store.undo_answer(wrong[1].id)
            undone += 1
        return undone, overruled
    finally:
        store.close()


def learner_id(path) -> str:
    from learnmeta.progress import read_progress

    return read_progress(path).learner.id


def test_the_export_voids_what_was_taken_back_and_sends_overruled_answers_again_as_right(tmp_path, capsys):
    learner = make_learner(tmp_path / "sam.toml", None, [PACK], seed=3)
    before = export_xapi(tmp_path, learner)
    assert "voided" not in capsys.readouterr().out
    undone, overruled = change_answers(learner, 3)
    assert (undone, overruled) == (2, 1)
    after = export_xapi(tmp_path, learner)
    assert ('2 answer(s) the learner took back and 1 they marked right ("I was right"): what a record store '
            'may have received of them as they happened is voided') in capsys.readouterr().out
    for statement in after:
        valid(statement)  # Ralph's own model of an xAPI statement: StatementRef, no platform
    ids = {s["id"] for s in after}
    voids = [s for s in after if s["verb"]["id"] == VOIDED]
    assert len(voids) == 4  # the undone answer; the overruled one; the one overruled then undone, twice
    assert all(s["object"]["objectType"] == "StatementRef" and "platform" not in s.get("context", {})
               for s in voids)
    targets = {s["object"]["id"] for s in voids}
    answered_before = {s["id"] for s in before if s["verb"]["id"].endswith("/answered")}
    answered_after = {s["id"] for s in after if s["verb"]["id"].endswith("/answered")}
    # Three of the answers as first exported are voided, and are not in the export any more.
    assert len(targets & answered_before) == 3 and not targets & answered_after
    assert len(answered_before - answered_after) == 3
    # The overruled answer: its own statement, right, marked overruled; the old one's id voided.
    overruled_statements = [s for s in after if s["verb"]["id"].endswith("/answered")
                            and s["result"]["extensions"].get(f"{BASE}/extensions/overruled")]
    assert len(overruled_statements) == 1
    corrected = overruled_statements[0]
    assert corrected["result"]["success"] is True and corrected["id"] not in answered_before
    # The same ids every time: sending again stores nothing twice.
    assert [s["id"] for s in export_xapi(tmp_path, learner)] == [s["id"] for s in after]
    assert len(ids) == len(after)


def test_ralph_5_1_0_still_returns_voided_statements_so_the_report_leaves_them_out(tmp_path, ralph, capsys):
    learner = make_learner(tmp_path / "ann.toml", None, [PACK], seed=4)
    assert send(learner, ralph.url) == 0  # every answer reaches the LRS as given
    change_answers(learner, 4)
    capsys.readouterr()
    assert send(learner, ralph.url) == 0  # then the voids and the corrected answer
    out = capsys.readouterr().out
    assert "earlier form" not in out  # nothing sent before is sent again changed (no 409)
    held = stored_for(ralph, learner_id(learner))
    voided = {s["object"]["id"] for s in held if s["verb"]["id"] == VOIDED}
    assert len(voided) == 2
    # xAPI says an LRS leaves voided statements out of its answers; Ralph 5.1.0 does not
    # (it does not implement voiding), which is why learnmeta's reader filters them.
    assert voided <= {s["id"] for s in held}
    from_lrs = report_csv(capsys, "--lrs", ralph.url)
    from_files = report_csv(capsys, str(learner))
    # This Ralph holds other tests' learners too: compare this learner's pack alone when alone.
    if len({s["actor"]["account"]["name"] for s in ralph.statements()}) == 1:
        assert from_lrs == from_files


def test_the_outbox_voids_an_undone_answer_and_corrects_an_overruled_one_after_sending_them(tmp_path, ralph):
    from test_outbox import answer, outbox_for, wait_for

    from learnmeta.instructor.export import xapi_statements
    from learnmeta.progress import ProgressStore
    from learnmeta.progress.answerlog import handed_in

    store = ProgressStore.open(tmp_path / "cy.toml")
    store.update_settings(lrs=ralph.url)
    box = outbox_for(store, ralph)
    learner = store.progress.learner.id
    questions = pack(PACK).questions
    typed = next(q for q in questions if q.type == "short_answer")
    others = [q for q in questions if q is not typed][:2]
    try:
        attempt = store.start_attempt(PACK, pack(PACK).pack.version)  # durations: from answer to answer
        start = store.progress.packs[PACK].attempts[-1].started
        answer(store, others[0], True, start + dt.timedelta(seconds=30), attempt)
        answer(store, typed, False, start + dt.timedelta(seconds=75), attempt)
        wait_for(lambda: len(stored_for(ralph, learner)) == 2, "both answers in Ralph")
        first, typed_answer = store.answers()
        assert store.overrule_answer(typed_answer.id)  # "I was right"
        wait_for(lambda: len(stored_for(ralph, learner)) == 4, "the void and the corrected answer")
        assert store.undo_answer(first.id)  # "u": taken back
        answer(store, others[1], False, start + dt.timedelta(seconds=140), attempt)
        wait_for(lambda: len(stored_for(ralph, learner)) == 6 and box.status().state == "idle", "all sent")
    finally:
        box.stop()
        store.close()
    held = stored_for(ralph, learner)
    for statement in held:
        valid(statement)
    voids = [s for s in held if s["verb"]["id"] == VOIDED]
    assert len(voids) == 2 and not box.path.exists()
    # Exactly what the export makes of the same progress (but the pages, and the voided answers,
    # which the export leaves out): so `export --lrs` afterwards finds nothing in another form.
    found = handed_in(store.path, store.progress)
    made = xapi_statements(store.progress, learner=learner, learner_name=None, base=BASE, answers=found.answers,
                           changes=found.changes)
    made = {s["id"]: s for s in made if s["verb"]["id"] != "http://adlnet.gov/expapi/verbs/experienced"}
    voided_ids = {s["object"]["id"] for s in voids}
    assert {s["id"] for s in held} - voided_ids == set(made)
    for statement in held:
        if statement["id"] in made:
            assert {key: statement[key] for key in made[statement["id"]]} == made[statement["id"]]
    corrected = next(s for s in held if s.get("result", {}).get("extensions", {}).get(f"{BASE}/extensions/overruled"))
    assert corrected["result"]["success"] is True and corrected["result"]["duration"] == "PT45S"
    last = next(s for s in held if s["object"]["id"].endswith("/" + others[1].id))
    assert last["result"]["duration"] == "PT1M5S"  # since the answer taken back, as it was sent


def test_an_answer_given_while_sending_was_off_is_not_voided_or_sent_when_changed(tmp_path, ralph):
    from test_outbox import answer, outbox_for

    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(tmp_path / "di.toml")
    box = outbox_for(store, ralph)
    learner = store.progress.learner.id
    typed = next(q for q in pack(PACK).questions if q.type == "short_answer")
    try:
        answer(store, typed, False, WHEN)  # sending is off
        store.update_settings(lrs=ralph.url)
        (given,) = store.answers()
        assert store.overrule_answer(given.id)
        import time

        time.sleep(0.5)
        assert not box.path.exists()
    finally:
        box.stop()
        store.close()
    assert stored_for(ralph, learner) == []


@pytest.fixture(scope="module")
def class_lrs(tmp_path_factory):
    """A Ralph of its own holding a class that answered, sent everything (`export --lrs`), then
    took back and overruled answers and sent again."""
    folder = tmp_path_factory.mktemp("void-class")
    server, process = start_ralph(folder / "ralph")
    try:
        with environment_for(folder / "home", server, BASE):
            paths = make_class(folder / "class", 10, [PACK, "what-is-metastatic-cancer"])
            for path in paths:
                assert send(path, server.url) == 0
            changed = [change_answers(path, seed) for seed, path in enumerate(paths)]
            for path in paths:
                assert send(path, server.url) == 0
            yield server, paths, changed
    finally:
        stop_ralph(process)


def test_report_from_the_lrs_equals_the_report_from_files_after_undos_and_overrules(class_lrs, capsys, monkeypatch):
    server, paths, changed = class_lrs
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    assert sum(u for u, _ in changed) >= 10 and sum(o for _, o in changed) >= 5
    from_files = report_csv(capsys, *map(str, paths))
    from_lrs = report_csv(capsys, "--lrs", server.url)
    assert from_lrs == from_files
    # Without leaving the voided statements out, the figures would differ: the check can fail.
    from learnmeta.instructor.class_data import read_statements
    from learnmeta.instructor.report import analyse, known_packs, render_csv

    naive, _ = read_statements([s for s in server.statements() if s["verb"]["id"] != VOIDED], server.url)
    assert render_csv(analyse(naive, known_packs())) != from_files
    assert report_csv(capsys, "--lrs", server.url, "--pack", PACK) == report_csv(capsys, *map(str, paths),
                                                                                  "--pack", PACK)


def test_an_answer_given_again_after_an_undo_is_counted_by_report_lrs_as_from_the_files(tmp_path, ralph, capsys,
                                                                                       monkeypatch):
    """A wrong answer sent, taken back after its feedback and answered right again: the LRS voids
    the first, holds the second with the ``given-again`` extension, and `report --lrs` counts it
    per question ("given_again") as the report from the learner's file does."""
    import csv
    import io

    from learnmeta.progress import ProgressStore

    monkeypatch.setenv("LEARNMETA_LRS_USER", ralph.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", ralph.password)
    model = pack(PACK)
    question = next(q for q in model.questions if q.type == "single")
    wrong, right = (next(c.text for c in question.choices if c.correct == ok) for ok in (False, True))
    progress = tmp_path / "again.toml"
    store = ProgressStore.open(progress)
    try:
        first = store.record_answer(PACK, model.pack.version, question.id, lesson=question.lesson,
                                    section=question.section, response=wrong, correct=False, hints_used=0,
                                    when=WHEN)
    finally:
        store.close()
    assert send(progress, ralph.url) == 0
    store = ProgressStore.open(progress)
    try:
        assert store.undo_answer(first)
        store.record_answer(PACK, model.pack.version, question.id, lesson=question.lesson,
                            section=question.section, response=right, correct=True, hints_used=0,
                            when=WHEN + dt.timedelta(seconds=30), given_again=True)
    finally:
        store.close()
    assert send(progress, ralph.url) == 0
    learner = learner_id(progress)
    held = [s for s in stored_for(ralph, learner) if s["verb"]["id"].endswith("/answered")]
    assert any(s["result"]["extensions"].get(f"{BASE}/extensions/given-again") is True for s in held)

    def row(text: str) -> dict:
        return next(r for r in csv.DictReader(io.StringIO(text)) if r["question"] == question.id)

    from_files = report_csv(capsys, str(progress))
    assert row(from_files)["given_again"] == "1" and row(from_files)["facility"] == "1.000"
    assert row(report_csv(capsys, "--lrs", ralph.url, "--pack", PACK))["given_again"] == "1"


def test_the_report_from_xapi_files_leaves_out_what_they_void(class_lrs, tmp_path, capsys):
    server, paths, _ = class_lrs
    dump = tmp_path / "lrs-copy.json"  # a copy of what the LRS holds, voids and voided together
    dump.write_text(json.dumps(server.statements()), encoding="utf-8")
    assert report_csv(capsys, str(dump)) == report_csv(capsys, *map(str, paths))


def test_a_void_waiting_in_the_outbox_survives_a_restart_and_is_sent_after_its_answer(tmp_path, ralph):
    """The LRS is down while the learner answers and says "I was right"; learnmeta stops; the
    next start sends the answer, then the void and the corrected answer, in that order."""
    from test_outbox import answer, outbox_for, wait_for

    from learnmeta.instructor.outbox import Outbox
    from learnmeta.progress import ProgressStore
    from ralph_lrs import free_port

    path = tmp_path / "eve.toml"
    down = f"http://127.0.0.1:{free_port()}/xAPI/statements"
    store = ProgressStore.open(path)
    store.update_settings(lrs=down)
    box = Outbox(store, library(), user=ralph.user, password=ralph.password, base=BASE, first_wait=60)
    box.start()
    typed = next(q for q in pack(PACK).questions if q.type == "short_answer")
    try:
        answer(store, typed, False, WHEN)
        (given,) = store.answers()
        assert store.overrule_answer(given.id)
        assert box.status().answers_waiting == 2
    finally:
        box.stop()
        store.close()
    records = [json.loads(line) for line in box.path.read_text(encoding="utf-8").splitlines()]
    assert [[s["verb"]["id"].rsplit("/", 1)[1] for s in r["statements"]] for r in records] == [
        ["answered"], ["voided", "answered"]]
    store = ProgressStore.open(path)
    store.update_settings(lrs=ralph.url)  # the course's LRS is reachable at its address now
    again = outbox_for(store, ralph)
    learner = store.progress.learner.id
    try:
        assert again.status().answers_waiting == 2  # the void was read back as this learner's
        wait_for(lambda: again.status().state == "idle" and len(stored_for(ralph, learner)) == 3, "all sent")
    finally:
        again.stop()
        store.close()
    held = stored_for(ralph, learner)
    void = next(s for s in held if s["verb"]["id"] == VOIDED)
    original = next(s for s in held if s["id"] == void["object"]["id"])
    assert original["result"]["success"] is False
    corrected = next(s for s in held if s is not void and s is not original)
    assert corrected["result"]["success"] is True


def test_a_voiding_statement_in_the_outbox_that_names_anything_but_one_statement_is_never_sent(tmp_path, ralph):
    """Read back from the outbox file, a "voided" statement by this learner is sent only as the
    outbox makes it: its object a reference to one statement id."""
    from learnmeta.instructor import results, xapi
    from learnmeta.instructor.outbox import Outbox, outbox_path
    from learnmeta.progress import ProgressStore

    path = tmp_path / "fay.toml"
    store = ProgressStore.open(path)
    store.update_settings(lrs=ralph.url)
    agent = results.actor(account_name=store.progress.learner.id, home=xapi.home_page(BASE))
    good = xapi.voiding(agent, store.progress.learner.id, "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10", None, base=BASE,
                        reason="undone")
    bad = [
        {**good, "object": {"objectType": "Activity", "id": f"{BASE}/packs/{PACK}"}},
        {**good, "object": {"objectType": "StatementRef", "id": "not-a-uuid"}},
        {**good, "object": {"objectType": "StatementRef", "id": good["object"]["id"], "definition": {}}},
    ]
    lines = [json.dumps({"n": n, "kind": "change", "statements": [s]}) for n, s in enumerate([*bad, good], start=1)]
    outbox_path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    box = Outbox(store, library(), user="", password="", base=BASE, first_wait=60)  # waits: no credentials
    box.start()
    try:
        assert box.status().answers_waiting == 1  # of the four records, only the good one
    finally:
        box.stop()
        store.close()


# ----------------------------------------------------------------------------------------------
# `learnmeta serve`: a session offers the course's record store, with the same consent
# ----------------------------------------------------------------------------------------------


async def test_a_served_session_asks_and_sends_the_answers_of_a_learner_who_says_yes(tmp_path, ralph, monkeypatch,
                                                                                      screen_text):
    from waiting import until

    from learnmeta.app.served import ServedApp
    from learnmeta.serve.roster import HomeRoster

    monkeypatch.setenv("LEARNMETA_LRS_URL", ralph.url)  # as `learnmeta serve` was started by the course
    app = ServedApp(library(), HomeRoster(tmp_path / "learners"))
    try:
        async with app.run_test(size=(100, 50)) as pilot:
            await pilot.pause()
            for key in "Gus":
                await pilot.press(key)
            await pilot.press("enter")
            await until(pilot, lambda: "Welcome" in screen_text(app), "the welcome")
            text = " ".join(screen_text(app).split())
            assert "Send my answers to my course" in text and "Nothing leaves this computer." not in text
            await pilot.press("enter")  # on to the box
            await until(pilot, lambda: app.focused is not None and app.focused.id == "send", "the box")
            await pilot.press("space")  # only Space ticks it
            await pilot.press("enter", "enter", "enter")
            await until(pilot, lambda: app.store.settings.welcomed, "the welcome done")
            assert app.store.settings.lrs == ralph.url.rstrip("/") + "/statements"
            from test_outbox import answer, wait_for

            answer(app.store, pack(PACK).questions[0], True, WHEN)
            learner = app.store.progress.learner.id
            wait_for(lambda: len(stored_for(ralph, learner)) == 1, "the answer in Ralph")
    finally:
        app.close_store()
    assert "name" not in stored_for(ralph, learner)[0]["actor"]


async def test_a_served_session_without_a_course_record_store_sends_nothing(tmp_path, monkeypatch, screen_text):
    from waiting import until

    from learnmeta.app.served import ServedApp
    from learnmeta.serve.roster import HomeRoster

    monkeypatch.delenv("LEARNMETA_LRS_URL", raising=False)
    app = ServedApp(library(), HomeRoster(tmp_path / "learners"))
    try:
        async with app.run_test(size=(100, 50)) as pilot:
            await pilot.pause()
            for key in "Hal":
                await pilot.press(key)
            await pilot.press("enter")
            await until(pilot, lambda: "Welcome" in screen_text(app), "the welcome")
            assert app.outbox is None
            assert "Send my answers" not in screen_text(app)
    finally:
        app.close_store()


def test_serve_refuses_a_bad_course_record_store_address_before_it_starts(monkeypatch, capsys):
    monkeypatch.setenv("LEARNMETA_LRS_URL", "http://user:pw@127.0.0.1:1/xAPI/")
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "LEARNMETA_LRS_URL" in err and "pw@" not in err


def test_a_class_folder_with_learners_outboxes_reports_without_naming_them(tmp_path, capsys):
    """In a served class the outbox sits beside the progress file: `report DIR` reads past it."""
    learner = make_learner(tmp_path / "class" / "ann.toml", None, [PACK], seed=5)
    (tmp_path / "class" / "ann.outbox.jsonl").write_text('{"n":1,"kind":"answer","statements":[]}\n')
    (tmp_path / "class" / "ann.outbox-sent.json").write_text('{"sent": 1}\n')
    capsys.readouterr()
    assert main(["report", "--csv", str(tmp_path / "class")]) == 0
    captured = capsys.readouterr()
    assert "skipped" not in captured.err
    assert captured.out == report_csv(capsys, str(learner))


def test_a_planted_outbox_never_voids_another_learners_statement(tmp_path, ralph):
    """An outbox file is untrusted: one planted beside a learner's progress file, voiding a
    statement of another learner (its id known) as this learner, sends nothing with the course's
    credentials; a void of this learner's own answer (in the answer log, not in the outbox) still
    goes."""
    from test_outbox import answer, outbox_for, wait_for

    from learnmeta.instructor import results, xapi
    from learnmeta.instructor.outbox import outbox_path
    from learnmeta.progress import ProgressStore

    bob = ProgressStore.open(tmp_path / "bob.toml")
    bob.update_settings(lrs=ralph.url)
    box = outbox_for(bob, ralph)
    try:
        answer(bob, pack(PACK).questions[0], True, WHEN)
        wait_for(lambda: len(stored_for(ralph, bob.progress.learner.id)) == 1, "bob's answer in Ralph")
    finally:
        box.stop()
        bob.close()
    (bobs,) = stored_for(ralph, bob.progress.learner.id)

    path = tmp_path / "cat.toml"
    cat = ProgressStore.open(path)  # answers while sending is off: in the log, not in the outbox
    answer(cat, pack(PACK).questions[1], False, WHEN)
    (given,) = cat.answers()
    learner = cat.progress.learner.id
    agent = results.actor(account_name=learner, home=xapi.home_page(BASE))
    planted = xapi.voiding(agent, learner, bobs["id"], None, base=BASE, reason="undone")
    own = xapi.voiding(agent, learner, xapi.answered_id(learner, given.id), None, base=BASE, reason="undone")
    lines = [json.dumps({"n": n, "kind": "change", "statements": [s]}) for n, s in enumerate([planted, own], 1)]
    outbox_path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    cat.update_settings(lrs=ralph.url)
    box = outbox_for(cat, ralph)
    try:
        wait_for(lambda: box.status().state == "idle" and box.status().waiting == 0, "the outbox gone through")
        wait_for(lambda: stored_for(ralph, learner), "cat's own void in Ralph")
    finally:
        box.stop()
        cat.close()
    voids = [s for s in ralph.statements() if s["verb"]["id"] == VOIDED]
    assert bobs["id"] not in {s["object"]["id"] for s in voids}
    assert [s["object"]["id"] for s in stored_for(ralph, learner)] == [own["object"]["id"]]
