"""An example newsdesk source plug-in: the public timeline of a Mastodon-style server."""

from newsdesk_mastodon.reader import MastodonReader

__all__ = ["MastodonReader"]
