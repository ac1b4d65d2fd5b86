"""A Button that needs only part of Textual's stylesheet for buttons: home's buttons.

Textual parses a widget class's ``DEFAULT_CSS`` the first time one is mounted in a process.
Button's is about 7,300 characters, and two thirds of it style the variants home never shows
(success, warning, error) and the "flat" buttons: parsing all of it took 4-5 ms of home's first
frame in every start. :class:`SimpleButton` is Button in its default and primary variants only,
and gives Textual, in place of Button's stylesheet, the rules of it that such a button can match
(:data:`BUTTON_CSS`): copied from Textual 8.2.8 (pinned) rule for rule, in their order, with
nothing changed (tests/test_home_buttons.py compares them with Textual's own and what home draws
with each). Everything else is Button's: focus, keys, the mouse, tooltips, messages, and
``query(Button)`` finds it.

When another screen mounts an ordinary Button, Textual adds Button's whole stylesheet too; the
rules here are the same rules, so they change nothing for either kind of button.
"""

from __future__ import annotations

from textual.widgets import Button

BUTTON_CSS = """
    Button:ansi.-style-flat, Button:ansi.-style-default {
        border: tall $border-blurred;
        background: ansi_default;

        &:disabled {
            text-opacity: 1;
            text-style: bold dim;
            border: tall $border-blurred !important;
            background: ansi_default !important;
            pointer: not-allowed;
            &:hover {
                background: ansi_default;
            }
        }

        &:hover {
            background: $ansi-background;
            border: tall $border;
        }

        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }

        &.-primary {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
    }

    Button {
        width: auto;
        min-width: 16;
        height:auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;

        &.-style-default {
            text-style: bold;
            color: $button-foreground;
            background: $surface;
            border: none;
            border-top: tall $surface-lighten-1;
            border-bottom: tall $surface-darken-1;

            &.-textual-compact {
                border: none !important;
            }

            &:disabled {
                text-opacity: 0.6;
                pointer: not-allowed;
            }

            &:focus {
                text-style: $button-focus-text-style;
                background-tint: $foreground 5%;
            }
            &:hover {
                border-top: tall $surface;
                background: $surface-darken-1;
            }

            &.-active {
                background: $surface;
                border-bottom: tall $surface-lighten-1;
                border-top: tall $surface-darken-1;
                tint: $background 30%;
            }

            &.-primary {
                color: $button-color-foreground;
                background: $primary;
                border-top: tall $primary-lighten-3;
                border-bottom: tall $primary-darken-3;

                &:hover {
                    background: $primary-darken-2;
                    border-top: tall $primary;
                }

                &.-active {
                    background: $primary;
                    border-bottom: tall $primary-lighten-3;
                    border-top: tall $primary-darken-3;
                }
            }
        }
    }
"""
"""The rules of Button's ``DEFAULT_CSS`` (Textual 8.2.8) that a button in the default or primary
variant, not flat, can match: the success, warning and error variants and the flat style left
out, every other rule as it is there, in the same order."""

VARIANTS = ("default", "primary")
"""The variants :data:`BUTTON_CSS` styles."""


class SimpleButton(Button):
    """A Button in the default or primary variant, never flat, styled by :data:`BUTTON_CSS`."""

    def validate_variant(self, variant: str) -> str:
        if variant not in VARIANTS:
            raise ValueError(f"SimpleButton has no {variant!r} variant: use Button")
        return super().validate_variant(variant)

    def validate_flat(self, flat: bool) -> bool:
        if flat:
            raise ValueError("SimpleButton is never flat: use Button")
        return flat

    def _get_default_css(self):
        """Button's stylesheet, as Textual collects it for a widget, with :data:`BUTTON_CSS` in
        place of Button's own ``DEFAULT_CSS`` (the same tie-breaker and scope, its own name).
        (A Textual hook, as of textual 8.2.8, which pyproject pins.)"""
        stack = []
        for (path, name), css, tie_breaker, scope in super()._get_default_css():
            if name == "Button.DEFAULT_CSS":
                stack.append(((path, "SimpleButton.BUTTON_CSS"), BUTTON_CSS, tie_breaker, scope))
            else:
                stack.append(((path, name), css, tie_breaker, scope))
        return stack
