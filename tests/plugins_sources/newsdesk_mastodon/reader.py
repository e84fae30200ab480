"""Read a Mastodon-style JSON timeline (``GET /api/v1/timelines/public``) into articles.

Registered in the ``newsdesk.sources`` entry-point group as ``mastodon``, it owns the
``mastodon+http://`` and ``mastodon+https://`` URL schemes: newsdesk fetches the http(s) URL
behind the prefix (SSRF guard, size and time limits, conditional GET when watched) and hands
the body to :meth:`MastodonReader.read`. Options come from the ``[source.mastodon]`` table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from newsdesk.model import RawArticle, Reject
from newsdesk.sources.records import record_to_article
from newsdesk.sources.registry import Document, Reader


class MastodonReader(Reader):
    """One article per status of a timeline (an array of status objects)."""

    schemes = ("mastodon",)

    def __init__(self, outlet: str | None = None, replies: bool = False) -> None:
        if outlet is not None and not isinstance(outlet, str):
            raise ValueError(f"outlet: expected a string, got {outlet!r}")
        if not isinstance(replies, bool):
            raise ValueError(f"replies: expected true or false, got {replies!r}")
        self.outlet = outlet
        self.replies = replies

    def read(self, doc: Document) -> Iterator[RawArticle | Reject]:
        try:
            statuses = json.loads(doc.data())
        except (ValueError, UnicodeDecodeError) as exc:
            yield Reject(doc.label, f"not a Mastodon timeline (invalid JSON: {exc})")
            return
        if not isinstance(statuses, list):
            yield Reject(doc.label, "not a Mastodon timeline (expected a JSON array)")
            return
        host = urlsplit(doc.url or "").hostname or "mastodon"
        for n, status in enumerate(statuses, 1):
            where = f"{doc.label}#{n}"  # the n-th status of the response
            if not isinstance(status, dict):
                yield Reject(where, "not a status object")
                continue
            status = status.get("reblog") or status  # a boost: read the boosted status
            if status.get("in_reply_to_id") and not self.replies:
                continue
            yield record_to_article(self._record(status, host), where)

    def _record(self, status: dict[str, Any], host: str) -> dict[str, Any]:
        account = status.get("account") or {}
        return {
            "text": status.get("content") or "",  # HTML: newsdesk strips the markup
            "url": status.get("url") or status.get("uri"),
            "published": status.get("created_at"),
            "author": account.get("display_name") or account.get("acct"),
            "outlet": self.outlet or host,
        }
