"""Sources: files, records (JSON, CSV), feeds and pages, read into ``RawArticle`` records."""

from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.files import read_source

__all__ = ["Fetcher", "read_source"]
