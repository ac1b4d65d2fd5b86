"""The command palette (Ctrl+P): the app's main actions, each lesson and each quiz.

Lesson and pack titles are shown literally: Textual's ``Matcher.highlight`` parses markup, so the
highlighting here is built on a plain :class:`Content` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from learnmeta.app.safe import literal

if TYPE_CHECKING:
    from learnmeta.app.app import LearnApp


def _highlight(matcher: Matcher, text: str) -> Content:
    content = literal(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    if score:
        for offset in offsets:
            if offset < len(content.plain) and not content.plain[offset].isspace():
                content = content.stylize(matcher.match_style or "bold", offset, offset + 1)
    return content


class LearnCommands(Provider):
    """Home, continue, lessons, quizzes, review, glossary, the body picture, support, help, settings."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: LearnApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Home", app.go_home, "Go to the home screen"),
            ("Continue where you left off", app.continue_learning, "Pick up where you stopped"),
            ("Review questions that are due", app.start_review, "Practise what is due today"),
            ("Glossary", app.show_glossary, "Words and what they mean"),
            ("Where cancer spreads", app.show_body_map, "A picture of common places of spread"),
            ("My questions for my next visit", app.show_questions, "Make your list, and save it to print"),
            ("Support", app.show_support, "Helplines and your healthcare team"),
            ("Help: keys", app.show_help, "Every key"),
            ("Settings", app.show_settings, "Theme, reduced motion, track, name, reset"),
        ]
        for lesson in app.library.lessons:
            commands.append((f"Lesson: {lesson.title}", partial(app.open_lesson, lesson.id), "Open this lesson"))
        for pack in app.library.packs:
            commands.append((f"Quiz: {pack.title}", partial(app.start_quiz, pack), "Start this quiz"))
        commands += [
            ("Your progress", app.show_progress, "Lessons, scores, answers over time, ideas to look at again"),
            ("Past results", app.show_history, "Reopen the results of a quiz, check or review you finished"),
        ]
        return commands

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(literal(text), command, text=text, help=Content(help_text))  # type: ignore[arg-type]  # Textual draws Content (never markup); its annotation says str

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), command, text=text, help=Content(help_text))  # type: ignore[arg-type]  # as above
