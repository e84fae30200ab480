"""Every writer is built here: the engine, ``newsdesk brief`` and the web API all call
:func:`make_writer`.

A writer's factory is found by name in the registry (:mod:`newsdesk.plugins`). A plain factory
gets only the ``options`` its caller gives. A factory marked ``uses_settings`` (the model
writers of :mod:`newsdesk.write.llm`) writes from another writer's selection and talks to a
model, so it also gets:

* ``settings``: the :class:`~newsdesk.config.Settings` (endpoint, model, context, timeout);
* ``cache``: the response cache (the store), and ``use_cache``: whether to read it;
* ``on_token``: called with each piece of the model's draft as it streams, or None;
* ``selector``: the writer that picks and groups the evidence sentences the model is shown
  (unless the caller gives one, the extractive writer, built here too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsdesk import plugins
from newsdesk.config import Settings
from newsdesk.write.base import ResponseCache, Writer

SELECTOR = "extractive"  # the writer whose selection a model writer is shown


def make_writer(
    name: str | None = None,
    settings: Settings | None = None,
    *,
    cache: ResponseCache | None = None,
    use_cache: bool = True,
    on_token: Callable[[str], None] | None = None,
    **options: Any,
) -> Writer:
    """The writer registered as ``name`` (default: the settings' writer, else extractive)."""
    name = name or (settings.writer if settings else SELECTOR)
    factory = plugins.get("writer", name)
    if not getattr(factory, "uses_settings", False):
        writer: Writer = factory(**options)
        return writer
    if options.get("selector") is None:
        options["selector"] = make_writer(SELECTOR)
    model_writer: Writer = factory(
        settings=settings, cache=cache, use_cache=use_cache, on_token=on_token, **options
    )
    return model_writer
