"""Quizzes, knowledge checks, practice and review in plain mode.

The engine's session decides what is asked and whether it is right (its :class:`Outcome`
carries every choice's verdict); the progress store records each answer the moment it is
checked, as in the app, so quitting (or the input ending) keeps what was answered, and a quiz
left part way carries on next time. Right and wrong are said in words.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from learnmeta.progress.scheduling import due_in_words
from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
)
from learnmeta.content.text import emphasis_in_capitals
from learnmeta.plain.answers import NotAnAnswer, how_to_answer, question_lines, read_answer
from learnmeta.quiz import confidence as sureness
from learnmeta.quiz.attempts import AttemptRecorder, welcome_back
from learnmeta.quiz.engine import (given_again_words, lesson_score_words, taken_back_left_words, taken_back_words,
                                    worked_through_words)
from learnmeta.study.history import kept_pieces

if TYPE_CHECKING:
    from learnmeta.plain.front import PlainFront

MAX_MISSED_SHOWN = 100
CHANGE = -1
"""Typed at "how sure are you?": the learner wants to change the answer first."""



def your_answer(question, outcome) -> list[str]:
    """What the learner answered, in words; matching and ordering item by item, right or wrong."""
    if isinstance(question, MatchingQuestion):
        lines = ["You answered:"]
        for pair in outcome.pairs:
            if pair.given is not None:
                verdict = "right" if pair.correct else "wrong"
                lines.append(f"- {pair.left}: {pair.given}. That is {verdict}.")
        if not outcome.pairs:  # a past answer that did not read back: as it was kept
            lines += [f"- {piece.replace(' →', ':')}" for piece in kept_pieces(question, outcome.response_text)]
        return lines
    if isinstance(question, OrderingQuestion):
        lines = ["You answered:"]
        for number, place in enumerate(outcome.places, 1):
            verdict = "right place" if place.correct else "wrong place"
            lines.append(f"{number}. {place.item}: {verdict}.")
        if not outcome.places:
            lines += [f"{number}. {piece}" for number, piece in enumerate(kept_pieces(question, outcome.response_text), 1)]
        return lines
    label = "You typed:" if isinstance(question, ShortAnswerQuestion) else "You answered:"
    return [f"{label} {outcome.response_text or 'nothing'}"]


def right_answer(question, outcome) -> list[str]:
    if isinstance(question, MatchingQuestion):
        return ["The right answer:", *(f"- {pair.left}: {pair.right}." for pair in question.pairs)]
    if isinstance(question, OrderingQuestion):
        return ["The right answer:", *(f"{n}. {item}" for n, item in enumerate(question.items, 1))]
    return [f"The right answer: {outcome.correct_answer}"]


def choice_notes(outcome, shown) -> list[str]:
    """For a "choose all" question: a note on each answer ticked or that belongs (as the app)."""
    notes = []
    for choice in shown:
        mark = outcome.choices[choice.id]
        if mark.chosen and mark.correct:
            did = "right: you chose this one, and it belongs."
        elif mark.chosen:
            did = "wrong: you chose this one, but it does not belong."
        elif mark.correct:
            did = "wrong: you left this one out, but it belongs too."
        else:
            continue
        notes.append(f"{choice.text}: {did}")
        if choice.feedback:
            notes.append(f"  {choice.feedback}")
    return notes


class PlainQuiz:
    """One session asked in plain lines, saved as it goes."""

    def __init__(self, front: PlainFront, session, title: str, *, save: bool = True,
                 preview: bool = False) -> None:
        self.front = front
        self.say = front.console.say
        self.session = session
        self.title = title
        self.store = front.store if save else None
        self.preview = preview
        self.pack = session.pack
        self.mode = session.mode
        self.recorder = AttemptRecorder(self.store, self.say)
        """Saves the attempts and every answer, as the app's quiz screen does."""
        self._read_first: set[tuple[str, str]] = set()
        """Questions whose teaching page was shown first (leeches in a review)."""

    # --- running ----------------------------------------------------------------------------
    def run(self) -> None:
        front = self.front
        front.console.blank()
        self.say(f"{self.title}. {self.session.total} question{'s' if self.session.total != 1 else ''}.")
        if self.preview:
            self.say("Trying out a pack file: your answers are not saved (add --record to save them).")
        if self.store is not None and self.store.read_only_reason is not None:
            self.say(f"Your answers in this window will not be saved: {self.store.read_only_reason.what}")
        resumed = self.recorder.begin(self.session)
        if resumed is not None:
            self.session = resumed
            self.say(welcome_back(resumed))
        self.say("At any question you can type hint, skip or help.")
        while not self.session.finished:
            self._ask_current()
        self._finish()

    @property
    def asks_confidence(self) -> bool:
        """Whether the learner is asked how sure they are (the core's rule, as in the app)."""
        settings = self.front.store.settings
        return sureness.asked(settings.ask_confidence, settings.track, self.session.marking)

    def _ask_current(self) -> None:
        session, front = self.session, self.front
        question = session.current
        presentation = session.presentation
        leech_page = self._teaching_page_first(question)
        front.console.blank()
        again = " (skipped before)" if session.skipped_before else ""
        self.say(f"Question {session.number} of {session.total}{again}.")
        pack = session.current_pack
        if self.mode == "review" and pack is not None:
            self.say(f"From: {pack.title}")
        if (self.mode == "review" and pack is not None and self.store is not None and not leech_page
                and self.store.teach_first(pack.id, question.id)):
            self.say("Last time you were sure of an answer that was not right. You may like to read "
                     "the page that teaches it first: type read. Then answer when you are ready.")
        self.say(emphasis_in_capitals(question.prompt))
        self.say(*question_lines(question, presentation))
        how = how_to_answer(question, presentation)
        how += " Or type hint, skip or help:" if question.hints else " Or type skip or help:"
        while True:
            text = front.ask(how, context="quiz")
            word = text.lower()
            if word == "hint":
                self._hint()
                continue
            if word == "skip":
                before = session.done_count
                session.skip()
                if session.done_count > before:
                    self.say("You skipped this question again: it is left unanswered.")
                else:
                    self.say("Skipped: it comes back at the end, with no penalty.")
                return
            if word in ("read", "r") and self.mode == "review" and pack is not None:
                front.read_more(question.lesson, question.section)
                continue
            if word in ("next", "back"):
                self.say("Answer the question first, or type skip to come back to it later.")
                continue
            if word == "undo":  # one step late: never an answer to this question
                self.say("Undo works right after the feedback, before you go on. Answer this question, "
                         "or type skip or help.")
                continue
            try:
                response = read_answer(question, presentation, text)
            except NotAnAnswer as problem:
                self.say(str(problem))
                continue
            confidence = self._ask_confidence() if self.asks_confidence else None
            if confidence == CHANGE:
                self.say("Answer again:")
                continue
            break
        hints_used = session.hints_used
        outcome = session.answer(response, confidence=confidence)
        self.recorder.record(session, pack, question, outcome, hints_used, confidence=confidence)
        self._feedback(question, outcome, presentation)
        last = session.total - session.done_count <= 0
        where = "see your results" if last else "go on to the next question"
        while True:
            prompt = f"Press Enter to {where}, or type read to read more about it"
            if session.can_undo:
                prompt += ", undo to take your answer back"
            if session.can_overrule:
                prompt += ", or right if your answer was right"
            text = front.ask(prompt + ":", context="answered")
            word = text.lower()
            if word in ("", "next", "n"):
                break
            if word in ("read", "r"):
                front.read_more(question.lesson, question.section)
                continue
            if word == "undo" and session.can_undo:
                self.recorder.undo(session)
                taken = session.current_taken_back  # a wrong answer: the next one is marked given again
                course = front.store.settings.track == "course"
                self.say(taken_back_words(course and taken and self.whole_quiz, marked=taken and self.store is not None))
                return  # the same question is asked again
            if word in ("right", "i was right") and session.can_overrule:
                overruled = self.recorder.overrule(session)
                if overruled is not None:
                    self.say("Counted as right: you said your answer was right.")
                continue
            self.say(f"Press Enter to {where}, or type read, help or quit.")
        session.advance()

    def _ask_confidence(self) -> int | None:
        """How sure the learner is of the answer just typed: 1, 2 or 3; None when they press
        Enter; CHANGE when they want to answer again."""
        while True:
            text = self.front.ask(
                "How sure are you? Type 1 for not sure, 2 for fairly sure, 3 for sure, or press Enter "
                "to check without saying (or type back to change your answer):",
                context="sure",
            )
            word = text.lower().strip()
            if word == "":
                return None
            if word in ("back", "change"):
                return CHANGE
            words = {"not sure": 1, "fairly sure": 2, "sure": 3}
            if word in ("1", "2", "3"):
                return int(word)
            if word in words:
                return words[word]
            self.say("Type 1, 2 or 3, or press Enter.")

    def _teaching_page_first(self, question) -> bool:
        """A question often missed (a leech), in a review: its teaching page first, once.
        Returns whether the question is such a leech (its page read now or already)."""
        from learnmeta.study.mistakes import teaching_page_first

        pack = self.session.current_pack
        if pack is None or self.store is None:
            return False
        missed = teaching_page_first(self.store, self.mode, pack.id, question.id)
        if missed is None or (pack.id, question.id) in self._read_first:
            return missed is not None
        self._read_first.add((pack.id, question.id))
        self.front.console.blank()
        self.say(f"You have missed the next question {missed} times, so here first is the page that teaches it.")
        self.front.read_more(question.lesson, question.section)
        return True

    def _hint(self) -> None:
        question = self.session.current
        hint = self.session.next_hint()
        if hint is None:
            self.say("No more hints for this question." if question.hints
                     else "There are no hints for this question.")
            return
        total = len(question.hints)
        label = f"Hint {self.session.hints_used} of {total}:" if total > 1 else "Hint:"
        self.say(f"{label} {hint}")

    def _feedback(self, question, outcome, presentation) -> None:
        front = self.front
        front.console.blank()
        if outcome.typo:
            self.say(f"Right. It is spelled: {outcome.matched}")
        else:
            self.say("Right." if outcome.correct else "Not quite.")
        record = self.session.current_record
        confidence = record.confidence if record is not None else None
        line = sureness.feedback_line(outcome.correct, confidence)
        if line:
            self.say(line)
        if self.session.marking == "cbm":
            self.say(sureness.cbm_feedback(outcome.correct, confidence))
        self.say(*your_answer(question, outcome))
        if isinstance(question, MultipleQuestion):
            notes = choice_notes(outcome, presentation.choices)
        else:
            notes = [text for text in outcome.feedback if text]
        if notes:
            self.say(*notes)
        if not outcome.correct:
            self.say(*right_answer(question, outcome))
        self.say(f"Why: {question.explanation}")
        self.say(f"Read more: {front.where_to_read(question.lesson, question.section)}.")

    # --- the end ----------------------------------------------------------------------------
    def _finish(self) -> None:
        result = self.session.result()
        self.recorder.finish(self.session, result)
        self._results(result)

    @property
    def whole_quiz(self) -> bool:
        return self.session.whole_quiz

    def _heading(self) -> str:
        if self.mode == "review":
            return "Review results"
        if self.pack is None:
            return f"Results: {self.title}"
        if self.mode == "check":
            return f"Check results: {self.pack.title}"
        if self.mode == "practice" or not self.whole_quiz:
            return f"Practice results: {self.pack.title}"
        return f"Results: {self.pack.title}"

    def _score_text(self, result) -> str:
        if result.answered == 0:
            return "You skipped every question, so there is no score this time."
        text = f"You got {result.correct} of {result.total} right ({result.percent} percent)."
        if result.skipped:
            left = "question was" if result.skipped == 1 else "questions were"
            text += f" {result.skipped} {left} left unanswered."
        best = self.front.store.best_score(self.pack.id) if self.whole_quiz and self.store is not None else None
        if best is not None and best > result.percent:
            text += f" Your best score on this quiz so far: {best} percent."
        return text

    def _verdict(self, result, track: str) -> str:
        if result.answered == 0:
            return ("No questions were answered this time, and nothing was counted. "
                    "They are here whenever you are ready.")
        if track == "course" and self.whole_quiz:
            mark = self.pack.pack.pass_mark
            again = given_again_words(result.given_again)
            if result.passed(mark):
                return f"Passed. The pass mark is {mark} percent.{again}"
            return (f"Not passed yet. The pass mark is {mark} percent.{again} Read about the questions "
                    "below; you can try again whenever you like.")
        if self.mode == "review":
            return "Thank you for reviewing. Questions come back when it helps most to see them again."
        if result.total and result.correct == result.total:
            return "Every answer right. Well done."
        if track == "course" and self.pack is not None:
            return "This was practice: it does not change whether you passed the quiz."
        return worked_through_words(result.answered, result.total, result.correct)

    def _results(self, result) -> None:
        front = self.front
        track = front.store.settings.track
        front.console.blank()
        self.say(self._heading())
        self.say(self._score_text(result), self._verdict(result, track))
        if result.by_lesson and result.answered:
            self.say("By lesson:")
            for lesson_id, (correct, total) in result.by_lesson.items():
                words = lesson_score_words(correct, total, result.by_lesson_answered.get(lesson_id))
                self.say(f"- {front.lesson_title(lesson_id)}: {words}")
        if result.answered:
            lines = sureness.calibration_words(result.calibration)
            if result.marking == "cbm":
                left = [taken_back_left_words(len(result.taken_back_left))] if result.taken_back_left else []
                lines = [*sureness.cbm_words(result.cbm), *sureness.cbm_breakdown(result.cbm_calibration), *left,
                         *lines]
            if lines:
                self.say("How sure you were:")
                self.say(*lines)
        missed = result.missed[:MAX_MISSED_SHOWN]
        if missed:
            self.say("To look at again:" if result.answered else "The questions, to read about:")
            now = dt.datetime.now(dt.timezone.utc)
            for number, question in enumerate(missed, 1):
                due = self._due(question)
                when = f" It comes back {due_in_words(due, now)}." if due is not None and self.mode == "review" else ""
                self.say(f"{number}. {emphasis_in_capitals(question.prompt)} Read about it: "
                         f"{front.where_to_read(question.lesson, question.section)}.{when}")
            hidden = len(result.missed) - len(missed)
            if hidden > 0:
                self.say(f"and {hidden} more.")
        can_practise = bool(result.missed) and self.pack is not None
        while True:
            options = []
            if missed:
                options.append(f"a number from 1 to {len(missed)} to read about that question")
            if can_practise:
                unanswered = len(result.unanswered)
                which = "the ones you missed" if not unanswered else "the ones not answered" \
                    if unanswered >= len(result.missed) else "the ones missed or not answered"
                options.append(f"practise to practise {which}")
            prompt = "Press Enter to go home" + (", or type " + ", or ".join(options) if options else "") + ":"
            text = front.ask(prompt, context="results")
            word = text.lower()
            if word in ("", "home", "next"):
                return
            if can_practise and word in ("practise", "practice", "p"):
                from learnmeta.quiz.engine import QuizSession

                session = QuizSession(self.pack, result.missed, seed=self.session.seed, mode="practice")
                PlainQuiz(front, session, f"Practise: {self.pack.title}", save=self.store is not None,
                          preview=self.preview).run()
                return
            if word.isdigit() and 1 <= int(word) <= len(missed):
                question = missed[int(word) - 1]
                front.read_more(question.lesson, question.section)
                continue
            self.say("That is not one of the choices.")

    def _due(self, question) -> dt.datetime | None:
        if self.store is None:
            return None
        for pack_id, questions in self.store.progress.questions.items():
            record = questions.get(question.id)
            if record is not None and record.review is not None and (
                    self.pack is None or pack_id == self.pack.id):
                return record.review.due
        return None
