"""The ``newsdesk`` command line (click): ``main(argv) -> exit status``."""

from newsdesk.cli.app import main

__all__ = ["main"]
