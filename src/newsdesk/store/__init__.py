"""The store stage: the ``Store`` interface (:mod:`.base`) and its implementations.

``open_store`` picks the implementation by the location's URL scheme through the plugin
registry (``newsdesk.stores`` entry points): a plain path or ``sqlite:///path`` is SQLite.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk import plugins
from newsdesk.store.base import Store


def scheme_of(location: str | Path) -> str:
    text = str(location)
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        return "postgresql" if scheme == "postgres" else scheme
    return "sqlite"


def open_store(location: str | Path, *, create: bool = True) -> Store:
    """The store at ``location`` (a path or a URL), created if ``create`` and absent."""
    factory = plugins.get("store", scheme_of(location))
    store: Store = factory(str(location), create=create)
    return store


__all__ = ["Store", "open_store", "scheme_of"]
