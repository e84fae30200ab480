"""Stable article IDs.

An article's key is the SHA-256 of its canonical URL or, without a URL, of its normalised title and
text. Its ID is the first 8 hex digits of the key; when a different article already holds that
prefix, the newcomer's ID grows to 10, 12, ... digits, as git's short hashes do.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsdesk.text import normalize_for_hash

SHORT_ID_LEN = 8

# Query parameters that only track the reader and never change the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs")
_TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "mkt_tok",
    "_ga",
    "_gl",
    "ocid",
    "cmpid",
    "smid",
    "ncid",
    "sr_share",
    "spm",
    "share",
    "ref_src",
    "at_medium",
    "at_campaign",
    "cid",
    "s_cid",
    "trk",
    "trkcampaign",
}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, default port and tracking parameters removed,
    remaining query parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets, so the result parses again
        host = f"[{host}]"
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower() in _TRACKING_NAMES or k.lower().startswith(_TRACKING_PREFIXES))
    ]
    query.sort()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def strip_credentials(url: str) -> str:
    """``url`` without a ``user:password@`` part (never stored or shown); unchanged otherwise."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def article_key(url: str | None, title: str, text: str, normalized: str | None = None) -> str:
    """Full SHA-256 hex digest identifying an article. ``normalized`` is
    ``normalize_for_hash(text)`` when the caller has it already."""
    if url:
        basis = "url\x00" + canonical_url(url)
    else:
        norm = normalize_for_hash(text) if normalized is None else normalized
        basis = "text\x00" + normalize_for_hash(title) + "\x00" + norm
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def text_hash(title: str, text: str, normalized: str | None = None) -> str:
    """SHA-256 of the normalised text, for exact-duplicate detection across URLs
    (``normalized`` as for ``article_key``)."""
    del title  # the same story under a new headline is still the same text
    norm = normalize_for_hash(text) if normalized is None else normalized
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def short_id(key: str, taken: set[str] | None = None, length: int = SHORT_ID_LEN) -> str:
    """The shortest ID of ``length``, ``length + 2``, ... digits that is not in ``taken``."""
    n = length
    while taken and key[:n] in taken and n < len(key):
        n += 2
    return key[:n]
