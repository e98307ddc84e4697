"""Themes painpath adds to Textual's own: a high-contrast one, calm but clear.

Textual ships light themes (textual-light, solarized-light, …) but no
high-contrast theme, so this adds one: white on black with yellow focus.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#262626",
    boost="#333333",
    success="#00FF00",
    warning="#FFAA00",
    error="#FF6666",
    dark=True,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "border": "#FFFFFF",
        "border-blurred": "#AAAAAA",
        "input-selection-background": "#FFFF00 40%",
    },
)

EXTRA_THEMES = (HIGH_CONTRAST,)
