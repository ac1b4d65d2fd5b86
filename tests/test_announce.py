"""What a screen reader in the browser is told after an answer (learnmeta/app/announce.py).

Under `learnmeta serve` the app writes a short text in words (the verdict and the feedback, the
question's number and prompt, the results) as a private terminal sequence that the page puts into
a live region. These tests check the one function that makes pack text safe to write inside that
sequence, what the app composes (a fake ``announce`` on the test driver, as the served driver
has), and that the real terminal path writes no such sequence. The browser end is in
tests/test_serve_browser.py.
"""

from __future__ import annotations

import os
import sys
import unicodedata

import pytest

from learnmeta.app.announce import ANNOUNCE_OSC, MOST, sentences, sequence, spoken

OPENER = f"\x1b]{ANNOUNCE_OSC};"

HOSTILE = (
    "Right\x1b]0;owned\x07 \x1b[31mred\x1b[0m \x1bP+q\x1b\\ \x9b31m \x9d0;t\x9c \x90dcs\x9c"
    " \x07\x18\x1a\x7f\x85 <img src=x onerror=alert(1)> [b]bold[/b] &amp; \u202egnp.exe\u202c"
    " \u2028line\u2029para \ud800 \ue000 \ufeff end"
)


def _harmless(text: str) -> None:
    """Nothing in ``text`` can end the sequence early or start another: only characters at or
    above U+0020, none of U+007F-U+009F, no format or separator characters, single spaces."""
    for char in text:
        assert char == " " or char.isprintable(), repr(char)
        assert not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F), repr(char)
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"), repr(char)
    assert "  " not in text and text == text.strip()


def test_hostile_pack_text_becomes_plain_words_that_cannot_leave_the_sequence():
    words = spoken(HOSTILE)
    _harmless(words)
    # The words stay, as literal text (markup is not interpreted here, nor in the page).
    assert words.startswith("Right ]0;owned [31mred [0m P+q \\ 31m 0;t dcs")
    assert "<img src=x onerror=alert(1)> [b]bold[/b] &amp;" in words
    assert words.endswith("gnp.exe line para end")
    said = sequence(HOSTILE)
    assert said.startswith(OPENER) and said.endswith("\x07")
    inner = said[len(OPENER):-1]
    assert inner == words
    assert "\x1b" not in inner and "\x07" not in inner and "\x9c" not in inner
    said.encode("utf-8")  # a lone surrogate would have made the write fail


def test_a_very_long_text_is_cut_at_a_word_with_an_ellipsis():
    text = "Right. " + " ".join(f"word{n}" for n in range(500))
    words = spoken(text)
    assert len(words) <= MOST and words.endswith("…")
    assert words[:-1].split()[-1].startswith("word") and words[:-1] in text  # whole words only
    one_word = "x" * 5000  # no space to cut at: cut where it is
    assert spoken(one_word) == "x" * (MOST - 1) + "…"
    assert len(sequence(text).encode("utf-8")) <= 4 * MOST + 16


def test_nothing_is_written_for_a_text_with_no_words():
    assert spoken("\x1b\x07\x9c \n\t") == ""
    assert sequence("\x1b\x07\x9c\x9b") == ""
    assert sequence("") == ""


def test_sentences_end_each_part_with_a_stop():
    assert sentences("✓ Right".removeprefix("✓"), "", "The right answer: X", "Why: it is.") == (
        "Right. The right answer: X. Why: it is.")


def test_the_served_driver_writes_the_sequence_and_nothing_for_no_words():
    from learnmeta.app.served import ServedDriver

    driver = ServedDriver.__new__(ServedDriver)  # only its announce, with its write caught
    written: list[str] = []
    driver.write = written.append  # type: ignore[method-assign]
    driver.announce("Not quite.\x1b]0;x\x07 <b>why</b>")
    driver.announce("\x1b\x07")
    assert written == [f"{OPENER}Not quite. ]0;x <b>why</b>\x07"]


async def _answer(pilot, *keys: str) -> None:
    await pilot.press(*keys, "enter")
    await pilot.pause()
    await pilot.pause()


async def test_the_question_the_verdict_the_feedback_and_the_results_are_announced(make_app, announced):
    from learnmeta.app.screens.quiz import QuizScreen

    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        first = screen.session.current
        assert announced[-1] == f"Question 1 of 2. {first.prompt}"
        await _answer(pilot)  # Enter with nothing chosen: the message is read out
        assert announced[-1] == "Choose an answer first: press its number, then Enter."
        await _answer(pilot, "1")  # "Bone cancer": not right
        said = announced[-1]
        assert said.startswith("Not quite. The right answer: Metastatic breast cancer.")
        assert "Not quite. The cells in the bones are still breast cancer cells." in said
        assert said.endswith("Why: Cancer keeps the name of the place where it started.")
        await _answer(pilot)
        assert announced[-1].startswith("Question 2 of 2. Metastatic cancer has the same kind of cells")
        await _answer(pilot, "t")
        assert announced[-1] == ("Right. Why: The cells that spread are the same kind as where the "
                                 "cancer started.")
        await _answer(pilot)
        assert announced[-1].startswith("Results: What spreading means: check. You got 1 of 2 right (50%).")
        assert "✓" not in announced[-1] and "✗" not in announced[-1]


async def test_a_hint_is_announced_as_it_is_shown(make_app, quiz_content, announced):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert announced[-1] == "Question 1 of 6. Pick b."
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert announced[-1] == "Hint 1 of 2: It is not a."
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert announced[-1] == "Hint 2 of 2: It is b."


async def test_an_exam_question_is_announced_with_its_state(make_app, quiz_content, announced):
    app = make_app(content=[quiz_content], start=("quiz", "test-pack", "exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert announced[-1] == "Question 1 of 6 (not answered). Pick b."
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.pause()
        assert announced[-1].startswith("Question 2 of 6 (") and "Pick a and c." in announced[-1]


async def test_an_announcement_whose_frame_never_came_does_not_silence_the_next(make_app, announced, monkeypatch):
    """Textual runs an after-refresh callback on the screen current then; one whose screen
    closes first is never run. The announcements after it are still read out (without it, once
    it is old: not late)."""
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        with monkeypatch.context() as lost:
            lost.setattr(app, "call_after_refresh", lambda *args, **kwargs: True)
            app.announce("Never written.")
        lost_at = app._to_announce[-1][0]
        app._to_announce[-1] = (lost_at - app.ANNOUNCE_WITHIN - 1, "Never written.", None)
        await _answer(pilot, "1")
        assert announced[-1].startswith("Not quite. The right answer: Metastatic breast cancer.")


async def test_a_lesson_page_turned_is_announced(make_app, announced):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert announced[-1] == "What spreading means, page 1 of 3: Where cancer starts."
        for _ in range(3):
            await pilot.press("right")
            await pilot.pause()
        await pilot.pause()
        assert announced[-2:] == ["What spreading means, page 3 of 3: Talking to your team.",
                                  "What spreading means: key points."]


async def test_a_notice_is_announced_with_its_words(make_app, announced):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.say("Your progress is cleared. [b]kept[/b]")
        await pilot.pause()
        await pilot.pause()
        assert announced[-1] == "Your progress is cleared. [b]kept[/b]."


async def test_in_a_terminal_nothing_is_composed_or_announced(make_app):
    """The test driver, like a terminal's, has no ``announce``: the app does not compose."""
    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.announcing
        await _answer(pilot, "2")
        assert app._to_announce is None


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"),
                    reason="needs a pseudo-terminal (POSIX)")
def test_the_program_in_a_real_terminal_writes_no_announcement(tmp_path):
    """`learnmeta quiz` on a pseudo-terminal: a question answered wrong, one answered right, the
    feedback drawn each time; not one byte of the announcement's sequence is written."""
    from kill_harness import press, start_quiz, stop, wait_for

    _content, _progress, pid, fd, output = start_quiz(tmp_path)
    try:
        assert wait_for(lambda: b"Pick b." in b"".join(output)), b"".join(output)[-2000:]
        press(fd, output, b"1", "•".encode())
        press(fd, output, b"\r", "✗ Not quite".encode())
        press(fd, output, b"\r", b"Pick a and c.")
        press(fd, output, b"13\r", "✓ Right".encode())
        press(fd, output, b"\r", b"Question 3 of 6")
    finally:
        stop(pid, fd)
    drawn = b"".join(output)
    assert b"\x1b]" + str(ANNOUNCE_OSC).encode() not in drawn
    assert str(ANNOUNCE_OSC).encode() + b";" not in drawn


def test_the_page_listens_for_the_same_sequence_and_is_handed_the_terminal():
    from pathlib import Path

    import learnmeta.serve
    from learnmeta.serve.server import SCRIPT_ANNOUNCE, LearnServer

    script = LearnServer(host="127.0.0.1", port=0)._script().decode("utf-8")
    assert script.count(SCRIPT_ANNOUNCE) == 1
    folder = Path(learnmeta.serve.__file__).parent
    page = (folder / "static" / "page.js").read_text("utf-8")
    assert f"registerOscHandler({ANNOUNCE_OSC}," in page
    assert "innerHTML" not in page and "textContent = waiting" in page
    index = (folder / "templates" / "index.html").read_text("utf-8")
    assert '<div id="announce" class="announce" role="status" aria-live="polite"' in index
