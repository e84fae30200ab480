"""The LLM writer: evidence in, the model's prose out, every sentence with its citations.

1. selection: the writer it is handed as ``selector`` (the extractive writer, given by
   :func:`newsdesk.briefs.writers.make_writer`) chooses and groups the evidence sentences, at
   a generous word budget: several times the briefing's;
2. the prompt (:mod:`.prompt`) packs them to the backend's context size;
3. the answer comes from the response cache (the store's, keyed by a hash of backend, model
   and prompt) or from the backend, streamed to ``on_token`` when given;
4. the answer is read back (:mod:`newsdesk.citations`): paragraphs, sentences, citations in
   whatever form the model used; IDs not in the evidence are rejected (the sentence is left
   without them, for the verify stage to re-cite or drop); the first paragraph is the lead,
   one that opens "Overall" the close.

Each citation spans its whole article here; the verify stage maps it to the best supporting
span. The briefing's ``usage`` reports tokens used, seconds taken and whether it was cached.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import replace
from typing import Any

from newsdesk.briefing import Briefing, BriefSentence, Citation, Paragraph, SourceRef
from newsdesk.citations import strip_citations
from newsdesk.errors import InputError, LLMError, NotFoundError
from newsdesk.model import BriefRequest, Evidence, window_phrase
from newsdesk.store.base import CachedResponse
from newsdesk.text import split_sentences
from newsdesk.write.base import ResponseCache, Writer
from newsdesk.write.llm.backends.base import Backend, Completion, OnToken
from newsdesk.write.llm.prompt import build_prompt, strands_from_selection

EVIDENCE_FACTOR = 4  # evidence words offered per briefing word
_HEADING = re.compile(r"^\s*(#{1,6}\s|\*\*[^*]{1,60}\*\*\s*$)")


def cache_key(backend: Backend, messages: list[dict[str, str]], max_tokens: int) -> str:
    blob = json.dumps(
        {"backend": backend.describe(), "messages": messages, "max_tokens": max_tokens},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def parse_answer(
    text: str, allowed: set[str], footnotes: dict[int, str]
) -> tuple[list[Paragraph], list[str]]:
    """Paragraphs of generated sentences from a model's answer, and the IDs it invented."""
    invented: list[str] = []
    paragraphs: list[Paragraph] = []
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    for block in blocks:
        lines = [ln for ln in block.splitlines() if ln.strip() and not _HEADING.match(ln)]
        body = " ".join(ln.strip().lstrip("-*• ").strip() for ln in lines)
        if not body:
            continue
        clean, markers = strip_citations(body, footnotes)
        sents = split_sentences(clean)
        cited: list[list[str]] = [[] for _ in sents]
        for mk in markers:
            if not sents:
                break
            idx = max((i for i, s in enumerate(sents) if s.start < mk.pos), default=0)
            for i in mk.ids:
                if i not in allowed:
                    if i not in invented:
                        invented.append(i)
                elif i not in cited[idx]:
                    cited[idx].append(i)
            invented += [f"[{u}]" for u in mk.unknown if f"[{u}]" not in invented]
        out = [
            BriefSentence(s.text.strip(), "generated", [Citation(i, 0, 0) for i in ids])
            for s, ids in zip(sents, cited, strict=True)
            if re.search(r"\w", s.text)
        ]
        if out:
            paragraphs.append(Paragraph("strand", out))
    if paragraphs:
        paragraphs[0].role = "lead"
        last = paragraphs[-1]
        if len(paragraphs) > 1 and last.sentences[0].text.lower().startswith("overall"):
            last.role = "overall"
    return paragraphs, invented


class LLMWriter:
    """Writes with a chat backend; registered as the ``openai`` and ``llamacpp`` writers."""

    name = "llm"

    def __init__(
        self,
        backend: Backend,
        *,
        selector: Writer,
        cache: ResponseCache | None = None,
        use_cache: bool = True,
        on_token: OnToken | None = None,
        max_tokens: int | None = None,
    ) -> None:
        self.backend = backend
        self.name = backend.name
        self.selector = selector
        self.cache = cache
        self.use_cache = use_cache
        self.on_token = on_token
        self.max_tokens = max_tokens

    def _answer(self, messages: list[dict[str, str]], max_tokens: int) -> tuple[Completion, bool]:
        key = cache_key(self.backend, messages, max_tokens)
        if self.cache is not None and self.use_cache:
            hit = self.cache.llm_cache_get(key)
            if hit is not None:
                if self.on_token is not None:
                    self.on_token(hit.text)
                return Completion(
                    hit.text, hit.model, hit.prompt_tokens, hit.completion_tokens
                ), True
        done = self.backend.complete(messages, max_tokens=max_tokens, on_token=self.on_token)
        if self.cache is not None:
            self.cache.llm_cache_put(
                key,
                CachedResponse(done.model, done.text, done.prompt_tokens, done.completion_tokens),
            )
        return done, False

    def write(self, request: BriefRequest, evidence: Evidence) -> Briefing:
        if not evidence.docs:
            raise NotFoundError(
                f"no articles match {request.topic!r}{window_phrase(request.since, request.until)}"
            )
        started = time.monotonic()
        selection = self.selector.write(
            replace(request, words=request.words * EVIDENCE_FACTOR), evidence
        )
        strands = strands_from_selection(selection)
        max_tokens = self.max_tokens or max(256, int(request.words * 2.5))
        try:
            packed = build_prompt(
                request, strands, evidence.docs, context=self.backend.context, max_tokens=max_tokens
            )
        except ValueError as exc:
            raise InputError(f"--llm-context: {exc}") from exc
        done, cached = self._answer(packed.messages, max_tokens)
        footnotes = {n: i for n, i in enumerate(packed.ids, start=1)}
        allowed = {d.id for d in evidence.docs}
        paragraphs, invented = parse_answer(done.text, allowed, footnotes)
        if not paragraphs:
            raise LLMError(
                f"{self.backend.describe()}: the model's answer holds no sentence "
                f"({' '.join(done.text.split())[:80]!r})"
            )
        refs = {d.id: SourceRef(d.id, d.source, d.published, d.title, d.url) for d in evidence.docs}
        cited: list[str] = []
        for p in paragraphs:
            for s in p.sentences:
                cited += [c.id for c in s.citations if c.id not in cited]
        texts = {d.id: d.text for d in evidence.docs}
        for p in paragraphs:
            for s in p.sentences:
                for c in s.citations:
                    c.end = max(1, len(texts[c.id]))
        usage: dict[str, Any] = {
            "model": done.model,
            "prompt_tokens": done.prompt_tokens,
            "completion_tokens": done.completion_tokens,
            "tokens_estimated": done.estimated,
            "seconds": round(time.monotonic() - started, 2),
            "cached": cached,
            "evidence_sentences": sum(len(s.lines) for s in packed.strands),
            "rejected_ids": invented,
        }
        return Briefing(
            topic=request.topic,
            paragraphs=paragraphs,
            sources=[refs[i] for i in cited if i in refs],
            notice=selection.notice,
            since=request.since,
            until=request.until,
            writer=f"{self.backend.name}:{done.model}",
            usage=usage,
        )
