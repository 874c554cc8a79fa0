"""The three FHIR jobs as the commands ask for them, each ending in bytes or a file.

- ``questionnaire_json``: a flow (by id or file), maybe with a pack, in a
  language, as Questionnaire JSON;
- ``response_json``: a saved session (read only, never claimed) as
  QuestionnaireResponse JSON, with the card as a PDF if asked;
- ``import_flow``: a Questionnaire file as a flow file, written only when
  nothing stands in the way.

Nothing is sent anywhere: the result is bytes for a file the patient names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from prep_assistant import i18n
from prep_assistant.conversation.opening import open_for_reading
from prep_assistant.dialogue.library import find_flow, load_pack_file
from prep_assistant.errors import UserError
from prep_assistant.fhir.flow_writer import checked_problems, flow_toml, write_flow
from prep_assistant.fhir.import_diagnostics import ImportDiagnostic
from prep_assistant.fhir.importer import import_questionnaire
from prep_assistant.fhir.questionnaire import build_questionnaire
from prep_assistant.fhir.response import SessionFacts, build_response, status_of
from prep_assistant.session import Store
from prep_assistant.session.private_files import write_private
from prep_assistant.summary.model import build_card
from prep_assistant.summary.output import render_bytes


class FhirExportError(UserError):
    """An export that cannot be made; the message says why and what to do."""


def to_json(resource: dict[str, Any]) -> bytes:
    """A resource as UTF-8 JSON: every text is data, escaped by ``json.dumps``."""
    return (json.dumps(resource, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def questionnaire_json(flow_ref: str | None, pack_ref: str | None, language: str | None) -> bytes:
    """The flow (default: the preparation) as a Questionnaire; ``language``
    defaults to the flow's own."""
    flow = find_flow(flow_ref)
    pack = load_pack_file(pack_ref) if pack_ref else None
    return to_json(build_questionnaire(flow, pack=pack, language=language or flow.language))


def write_output(data: bytes, output: str) -> Path | None:
    """``data`` to the file ``output`` (atomic, 0600), or to standard output for "-"."""
    if output == "-":
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a replaced stdout (tests): text only
            sys.stdout.write(data.decode("utf-8"))
        else:
            out.write(data)
            out.flush()
        return None
    return write_private(Path(output), data)


class ResponseExport(msgspec.Struct):
    data: bytes
    session_id: str
    notices: list[str] = msgspec.field(default_factory=list)


def response_json(store: Store, session_id: str | None, language: str | None, *, with_card: bool) -> ResponseExport:
    """A saved session (default: the most recent) as QuestionnaireResponse JSON.

    ``language`` (default: the session's) is made the current language: the
    labels of the answers and the card are read in it.
    """
    opened = open_for_reading(
        store,
        session_id,
        error=FhirExportError,
        none_message=i18n._("There are no saved sessions yet, so there are no answers to export."),
    )
    info = opened.session
    language = i18n.set_language(language or info.language)
    notices = []
    if opened.pack_missing:
        notices.append(i18n._("The decision pack of this session cannot be found; the export is made without it."))
    consultation_began = [
        other.created_at
        for other in store.list_sessions()
        if info.flow_kind == "preparation" and other.flow_kind == "after" and other.created_at > info.created_at
    ]
    facts = SessionFacts(
        id=info.id,
        status=status_of(info.finished, info.updated_at, consultation_began),
        authored=info.updated_at,
        language=language,
        flow_version=info.flow_version,
    )
    card_pdf = render_bytes(build_card(opened.run, session=info), "pdf") if with_card else None
    return ResponseExport(to_json(build_response(opened.run, facts, card_pdf=card_pdf)), info.id, notices)


class FlowImport(msgspec.Struct):
    diagnostics: list[ImportDiagnostic]
    written: Path | None


def import_flow(source: Path, target: Path) -> FlowImport:
    """Read ``source`` as a flow and write it to ``target`` if it has no errors."""
    result = import_questionnaire(source)
    diagnostics = list(result.diagnostics)
    if not result.ok or result.flow is None:
        return FlowImport(diagnostics, None)
    text = flow_toml(result.flow, result.display, str(target))
    problems = checked_problems(text, result.display)
    if problems:
        return FlowImport(diagnostics + problems, None)
    failures = write_flow(text, target, result.display)
    return FlowImport(diagnostics + failures, None if failures else target)
