"""A line of the feedback set in under the one above (a choice's note, an item of "You answered"
or "The right answer"), or marked ✓ ✗ (the choice a note is about), goes on under its own text
when it wraps, not at the left edge, where it would read as a line of its own
(learnmeta.app.widgets.feedback, ``hung``)."""

from __future__ import annotations

import re

import pytest

from factories import pack_data, write_content
from learnmeta.app.app import LearnApp
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.content.library import load_library
from learnmeta.progress import ProgressStore
from learnmeta.quiz.engine import QuizSession
from waiting import settled, until

BAR = re.compile(r"^ ?[█▌▐▊▋▍▎▏] ?")


def feedback_lines(text: str) -> list[str]:
    """The feedback's lines on screen, the bar on their left left out (and the scrollbar on the
    right)."""
    lines = []
    for line in text.splitlines():
        match = BAR.match(line)
        if match:
            lines.append(line[match.end():].rstrip(" ▁▂▃▄▅▆▇█"))
    return lines


async def all_feedback(pilot, screen_text) -> list[str]:
    """Every line of the feedback, scrolling down (↓) until its last ("Next question" or "See
    your results") is in view."""
    seen: list[str] = []
    for _ in range(40):
        lines = feedback_lines(screen_text(pilot.app))
        if not seen:
            seen = lines
        else:  # the new lines are those after the last overlap
            for overlap in range(min(len(seen), len(lines)), 0, -1):
                if seen[-overlap:] == lines[:overlap]:
                    break
            else:
                overlap = 0
            seen += lines[overlap:]
        if any("Next question" in line or "See your results" in line for line in lines):
            return seen
        await pilot.press("down", "down", "down")
        await pilot.pause()
    raise AssertionError("the feedback's end never came into view")


def blocks(lines: list[str], starts: tuple[str, ...]) -> list[list[str]]:
    """The runs of lines from a line starting with one of ``starts`` to the next blank line."""
    found = []
    for number, line in enumerate(lines):
        if line.startswith(starts):
            block = [line]
            for after in lines[number + 1:]:
                if not after.strip():
                    break
                block.append(after)
            found.append(block)
    return found


async def test_a_choice_s_note_wrapped_at_80_columns_goes_on_under_its_text(tmp_path, screen_text):
    library = load_library(user_packs=False)
    pack = library.pack("what-is-metastatic-cancer")
    question = pack.question("other-names")
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.update_settings(welcomed=True)
    try:
        app = LearnApp(library, store, ("home",), seed=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(QuizScreen(QuizSession(pack, [question], seed=0, mode="check"), store=store))
            await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the question")
            await settled(pilot)
            await pilot.press("2", "4", "enter")
            await settled(pilot)
            lines = await all_feedback(pilot, screen_text)
            notes = blocks(lines, ("✓ ", "✗ "))[1:]  # the verdict's line first
            assert len(notes) == 5, lines  # two ticked wrongly, three left out
            wrapped = 0
            for header, *rest in notes:
                assert rest and rest[-1].startswith("  "), (header, rest)
                # The choice's own line (✗ and its name) goes on two cells in, as its note does.
                for line in rest:
                    assert line.startswith("  ") and line[2] != " ", (header, rest)
                wrapped += len(rest) - 1
            assert wrapped >= 2  # the two long notes and "does not belong." did wrap
            choice_lines = [line for note in notes for line in note if not line.startswith("  ")]
            assert all(line.startswith("✗ ") for line in choice_lines), choice_lines
            # Wrapped for another width and back: the same lines (nothing hung twice).
            for width in (72, 80):
                await pilot.resize_terminal(width, 24)
                await pilot.pause()
            app.screen.query_one("#quiz-body").scroll_home(animate=False)
            await pilot.pause()
            assert await all_feedback(pilot, screen_text) == lines
    finally:
        store.close()


LONG = [
    "The cancer cells leave the tumour where they started and go into the blood or lymph vessels",
    "The cancer cells travel in the blood or the lymph fluid to another part of the body far away",
    "The cancer cells settle in the new place, grow there and form a new tumour called a metastasis",
]


@pytest.fixture
def long_items(tmp_path):
    """A pack of two questions: a matching and an ordering one, each with items of about 90
    characters."""
    data = pack_data()
    matching, ordering = data["questions"][3], data["questions"][4]
    matching["pairs"] = [{"left": f"Step {n}", "right": text} for n, text in enumerate(LONG, 1)]
    matching["distractors"] = []
    ordering["items"] = LONG
    data["questions"] = [matching, ordering]
    return write_content(tmp_path / "long-items", data)


def assert_hung(lines: list[str], label: str, lead: re.Pattern) -> None:
    """The list under ``label``: every item's line starts with ``lead``; every line it wraps
    onto starts under the item's text, never further left."""
    start = next(n for n, line in enumerate(lines) if line.startswith(label))
    items = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        items.append(line)
    assert len(items) > 3, items  # three items, and they wrapped
    indent = 0
    for line in items:
        match = lead.match(line)
        if match:
            indent = match.end()
        else:
            assert indent and line[:indent].strip() == "" and line[indent] != " ", (label, items)


@pytest.mark.parametrize("keys, labels", [
    (("1", "1", "1", "enter"), ("You answered:", "The right answer:")),  # matching: all answer 1
    (("k", "enter"), ("You answered:",)),  # ordering, in the order shown
])
async def test_long_items_of_the_answer_lists_at_60x20_go_on_under_their_text(
    make_app, long_items, screen_text, keys, labels
):
    app = make_app(content=[long_items], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)
        lines = await all_feedback(pilot, screen_text)
        # Each item after its ✓ ✗, its number, or the item it is matched to ("Step 1 → ").
        assert_hung(lines, "You answered:", re.compile(r"  [✓✗] (?:\d+\. )?(?:Step \d → )?(?=\S)"))
        if "The right answer:" in labels:
            assert_hung(lines, "The right answer:", re.compile(r"  (?:\d+\. )?(?:Step \d → )?(?=\S)"))


async def checked_answers_in_view(pilot, app, keys) -> None:
    """Press ``keys`` one at a time in an exam (answers, then s and y: submitted) and scroll its
    results to the checked answers."""
    from learnmeta.app.screens.results import ResultsScreen

    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)
    block = app.screen.query_one(".results-checked")
    app.screen.scroll_to_widget(block, animate=False, top=True, immediate=True)
    await pilot.pause()


async def test_an_exam_s_checked_notes_on_the_results_go_on_under_their_text(make_app, tmp_path, screen_text):
    data = pack_data()
    data["pack"]["mode"] = "exam"
    multiple = data["questions"][1]
    multiple["choices"][1]["feedback"] = (
        "Not quite. This one is a long note that says why the choice does not belong, and it is far"
        " too long to fit on one line of an eighty column window."
    )
    data["questions"] = [multiple]
    content = write_content(tmp_path / "exam", data)
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await checked_answers_in_view(pilot, app, ("1", "2", "3", "s", "y"))  # a, b and c ticked: b does not belong
        lines = feedback_lines(screen_text(app))
        start = next(n for n, line in enumerate(lines) if line.startswith("  Not quite. This one is a long note"))
        assert lines[start + 1].startswith("  ") and lines[start + 1][2] != " ", lines[start:start + 3]
        assert "eighty column window." in " ".join(" ".join(lines[start:start + 3]).split())
