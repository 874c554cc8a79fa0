"""The command each participant's process runs.

Every browser tab gets its own ``prep-assistant --guest --new`` process:
guest mode writes nothing, so no participant can see, resume or lock
another's session, and nothing is left on the laptop afterwards.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from prep_assistant.web.statement_message import SOCKET_ENV


def participant_command(
    language: str, *, flow: str | None = None, pack: str | None = None, statement_socket: str | None = None
) -> str:
    """A shell command line (textual-serve starts it with a shell).

    With a facilitator, the command names the server's statement socket in
    ``SOCKET_ENV``, so the participant's process can send its counts there.
    """
    argv = [sys.executable, "-m", "prep_assistant", "--lang", language]
    if flow:
        # A flow file is given as a path; a flow id stays as it is.
        argv += ["--flow", str(Path(flow).resolve()) if Path(flow).suffix == ".toml" else flow]
    if pack:
        argv += ["--pack", str(Path(pack).resolve())]
    argv += ["--guest", "--new"]
    if statement_socket:
        return f"{SOCKET_ENV}={shlex.quote(statement_socket)} {shlex.join(argv)}"
    return shlex.join(argv)
