"""HTML fragments to plain text, one-line fields and derived titles, shared by the readers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newsdesk.text import clean_text

__all__ = ["derive_title", "html_to_text", "looks_like_markup", "one_line"]

_MARKUP = re.compile(
    r"</?(?:p|div|br|span|a|b|i|em|strong|ul|ol|li|h[1-6]|img|figure|blockquote|section|"
    r"article|table|tr|td)\b[^>]*>|&(?:amp|lt|gt|quot|nbsp|#\d+);",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer figure "
    "figcaption table tr pre hr dd dt dl aside main".split()
)
_SKIP_TAGS = frozenset("script style noscript template iframe svg head".split())


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds HTML tags or entities (a field that needs :func:`html_to_text`)."""
    return bool(_MARKUP.search(text))


_BLOCK_OPEN = re.compile(rf"<(?:{'|'.join(sorted(_BLOCK_TAGS))})\b", re.I)


class _TextOfHtml(HTMLParser):
    def __init__(self, keep_lines: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.keep_lines = keep_lines

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.keep_lines:
            # text with a few inline tags: its own line breaks and blank lines still count
            self.parts.append(re.sub(r"[^\S\n]+", " ", data))
        else:
            # source line breaks inside HTML are just spaces; paragraphs come from tags
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment: block elements become paragraphs, scripts are dropped.

    A fragment without any block element (plain or Markdown-like text with an inline
    ``<span>`` or ``<a>`` here and there) keeps its own line breaks, so a heading on a line of
    its own is not glued to the sentence after it."""
    parser = _TextOfHtml(keep_lines=not _BLOCK_OPEN.search(markup))
    parser.feed(markup)
    parser.close()
    return clean_text("".join(parser.parts))


def one_line(text: str) -> str:
    """A field (title, URL, author, outlet) as one clean line, markup removed."""
    if looks_like_markup(text):
        text = html_to_text(text)
    return " ".join(clean_text(text).split())


def derive_title(text: str, limit: int = 100) -> str:
    """A title for an article without one: its first line, cut at a word near ``limit``."""
    line = text.split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,;:") + "…"
