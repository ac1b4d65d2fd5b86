""""My questions for my next visit" in plain mode: the learner's own list, as numbered lines.

The same list as the app's (kept in the progress file by the store): add a question the lessons
suggest, write one's own, mark one asked, move or remove one, and save the list as a Markdown
page to print (:mod:`learnmeta.study.visit`), beside the progress file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from learnmeta.content.checklist import TITLE, suggestions
from learnmeta.study.visit import visit_markdown

if TYPE_CHECKING:
    from learnmeta.plain.front import PlainFront

HELP = (
    "add 3: add suggestion 3 to your list",
    "new, then your question: write a question of your own (or new Can I travel?)",
    "asked 2: mark question 2 on your list asked (again: not asked yet)",
    "up 2 / down 2: move question 2 on your list",
    "remove 2: take question 2 off your list",
    "save: save your list as a page to print or bring to your visit",
    "list: show the list again; Enter, or back: leave",
)


def page_path(progress_path: Path) -> Path:
    """Beside the progress file, as the app saves it: ``default.toml`` -> ``default-questions.md``."""
    return progress_path.with_name(f"{progress_path.stem}-questions.md")


class VisitQuestions:
    def __init__(self, front: PlainFront) -> None:
        self.front = front
        self.store = front.store
        self.say = front.say

    def offered(self) -> list[tuple[str, str]]:
        mine = {q.text.casefold() for q in self.store.visit_questions}
        return [s for s in suggestions(self.front.library.lessons) if s[0].casefold() not in mine]

    def show(self) -> None:
        self.front.console.blank()
        self.say(f"{TITLE}.")
        mine = self.store.visit_questions
        if mine:
            self.say(f"Your list ({len(mine)}):")
            self.say(*(f"{n}. {'[x] asked: ' if q.asked else '[ ] '}{q.text}" for n, q in enumerate(mine, 1)))
        else:
            self.say("Your list is empty.")
        offered = self.offered()
        if offered:
            self.say("Suggested by the lessons (add N adds one to your list):")
            self.say(*(f"{n}. {text}" for n, (text, _) in enumerate(offered, 1)))
        self.say("Type help for what you can do here.")

    def run(self) -> None:
        self.show()
        while True:
            text = self.front.ask("Your list: add N, new, asked N, up N, down N, remove N, save, or Enter to leave:",
                                  context="visit")
            word, _, rest = text.partition(" ")
            word, rest = word.lower(), rest.strip()
            if word in ("", "back"):
                return
            if word == "list":
                self.show()
            elif word == "new":
                self._new(rest)
            elif word == "save":
                self._save()
            elif word in ("add", "asked", "up", "down", "remove"):
                self._numbered(word, rest)
            else:
                self.say("Type help for what you can do here.")

    def _numbered(self, word: str, rest: str) -> None:
        options = self.offered() if word == "add" else self.store.visit_questions
        which = "suggestion" if word == "add" else "question on your list"
        if not options:
            self.say("There are no suggestions left to add." if word == "add" else "Your list is empty.")
            return
        if not rest.isdigit() or not 1 <= int(rest) <= len(options):
            self.say(f"Type {word} and the number of a {which}, from 1 to {len(options)}.")
            return
        index = int(rest) - 1
        if word == "add":
            text, lesson = self.offered()[index]
            problem = self.store.add_visit_question(text, lesson)
            self.say(problem or f"Added to your list: {text}")
        elif word == "asked":
            question = self.store.visit_questions[index]
            self.store.mark_visit_question(index, not question.asked)
            self.say(f"Marked {'not yet asked' if question.asked else 'asked'}: {question.text}")
        elif word == "remove":
            text = self.store.visit_questions[index].text
            self.store.remove_visit_question(index)
            self.say(f"Removed from your list: {text}")
        else:
            now = self.store.move_visit_question(index, -1 if word == "up" else 1)
            self.say(f"Now number {now + 1} of {len(self.store.visit_questions)}.")

    def _new(self, text: str) -> None:
        if not text:
            text = self.front.ask("Type your question (Enter alone: nothing is added):", context="visit")
            if not text:
                self.say("Nothing added.")
                return
        problem = self.store.add_visit_question(text)
        self.say(problem or f"Added to your list: {' '.join(text.split())}")

    def _save(self) -> None:
        mine = self.store.visit_questions
        if not mine:
            self.say("Your list is empty: add a suggestion (add N) or write your own (new) first.")
            return
        if self.front.preview:
            self.say("This is a preview: nothing is saved.")
            return
        from learnmeta.files import replace_atomically

        path = page_path(Path(self.store.path))
        try:
            replace_atomically(path, visit_markdown(mine, dt.date.today()), backup=True)
        except OSError as error:
            self.say(f"Your questions could not be saved to {path}: {error.strerror or error}.")
            return
        self.say(f"Saved to {path}. Print it, or bring it to your next visit.")
