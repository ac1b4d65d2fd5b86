"""What a learner keeps getting wrong: the mistaken ideas behind their wrong answers
(misconceptions), and the questions they keep missing (leeches).

* **Misconceptions.** A wrong answer can carry a ``misconception`` tag (content/models.py): the
  mistaken idea that choosing it suggests. Every wrong answer in the learner's answer history is
  checked again against its question (:func:`learnmeta.quiz.engine.response_from_text`), and the
  tags it carries are counted. A tag chosen :data:`IDEA_REPEATS` (2) times or more is an "idea to
  look at again": shown in plain words (the pack's ``[misconceptions]`` description, or else the
  answer chosen and its feedback) with the lesson page that corrects it (the page that teaches
  the question where it was last chosen).
* **Leeches.** A question answered wrong :data:`LEECH_WRONG` (4) times or more, over all its
  answers, is a leech (Anki's word): review sends the learner to its teaching page before asking
  it again, and the progress screen lists it.

Plain Python: no Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from learnmeta.content.models import MultipleQuestion, SingleQuestion, TrueFalseQuestion
from learnmeta.quiz.engine import check_answer, response_from_text

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Question
    from learnmeta.progress.model import HistoryEntry, QuestionProgress
    from learnmeta.progress.store import ProgressStore

IDEA_REPEATS = 2
"""A misconception chosen this many times or more is shown as an idea to look at again."""

LEECH_WRONG = 4
"""A question answered wrong this many times or more is a leech."""


@dataclass(frozen=True)
class Misconception:
    """One mistaken idea the learner's wrong answers suggested."""

    tag: str
    times: int
    """How many answers carried it."""
    description: str | None
    """The pack's own words for it (None: the pack does not describe it)."""
    answer: str | None
    """The wrong answer that carries it, as the learner last chose it (None for true or false)."""
    feedback: str | None
    """That answer's feedback: why it is not right."""
    pack_id: str
    question_id: str
    lesson: str
    section: str
    """The lesson page that corrects it: the one that teaches the question it was last chosen in."""
    last: dt.datetime

    @property
    def plain_words(self) -> str:
        """The idea in plain words: the pack's description, or else the answer chosen and why it
        is not right, or at least the tag made readable."""
        if self.description:
            return self.description
        if self.answer and self.feedback:
            return f"You chose “{self.answer}”. {self.feedback}"
        if self.feedback:
            return self.feedback
        return self.tag.replace("-", " ").replace("_", " ").capitalize()


def _tagged_answer(question: Question, tag: str) -> tuple[str | None, str | None]:
    """(the wrong answer that carries ``tag``, its feedback) in ``question``."""
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        for choice in question.choices:
            if choice.misconception == tag:
                return choice.text, choice.feedback
    if isinstance(question, TrueFalseQuestion):
        return None, question.feedback_false if question.answer else question.feedback_true
    return None, None


def _tags_of(library: Library, entry: HistoryEntry) -> tuple[Question | None, tuple[str, ...]]:
    """The question of a wrong answer and the misconception tags the answer carries, checked
    against the question as it is now (none when the question is gone, the answer no longer
    reads back, or it is right now)."""
    question = library.question(entry.pack, entry.question)
    if question is None:
        return None, ()
    response = response_from_text(question, entry.response)
    if response is None:
        return question, ()
    outcome = check_answer(question, response)
    if outcome.correct:
        return question, ()  # the question changed since: this answer is right now
    return question, tuple(dict.fromkeys(outcome.misconceptions))


def describe(library: Library, tag: str, pack_id: str) -> str | None:
    """The description of ``tag``: its own pack's, else the first other pack's that has one."""
    own = library.pack(pack_id)
    if own is not None and tag in own.misconceptions:
        return own.misconceptions[tag]
    return next((pack.misconceptions[tag] for pack in library.packs if tag in pack.misconceptions), None)


def misconceptions(library: Library, answers: Iterable[HistoryEntry]) -> list[Misconception]:
    """Every misconception the wrong ``answers`` carried, the most often chosen first (then the
    most recent). Answers to questions no longer in the library, or that no longer read back
    against their question, are left out."""
    counts: dict[str, int] = {}
    last: dict[str, tuple[HistoryEntry, Question]] = {}
    read: dict[tuple[str, str, str], tuple[Question | None, tuple[str, ...]]] = {}
    """(pack, question, answer text) -> (the question, the tags that answer carries): a learner
    gives the same answers again and again, and each is checked once."""
    for entry in answers:
        if entry.correct:
            continue
        key = (entry.pack, entry.question, entry.response)
        if key not in read:
            read[key] = _tags_of(library, entry)
        question, tags = read[key]
        if question is None:
            continue
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
            if tag not in last or last[tag][0].when <= entry.when:
                last[tag] = (entry, question)
    found = []
    for tag, times in counts.items():
        entry, question = last[tag]
        answer, feedback = _tagged_answer(question, tag)
        found.append(
            Misconception(
                tag=tag,
                times=times,
                description=describe(library, tag, entry.pack),
                answer=answer,
                feedback=feedback,
                pack_id=entry.pack,
                question_id=question.id,
                lesson=question.lesson,
                section=question.section,
                last=entry.when,
            )
        )
    found.sort(key=lambda item: (-item.times, -item.last.timestamp(), item.tag))
    return found


def ideas_to_look_at_again(library: Library, store: ProgressStore,
                           answers: Iterable[HistoryEntry] | None = None) -> list[Misconception]:
    """The misconceptions this learner chose :data:`IDEA_REPEATS` times or more (``answers``:
    the learner's answers when already being read, else the store's, gone through once)."""
    answers = store.each_answer() if answers is None else answers
    return [item for item in misconceptions(library, answers) if item.times >= IDEA_REPEATS]


# ---------------------------------------------------------------------------------------------
# Leeches
# ---------------------------------------------------------------------------------------------


def wrong_answers(record: QuestionProgress) -> int:
    """How many times the question was answered wrong, over all its answers."""
    return max(0, record.seen - record.correct)


def is_leech(record: QuestionProgress | None) -> bool:
    """Whether a question's record makes it a leech (answered wrong 4 times or more)."""
    return record is not None and wrong_answers(record) >= LEECH_WRONG


@dataclass(frozen=True)
class Leech:
    """A question the learner keeps missing."""

    pack_id: str
    question: Question
    wrong: int
    """Times answered wrong."""
    seen: int
    """Times answered."""

    @property
    def lesson(self) -> str:
        return self.question.lesson

    @property
    def section(self) -> str:
        return self.question.section


def leech_record(store: ProgressStore, pack_id: str, question_id: str) -> bool:
    """Whether the question is a leech for this learner."""
    return is_leech(store.progress.questions.get(pack_id, {}).get(question_id))


def leeches(library: Library, store: ProgressStore) -> list[Leech]:
    """Every leech (of questions the library still has), the most often missed first."""
    found = []
    for pack_id, questions in store.progress.questions.items():
        for question_id, record in questions.items():
            if not is_leech(record):
                continue
            question = library.question(pack_id, question_id)
            if question is not None:
                found.append(Leech(pack_id, question, wrong_answers(record), record.seen))
    found.sort(key=lambda leech: (-leech.wrong, leech.pack_id, leech.question.id))
    return found


def teaching_page_first(store: ProgressStore, mode: str, pack_id: str, question_id: str) -> int | None:
    """In a review, a leech's teaching page comes before the question: how many times it was
    answered wrong (None when the question is asked straight away)."""
    if mode != "review":
        return None
    record = store.progress.questions.get(pack_id, {}).get(question_id)
    if record is None or not is_leech(record):
        return None
    return wrong_answers(record)
