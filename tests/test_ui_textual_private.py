"""The work-arounds in ``ui/textual_private.py`` still do what they say on this Textual.

Each test names the Textual fault it works around, so a Textual that mends
it shows here first.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual._styles_cache import StylesCache

from prep_assistant.ui.textual_private import free_style_caches_with_their_widgets

#: Mounts 20 labels, draws them and removes them, six times over (Textual keeps the
#: last few layouts, and their widgets with them); prints how many style caches
#: outlive their widgets, and the colours the method gives for two backgrounds.
_REMOVED_LABELS = r"""
import asyncio, gc, sys
from textual.app import App
from textual.color import Color
from textual.widget import Widget
from textual.widgets import Label
from textual._styles_cache import StylesCache
from prep_assistant.ui.textual_private import free_style_caches_with_their_widgets

if sys.argv[1] == "mended":
    free_style_caches_with_their_widgets()

async def main():
    app = App()
    async with app.run_test(size=(40, 30)) as pilot:
        for _ in range(6):
            await app.mount_all([Label(f"label {i}") for i in range(20)])
            await pilot.pause()
            await app.screen.query(Label).remove()
            await pilot.pause()
        gc.collect()
        alive = {id(o._styles_cache) for o in gc.get_objects() if isinstance(o, Widget)}
        print(sum(isinstance(o, StylesCache) and id(o) not in alive for o in gc.get_objects()))
        print(StylesCache().get_inner_outer(Color(10, 20, 30), Color(200, 0, 0, 0.5)))

asyncio.run(main())
"""


def _removed_labels(state: str) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-c", _REMOVED_LABELS, state],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    orphans, colours = result.stdout.splitlines()
    return int(orphans), colours


def test_removed_widgets_take_their_style_caches_along():
    """Textual issue #6665: an lru_cache on an instance method keeps every
    widget's style cache, and the lines it drew, after the widget is gone."""
    as_textual_has_it, textual_colours = _removed_labels("as-shipped")
    mended, mended_colours = _removed_labels("mended")
    if as_textual_has_it == 0:
        pytest.skip("this Textual frees them itself: free_style_caches_with_their_widgets can go")
    assert as_textual_has_it >= 60
    assert mended == 0
    assert mended_colours == textual_colours


def test_the_mend_is_made_once_and_leaves_a_changed_textual_alone(monkeypatch):
    free_style_caches_with_their_widgets()
    mended = StylesCache.__dict__["get_inner_outer"]
    free_style_caches_with_their_widgets()
    assert StylesCache.__dict__["get_inner_outer"] is mended

    def get_inner_outer(self, base_background, background):  # a Textual without the cache
        return base_background, background

    monkeypatch.setattr(StylesCache, "get_inner_outer", get_inner_outer)
    free_style_caches_with_their_widgets()
    assert StylesCache.__dict__["get_inner_outer"] is get_inner_outer
