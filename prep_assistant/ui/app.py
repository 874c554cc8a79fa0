"""The Textual app: a calm, chat-like conversation through the flows.

Start-up: the first frame already shows the first question (issue 23). The
flow is found and the conversation attached in ``on_mount``, before Textual
draws anything, so the patient never waits for a second frame; a shipped
flow is read from its compiled copy, so pydantic is not loaded at all
(``dialogue/compiled.py``), and Babel only when a language's own name is
first needed (``_translate_bindings``).

Contract with ``prep_assistant.launch``: the language is set before the app
is made; ``PrepAssistantApp(store, flow_id=..., pack_path=..., session_id=...,
new=..., owns_process=True)``.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, SimpleCommand

from prep_assistant import i18n
from prep_assistant.conversation import Conversation, StartChoice, choose_start, dismiss_check_in
from prep_assistant.dialogue.library import LibraryError, find_flow
from prep_assistant.i18n import N_, _
from prep_assistant.session import SessionInUse, StoreError
from prep_assistant.ui.common import (
    NARROW,
    NARROW_WIDTH,
    SHORT,
    SHORT_HEIGHT,
    TALL,
    WIDE,
    translated_binding,
)
from prep_assistant.ui.textual_private import free_style_caches_with_their_widgets, reword_bindings
from prep_assistant.ui.key_gate import KeyGate
from prep_assistant.ui.process_memory import keep_start_up_out_of_collections
from prep_assistant.ui.screens.base import fit_to_size
from prep_assistant.ui.screens.confirm_stop import ConfirmStopScreen
from prep_assistant.ui.screens.conversation import ConversationScreen
from prep_assistant.ui.themes import CHOICES

if TYPE_CHECKING:  # pragma: no cover
    from textual.screen import Screen

    from prep_assistant.dialogue.flow import Flow
    from prep_assistant.session import Store

#: Set to a file path, the app writes the time of its first frame there and exits (benchmarks).
FIRST_FRAME_ENV = "PREP_ASSISTANT_FIRST_FRAME_FILE"
#: The same, at the first frame that shows the first question (benchmarks).
FIRST_QUESTION_ENV = "PREP_ASSISTANT_FIRST_QUESTION_FILE"
#: The flow offered after a finished preparation: what was decided.
AFTER_FLOW = "na_het_gesprek"


def next_language(current: str, languages: tuple[str, ...]) -> str:
    """The language after ``current`` in ``languages``, the first after the last."""
    if current not in languages:
        return languages[0] if languages else current
    return languages[(languages.index(current) + 1) % len(languages)]


def _prep_commands():
    # on use: the palette's provider loads when Ctrl+P is first pressed
    from prep_assistant.ui.commands import PrepCommands

    return PrepCommands


class PrepAssistantApp(App):
    TITLE = "prep-assistant"

    # The conversation screen's stylesheet is read with the app's: read when
    # the screen is pushed, it makes Textual parse all CSS once more.
    CSS_PATH = ["screens/conversation.tcss"]

    CSS = """
    Screen.-too-small > * { display: none; }
    Screen.-too-small > TooSmallNotice { display: block; }
    *:focus { text-style: bold; }
    CalmButton:focus { text-style: bold reverse; }
    /* Narrow: the header's empty icon and clock space give their room to the title. */
    Screen.-narrow HeaderIcon, Screen.-narrow HeaderClockSpace { display: none; }
    """

    # Every screen gets the class NARROW below NARROW_WIDTH columns (a phone in
    # a workshop) and SHORT below SHORT_HEIGHT lines (a phone held sideways);
    # the stylesheets give them a layout that fits.
    HORIZONTAL_BREAKPOINTS = [(0, NARROW), (NARROW_WIDTH, WIDE)]
    VERTICAL_BREAKPOINTS = [(0, SHORT), (SHORT_HEIGHT, TALL)]

    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Stop"), id="quit", priority=True,
                tooltip=N_("Stop now. Your answers are already saved.")),
        # The function keys are priority bindings: Textual's TextArea binds F6 ("select the
        # line") and F7 ("select all"), so from a several-lines answer they never reached the app.
        # No answer field types a character with a function key, so nothing is taken from them.
        Binding("f6", "toggle_language", N_("Language"), id="language", show=False, priority=True,
                tooltip=N_("Switch to the next language")),
        Binding("f3", "card", N_("Card"), id="card", show=False, priority=True,
                tooltip=N_("Show your conversation card")),
        Binding("f7", "hand_over", N_("Fill in together"), id="hand_over", show=False, priority=True,
                tooltip=N_("Hand the computer to the person who decides with you, or back")),
    ]

    COMMANDS = App.COMMANDS | {_prep_commands}

    def __init__(
        self,
        store: "Store",
        *,
        flow_id: str | None = None,
        pack_path: str | None = None,
        session_id: str | None = None,
        new: bool = False,
        helper_role: str | None = None,
        owns_process: bool = False,
    ) -> None:
        super().__init__()
        free_style_caches_with_their_widgets()
        self.store = store
        #: Helper mode (``--helper``): None without; "" when no role was given.
        self.helper_role = helper_role
        #: Each language's name in that language, looked up when first needed (language_label).
        self._language_names: dict[str, str] = {}
        self.flow_id = flow_id
        self.pack_path = pack_path
        self.session_id = session_id
        self.new = new
        self.flow: Flow | None = None
        self.conversation: Conversation | None = None
        #: Set when the conversation is on screen (tests wait for it).
        self.ready = False
        # Calm: nothing slides or fades unless the patient's environment asks for it.
        self.animation_level = "none"
        self._first_frame_file = os.environ.get(FIRST_FRAME_ENV)
        self._first_question_file = os.environ.get(FIRST_QUESTION_ENV)
        #: Keys typed while the next question is put on screen wait here (key_gate.py).
        self.key_gate = KeyGate(self)
        #: The process is this app's alone (the command, not a test): tune its collector (process_memory.py).
        self._tune_collector = owns_process
        self._start_with_theme()

    async def on_event(self, event: Any) -> None:
        if self.key_gate.holds(event):
            return
        await super().on_event(event)

    def _start_with_theme(self) -> None:
        """Choose the theme (the patient's last choice, else calm) before the
        stylesheet is first parsed.

        Setting ``self.theme`` runs Textual's watcher, which parses and applies
        all CSS again; at this point nothing has been parsed, so for the calm
        theme the value and the classes the watcher would set are set
        directly instead.
        """
        # after App.__init__ began: kept out of the module's import (start-up budget)
        from prep_assistant import preferences
        from prep_assistant.ui.themes import CALM, register

        register(self)
        chosen = preferences.load(self.store.data_dir).get("theme")
        if chosen != CALM and chosen in self.available_themes:
            self.theme = chosen
            return
        self.set_reactive(App.theme, CALM)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{CALM}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        # App.__init__ took the stylesheet's variables from the default theme.
        self.stylesheet.set_variables(self.get_css_variables())

    # -- start ------------------------------------------------------------------
    async def on_mount(self) -> None:
        self._translate_bindings()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.chat = ConversationScreen()
        # Mounted before the flow loads: attaching the conversation fills it.
        await self.push_screen(self.chat)
        if self._first_frame_file:
            self.call_after_refresh(self._report_first_frame)
        # Before the first frame: the first question is in it (issue 23).
        self.load_flow()

    def _report_first_frame(self, target: str | None = None) -> None:
        with open(target or self._first_frame_file, "w", encoding="utf-8") as out:
            out.write(repr(time.time()))
        self.exit()

    def load_flow(self) -> None:
        """Find the flow and show where the patient starts (a shipped flow reads in about 2 ms)."""
        try:
            flow = find_flow(self.flow_id)
        except LibraryError as error:
            self.show_message(error.message, offer_new=False)
            return
        self._flow_ready(flow)

    def _flow_ready(self, flow: "Flow") -> None:
        self.flow = flow
        choice = self._safe(
            lambda: choose_start(
                self.store, flow.kind, session_id=self.session_id, new=self.new, check_in=not self._checked_in
            )
        )
        if choice is None:
            return
        if choice.action == "check_in" and choice.latest is not None:
            # on use: a screen loads when first shown (start-up budget)
            from prep_assistant.ui.screens.check_in import CheckInScreen

            self._checked_in = True
            after = choice.latest
            self.push_screen(CheckInScreen(self.store, after), lambda what: self._check_in_done(after.id, what))
        elif choice.action == "open" and choice.session_id:
            self.open_session(choice.session_id)
        elif choice.action in ("ask", "finished") and choice.latest is not None:
            # on use: a screen loads when first shown (start-up budget)
            from prep_assistant.ui.screens.resume import ResumeScreen

            finished = choice.action == "finished"
            self.push_screen(ResumeScreen(self.store, choice.latest, flow.kind, finished=finished), self._resume_chosen)
        else:
            self._start_as_chosen(choice)

    def _start_as_chosen(self, choice: "StartChoice") -> None:
        """A new session; a new after part after the patient chose its preparation, if there are several."""
        if choice.action == "choose_preparation" and choice.preparations:
            # on use: a screen loads when first shown (start-up budget)
            from prep_assistant.ui.screens.choose_preparation import ChoosePreparationScreen

            self.push_screen(
                ChoosePreparationScreen(list(choice.preparations)),
                lambda chosen: self.start_new(prepared_in=chosen or choice.preparations[0].id),
            )
        else:
            self.start_new(prepared_in=choice.prepared_in)

    #: The check-in was offered in this run of the app: not again until the next start.
    _checked_in = False

    def _check_in_done(self, session_id: str, what: str | None) -> None:
        """After the check-in offer: looked at or dismissed is done; then the usual start."""
        if what in ("look", "dismiss"):
            if self._safe(lambda: dismiss_check_in(self.store, session_id)) is None:
                return
        if what == "dismiss":
            self.notify(_("Fine. You will not be asked again."), markup=False)
        elif what == "later":
            self.notify(_("Fine. You will be asked again next time."), markup=False)
        if self.flow is not None:
            # After this screen has gone: a screen pushed during its dismissal
            # gets its header mounted into a screen that is being removed.
            self.call_after_refresh(self._flow_ready, self.flow)

    def _resume_chosen(self, choice: tuple[str, str | None] | None) -> None:
        what, session_id = choice or ("new", None)
        if what == "open" and session_id:
            self.open_session(session_id)
        elif what == "after":
            # The part after the consultation, started as --flow would start it.
            self.flow_id = AFTER_FLOW
            self.load_flow()
        elif self.flow is not None and self.flow.kind == "after":
            # A new after part instead of the unfinished one: which preparation?
            flow = self.flow
            choice = self._safe(lambda: choose_start(self.store, flow.kind, new=True))
            if choice is not None:
                self.call_after_refresh(self._start_as_chosen, choice)
        else:
            self.start_new()

    def _safe(self, work_fn):
        try:
            return work_fn()
        except StoreError as error:
            self.show_message(str(error))
            return None

    def start_new(self, prepared_in: str | None = None) -> None:
        """A new session; a new after part belongs to ``prepared_in`` (default: the most recent)."""
        self._close_conversation()
        try:
            conv = Conversation.start(
                self.store, flow=self.flow, pack_path=self.pack_path, helper_role=self.helper_role,
                prepared_in=prepared_in,
            )
        except (StoreError, LibraryError) as error:
            self.show_message(getattr(error, "message", str(error)), offer_new=False)
            return
        self._attach(conv)

    def open_session(self, session_id: str) -> None:
        self._close_conversation()
        try:
            conv = Conversation.resume(self.store, session_id, helper_role=self.helper_role)
        except (StoreError, LibraryError) as error:
            # Refused (open in another window): quitting from the message
            # exits non-zero, as plain mode does.
            self._refused = isinstance(error, SessionInUse)
            self.show_message(getattr(error, "message", str(error)))
            return
        self._attach(conv)

    def _attach(self, conv: "Conversation") -> None:
        self._refused = False
        self.conversation = conv
        self.flow = conv.flow
        while self.screen is not self.chat and len(self.screen_stack) > 2:
            self.pop_screen()
        self.chat.attach(conv)
        self.ready = True
        if self._first_question_file:
            self.call_after_refresh(self._report_first_frame, self._first_question_file)
        if self._tune_collector:
            self._tune_collector = False  # once: a later conversation finds it done
            # Half a second on, the patient is reading the first question; a collection
            # now (15-30 ms) delays nothing and stays out of the start-up figures.
            self.set_timer(0.5, keep_start_up_out_of_collections)

    def _close_conversation(self) -> None:
        if self.conversation is not None:
            self.conversation.close()
            self.conversation = None
            self.ready = False

    def show_message(self, message: str, *, offer_new: bool = True) -> None:
        """A plain message with a way out (a session in use, a damaged store)."""
        # on use: a screen loads when first shown (start-up budget)
        from prep_assistant.ui.screens.message import MessageScreen

        def chosen(what: str | None) -> None:
            if what == "new":
                self.start_new()
            else:
                self.call_later(self.action_quit)  # a coroutine: calling it alone would never run it

        self.push_screen(MessageScreen(message, offer_new=offer_new and self.flow is not None), chosen)

    # -- the end of a flow ---------------------------------------------------------
    def conversation_finished(self) -> None:
        conv = self.conversation
        if conv is None:
            return
        if conv.kind == "companion":
            self._offer_hand_back()
        elif conv.kind == "preparation":
            self.action_card()
        else:
            # on use: a screen loads when first shown (start-up budget)
            from prep_assistant.ui.screens.message import MessageScreen

            def chosen(what: str | None) -> None:
                if what == "back":
                    self.chat.action_back()
                else:
                    self.call_later(self.action_quit)  # a coroutine: calling it alone would never run it

            self.push_screen(
                MessageScreen(self._finished_text(conv), offer_new=False, offer_back=True, title=_("Finished")),
                chosen,
            )

    def _finished_text(self, conv: "Conversation") -> str:
        """The end of a flow after the consultation, with the look-back if asked for."""
        lines: list[str] = []
        if conv.wants_review:
            lines += conv.review_lines()
            lines.append("")
        lines.append(_("Thank you. This part is finished."))
        return "\n".join(lines)

    def action_card(self) -> None:
        if self.conversation is None:
            return
        # on use: a screen loads when first shown (start-up budget)
        from prep_assistant.ui.screens.card import CardScreen

        if isinstance(self.screen, CardScreen):
            return
        refusal = getattr(self.conversation, "card_refusal", None)
        if refusal is not None and refusal():
            self.notify(refusal(), markup=False, timeout=10)
            return

        def closed(what: str | None) -> None:
            # Closing the card goes back to where the patient was; only at the
            # end of the preparation, where no question is left, to the last one.
            if what == "back" and self.conversation is not None and self.conversation.current is None:
                self.chat.action_back()
            elif what == "quit":
                self.call_later(self.action_quit)  # a coroutine: calling it alone would never run it

        self.push_screen(CardScreen(self.conversation), closed)

    # -- filling in together: a companion's own view (conversation/companion.py) -------
    def action_hand_over(self) -> None:
        """F7: the patient hands the computer to their companion; for the companion, back."""
        # after the first frame: the application layer loads in load_flow (start-up budget)
        from prep_assistant.conversation.companion import can_hand_over, companion_started

        conv = self.conversation
        if conv is None:
            return
        if conv.kind == "companion":
            self.hand_back()
            return
        problem = can_hand_over(conv)
        if problem is not None:
            self.notify(problem, markup=False, timeout=10)
            return
        earlier = companion_started(conv)
        lines = [
            _("The person who decides with you can now give their own view on the same options."),
            _("{name} started before: they go on where they stopped.").format(name=earlier) if earlier else "",
            _("Do you want to show them your answers first? You choose."),
        ]
        # on use: a screen loads when first shown (start-up budget)
        from prep_assistant.ui.screens.hand_over import HandOverScreen

        self.push_screen(
            HandOverScreen(
                "\n\n".join(line for line in lines if line),
                title=_("Fill in together"),
                choices=[
                    ("hide", _("Hand over without my answers")),
                    ("show", _("Hand over and show my answers")),
                    ("cancel", _("Not now")),
                ],
            ),
            self._hand_over_chosen,
        )

    def _hand_over_chosen(self, what: str | None) -> None:
        # after the first frame: the application layer loads in load_flow (start-up budget)
        from prep_assistant.conversation.companion import hand_over, patient_answers
        from prep_assistant.errors import UserError
        from prep_assistant.ui.screens.hand_over import HandOverScreen

        conv = self.conversation
        if conv is None or what not in ("hide", "show"):
            return
        try:
            companion = hand_over(conv, show_answers=what == "show")
        except UserError as error:
            self.notify(error.message, markup=False, timeout=10)
            return
        if what == "hide":
            self._attach_companion(companion)
            return
        shown = [_("These are the answers of the person you decide with:"), ""]
        shown += [f"{answered.question}\n    {answered.words}" for answered in patient_answers(conv)]
        self.push_screen(
            HandOverScreen("\n".join(shown), title=_("Fill in together"), choices=[("start", _("Start"))]),
            lambda _what: self._attach_companion(companion),
        )

    def _attach_companion(self, companion: "Conversation") -> None:
        self._back_to_chat()
        self.conversation = companion
        self.chat.attach(companion)
        self.refresh_bindings()

    def _offer_hand_back(self) -> None:
        # on use: a screen loads when first shown (start-up budget)
        from prep_assistant.ui.screens.hand_over import HandOverScreen

        def chosen(what: str | None) -> None:
            if what == "back":
                self.chat.action_back()
            else:
                self.hand_back()

        self.push_screen(
            HandOverScreen(
                _("Thank you. Your answers are saved. Please hand the computer back now."),
                title=_("Fill in together"),
                choices=[("hand_back", _("Hand back")), ("back", _("Back"))],
            ),
            chosen,
        )

    def hand_back(self) -> None:
        """The patient's conversation again, where they were; the companion's answers are kept."""
        conv = self.conversation
        hand_back = getattr(conv, "hand_back", None)
        if conv is None or hand_back is None:
            return
        patient = hand_back()
        self._back_to_chat()
        self.conversation = patient
        self.chat.attach(patient)
        self.refresh_bindings()
        self.notify(_("Welcome back. Your card now shows both views side by side."), markup=False)

    # -- commands --------------------------------------------------------------------
    def action_help(self) -> None:
        self.chat.action_help()

    def action_answers(self) -> None:
        self.chat.action_answers()

    def action_continue_where_left(self) -> None:
        self._back_to_chat()
        self.chat.continue_where_left()

    def go_to_answer(self, key: str) -> None:
        self._back_to_chat()
        self.chat.go_to(key)

    def _back_to_chat(self) -> None:
        while self.screen is not self.chat and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_toggle_language(self) -> None:
        """F6: the next language of every one the app offers, round and round."""
        self.switch_language(next_language(i18n.current_language(), i18n.known_languages()))

    def _translate_bindings(self) -> None:
        """The keys in the current language; F6's tooltip names every language it goes through.

        By the names known so far (else by code): each language's own name
        comes from Babel's locale data, about 20 ms of CPU and 5 MiB that a
        session never needs unless the patient opens help or the commands,
        or switches language, which look the names up (``language_label``).
        """

        def reword(binding: Binding) -> Binding:
            translated = translated_binding(binding)
            return replace(translated, tooltip=self._binding_words(
                binding, translated.tooltip, lambda code: self._language_names.get(code, code)))

        reword_bindings(self, reword)

    def binding_words(self, binding: Binding, words: str) -> str:
        """What a key of the app does, in words (help and tooltips): F6 names
        every language it goes through, each by its own name."""
        return self._binding_words(binding, words, self.language_label)

    def _binding_words(self, binding: Binding, words: str, name: Callable[[str], str]) -> str:
        if binding.id != "language":
            return words
        languages = ", ".join(name(code) for code in i18n.known_languages())
        return _("Switch to the next language: {languages}").format(languages=languages)

    def language_label(self, code: str) -> str:
        """A language by its own name (``Deutsch``), so a reader finds theirs."""
        if code not in self._language_names:
            self._language_names[code] = i18n.language_name(code, code)
        return self._language_names[code]

    def switch_language(self, language: str) -> None:
        if self.conversation is not None:
            chosen = self.conversation.set_language(language)
        else:
            chosen = i18n.set_language(language)
        for code in i18n.known_languages():
            self.language_label(code)  # F6's tooltip names them from now on
        self._translate_bindings()
        for screen in self.screen_stack:
            retranslate = getattr(screen, "retranslate", None)
            if retranslate is not None:
                retranslate()
        self.refresh_bindings()
        self.notify(_("The language is now: {name}").format(name=i18n.language_name(chosen, chosen)),
                    markup=False)

    def set_theme(self, name: str) -> None:
        self.theme = name

    def _remember_theme(self, theme) -> None:
        # Any way of choosing (our commands or Textual's theme picker) ends here.
        from prep_assistant import preferences

        preferences.save(self.store.data_dir, theme=theme.name)

    # -- Textual's own words, in the patient's language ---------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands\u2026")))

    def action_change_theme(self) -> None:
        """Our three themes only (Textual's picker lists its developer themes by internal name)."""
        self.search_commands(
            [SimpleCommand(_(label), partial(self.set_theme, name), _("Change the colours of the screen"))
             for name, label in CHOICES],
            placeholder=_("Choose the colours\u2026"),
        )

    def action_help_quit(self) -> None:
        # Textual's Ctrl+C hint, in English with markup: ours says the same in the patient's language.
        key = self.get_key_display(Binding("ctrl+q", "quit"))
        self.notify(_("Press {key} to stop.").format(key=key), title=_("Do you want to stop?"), markup=False)

    def get_system_commands(self, screen: "Screen"):
        yield SystemCommand(_("Theme: choose"), _("Choose the colours of the screen"), self.action_change_theme)
        yield SystemCommand(_("Stop"), _("Stop now. Your answers are already saved."), self.action_quit)

    def status_line(self) -> str:
        if self.store.is_guest:
            return _("Guest mode: nothing is saved on this computer.")
        return ""

    # -- stopping --------------------------------------------------------------------
    #: The last session asked for was open in another window (exit code 1).
    _refused = False

    async def action_quit(self) -> None:
        answered = self.conversation is not None and self.conversation.has_answers
        # -- guest mode: stopping loses the answers, so ask first (Ctrl+Q again stops).
        if self.store.is_guest and answered and not isinstance(self.screen, ConfirmStopScreen):
            self.push_screen(ConfirmStopScreen(), self._stop_confirmed)
            return
        # --
        self._close_conversation()
        if self.store.is_guest:
            message = _("You stopped. In guest mode nothing was saved.")
        elif answered:
            message = _("You stopped. Your answers are saved. Next time you can continue where you left off.")
        else:
            message = None
        self.exit(message=message, return_code=1 if self._refused else 0)

    async def _stop_confirmed(self, what: str | None) -> None:
        if what == "card":
            # After this screen has gone: pushed during its dismissal, the
            # card's header is mounted into a screen that is being removed.
            self.call_after_refresh(self.action_card)
        elif what == "quit":
            self._close_conversation()
            self.exit(message=_("You stopped. In guest mode nothing was saved."))

    def on_unmount(self) -> None:
        self._close_conversation()

    # -- a terminal that is too small ------------------------------------------------------
    def on_resize(self, event: Any) -> None:
        # Runs before App._on_resize stores the new size: use the event's.
        self.check_size(size=event.size)

    def check_size(self, screen: "Screen | None" = None, size: Any = None) -> None:
        # Any screen in front, the command palette too (each of ours also checks when it comes back).
        fit_to_size(screen or self.screen, size or self.size)
