"""Citations as writers put them in text, read back into article IDs.

The forms language models and people really produce::

    ([de4dbeca])   ([de4dbeca], [e706d217])   [de4dbeca]   [de4dbeca, e706d217]
    (de4dbeca)     (de4dbeca; e706d217)       [1]  [2, 3]  [^1]   (footnote numbers)

``strip_citations`` removes them from a text and says where each stood, so a caller can split
the clean text into sentences and give each sentence the citations that follow it. Footnote
numbers become IDs through a mapping the caller supplies (the numbered evidence list of a
prompt); without one they are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_ID = r"[0-9a-fA-F]{8}"
_REF = rf"(?:{_ID}|\^?\d{{1,3}})"
_SEP = r"\s*[,;]\s*"
GROUP = re.compile(
    r"\s*(?:"
    rf"\(\s*\\?\[\s*{_REF}\s*\\?\](?:{_SEP}\\?\[\s*{_REF}\s*\\?\])*\s*\)"  # ([a], [b])
    rf"|\\?\[\s*{_REF}(?:{_SEP}{_REF})*\s*\\?\]"  # [a, b]  [1]  [^1]
    rf"|\(\s*{_ID}(?:{_SEP}{_ID})*\s*\)"  # (a; b)
    r")"
)
_PART = re.compile(rf"(?<![0-9a-fA-F]){_ID}(?![0-9a-fA-F])|(?<=[\[\s,;^])\d{{1,3}}(?=[\]\s,;])")


@dataclass
class Marker:
    """Citations found at ``pos`` of the clean text (just after the words they follow)."""

    pos: int
    ids: list[str]
    unknown: list[str]  # footnote numbers with no mapping, or IDs rejected by the caller


def _ids_of(group: str, footnotes: Mapping[int, str] | None) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    unknown: list[str] = []
    for part in _PART.findall(group):
        if part.isdigit() and len(part) <= 3:
            n = int(part)
            if footnotes is not None and n in footnotes:
                ids.append(footnotes[n])
            else:
                unknown.append(part)
        else:
            ids.append(part.lower())
    return ids, unknown


def strip_citations(
    text: str, footnotes: Mapping[int, str] | None = None
) -> tuple[str, list[Marker]]:
    """``text`` without its citation groups, and where each group stood in the clean text."""
    out: list[str] = []
    markers: list[Marker] = []
    last = 0
    length = 0
    for m in GROUP.finditer(text):
        ids, unknown = _ids_of(m.group(), footnotes)
        if not ids and not unknown:
            continue
        piece = text[last : m.start()]
        out.append(piece)
        length += len(piece)
        markers.append(Marker(length, ids, unknown))
        last = m.end()
        # "claim ([id])." keeps its full stop; "claim. ([id]) Next" keeps one space
        if last < len(text) and not text[last].isspace() and text[last] not in ".,;:!?)\"'”’":
            out.append(" ")
            length += 1
    out.append(text[last:])
    return "".join(out), markers
