"""Sending answers to a course's LRS, as the learner meets it: the welcome, the question at
start, Settings, plain mode and the command line. The LRS here is an address where nothing
answers (so nothing is sent), except in the plain-mode test, which uses the real Ralph."""

from __future__ import annotations

import sys
import tomllib

import pytest

from ralph_lrs import free_port, start_ralph, stop_ralph
from waiting import until

BASE = "https://course.example.edu/learnmeta"


@pytest.fixture
def offered():
    return f"http://127.0.0.1:{free_port()}/xAPI/statements"


@pytest.fixture
def course_app(tmp_path, sample_content):
    """``course_app(offered, welcomed=..., lrs=...)``: the app over the sample content, with an
    outbox as launch makes one when a course offers its LRS."""
    from learnmeta.app.app import LearnApp
    from learnmeta.content.library import load_library
    from learnmeta.instructor.outbox import Outbox
    from learnmeta.progress import ProgressStore

    made = []

    def factory(offered, *, welcomed=True, progress=None, **settings):
        library = load_library([sample_content], builtin=False, user_packs=False)
        store = ProgressStore.open(progress or tmp_path / "progress.toml")
        if welcomed:
            settings["welcomed"] = True
        if settings:
            store.update_settings(**settings)
        box = Outbox(store, library, offered=offered, user="course", password="secret-pw", base=BASE,
                     first_wait=30)
        box.start()
        made.append((store, box))
        return LearnApp(library, store, ("home",), outbox=box)

    yield factory
    for store, box in made:
        box.stop(0.1)
        store.close()


def saved(tmp_path) -> dict:
    return tomllib.loads((tmp_path / "progress.toml").read_text(encoding="utf-8"))["learner"]


async def test_the_welcome_asks_and_pressing_enter_through_it_sends_nothing(course_app, offered, tmp_path,
                                                                            screen_text):
    app = course_app(offered, welcomed=False)
    async with app.run_test(size=(100, 50)) as pilot:
        await until(pilot, lambda: "Welcome" in screen_text(app), "the welcome")
        text = " ".join(screen_text(app).split())
        assert "Your course asks to receive your answers: you choose below whether they are sent." in text
        assert "Nothing leaves this computer." not in text  # not promised while it is being asked
        host = offered.split("/")[2]
        assert "Send my answers to my course" in text
        assert f"Where: your course's record store at {host}." in text
        assert "with a random learner number instead of your name" in text
        assert "You can turn this off at any time in Settings." in text
        await pilot.press("enter")  # the name: on to the box
        await until(pilot, lambda: app.focused is not None and app.focused.id == "send", "the box focused")
        assert "nothing is sent unless it is ticked" in " ".join(screen_text(app).split())
        await pilot.press("enter", "enter", "enter")  # Enter goes on; it never ticks the box
        await until(pilot, lambda: app.store.settings.welcomed, "the welcome done")
    learner = saved(tmp_path)
    assert "lrs" not in learner and learner["lrs_declined"] == offered
    assert not (tmp_path / "progress.outbox.jsonl").exists()


async def test_space_ticks_the_box_and_then_the_app_says_where_answers_go(course_app, offered, tmp_path,
                                                                          screen_text):
    app = course_app(offered, welcomed=False)
    host = offered.split("/")[2]
    async with app.run_test(size=(100, 50)) as pilot:
        await until(pilot, lambda: "Welcome" in screen_text(app), "the welcome")
        await pilot.press("enter", "space", "enter", "enter", "enter")
        await until(pilot, lambda: app.store.settings.welcomed, "the welcome done")
        assert saved(tmp_path)["lrs"] == offered
        await pilot.press("f2")  # Support says it too, instead of "nothing leaves this computer"
        await until(pilot, lambda: "About this app" in screen_text(app), "support")
        text = " ".join(screen_text(app).split())
        assert "Nothing you do here leaves this computer" not in text
        assert f"your answers are also sent to your course's record store at {host}" in text


def dialog_text(app) -> str:
    from learnmeta.app.screens.confirm import ConfirmDialog

    if not isinstance(app.screen, ConfirmDialog):
        return ""
    return " ".join(str(app.screen.query_one("#question").render()).split())


async def test_a_learner_welcomed_before_is_asked_once_and_no_is_kept(course_app, tmp_path, screen_text):
    offered = "http://192.0.2.1:9/xAPI/statements"  # a documentation address: nothing answers
    app = course_app(offered)
    async with app.run_test(size=(80, 30)) as pilot:
        await until(pilot, lambda: "Send your answers to your course?" in dialog_text(app), "the question")
        text = dialog_text(app)
        assert text.startswith("Your course asks to receive your answers in its record store at 192.0.2.1:9.")
        assert "with a random learner number instead of your name" in text
        assert "This address does not use https, so what is sent is not encrypted on the way." in text
        assert "No, keep them here (n)" in screen_text(app) and "Yes, send them (y)" in screen_text(app)
        await pilot.press("n")
        await until(pilot, lambda: saved(tmp_path).get("lrs_declined") == offered, "no saved")
        assert "lrs" not in saved(tmp_path)
    again = course_app(offered)
    async with again.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert dialog_text(again) == ""


async def test_settings_say_what_is_sent_where_how_it_goes_and_turn_it_off(course_app, offered, tmp_path,
                                                                            screen_text):
    from learnmeta.progress.model import HistoryEntry  # noqa: F401 - the store records it

    app = course_app(offered, lrs=offered)
    host = offered.split("/")[2]
    async with app.run_test(size=(100, 50)) as pilot:
        app.store.record_answer("sample-pack", "1", "q1", lesson=None, section=None, response="x",
                                correct=True, hints_used=0)
        await until(pilot, lambda: app.outbox.status().state == "unreachable", "the LRS tried")
        app.show_settings()
        await until(pilot, lambda: "Sending your answers to your course" in screen_text(app), "settings")
        text = " ".join(screen_text(app).split())
        assert "Send my answers to my course: on" in text
        assert "What is sent: each answer you give" in text
        assert f"Where: your course's record store at {host}. To stop, untick the box (Space)" in text
        assert "1 answer waiting to send: the course's record store is not reachable." in text
        assert "kept safely on this computer" in text
        assert "secret-pw" not in text
        app.screen.query_one("#send").focus()
        await pilot.press("space")
        await until(pilot, lambda: saved(tmp_path).get("lrs") is None, "turned off")
        await until(pilot, lambda: "Sending is off: nothing leaves this computer." in
                    " ".join(screen_text(app).split()), "the status says off")
        assert "Send my answers to my course: off" in " ".join(screen_text(app).split())
    assert "secret-pw" not in (tmp_path / "progress.toml").read_text(encoding="utf-8")
    assert "secret-pw" not in (tmp_path / "progress.outbox.jsonl").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")
def test_plain_mode_asks_then_sends_each_answer_and_bad_addresses_are_usage_errors(tmp_path, monkeypatch):
    from class_helpers import pack
    from learnmeta.progress.fileformat import read_progress
    from test_plain_mode import home, plain, typed

    status, _, err = plain("--plain", "--lrs", "ftp://lrs.example.edu/xAPI/", stdin="quit\n")
    assert status == 2 and "--lrs: 'ftp://lrs.example.edu/xAPI/' is not an http:// or https://" in err
    monkeypatch.setenv("LEARNMETA_LRS_URL", "https://user:pw@lrs.example.edu/xAPI/")
    status, _, err = plain("--plain", stdin="quit\n")
    assert status == 2 and "LEARNMETA_LRS_URL: the address holds a user name or password" in err
    monkeypatch.delenv("LEARNMETA_LRS_URL")
    server, process = start_ralph(tmp_path / "ralph")
    try:
        monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
        monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
        model = pack("how-cancer-spreads")
        lines = ["maybe", "yes"]
        for question in model.questions:
            lines += [typed(question, True), ""]
        lines += ["", "quit"]
        status, out, err = plain("--plain", "--lrs", server.url, "quiz", model.id, stdin="\n".join(lines) + "\n",
                                 timeout=120)
        assert status == 0, err
        assert "Your course asks to receive your answers in its record store at 127.0.0.1:" in out
        assert "Type yes or no." in out
        assert "Saved: your answers are sent to your course as you go." in out
        assert server.password not in out + err
        learner = read_progress(home() / "learners" / "default.toml").learner
        held = [s for s in server.statements() if s["actor"]["account"]["name"] == learner.id]
        assert len(held) == len(model.questions) + 2  # every answer, and the quiz's result
        assert learner.lrs == server.url.rstrip("/") + "/statements"
        # Next time it is not asked again; Home offers to turn it off.
        status, out, _ = plain("--plain", "--lrs", server.url, stdin="8\noff\nquit\n")
        assert "Your course asks" not in out
        assert "8. Sending your answers to your course: on" in out
        assert "Everything is sent to 127.0.0.1:" in out or "Your answers are sent to" in out
        assert "Saved: sending is off. Nothing more is sent." in out
        assert read_progress(home() / "learners" / "default.toml").learner.lrs is None
    finally:
        stop_ralph(process)


@pytest.mark.skipif(sys.platform == "win32", reason="stops Ralph by its process group (POSIX)")
async def test_answers_given_in_the_app_reach_the_real_lrs_as_they_are_given(tmp_path, screen_text):
    from factories import write_lesson, write_pack
    from learnmeta.app.app import LearnApp
    from learnmeta.content.library import load_library
    from learnmeta.instructor.outbox import Outbox
    from learnmeta.progress import ProgressStore

    content = tmp_path / "content"
    content.mkdir()
    write_lesson(content)
    write_pack(content)
    server, process = start_ralph(tmp_path / "ralph")
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.update_settings(welcomed=True, lrs=server.url.rstrip("/") + "/statements")
    library = load_library([content], builtin=False, user_packs=False)
    box = Outbox(store, library, user=server.user, password=server.password, base=BASE)
    box.start()
    learner = store.progress.learner.id

    def held() -> int:
        return sum(1 for s in server.statements() if s["actor"]["account"]["name"] == learner)

    try:
        app = LearnApp(library, store, ("quiz", "test-pack"), outbox=box)
        async with app.run_test(size=(100, 50)) as pilot:
            await until(pilot, lambda: "Question 1 of 6" in screen_text(app), "the quiz")
            await pilot.press("2", "enter")  # q-single, right
            await until(pilot, lambda: "Right" in screen_text(app), "the feedback")
            await until(pilot, lambda: held() == 1, "the answer in Ralph", timeout=30)
            await pilot.press("enter", "1", "3", "enter")  # q-multiple
            await until(pilot, lambda: held() == 2, "the second answer in Ralph", timeout=30)
            app.show_settings()
            await until(pilot, lambda: "Everything is sent to 127.0.0.1:" in " ".join(screen_text(app).split()),
                        "Settings says so")
    finally:
        box.stop()
        store.close()
        stop_ralph(process)


async def test_settings_show_the_sending_state_as_it_changes_pushed_by_the_outbox_not_polled(course_app, tmp_path):
    """The sending thread's changes reach Settings as they happen (the outbox tells the screen,
    which shows them in its own thread): Settings does not ask the outbox once a second."""
    import threading
    from http.server import BaseHTTPRequestHandler

    from loopback import Loopback

    answer = threading.Event()  # the LRS holds its answer until the test lets it go

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer.wait(30)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

    server = Loopback(Handler, "/xAPI/statements")
    address = server.url
    try:
        app = course_app(address, lrs=address)

        def status_shown() -> str:
            return " ".join(str(app.screen.query_one("#send-status").render()).split())

        def clocks() -> list:  # the screen's timers but Textual's own (its updates)
            return [timer for timer in app.screen._timers if timer.name != "screen_update"]

        async with app.run_test(size=(100, 50)) as pilot:
            app.show_settings()
            await until(pilot, lambda: "as you go. Nothing is waiting." in status_shown(), "the status")
            assert clocks() == []  # nothing on the screen runs on a clock
            app.store.record_answer("sample-pack", "1", "q1", lesson=None, section=None, response="x",
                                    correct=True, hints_used=0)
            await until(pilot, lambda: "1 answer waiting to send to" in status_shown(), "sending")
            answer.set()  # the LRS takes it: only the sending thread knows
            await until(pilot, lambda: "Everything is sent to" in status_shown(), "the news pushed")
            assert clocks() == []
    finally:
        answer.set()
        server.close()
