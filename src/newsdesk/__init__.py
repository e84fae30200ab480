"""newsdesk: turn a stream of news articles into briefings a reader can trust."""

__version__ = "0.1.0"
