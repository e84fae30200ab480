"""Incremental JSON scanning and flattening of JSON values, for the record readers.

:class:`JsonScanner` finds where each JSON value in a byte stream starts and ends without parsing
it or holding the whole stream: a large ``.json`` file is read chunk by chunk and only one record
at a time is kept in memory. :func:`json_text` turns a decoded JSON value into plain text.
"""

from __future__ import annotations

import codecs
import math
import re
from typing import IO, Any

__all__ = ["JsonScanner", "ValueTooLarge", "json_text"]

_NON_WS = re.compile(r"\S")
_OUTSIDE = re.compile(r'["{}\[\],:]')
_INSIDE = re.compile(r'["\\]')
# Keys whose value stands for a whole nested object, in order of preference (lower case).
_NESTED_KEYS = tuple("name title text value rendered content #text href url $date".split())


class ValueTooLarge(Exception):
    """A single value grew past the scanner's ``max_value`` characters; ``line`` is its start."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class JsonScanner:
    """Finds the extent of JSON values in a stream without parsing or holding all of it.

    It tracks string state and bracket depth only; each complete value is then handed to
    ``json.loads``. Invalid bytes become surrogates (surrogateescape) so that one bad record
    does not stop the file. ``chunk`` is the read size in bytes; a value longer than
    ``max_value`` characters raises :class:`ValueTooLarge`.
    """

    def __init__(self, fh: IO[bytes], max_value: int, chunk: int = 1 << 20) -> None:
        self.fh = fh
        self.max_value = max_value
        self.chunk = chunk
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.buf = ""
        self.pos = 0  # start of what has not been consumed
        self.line = 1  # line number at index self.line_idx
        self.line_idx = 0
        self.started = False

    def _more(self) -> int | None:
        """Append a chunk, dropping consumed text; return the index shift, or None at EOF."""
        data = self.fh.read(self.chunk)
        text = self.decoder.decode(data, final=not data)
        if not self.started and text:
            text = text.removeprefix("\ufeff")
            self.started = True
        if not data and not text:
            return None
        shift = self.pos
        self.line_at(shift)
        self.buf = self.buf[shift:] + text
        self.pos -= shift
        self.line_idx -= shift
        return shift

    def line_at(self, idx: int) -> int:
        """Line number of buf[idx]; idx must not go backwards between calls."""
        self.line += self.buf.count("\n", self.line_idx, idx)
        self.line_idx = idx
        return self.line

    def peek(self) -> str | None:
        """Skip whitespace; return the next character without consuming it (None at EOF)."""
        while True:
            m = _NON_WS.search(self.buf, self.pos)
            if m:
                self.pos = m.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if self._more() is None:
                return None

    def take(self) -> None:
        """Consume the character :meth:`peek` returned."""
        self.pos += 1

    def value(self) -> tuple[str, int, str | None]:
        """Scan one value up to a top-level ``, : ] }``; return (text, first line, that char).

        The terminator is consumed; it is None when the input ended first.
        """
        self.peek()
        start = self.pos
        line = self.line_at(start)
        i, depth, in_string = start, 0, False
        while True:
            buf = self.buf
            need_more = i >= len(buf)
            if not need_more and in_string:
                m = _INSIDE.search(buf, i)
                if m is None:
                    i = len(buf)
                    continue
                if m.group() == '"':
                    in_string = False
                    i = m.end()
                    continue
                if m.end() < len(buf):  # skip the escaped character
                    i = m.end() + 1
                    continue
                i, need_more = m.start(), True  # the escaped character is in the next chunk
            elif not need_more:
                m = _OUTSIDE.search(buf, i)
                if m is None:
                    i = len(buf)
                    continue
                char, i = m.group(), m.end()
                if char == '"':
                    in_string = True
                elif char in "{[":
                    depth += 1
                elif depth == 0:  # a top-level , : ] or } ends the value
                    self.pos = i
                    return buf[start : i - 1], line, char
                elif char in "}]":
                    depth -= 1
                continue
            if len(self.buf) - start > self.max_value:
                raise ValueTooLarge(line)
            shift = self._more()
            if shift is None:
                text = self.buf[start:]
                self.pos = len(self.buf)
                return text, line, None
            i -= shift
            start -= shift


def json_text(value: Any, sep: str = "\n\n") -> str:
    """Flatten a JSON value into a string: lists are joined, dicts give their name/text-ish key."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # NaN and Infinity (which json.loads accepts) are no text
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = (json_text(v, sep) for v in value)
        return sep.join(p for p in parts if p.strip())
    if isinstance(value, dict):
        norm = {str(k).lower(): v for k, v in value.items()}
        for key in _NESTED_KEYS:
            text = json_text(norm.get(key), sep)
            if text.strip():
                return text
    return ""
