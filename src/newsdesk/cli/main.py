"""``from newsdesk.cli.main import main`` keeps working: the command line is in :mod:`.app`."""

from newsdesk.cli.app import main

__all__ = ["main"]
