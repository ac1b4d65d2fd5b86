"""An exam in plain mode: the same rules as the app's exam screen (:mod:`learnmeta.quiz.exam`),
as typed lines.

Each question is asked in turn; an answer typed is kept (and saved at once) and the next question
follows; ``next`` and ``back`` move without answering, ``list`` says which are answered, ``go 3``
goes to question 3, ``clear`` takes an answer back, ``time`` says the time left (only when asked,
and once, calmly, when five minutes are left), and ``submit`` asks first, naming the questions not
answered. Nothing says right or wrong before the exam is submitted; then every question is shown
with its feedback. Where the learner is asked how sure they are (a CBM pack, or their setting or
track, as in a quiz), each answer kept is followed by "How sure are you?"; the level is saved with
the answer, and typing the answer again asks again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnmeta.content.text import emphasis_in_capitals
from learnmeta.plain.answers import NotAnAnswer, how_to_answer, question_lines, read_answer
from learnmeta.plain.quiz import PlainQuiz
from learnmeta.quiz.engine import check_answer
from learnmeta.quiz.exam import intro_words

if TYPE_CHECKING:
    from learnmeta.quiz.exam import ExamSession

COMMANDS = "next, back, list, go and a number, clear, time or submit"


class PlainExam(PlainQuiz):
    """One exam asked in plain lines, each answer saved as it is given."""

    session: ExamSession

    def run(self) -> None:
        session = self.session
        self.front.console.blank()
        course = self.front.store.settings.track == "course"  # its results then say passed or not
        mark = session.pack.pack.pass_mark if course else None
        self.say(f"{self.title}. {intro_words(session.total, mark, ' percent')}")
        if self.preview:
            self.say("Trying out a pack file: your answers are not saved (add --record to save them).")
        if self.store is not None and self.store.read_only_reason is not None:
            self.say(f"Your answers in this window will not be saved: {self.store.read_only_reason.what}")
        self.session = session = self.recorder.begin_exam(session)
        if session.submitted:  # the time ran out while learnmeta was closed
            self._end()
            return
        self.say("This is an exam: your answers are checked when you submit the whole exam. Until "
                 "then you can move between questions and change your answers.")
        if session.carried_on:
            self.say(session.welcome_back())
        elif session.time_limit_minutes:
            self.say(f"You have {session.time_limit_minutes} minutes, from now. Type time at any "
                     "question to hear the time left.")
        self.say(f"At any question you can type {COMMANDS}, or help.")
        while not session.submitted:
            self._ask()
        self._end()

    # --- one question ---------------------------------------------------------------------------
    def _ask(self) -> None:
        session, front = self.session, self.front
        question = session.items[session.position][1]
        presentation = session.presentation
        front.console.blank()
        status = session.status_words(session.position)
        self.say(f"Question {session.number} of {session.total} ({status}).")
        self.say(emphasis_in_capitals(question.prompt))
        self.say(*question_lines(question, presentation))
        given = session.current_response
        if given is not None:
            from learnmeta.quiz.confidence import LEVEL_WORDS

            level = session.current_confidence
            said = f" (you said: {LEVEL_WORDS[level]})" if level else ""
            self.say(f"Your answer so far: {check_answer(question, given).response_text}{said}")
        how = how_to_answer(question, presentation) + " Or type next, back, list, time or submit:"
        while not session.submitted:
            text = front.ask(how, context="exam")
            if self._time_is_up():
                return
            reminder = session.reminder_due()
            if reminder:
                self.say(reminder)
            word = text.lower().strip()
            if word in ("", "next", "n"):
                self._move(session.position + 1)
                return
            if word in ("back", "previous", "p", "b"):
                self._move(session.position - 1)
                return
            if word in ("list", "questions", "l"):
                self._list()
                return
            if word.startswith("go"):
                number = word[2:].strip()
                if number.isdigit() and session.go_to(int(number) - 1):
                    return
                self.say(f"Type go and a question's number, from 1 to {session.total}, for example go 2.")
                continue
            if word == "clear":
                if session.clear_answer():
                    self.recorder.save_exam_answer(session, question, None)
                    self.say("Your answer is taken back: this question is not answered now.")
                else:
                    self.say("This question has no answer to take back.")
                continue
            if word == "time":
                self.say(f"{session.time_words()} {session.overview_words()}")
                continue
            if word == "submit":
                self._submit()
                return
            if word in ("hint", "skip"):
                self.say("There are no hints in an exam. Type next to go on without answering; "
                         "you can come back to it.")
                continue
            try:
                response = read_answer(question, presentation, text)
            except NotAnAnswer as problem:
                self.say(str(problem))
                continue
            stored = session.set_answer(response)
            if stored is None:
                self.say("That answer could not be kept.")
                continue
            self.recorder.save_exam_answer(session, question, stored)
            if self.asks_confidence:
                sure = self._ask_how_sure()
                if sure == "back":
                    self.say("Your answer is kept. Type another answer to change it:")
                    continue
                if isinstance(sure, int) and session.set_confidence(sure):
                    self.recorder.save_exam_answer(session, question, stored)
                if self._time_is_up():
                    return
            self.say("Kept. You can change it until you submit.")
            self._move(session.position + 1)
            return

    def _ask_how_sure(self) -> int | str | None:
        """How sure the learner is of the answer just kept: 1, 2 or 3; None when they press Enter
        (a level said before stays); "back" to change the answer first."""
        from learnmeta.quiz.confidence import LEVEL_WORDS

        level = self.session.current_confidence
        before = f" You said {LEVEL_WORDS[level]}; Enter keeps that." if level else ""
        while True:
            text = self.front.ask(
                "How sure are you? Type 1 for not sure, 2 for fairly sure, 3 for sure, or press Enter "
                f"to go on without saying (or type back to change your answer).{before}",
                context="sure",
            )
            word = text.lower().strip()
            if word == "":
                return None
            if word in ("back", "change"):
                return "back"
            if word in ("1", "2", "3"):
                return int(word)
            words = {"not sure": 1, "fairly sure": 2, "sure": 3}
            if word in words:
                return words[word]
            self.say("Type 1, 2 or 3, or press Enter.")

    def _time_is_up(self) -> bool:
        if self.session.time_up():
            self.session.submit(timed_out=True)
            return True
        return False

    def _move(self, index: int) -> None:
        session = self.session
        if index >= session.total:
            self.front.console.blank()
            self.say("That was the last question.")
            self._list()
        elif index < 0:
            self.say("This is the first question.")
        else:
            session.go_to(index)

    def _list(self) -> None:
        session = self.session
        self.front.console.blank()
        self.say("The questions:")
        for line in session.overview():
            self.say(f"{line.number}. {' '.join(emphasis_in_capitals(line.prompt).split())} ({line.status})")
        time = session.time_words()
        self.say(session.overview_words() + ("" if time == "There is no time limit." else f" {time}"))
        while not session.submitted:
            text = self.front.ask("Type a question's number to go to it, submit to submit the exam, or "
                                  "press Enter to go on:", context="exam")
            if self._time_is_up():
                return
            word = text.lower().strip().removeprefix("go").strip()
            if word == "":
                if session.at_last and session.unanswered:
                    session.go_to(session.unanswered[0] - 1)
                return
            if word == "submit":
                self._submit()
                return
            if word.isdigit() and session.go_to(int(word) - 1):
                return
            self.say(f"Type a number from 1 to {session.total}, or submit.")

    def _submit(self) -> None:
        session = self.session
        while True:
            text = self.front.ask(f"{session.confirm_text()} Type yes to submit, or no to keep working:",
                                  context="confirm")
            if self._time_is_up():
                return
            word = text.lower().strip()
            if word in ("yes", "y", "submit"):
                session.submit()
                return
            if word in ("no", "n", ""):
                self.say("Keep working: nothing is submitted.")
                return
            self.say("Type yes or no.")

    # --- the end ---------------------------------------------------------------------------------
    def _heading(self) -> str:
        return f"Exam results: {self.pack.title}"

    def _end(self) -> None:
        session = self.session
        self.recorder.submit_exam(session)
        self.front.console.blank()
        self.say(session.submitted_words())
        for index, (question, outcome) in enumerate(session.checked()):
            self.front.console.blank()
            self.say(f"Question {index + 1}: {emphasis_in_capitals(question.prompt)}")
            if outcome is None:
                self.say("Not answered.")
                from learnmeta.plain.quiz import right_answer
                from learnmeta.quiz.engine import correct_answer_text

                class Unanswered:  # right_answer() needs only the right answer's text
                    correct_answer = correct_answer_text(question)

                self.say(*right_answer(question, Unanswered()))
                self.say(f"Why: {question.explanation}")
                self.say(f"Read more: {self.front.where_to_read(question.lesson, question.section)}.")
                continue
            self._feedback(question, outcome, session.presentation_of(index))
        self._results(session.result())
