"""A local GGUF model through llama-cpp-python (``pip install 'newsdesk[local]'``).

llama_cpp is imported on first use, so newsdesk works without it until this backend is chosen.
The model file is loaded once per backend; its chat template formats the messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsdesk.errors import DependencyError, InputError, LLMError
from newsdesk.write.llm.backends.base import Completion, Message, OnToken, estimate_tokens


class LlamaCppBackend:
    """Chat completions from a GGUF file on disk."""

    name = "llamacpp"

    def __init__(
        self, model_path: str, *, context: int = 4096, temperature: float = 0.2, threads: int = 2
    ) -> None:
        if not model_path:
            raise InputError("no GGUF file named: give --llm-model PATH or llm_model in config")
        path = Path(model_path).expanduser()
        if not path.is_file():
            raise InputError(f"{path}: no such GGUF model file")
        self.path = path
        self.model = path.name
        self.context = context
        self.temperature = temperature
        self.threads = threads
        self._llm: Any = None

    def describe(self) -> str:
        return f"llamacpp {self.path}"

    def _load(self) -> Any:
        if self._llm is None:
            try:
                import llama_cpp
            except ImportError as exc:
                raise DependencyError(
                    "the llamacpp writer needs llama-cpp-python: pip install 'newsdesk[local]'"
                ) from exc
            try:
                self._llm = llama_cpp.Llama(
                    model_path=str(self.path),
                    n_ctx=self.context,
                    n_threads=self.threads,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"{self.path}: cannot load the model ({exc})") from exc
        return self._llm

    def complete(
        self, messages: list[Message], *, max_tokens: int, on_token: OnToken | None = None
    ) -> Completion:
        llm = self._load()
        try:
            if on_token is None:
                out = llm.create_chat_completion(
                    messages=messages, max_tokens=max_tokens, temperature=self.temperature
                )
                text = out["choices"][0]["message"]["content"] or ""
                usage = out.get("usage") or {}
                return Completion(
                    text,
                    self.model,
                    int(usage.get("prompt_tokens") or 0),
                    int(usage.get("completion_tokens") or 0),
                )
            parts: list[str] = []
            for chunk in llm.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=self.temperature, stream=True
            ):
                piece = (chunk["choices"][0].get("delta") or {}).get("content")
                if piece:
                    parts.append(piece)
                    on_token(piece)
        except (ValueError, RuntimeError, KeyError, IndexError) as exc:
            raise LLMError(f"{self.path}: generation failed ({exc})") from exc
        text = "".join(parts)
        prompt = sum(estimate_tokens(m.get("content", "")) for m in messages)
        return Completion(text, self.model, prompt, estimate_tokens(text), estimated=True)
