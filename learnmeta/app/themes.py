"""Our themes: a high-contrast theme (Textual ships none) and the list offered in settings."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="learnmeta-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6666",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#FFFFFF",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
        "text-muted": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "link-color": "#00FFFF",
    },
)

DEFAULT_THEME = "textual-dark"

THEME_CHOICES: list[tuple[str, str]] = [
    ("Dark", "textual-dark"),
    ("Light", "textual-light"),
    ("High contrast", HIGH_CONTRAST.name),
]
"""(what the learner sees, theme name): the themes settings offers."""


def theme_choices(current: str | None) -> list[tuple[str, str]]:
    """The settings list, with ``current`` added when it is a theme picked elsewhere (the palette).

    So opening settings shows the theme in use and never changes it.
    """
    choices = list(THEME_CHOICES)
    if current and current not in {value for _, value in choices}:
        name = current.removeprefix("textual-").replace("-", " ").capitalize()
        choices.append((f"{name} (from Ctrl+P)", current))
    return choices
