"""Subcommands of ``prep-assistant``.

Each module here registers one subcommand with ``register(subparsers)`` and
sets ``handler`` to a function ``(args) -> int`` (the exit code). Modules stay
light: a handler imports what it needs when it runs, so ``prep-assistant``
without a subcommand does not pay for them.
"""

#: The subcommand modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "prep_assistant.commands.check",
    "prep_assistant.commands.schema",
    "prep_assistant.commands.sessions",
    "prep_assistant.commands.summary",
    "prep_assistant.commands.pack",
    "prep_assistant.commands.fhir",
)
