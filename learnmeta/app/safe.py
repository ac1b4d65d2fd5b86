"""Showing text from lessons and packs literally.

Many Textual widgets parse content markup in a plain ``str`` (``[@click=app.quit]`` becomes a live
action, an unbalanced ``[/]`` crashes the app). Everything that came from a content file goes
through :func:`literal`, which builds a :class:`~textual.content.Content` that is never parsed,
after removing control characters once more (the models already do it at load time).
"""

from __future__ import annotations

from textual.content import Content

from learnmeta.content.text import clean_text


def literal(text: object) -> Content:
    """Text shown exactly as written: no markup, no escape codes."""
    return Content(clean_text(str(text)))


def styled(markup: str, **values: object) -> Content:
    """Our own markup around untrusted values: ``styled("[b]$title[/]", title=lesson.title)``."""
    return Content.from_markup(markup, **{k: clean_text(str(v)) for k, v in values.items()})


def prompt_content(text: object) -> Content:
    """A question's prompt: its text as written, with Markdown strong emphasis (``**not**``) shown
    in bold and its markers left out. Built from the parsed pieces as styled text
    (:func:`learnmeta.content.text.emphasis_pieces`), never by interpreting the prompt as markup."""
    from learnmeta.content.text import emphasis_pieces

    pieces = emphasis_pieces(clean_text(str(text)))
    return Content.assemble(*[(piece, "bold") if strong else piece for piece, strong in pieces])
