"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for the LLM tests.

The model name picks the behaviour; every answer is built from the evidence in the prompt, so
the citations are real article IDs of the test store:

    good         the evidence's own sentences, each cited to its article; an "Overall" close
    miscite      as good, but the second sentence cites another evidence article
    hallucinate  as good, plus a sentence whose number is not in any article
    footnotes    as good, citing by the prompt's article numbers: [1], [2, 3]
    invented     as good, but one sentence cites an ID that is not in the evidence
    inject       as good; records whether the prompt kept the article text quoted
    slow         answers after ``slow_seconds``
    flaky        429 (with Retry-After: 0) on the first two requests, then as good
    busy         always 503
    malformed    200 with a body that is not JSON
    nochoices    200 with JSON that has no choices

``api_key`` set: requests without ``Authorization: Bearer <api_key>`` get 401. ``/v1/models``
lists every name above. Streaming (``"stream": true``) answers as server-sent events.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODELS = (
    "good", "miscite", "hallucinate", "footnotes", "invented", "inject", "slow", "flaky", "busy",
    "malformed", "nochoices",
)  # fmt: skip
EVIDENCE_LINE = re.compile(r'^- \[([0-9a-f]{8})\] \((.*?)\): (".*")$')
ARTICLE_LINE = re.compile(r"^(\d+)\. \[([0-9a-f]{8})\]")


def evidence(prompt: str) -> list[tuple[str, str]]:
    """(id, sentence) of every evidence line of the prompt, in order."""
    out = []
    for line in prompt.splitlines():
        m = EVIDENCE_LINE.match(line.strip())
        if m:
            out.append((m.group(1), json.loads(m.group(3))))
    return out


def numbers(prompt: str) -> dict[str, int]:
    return {
        m.group(2): int(m.group(1))
        for m in (ARTICLE_LINE.match(ln.strip()) for ln in prompt.splitlines())
        if m
    }


def answer(model: str, prompt: str) -> str:
    ev = [(i, t) for i, t in evidence(prompt) if t.rstrip().endswith(".")][:6]
    if not ev:
        return "No evidence."
    ids = list(dict.fromkeys(i for i, _ in ev))
    sents = [(t, [i]) for i, t in ev]
    if model == "miscite":
        other = next((i for i in ids if i != ev[1][0]), None) if len(ev) > 1 else None
        if other:
            sents[1] = (ev[1][1], [other])
    if model == "invented":
        sents[0] = (sents[0][0], ["0badc0de"])
    num = numbers(prompt)

    def cite(ids_: list[str]) -> str:
        if model == "footnotes":
            return "[" + ", ".join(str(num[i]) for i in ids_) + "]"
        return "(" + ", ".join(f"[{i}]" for i in ids_) + ")"

    lines = [f"{t.rstrip('.')} {cite(c)}." for t, c in sents]
    if model == "hallucinate":
        lines.insert(2, f"Officials said the toll reached 987,654 people {cite([ids[0]])}.")
    lead, rest = lines[:2], lines[2:]
    close = f"Overall, {ev[0][1][0].lower()}{ev[0][1][1:].rstrip('.')} {cite(ids[:2])}."
    return " ".join(lead) + "\n\n" + " ".join(rest) + "\n\n" + close


class ScriptedLLM:
    """Start with ``with ScriptedLLM() as srv:``; ``srv.base_url`` ends in ``/v1``."""

    def __init__(self, api_key: str | None = None, slow_seconds: float = 3.0) -> None:
        self.api_key = api_key
        self.slow_seconds = slow_seconds
        self.requests: list[dict[str, Any]] = []
        self.flaky_left = 2
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        srv = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
                body = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _authorised(self) -> bool:
                if srv.api_key is None:
                    return True
                if self.headers.get("Authorization") == f"Bearer {srv.api_key}":
                    return True
                self._json(401, {"error": {"message": "Incorrect API key provided"}})
                return False

            def do_GET(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                if self.path.rstrip("/") == "/v1/models":
                    self._json(200, {"data": [{"id": m, "object": "model"} for m in MODELS]})
                else:
                    self._json(404, {"error": {"message": "no such route"}})

            def do_POST(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._json(404, {"error": {"message": "no such route"}})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with srv._lock:
                    srv.requests.append(body)
                model = body.get("model")
                if model not in MODELS:
                    self._json(404, {"error": {"message": f"model '{model}' not found"}})
                    return
                if model == "slow":
                    srv._stop.wait(srv.slow_seconds)
                if model == "busy":
                    self._json(503, {"error": {"message": "server overloaded"}})
                    return
                if model == "flaky":
                    with srv._lock:
                        left = srv.flaky_left
                        srv.flaky_left -= 1
                    if left > 0:
                        self._json(429, {"error": {"message": "slow down"}}, {"Retry-After": "0"})
                        return
                if model == "malformed":
                    data = b"<html>Bad gateway</html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if model == "nochoices":
                    self._json(200, {"id": "x", "object": "chat.completion", "choices": []})
                    return
                prompt = "\n".join(m.get("content", "") for m in body.get("messages", []))
                text = answer(str(model), prompt)
                usage = {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(text) // 4}
                if not body.get("stream"):
                    self._json(
                        200,
                        {
                            "id": "chatcmpl-1",
                            "object": "chat.completion",
                            "model": model,
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": text},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": usage,
                        },
                    )
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = re.findall(r"\S+\s*", text)
                for k in range(0, len(words), 5):
                    chunk = {
                        "model": model,
                        "choices": [{"index": 0, "delta": {"content": "".join(words[k : k + 5])}}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(0.001)
                final = {"model": model, "choices": [], "usage": usage}
                self.wfile.write(f"data: {json.dumps(final)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

        return Handler
