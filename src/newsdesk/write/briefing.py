"""A briefing as data, and its three renderings: Markdown, a standalone HTML page, and JSON.

Conventions of the renderings:

* every sentence is followed by its citations, ``([id])`` or ``([id1], [id2])``;
* a sentence's ``text`` is its article span verbatim, so it may hold the line breaks of a
  hard-wrapped source; Markdown and HTML show them as spaces, JSON keeps them;
* a templated sentence (built by newsdesk from counts, dates, outlets and strands rather than
  extracted from an article) is set in italics in Markdown and HTML (``<em class="templated">``)
  and carries ``"kind": "templated"`` in JSON;
* a repaired sentence (a leading "He"/"She" replaced by the name the previous sentence of the
  same article gives) shows the inserted name in square brackets, the editor's convention, e.g.
  ``[Maria Lopez] said ...``; JSON keeps the plain text and a ``repair`` object
  ``{"original": "She", "replacement": "Maria Lopez"}`` so a verifier can rebuild the source
  span: ``span == original + text[len(replacement):]``;
* the "Overall" paragraph opens with a bold "Overall:" label in Markdown and HTML (unless its
  sentence already opens with "Overall"); the label is not part of any sentence's text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Repair:
    """A leading pronoun replaced by the name it refers to.

    The brief sentence's text is ``replacement + source[len(original):]`` where ``source`` is
    the cited span; a verifier checks ``source.startswith(original)`` and that equality.
    """

    original: str
    replacement: str


@dataclass
class Citation:
    """One supporting span: ``article.text[start:end]`` of the article with this ID."""

    id: str
    start: int
    end: int


@dataclass
class BriefSentence:
    """A sentence of the briefing.

    ``kind`` is ``"extracted"`` (the text is the cited span of the first citation, verbatim,
    unless ``repair`` is set) or ``"templated"`` (built from verifiable facts; its citations,
    if any, point at the articles the facts were counted from).
    """

    text: str
    kind: str  # "extracted" | "templated"
    citations: list[Citation] = field(default_factory=list)
    repair: Repair | None = None


@dataclass
class Paragraph:
    """A paragraph: the lead, one strand, or the overall close."""

    role: str  # "lead" | "strand" | "overall"
    sentences: list[BriefSentence]
    label: str | None = None


@dataclass
class SourceRef:
    """One article in the Sources list."""

    id: str
    source: str | None
    published: str | None
    title: str
    url: str | None


@dataclass
class Briefing:
    """A whole briefing: paragraphs of cited sentences and the sources they cite."""

    topic: str | None
    paragraphs: list[Paragraph]
    sources: list[SourceRef]
    notice: str | None = None
    since: str | None = None
    until: str | None = None

    def sentences(self) -> list[BriefSentence]:
        """All sentences in reading order."""
        return [s for p in self.paragraphs for s in p.sentences]

    def text(self) -> str:
        """The prose alone (no citations, labels or sources), one paragraph a line."""
        return "\n".join(" ".join(s.text for s in p.sentences) for p in self.paragraphs)

    def word_count(self) -> int:
        """Words of extracted and templated text, the measure of the word budget."""
        return sum(len(s.text.split()) for s in self.sentences())


def _date(value: str | None) -> str:
    return (value or "")[:10]


def _needs_label(p: Paragraph) -> bool:
    """The close gets an "Overall:" label unless its sentence already opens with "Overall"."""
    if p.role != "overall":
        return False
    first = p.sentences[0].text if p.sentences else ""
    return not first.lower().startswith((p.label or "overall").lower())


def _cite_ids(s: BriefSentence) -> list[str]:
    seen: list[str] = []
    for c in s.citations:
        if c.id not in seen:
            seen.append(c.id)
    return seen


# --------------------------------------------------------------------------------------------
# Markdown


def _md_escape(text: str) -> str:
    # Only what would change the meaning of prose in Markdown: emphasis, links, HTML.
    for ch in ("\\", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def _flat(text: str) -> str:
    """Line breaks of a hard-wrapped source shown as spaces (the JSON keeps them verbatim)."""
    return " ".join(text.split())


def _md_sentence(s: BriefSentence) -> str:
    if s.repair is not None:
        rest = _flat(s.text)[len(s.repair.replacement) :]
        body = f"\\[{_md_escape(s.repair.replacement)}\\]{_md_escape(rest)}"
    else:
        body = _md_escape(_flat(s.text))
    if s.kind == "templated":
        body = f"*{body}*"
    ids = _cite_ids(s)
    if ids:
        body += " (" + ", ".join(f"[{i}]" for i in ids) + ")"
    return body


def render_markdown(b: Briefing) -> str:
    """The sample's form: prose paragraphs with ``([id])`` citations, then a Sources list."""
    out: list[str] = []
    if b.topic:
        out.append(f"# {_md_escape(b.topic)}")
        out.append("")
    if b.notice:
        out.append(f"> {_md_escape(b.notice)}")
        out.append("")
    for p in b.paragraphs:
        text = " ".join(_md_sentence(s) for s in p.sentences)
        if _needs_label(p):
            text = f"**{_md_escape(p.label or 'Overall')}:** {text}"
        out.append(text)
        out.append("")
    if b.sources:
        out.append("## Sources")
        out.append("")
        for src in b.sources:
            parts = [f"[{src.id}]", _md_escape(src.source or "unknown outlet")]
            if src.published:
                parts.append(_date(src.published))
            parts.append(f'"{_md_escape(src.title)}"' if src.title else "(untitled)")
            line = "- " + ", ".join(parts)
            if src.url:
                line += f" <{src.url}>"
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------------------------
# HTML

_CSS = """
body{font-family:Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.55;
color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.notice{background:#fff6d6;border-left:4px solid #e0b400;padding:.5rem .8rem}
.cite{font-size:.85em;white-space:nowrap}.cite a{text-decoration:none}
em.templated{color:#444}.repair{color:#555}
ol.sources{font-size:.9rem;padding-left:1.2rem}ol.sources li{margin:.3rem 0}
code{font-size:.85em}
""".strip()


def _h(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _html_sentence(s: BriefSentence, urls: dict[str, str | None]) -> str:
    if s.repair is not None:
        rest = _flat(s.text)[len(s.repair.replacement) :]
        body = f'<span class="repair">[{_h(s.repair.replacement)}]</span>{_h(rest)}'
    else:
        body = _h(_flat(s.text))
    if s.kind == "templated":
        body = f'<em class="templated">{body}</em>'
    ids = _cite_ids(s)
    if ids:
        links = []
        for i in ids:
            href = urls.get(i) or f"#src-{i}"
            links.append(f'[<a href="{_h(href)}" title="source {_h(i)}">{_h(i)}</a>]')
        body += f' <span class="cite">({", ".join(links)})</span>'
    return body


def render_html(b: Briefing) -> str:
    """A complete standalone HTML page; each cited ID links to its URL (or to the source list)."""
    urls = {s.id: s.url for s in b.sources}
    title = b.topic or "Briefing"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
    ]
    if b.since or b.until:
        parts.append(
            f'<p class="window">{_h(_date(b.since) or "…")} – {_h(_date(b.until) or "…")}</p>'
        )
    if b.notice:
        parts.append(f'<p class="notice">{_h(b.notice)}</p>')
    for p in b.paragraphs:
        text = " ".join(_html_sentence(s, urls) for s in p.sentences)
        if _needs_label(p):
            text = f"<strong>{_h(p.label or 'Overall')}:</strong> {text}"
        parts.append(f'<p class="{_h(p.role)}">{text}</p>')
    if b.sources:
        parts.append("<h2>Sources</h2>")
        parts.append('<ol class="sources">')
        for src in b.sources:
            bits = [f"<code>[{_h(src.id)}]</code>", _h(src.source or "unknown outlet")]
            if src.published:
                bits.append(_h(_date(src.published)))
            title_html = f"“{_h(src.title)}”" if src.title else "(untitled)"
            if src.url:
                title_html = f'<a href="{_h(src.url)}">{title_html}</a>'
            bits.append(title_html)
            parts.append(f'<li id="src-{_h(src.id)}">{", ".join(bits)}</li>')
        parts.append("</ol>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# JSON


def briefing_to_dict(b: Briefing) -> dict[str, Any]:
    """The JSON-ready structure of :func:`render_json`."""
    return {
        "topic": b.topic,
        "since": b.since,
        "until": b.until,
        "notice": b.notice,
        "paragraphs": [
            {
                "role": p.role,
                "label": p.label,
                "sentences": [
                    {
                        "text": s.text,
                        "kind": s.kind,
                        "citations": [
                            {"id": c.id, "start": c.start, "end": c.end} for c in s.citations
                        ],
                        "repair": (
                            {"original": s.repair.original, "replacement": s.repair.replacement}
                            if s.repair
                            else None
                        ),
                    }
                    for s in p.sentences
                ],
            }
            for p in b.paragraphs
        ],
        "sources": [
            {
                "id": s.id,
                "source": s.source,
                "published": s.published,
                "title": s.title,
                "url": s.url,
            }
            for s in b.sources
        ],
    }


def render_json(b: Briefing) -> str:
    """The briefing as JSON (see the module docstring for the ``repair`` field)."""
    return json.dumps(briefing_to_dict(b), ensure_ascii=False, indent=2)


def verify_extracted(b: Briefing, texts: dict[str, str]) -> list[str]:
    """Problems with the extracted sentences of ``b`` given ``{article id: stored text}``.

    Each extracted sentence must equal its first citation's span (after undoing a repair), and
    every citation must point inside an article that exists. An empty list means all is well.
    """
    problems: list[str] = []
    for s in b.sentences():
        for c in s.citations:
            t = texts.get(c.id)
            if t is None:
                problems.append(f"[{c.id}] is not a known article")
            elif not 0 <= c.start < c.end <= len(t):
                problems.append(f"[{c.id}] span {c.start}:{c.end} is outside the article")
        if s.kind != "extracted":
            continue
        if not s.citations:
            problems.append(f"extracted sentence without citation: {s.text[:60]!r}")
            continue
        first = s.citations[0]
        span = texts.get(first.id, "")[first.start : first.end]
        expect = s.text
        if s.repair is not None:
            if not s.text.startswith(s.repair.replacement):
                problems.append(f"repair does not match: {s.text[:60]!r}")
                continue
            expect = s.repair.original + s.text[len(s.repair.replacement) :]
        if span != expect:
            problems.append(f"[{first.id}] {first.start}:{first.end} is not the sentence text")
    return problems
