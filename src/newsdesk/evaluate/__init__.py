"""Evaluations of newsdesk against public datasets (read from a data folder, never bundled)."""

from __future__ import annotations

from collections.abc import Callable

# What an evaluation is doing, for a progress display: (message, done, total); done and total
# are None for a step without a count.
Progress = Callable[[str, int | None, int | None], None]
