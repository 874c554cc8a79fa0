"""Sessions: answers with history, the SQLite store, export and import.

The store is cut by concern: ``store`` (the Store and its queries),
``schema`` (tables, migrations), ``opening`` (judging and opening the file),
``private_files`` (the one atomic private write, private folders),
``claims`` (one app per session, lock files), ``failures`` (messages),
``records`` and ``location``.

Never imports textual (a test checks). The export functions load pydantic, so
they are imported on first use::

    from prep_assistant.session import Store
    with Store.open() as store:          # or Store.guest()
        info = store.create_session(flow_id=..., flow_version=1,
                                    flow_kind="preparation", language="nl")
        store.claim(info.id)
        store.save_answer(info.id, "goals", "Walking the dog again")
"""

from __future__ import annotations

from typing import Any

from prep_assistant.session.addresses import make_address, split_address
from prep_assistant.session.errors import SessionInUse, StoreError, UnknownSession
from prep_assistant.session.store import AnswerRecord, SessionInfo, Store, database_path

__all__ = [
    "AnswerRecord",
    "ImportResult",
    "SessionInUse",
    "SessionInfo",
    "Store",
    "StoreError",
    "UnknownSession",
    "database_path",
    "export_session",
    "import_session",
    "make_address",
    "split_address",
]

_LAZY = {"export_session", "import_session", "ImportResult"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        # on use: export loads pydantic, which the app never needs
        from prep_assistant.session import export

        return getattr(export, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
