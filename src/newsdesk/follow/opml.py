"""OPML subscription lists: read with listparser, written with ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from newsdesk.errors import DependencyError, InputError


@dataclass
class Subscription:
    url: str
    name: str | None


def read_opml(data: bytes, where: str) -> list[Subscription]:
    """The feeds an OPML document lists (nested outlines included); InputError when it is not
    OPML or lists none."""
    try:
        import listparser
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DependencyError("OPML needs listparser: pip install listparser") from exc
    parsed = listparser.parse(data)
    feeds = parsed.get("feeds") or []
    if not feeds:
        raise InputError(f"{where}: no feeds found (not an OPML subscription list?)")
    out = []
    for f in feeds:
        url = str(f.get("url") or "").strip()
        if url:
            out.append(Subscription(url, str(f.get("title") or "").strip() or None))
    return out


def write_opml(sources: list[dict[str, Any]], title: str = "newsdesk sources") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for s in sources:
        name = s.get("name") or s["url"]
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=s["url"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
