"""`learnmeta serve`'s app, without a browser: "Who is learning?", one learner per session, the
class's PINs, and the join code's checks (the browser tests are in test_serve_browser.py)."""

from __future__ import annotations

import pytest

from serve_scaffold import NO_UNRAISABLE
from waiting import until

from learnmeta.serve import gate as gate_module
from learnmeta.serve.gate import Gate, code_problem, new_code, normal_code
from learnmeta.serve.roster import (
    MAX_WRONG_PINS,
    ClassRoster,
    HomeRoster,
    RosterProblem,
    clean_name,
)

pytestmark = NO_UNRAISABLE


async def _type(pilot, text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def _sign_in(pilot, name: str, pin: str) -> None:
    """A class's learner types their name and PIN, each followed by Enter."""
    await _type(pilot, name)
    await pilot.press("enter")
    await _type(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_session_starts_at_who_is_learning_and_shows_no_learner_data(served, tmp_path, screen_text):
    folder = tmp_path / "learners"
    folder.mkdir()
    (folder / "ann-lee.toml").write_text("", encoding="utf-8")
    app = served(HomeRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Who is learning?" in text
        assert "▶ ann-lee" in text  # on one's own computer, the learners here are listed
        assert "↑ ↓ to choose your name" in text
        assert "Continue" not in text and "Lessons" not in text
        assert app.store is None
        await pilot.press("tab")
        await pilot.pause()
        assert "▶" not in screen_text(app)  # the list let go of the focus: no marker
        await pilot.press("ctrl+p")  # no palette, no help before a learner is chosen
        await pilot.press("f1")
        await pilot.pause()
        assert "Who is learning?" in screen_text(app)


async def test_a_new_learner_gets_their_own_file_and_home_with_escape_never_back(served, tmp_path, screen_text):
    folder = tmp_path / "learners"
    app = served(HomeRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "Bo Chen")
        await pilot.press("enter")
        await pilot.pause()
        assert app.store is not None
        assert app.store.path == (folder / "bo-chen.toml").absolute()
        assert (folder / "bo-chen.toml").exists()
        assert "Welcome to learnmeta" in screen_text(app)
        assert app.store.settings.name == "Bo Chen"  # the welcome greets them by it
        await pilot.press("escape")  # the welcome's "Start"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "learning about metastatic cancer" in text and "Who is learning?" not in text


async def test_picking_a_learner_already_open_elsewhere_is_read_only(served, tmp_path, screen_text):
    from learnmeta.progress import ProgressStore

    folder = tmp_path / "learners"
    folder.mkdir()
    other = ProgressStore.open(folder / "ann.toml")  # another tab or window has Ann
    try:
        other.update_settings(welcomed=True)
        app = served(HomeRoster(folder))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the list has the focus: Ann
            await pilot.pause()
            assert app.store.read_only
            assert "does not save" in screen_text(app) or "Not saving" in screen_text(app)
    finally:
        other.close()


async def test_a_path_like_name_stays_in_the_learners_folder(served, tmp_path):
    folder = tmp_path / "learners"
    app = served(HomeRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "../../etc/passwd")
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.path.parent == folder.absolute()
        assert app.store.path.name == "etc-passwd.toml"


async def test_in_a_class_nobody_is_listed_and_a_pin_protects_each_name(served, tmp_path, screen_text):
    folder = tmp_path / "class"
    folder.mkdir()
    ClassRoster(folder).choose("Ann", "4739")  # Ann came before, with her PIN
    app = served(ClassRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your PIN" in text and "ann" not in text.lower().replace("anne", "")
        await _sign_in(pilot, "Ann", "1111")
        assert app.store is None
        assert "already taken" in screen_text(app)
        await _type(pilot, "4739")
        await pilot.press("enter")
        await pilot.pause()
        assert app.store is not None and app.store.path.name == "ann.toml"
        text = screen_text(app)
        assert "Welcome to learnmeta" in text
        assert "your teacher can read" in " ".join(text.split())  # not "nothing leaves this computer"
        assert "Nothing leaves this computer" not in text


def test_a_class_pin_is_kept_hashed_outside_the_report_glob(tmp_path):
    roster = ClassRoster(tmp_path)
    choice = roster.choose("Ann Lee", "secret-4")
    assert choice.path == tmp_path / "ann-lee.toml" and choice.new
    pin_file = tmp_path / ".learnmeta-pins" / "ann-lee.pin"
    assert "secret-4" not in pin_file.read_text()
    assert [p.name for p in tmp_path.glob("*.toml")] == []
    assert roster.choose("ann lee", "secret-4").path == choice.path  # the same learner id


def test_wrong_pins_lock_a_name_for_a_while_whatever_the_session(tmp_path, monkeypatch):
    ClassRoster(tmp_path).choose("Ann", "4739")
    for _ in range(MAX_WRONG_PINS):
        with pytest.raises(RosterProblem, match="already taken"):
            ClassRoster(tmp_path).choose("Ann", "0000")  # a new roster: another session
    with pytest.raises(RosterProblem, match="Too many wrong PINs"):
        ClassRoster(tmp_path).choose("Ann", "4739")  # even the right PIN waits
    import time

    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    assert ClassRoster(tmp_path).choose("Ann", "4739").name == "Ann"


@pytest.mark.parametrize("pin", ["1234", "0000", "4321", "abcd", "1212", "ann lee", "AnnLee"])
def test_a_new_pin_that_would_be_guessed_first_is_refused(tmp_path, pin):
    # Someone with the join code and the class list tries 1234 and 0000 on every name: five
    # wrong PINs lock a name, but those few guesses would open someone's progress in most
    # classes. The name stays free for its owner.
    with pytest.raises(RosterProblem, match="easy to guess"):
        ClassRoster(tmp_path).choose("Ann Lee", pin)
    assert not (tmp_path / ".learnmeta-pins" / "ann-lee.pin").exists()
    assert ClassRoster(tmp_path).choose("Ann Lee", "4739").new


def test_a_damaged_pin_file_protects_the_name(tmp_path):
    ClassRoster(tmp_path).choose("Ann", "4739")
    (tmp_path / ".learnmeta-pins" / "ann.pin").write_bytes(b"\xff not json")
    with pytest.raises(RosterProblem):
        ClassRoster(tmp_path).choose("Ann", "4739")


def test_pins_and_names_are_checked():
    roster = ClassRoster
    with pytest.raises(RosterProblem, match="PIN of 4"):
        roster(".").choose("Ann", "12")
    with pytest.raises(RosterProblem, match="type a name"):
        HomeRoster(".").choose(" \t\u200b ")
    assert clean_name("A\x1b[31mnn\u202e " + "x" * 500) == ("A[31mnn " + "x" * 500)[:60]


def test_the_list_shows_only_files_learnmeta_would_have_named(tmp_path):
    for name in ("ann.toml", "ann.toml.bak", "ann.broken-20260101.toml", "Bad Name.toml",
                 "notes.txt", "bo.toml.lock"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "dir.toml").mkdir()
    assert HomeRoster(tmp_path).learners() == ["ann"]


def test_join_codes_are_compared_after_normalising_and_wrong_ones_are_limited():
    now = [0.0]
    gate = Gate("K7PM-4QX2", clock=lambda: now[0])
    assert gate.try_code(" k7pm 4qx2 ", "1.2.3.4") == "ok"
    for _ in range(gate_module.WRONG_PER_ADDRESS):
        assert gate.try_code("AAAA-AAAA", "1.2.3.4") == "wrong"
    assert gate.try_code("K7PM-4QX2", "1.2.3.4") == "wait"  # not even checked
    assert gate.try_code("K7PM-4QX2", "5.6.7.8") == "ok"  # another address is not held up
    now[0] += 61
    assert gate.try_code("K7PM-4QX2", "1.2.3.4") == "ok"


def test_joining_again_and_again_cannot_sign_the_class_out():
    # Each right code gives a token, and the oldest go once MAX_TOKENS are held: someone with
    # the code joining in a loop pushed out every learner's token (they had to join again).
    now = [0.0]
    gate = Gate("K7PM-4QX2", clock=lambda: now[0])
    learner = gate.new_token()
    for _ in range(gate_module.JOINS_PER_ADDRESS):
        assert gate.try_code("K7PM-4QX2", "10.0.0.9") == "ok"
    assert gate.try_code("K7PM-4QX2", "10.0.0.9") == "busy"
    assert gate.try_code("K7PM-4QX2", "10.0.0.10") == "ok"  # the next learner is not held up
    now[0] += 61
    assert gate.try_code("K7PM-4QX2", "10.0.0.9") == "ok"
    assert gate.admits(learner)


def test_tokens_are_random_bounded_and_expire():
    now = [0.0]
    gate = Gate("K7PM-4QX2", clock=lambda: now[0])
    token = gate.new_token()
    assert gate.admits(token) and not gate.admits(token[:-1] + "x") and not gate.admits(None)
    assert not gate.admits("x" * 1000)
    now[0] += gate_module.TOKEN_LIFETIME + 1
    assert not gate.admits(token)


def test_new_codes_and_given_codes():
    code = new_code()
    assert len(normal_code(code)) == gate_module.CODE_LENGTH and code_problem(code) is None
    assert code_problem("abc") and code_problem("ünïcode-codé")


async def test_a_huge_paste_is_refused_and_a_hostile_name_is_cleaned(served, tmp_path, screen_text):
    from textual import events

    folder = tmp_path / "class"
    app = served(ClassRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = app.focused
        name.post_message(events.Paste("A" * 200_000))  # longer than a name may be: not taken
        await pilot.pause()
        assert name.value == ""
        name.post_message(events.Paste("Eve\x1b]0;title\x07\u202e\x00/../x"))
        await pilot.pause()
        await pilot.press("tab")
        await _type(pilot, "8152")
        await pilot.press("enter")
        await pilot.pause()
        assert app.store is not None
        assert app.store.path.parent == folder.absolute()
        assert "\x1b" not in app.learner.name and "\u202e" not in app.learner.name
        assert "\x1b" not in app.store.settings.name


async def test_a_session_left_at_who_is_learning_ends_and_frees_its_place(served, tmp_path):
    app = served(HomeRoster(tmp_path))
    app.WHO_TIMEOUT = 0.3
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app._exit, "the app to be asked to end")
    assert app.store is None


async def test_a_learner_chosen_in_time_is_not_ended(served, tmp_path):
    app = served(HomeRoster(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _type(pilot, "Ann")
        await pilot.press("enter")
        await pilot.pause()
        app._nobody_came()  # what the timer does when it fires
        await pilot.pause()
        assert not app._exit and app.is_running and app.store is not None


async def test_in_a_class_the_support_screen_says_where_progress_goes(served, tmp_path):
    """The welcome tells a class's learner that the teacher can read their file; the support
    screen's "About this app" must not then say that nothing leaves this computer."""
    from learnmeta.app.screens.support import SupportScreen

    folder = tmp_path / "class"
    folder.mkdir()
    app = served(ClassRoster(folder))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _sign_in(pilot, "Ann", "8362")
        assert app.store is not None
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SupportScreen)
        text = " ".join(str(app.screen.query_one("#support-text").render()).split())
        assert "About this app" in text and "general information, not medical advice" in text
        assert "your teacher can read" in text
        assert "leaves this computer" not in text


async def test_in_a_class_a_reset_names_the_kept_file_without_the_servers_folders(served, tmp_path):
    # The learner is in a browser on another computer: the folder the class's files are in on the
    # teacher's computer (with the teacher's user name in it) is not theirs to see.
    folder = tmp_path / "teacher-jane" / "class"
    app = served(ClassRoster(folder))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await _sign_in(pilot, "Ann", "8152")
        await pilot.press("escape")
        await pilot.pause()
        app.store.record_page("sample-basics", "starts", 3)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#reset").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "The old file is kept" in said and "ann.reset-" in said
        assert "teacher-jane" not in said


async def test_in_a_class_the_stores_notices_leave_out_the_servers_folders(served, tmp_path, screen_text):
    folder = tmp_path / "teacher-jane" / "class"
    ClassRoster(folder).choose("Ann", "8152")
    (folder / "ann.toml").write_text("this is not [ toml", encoding="utf-8")  # kept aside on open
    app = served(ClassRoster(folder))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await _sign_in(pilot, "Ann", "8152")
        assert app.store.notices  # the store said why it saves nothing: with the path
        shown = " ".join(app.screen.messages)  # the notice to read, as the dialog holds it
        assert shown.startswith("ann.toml is not a learnmeta progress file")
        assert "teacher-jane" not in shown


async def test_after_who_home_is_drawn_before_the_work_left_for_after_its_first_frame(served, tmp_path, screen_text, monkeypatch):
    """The collector's freeze (about 100 ms) is left for after the first frame
    (LearnApp._start_collecting_when_idle). After "Who is learning?" it ran first, while Textual
    held every update back for the change of screens (switch_mode's delay_update), so home was
    sent to the browser only after it."""
    from learnmeta.app import app as app_module
    from learnmeta.app.screens.home import HomeScreen
    from learnmeta.progress import ProgressStore

    folder = tmp_path / "learners"
    folder.mkdir()
    with ProgressStore.open(folder / "ann.toml") as store:
        store.update_settings(welcomed=True)
    app = served(HomeRoster(folder))
    sent: list[object] = []  # what went to the terminal (the headless driver then drops it)
    display = app._display

    def displayed(screen, renderable) -> None:
        if renderable is not None and not app._batch_count:
            sent.append(screen)
        display(screen, renderable)

    app._display = displayed  # type: ignore[method-assign]
    home_sent_first: list[bool] = []
    monkeypatch.setattr(app_module, "_freeze_once",
                        lambda: home_sent_first.append(any(isinstance(s, HomeScreen) for s in sent)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Who is learning?" in screen_text(app)
        await pilot.press("enter")  # Ann, listed
        await until(pilot, lambda: home_sent_first, what="the work left for after home's first frame")
        assert home_sent_first == [True]
        assert "Lessons" in screen_text(app)
        await pilot.press("escape")  # going home never comes back to "Who"
        await pilot.pause()
        assert "Lessons" in screen_text(app) and "Who is learning?" not in screen_text(app)


def test_a_browser_gets_who_is_learning_settled_in_its_first_frame_and_home_after_enter(tmp_path):
    """What a browser draws first (the app process as the server starts it: its start packet,
    then "the page has the focus"): "Who is learning?" as it stays, the first learner marked and
    what to do next said, in the first frame (it took four as the screen settled: the focus
    given to the scrolling form first, then to the list, and the app told it was in the
    background just after it was told it had the focus). Then Enter on the learner: home is the
    next thing sent (the app, taken for in the background, drew "Who" again first)."""
    import json
    import os
    import queue
    import re
    import subprocess
    import sys
    import threading

    from learnmeta.progress import ProgressStore
    from learnmeta.serve.session import READY, START

    home = tmp_path / "home"
    with ProgressStore.open(home / "learners" / "ann.toml") as store:
        store.update_settings(welcomed=True, name="Ann")
    env = {**os.environ, "LEARNMETA_HOME": str(home), "LEARNMETA_CACHE": str(tmp_path / "cache")}

    def packet(kind: bytes, payload: bytes) -> bytes:
        return kind + len(payload).to_bytes(4, "big") + payload

    def meta(data: dict) -> bytes:
        return packet(b"M", json.dumps(data).encode())

    with subprocess.Popen([sys.executable, "-P", "-m", "learnmeta.cli.session", "--ahead"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          env=env) as process:
        frames: queue.Queue = queue.Queue()

        def read() -> None:  # each screen update the app sends ("D" packets), as text
            stream = process.stdout
            assert stream.readline() == READY
            while True:
                head = stream.read(5)
                if head == b"__GAN":  # textual's "__GANGLION__\n", once
                    stream.readline()
                    continue
                if len(head) < 5:
                    frames.put(None)
                    return
                body = stream.read(int.from_bytes(head[1:], "big"))
                if head[:1] == b"D":
                    frames.put(re.sub(r"\x1b\[[0-9;?]*[A-Za-z$]", "", body.decode("utf-8", "replace")))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            process.stdin.write(meta({"type": START, "width": 80, "height": 24, "learner": None})
                                + meta({"type": "focus"}))
            process.stdin.flush()
            first = ""
            while "Who is learning?" not in first:
                first = frames.get(timeout=60)
                assert first is not None, "the app ended"
            assert "▶ ann" in first and "↑ ↓ to choose your name" in first
            while True:  # until the screen has settled: 3 s without a frame (1 s could end early on a loaded machine)
                try:
                    assert frames.get(timeout=3.0) is not None
                except queue.Empty:
                    break
            process.stdin.write(packet(b"D", b"\r"))
            process.stdin.flush()
            after = ""
            while "Lessons" not in after:
                after = frames.get(timeout=60)
                assert after is not None, "the app ended"
                if "Lessons" not in after:
                    assert "Who is learning?" not in after and "▶" not in after
        finally:
            try:
                process.stdin.write(meta({"type": "quit"}))
                process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            reader.join(10)


async def test_stylesheets_parsed_ahead_draw_the_same_screens_and_are_not_parsed_again(served, tmp_path, monkeypatch,
                                                                                   screen_text):
    """A process started ahead parses the stylesheets before any tab asks for it
    (served.prepare_styles); the app then draws "Who is learning?" and home exactly as one that
    parsed them itself, without parsing any of them again; an app in another theme (other CSS
    variables) parses its own."""
    from textual.css import stylesheet as textual_stylesheet

    from learnmeta.app import served as served_module
    from learnmeta.progress import ProgressStore

    folder = tmp_path / "learners"
    with ProgressStore.open(folder / "ann.toml") as store:
        store.update_settings(welcomed=True)

    async def pictures(parsed: list) -> list[str]:
        app = served(HomeRoster(folder))
        parse = textual_stylesheet.parse

        def counted(*args, **kwargs):
            parsed.append(args[2])  # where that stylesheet was read from
            return parse(*args, **kwargs)

        monkeypatch.setattr(textual_stylesheet, "parse", counted)
        shown = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "Who is learning?" in screen_text(app)
            shown.append(app.export_screenshot())
            await pilot.press("enter")  # Ann, listed
            await until(pilot, lambda: "Lessons" in screen_text(app), what="home")
            await pilot.pause()
            shown.append(app.export_screenshot())
        monkeypatch.setattr(textual_stylesheet, "parse", parse)
        app.close_store()
        return shown

    monkeypatch.setattr(served_module, "_PREPARED", None)
    parsed_alone: list = []
    alone = await pictures(parsed_alone)
    assert parsed_alone  # (each app parses its stylesheets as they are needed)
    served_module.prepare_styles()
    parsed_ahead: list = []
    ahead = await pictures(parsed_ahead)
    assert ahead == alone
    assert parsed_ahead == []
    assert served_module._PREPARED is None  # for that app alone
    served_module.prepare_styles()
    variables, prepared = served_module._PREPARED
    monkeypatch.setattr(served_module, "_PREPARED", ({**variables, "primary": "#FF0000"}, prepared))
    parsed_other: list = []
    await pictures(parsed_other)  # another theme's variables: not the prepared rules
    assert parsed_other


async def test_in_a_browser_the_focused_button_is_marked_in_words_not_only_by_colour(served, tmp_path, screen_text):
    """A screen reader reads the page's copy of the screen's text, which has no colours: the
    button that has the focus (Enter presses it) starts with ▶ there, as a list's row does, and
    loses it when the focus moves on."""
    app = served(HomeRoster(tmp_path / "learners"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Who is learning?" in screen_text(app), "Who")
        await _type(pilot, "Ann")
        await pilot.press("tab")  # from the name to the Start button
        await until(pilot, lambda: "▶ Start" in screen_text(app), "▶ on the focused Start button")
        await pilot.press("shift+tab")
        await until(pilot, lambda: "▶" not in screen_text(app), "the marker gone with the focus")
        await pilot.press("enter")
        await until(pilot, lambda: "Welcome to learnmeta" in screen_text(app), "the welcome")
        await pilot.press("escape")
        await until(pilot, lambda: "Lessons" in screen_text(app), "home")
        assert "▶ Start: What spreading means" in screen_text(app)  # home's first button has the focus
        await pilot.press("tab")
        await until(pilot, lambda: "▶ 1. What spreading means" in screen_text(app), "the lessons")
        text = screen_text(app)
        assert "▶ Start" not in text and "Start: What spreading means" in text
