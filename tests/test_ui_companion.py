"""The hand-over in the app at 80x24: the patient gives the computer to their
companion (F7), the companion fills in their own view, and hands back."""

from __future__ import annotations

from prep_assistant.session import Store
from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens.card import CardScreen
from prep_assistant.ui.screens.hand_over import HandOverScreen
from tests.test_ui_snapshots import screen_text
from tests.test_ui_support import current, guest_store, settle, type_text, wait_for, wait_ready  # noqa: F401

from companion_helpers import patient_with_options


def _prepared(data_dir) -> str:
    with Store.open(data_dir) as store:
        patient = patient_with_options(store)
        session_id = patient.session.id
        patient.close()
    return session_id


async def test_hand_over_fill_in_and_hand_back_at_80x24(_isolated_data_dir):
    session_id = _prepared(_isolated_data_dir)
    with Store.open(_isolated_data_dir) as store:
        app = PrepAssistantApp(store, session_id=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_ready(pilot, app)
            assert current(app).node_id == "voorkeur"
            await pilot.press("f7")
            await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
            shown = screen_text(app)
            assert "Do you want to show them your answers first?" in shown
            assert "Hand over without my answers" in shown
            await pilot.press("enter")  # the first choice: without my answers
            await wait_for(pilot, lambda: app.conversation is not None and app.conversation.kind == "companion")
            await settle(pilot)
            assert current(app).node_id == "naam"
            # The patient's own pros are not on the companion's screen.
            assert "Geen operatie" not in screen_text(app)
            await pilot.press("enter")  # an empty name: a clear message, still at the name
            await settle(pilot)
            assert "Please type your name" in screen_text(app)
            await type_text(pilot, "Kees")
            await pilot.press("enter")
            await settle(pilot)
            assert current(app).node_id == "opties"
            assert "Now Kees is filling in" in screen_text(app)
            # The card holds the patient's answers: not for the companion now.
            await pilot.press("f3")
            await settle(pilot)
            assert not isinstance(app.screen, CardScreen)
            await pilot.press("f7")  # hand back halfway: the answers so far are kept
            await wait_for(pilot, lambda: app.conversation.kind == "preparation")
            await settle(pilot)
            assert current(app).node_id == "voorkeur"
            assert store.answers(session_id, respondent="companion")["naam"] == "Kees"


async def test_the_patient_can_show_their_answers_first(_isolated_data_dir):
    session_id = _prepared(_isolated_data_dir)
    with Store.open(_isolated_data_dir) as store:
        app = PrepAssistantApp(store, session_id=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_ready(pilot, app)
            await pilot.press("f7")
            await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen))
            await pilot.press("tab", "enter")  # the second choice: show my answers
            await settle(pilot, 3)
            assert isinstance(app.screen, HandOverScreen)
            assert app.screen.message.startswith("These are the answers of the person you decide with")
            assert "Geen operatie" in app.screen.message  # the patient chose to show it
            await pilot.press("enter")  # Start
            await wait_for(pilot, lambda: app.conversation.kind == "companion")
            assert app.conversation.card_refusal() is None


async def test_no_hand_over_before_the_options_are_written_down(guest_store):
    app = PrepAssistantApp(guest_store, new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot, app)
        await pilot.press("f7")
        await settle(pilot)
        assert not isinstance(app.screen, HandOverScreen)
        assert app.conversation.kind == "preparation"
