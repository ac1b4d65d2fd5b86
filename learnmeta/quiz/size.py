"""How many questions a quiz on a pack asks, in words. No Textual here.

Its own module so that the home screen, which says it for every pack, does not import the quiz
engine (:mod:`learnmeta.quiz.engine`, about 5 ms of every start) before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learnmeta.content.models import Pack


def questions_words(pack: Pack) -> str:
    """How many questions a quiz on the pack asks, in words: "21 questions", "10 of 40 questions
    each time" (a pool), with ", an exam" for a pack taken as an exam."""
    count = len(pack.questions)
    draw = pack.pack.draw
    if draw is not None and draw < count:
        text = f"{draw} of {count} questions each time"
    else:
        text = f"{count} question{'s' if count != 1 else ''}"
    return text + (", an exam" if pack.pack.mode == "exam" else "")
