"""Briefings written anywhere, read back into sentences and citations for ``newsdesk verify``.

Three inputs:

* newsdesk's JSON (``newsdesk brief --format json``): paragraphs, sentences, kinds and spans;
* Markdown or plain text with citations in any form :mod:`newsdesk.citations` reads. Headings,
  quotes and an italic verification line are skipped; reading stops at a "Sources",
  "References" or "Left out by verification" heading. A sentence without citations takes the
  citations that close its paragraph (the paragraph style of the sample briefing); a closing
  synthesis ("Overall ...") without any cites everything the briefing cites.

Every sentence read from prose is a ``generated`` sentence citing whole articles; the verify
stage finds each cited article's best span.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from newsdesk.briefing import (
    Briefing,
    BriefSentence,
    Citation,
    Paragraph,
    Repair,
    SentenceKind,
    cite_ids,
)
from newsdesk.citations import strip_citations
from newsdesk.errors import InputError
from newsdesk.text import split_sentences
from newsdesk.verify.stage import META_LINE

_STOP_HEADINGS = re.compile(
    r"^#{1,6}\s*(sources|references|left out by verification)\b", re.IGNORECASE
)
_LABEL = re.compile(r"^\s*\*\*([^*]{1,40}?):?\*\*:?\s*")
_ESCAPE = re.compile(r"\\([\\*_\[\]<>`#+\-.!|(){}])")
_ITALIC = re.compile(r"^\*[^*].*[^*]\*[.!?]?$")
_BRACKETED = re.compile(r"\[([^\[\]]{1,80})\]")  # a writer's inserted name or date: "[on May 9]"
_EMPHASIS_AFTER_STOP = re.compile(r"([.!?])(\*+|_+)(?=\s|$)")
KINDS = ("extracted", "repaired", "templated", "generated")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs of a Markdown or text document, up to its sources heading."""
    paras: list[list[str]] = []
    cur: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if _STOP_HEADINGS.match(line):
            break
        skip = line.startswith(("#", ">", "---", "```")) or (
            len(line) > 2 and line[0] == line[-1] == "_" and line[1] != "_"
        )
        if not line or skip:
            if cur:
                paras.append(cur)
                cur = []
            continue
        cur.append(line)
    if cur:
        paras.append(cur)
    return paras


def _unbracket(text: str) -> tuple[str, list[Repair]]:
    """``text`` without the brackets of a writer's insertions ("[on May 9]"), and each
    insertion as a repair whose original is unknown (checked against the cited articles)."""
    out: list[str] = []
    repairs: list[Repair] = []
    pos = 0
    n = 0
    for m in _BRACKETED.finditer(text):
        out.append(text[pos : m.start()])
        n += m.start() - pos
        inner = m.group(1)
        if not re.fullmatch(r"[0-9a-f]{8}(?:\s*,\s*[0-9a-f]{8})*|\d+|unsupported:.*", inner):
            repairs.append(Repair("", inner, n))
        out.append(inner)
        n += len(inner)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), repairs


def parse_prose(text: str, where: str = "-") -> Briefing:
    """A briefing of generated sentences from Markdown or text with inline citations."""
    paragraphs: list[Paragraph] = []
    for lines in _blocks(text):
        body = " ".join(lines)
        role = "strand"
        label = None
        m = _LABEL.match(body)
        if m:
            label = m.group(1).strip()
            if label.lower() == "overall":
                role = "overall"
            body = body[m.end() :]
        # "*A line.* The next" is two sentences: the closing emphasis goes before the stop
        body = _EMPHASIS_AFTER_STOP.sub(r"\2\1", body)
        clean, markers = strip_citations(body)
        sents = split_sentences(clean)
        cited: list[list[str]] = [[] for _ in sents]
        for mk in markers:
            idx = max((i for i, s in enumerate(sents) if s.start < mk.pos), default=0)
            if sents:
                cited[idx] += [i for i in mk.ids if i not in cited[idx]]
        # uncited sentences take the citations that follow them in the paragraph
        nxt: list[str] = []
        for i in range(len(sents) - 1, -1, -1):
            if cited[i]:
                nxt = cited[i]
            else:
                cited[i] = list(nxt)
        out = []
        for s, ids in zip(sents, cited, strict=True):
            raw = s.text.strip()
            # newsdesk's templated lines are whole italic sentences: counts, not claims
            t, inserted = _unbracket(_unescape(raw).replace("*", ""))
            # (only newsdesk's lines about the briefing itself; any other italic line is a claim)
            meta = _ITALIC.match(raw) and META_LINE.match(t)
            kind: SentenceKind = "templated" if meta else "generated"
            if not re.search(r"\w", t):
                continue
            out.append(BriefSentence(t, kind, [Citation(i, 0, 0) for i in ids], repairs=inserted))
        if out:
            if out[0].text.lower().startswith("overall"):
                role = "overall"
            paragraphs.append(Paragraph(role, out, label))
    if not paragraphs:
        raise InputError(f"{where}: no sentences found")
    everything: list[str] = []
    for p in paragraphs:
        for bs in p.sentences:
            everything += [i for i in cite_ids(bs) if i not in everything]
    for p in paragraphs:
        for bs in p.sentences:
            if not bs.citations and p.role == "overall":
                bs.citations = [Citation(i, 0, 0) for i in everything]
    return Briefing(topic=None, paragraphs=paragraphs, sources=[], writer="unknown")


def _field(obj: Mapping[str, Any], key: str, where: str, kind: type) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind):
        raise InputError(f"{where}: field {key!r} is missing or not a {kind.__name__}")
    return value


def parse_json(data: Any, where: str = "-") -> Briefing:
    """A briefing from newsdesk's JSON (``newsdesk brief --format json``)."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object with 'paragraphs'")
    paragraphs = []
    for pi, p in enumerate(_field(data, "paragraphs", where, list)):
        here = f"{where}: paragraphs[{pi}]"
        if not isinstance(p, dict):
            raise InputError(f"{here}: expected an object")
        sents = []
        for si, s in enumerate(_field(p, "sentences", here, list)):
            at = f"{here}.sentences[{si}]"
            if not isinstance(s, dict):
                raise InputError(f"{at}: expected an object")
            kind: SentenceKind = s["kind"] if s.get("kind") in KINDS else "generated"
            cites = []
            for c in s.get("citations") or []:
                if not isinstance(c, dict) or not isinstance(c.get("id"), str):
                    raise InputError(f"{at}: a citation without an 'id'")
                start, end = c.get("start", 0), c.get("end", 0)
                if not isinstance(start, int) or not isinstance(end, int):
                    raise InputError(f"{at}: citation 'start'/'end' must be integers")
                cites.append(Citation(c["id"].lower(), start, end))
            sents.append(
                BriefSentence(_field(s, "text", at, str), kind, cites, repairs=_repairs(s))
            )
        if sents:
            paragraphs.append(Paragraph(str(p.get("role") or "strand"), sents, p.get("label")))
    if not paragraphs:
        raise InputError(f"{where}: no sentences found")
    return Briefing(
        topic=data.get("topic"), paragraphs=paragraphs, sources=[], writer=str(data.get("writer"))
    )


def parse_document(text: str, where: str = "-") -> Briefing:
    """JSON when the text is a JSON object, else Markdown or plain text."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{where}:{exc.lineno}: invalid JSON ({exc.msg}, column {exc.colno})"
            ) from exc
        return parse_json(data, where)
    return parse_prose(text, where)


def whole_article_spans(b: Briefing, texts: Mapping[str, str]) -> None:
    """Give citations read from prose (no span yet) the whole article as their span."""
    for s in b.sentences():
        for c in s.citations:
            if c.start == c.end == 0 and c.id in texts:
                c.end = max(1, len(texts[c.id]))


def _repairs(s: dict[str, Any]) -> list[Repair]:
    """A JSON sentence's repairs: ``repairs`` (with offsets), else the single leading ``repair``."""
    raw = s.get("repairs")
    if not isinstance(raw, list) or not raw:
        raw = [s["repair"]] if isinstance(s.get("repair"), dict) else []
    out = []
    for r in raw:
        if not isinstance(r, dict):
            continue
        at = r.get("at", 0)
        out.append(
            Repair(
                str(r.get("original", "")),
                str(r.get("replacement", "")),
                at if isinstance(at, int) and at >= 0 else 0,
            )
        )
    return out
