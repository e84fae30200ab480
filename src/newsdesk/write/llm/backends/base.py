"""The backend interface: a list of chat messages in, one completion out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": str}
OnToken = Callable[[str], None]


@dataclass
class Completion:
    """What a model answered, and what it cost."""

    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False  # token counts estimated (the endpoint did not report usage)


@runtime_checkable
class Backend(Protocol):
    """A chat model. ``context`` is its context size in tokens (what the prompt is packed to)."""

    name: str
    model: str
    context: int

    def complete(
        self, messages: list[Message], *, max_tokens: int, on_token: OnToken | None = None
    ) -> Completion:
        """The model's answer; ``on_token`` receives the text as it streams (if given)."""
        ...

    def describe(self) -> str:
        """What a cache key and a message name this backend by, e.g. the endpoint and model."""
        ...


def estimate_tokens(text: str) -> int:
    """About four characters a token for English: the budget and a fallback count."""
    return max(1, (len(text) + 3) // 4)
