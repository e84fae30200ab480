"""The SQL both store backends share: statements and row mapping, by table group.

Each module here is a mixin over :class:`~newsdesk.store.sql.access.SqlAccess`, the small
dialect adapter (placeholders, row type, ID lists, bytes and vectors, the transaction) that the
SQLite and PostgreSQL stores implement. What really differs stays in the backends: full-text
search, reading the article-vector matrix, locking, and opening and migrating.
"""

from __future__ import annotations

from newsdesk.store.sql.access import SqlAccess
from newsdesk.store.sql.articles import ArticleTables
from newsdesk.store.sql.beat import BeatTables
from newsdesk.store.sql.desk import DeskTables, LLMCacheTables
from newsdesk.store.sql.export import ExportTables
from newsdesk.store.sql.stories import StoryTables
from newsdesk.store.sql.vectors import VectorTables


class SharedTables(
    ArticleTables,
    VectorTables,
    StoryTables,
    ExportTables,
    BeatTables,
    DeskTables,
    LLMCacheTables,
):
    """Every shared mixin; a backend subclasses this and implements :class:`SqlAccess`."""


__all__ = ["SharedTables", "SqlAccess"]
