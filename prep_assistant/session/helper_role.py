"""Who helped the patient prepare: the helper's role, kept with the session.

A volunteer, a nurse or a family member may sit with the patient
(``prep-assistant --helper [ROLE]``). The role is a few words ("vrijwilliger",
"dochter"), stored as session metadata and printed on the card as
"Prepared with help from: <role>". In the store, NULL means nobody helped
and "" means a helper whose role was not given.

Two rules, one per source:

- typed on the command line (``checked_role``): an empty role or one longer
  than ``MAX_ROLE_LENGTH`` is refused with a message that says what to type;
- read back from the store or an export file (``stored_role``): never
  refused (a whole session is not lost over one label), but cleaned with the
  one sanitiser and cut to ``MAX_ROLE_LENGTH``.

Either way the role is one line of plain text: no control characters,
escape sequences or bidi overrides, whitespace collapsed.
"""

from __future__ import annotations

from prep_assistant import safe_text
from prep_assistant.session.errors import StoreError, _

#: A role is a few words; the card has room for one short line.
MAX_ROLE_LENGTH = 80


class HelperRoleError(StoreError):
    """A role typed on the command line that cannot be used as it is."""


def _one_line(text: str) -> str:
    return " ".join(safe_text.clean(text).split())


def checked_role(raw: str) -> str:
    """A role typed by a person, cleaned; HelperRoleError when empty or too long."""
    role = _one_line(raw)
    if not role:
        raise HelperRoleError(
            _("The helper's role is empty. Write who helps, for example: --helper volunteer. "
              "Or give --helper alone.")
        )
    if len(role) > MAX_ROLE_LENGTH:
        raise HelperRoleError(
            _("The helper's role is {length} characters long; at most {limit} fit on the card. "
              "Write it in a few words, for example: --helper volunteer.").format(
                length=len(role), limit=MAX_ROLE_LENGTH
            )
        )
    return role


def stored_role(raw: object) -> str | None:
    """A role read back (store, export file): None, or clean text of at most the limit."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        return ""  # damage inside the file: someone helped, the role is unreadable
    role = _one_line(raw)
    if len(role) > MAX_ROLE_LENGTH:
        role = role[: MAX_ROLE_LENGTH - 1].rstrip() + "\u2026"
    return role
