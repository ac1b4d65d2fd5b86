"""Plain mode's screens, as lines: home, lessons, quizzes, review, glossary, support and help.

A second front end over the domain core (library, quiz engine, progress store), like the app:
no Textual, no Rich. Every prompt is one line; at any prompt ``help`` lists what can be typed
there, ``support`` shows the helplines, ``glossary`` looks up a word, ``home`` goes home and
``quit`` (or the end of the input) ends, with everything already saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnmeta.content.text import emphasis_in_capitals
from learnmeta.plain.console import Console
from learnmeta.plain.markdown import plain_lines
from learnmeta.plain.visit import HELP as VISIT_HELP

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Lesson
    from learnmeta.progress.store import ProgressStore

NOT_ADVICE = ("It is general information, not medical advice: your healthcare team knows your "
              "situation.")
INTRO = (
    "learnmeta, in plain mode: lessons and quizzes about metastatic cancer, as plain lines of text.",
    "It is general information, not medical advice: your healthcare team knows your situation. "
    "Nothing you do here leaves this computer.",
    "At any prompt, type help for what you can type there, support for who you can talk to, "
    "or quit to stop. Your progress is saved as you go.",
)

EVERYWHERE = (
    "help: what you can type here",
    "support: helplines and who you can talk to",
    "glossary: look up a word",
    "home: go to the home menu",
    "quit: stop (your progress is saved as you go; the end of the input quits too)",
)

HELP = {
    "home": ("Type the number of a choice and press Enter.",),
    "menu": ("Type the number of a choice, or press Enter to go back.",),
    "lesson": (
        "next, or just Enter: the next page",
        "back: the page before",
        "trainee: read the pages for health-care trainees offered on this page",
        "words: the glossary words on this page, with their meanings",
        "check: at the end of a lesson, check what you learned",
    ),
    "quiz": (
        "One choice: type its number, for example 2.",
        "Choose all that apply: type the numbers with spaces between, for example 1 3.",
        "True or false: type t or f.",
        "Matching: type each item's number and its match's letter, for example 1b 2a 3c.",
        "Ordering: type the numbers in the right order, first to last, for example 3 1 2.",
        "A typed answer: type the words.",
        "hint: a hint (one at a time; hints used are noted)",
        "skip: skip the question (no penalty; it comes back once, at the end)",
    ),
    "exam": (
        "An answer, typed as in a quiz (a number, numbers, t or f, 1b 2a, 3 1 2, or words): it is "
        "kept, and the next question follows. Nothing says right or wrong until you submit.",
        "next, or just Enter: the next question, without answering (you can come back)",
        "back: the question before",
        "list: every question, and which are answered",
        "go and a number, for example go 3: go to that question",
        "clear: take back your answer to this question",
        "time: the time left, and how many are answered",
        "submit: submit the whole exam (it asks first, and names the questions not answered)",
        "There are no hints, and no undo, in an exam.",
    ),
    "confirm": ("yes: submit the exam", "no: keep working"),
    "answered": (
        "next, or just Enter: the next question",
        "read: read the lesson page that teaches this question",
        "undo: take your answer back and answer again (not in an exam)",
        "right: after a typed answer marked not right, say it was right; it then counts as right",
    ),
    "sure": (
        "1: not sure",
        "2: fairly sure",
        "3: sure",
        "Enter: check the answer without saying how sure",
        "back: change your answer first",
    ),
    "results": (
        "Enter: go home",
        "a number: read about that question",
        "practise: practise the questions you missed or did not answer",
    ),
    "visit": VISIT_HELP,
    "glossary": (
        "a word: its meaning (or the words that contain what you typed)",
        "list: every word in the glossary",
        "Enter, or back: leave the glossary",
    ),
}


TRACKS = {"self": "on my own", "course": "in a course, with a pass mark"}


class GoHome(Exception):
    """``home`` was typed: back to the home menu."""


class Quit(Exception):
    """``quit`` was typed."""


class PlainFront:
    def __init__(self, library: Library, store: ProgressStore, console: Console, *,
                 preview: bool = False, seed: int | str | None = None, outbox=None) -> None:
        import collections

        self.outbox = outbox
        """The course's outbox (:mod:`learnmeta.instructor.outbox`), or None (nothing is sent)."""
        self._outbox_news: collections.deque[str] = collections.deque()
        """What the outbox's thread had to say, told at the next prompt (never in the middle
        of a line the learner is reading or typing)."""
        self.library = library
        self.store = store
        self.console = console
        self.say = console.say
        self.preview = preview
        self.seed = seed
        self._in_glossary = False

    # --- prompts --------------------------------------------------------------------------------
    def ask(self, prompt: str, *, context: str) -> str:
        """A line typed at ``prompt``; the commands that work everywhere are handled here."""
        while True:
            while self._outbox_news:
                self.say(f"Notice: {self._outbox_news.popleft()}")
            text = self.console.read(prompt)
            word = text.lower()
            if word in ("quit", "q", "exit"):
                raise Quit
            if word in ("help", "?"):
                self.help(context)
                continue
            if word == "support":
                self.support()
                continue
            if word == "glossary" and not self._in_glossary:
                self.glossary()
                continue
            if word == "home":
                raise GoHome
            return text

    def help(self, context: str) -> None:
        self.console.blank()
        self.say("Help. What you can type here:")
        self.say(*(f"- {line}" for line in HELP.get(context, ())))
        self.say("Everywhere:", *(f"- {line}" for line in EVERYWHERE))

    def choose(self, title: str, options: list[str], *, context: str = "menu") -> int | None:
        """A numbered menu; the index chosen, or None for Enter (back)."""
        self.console.blank()
        self.say(title)
        self.say(*(f"{number}. {option}" for number, option in enumerate(options, 1)))
        while True:
            text = self.ask(f"Type a number from 1 to {len(options)}, or press Enter to go back:", context=context)
            if text == "" or text.lower() == "back":
                return None
            if text.isdigit() and 1 <= int(text) <= len(options):
                return int(text) - 1
            self.say(f"Type a number from 1 to {len(options)}.")

    # --- starting -------------------------------------------------------------------------------
    def run(self, start: tuple, notices: list[str]) -> None:
        """The intro, what the store said on opening, then ``start``; then home until quit."""
        note = None
        if self.outbox is not None:
            from learnmeta.instructor.outbox import sending_note

            note = sending_note(self.outbox)
        self.say(INTRO[0], INTRO[1] if note is None else f"{NOT_ADVICE} {note}", *INTRO[2:])
        for message in [*notices, *self.store.notices]:
            self.say(f"Notice: {message}")
        if self.outbox is not None:
            self.outbox.listen(self._outbox_news.append)
            if self.outbox.needs_choice() and not self.preview:
                self.ask_about_sending()
        self.store.listen(lambda message: self.say(f"Notice: {message}"))
        try:
            try:
                kind = start[0]
                if kind == "lesson":
                    self.open_lesson(start[1])
                elif kind == "quiz":
                    self.start_quiz(start[1], exam=start[2:3] == ("exam",))
                elif kind == "review":
                    self.review()
            except GoHome:
                pass
            while True:
                try:
                    self.home()
                except GoHome:
                    continue
        except Quit:
            return

    # --- home -----------------------------------------------------------------------------------
    def home(self) -> None:
        from learnmeta.study.next_step import next_step

        step = next_step(self.library, self.store)
        due = self.store.due_count(library=self.library)
        review = f"Review ({due} question{'s' if due != 1 else ''} due now)"
        if not due:
            import datetime as dt

            from learnmeta.progress.scheduling import next_review_in_words

            when = next_review_in_words(self.store.next_due(self.library), dt.datetime.now(dt.timezone.utc))
            if when:
                review = f"Review (nothing is due now; next review: {when})"
        entries = [
            (step.label, "continue"),
            ("Lessons", "lessons"),
            ("Quizzes", "quizzes"),
            (review, "review"),
            ("Glossary: look up a word", "glossary"),
            ("Support: who you can talk to", "support"),
            (f"How you are learning: {TRACKS[self._track()]} (change it)", "track"),
            *([(f"Sending your answers to your course: {'on' if self.outbox.on else 'off'}", "sending")]
              if self.outbox is not None and self.outbox.address is not None else []),
            ("My questions for my next visit", "visit"),
            ("Your progress: lessons, scores, answers over time, ideas to look at again", "progress"),
            ("Past results: reopen a quiz, check or review you finished", "history"),
            (f"Ask how sure I am before checking an answer: {'on' if self._asks_confidence() else 'off'} "
             "(change it)", "sure"),
            ("Help", "help"),
            ("Quit", "quit"),
        ]
        self.console.blank()
        self.say("Home.")
        self.say(*(f"{number}. {label}" for number, (label, _) in enumerate(entries, 1)))
        while True:
            text = self.ask(f"Type a number from 1 to {len(entries)}:", context="home")
            if text.isdigit() and 1 <= int(text) <= len(entries):
                break
            if text:
                self.say(f"Type a number from 1 to {len(entries)}.")
        action = entries[int(text) - 1][1]
        if action == "continue":
            self.continue_learning(step)
        elif action == "lessons":
            self.lessons()
        elif action == "quizzes":
            self.quizzes()
        elif action == "review":
            self.review()
        elif action == "glossary":
            self.glossary()
        elif action == "visit":
            from learnmeta.plain.visit import VisitQuestions

            VisitQuestions(self).run()
        elif action == "support":
            self.support()
        elif action == "track":
            self.choose_track()
        elif action == "sending":
            self.sending()
        elif action == "progress":
            self.progress()
        elif action == "history":
            self.history()
        elif action == "sure":
            self.choose_confidence()
        elif action == "help":
            self.help("home")
        else:
            raise Quit

    def _track(self) -> str:
        return "course" if self.store.settings.track == "course" else "self"

    def choose_track(self) -> None:
        """On my own, or in a course (a pass mark, and the pages for health-care trainees read
        in turn): the setting the app's welcome and Settings change."""
        keys = list(TRACKS)
        chosen = self.choose("How are you learning?", [TRACKS[key] for key in keys])
        if chosen is None:
            return
        self.store.update_settings(track=keys[chosen])
        self.say(f"Saved: {TRACKS[keys[chosen]]}.")

    def _asks_confidence(self) -> bool:
        from learnmeta.quiz.confidence import asked

        settings = self.store.settings
        return asked(settings.ask_confidence, settings.track)

    def choose_confidence(self) -> None:
        """Whether a quiz asks how sure the learner is before checking an answer (the setting
        Settings changes in the app; never chosen, it follows the track)."""
        chosen = self.choose(
            "Ask how sure you are before each answer is checked?",
            ["Yes, ask me (1 not sure, 2 fairly sure, 3 sure)", "No, just check my answers"],
        )
        if chosen is None:
            return
        self.store.update_settings(ask_confidence=chosen == 0)
        self.say("Saved: you will be asked how sure you are." if chosen == 0
                 else "Saved: your answers are checked without asking how sure.")

    def ask_about_sending(self) -> None:
        """A course offers its record store: yes or no, asked once for each address."""
        from learnmeta.instructor.outbox import consent_question

        offered = self.outbox.offered
        self.console.blank()
        self.say(consent_question(offered))
        while True:
            text = self.ask("Type yes to send your answers, or no to keep them here:", context="menu").lower()
            if text in ("yes", "y", "no", "n"):
                break
            self.say("Type yes or no.")
        send = text.startswith("y")
        self.outbox.choose(send, offered)
        self.say("Saved: your answers are sent to your course as you go. Home, then Sending, turns "
                 "this off." if send else "Saved: nothing is sent; your answers stay on this computer.")

    def sending(self) -> None:
        """Sending answers to the course: what is sent, where, how it is going; on or off."""
        from learnmeta.instructor.outbox import WHAT_IS_SENT, host_of, not_encrypted_note

        outbox = self.outbox
        address = outbox.address
        self.console.blank()
        self.say(f"Sending your answers to your course's record store at {host_of(address)}: "
                 f"{'on' if outbox.on else 'off'}.")
        self.say(WHAT_IS_SENT + not_encrypted_note(address))
        self.say(outbox.status().words)
        verb = "off" if outbox.on else "on"
        text = self.ask(f"Type {verb} to turn it {verb}, or press Enter to go back:", context="menu").lower()
        if text == verb:
            outbox.choose(verb == "on", address)
            self.say(f"Saved: sending is {verb}." + (" Nothing more is sent." if verb == "off" else ""))

    def continue_learning(self, step) -> None:
        if step.kind == "lesson":
            self.open_lesson(step.lesson.id, step.page)
        elif step.kind == "quiz":
            self.start_quiz(step.pack)
        elif step.kind == "check":
            self.start_quiz(step.pack, step.lesson.meta.knowledge_check.questions, mode="check")
        elif step.kind == "review":
            self.review()
        else:
            self.lessons()

    def lessons(self) -> None:
        lessons = self.library.lessons
        labels = []
        for lesson in lessons:
            state = self.store.lesson_state(lesson.id)
            if state.completed:
                status = "done"
            elif state.pages_seen:
                status = "started"
            else:
                status = "not started"
            labels.append(f"{lesson.title} ({status}, about {lesson.meta.estimated_minutes} minutes)")
        chosen = self.choose("Lessons:", labels)
        if chosen is not None:
            self.open_lesson(lessons[chosen].id)

    def quizzes(self) -> None:
        packs = self.library.packs
        labels = []
        for pack in packs:
            best = self.store.best_score(pack.id)
            from learnmeta.quiz.size import questions_words

            best_text = f", best score {best} percent" if best is not None else ""
            labels.append(f"{pack.title} ({questions_words(pack)}{best_text})")
        chosen = self.choose("Quizzes:", labels)
        if chosen is not None:
            self.start_quiz(packs[chosen])

    # --- lessons --------------------------------------------------------------------------------
    def lesson_title(self, lesson_id: str) -> str:
        lesson = self.library.lesson(lesson_id)
        return lesson.title if lesson is not None else lesson_id

    def where_to_read(self, lesson_id: str, section_id: str) -> str:
        lesson = self.library.lesson(lesson_id)
        if lesson is None:
            return f"the lesson {lesson_id}, page {section_id}"
        page = lesson.page(section_id)
        return f"the lesson “{lesson.title}”, page “{page.title if page is not None else section_id}”"

    def open_lesson(self, lesson_id: str, page_id: str | None = None) -> None:
        """Read a lesson from ``page_id``, or where the learner left it (a finished one: page 1)."""
        lesson = self.library.lesson(lesson_id)
        if lesson is None:
            self.say(f"There is no lesson with the id '{lesson_id}'.")
            return
        if page_id is None or lesson.page(page_id) is None:
            state = self.store.lesson_state(lesson_id)
            page_id = None if state.completed else state.last_page
        LessonReader(self, lesson, page_id).run()

    def read_more(self, lesson_id: str, section_id: str) -> None:
        """One lesson page, to read about a question: nothing is saved, the bookmark stays."""
        lesson = self.library.lesson(lesson_id)
        page = lesson.page(section_id) if lesson is not None else None
        if lesson is None or page is None:
            self.say("That lesson page cannot be opened from here.")
            return
        self.console.blank()
        self.say(f"Read more, from the lesson “{lesson.title}”: {page.title}")
        self.console.blank()
        self.say(*plain_lines(page.body))
        self.console.blank()
        self.say("End of the page. Back to where you were.")

    # --- quizzes --------------------------------------------------------------------------------
    def _seed(self) -> dict:
        return {} if self.seed is None else {"seed": self.seed}

    def start_quiz(self, pack, question_ids=None, mode: str = "quiz", exam: bool = False) -> None:
        from learnmeta.plain.quiz import PlainQuiz
        from learnmeta.quiz.engine import QuizSession

        from learnmeta.quiz.exam import is_exam

        if question_ids is None and mode == "quiz" and is_exam(pack, None if self.preview else self.store,
                                                               asked=exam):
            from learnmeta.plain.exam import PlainExam
            from learnmeta.quiz.exam import ExamSession

            title = "Preview (answers are not saved)" if self.preview else "Exam"
            PlainExam(self, ExamSession(pack, **self._seed()), f"{title}: {pack.title}",
                      save=not self.preview, preview=self.preview).run()
            return

        if question_ids is not None:
            questions = [q for qid in question_ids if (q := pack.question(qid)) is not None]
            if not questions:
                self.say("None of those questions are in the quiz.")
                return
            session = QuizSession(pack, questions, **self._seed(), mode=mode)
        else:
            session = QuizSession(pack, **self._seed(), mode=mode)
        title = {"check": "Check what you learned", "practice": "Practise"}.get(mode, "Quiz")
        if self.preview:
            title = "Preview (answers are not saved)"
        PlainQuiz(self, session, f"{title}: {pack.title}", save=not self.preview,
                  preview=self.preview).run()

    def review(self) -> None:
        from learnmeta.plain.quiz import PlainQuiz
        from learnmeta.quiz.engine import ReviewSession

        items = self.store.due_items(self.library)
        if not items:
            import datetime as dt

            from learnmeta.progress.scheduling import next_review_in_words

            answered = any(self.store.progress.questions.values())
            self.console.blank()
            self.say("Nothing is due for review right now." if answered else "There is nothing to review yet.")
            when = next_review_in_words(self.store.next_due(self.library), dt.datetime.now(dt.timezone.utc))
            if answered and when and when != "now":
                self.say(f"The next review is {when}.")
            self.say("How review works: questions you miss in a quiz come back here later, spaced out "
                     "so they are easier to remember. When some are due, the home menu says so.")
            return
        PlainQuiz(self, ReviewSession(items, **self._seed(), mode="review"), "Review").run()

    # --- progress and past results ----------------------------------------------------------------
    def progress(self) -> None:
        """The progress summary (learnmeta.study.summary) as lines; a number reads a page."""
        from learnmeta.study.summary import progress_summary

        summary = progress_summary(self.library, self.store)
        say = self.say
        self.console.blank()
        say("Your progress.", summary.review_text())
        self.console.blank()
        say("Lessons:")
        for number, lesson in enumerate(summary.lessons, 1):
            say(f"{number}. {lesson.title}: {lesson.pages_text}; {lesson.check_text}; {lesson.mastered_text}.")
        say("Mastered means answered right at least twice, and right the last time.")
        self.console.blank()
        say("Your answers over time.", *summary.days_text())
        pages: list[tuple[str, str]] = []
        self.console.blank()
        if summary.ideas:
            say("Ideas to look at again (your answers suggested each twice or more):")
            for idea in summary.ideas[:30]:
                pages.append((idea.lesson, idea.section))
                say(f"{len(pages)}. {idea.plain_words} (chosen {idea.times} times) "
                    f"Read: {self.where_to_read(idea.lesson, idea.section)}.")
        else:
            say("Ideas to look at again: none for now.")
        if summary.leeches:
            say("Questions you have missed often (review shows their page first):")
            for leech in summary.leeches[:30]:
                pages.append((leech.lesson, leech.section))
                say(f"{len(pages)}. {emphasis_in_capitals(leech.question.prompt)} (missed {leech.wrong} of {leech.seen} times) "
                    f"Read: {self.where_to_read(leech.lesson, leech.section)}.")
        else:
            say("Questions you have missed often: none.")
        while pages:
            text = self.ask(f"Type a number from 1 to {len(pages)} to read its page, or press Enter to go back:",
                            context="menu")
            if text == "" or text.lower() == "back":
                return
            if text.isdigit() and 1 <= int(text) <= len(pages):
                self.read_more(*pages[int(text) - 1])
            else:
                say(f"Type a number from 1 to {len(pages)}.")

    def history(self) -> None:
        """Past results: choose a finished attempt to hear its results again."""
        from learnmeta.study.history import past_attempts

        attempts = past_attempts(self.library, self.store)
        if not attempts:
            self.console.blank()
            self.say("No results yet. When you finish a quiz, a knowledge check or a review, its results "
                     "are kept here to look at again.")
            return
        while True:
            labels = [f"{item.when()}, {item.kind}: {item.pack_title}, {item.score.replace('%)', ' percent)')}"
                      for item in attempts]
            chosen = self.choose("Past results, the most recent first:", labels)
            if chosen is None:
                return
            self.past_result(attempts[chosen].id)

    def past_result(self, attempt_id: str) -> None:
        from learnmeta.plain.quiz import choice_notes, right_answer, your_answer
        from types import SimpleNamespace

        from learnmeta.quiz.engine import correct_answer_text
        from learnmeta.study.history import attempt_results

        past = attempt_results(self.library, self.store, attempt_id)
        if past is None:
            self.say("Those results are no longer kept.")
            return
        result, say = past.result, self.say
        self.console.blank()
        say(f"{past.attempt.kind} results: {past.attempt.pack_title} ({past.attempt.when()}).")
        if result.answered:
            text = f"You got {result.correct} of {result.total} right ({result.percent} percent)."
            if result.skipped:
                text += f" {result.skipped} left unanswered."
            say(text)
        if not past.answers_kept:
            say("The answers of this attempt are not in your answer log (it may have been moved or "
                "kept aside), so only its score can be shown.")
            return
        # An exam's: every question it asked, the unanswered too; any other: the answers given.
        shown = past.checked if past.checked is not None else [(r.question, r.outcome) for r in result.records]
        for number, (question, outcome) in enumerate(shown, 1):
            self.console.blank()
            if outcome is None:
                say(f"{number}. Not answered: {emphasis_in_capitals(question.prompt)}")
                say(*right_answer(question, SimpleNamespace(correct_answer=correct_answer_text(question))))
                say(f"Why: {question.explanation}")
                say(f"Read more: {self.where_to_read(question.lesson, question.section)}.")
                continue
            say(f"{number}. {'Right' if outcome.correct else 'Not right'}: {emphasis_in_capitals(question.prompt)}")
            say(*your_answer(question, outcome))
            if question.type == "multiple" and outcome.choices:
                say(*choice_notes(outcome, [c for c in question.choices if c.id in outcome.choices]))
            else:
                say(*[text for text in outcome.feedback if text])
            if not outcome.correct:
                say(*right_answer(question, outcome))
            say(f"Why: {question.explanation}")
            say(f"Read more: {self.where_to_read(question.lesson, question.section)}.")
        self.console.blank()
        say("End of these results.")

    # --- glossary and support ---------------------------------------------------------------------
    def glossary(self) -> None:
        glossary = self.library.glossary
        if glossary is None:
            self.say("The glossary could not be loaded, so words cannot be looked up now.")
            return
        self._in_glossary = True
        try:
            self.console.blank()
            self.say(f"Glossary: {len(glossary.terms)} words.")
            while True:
                text = self.ask("Type a word to look it up, list for every word, or press Enter to go back:",
                                context="glossary")
                word = text.strip()
                if word == "" or word.lower() == "back":
                    return
                if word.lower() == "list":
                    self.say(", ".join(term.term for term in glossary.terms) + ".")
                    continue
                self._look_up(word)
        finally:
            self._in_glossary = False

    def _look_up(self, word: str) -> None:
        glossary = self.library.glossary
        assert glossary is not None  # glossary() checked
        term = glossary.lookup(word)
        if term is not None:
            self._say_term(term)
            return
        key = word.casefold()
        found = [t for t in glossary.terms if any(key in name.casefold() for name in t.names)]
        if not found:
            self.say(f"No word in the glossary matches “{word}”. Type list to see every word.")
        elif len(found) == 1:
            self._say_term(found[0])
        else:
            self.say(f"{len(found)} words match: " + ", ".join(t.term for t in found[:30]) + ".")

    def _say_term(self, term) -> None:
        also = f" (also called {', '.join(term.aliases)})" if term.aliases else ""
        self.say(f"{term.term}{also}: {term.definition}")

    def terms_on_page(self, page) -> list:
        from learnmeta.content.lookup import terms_on_page

        if self.library.glossary is None:
            return []
        return terms_on_page(self.library.glossary, page)

    def support(self) -> None:
        from learnmeta.support import SECTIONS, TITLE

        self.console.blank()
        self.say(f"{TITLE}.")
        for heading, lines in SECTIONS:
            self.console.blank()
            self.say(heading)
            self.say(*lines)
        self.console.blank()
        self.say("End of support.")


class LessonReader:
    """One lesson, page by page, then its key points; every page shown is saved as read."""

    def __init__(self, front: PlainFront, lesson: Lesson, page_id: str | None) -> None:
        self.front = front
        self.say = front.say
        self.lesson = lesson
        track = front.store.settings.track
        shown = {id(page) for page in lesson.pages_for(track)}
        start = lesson.page_index(page_id) if page_id else None
        if start is not None:
            shown.add(id(lesson.pages[start]))
        self.sequence = [i for i, page in enumerate(lesson.pages) if id(page) in shown]
        self.index = self.sequence.index(start) if start is not None else 0

    @property
    def count(self) -> int:
        return len(self.sequence)

    def offered(self) -> list[int]:
        if self.index >= self.count:
            return []
        page = self.lesson.pages[self.sequence[self.index]]
        indexes = [self.lesson.page_index(p.id) for p in self.lesson.trainee_pages_after(page.id)]
        return [i for i in indexes if i is not None and i not in self.sequence]

    def run(self) -> None:
        meta = self.lesson.meta
        front = self.front
        front.console.blank()
        self.say(f"Lesson: {self.lesson.title}. {self.count} pages, about {meta.estimated_minutes} minutes.")
        if self.index == 0:
            self.say(f"What you will learn: {meta.purpose}")
        while True:
            if self.index < self.count:
                self._show_page()
            else:
                if self._show_end():
                    return
                continue
            choices = ["press Enter for the next page" if self.index + 1 < self.count
                       else "press Enter for the key points"]
            if self.index > 0:
                choices.append("type back for the page before")
            if self.offered():
                choices.append("type trainee for the pages for health-care trainees")
            text = front.ask(f"Page {self.index + 1} of {self.count}: {', '.join(choices)}, or type help:",
                             context="lesson")
            self._command(text)

    def _command(self, text: str) -> None:
        word = text.lower()
        if word in ("", "next", "n"):
            self.index += 1
        elif word in ("back", "b"):
            if self.index > 0:
                self.index = min(self.index - 1, self.count - 1)
            else:
                self.say("This is the first page.")
        elif word in ("trainee", "t") and self.offered():
            offered = self.offered()
            self.sequence[self.index + 1:self.index + 1] = offered
            self.index += 1
        elif word in ("words", "g"):
            self._words()
        else:
            self.say("Type next, back or help.")

    def _words(self) -> None:
        if self.index < self.count:
            terms = self.front.terms_on_page(self.lesson.pages[self.sequence[self.index]])
        else:
            terms = []
            for page in self.lesson.pages:
                terms += [t for t in self.front.terms_on_page(page) if t not in terms]
        if not terms:
            self.say("No glossary words on this page.")
            return
        self.say("Glossary words on this page:")
        for term in terms:
            self.front._say_term(term)

    def _show_page(self) -> None:
        page = self.lesson.pages[self.sequence[self.index]]
        self.front.console.blank()
        trainee = " (for health-care trainees)" if page.trainee else ""
        self.say(f"Page {self.index + 1} of {self.count}: {page.title}{trainee}")
        self.front.console.blank()
        self.say(*plain_lines(page.body))
        offered = self.offered()
        if offered:
            titles = "; ".join(self.lesson.pages[n].title for n in offered)
            self.front.console.blank()
            self.say(f"For health-care trainees: read more: {titles} (type trainee).")
        self.front.console.blank()
        self.front.store.record_page(self.lesson.id, page.id, self.count)

    def _show_end(self) -> bool:
        """The key points; the lesson is done. True when the learner leaves the lesson."""
        front, meta = self.front, self.lesson.meta
        front.console.blank()
        self.say(f"Key points of “{self.lesson.title}”:")
        self.say(*(f"- {point}" for point in meta.key_points))
        if meta.what_you_can_do:
            self.say("What you can do:", *(f"- {item}" for item in meta.what_you_can_do))
        self.say("Sources:")
        for source in meta.sources:
            line = source.title + (f" ({source.publisher})" if source.publisher else "")
            self.say(f"- {line}" + (f": {source.url}" if source.url else ""))
        self.say(f"Facts last checked: {meta.reviewed.day} {meta.reviewed:%B %Y}.")
        front.store.complete_lesson(self.lesson.id)
        self.say("You have reached the end of the lesson.")
        check = meta.knowledge_check
        pack = front.library.pack(check.pack) if check is not None else None
        while True:
            if pack is not None and check is not None:
                count = len(check.questions)
                prompt = (f"Type check to check what you learned ({count} question{'s' if count != 1 else ''}), "
                          "back for the last page, or press Enter to go home:")
            else:
                prompt = "Type back for the last page, or press Enter to go home:"
            text = front.ask(prompt, context="lesson")
            word = text.lower()
            if word in ("", "next", "home"):
                return True
            if word in ("back", "b"):
                self.index = self.count - 1
                return False
            if word in ("words", "g"):
                self._words()
                continue
            if word in ("check", "c") and pack is not None and check is not None:
                front.start_quiz(pack, check.questions, mode="check")
                return True
            self.say("That is not one of the choices.")
