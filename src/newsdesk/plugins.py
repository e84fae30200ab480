"""The registry: every swappable stage is found by name, through Python entry points.

Five kinds of stage can be extended, each an entry-point group::

    newsdesk.stores      a URL scheme -> a factory ``(url: str, **options) -> Store``
    newsdesk.embedders   a model name -> a factory ``(name: str) -> Embedder``
    newsdesk.writers     a writer name -> a factory ``(**options) -> Writer``
    newsdesk.pages       a page name -> a FastAPI ``APIRouter`` the web app includes
    newsdesk.sources     a reader name -> a factory ``(**options) -> Reader``
                         (see :mod:`newsdesk.sources.registry`)

newsdesk's own implementations are declared in its ``pyproject.toml`` under the same groups, so
a third-party package registers a writer exactly as the built-in one is registered::

    [project.entry-points."newsdesk.writers"]
    mywriter = "my_package.writer:MyWriter"

Writers are built only by :func:`newsdesk.briefs.writers.make_writer` (the engine, the CLI and
the web all go through it), which says what a writer factory is given.

``BUILTINS`` mirrors those declarations for a source tree run without installed metadata (a
test checks that the two agree). ``register`` adds an implementation at run time (tests do).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from newsdesk.errors import DependencyError, InputError

GROUPS = {
    "store": "newsdesk.stores",
    "embedder": "newsdesk.embedders",
    "writer": "newsdesk.writers",
    "page": "newsdesk.pages",
    "source": "newsdesk.sources",
}

BUILTINS: dict[str, dict[str, str]] = {
    "store": {
        "sqlite": "newsdesk.store.sqlite:open_sqlite_store",
        "postgresql": "newsdesk.store.postgres:open_postgres_store",
        "postgres": "newsdesk.store.postgres:open_postgres_store",
    },
    "embedder": {
        "all-MiniLM-L6-v2": "newsdesk.embed.minilm:get_embedder",
        "all-MiniLM-L6-v2-int8": "newsdesk.embed.minilm:get_embedder",
    },
    "writer": {
        "extractive": "newsdesk.write.extractive:ExtractiveWriter",
        "openai": "newsdesk.write.llm:openai_writer",
        "llamacpp": "newsdesk.write.llm:llamacpp_writer",
    },
    "page": {
        "reading-room": "newsdesk.web.routes_pages:router",
    },
    "source": {
        "feeds": "newsdesk.sources.feeds:FeedReader",
        "pages": "newsdesk.sources.pages:PageReader",
        "records": "newsdesk.sources.records:RecordReader",
        "text": "newsdesk.sources.text:TextReader",
    },
}

_runtime: dict[str, dict[str, Callable[..., Any]]] = {kind: {} for kind in GROUPS}


def _check_kind(kind: str) -> None:
    if kind not in GROUPS:
        raise ValueError(f"unknown plugin kind {kind!r}; expected one of {', '.join(GROUPS)}")


def register(kind: str, name: str, factory: Callable[..., Any]) -> None:
    """Make ``factory`` available as ``name`` for this process (overrides an entry point)."""
    _check_kind(kind)
    _runtime[kind][name] = factory


def unregister(kind: str, name: str) -> None:
    _check_kind(kind)
    _runtime[kind].pop(name, None)


def _declared(kind: str) -> dict[str, str]:
    """``{name: "module:attr"}`` from installed entry points, built-ins as the fallback."""
    found = dict(BUILTINS[kind])
    for ep in entry_points(group=GROUPS[kind]):
        found[ep.name] = ep.value
    return found


def names(kind: str) -> list[str]:
    """Every name registered for ``kind``, sorted."""
    _check_kind(kind)
    return sorted(set(_declared(kind)) | set(_runtime[kind]))


def _load_target(target: str) -> Callable[..., Any]:
    module, _, attr = target.partition(":")
    try:
        obj: Any = importlib.import_module(module)
    except ImportError as exc:
        raise DependencyError(f"cannot load {target} ({exc})") from exc
    for part in attr.split("."):
        if not part:
            continue
        try:
            obj = getattr(obj, part)
        except AttributeError as exc:
            raise DependencyError(f"cannot load {target}: no {part!r}") from exc
    return obj  # type: ignore[no-any-return]


def is_builtin(kind: str, name: str) -> bool:
    """Whether ``name`` is newsdesk's own implementation (not replaced by a plug-in)."""
    _check_kind(kind)
    return name not in _runtime[kind] and _declared(kind).get(name) == BUILTINS[kind].get(name)


def get(kind: str, name: str) -> Callable[..., Any]:
    """The factory registered as ``name``; :class:`InputError` naming the choices if none."""
    _check_kind(kind)
    if name in _runtime[kind]:
        return _runtime[kind][name]
    declared = _declared(kind)
    if name not in declared:
        known = ", ".join(names(kind)) or "none"
        raise InputError(f"unknown {kind} {name!r} (available: {known})")
    return _load_target(declared[name])
