"""Markdown: the sample's form, prose paragraphs with ``([id])`` citations, then Sources."""

from __future__ import annotations

from newsdesk.briefing import Briefing, BriefSentence, cite_ids
from newsdesk.render.common import date_only, flat, needs_label, verification_line


def _md_escape(text: str) -> str:
    # Only what would change the meaning of prose in Markdown: emphasis, links, HTML.
    for ch in ("\\", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def _md_sentence(s: BriefSentence) -> str:
    if s.repair is not None:
        rest = flat(s.text)[len(s.repair.replacement) :]
        body = f"\\[{_md_escape(s.repair.replacement)}\\]{_md_escape(rest)}"
    else:
        body = _md_escape(flat(s.text))
    if s.kind == "templated":
        body = f"*{body}*"
    ids = cite_ids(s)
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
        if needs_label(p):
            text = f"**{_md_escape(p.label or 'Overall')}:** {text}"
        out.append(text)
        out.append("")
    if b.sources:
        out.append("## Sources")
        out.append("")
        for src in b.sources:
            parts = [f"[{src.id}]", _md_escape(src.source or "unknown outlet")]
            if src.published:
                parts.append(date_only(src.published))
            parts.append(f'"{_md_escape(src.title)}"' if src.title else "(untitled)")
            line = "- " + ", ".join(parts)
            if src.url:
                line += f" <{src.url}>"
            out.append(line)
        out.append("")
    check = verification_line(b)
    if check:
        out.append(f"_{_md_escape(check)}_")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
