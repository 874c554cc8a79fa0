"""Offered at start when a session is waiting: go on, pick another, or start fresh.

When the most recent preparation is finished (``finished=True``), the offer is
its card, the part after the consultation, or a new preparation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from prep_assistant.conversation import describe_session
from prep_assistant.i18n import N_, _
from prep_assistant.ui.common import literal
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.widgets.calm_button import calm_button

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.session import SessionInfo, Store


def describe(info: "SessionInfo") -> tuple[str, str]:
    """(what it is about and when, how far) in plain words."""
    words = describe_session(info)
    return f"{words.started} {words.about}", words.answered


class ResumeScreen(BaseScreen[tuple[str, "str | None"]]):
    CSS_PATH = "resume.tcss"

    BINDINGS = [
        Binding("escape", "continue", N_("Continue"), id="resume.continue", show=False,
                tooltip=N_("Continue where you left off")),
    ]

    def __init__(self, store: "Store", latest: "SessionInfo", flow_kind: str, *, finished: bool = False) -> None:
        super().__init__()
        self.store = store
        self.latest = latest
        self.flow_kind = flow_kind
        #: The latest preparation is finished: offer its card and the part after.
        self.finished = finished
        self.others: list[SessionInfo] = []

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="resume-body"):
            yield Static(literal(""), id="resume-title")
            yield Static(literal(""), id="resume-about")
            yield Static(literal(""), id="resume-progress")
            yield Static(literal(""), id="resume-question")
            with Vertical(id="resume-choices"):
                yield calm_button(literal(""), id="continue", variant="primary")
                yield calm_button(literal(""), id="pick")
                yield calm_button(literal(""), id="new")
            yield OptionList(id="sessions")

    def on_mount(self) -> None:
        self.query_one("#sessions").display = False
        self.retranslate_texts()
        self.query_one("#continue", Button).focus()

    def retranslate_texts(self) -> None:
        self.title = _("Welcome back")
        self.sub_title = self.status_line()
        first, second = describe(self.latest)
        self.query_one("#resume-title", Static).update(literal(_("Welcome back.")))
        if self.finished:
            self._finished_texts()
        else:
            self.query_one("#resume-about", Static).update(literal(first))
            self.query_one("#resume-progress", Static).update(literal(second))
            self.query_one("#resume-question", Static).update(literal(_("Do you want to continue where you left off?")))
            self.query_one("#continue", Button).label = literal(_("Yes, continue"))
            self.query_one("#pick", Button).label = literal(_("Choose another session"))
            self.query_one("#new", Button).label = literal(_("No, start again from the beginning"))
        if self.query_one("#sessions").display:
            self._fill_sessions()

    def _finished_texts(self) -> None:
        words = describe_session(self.latest)
        self.query_one("#resume-about", Static).update(literal(f"{words.finished} {words.about}"))
        self.query_one("#resume-progress", Static).update(literal(""))
        self.query_one("#resume-question", Static).update(literal(_("What do you want to do?")))
        self.query_one("#continue", Button).label = literal(_("See my conversation card"))
        self.query_one("#pick", Button).label = literal(_("After the consultation: write down what was decided"))
        self.query_one("#new", Button).label = literal(_("Start a new preparation"))

    def action_continue(self) -> None:
        self.dismiss(("open", self.latest.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self.dismiss(("open", self.latest.id))  # a finished session opens at its card
        elif event.button.id == "new":
            self.dismiss(("new", None))
        elif event.button.id == "pick" and self.finished:
            self.dismiss(("after", None))
        elif event.button.id == "pick":
            self._fill_sessions()
            sessions = self.query_one("#sessions", OptionList)
            sessions.display = True
            sessions.focus()
            self.query_one("#resume-body").scroll_end(animate=False)

    def _fill_sessions(self) -> None:
        from prep_assistant.session import StoreError  # after the first frame: the store's module (start-up budget)

        try:
            self.others = [s for s in self.store.list_sessions() if s.flow_kind == self.flow_kind]
        except StoreError as error:
            self.notify(str(error), markup=False, severity="error")
            self.others = []
        sessions = self.query_one("#sessions", OptionList)
        sessions.clear_options()
        for info in self.others:
            # One row each: the date and the decision, then how far; the
            # "You started earlier" sentence is said once, above, not per row.
            words = describe_session(info)
            sessions.add_option(Option(literal(f"{words.row}\n{words.row_detail}")))
        if self.others:
            sessions.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("open", self.others[event.option_index].id))

