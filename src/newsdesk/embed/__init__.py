"""Sentence embeddings: the ``Embedder`` interface and the bundled all-MiniLM-L6-v2."""

from newsdesk.embed.minilm import Embedder, content_key, get_embedder

__all__ = ["Embedder", "content_key", "get_embedder"]
