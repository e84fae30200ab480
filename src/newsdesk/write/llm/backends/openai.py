"""An OpenAI-compatible chat-completions endpoint over HTTP (httpx).

Works with OpenAI and other hosted APIs, Ollama (``http://127.0.0.1:11434/v1``), vLLM and
llama.cpp's server. The key comes from the environment (``NEWSDESK_LLM_API_KEY``, else
``OPENAI_API_KEY``); local servers need none.

Failures are one-line :class:`~newsdesk.errors.LLMError` messages: the endpoint cannot be
reached, refuses the key (401/403), does not have the model (404, or a model list without it),
times out, or answers with something that is not a chat completion. 429 and 5xx answers are
retried with exponential backoff (``Retry-After`` honoured, capped), a bounded number of times.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx

from newsdesk.errors import LLMError
from newsdesk.write.llm.backends.base import Completion, Message, OnToken, estimate_tokens

KEY_VARS = ("NEWSDESK_LLM_API_KEY", "OPENAI_API_KEY")
DEFAULT_BASE_URL = "http://127.0.0.1:11434/v1"  # Ollama's OpenAI-compatible endpoint
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 10.0


def api_key_from_env() -> str | None:
    for var in KEY_VARS:
        value = os.environ.get(var, "").strip()
        if value:
            return value
    return None


def _error_message(resp: httpx.Response) -> str:
    """The server's own error text, on one line and short."""
    text = ""
    try:
        data = resp.json()
        err = data.get("error") if isinstance(data, dict) else None
        if isinstance(err, dict):
            text = str(err.get("message") or "")
        elif isinstance(err, str):
            text = err
        elif isinstance(data, dict) and "detail" in data:
            text = str(data["detail"])
    except (ValueError, AttributeError):
        text = resp.text
    text = " ".join(text.split())
    return text[:200]


class OpenAIBackend:
    """Chat completions from ``base_url`` (``.../v1``) with ``model``."""

    name = "openai"

    def __init__(
        self,
        model: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        context: int = 8192,
        temperature: float = 0.2,
        check_model: bool = True,
    ) -> None:
        if not model:
            raise LLMError("no model named: give --llm-model or the config key llm_model")
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key if api_key is not None else api_key_from_env()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.context = context
        self.temperature = temperature
        self._check_model = check_model
        self._checked = False
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            trust_env=False,
        )

    def describe(self) -> str:
        return f"openai {self.base_url} {self.model}"

    def close(self) -> None:
        self._client.close()

    # -- requests ------------------------------------------------------------------------------

    def _where(self) -> str:
        return f"LLM endpoint {self.base_url}"

    def _send(self, method: str, path: str, body: dict[str, Any] | None, stream: bool) -> Any:
        """The response (a context manager when ``stream``), after retries on 429/5xx."""
        url = f"{self.base_url}{path}"
        attempt = 0
        while True:
            try:
                req = self._client.build_request(method, url, json=body)
                resp = self._client.send(req, stream=stream)
            except httpx.ConnectError as exc:
                raise LLMError(f"cannot reach {self._where()} ({_reason(exc)})") from exc
            except httpx.TimeoutException as exc:
                raise LLMError(
                    f"{self._where()} did not answer within {self.timeout:g}s "
                    f"({type(exc).__name__})"
                ) from exc
            except httpx.HTTPError as exc:
                raise LLMError(f"{self._where()}: {type(exc).__name__}: {exc}") from exc
            if resp.status_code in RETRY_STATUSES and attempt < self.retries:
                wait = self._retry_after(resp, attempt)
                resp.close()
                attempt += 1
                time.sleep(wait)
                continue
            if resp.status_code >= 400:
                if stream:
                    resp.read()
                self._raise_for(resp, attempt)
            return resp

    def _retry_after(self, resp: httpx.Response, attempt: int) -> float:
        wait = self.backoff * (2**attempt)
        header = resp.headers.get("retry-after", "")
        try:
            wait = max(wait, float(header))
        except ValueError:
            pass
        return min(wait, MAX_BACKOFF)

    def _raise_for(self, resp: httpx.Response, attempts: int) -> None:
        code = resp.status_code
        msg = _error_message(resp)
        detail = f": {msg}" if msg else ""
        if code in (401, 403):
            hint = "" if self.api_key else f" (no key set: export {KEY_VARS[0]})"
            raise LLMError(f"{self._where()} refused the API key (HTTP {code}){hint}{detail}")
        if code == 404 and ("model" in msg.lower() or not msg):
            raise LLMError(f"model {self.model!r} not found at {self._where()} (HTTP 404){detail}")
        if code == 404:
            raise LLMError(
                f"{self._where()} has no chat-completions API (HTTP 404; the base URL usually "
                f"ends in /v1){detail}"
            )
        tries = f" after {attempts + 1} attempts" if attempts else ""
        raise LLMError(f"{self._where()} answered HTTP {code}{tries}{detail}")

    def _ensure_model(self) -> None:
        """Fail early and clearly when the endpoint lists its models and ours is not there."""
        if self._checked or not self._check_model:
            return
        self._checked = True
        try:
            resp = self._send("GET", "/models", None, stream=False)
        except LLMError as exc:
            text = str(exc)
            if "HTTP 404" in text or "HTTP 405" in text or "no chat-completions" in text:
                return  # no model list here: the completion call will tell
            raise
        try:
            data = resp.json().get("data")
            names = [str(m.get("id")) for m in data if isinstance(m, dict)]
        except (ValueError, AttributeError, TypeError):
            return
        if (
            names
            and self.model not in names
            and not any(n.split(":")[0] == self.model for n in names)
        ):
            shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
            raise LLMError(f"model {self.model!r} not found at {self._where()} (it has: {shown})")

    # -- the one method ------------------------------------------------------------------------

    def complete(
        self, messages: list[Message], *, max_tokens: int, on_token: OnToken | None = None
    ) -> Completion:
        self._ensure_model()
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": self.temperature,
            "stream": on_token is not None,
        }
        if on_token is None:
            resp = self._send("POST", "/chat/completions", body, stream=False)
            try:
                data = resp.json()
            except ValueError as exc:
                raise LLMError(
                    f"{self._where()} answered with something that is not JSON: "
                    f"{' '.join(resp.text.split())[:80]!r}"
                ) from exc
            return self._parse(data, messages)
        body["stream_options"] = {"include_usage": True}
        resp = self._send("POST", "/chat/completions", body, stream=True)
        try:
            return self._stream(resp, messages, on_token)
        except httpx.TimeoutException as exc:
            raise LLMError(f"{self._where()} stopped streaming for {self.timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise LLMError(f"{self._where()}: the stream broke ({type(exc).__name__})") from exc
        finally:
            resp.close()

    def _parse(self, data: Any, messages: list[Message]) -> Completion:
        try:
            text = data["choices"][0]["message"]["content"]
            if not isinstance(text, str):
                raise TypeError("content is not a string")
        except (KeyError, IndexError, TypeError) as exc:
            shown = " ".join(json.dumps(data)[:120].split())
            raise LLMError(
                f"{self._where()} answered without a chat completion ({exc}): {shown}"
            ) from exc
        usage = data.get("usage") if isinstance(data, dict) else None
        return _completion(text, str(data.get("model") or self.model), usage, messages)

    def _stream(
        self, resp: httpx.Response, messages: list[Message], on_token: OnToken
    ) -> Completion:
        parts: list[str] = []
        usage: dict[str, Any] | None = None
        model = self.model
        for payload in _sse_data(resp.iter_lines()):
            if payload == "[DONE]":
                break
            try:
                chunk = json.loads(payload)
            except ValueError as exc:
                raise LLMError(
                    f"{self._where()} streamed something that is not JSON: {payload[:80]!r}"
                ) from exc
            if not isinstance(chunk, dict):
                raise LLMError(f"{self._where()} streamed an unexpected chunk: {payload[:80]!r}")
            if chunk.get("error"):
                raise LLMError(f"{self._where()} failed mid-stream: {str(chunk['error'])[:160]}")
            if chunk.get("usage"):
                usage = chunk["usage"]
            model = str(chunk.get("model") or model)
            for choice in chunk.get("choices") or []:
                delta = (choice or {}).get("delta") or {}
                piece = delta.get("content")
                if isinstance(piece, str) and piece:
                    parts.append(piece)
                    on_token(piece)
        text = "".join(parts)
        if not text:
            raise LLMError(f"{self._where()} streamed no text")
        return _completion(text, model, usage, messages)


def _sse_data(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        line = line.strip()
        if line.startswith("data:"):
            yield line[5:].strip()


def _completion(text: str, model: str, usage: Any, messages: list[Message]) -> Completion:
    if isinstance(usage, dict) and isinstance(usage.get("prompt_tokens"), int):
        return Completion(
            text, model, int(usage["prompt_tokens"]), int(usage.get("completion_tokens") or 0)
        )
    prompt = sum(estimate_tokens(m.get("content", "")) for m in messages)
    return Completion(text, model, prompt, estimate_tokens(text), estimated=True)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename" in text.lower():
        return "unknown host"
    return " ".join(text.split())[:120]
