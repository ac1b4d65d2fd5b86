"""The lesson reader: one page at a time, then the key points, then the knowledge check.

Right/n go on, Left/b go back, g shows the glossary terms on the page.

Pages marked for health-care trainees (``{#id .trainee}``) are read in turn on the course track.
On the self-study track they are left out of the sequence and offered instead, on the page
before them: a line "For health-care trainees: ... (t)", and the key t, put them in the sequence
right after that page and turn to the first of them. Nothing is forced: the lesson's page count
and its "done" do not wait for them. Every page shown is saved
(``store.record_page``), so the lesson reopens where the learner left it; reaching the key points
marks the lesson done. A lesson opened for "read more" from a quiz (``bookmark=False``) saves
nothing: the page the learner reached in the lesson stays the place "Continue" goes back to. Page bodies are Markdown (which never parses content markup); links in them
are not opened: their address is shown instead.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Markdown, Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.content.lookup import terms_on_page
from learnmeta.app.safe import literal, styled
from learnmeta.content.text import clean_text
from learnmeta.app.screens.base import LearnScreen, scroll_bindings
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.content.models import Lesson


class Bullets(Static):
    """A bulleted list in one widget: each item after a bullet, wrapped with a hanging indent.

    (A grid of two widgets per item took a third of the time the key points took to appear,
    and several layout passes to settle; a Rich table grid, which drew the same lines, was
    rendered again for each layout pass, a fifth of the key points' turn.) The lines are made
    once for each width, long words cut with "…" as the table did. Items are shown as plain
    text, never markup.
    """

    def __init__(self, items: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._items = [Content(clean_text(item)) for item in items]
        self._made: dict[int, Content] = {}

    def lines_at(self, width: int) -> Content:
        """The list as it is shown ``width`` cells wide."""
        made = self._made.get(width)
        if made is None:
            lines = []
            for item in self._items:
                for number, line in enumerate(item.wrap(max(width - 2, 1), overflow="ellipsis")):
                    lines.append(("• " if number == 0 else "  ") + line.plain.rstrip())
            if len(self._made) > 8:  # a window resized again and again
                self._made.clear()
            made = self._made[width] = Content("\n".join(lines))
        return made

    def render(self) -> Content:
        return self.lines_at(self.size.width)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines_at(width).plain.split("\n"))


class LessonScreen(LearnScreen):
    """Reads one lesson. ``index`` runs over the pages, then one more for the key points."""

    SPEAKS_FOR_ITSELF = True
    """Says each page as it turns to it: nothing more is said as it opens (base.Spoken)."""

    HELP_SECTION = "Reading a lesson"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    MIN_SIZE = (40, 12)
    """The reader scrolls: a page can be read in a small window (learnmeta.app.screens.too_small)."""

    BINDINGS = [
        Binding("escape", "back", "Close", tooltip="close the lesson (it reopens at this page)"),
        Binding("right,n,enter", "next_page", "Next", key_display="→", tooltip="next page"),
        Binding("left,b", "previous_page", "Back", key_display="←", tooltip="page before"),
        Binding("g", "terms", "Words", tooltip="the glossary words on this page, with their meanings"),
        Binding("w", "spread_map", "Picture", show=False, tooltip="where cancer spreads: the picture (lessons with one)"),
        Binding("t", "trainee_pages", "Trainee", tooltip="open the pages for health-care trainees offered here"),
        Binding("m", "my_questions", "My questions", tooltip="the questions to ask at your next visit: make your list, save, print"),
        *scroll_bindings("scroll_reader"),
        # Space pages down, as in a browser or a pager (nothing focusable here uses Space:
        # the end buttons press with Enter). Help lists it with the other scroll keys.
        Binding("space", "scroll_reader('page_down')", show=False),
    ]

    def __init__(self, lesson: Lesson, page_id: str | None = None, *, bookmark: bool = True,
                 track: str | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        self.bookmark = bookmark
        """False for "read more" from a quiz: nothing is saved, the lesson's bookmark stays put."""
        self.track = track
        """The learner's track: "course" reads trainee pages in turn, anything else is offered them."""
        shown = {id(page) for page in lesson.pages_for(track)}
        start = lesson.page_index(page_id) if page_id else None
        if start is not None:  # a page asked for by id is shown, even a trainee page
            shown.add(id(lesson.pages[start]))
        self.sequence: list[int] = [i for i, page in enumerate(lesson.pages) if id(page) in shown]
        """The pages read in turn, as positions in ``lesson.pages``."""
        self.index = self.sequence.index(start) if start is not None else 0

    @property
    def page_count(self) -> int:
        return len(self.sequence)

    def page_at(self, index: int):
        """The page shown at place ``index`` of the sequence."""
        return self.lesson.pages[self.sequence[index]]

    def offered_pages(self) -> list[int]:
        """Positions (in ``lesson.pages``) of the trainee pages this page offers: those right after
        it in the file that are not already in the sequence."""
        if self.at_end:
            return []
        after = self.lesson.trainee_pages_after(self.page_at(self.index).id)
        indexes = [self.lesson.page_index(page.id) for page in after]
        return [index for index in indexes if index is not None and index not in self.sequence]

    @property
    def at_end(self) -> bool:
        return self.index >= self.page_count

    def compose(self) -> ComposeResult:
        yield TitleBar(self.lesson.title, id="lesson-title")
        # The reader never takes the focus: focusing or leaving it restyled everything in it
        # (every page, since all are rendered at once), 35 ms. The screen's own Up/Down/Page
        # keys scroll it, and the mouse wheel does as ever.
        with VerticalScroll(id="reader", can_focus=False):
            yield Static(self._purpose_text(), id="purpose")
            yield Static(id="page-heading")
            with Vertical(id="page-view"):
                # Each page is rendered once: the one shown first here, the others just after it
                # is drawn (see on_mount). Turning a page then only shows another one
                # (re-rendering Markdown on each turn took 60-150 ms).
                if self.index < self.page_count:
                    yield self._page_body(self.sequence[self.index])
            yield Static(id="trainee-offer")
            with Vertical(id="end-view"):
                yield from self._compose_end()
        with Horizontal(id="end-buttons"):  # below the reader, so always in view at the end
            # Labelled and shown as at the key points already: set on the turn to them, a new
            # label was one more layout in that turn's frame.
            check = Button(self._check_label(), id="check", variant="primary")
            check.display = self._check_pack() is not None
            yield check
            yield Button(Content("Home"), id="lesson-home")
        yield Static(id="page-nav")
        yield Disclaimer()
        yield Footer(same_frame=True)

    def on_mount(self) -> None:
        self.show_page()
        self.call_after_refresh(self._render_other_pages)

    def _page_body(self, number: int) -> Markdown:
        """The body of ``lesson.pages[number]`` (its place in the file names the widget)."""
        body = Markdown(self.lesson.pages[number].body, id=f"page-body-{number}",
                        classes="page-body", open_links=False)
        body.display = not self.at_end and number == self.sequence[self.index]
        return body

    def _bodies(self, view) -> dict[str | None, Markdown]:
        """The page bodies rendered so far, by id: the page view's own children (a query would
        walk every block of every page, a few ms on each turn)."""
        return {body.id: body for body in view.children if isinstance(body, Markdown)}

    def _render_other_pages(self) -> None:
        """The pages not yet rendered, hidden, while the learner reads the first one."""
        view = self.query_one("#page-view")
        bodies = self._bodies(view)
        missing = [n for n in self.sequence if f"page-body-{n}" not in bodies]
        if missing:
            view.mount_all([self._page_body(n) for n in missing])

    # -- showing a page ------------------------------------------------------------------------

    def show_page(self) -> None:
        lesson = self.lesson
        self.query_one("#lesson-title", TitleBar).set_title(
            styled("$title  [dim]· page $x of $y[/]", title=lesson.title,
                   x=min(self.index + 1, self.page_count), y=self.page_count)
            if not self.at_end else styled("$title  [dim]· key points[/]", title=lesson.title)
        )
        page_view = self.query_one("#page-view")
        end_view = self.query_one("#end-view")
        heading = self.query_one("#page-heading", Static)
        buttons = self.query_one("#end-buttons")
        offer = self.query_one("#trainee-offer", Static)
        offered = self.offered_pages()
        offer.display = bool(offered)
        if offered:
            titles = "; ".join(lesson.pages[n].title for n in offered)
            offer.update(styled("[b]For health-care trainees:[/] read more: $titles (press t)", titles=titles))
        buttons.display = self.at_end
        # Hidden, the buttons must not hold the focus either (Enter on a page would press them).
        # (Not by disabling them: that restyled both, and their row, on the turn to the key
        # points and back, about a tenth of that turn's work.)
        for button in (self.query_one("#check", Button), self.query_one("#lesson-home", Button)):
            button.can_focus = self.at_end
        if self.at_end:
            page_view.display = False
            end_view.display = True
            self.query_one("#purpose", Static).display = False
            heading.update(Content("Key points"))
            self._show_end()
            if self.bookmark:
                self.learn_app.store.complete_lesson(lesson.id)
        else:
            page = self.page_at(self.index)
            number = self.sequence[self.index]
            page_view.display = True
            end_view.display = False
            self.query_one("#purpose", Static).display = self.index == 0
            if page.trainee:
                heading.update(styled("$title  [dim]· for health-care trainees[/]", title=page.title))
            else:
                heading.update(literal(page.title))
            bodies = self._bodies(page_view)
            if f"page-body-{number}" not in bodies:  # turned before it was rendered
                page_view.mount(self._page_body(number))
            for body in bodies.values():
                body.display = body.id == f"page-body-{number}"
            if self.bookmark:
                self.learn_app.store.record_page(lesson.id, page.id, self.page_count)
        self._show_nav()
        self.refresh_bindings()
        reader = self.query_one("#reader", VerticalScroll)
        reader.scroll_home(animate=False)
        if not self.at_end and isinstance(self.focused, Button):
            self.set_focus(None)  # back from the key points: the hidden buttons let go of it
        if self.learn_app.announcing:  # a screen reader in the browser hears where it is now
            if self.at_end:
                self.learn_app.announce(f"{lesson.title}: key points.")
            else:
                self.learn_app.announce(f"{lesson.title}, page {self.index + 1} of {self.page_count}: "
                                        f"{self.page_at(self.index).title}")

    def _purpose_text(self) -> Content:
        """What the learner will learn: shown above the first page."""
        meta = self.lesson.meta
        return styled(
            "[b]What you will learn[/]  [dim]· about $minutes min[/]\n$purpose",
            minutes=meta.estimated_minutes,
            purpose=meta.purpose,
        )

    def _nav_text(self) -> Content:
        """The line above the disclaimer: where you are and the keys, fitted to the width.

        At the end, "Enter:" says what the focused button does (check, or home).
        """
        if self.at_end:
            where = "End of the lesson"
            focused = self.focused
            if isinstance(focused, Button) and focused.id == "check":
                after = "  Enter: check what you learned"
            elif isinstance(focused, Button) and focused.id == "lesson-home":
                after = "  Enter: back to home"
            else:
                after = ""
        else:
            where = f"Page {self.index + 1} of {self.page_count}"
            after = "  → Next" if self.index + 1 < self.page_count else "  → Key points"
        before = "  ← Back" if self.index > 0 else ""
        width = (self.size.width or self.app.size.width) - 2
        extras = ["  ·  g: glossary terms"]
        if self.offered_pages():
            extras.insert(0, "  ·  t: for trainees")
        if self.lesson.meta.spread_patterns:
            extras.append("  ·  w: the picture")
        while True:
            text = f"{where}{before}{after}{''.join(extras)}"
            if len(text) <= width or not extras:
                break
            if len(extras) > 1:
                extras.pop()
            elif extras[0] != "  g: words":
                extras[0] = "  g: words"
            else:
                extras.pop()
        if len(text) > width and self.at_end:
            text = text.replace("End of the lesson", "End", 1)
        return Content(text)

    def on_descendant_focus(self) -> None:
        if self.at_end:
            self._show_nav()

    def on_resize(self) -> None:
        self._show_nav()

    _nav_shown: Content | None = None

    def _show_nav(self) -> None:
        """The line above the disclaimer, updated only if its words change (an update is a
        layout, and a frame of its own when it comes after the page's)."""
        text = self._nav_text()
        if text != self._nav_shown:
            self._nav_shown = text
            self.query_one("#page-nav", Static).update(text)

    def _compose_end(self) -> ComposeResult:
        """Key points, what you can do, and the sources: bullets with a hanging indent."""
        meta = self.lesson.meta
        groups = [("", meta.key_points)]
        if meta.what_you_can_do:
            groups.append(("What you can do (m: my questions, to add to your list and print)", meta.what_you_can_do))
        sources = []
        for source in meta.sources:
            line = source.title + (f" ({source.publisher})" if source.publisher else "")
            sources.append(line + (f": {source.url}" if source.url else ""))
        sources.append(f"Facts last checked: {meta.reviewed:%d %B %Y}")
        groups.append(("Sources", sources))
        for title, items in groups:
            if title:
                yield Static(Content(title), classes="end-heading")
            yield Bullets(items, classes="bullets")

    def _show_end(self) -> None:
        meta = self.lesson.meta
        check = self.query_one("#check", Button)
        pack = self._check_pack()
        check.display = pack is not None
        if pack is not None and meta.knowledge_check is not None:
            check.label = self._check_label()  # as composed: no change, nothing to lay out
            focus = check
        else:
            focus = self.query_one("#lesson-home", Button)
        # At once (Widget.focus waits for the next message): the line above the disclaimer,
        # drawn after this, then says what Enter does in the same frame as the key points.
        self.set_focus(focus)

    def _check_label(self) -> Content:
        check = self.lesson.meta.knowledge_check
        if check is None:
            return Content("Check what you learned")
        count = len(check.questions)
        return Content(f"Check what you learned ({count} question{'s' if count != 1 else ''})")

    def _check_pack(self):
        check = self.lesson.meta.knowledge_check
        if check is None:
            return None
        return self.learn_app.library.pack(check.pack)

    # -- actions ---------------------------------------------------------------------------------

    def action_next_page(self) -> None:
        if not self.at_end:
            self.index += 1
            self.show_page()

    def action_previous_page(self) -> None:
        if self.index > 0:
            self.index = min(self.index - 1, self.page_count - 1)
            self.show_page()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "spread_map":
            return bool(self.lesson.meta.spread_patterns)
        if action == "trainee_pages":
            return bool(self.offered_pages())
        if action == "my_questions":
            return self.at_end and bool(self.lesson.meta.what_you_can_do)
        # The footer never offers a key that would do nothing: no "→ Next" after the key points
        # (Enter then presses the focused button), no "← Back" on the first page.
        if action == "next_page":
            return not self.at_end
        if action == "previous_page":
            return self.index > 0
        return True

    def action_scroll_reader(self, how: str) -> None:
        """Up/Down/Page keys scroll the reader (it never has the focus itself)."""
        reader = self.query_one("#reader", VerticalScroll)
        getattr(reader, f"scroll_{how}")(animate=False)

    def action_trainee_pages(self) -> None:
        """Put the offered trainee pages in the sequence after this page, and turn to them."""
        offered = self.offered_pages()
        if not offered:
            return
        place = self.index + 1
        self.sequence[place:place] = offered
        self.index = place
        self.show_page()

    def action_spread_map(self) -> None:
        self.learn_app.show_body_map()

    def action_my_questions(self) -> None:
        self.learn_app.show_questions()

    def action_terms(self) -> None:
        from learnmeta.app.screens.page_terms import PageTermsDialog

        if self.at_end:
            page_terms = []
            for page in self.lesson.pages:
                page_terms += [t for t in terms_on_page(self.learn_app.library.glossary, page)
                               if t not in page_terms]
        else:
            page_terms = terms_on_page(self.learn_app.library.glossary, self.page_at(self.index))
        self.app.push_screen(PageTermsDialog(page_terms))

    @on(Button.Pressed, "#check")
    def _check(self) -> None:
        pack, check = self._check_pack(), self.lesson.meta.knowledge_check
        if pack is not None and check is not None:
            self.learn_app.start_quiz(pack, check.questions, mode="check")

    @on(Button.Pressed, "#lesson-home")
    def _home(self) -> None:
        self.learn_app.go_home()

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.prevent_default()
        self.learn_app.open_url(event.href)
