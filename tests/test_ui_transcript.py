"""The transcript draws its messages itself, line by line (issue 23).

It used to hold one Static widget per message. The snapshot tests show the
screen reads the same; these show what the widgets gave for free still
holds: wrapping to the width, the scroll bar, colours from the theme, the
window of messages, and that no widget is mounted per message.
"""

from __future__ import annotations

from textual.app import App, ComposeResult

from prep_assistant.ui.themes import CALM, HIGH_CONTRAST, register
from prep_assistant.ui.widgets.transcript import Transcript
from tests.test_ui_answer_cost import app_on_the_long_flow
from tests.test_ui_support import current, drawn, give_text, settle, wait_ready

LONG = "Dit is een lange zin die op een smal scherm over meer dan een regel loopt, " * 3


class TranscriptApp(App):
    """The transcript alone, at the size a test gives it."""

    def compose(self) -> ComposeResult:
        yield Transcript(id="transcript")

    def on_mount(self) -> None:
        register(self)
        self.theme = CALM


def rows(transcript: Transcript) -> list[str]:
    """The lines the transcript draws now, as text."""
    return [transcript.render_line(y).text.rstrip() for y in range(transcript.size.height)]


async def test_a_message_wraps_to_the_width_and_again_when_it_changes():
    app = TranscriptApp()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        message = transcript.add(LONG, who="assistant", position=0)
        await pilot.pause()
        wide = transcript.region_of(message).height
        assert " ".join(LONG.split()) == transcript.drawn_text(message)
        await pilot.resize_terminal(40, 24)
        await settle(pilot)
        narrow = transcript.region_of(message).height
        assert narrow > wide > 1
        assert " ".join(LONG.split()) == transcript.drawn_text(message)
        assert all(len(row) <= 38 for row in rows(transcript))  # inside the padding of one cell a side


async def test_the_patients_words_stand_right_the_assistants_left():
    app = TranscriptApp()
    async with app.run_test(size=(60, 12)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add("Een vraag?", who="assistant", position=0)
        transcript.add("Mijn antwoord", who="patient", position=0)
        await pilot.pause()
        drawn_rows = [row for row in rows(transcript) if row.strip()]
        assert drawn_rows[0].startswith("\u258c Een vraag?")
        assert drawn_rows[1].endswith("Mijn antwoord \u2590")
        assert drawn_rows[1].startswith(" " * 6)  # the far side left free, as the widgets' margin did


async def test_the_scroll_bar_takes_a_column_only_when_the_messages_do_not_fit():
    app = TranscriptApp()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add("Kort", who="patient", position=0)
        await pilot.pause()
        assert not transcript.show_vertical_scrollbar
        assert transcript.virtual_size.width == 38
        for position in range(1, 6):
            transcript.add(f"Bericht {position}", who="patient", position=position)
        await settle(pilot)
        assert transcript.show_vertical_scrollbar
        assert transcript.virtual_size.width == 37
        # Anchored: the newest message is in view.
        assert "Bericht 5" in " ".join(rows(transcript))
        transcript.truncate(1)
        await settle(pilot)
        assert not transcript.show_vertical_scrollbar and transcript.virtual_size.width == 38


async def test_a_theme_change_draws_the_messages_again_in_its_colours():
    app = TranscriptApp()
    async with app.run_test(size=(40, 10)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add("Mijn antwoord", who="patient", position=0)
        await pilot.pause()

        def edge_colour() -> object:
            row = next(transcript.render_line(y) for y in range(5) if "\u2590" in transcript.render_line(y).text)
            return next(segment.style.color for segment in row if "\u2590" in segment.text)

        calm = edge_colour()
        app.theme = HIGH_CONTRAST
        await settle(pilot)
        assert edge_colour() != calm


async def test_only_the_window_of_messages_is_kept_with_a_note_above():
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = app.query_one(Transcript)
        for position in range(Transcript.WINDOW + 5):
            transcript.add(f"Bericht {position}", who="assistant", position=position)
        await pilot.pause()
        assert len(transcript.messages) == Transcript.WINDOW
        assert transcript.first_position() == 5
        assert transcript.note is not None and transcript.note.startswith("Earlier messages")
        transcript.scroll_home(animate=False, immediate=True)
        await settle(pilot)
        assert rows(transcript)[0].strip().startswith("Earlier messages")


async def test_markup_in_a_message_is_drawn_as_text():
    """Escape sequences are taken out where the text comes in (safe_text, tested there and
    end to end in test_ui_hostile_input.py); markup is the drawing's business."""
    app = TranscriptApp()
    async with app.run_test(size=(80, 10)) as pilot:
        transcript = app.query_one(Transcript)
        hostile = "[bold]vet[/] [@click=app.quit]x[/] [/] rood"
        message = transcript.add(hostile, who="patient", position=0)
        await pilot.pause()
        shown = transcript.drawn_text(message)
        assert "[bold]vet[/] [@click=app.quit]x[/]" in shown
        await pilot.click(offset=(60, transcript.region_of(message).y))
        await settle(pilot)
        assert app.is_running


async def test_an_answer_mounts_no_widget_into_the_transcript(tmp_path):
    store, app = app_on_the_long_flow(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        transcript = app.screen.query_one(Transcript)
        for i in range(3):
            assert current(app).key == f"v{i}"
            await give_text(pilot, f"antwoord {i}")
            await settle(pilot)
        assert list(transcript.children) == []
        assert drawn(app, "patient") == ["antwoord 0", "antwoord 1", "antwoord 2"]
        assert drawn(app, "current") == ["Vraag 3?"]
    store.close()


# -- mouse selection: drag to select, copy (as the Static messages had it) ------------------
async def drag(pilot, transcript: Transcript, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press the mouse at ``start``, move to ``end`` and let go (offsets in the transcript)."""
    await pilot.mouse_down(transcript, offset=start)
    await pilot.hover(transcript, offset=end)
    await pilot.mouse_up(transcript, offset=end)
    await settle(pilot)


def column_of(transcript: Transcript, message, word: str) -> tuple[int, int]:
    """Where ``word`` of ``message`` is drawn, as an offset in the transcript."""
    region = transcript.region_of(message)
    for y in range(region.y, region.bottom):
        row = transcript.render_line(y - transcript.content_region.y).text
        if word in row:
            return transcript.styles.padding.left + row.index(word), y - transcript.region.y
    raise AssertionError(f"{word!r} is not drawn")


async def test_dragging_over_messages_selects_their_words_only():
    app = TranscriptApp()
    async with app.run_test(size=(60, 16)) as pilot:
        transcript = app.query_one(Transcript)
        question = transcript.add("Wat vindt u het belangrijkst?", who="assistant", position=0)
        answer = transcript.add("Wandelen met de hond", who="patient", position=0)
        await settle(pilot)
        await drag(pilot, transcript, column_of(transcript, question, "vindt"),
                   column_of(transcript, answer, "hond"))
        assert app.screen.get_selected_text() == "vindt u het belangrijkst?\nWandelen met de h"
        # Within one message, from the margin on its right: to the end of its words.
        await drag(pilot, transcript, column_of(transcript, question, "het"), (58, column_of(transcript, question, "het")[1]))
        assert app.screen.get_selected_text() == "het belangrijkst?"


async def test_a_selection_across_wrapped_lines_gives_the_text_as_written():
    app = TranscriptApp()
    async with app.run_test(size=(40, 16)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add("Eerst", who="assistant", position=0)
        transcript.add(LONG, who="assistant", position=1)
        await settle(pilot)
        transcript.text_select_all()
        await settle(pilot)
        assert app.screen.get_selected_text() == "Eerst\n" + LONG  # no line breaks where it wraps


async def test_the_selection_is_drawn_in_the_themes_selection_style_without_wrapping_again():
    for theme in (CALM, HIGH_CONTRAST):
        app = TranscriptApp()
        async with app.run_test(size=(60, 12)) as pilot:
            app.theme = theme
            transcript = app.query_one(Transcript)
            message = transcript.add("Mijn antwoord", who="patient", position=0)
            await settle(pilot)
            made = message.lines[transcript._text_width()]
            start = column_of(transcript, message, "antwoord")
            await drag(pilot, transcript, start, (start[0] + 3, start[1]))
            assert app.screen.get_selected_text() == "antw"
            selected = app.screen.get_component_rich_style("screen--selection")
            row = transcript.render_line(start[1])
            styled = [segment.text for segment in row if segment.style and selected.bgcolor == segment.style.bgcolor]
            assert "".join(styled) == "antw"
            assert message.lines[transcript._text_width()] is made  # the message was not wrapped again


async def test_hostile_text_is_copied_as_text():
    app = TranscriptApp()
    async with app.run_test(size=(80, 10)) as pilot:
        transcript = app.query_one(Transcript)
        hostile = "[bold]vet[/] [@click=app.quit]x[/] [/] rood"
        transcript.add(hostile, who="patient", position=0)
        await settle(pilot)
        transcript.text_select_all()
        await settle(pilot)
        assert app.screen.get_selected_text() == hostile
        assert app.is_running
