"""The conversation: a transcript above, the current question's answer below.

The screen holds no flow logic. It shows ``Conversation.current``, hands the
patient's answer to ``Conversation.answer`` and shows what comes back: the
next step, or the plain-words message of an ``AnswerError`` next to the
answer area (what the patient typed stays where it was).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from importlib import import_module
from typing import TYPE_CHECKING, Any, Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from prep_assistant.conversation import AnswerError
from prep_assistant.i18n import N_, _
from prep_assistant.session import StoreError
from prep_assistant.ui.common import literal
from prep_assistant.ui.pending_changes import PendingChanges
from prep_assistant.ui.screens.base import BaseScreen
from prep_assistant.ui.textual_private import focus_without_screen_repaint
from prep_assistant.ui.widgets.calm_button import calm_button
from prep_assistant.ui.widgets.step_bar import StepBar
from prep_assistant.ui.widgets.transcript import Transcript

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.conversation import Conversation, Given, Turn
    from prep_assistant.ui.widgets.base import AnswerWidget

#: kind -> (module under prep_assistant.ui.widgets, class): imported on first use.
ANSWER_WIDGETS = {
    "info": ("info", "InfoAnswer"),
    "text": ("text", "TextAnswer"),
    "text_list": ("text_list", "TextListAnswer"),
    "single_choice": ("single_choice", "SingleChoiceAnswer"),
    "multiple_choice": ("multiple_choice", "MultipleChoiceAnswer"),
    "ranking": ("ranking", "RankingAnswer"),
    "rating": ("rating", "RatingAnswer"),
    "ratings": ("ratings", "RatingsAnswer"),
    "yes_no": ("yes_no", "YesNoAnswer"),
    "date": ("date", "DateAnswer"),
}


def answer_widget_class(kind: str) -> type["AnswerWidget"]:
    module, name = ANSWER_WIDGETS.get(kind, ANSWER_WIDGETS["text"])
    return getattr(import_module(f"prep_assistant.ui.widgets.{module}"), name)


class ConversationScreen(BaseScreen):
    # conversation.tcss is read by the app (PrepAssistantApp.CSS_PATH), before the first frame.

    BINDINGS = [
        Binding("escape,ctrl+b", "back", N_("Back"), id="back",
                tooltip=N_("Go back to the previous question. Your answers stay.")),
        Binding("f1,question_mark", "help", N_("Help"), id="help",
                tooltip=N_("What each key does, and an explanation of this question")),
        Binding("f2", "answers", N_("My answers"), id="answers",
                tooltip=N_("See all your answers and go back to one of them")),
        Binding("ctrl+s", "skip", N_("Skip"), id="skip", show=False,
                tooltip=N_("Skip this question. You can answer it later.")),
    ]

    #: The focus moves at each new answer widget; a move repaints what gains and loses it, not the whole screen.
    focused = focus_without_screen_repaint()

    def __init__(self) -> None:
        super().__init__()
        self.conv: Conversation | None = None
        self.answer: AnswerWidget | None = None
        #: The question where "(Press F1 for an explanation.)" was said (once per visit).
        self._help_hint_at: str | None = None
        #: Helper mode: prompts of the messages passed on the way to this question.
        self._passed_prompts: list[str] = []
        #: The answer widget's mount and removal, waited for before the screen is laid out.
        self._pending = PendingChanges()

    # -- layout ------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield StepBar(id="steps")
        yield Transcript(id="transcript")
        # Helper mode only: the flow's prompt for the helper, in a box of its own.
        yield Static(literal(""), id="helper-prompt")
        with VerticalScroll(id="answer-area"):
            yield Static(literal(_("One moment, please\u2026")), id="loading")
            yield Static(literal(""), id="error")
            with Horizontal(id="buttons"):
                yield calm_button(literal(_("Continue")), id="continue", variant="primary", compact=True)
                yield calm_button(literal(_("Skip")), id="skip", compact=True)

    # -- the conversation ------------------------------------------------------
    def attach(self, conv: "Conversation") -> None:
        self.conv = conv
        self.query_one("#loading").display = False
        self.retitle()
        self.rebuild()
        for notice in conv.notices:
            self.notify(notice, markup=False, timeout=12)
        conv.notices.clear()

    def retitle(self) -> None:
        app = self.app
        if self.conv is not None:
            self.title = self.conv.title
        else:
            self.title = _("Prepare your conversation")
        self.sub_title = app.status_line() if hasattr(app, "status_line") else ""

    def retranslate_texts(self) -> None:
        """After a language switch: every text again, from the run."""
        self.query_one("#continue", Button).label = literal(_("Continue"))
        self.query_one("#skip", Button).label = literal(_("Skip"))
        self.query_one("#loading", Static).update(literal(_("One moment, please\u2026")))
        self.retitle()
        if self.conv is not None:
            draft = self.answer.kept_draft() if self.answer is not None else None
            self.rebuild(draft=draft)
        self.refresh_bindings()

    def rebuild(self, draft: Any = None) -> None:
        """Show the transcript up to the current step, from the run itself."""
        conv = self.conv
        assert conv is not None
        transcript = self.query_one(Transcript)
        transcript.clear()
        start = max(0, conv.position - Transcript.WINDOW // 2)
        if start:
            transcript._show_earlier_note()
        for line in conv.transcript(start):
            transcript.add(line.text, who=line.who, position=line.position, extra="skipped" if line.skipped else "")
        self.show_current(draft=draft)

    def _add_answer(self, node_id: str, value: Any, position: int) -> None:
        conv = self.conv
        assert conv is not None
        text, skipped = conv.answer_bubble(node_id, value)
        self.query_one(Transcript).add(text, who="patient", position=position, extra="skipped" if skipped else "")

    def show_current(self, draft: Any = None) -> None:
        conv = self.conv
        assert conv is not None
        self._clear_error()
        self._passed_prompts = []
        step = self._pass_messages()
        self._show_steps()
        self._show_helper_prompt(step)
        if self.title != conv.title:
            self.title = conv.title  # a companion's title names them once they gave their name
        if step is None:
            self._remove_answer()
            self.query_one("#buttons").display = False
            self.app.key_gate.end_answer()
            self.app.conversation_finished()
            return
        text = step.text
        if step.help and self._help_hint_at in (None, step.key):
            # Said once, on the first question that has an explanation; F1 in the key bar stays.
            self._help_hint_at = step.key
            text += "\n" + _("(Press F1 for an explanation.)")
        note = conv.pack_note(step)
        if note:
            self.query_one(Transcript).add(note, who="provider", position=step.position)
        self.query_one(Transcript).add(text, who="assistant", position=step.position, extra="current")
        widget_class = answer_widget_class(step.kind)
        area = self.query_one("#answer-area")
        answer = self.answer
        kept = answer is not None and type(answer) is widget_class and answer.show_step(step, conv.words, draft)
        if not kept:
            self._remove_answer()
            self.answer = widget_class(step, conv.words, draft)
            self._pending.track(area.mount(self.answer, before=self.query_one("#error")))
        buttons = self.query_one("#buttons")
        buttons.display = True
        continue_button = self.query_one("#continue", Button)
        continue_button.display = widget_class.SHOW_CONTINUE
        self.query_one("#skip", Button).display = not step.is_info and not step.question.required
        if step.is_info:
            continue_button.focus()
        if area.scroll_y:
            area.scroll_home(animate=False)

    def _pass_messages(self) -> "Turn | None":
        """Show messages together with the question after them; the turn that waits for the patient.

        Only the very first message (the welcome) waits for a key: a screen
        that only says "Continue" costs a key press and tells nothing new.
        A message passed here is saved as seen, as Continue would.
        """
        conv = self.conv
        assert conv is not None
        step = conv.current
        while step is not None and step.is_info and step.position > 0:
            prompts = conv.helper_prompts(step)
            if prompts is not None and prompts.turn:
                self._passed_prompts.append(prompts.turn)
            self.query_one(Transcript).add(step.text, who="assistant", position=step.position)
            if self._answer(True) is None:
                break
            step = conv.current
        return step

    def _show_helper_prompt(self, step: "Turn | None") -> None:
        """Helper mode: the prompts of this turn (and of the messages just
        passed), else its stage's, marked as for the helper. Hidden otherwise."""
        conv = self.conv
        assert conv is not None
        box = self.query_one("#helper-prompt", Static)
        prompts = conv.helper_prompts(step) if step is not None else None
        texts: list[str] = []
        if prompts is not None:
            texts = [*self._passed_prompts, *([prompts.turn] if prompts.turn else [])] or (
                [prompts.stage] if prompts.stage else []
            )
        box.display = bool(texts)
        box.update(literal("\n".join(prompts.mark(text) for text in texts) if prompts else ""))

    def _clear_error(self) -> None:
        error = self.query_one("#error", Static)
        error.display = False
        error.update(literal(""))

    def _remove_answer(self) -> None:
        """Remove the answer widget (a question of the same kind keeps it: ``AnswerWidget.show_step``)."""
        if self.answer is not None:
            # Let go of the focus first: when a focused widget is removed,
            # Textual hands the focus to the answer area, and the next answer
            # takes it back; each move re-applies the styles of the area and
            # all it holds. About a sixth of the CPU of an answer (issue 23).
            focused = self.app.focused
            if focused is not None and self.answer in focused.ancestors_with_self:
                self.app.set_focus(None, scroll_visible=False)
            self._pending.track(self.answer.remove_for_good())
            self.answer = None

    def _show_steps(self) -> None:
        conv = self.conv
        assert conv is not None
        stages = conv.stages()
        self.query_one(StepBar).show(list(stages.titles), stages.current)

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(literal(message))
        error.display = True
        self.query_one("#answer-area").scroll_visible()

    # -- answering ----------------------------------------------------------------
    def give(self, value: Any) -> None:
        conv = self.conv
        if conv is None:
            return
        step = conv.current
        if step is None:
            return
        if step.kind == "rating" and value is None:
            self.show_error(_("Please choose a number from 0 to 5."))
            return
        # Keys typed from now on wait until the next question has the focus (key_gate.py).
        self.app.key_gate.begin_answer()
        given = self._answer(value)
        if given is None:
            self.app.key_gate.end_answer()
            return
        with self._laid_out_once():
            if conv.position != step.position + 1:
                # Back to where the patient was after changing an earlier answer (F2).
                self.rebuild()
                return
            if not step.is_info:
                self._add_answer(step.node_id, given.value, step.position)
            self.show_current()

    @contextmanager
    def _laid_out_once(self) -> Iterator[None]:
        """Draw nothing until what the block mounts and removes is in place.

        Textual's batch covers the block itself; the mounts it starts finish
        in later messages, each followed by a layout pass over the whole
        screen unless the batch is still held (pending_changes.py).
        """
        batch = self.app.batch_update()
        batch.__enter__()
        try:
            yield
        finally:
            self.call_next(self._end_batch_when_settled, batch)

    async def _end_batch_when_settled(self, batch: AbstractContextManager[None]) -> None:
        try:
            await self._pending.settled()
        finally:
            batch.__exit__(None, None, None)

    def _answer(self, value: Any) -> "Given | None":
        """Hand the answer to the conversation; None (and the reason shown) if refused or not saved."""
        conv = self.conv
        assert conv is not None
        try:
            return conv.answer(value)
        except AnswerError as error:
            self.show_error(error.message)
        except StoreError as error:
            self.show_error(str(error))
        return None

    def on_descendant_focus(self, event) -> None:
        # The buttons are the answer area's last row; Textual's scroll-to-focus stops
        # one line short of it there (the area's top border), hiding them under the key bar.
        if event.widget.parent is self.query_one("#buttons"):
            # After Textual's own scroll to the focused widget, which runs after this event.
            self.call_after_refresh(self.query_one("#answer-area").scroll_end, animate=False)

    def on_answer_widget_ready(self, event) -> None:
        event.stop()
        # After the focus the widget asked for (Widget.focus runs later, in the app's queue).
        self.app.call_later(self.app.key_gate.end_answer)

    def on_answer_widget_submitted(self, event) -> None:
        event.stop()
        self.give(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            event.stop()
            if self.answer is not None:
                self.give(self.answer.value())
        elif event.button.id == "skip":
            event.stop()
            self.action_skip()

    # -- moving about -----------------------------------------------------------------
    def action_skip(self) -> None:
        conv = self.conv
        step = conv.current if conv else None
        if step is None or step.is_info:
            return
        if step.question.required:
            self.show_error(_("Please give an answer. This question cannot be skipped."))
            return
        self.give(None)

    def action_back(self) -> None:
        conv = self.conv
        if conv is None:
            return
        if not conv.back_to_question():
            self.notify(_("This is the first question."), markup=False)
            return
        self.reposition()

    def go_to(self, key: str) -> None:
        if self.conv is not None and self.conv.go_to(key):
            self.reposition()

    def continue_where_left(self) -> None:
        if self.conv is not None:
            self.conv.skip_ahead()
            self.rebuild()

    def reposition(self) -> None:
        """The cursor moved back: drop the later messages, show the step there."""
        conv = self.conv
        assert conv is not None
        transcript = self.query_one(Transcript)
        first = transcript.first_position()
        cursor = conv.position
        if first is None or cursor < first:
            self.rebuild()
            return
        transcript.truncate(cursor)
        self.show_current()

    def action_help(self) -> None:
        from prep_assistant.ui.screens.help import HelpScreen  # on use: first opened with F1

        step = self.conv.current if self.conv else None
        answer = list(self.answer.walk_children(with_self=True)) if self.answer is not None else []
        self.app.push_screen(HelpScreen(step.help if step else None, step.kind if step else None,
                                        answer=answer, screen=[self, self.app],
                                        pack_help=self.conv.pack_help() if self.conv else None))

    def action_answers(self) -> None:
        if self.conv is None:
            return
        from prep_assistant.ui.screens.history import HistoryScreen  # on use: first opened with F2

        def chosen(key: str | None) -> None:
            if key:
                self.go_to(key)

        self.app.push_screen(HistoryScreen(self.conv), chosen)
