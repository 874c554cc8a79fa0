"""Getting a card out: files, the printer.

Everything here fails with a ``CardError`` whose message a patient can act
on (or, for printing, returns such a message): never a traceback.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from prep_assistant import i18n
from prep_assistant.card_formats import FORMAT_NAMES, CardFormat, card_format
from prep_assistant.errors import UserError
from prep_assistant.session import private_files
from prep_assistant.summary.model import Card

_ = i18n._

PRINT_COMMANDS = ("lp", "lpr")


class CardError(UserError):
    """The card cannot be made or written; ``message`` says why and what to do."""


# -- files -------------------------------------------------------------------------


def _format(fmt: str) -> CardFormat:
    found = card_format(fmt)
    if found is None:
        raise CardError(
            _("Unknown format {fmt}; choose one of: {formats}.").format(fmt=fmt, formats=", ".join(FORMAT_NAMES))
        )
    return found


def default_filename(card: Card, fmt: str) -> str:
    """``gesprekskaart-2026-11-22.pdf``: the card's name in its language."""
    stem = _("conversation-card")
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in "-_") or "card"
    return f"{stem}-{card.made_on_iso}.{_format(fmt).extension}"


def _renderer(found: CardFormat) -> Callable[..., str | bytes]:
    # The table names its renderers (see card_formats); the module is
    # imported here, when a card is made in that format.
    module, _colon, function = found.renderer.partition(":")
    return getattr(importlib.import_module(module), function)


def render_bytes(card: Card, fmt: str, *, large_print: bool = False) -> bytes:
    """The card in ``fmt`` as bytes (text as UTF-8); CardError for an unknown format."""
    found = _format(fmt)
    render = _renderer(found)
    made = render(card, large_print=large_print) if found.large_print else render(card)
    return made if isinstance(made, bytes) else made.encode("utf-8")


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, readable by the owner only (0600).

    The one private write, with the card's own messages.
    """
    path = Path(path)
    try:
        return private_files.write_private(path, data, temp_prefix=".card-")
    except private_files.PrivateFileError as exc:
        if exc.kind == "folder":
            raise CardError(
                _("{path} is a folder. Give a file name, for example {path}/card.pdf.").format(path=path)
            ) from None
        if exc.kind in ("link", "special"):
            # Standard output has its own option (-o -): say so.
            raise CardError(
                _("The card is not saved as {path}: {reason}. Give the name of a file, "
                  "or -o - to write to standard output.").format(path=path, reason=exc.reason)
            ) from None
        raise CardError(_cannot_write(path, exc.reason)) from None


def _cannot_write(path: Path, reason: str) -> str:
    return _("The card cannot be saved as {path}: {reason}. Choose another place with -o.").format(
        path=path, reason=reason
    )


def save_card(card: Card, fmt: str, path: str | Path | None = None, *, large_print: bool = False) -> Path:
    """Write the card in ``fmt``; the default name goes in the current folder."""
    _format(fmt)
    target = Path(path) if path is not None else Path.cwd() / default_filename(card, fmt)
    data = render_bytes(card, fmt, large_print=large_print)
    return write_private(target, data)


# -- the printer -------------------------------------------------------------------


def print_card(
    card: Card, *, large_print: bool = False, save_to: str | Path | None = None
) -> tuple[bool, str]:
    """Send the PDF to ``lp`` or ``lpr``; (sent, a message for the patient).

    When there is no printer command, or it fails, the PDF is saved instead
    (in ``save_to`` or the current folder) and the message says where.
    """
    try:
        pdf = render_bytes(card, "pdf", large_print=large_print)
    except Exception as exc:  # never crash on the way to the printer
        return False, _("The card could not be made: {problem}").format(problem=exc)
    command = next((c for c in PRINT_COMMANDS if shutil.which(c)), None)
    problem = None
    if command is not None:
        try:
            result = subprocess.run(
                [shutil.which(command) or command],
                input=pdf,
                capture_output=True,
                timeout=60,
                check=False,
            )
            if result.returncode == 0:
                return True, _("The card was sent to the printer.")
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            problem = detail[0] if detail else f"{command} exit {result.returncode}"
        except (OSError, subprocess.SubprocessError) as exc:
            problem = str(exc) or type(exc).__name__
    saved = _save_instead(card, pdf, save_to)
    if command is None:
        first = _("No printer command (lp or lpr) was found on this computer.")
    else:
        first = _("Printing did not work ({problem}).").format(problem=problem)
    return False, f"{first} {saved}"


def _save_instead(card: Card, pdf: bytes, save_to: str | Path | None) -> str:
    folder = Path(save_to) if save_to is not None else Path.cwd()
    target = folder / default_filename(card, "pdf") if folder.is_dir() else folder
    try:
        path = write_private(target, pdf)
    except CardError as exc:
        return exc.message
    return _("The card was saved as a PDF instead: {path}. You can print that file yourself.").format(path=path)
