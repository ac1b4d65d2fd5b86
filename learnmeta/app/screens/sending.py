"""The words about sending answers to a course's record store, for the app's screens
(the same as plain mode's: :mod:`learnmeta.instructor.outbox`)."""

from __future__ import annotations

from typing import Any


def sending_note(outbox: Any) -> str | None:
    if outbox is None:
        return None
    from learnmeta.instructor.outbox import sending_note as note

    return note(outbox)


def consent_question(address: str) -> str:
    from learnmeta.instructor.outbox import consent_question as question

    return question(address)
