"""Kept for imports of the old path: the boilerplate rules live in :mod:`newsdesk.boilerplate`,
below every stage, so that stories and the writers can use them without importing ingest."""

from __future__ import annotations

from newsdesk.boilerplate import content_start, is_boilerplate, is_byline

__all__ = ["content_start", "is_boilerplate", "is_byline"]
