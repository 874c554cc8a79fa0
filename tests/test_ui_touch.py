"""Touch and mouse, and a phone's narrow screen.

Every entry of the key bar is a button: a click runs what its key runs,
and the bar never takes the focus (the keyboard works as before). Below
``NARROW_WIDTH`` columns the screens use their narrow layout, down to the
smallest size the app supports (``MIN_WIDTH`` x ``MIN_HEIGHT``), and every
control is on screen or scrolls into view.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.content import Content
from textual.widget import Widget

from prep_assistant import i18n
from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.common import MIN_HEIGHT, MIN_WIDTH, NARROW, NARROW_WIDTH
from prep_assistant.ui.screens.card import CardScreen
from prep_assistant.ui.screens.confirm_stop import ConfirmStopScreen
from prep_assistant.ui.screens.help import HelpScreen
from prep_assistant.ui.screens.history import HistoryScreen
from prep_assistant.ui.widgets.key_bar import GAP, KeyBar, pack_lines, qualified_action, wide_lines
from tests.test_ui_support import (  # noqa: F401
    advance_to,
    current,
    guest_store,
    settle,
    wait_for,
    wait_ready,
)

#: A phone at textual-serve's default font (390 x 664 CSS px with the browser's bars), and the smallest size.
PHONE = (40, 30)
SMALLEST = (MIN_WIDTH, MIN_HEIGHT)
WIDE = (80, 24)


# -- where an entry of the key bar is ---------------------------------------------------------
def entry_offset(bar: KeyBar, description: str) -> tuple[int, int]:
    """The cell of the bar (relative to the bar) where the entry with these words starts."""
    left = bar.styles.padding.left
    for row, line in enumerate(bar.lines(bar.screen.size.width, bar.size.width)):
        column = 0
        for entry in line:
            if str(entry).endswith(" " + description):
                return left + column + 1, row
            column += entry.cell_length + len(GAP)
    raise AssertionError(f"no entry {description!r} in the key bar: {bar.render()}")


async def click_entry(pilot, description: str) -> None:
    bar = pilot.app.screen.query_one(KeyBar)
    assert await pilot.click(bar, offset=entry_offset(bar, description))
    await settle(pilot)


async def ready_at_a_question(pilot, app, key: str = "wie") -> None:
    await wait_ready(pilot, app)
    await advance_to(pilot, app, key)
    await settle(pilot)


# -- clicking the key bar ----------------------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, PHONE, SMALLEST])
async def test_clicking_back_goes_back_as_escape_does(size, guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=size) as pilot:
        await ready_at_a_question(pilot, app)
        await pilot.press("1", "enter")  # a digit selects, Enter answers
        await settle(pilot)
        assert current(app).key == "rol"
        await click_entry(pilot, "Back")
        await wait_for(pilot, lambda: current(app).key == "wie")
        assert current(app).answered


@pytest.mark.parametrize("size", [WIDE, PHONE, SMALLEST])
async def test_clicking_help_and_my_answers_opens_them(size, guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=size) as pilot:
        await ready_at_a_question(pilot, app)
        await click_entry(pilot, "Help")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await click_entry(pilot, "My answers")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))


async def test_clicking_stop_in_guest_mode_asks_first(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=PHONE) as pilot:
        await ready_at_a_question(pilot, app)
        await click_entry(pilot, "Stop")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmStopScreen))
        assert app.is_running


async def test_clicking_stop_with_a_saved_session_stops(tmp_path):
    store = Store.open(tmp_path)
    app = PrepAssistantApp(store, new=True)
    async with app.run_test(size=WIDE) as pilot:
        await ready_at_a_question(pilot, app)
        await click_entry(pilot, "Stop")
        await wait_for(pilot, lambda: not app.is_running)
    store.close()


async def test_clicking_commands_opens_the_command_palette(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=PHONE) as pilot:
        await ready_at_a_question(pilot, app)
        await click_entry(pilot, "Commands")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_clicking_close_on_the_card_goes_back_to_the_questions(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=PHONE) as pilot:
        await ready_at_a_question(pilot, app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await settle(pilot, 4)
        await click_entry(pilot, "Close")
        await wait_for(pilot, lambda: not isinstance(app.screen, CardScreen))


async def test_the_key_bar_never_takes_the_focus(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=PHONE) as pilot:
        await ready_at_a_question(pilot, app)
        focused = app.focused
        assert focused is not None
        bar = app.screen.query_one(KeyBar)
        assert not bar.focusable
        # Between two entries (nothing to run) and on an entry that only opens a dialog.
        column, row = entry_offset(bar, "Help")
        assert await pilot.click(bar, offset=(column - 2, row))
        await settle(pilot)
        assert app.focused is focused
        await click_entry(pilot, "Help")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await settle(pilot)
        assert app.focused is focused
        # The keys still work as before.
        await pilot.press("1", "enter")  # a digit selects, Enter answers
        await settle(pilot)
        assert current(app).key == "rol"


async def test_a_click_runs_nothing_the_screen_does_not_allow(guest_store):
    """An entry runs its action through Textual's check, as its key does."""
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=WIDE) as pilot:
        await ready_at_a_question(pilot, app)
        ran: list[str] = []
        app.screen.check_action = lambda action, parameters: ran.append(action) and False
        await click_entry(pilot, "Back")
        assert "back" in ran
        assert current(app).key == "wie"


# -- the entries ---------------------------------------------------------------------------------
async def test_every_entry_says_in_words_what_it_does(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=PHONE) as pilot:
        await ready_at_a_question(pilot, app)
        entries = app.screen.query_one(KeyBar).entries()
        assert [entry.description for entry in entries] == ["Back", "Help", "My answers", "Stop", "Commands"]
        assert [entry.action for entry in entries] == [
            "screen.back", "screen.help", "screen.answers", "app.quit", "app.command_palette"]


entries_strategy = st.lists(st.text(alphabet="ab \u00e9\u4e2d", min_size=1, max_size=30).map(Content), max_size=8)


@pytest.mark.parametrize("screen", ["conversation", "card"])
async def test_every_key_fits_on_one_line_at_80_columns_in_dutch(screen, guest_store):
    # The longest words we ship: "Mijn antwoorden", "Opdrachten". Nothing may be cut off
    # (help and "My answers" show the conversation's bar under them).
    i18n.set_language("nl")
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=WIDE) as pilot:
        if screen == "card":
            await wait_ready(pilot, app)
            await advance_to(pilot, app, "kaart_klaar")
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        else:
            await ready_at_a_question(pilot, app)
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = str(bar.render())
        assert "\n" not in shown and bar.size.height == 1
        assert len(shown) <= bar.size.width
        for entry in bar.entries():
            assert f" {entry.key}  {entry.description}" in shown, (entry, shown)
        assert "Opdrachten" in shown


@given(entries=entries_strategy, width=st.integers(min_value=0, max_value=100))
def test_the_wide_bar_narrows_its_gaps_before_it_wraps(entries, width):
    lines, gap = wide_lines(entries, width)
    assert [entry for line in lines for entry in line] == entries
    assert 1 <= len(gap) <= len(GAP)
    used = sum(entry.cell_length for entry in entries)
    if used + len(entries) - 1 <= width:
        # One space between entries would do: one line, with the widest gap that fits.
        assert lines == [entries] and used + len(gap) * (len(entries) - 1) <= width
        assert len(gap) == len(GAP) or used + (len(gap) + 1) * (len(entries) - 1) > width
    else:
        assert lines == pack_lines(entries, width) and gap == GAP


def test_an_action_keeps_the_namespace_it_names():
    assert qualified_action("back", "screen") == "screen.back"
    assert qualified_action("app.quit", "screen") == "app.quit"
    assert qualified_action("go('a.b')", "app") == "app.go('a.b')"


@given(entries=entries_strategy, width=st.integers(min_value=0, max_value=100))
def test_packing_keeps_every_entry_in_order_and_within_the_width(entries, width):
    lines = pack_lines(entries, width)
    assert [entry for line in lines for entry in line] == entries
    assert all(line for line in lines)
    for line in lines:
        used = sum(entry.cell_length for entry in line) + len(GAP) * (len(line) - 1)
        # A line holds one entry that is too long on its own, or fits.
        assert used <= width or len(line) == 1


def test_packing_nothing_gives_no_lines():
    assert pack_lines([], 40) == []


# -- the narrow layout --------------------------------------------------------------------------------
#: A list that scrolls itself may be taller than the room it has, if this many lines of it show.
SCROLLING_LINES = 3


def visible(widget: Widget) -> bool:
    """The widget shows, inside the screen and not under the key bar: all of it, or
    for a widget that scrolls its own content (a list) enough lines of it."""
    screen = widget.screen
    geometry = screen.find_widget(widget)
    shown = geometry.region.intersection(geometry.clip).intersection(screen.region)
    bar = screen.query_one(KeyBar).region
    if shown.overlaps(bar) or not shown:
        return False
    if widget.is_scrollable:
        return shown.height >= min(geometry.region.height, SCROLLING_LINES) and shown.width == geometry.region.width
    return shown == geometry.region


async def every_control_comes_into_view(pilot) -> int:
    screen = pilot.app.screen
    controls = list(screen.focus_chain)
    assert controls
    for control in controls:
        control.focus()
        await settle(pilot)
        assert visible(control), f"{control!r} is not in view at {pilot.app.size}"
    return len(controls)


#: Questions of several kinds: a choice, a text box with Continue and Skip, a list, a ranking.
QUESTIONS = ["wie", "mogelijkheden_weet", "mijn_vragen", "top_vragen"]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", [PHONE, SMALLEST, (59, 20)])
async def test_every_control_of_the_conversation_comes_into_view(size, language, guest_store):
    i18n.set_language(language)
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot, app)
        assert app.screen.has_class(NARROW) and not app.screen.has_class("-too-small")
        for key in QUESTIONS:
            await advance_to(pilot, app, key)
            await settle(pilot)
            assert await every_control_comes_into_view(pilot) >= 2, key


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", [PHONE, SMALLEST])
async def test_every_control_of_the_card_comes_into_view(size, language, guest_store):
    i18n.set_language(language)
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=size) as pilot:
        await ready_at_a_question(pilot, app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen))
        await settle(pilot, 4)
        assert await every_control_comes_into_view(pilot) >= 7
        # Every button shows its whole label.
        for button in app.screen.query("CalmButton"):
            assert button.region.width >= len(str(button.label)) + 2, button


@pytest.mark.parametrize("size", [PHONE, SMALLEST])
async def test_the_key_bar_shows_every_entry_whole_on_a_narrow_screen(size, guest_store):
    for language in ("nl", "en"):
        i18n.set_language(language)
        app = PrepAssistantApp(guest_store, new=True)
        async with app.run_test(size=size) as pilot:
            await ready_at_a_question(pilot, app)
            bar = app.screen.query_one(KeyBar)
            lines = bar.lines(size[0], bar.size.width)
            assert bar.region.height == len(lines) > 1
            assert all(sum(e.cell_length for e in line) + len(GAP) * (len(line) - 1) <= bar.size.width
                       for line in lines)
            shown = str(bar.render())
            for entry in bar.entries():
                assert entry.description in shown


async def test_resizing_switches_between_the_narrow_and_the_wide_layout(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=WIDE) as pilot:
        await ready_at_a_question(pilot, app)
        bar = app.screen.query_one(KeyBar)
        assert not app.screen.has_class(NARROW) and bar.region.height == 1
        await pilot.resize_terminal(*PHONE)
        await settle(pilot, 3)
        assert app.screen.has_class(NARROW) and bar.region.height > 1
        await pilot.resize_terminal(NARROW_WIDTH, 24)
        await settle(pilot, 3)
        assert not app.screen.has_class(NARROW) and bar.region.height == 1


@pytest.mark.parametrize("width", [MIN_WIDTH, 40, 59, 79, 80, 120])
async def test_the_step_bar_fits_its_line(width, guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await ready_at_a_question(pilot, app)
        steps = app.screen.query_one("#steps")
        shown = steps.render()
        assert shown.cell_length <= steps.size.width
        assert "2" in str(shown)


async def test_just_below_the_smallest_size_the_notice_says_so(guest_store):
    app = PrepAssistantApp(guest_store)
    async with app.run_test(size=(MIN_WIDTH - 1, MIN_HEIGHT)) as pilot:
        await wait_ready(pilot, app)
        assert app.screen.has_class("-too-small")
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT - 1)
        await settle(pilot)
        assert app.screen.has_class("-too-small")
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await settle(pilot)
        assert not app.screen.has_class("-too-small")
        assert app.screen.query_one("#transcript").region.height > 0
