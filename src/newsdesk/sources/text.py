"""The ``text`` source reader: .txt and .md files, one article each.

The first non-empty line is the title (``#`` stripped for Markdown) and the rest the text; a
one-line file is all text. Text that is not UTF-8 is read in the encoding detected.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.encodings import decode_guess
from newsdesk.sources.records import record_to_article
from newsdesk.sources.registry import Document, Reader

__all__ = ["TextReader", "text_document"]

Item = RawArticle | Reject


class TextReader(Reader):
    """One article per plain-text or Markdown document."""

    extensions = (".txt", ".md")
    media_types = {"text/plain": ".txt", "text/markdown": ".md"}

    def read(self, doc: Document) -> Iterator[Item]:
        yield text_document(doc.data(), doc.label, markdown=doc.suffix == ".md")


def text_document(data: bytes, label: str, markdown: bool) -> Item:
    encoding = "utf-8"
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        guessed = decode_guess(data)
        if guessed is None:
            return Reject(label, f"not valid UTF-8 (byte {exc.start + 1}), nor any encoding")
        lines, encoding = guessed[0].splitlines(), guessed[1]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Reject(label, "empty file")
    title = lines[first].strip()
    if markdown:
        title = title.lstrip("#").strip()
    body = "\n".join(lines[first + 1 :])
    if not body.strip():  # a single line is the text, not a title
        item = record_to_article({"text": title}, label)
    else:
        item = record_to_article({"title": title, "text": body}, label)
    if isinstance(item, RawArticle):
        item.encoding = encoding
    return item
