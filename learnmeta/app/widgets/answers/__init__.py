"""The answer part of a quiz question: one widget per question type, keyboard first.

Each widget is built from the question and the engine's :class:`~learnmeta.quiz.engine.Presentation`
(the order to show things in), lets the learner answer with the keys shown on screen, and posts
:class:`QuestionWidget.Submitted` with a response in the engine's shape (see the engine's module
docstring). After the quiz screen has checked the answer it calls :meth:`QuestionWidget.show_outcome`
with the engine's :class:`~learnmeta.quiz.engine.Outcome`, which locks the widget and marks each
row from it with a symbol and words: never colour alone, and never a verdict of its own.

Single choice, tick all and true or false share :class:`~.choice.ChoiceWidget`.
"""

from __future__ import annotations

from learnmeta.app.widgets.answers.base import RIGHT, WRONG, QuestionWidget
from learnmeta.app.widgets.answers.matching import Matching
from learnmeta.app.widgets.answers.multiple import MultipleChoice
from learnmeta.app.widgets.answers.ordering import Ordering
from learnmeta.app.widgets.answers.short_answer import ShortAnswer
from learnmeta.app.widgets.answers.single import SingleChoice
from learnmeta.app.widgets.answers.true_false import TrueFalse
from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

__all__ = [
    "RIGHT", "WRONG", "QuestionWidget", "SingleChoice", "MultipleChoice", "TrueFalse", "Matching",
    "Ordering", "ShortAnswer", "widget_for",
]

WIDGETS: dict[type, type[QuestionWidget]] = {
    SingleQuestion: SingleChoice,
    MultipleQuestion: MultipleChoice,
    TrueFalseQuestion: TrueFalse,
    MatchingQuestion: Matching,
    OrderingQuestion: Ordering,
    ShortAnswerQuestion: ShortAnswer,
}


def widget_for(question, presentation, **kwargs) -> QuestionWidget:
    """The answer widget for a question of any of the six types."""
    return WIDGETS[type(question)](question, presentation, **kwargs)
