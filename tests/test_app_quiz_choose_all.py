"""A "choose all" question says once, not twice, that more than one answer can be right.

Lesson 1's check, question 3 showed its prompt "... Choose all that apply." and then the answer
list's own "Choose every answer that is right.". The list says it only when the prompt does not.
"""

from __future__ import annotations

import dataclasses

import pytest

from learnmeta.app.app import LearnApp
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.content.library import load_library
from learnmeta.progress import ProgressStore
from learnmeta.quiz.engine import QuizSession
from waiting import settled, until


def _told(text: str) -> int:
    flat = " ".join(text.split()).lower()
    return flat.count("choose all that apply") + flat.count("choose every answer that is right")


@pytest.mark.parametrize("prompt, expected", [
    (None, "Choose all that apply."),  # the pack's own words, as lesson 1's check has them
    ("Which of these are other names for metastatic cancer?", "Choose every answer that is right."),
])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_choose_all_question_says_so_once(tmp_path, screen_text, size, prompt, expected):
    library = load_library(user_packs=False)
    pack = library.pack("what-is-metastatic-cancer")
    question = pack.question("other-names")
    if prompt is not None:
        question = dataclasses.replace(question, prompt=prompt)
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.update_settings(welcomed=True)
    try:
        app = LearnApp(library, store, ("home",), seed=0)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.push_screen(QuizScreen(QuizSession(pack, [question], seed=0, mode="check"), store=store))
            await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the question")
            await settled(pilot)  # its answer mounted and focused, the footer built
            text = screen_text(app)
            assert expected in " ".join(text.split())
            assert _told(text) == 1
    finally:
        store.close()
