"""The PostgreSQL store (psycopg 3, pgvector, full-text search), for teams and large archives."""

from __future__ import annotations

from newsdesk.store.postgres.store import PostgresStore


def open_postgres_store(location: str, *, create: bool = True) -> PostgresStore:
    """Open a ``postgresql://`` (or ``postgres://``) URL."""
    return PostgresStore(str(location), create=create)


__all__ = ["PostgresStore", "open_postgres_store"]
