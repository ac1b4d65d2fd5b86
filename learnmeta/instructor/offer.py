"""A course's Learning Record Store, offered to the learner: the address checked before anything
starts (:func:`course_offer`), and the learner's outbox started once their progress is open
(:func:`course_outbox`). Every front end that opens a learner's progress uses both: ``learnmeta``
and plain mode (:mod:`learnmeta.cli.launch`), and each browser session
(:mod:`learnmeta.app.served`, with ``learnmeta serve`` checking the address once at its start).
Nothing is imported for the usual start, where no course offers one. See
:mod:`learnmeta.instructor.outbox`.
"""

from __future__ import annotations


def course_offer(option: str | None) -> tuple[str | None, str | None]:
    """(the LRS a course offers, None) from ``--lrs`` (``option``) or ``LEARNMETA_LRS_URL``; or
    (None, what is wrong with it), a usage error, said before anything starts. See
    :mod:`learnmeta.instructor.outbox`."""
    import os

    if not option and not os.environ.get("LEARNMETA_LRS_URL", "").strip():
        return None, None  # the usual start: nothing to import
    from learnmeta import lrs
    from learnmeta.instructor import outbox, xapi

    try:
        offered, source = outbox.offered_address(option)
        xapi.checked_base()
    except lrs.BadAddress as error:
        return None, f"learnmeta: {source_name(option)}: {error.message}"
    except xapi.BaseAddressError as error:
        return None, (f"learnmeta: {xapi.BASE_ENV} {error}. It is the course's own web address "
                      "that activity ids are built on, such as https://lms.example.edu/learnmeta.")
    return offered, None


def source_name(option: str | None) -> str:
    return "--lrs" if option else "LEARNMETA_LRS_URL"


def course_outbox(store, library, offered: str | None):
    """The learner's outbox (:mod:`learnmeta.instructor.outbox`), started; None when no course
    offers an LRS and the learner never chose one (the usual case: nothing is imported)."""
    settings = store.settings
    if offered is None and not settings.lrs and not settings.lrs_declined:
        return None
    import os

    from learnmeta.instructor import outbox, xapi
    from learnmeta.instructor.results import ANONYMOUS_KEY_ENV

    try:
        base = xapi.checked_base()
    except xapi.BaseAddressError:
        base = xapi.DEFAULT_BASE  # said at start when a course offers one; else the default ids
    box = outbox.Outbox(store, library, offered=offered, base=base,
                        anonymous_key=os.environ.get(ANONYMOUS_KEY_ENV) or None)
    box.start()
    return box
