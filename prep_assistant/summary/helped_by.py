"""The card's line for helper mode: "Prepared with help from: <role>".

A session prepared with a helper (``prep-assistant --helper [ROLE]``) keeps
the helper's role as its metadata; the card names it among the facts at the
top, so the clinician knows the answers were given with someone's help. The
role was cleaned when it was stored (``session.helper_role``); the renderers
treat it as any other text (escaped, never markup).

Kept apart from ``model.py`` on purpose: one small block, added at the end
of ``build_card``, that does not depend on how the rest of the card is built.

Pure: no textual, no PDF library, no I/O.
"""

from __future__ import annotations

from typing import Any

from prep_assistant import i18n


def helped_by(session: Any) -> tuple[str, str] | None:
    """The fact's label and value for ``session`` (a ``SessionInfo``), or None
    when nobody helped. (Not a ``Fact`` itself: ``model`` imports this module.)"""
    role = getattr(session, "helper_role", None)
    if role is None:
        return None
    return i18n._("Prepared with help from"), role or i18n._("a helper")
