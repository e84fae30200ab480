"""Text normalisation and sentence splitting with character offsets."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Sentence

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def clean_text(text: str) -> str:
    """Normalise Unicode (NFC), drop control characters, collapse runs of blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    blank = False
    for line in lines:
        if not line:
            blank = True
            continue
        if out and blank:
            out.append("")
        out.append(line)
        blank = False
    return "\n".join(out).strip()


def normalize_for_hash(text: str) -> str:
    """Case-folded words joined by single spaces: equal for trivially different copies."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


@lru_cache(maxsize=1)
def _segmenter():  # pragma: no cover - trivial
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets index ``text`` exactly.

    Paragraph breaks always end a sentence; pysbd splits within a paragraph. Each sentence is
    stripped of surrounding whitespace and ``text[s.start:s.end] == s.text`` holds.
    """
    seg = _segmenter()
    out: list[Sentence] = []
    pos = 0
    for para in text.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        cursor = 0
        for piece in seg.segment(para):
            piece_stripped = piece.strip()
            if not piece_stripped:
                continue
            found = para.find(piece_stripped, cursor)
            if found < 0:  # pysbd altered the text; fall back to a sequential cut
                found = cursor
                piece_stripped = para[cursor : cursor + len(piece)].strip()
                if not piece_stripped:
                    continue
                found = para.find(piece_stripped, cursor)
            start = para_start + found
            end = start + len(piece_stripped)
            cursor = found + len(piece_stripped)
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out
