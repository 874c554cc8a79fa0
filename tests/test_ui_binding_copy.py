"""A key binding copied with new words keeps everything else it says.

Textual's ``Binding`` is a dataclass of Textual's; the package does not
import ``dataclasses`` (tests/test_records.py), so ``ui.common.binding_with``
copies it through its constructor's parameters. Should Textual add a field,
these tests tell whether the copy still carries it.
"""

from __future__ import annotations

import dataclasses

import pytest
from textual.binding import Binding

from prep_assistant.ui.common import binding_with, translated_binding

FULL = Binding(
    "ctrl+s",
    "save",
    "Save",
    show=False,
    key_display="^S",
    priority=True,
    tooltip="Keep the answers",
    id="save-answers",
    system=True,
    group=Binding.Group("Files", compact=True),
)


def test_a_copy_without_changes_is_equal_in_every_field():
    copy = binding_with(FULL)
    assert copy == FULL and copy is not FULL
    for field in dataclasses.fields(Binding):
        assert getattr(copy, field.name) == getattr(FULL, field.name), field.name


def test_the_changes_are_made_on_the_copy_only():
    copy = binding_with(FULL, description="Bewaren", tooltip="De antwoorden bewaren")
    assert (copy.description, copy.tooltip) == ("Bewaren", "De antwoorden bewaren")
    assert copy == dataclasses.replace(FULL, description="Bewaren", tooltip="De antwoorden bewaren")
    assert (FULL.description, FULL.tooltip) == ("Save", "Keep the answers")


def test_a_name_the_binding_does_not_have_is_refused():
    with pytest.raises(TypeError):
        binding_with(FULL, colour="red")


def test_the_translated_copy_keeps_the_key_action_and_the_rest():
    copy = translated_binding(FULL)
    assert copy == dataclasses.replace(FULL, description=copy.description, tooltip=copy.tooltip)
    assert translated_binding(Binding("q", "quit")).tooltip == ""
