"""The app's themes: calm (default), high contrast, and the terminal's own.

"ansi-dark" (Textual's own) uses the terminal's colours, so a patient's
chosen terminal palette (large contrast, dark or light) carries over.
"""

from __future__ import annotations

from textual.theme import Theme

from prep_assistant.i18n import N_

CALM = "prep-calm"
HIGH_CONTRAST = "prep-high-contrast"
TERMINAL = "ansi-dark"

#: The themes a patient can choose, with their names in the commands (translate with ``_``).
#: Textual's own twenty themes have internal names and are for developers: not offered.
CHOICES = (
    (CALM, N_("Theme: calm colours")),
    (HIGH_CONTRAST, N_("Theme: high contrast")),
    (TERMINAL, N_("Theme: the terminal's own colours")),
)

THEMES = [
    Theme(
        name=CALM,
        primary="#4A7C8C",
        secondary="#7A9E7E",
        accent="#B38B59",
        foreground="#E8E6E1",
        background="#1F2528",
        surface="#263035",
        panel="#2E3A40",
        success="#7FB38A",
        warning="#E0B45E",
        error="#E58A7A",
        dark=True,
    ),
    Theme(
        name=HIGH_CONTRAST,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFFFF",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#1A1A1A",
        success="#00FF00",
        warning="#FFFF00",
        error="#FF6060",
        boost="#333333",
        dark=True,
        variables={
            "text-muted": "#FFFFFF",
            "footer-key-foreground": "#FFFF00",
            "block-cursor-foreground": "#000000",
            "block-cursor-background": "#FFFF00",
            "input-selection-background": "#FFFF00 60%",
        },
    ),
]


def register(app) -> None:
    for theme in THEMES:
        app.register_theme(theme)
