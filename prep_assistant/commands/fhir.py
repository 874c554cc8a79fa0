"""``prep-assistant export fhir-questionnaire|fhir-response`` and
``prep-assistant import fhir-questionnaire``: the flows and the answers as
HL7 FHIR R4 resources (Questionnaire and QuestionnaireResponse, with the
Structured Data Capture extensions), and a Questionnaire made elsewhere as a
flow.

Exit codes: 0 done, 1 it could not be done (one line on stderr, or the
import's diagnostics, never a traceback), 2 the command was misused.
Nothing is sent anywhere: every result is a file (or standard output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prep_assistant import i18n
from prep_assistant.errors import UserError
from prep_assistant.i18n import _
from prep_assistant.safe_text import show_unsafe

def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="the flows or a session's answers as FHIR (for a clinician's system or a patient portal)",
        description="Write a flow as an HL7 FHIR R4 Questionnaire, or a saved session's answers as a "
        "QuestionnaireResponse (JSON). The file stays on this computer: nothing is sent anywhere.",
    )
    exports = export.add_subparsers(dest="export_what", metavar="WHAT")
    questionnaire = exports.add_parser("fhir-questionnaire", help="a flow as a FHIR R4 Questionnaire")
    questionnaire.add_argument("flow", metavar="FLOW", nargs="?", help="a flow id (default: voorbereiding) or a flow file")
    questionnaire.add_argument("--pack", dest="fhir_pack", metavar="PACK", help="fill in a clinician's decision pack (a file, or a shipped pack's id)")
    questionnaire.add_argument("--lang", dest="fhir_lang", choices=i18n.SUPPORTED_LANGUAGES, help="the Questionnaire's main language (the other rides along as translations)")
    questionnaire.add_argument("-o", "--output", metavar="FILE", required=True, help="the JSON file to write ('-' for standard output)")
    questionnaire.set_defaults(handler=run_export_questionnaire)

    response = exports.add_parser("fhir-response", help="a saved session as a FHIR R4 QuestionnaireResponse")
    response.add_argument("session_id", metavar="SESSION", nargs="?", help="the session's id (default: the most recent; see: sessions list)")
    response.add_argument("--lang", dest="fhir_lang", choices=i18n.SUPPORTED_LANGUAGES, help="language of the labels (default: the session's)")
    response.add_argument("--with-card", action="store_true", help="attach the conversation card as a PDF")
    response.add_argument("-o", "--output", metavar="FILE", required=True, help="the JSON file to write ('-' for standard output)")
    response.set_defaults(handler=run_export_response)
    export.set_defaults(handler=_usage(export))

    imports = sub.add_parser(
        "import",
        help="a FHIR Questionnaire made elsewhere as a flow file",
        description="Read an HL7 FHIR R4 Questionnaire (JSON) and write the part that maps as a flow "
        "(TOML) that passes 'check'. What does not map is reported as file:line:col CODE severity "
        "message; on any error nothing is written.",
    )
    what = imports.add_subparsers(dest="import_what", metavar="WHAT")
    flow = what.add_parser("fhir-questionnaire", help="a FHIR R4 Questionnaire as a flow")
    flow.add_argument("file", metavar="FILE", help="the Questionnaire (JSON)")
    flow.add_argument("-o", "--output", metavar="FLOW.toml", required=True, help="the flow file to write")
    flow.set_defaults(handler=run_import_questionnaire)
    imports.set_defaults(handler=_usage(imports))


def _usage(parser: argparse.ArgumentParser):
    def show(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show


def _say(message: str) -> None:
    print(show_unsafe(message), file=sys.stderr)


def _language(args: argparse.Namespace, fallback: str | None) -> str | None:
    requested = getattr(args, "fhir_lang", None) or getattr(args, "lang", None)
    if requested is None:
        return fallback
    language, warning = i18n.negotiate_language(requested)
    if warning:
        _say(warning)
    return language


def _guarded(work) -> int:
    try:
        return work()
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except UserError as exc:
        _say(exc.message)
        return 1
    except Exception as exc:  # the promise: one clear line, never a traceback
        _say(_("The FHIR file could not be made: {problem}").format(problem=str(exc) or type(exc).__name__))
        return 1


def run_export_questionnaire(args: argparse.Namespace) -> int:
    # The exporter loads the flow models, the conversation layer and pydantic
    # (about 0.7 s measured with -X importtime): only this command pays for it.
    from prep_assistant.fhir.exports import questionnaire_json, write_output

    def work() -> int:
        language = _language(args, None)
        if language:
            i18n.set_language(language)
        data = questionnaire_json(args.flow, args.fhir_pack or getattr(args, "pack", None), language)
        path = write_output(data, args.output)
        if path is not None:
            _say(_("Saved the Questionnaire as {path}").format(path=path))
        return 0

    return _guarded(work)


def run_export_response(args: argparse.Namespace) -> int:
    # The exporter loads the store, the card and the conversation layer
    # (about 0.7 s measured with -X importtime): only this command pays for it.
    from prep_assistant.fhir.exports import response_json, write_output
    from prep_assistant.session import Store, database_path

    def work() -> int:
        if getattr(args, "guest", False):
            _say(_("In guest mode nothing is saved, so there are no answers to export."))
            return 1
        if not database_path().exists():
            _say(_("There are no saved sessions yet, so there are no answers to export."))
            return 1
        language = _language(args, None)
        # Read only: an export never changes the store, and works while the app has the session open.
        with Store.open(read_only=True) as store:
            export = response_json(store, args.session_id, language, with_card=args.with_card)
        for notice in export.notices:
            _say(notice)
        path = write_output(export.data, args.output)
        if path is not None:
            _say(_("Saved the answers of session {id} as {path}").format(id=export.session_id, path=path))
        return 0

    return _guarded(work)


def run_import_questionnaire(args: argparse.Namespace) -> int:
    # The importer loads the flow loader and pydantic to check what it makes
    # (about 0.7 s measured with -X importtime): only this command pays for it.
    from prep_assistant.fhir.exports import import_flow

    def work() -> int:
        result = import_flow(Path(args.file), Path(args.output))
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        if result.written is None:
            _say(_("Nothing was written."))
            return 1
        _say(_("Wrote the flow {path}. Check it with: prep-assistant check {path}").format(path=result.written))
        return 0

    return _guarded(work)
