"""A key binding copied with new words keeps everything else it says."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding

from prep_assistant.ui.common import translated_binding

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


def test_the_translated_copy_keeps_the_key_action_and_the_rest():
    copy = translated_binding(FULL)
    assert copy == dataclasses.replace(FULL, description=copy.description, tooltip=copy.tooltip)
    assert translated_binding(Binding("q", "quit")).tooltip == ""
