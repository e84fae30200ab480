"""The ``newsdesk`` command line."""

from newsdesk.cli.main import main

__all__ = ["main"]
