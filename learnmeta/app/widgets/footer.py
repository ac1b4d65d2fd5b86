"""The footer: Textual's, rebuilt only when the keys it shows have changed.

Textual's footer rebuilds all its keys whenever the screen's bindings are updated, and they are
updated several times for one keypress (the focus moves, a check hides a key): answering a
question rebuilt it four times, some 10 ms and a layout pass each, which was most of the time
between Enter and the feedback. Here the rebuilds asked for while one is pending are folded into
one, a rebuild that would show the same keys is skipped, and keys are updated in place (only
the extra ones mounted or removed) instead of all being removed and mounted again.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """A footer that rebuilds only when its keys change."""

    _shown: tuple | None = None
    _rebuild_pending: bool = False

    def shown_keys(self) -> tuple:
        """What the footer shows: each shown binding with its state, and the palette key."""
        try:
            bindings = self.screen.active_bindings
        except Exception:  # not on a screen yet
            return ()
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, binding.key_display,
                 binding.show, enabled, tooltip)
                for _node, binding, enabled, tooltip in bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )

    def compose(self):
        self._shown = self.shown_keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)  # after the frame the change made

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached or self.shown_keys() == self._shown:
            return
        old = list(self.children)
        new = list(self.compose())
        if not _reusable(old, new):
            await self.recompose()
            return
        with self.app.batch_update():
            for widget, fresh in zip(old, new):
                widget.key = fresh.key
                widget.key_display = fresh.key_display
                widget.description = fresh.description
                widget.action = fresh.action
                widget._disabled = fresh._disabled
                for name in ("-disabled", "-command-palette"):
                    widget.set_class(name in fresh.classes, name)
                widget.tooltip = fresh.tooltip
                widget.refresh(layout=True)
            if len(old) > len(new):
                await self.remove_children(old[len(new):])
            elif len(new) > len(old):
                await self.mount_all(new[len(old):])


def _reusable(old: list, new: list) -> bool:
    """Whether the keys can be updated in place: keys alone, none of them in a group."""
    return all(type(widget) is FooterKey and "-grouped" not in widget.classes for widget in old + new)
