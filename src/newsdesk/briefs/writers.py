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

Options also come from the config file's ``[writer.<name>]`` table (``Settings.writer_options``);
the caller's own options win over them. A plug-in writer gets its table's keys as they are (it
says what it accepts); a built-in writer's table may hold only the keys in ``BUILTIN_OPTIONS``,
so a misspelt one is refused rather than ignored.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from newsdesk import plugins
from newsdesk.config import Settings
from newsdesk.errors import InputError
from newsdesk.write.base import ResponseCache, Writer

SELECTOR = "extractive"  # the writer whose selection a model writer is shown
_MODEL_BACKEND = {"model", "context", "max_tokens"}


def _extractive_options() -> set[str]:
    from newsdesk.write.extractive.settings import BriefConfig

    return {f.name for f in fields(BriefConfig)} - {"select"}


# The keys a built-in writer's ``[writer.<name>]`` table may hold (what its factory takes).
BUILTIN_OPTIONS: dict[str, Callable[[], set[str]]] = {
    "extractive": _extractive_options,
    "openai": lambda: _MODEL_BACKEND | {"base_url", "timeout", "retries", "backoff"},
    "llamacpp": lambda: set(_MODEL_BACKEND),
}


def _parameters(factory: Callable[..., Any]) -> set[str] | None:
    """The keyword options ``factory`` names, or None if it takes any (``**options``)."""
    try:
        params = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {p.name for p in params if p.kind in kinds}


def configured_options(
    name: str, settings: Settings | None, factory: Callable[..., Any]
) -> dict[str, Any]:
    """The ``[writer.<name>]`` table from the config file. InputError on a key the writer does
    not take: for a built-in writer, one outside ``BUILTIN_OPTIONS``; for a plug-in, one its
    factory does not name (a factory with ``**options`` takes every key)."""
    table = dict(settings.writer_options.get(name, {})) if settings else {}
    if not table:
        return table
    if name in BUILTIN_OPTIONS and plugins.is_builtin("writer", name):
        known: set[str] | None = BUILTIN_OPTIONS[name]()
    else:
        known = _parameters(factory)
    unknown = sorted(set(table) - known) if known is not None else []
    if unknown:
        takes = ", ".join(sorted(known or ())) or "no options"
        raise InputError(f"config [writer.{name}]: unknown option {unknown[0]!r} "
                         f"(the {name} writer takes: {takes})")
    return table


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
    options = {**configured_options(name, settings, factory), **options}
    if not getattr(factory, "uses_settings", False):
        writer: Writer = factory(**options)
        return writer
    if options.get("selector") is None:
        options["selector"] = make_writer(SELECTOR, settings)
    model_writer: Writer = factory(
        settings=settings, cache=cache, use_cache=use_cache, on_token=on_token, **options
    )
    return model_writer
