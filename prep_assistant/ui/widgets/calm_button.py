"""The app's button: Textual's Button with a short stylesheet of its own.

Why not Button as it is: its default CSS holds 45 rule sets (flat and
default styles, five variants, each with hover, active and disabled, for
true colour and for ANSI). Textual parses all of it before the first
frame, which made start-up measurably slower than a minimal app. We use
two variants (default and primary), compact or not; this keeps the same
look with a tenth of the rules. Behaviour (focus, Enter, click, the
``Button.Pressed`` message, ``on_button_pressed`` handlers, queries for
``Button``) is Button's own.

The "pressed" flash is off: it lasts 0.2 s and swallows a second Enter.
"""

from __future__ import annotations

from textual.widgets import Button


class CalmButton(Button, inherit_css=False):
    DEFAULT_CSS = """
    CalmButton {
        width: auto;
        min-width: 12;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;

        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            border-top: tall $primary-lighten-3;
            border-bottom: tall $primary-darken-3;
        }
        &:hover { background: $surface-darken-1; }
        &.-primary:hover { background: $primary-darken-2; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
        &.-textual-compact { border: none; }
        &:ansi {
            background: ansi_default;
            border-top: tall $border-blurred;
            border-bottom: tall $border-blurred;
            &.-primary { color: $primary; border-top: tall $primary; border-bottom: tall $primary; }
            &.-textual-compact { border: none; }
        }
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.active_effect_duration = 0


def calm_button(*args, **kwargs) -> CalmButton:
    """The app's button: calm, and light to start (the screens' short way to make one)."""
    return CalmButton(*args, **kwargs)
