"""Errors newsdesk raises on purpose.

NewsdeskError                 base; the CLI prints ``newsdesk: <message>`` and exits 1
├── InputError                a source, file or argument cannot be used (exit 2)
├── NotFoundError             an ID, prefix, story or dataset that does not exist (exit 3)
│   └── AmbiguousIDError      a prefix that matches more than one ID
├── StoreError                the database cannot be opened or is not a newsdesk store
└── DependencyError           an optional dependency is missing (message has the install hint)
"""

from __future__ import annotations


class NewsdeskError(Exception):
    exit_code = 1


class InputError(NewsdeskError):
    exit_code = 2


class NotFoundError(NewsdeskError):
    exit_code = 3


class AmbiguousIDError(NotFoundError):
    pass


class StoreError(NewsdeskError):
    pass


class DependencyError(NewsdeskError):
    pass


class LLMError(NewsdeskError):
    exit_code = 4
