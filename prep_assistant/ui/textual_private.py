"""The one place that touches Textual's private attributes.

Written against Textual 8.2.8 (``TEXTUAL_VERSION``). Everything else in
``prep_assistant.ui`` uses Textual's public API only (``active_bindings``,
``refresh_bindings``, signals). Each function below says why no public way
exists; when Textual offers one, replace the function's body and keep its
name. The tests that use them tell whether they still work (the key bar
in ``tests/test_ui_screens.py``, ``tests/test_ui_answer_cost.py``, ``tests/test_ui_memory.py``,
``tests/test_ui_textual_private.py``, which also says when Textual has
mended the fault ``free_style_caches_with_their_widgets`` works around).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable

from textual._styles_cache import StylesCache
from textual.reactive import Reactive

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode

#: The Textual release these functions were written and checked against.
TEXTUAL_VERSION = "8.2.8"


def reword_bindings(node: "DOMNode", reword: Callable[["Binding"], "Binding"]) -> None:
    """Replace the node's bindings by reworded copies of the declared ones.

    Why private: a binding's description and tooltip are fixed when the
    class is made (``DOMNode._merged_bindings``) and copied per node into
    ``node._bindings``. ``App.bind`` only appends a binding (without id,
    tooltip or priority) and screens and widgets have no ``bind`` at all,
    so showing the keys in another language means writing the node's own
    map. The class's merged map is read as the source, so that rewording
    never compounds (English in, current language out).
    """
    merged = type(node)._merged_bindings
    if merged is None:
        return
    for key, bindings in merged.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [reword(binding) for binding in bindings]


def drop_watchers(app: "App", gone: Iterable["DOMNode"]) -> None:
    """Forget the watchers that the nodes in ``gone`` hold on the app.

    Why private: ``watch(app, "theme", ...)`` (TextArea does this) stores
    (node, callback) pairs in the watched object's ``__watchers`` dict, and
    Textual drops a pair only when the watched value next changes, which
    may be never; there is no public ``unwatch``. Until then the pair keeps
    the removed node, and all it holds, in memory.
    """
    gone_ids = {id(node) for node in gone}
    for watchers in getattr(app, "__watchers", {}).values():
        watchers[:] = [entry for entry in watchers if id(entry[0]) not in gone_ids]


def focus_without_screen_repaint() -> "Reactive":
    """A ``focused`` attribute for a screen whose focus moves at every answer.

    Why private: ``Screen.focused`` is a reactive that repaints the whole
    screen whenever the focus moves, and Textual then composes all of it
    again (``render_full_update``): twice an answer on the conversation
    screen, about a sixth of an answer's CPU (issue 23). Textual already
    restyles and repaints the widgets that gain and lose the focus
    (``Screen._update_focus_styles``), so the screen-wide repaint adds
    nothing to what is drawn. Redeclaring the reactive on a subclass with
    ``repaint=False`` keeps its value, watchers and messages as they are.
    """
    return Reactive(None, repaint=False)


def free_style_caches_with_their_widgets() -> None:
    """Let a removed widget's drawn lines go with it (Textual issue #6665).

    Why private: ``StylesCache.get_inner_outer`` is an instance method under
    ``functools.lru_cache``, so the cache keys on ``self``: it keeps up to
    1,024 widgets' style caches alive, each with the lines it last drew, after
    the widgets themselves are gone. The conversation replaces its answer
    widgets whenever the kind of question changes, so a session's memory grew
    with every such question (1.3 MiB by the end of the preparation, measured
    2026-12-01). The method's result depends on its two colours only, so the
    same body is cached on those alone. Idempotent, and it leaves Textual's
    method as it is unless it has exactly the shape described here: a Textual
    that mends it is not touched.
    """
    body = getattr(StylesCache.__dict__.get("get_inner_outer"), "__wrapped__", None)  # under the lru_cache
    code = getattr(body, "__code__", None)  # None once mended: then it is our cache
    if code is None or code.co_varnames[:3] != ("cls", "base_background", "background"):
        return

    def inner_outer(base_background, background):
        return body(None, base_background, background)

    StylesCache.get_inner_outer = staticmethod(lru_cache(maxsize=1024)(inner_outer))
