"""A patient's conversation: the engine's run, saved as it goes.

The Textual app and plain mode both talk to a ``Conversation``: it asks the
engine for the current step, hands answers to it, and saves every accepted
answer in the store at once (one transaction each). Neither front end holds
flow logic or touches the store for answers. No textual import here.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prep_assistant import i18n
from prep_assistant.dialogue.engine import Flow, Given, Run, Step
from prep_assistant.dialogue.library import LibraryError, find_flow, load_pack_file
from prep_assistant.session import SessionInfo, Store

if TYPE_CHECKING:  # pragma: no cover
    from prep_assistant.dialogue import schema

log = logging.getLogger(__name__)


@dataclass
class Conversation:
    store: Store
    session: SessionInfo
    flow: Flow
    pack: schema.PackFile | None = None
    #: Things the patient should hear once (a pack that is gone, a changed flow).
    notices: list[str] = field(default_factory=list)
    run: Run = field(init=False)

    def __post_init__(self) -> None:
        self.run = Run(
            self.flow,
            answers=self.store.answers(self.session.id),
            pack=self.pack,
            translate=self._translate,
        )
        if self.run.orphans():
            self.notices.append(
                i18n._(
                    "The questions have changed since you started. "
                    "Your earlier answers are kept and shown on your card."
                )
            )

    # -- opening ---------------------------------------------------------------
    @classmethod
    def start(
        cls,
        store: Store,
        *,
        flow: Flow | None = None,
        pack_path: str | Path | None = None,
        language: str | None = None,
    ) -> "Conversation":
        """A new session of ``flow`` (default: the preparation)."""
        flow = flow or find_flow()
        pack = load_pack_file(pack_path) if pack_path else None
        info = store.create_session(
            flow_id=flow.id if flow.source_path is None or _is_shipped(flow) else flow.source_path,
            flow_version=flow.version,
            flow_kind=flow.kind,
            language=language or i18n.current_language(),
            pack_id=pack.pack.id if pack else None,
            pack_path=str(Path(pack_path).resolve()) if pack_path else None,
            decision=pack.pack.decision if pack else None,
        )
        store.claim(info.id)
        conversation = cls(store, info, flow, pack)
        conversation._save_meta()
        return conversation

    @classmethod
    def resume(cls, store: Store, session_id: str) -> "Conversation":
        """Open a saved session; its flow and pack are found again."""
        info = store.get(session_id)
        store.claim(info.id)
        flow = find_flow(info.flow_id)
        notices: list[str] = []
        pack = None
        if info.pack_path:
            try:
                pack = load_pack_file(info.pack_path)
            except LibraryError:
                notices.append(
                    i18n._("The decision pack of this session cannot be found. You can go on without it.")
                )
        conversation = cls(store, info, flow, pack, notices)
        if flow.version != info.flow_version:
            store.update_meta(info.id, flow_version=flow.version)
        return conversation

    def close(self) -> None:
        self.store.release(self.session.id)

    # -- the conversation ---------------------------------------------------------
    def _translate(self, context: str, source: str) -> str:
        language = "nl" if context.startswith("pack.") else self.flow.language
        return i18n.dialogue_text(context, source, language)

    @property
    def current(self) -> Step | None:
        return self.run.current

    @property
    def done(self) -> bool:
        return self.run.done

    def answer(self, value: Any) -> Given:
        """Check and save a structured answer; AnswerError if it does not fit."""
        return self._saved(self.run.answer(value))

    def answer_text(self, raw: str | list[str]) -> Given:
        """Check and save typed input (plain mode)."""
        return self._saved(self.run.answer_text(raw))

    def _saved(self, given: Given) -> Given:
        progress = self.run.progress()
        self.store.save_answer(self.session.id, given.key, given.value, progress=progress)
        if given.key in self._decision_keys() or self.run.done:
            self._save_meta()
        return given

    def back(self) -> bool:
        return self.run.back()

    def back_to_question(self) -> bool:
        """Go back to the previous question, passing over messages on the way.

        Both front ends mean this by "back"; False at the first step.
        """
        moved = False
        while self.run.back():
            moved = True
            step = self.run.current
            if step is not None and not step.is_info:
                break
        return moved

    def go_to(self, key: str) -> bool:
        return self.run.go_to(key)

    def skip_ahead(self) -> None:
        self.run.resume()

    def set_language(self, language: str) -> str:
        chosen = i18n.set_language(language)
        self.store.update_meta(self.session.id, language=chosen)
        return chosen

    def _decision_keys(self) -> set[str]:
        return {n.id for n in self.flow.model.nodes if getattr(n, "card", None) == "decision"}

    def _save_meta(self) -> None:
        decision = None
        for key in self._decision_keys():
            value = self.run.value_of(key)
            if isinstance(value, str) and value:
                decision = value
        if decision is None and self.pack is not None:
            decision = self.pack.pack.decision
        self.session = self.store.update_meta(
            self.session.id,
            decision=decision,
            progress=self.run.progress(),
            finished=self.run.done,
        )

    @property
    def wants_review(self) -> bool:
        """A yes to a question that offers to look back at the preparation."""
        return any(
            value is True and getattr(self.flow.nodes[entry.node_id], "offer", None) == "review"
            for entry, value in self.run.answered_steps()
        )

    def today(self) -> dt.date:
        return dt.date.today()


def _is_shipped(flow: Flow) -> bool:
    from prep_assistant.paths import dialogues_dir

    try:
        return Path(flow.source_path).resolve().parent == dialogues_dir().resolve()
    except (OSError, TypeError):
        return False
