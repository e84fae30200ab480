"""The dialect adapter the shared SQL runs through: five primitives each backend implements.

Statements in :mod:`newsdesk.store.sql` are written once, with ``?`` placeholders, in the SQL
both SQLite (3.35 or later) and PostgreSQL read alike: ``ON CONFLICT ... DO UPDATE`` upserts,
``RETURNING``, ``NULLS FIRST``. A backend subclasses :class:`SqlAccess` and supplies

- ``_all`` / ``_one`` / ``_dicts``: rows as tuples (or dicts), placeholders converted for its
  driver (psycopg wants ``%s``);
- ``_exec`` / ``_many``: a write, inside ``write()`` (joining an open transaction);
- ``write()``: its transaction and lock (SQLite ``BEGIN IMMEDIATE`` with retry, PostgreSQL an
  advisory lock);
- ``SEQ``: the column that numbers rows in insertion order (``rowid`` / ``seq``);
- ``ID_LIST``: how a list of IDs is matched (``IN (?, ...)`` in chunks, or ``= ANY(?)``);
- ``blob`` / ``vector_param`` / ``vector_value``: how bytes and vectors cross the driver.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib import resources
from typing import Any, Self

import numpy as np

from newsdesk.dates import window_bounds
from newsdesk.store.records import chunks

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def migrations(package: str) -> list[tuple[int, str, str]]:
    """(version, name, SQL) of the numbered files in ``package``'s ``migrations/``, in order."""
    out = []
    for entry in resources.files(package).joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            out.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(out)


def upsert(table: str, columns: Sequence[str], key: Sequence[str], *, update: bool = True) -> str:
    """``INSERT ... ON CONFLICT (key) DO UPDATE SET`` every other column (or ``DO NOTHING``)."""
    marks = ", ".join("?" for _ in columns)
    rest = [c for c in columns if c not in key]
    action = (
        "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in rest)
        if update and rest
        else "DO NOTHING"
    )
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
        f"ON CONFLICT ({', '.join(key)}) {action}"
    )


def date_filter(
    since: str | None, until: str | None, column: str = "published"
) -> tuple[list[str], list[Any]]:
    """SQL conditions for an inclusive date window on ISO strings (dates or datetimes)."""
    lo, hi = window_bounds(since, until)
    where = [c for c, v in ((f"{column} >= ?", lo), (f"{column} <= ?", hi)) if v]
    return where, [v for v in (lo, hi) if v]


class SqlAccess:
    """The primitives every shared table mixin calls; a backend implements them."""

    location: str
    read_only: bool = False
    SEQ: str = "seq"  # the column numbering rows as they were inserted
    ID_LIST: str = "any"  # "any": ``col = ANY(?)`` with one list; "in": ``IN (?, ...)`` chunked

    def write(self) -> AbstractContextManager[None]:  # pragma: no cover - backends define it
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - backends define it
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _all(
        self, sql: str, params: Sequence[Any] | None = None, *, binary: bool = False
    ) -> list[tuple[Any, ...]]:  # pragma: no cover - backends define it
        raise NotImplementedError

    def _dicts(
        self, sql: str, params: Sequence[Any] | None = None
    ) -> list[dict[str, Any]]:  # pragma: no cover - backends define it
        raise NotImplementedError

    def _exec(self, sql: str, params: Sequence[Any] | None = None) -> None:  # pragma: no cover
        raise NotImplementedError

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _one(self, sql: str, params: Sequence[Any] | None = None) -> tuple[Any, ...] | None:
        rows = self._all(sql, params)
        return tuple(rows[0]) if rows else None

    def _scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self._one(sql, params)
        return None if row is None else row[0]

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        """Run an ``INSERT ... RETURNING id`` (inside write()) and give the new row's id."""
        with self.write():
            row = self._one(sql + " RETURNING id", params)
        return int(row[0]) if row else 0

    # -- lists of IDs ------------------------------------------------------------------------

    def _id_parts(self, ids: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
        """(condition after the column, its parameters) covering ``ids``: ``= ANY(?)`` with the
        whole list, or ``IN (?, ...)`` per chunk of 500."""
        if self.ID_LIST == "any":
            yield "= ANY(?)", [list(ids)]
            return
        for part in chunks(list(ids)):
            yield f"IN ({', '.join('?' for _ in part)})", list(part)

    def _rows_in(
        self, sql: str, ids: Sequence[Any], *before: Any, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        """Rows of ``sql``, which holds ``{ids}`` where a column is matched against ``ids``
        (``WHERE a.id {ids}``); ``before`` are the parameters ahead of it."""
        if not ids:
            return []
        out: list[tuple[Any, ...]] = []
        for cond, params in self._id_parts(ids):
            out += self._all(sql.format(ids=cond), [*before, *params], binary=binary)
        return out

    def _dicts_in(self, sql: str, ids: Sequence[Any], *before: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for cond, params in self._id_parts(ids):
            out += self._dicts(sql.format(ids=cond), [*before, *params])
        return out

    # -- bytes and vectors -------------------------------------------------------------------

    @staticmethod
    def blob(value: bytes) -> Any:
        """Bytes as the driver binds them."""
        return bytes(value)

    @staticmethod
    def vector_param(vector: np.ndarray) -> Any:
        """A float32 vector as its column stores it (SQLite: little-endian bytes)."""
        return np.asarray(vector, dtype="<f4").tobytes()

    @staticmethod
    def vector_value(value: Any) -> np.ndarray:
        """A stored vector as a float32 array of its own."""
        return np.frombuffer(bytes(value), dtype="<f4").copy()
