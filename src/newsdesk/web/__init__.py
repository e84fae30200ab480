"""The reading room (HTML) and the JSON API; see :mod:`newsdesk.web.app`."""

from newsdesk.web.app import create_app

__all__ = ["create_app"]
