"""The keys the key bar and help promise reach the app from every answer widget.

Textual's own widgets bind keys of their own: TextArea took F6 ("select the
line") and F7 ("select all"), so the language switch and "fill in together"
did nothing while a several-lines answer had the focus. A key the app or the
conversation screen promises must either be bound by no answer field, or be
a priority binding (which Textual checks before the focused widget's).
"""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.widgets import Button, Checkbox, Input, OptionList, SelectionList, TextArea

from prep_assistant.ui.app import PrepAssistantApp
from prep_assistant.ui.screens.conversation import ConversationScreen
from prep_assistant.ui.screens.help import declared_bindings
from prep_assistant.ui.widgets.multiple_choice import TickList
from prep_assistant.ui.widgets.ranking import RankList
from prep_assistant.ui.widgets.rating import RatingScale
from prep_assistant.ui.widgets.text_list import ItemList, SuggestionList
from prep_assistant.ui.widgets.tick_box import TickBox

#: Every widget that has the focus in an answer: text, several lines, date, choices,
#: ticks, ranking, ratings, yes/no, lists (and Textual's classes they are built on).
ANSWER_FIELDS = [Input, TextArea, OptionList, SelectionList, Button, Checkbox,
                 TickList, RankList, RatingScale, ItemList, SuggestionList, TickBox]


def bindings_of(owner: type) -> list[Binding]:
    """Every binding a class declares or inherits, one key each."""
    found: list[Binding] = []
    for klass in owner.__mro__:
        found.extend(Binding.make_bindings(klass.__dict__.get("BINDINGS", [])))
    return found


def promised() -> list[Binding]:
    """The keys the key bar and the help screen show for the conversation: the ones our
    own classes declare, as help lists them (Textual's own, like Ctrl+C, are left out)."""
    return list(Binding.make_bindings([*declared_bindings(PrepAssistantApp),
                                       *declared_bindings(ConversationScreen)]))


def test_the_promised_keys_are_known():
    keys = {binding.key for binding in promised()}
    assert {"f1", "f2", "f3", "f6", "f7", "escape", "ctrl+s", "ctrl+q"} <= keys


@pytest.mark.parametrize("field", ANSWER_FIELDS, ids=lambda field: field.__name__)
def test_no_answer_field_takes_a_promised_key_before_the_app(field):
    taken = {binding.key for binding in bindings_of(field)}
    lost = sorted(binding.key for binding in promised() if binding.key in taken and not binding.priority)
    assert lost == [], f"{field.__name__} takes {lost} before the app"
