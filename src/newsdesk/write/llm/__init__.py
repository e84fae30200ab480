"""LLM writers: the sample's prose from a chat model, every sentence cited and then verified.

``openai`` (any OpenAI-compatible endpoint) and ``llamacpp`` (a local GGUF file) are
registered as writers; both are :class:`~newsdesk.write.llm.writer.LLMWriter` over a backend
of :mod:`newsdesk.write.llm.backends`. The factories read the ``llm_*`` settings (config file,
``NEWSDESK_LLM_*`` environment, ``--llm-*`` flags), and take the response cache (the store) and
the ``selector``, the writer whose selection the model is shown; they are marked
``uses_settings``, so :func:`newsdesk.briefs.writers.make_writer` hands them all of it.
"""

from __future__ import annotations

from typing import Any

from newsdesk.config import Settings
from newsdesk.write.base import ResponseCache, Writer
from newsdesk.write.llm.writer import LLMWriter


def openai_writer(
    settings: Settings | None = None,
    cache: ResponseCache | None = None,
    *,
    selector: Writer,
    **options: Any,
) -> LLMWriter:
    from newsdesk.write.llm.backends.openai import DEFAULT_BASE_URL, OpenAIBackend

    s = settings
    backend = OpenAIBackend(
        options.pop("model", None) or (s.llm_model if s else ""),
        base_url=options.pop("base_url", None) or (s.llm_base_url if s else "") or DEFAULT_BASE_URL,
        api_key=options.pop("api_key", None),
        timeout=options.pop("timeout", None) or (s.llm_timeout if s else 120.0),
        context=options.pop("context", None) or (s.llm_context if s else 8192),
        retries=options.pop("retries", None) or (s.llm_retries if s else 3),
        backoff=options.pop("backoff", 0.5),
    )
    return LLMWriter(backend, selector=selector, cache=cache, **options)


def llamacpp_writer(
    settings: Settings | None = None,
    cache: ResponseCache | None = None,
    *,
    selector: Writer,
    **options: Any,
) -> LLMWriter:
    from newsdesk.write.llm.backends.llamacpp import LlamaCppBackend

    s = settings
    backend = LlamaCppBackend(
        options.pop("model", None) or (s.llm_model if s else ""),
        context=options.pop("context", None) or (s.llm_context if s else 4096),
    )
    return LLMWriter(backend, selector=selector, cache=cache, **options)


# make_writer hands these factories the settings, the store (the response cache) and a selector.
openai_writer.uses_settings = True  # type: ignore[attr-defined]
llamacpp_writer.uses_settings = True  # type: ignore[attr-defined]

__all__ = ["LLMWriter", "llamacpp_writer", "openai_writer"]
