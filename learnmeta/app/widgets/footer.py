"""The footer: Textual's, rebuilt only when the keys it shows have changed.

Textual's footer rebuilds all its keys whenever the screen's bindings are updated, and they are
updated several times for one keypress (the focus moves, a check hides a key): answering a
question rebuilt it four times, some 10 ms and a layout pass each, which was most of the time
between Enter and the feedback. Here the rebuilds asked for while one is pending are folded into
one, a rebuild that would show the same keys is skipped, and keys are updated in place (only
the extra ones mounted or removed) instead of all being removed and mounted again.
"""

from __future__ import annotations

import time
from typing import Awaitable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    """A footer that rebuilds only when its keys change."""

    same_frame = False
    _shown: tuple | None = None
    _rebuild_asked: float | None = None
    """When a rebuild was asked for and has not run yet (None: none is waiting)."""

    def __init__(self, *children, same_frame: bool = False, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.same_frame = same_frame
        """Bring the keys up to date as the bindings change, so that they change in the frame
        that the change to the screen is drawn in (a lesson's page and its keys together),
        instead of in a frame of their own after it (as for an answer: the verdict first)."""

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
        keys, palette = _split(list(super().compose()))
        yield from keys
        if self.same_frame and self._shown is not None:
            # Hidden keys to show later without mounting one (see _update_keys): as many as the
            # screen has keys it may show, less those shown now.
            for _ in range(self._possible_keys() - len(keys)):
                spare = FooterKey("", "", "", "").data_bind(compact=TextualFooter.compact)
                spare.display = False
                yield spare
        yield from palette

    def _possible_keys(self) -> int:
        """How many keys this footer may show on its screen: one for each action with a shown
        binding, whether it is available now or not."""
        try:
            chain = self.screen._modal_binding_chain
        except Exception:
            return 0
        return len({binding.action for _node, bindings in chain for _key, binding in bindings if binding.show})

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if not self.is_attached or screen is not self.screen:
            return
        if self.same_frame and self._shown is not None and self._update_keys():
            return
        now = time.monotonic()
        # One rebuild for all the changes made before the next frame. A request whose callback
        # never ran (its screen went away first) does not block the next one for long.
        if self._rebuild_asked is None or now - self._rebuild_asked > 0.5:
            self._rebuild_asked = now
            self.call_after_refresh(self._rebuild_if_changed)  # after the frame the change made

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_asked = None
        if not self.is_attached:
            return
        updated = self._update_keys()
        if updated is False:
            await self.recompose()
        elif updated is not True:
            await updated  # keys mounted or removed

    def _update_keys(self) -> bool | Awaitable:
        """Show the keys the bindings call for now, updating the keys in place (no layout of a
        footer built afresh): True once done, or when nothing changed; False when the footer
        must be built afresh (keys in groups, or the palette's key coming or going); or, when
        keys are mounted or removed, what to await for that.

        In a ``same_frame`` footer a key no longer wanted is hidden and kept, to show another
        key later without mounting one (a mounted key is laid out in a frame of its own, after
        the frame it was asked in)."""
        if self.shown_keys() == self._shown:
            return True
        old = list(self.children)
        new = list(self.compose())
        if not _reusable(old, new):
            return False
        old_keys, old_palette = _split(old)
        new_keys, new_palette = _split(new)
        with self.app.batch_update():
            pairs = [*zip(old_keys, new_keys), *zip(old_palette, new_palette)]
            for widget, fresh in pairs:
                if _same_key(widget, fresh):
                    continue  # nothing to draw again (each key drawn is a render and a layout)
                widget.key = fresh.key
                widget.key_display = fresh.key_display
                widget.description = fresh.description
                widget.action = fresh.action
                widget._disabled = fresh._disabled
                widget.set_class(fresh._disabled, "-disabled")
                widget.tooltip = fresh.tooltip
                widget.refresh(layout=True)
            for widget, fresh in zip(old_keys, new_keys):
                if widget.display != fresh.display:  # a spare key shown, or hidden to be one
                    widget.display = fresh.display
            if len(old_keys) > len(new_keys):
                unwanted = old_keys[len(new_keys):]
                if self.same_frame:
                    for widget in unwanted:
                        widget.display = False  # kept, to show a key later without a mount
                else:
                    return self.remove_children(unwanted)
            elif len(new_keys) > len(old_keys):
                extra = new_keys[len(old_keys):]
                return self.mount_all(extra, before=old_palette[0]) if old_palette else self.mount_all(extra)
        return True


def _same_key(widget, fresh) -> bool:
    """Whether a key shown already shows what ``fresh`` would."""
    return (widget.key, widget.key_display, widget.description, widget.action, widget._disabled,
            widget.tooltip) == (fresh.key, fresh.key_display, fresh.description, fresh.action,
                                fresh._disabled, fresh.tooltip)


def _split(widgets: list) -> tuple[list, list]:
    """(the keys, the command palette's key) of a footer's children."""
    keys = [w for w in widgets if "-command-palette" not in w.classes]
    return keys, [w for w in widgets if "-command-palette" in w.classes]


def _reusable(old: list, new: list) -> bool:
    """Whether the keys can be updated in place: keys alone, none of them in a group, and the
    palette's key (styled apart) in both or in neither."""
    if not all(type(widget) is FooterKey and "-grouped" not in widget.classes for widget in old + new):
        return False
    return len(_split(old)[1]) == len(_split(new)[1]) <= 1


class FooterWithHelp(Footer):
    """The footer, keeping F1 Help and F2 Support in view however narrow the terminal is.

    When the keys do not all fit, the ones the keys line above already names go first (the
    command palette, read more, skip, hint, then any the screen names in ``FOOTER_GIVE_WAY``),
    never Check/Next, Leave, F1 or F2.
    """

    GIVE_WAY = ("command_palette", "read_more", "practise", "skip_typing", "skip", "hint_typing", "hint")

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        width = self.size.width or self.app.size.width
        for action in (*self.GIVE_WAY, *getattr(self.screen, "FOOTER_GIVE_WAY", ())):
            if sum(self._cells(key) for key in keys) <= width:
                break
            keys = [key for key in keys if getattr(key, "action", "").rpartition(".")[2] != action]
        yield from keys

    @staticmethod
    def _cells(key) -> int:
        from rich.cells import cell_len

        if not key.display:  # a spare key (Footer.same_frame)
            return 0
        display = getattr(key, "key_display", "")
        description = getattr(key, "description", "")
        if "-command-palette" in key.classes:
            return cell_len(display) + cell_len(description) + 5  # its border and padding
        return cell_len(display) + 2 + (cell_len(description) + 1 if description else 0)

    def on_resize(self, event) -> None:
        if self._bindings_ready and event.size.width != getattr(self, "_composed_width", None):
            self._composed_width = event.size.width
            self.call_after_refresh(self.recompose)
