"""prep-assistant: prepare for a shared-decision consultation."""

__version__ = "0.1.0"
