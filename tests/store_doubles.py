"""Stand-ins for the store that tests share."""

from __future__ import annotations

from prep_assistant.session import Store, StoreError


class FullDiskStore:
    """Wraps a store; the next ``fail`` saves are refused like a full disk."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.fail = 0

    def save_answer(self, *args, **kwargs):
        if self.fail:
            self.fail -= 1
            raise StoreError("The disk is full. Your answer was not saved.")
        return self._store.save_answer(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)
