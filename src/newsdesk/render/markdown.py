"""Markdown: the sample's form, prose paragraphs with ``([id])`` citations, then Sources.

Conventions: ``# topic``; the notice as a quote; one paragraph per line, the close labelled
``**Overall:**`` unless its sentence already opens so; each sentence followed by
``([id], [id])``; templated sentences in ``*italics*``; a repaired sentence's inserted name in
escaped square brackets ``\\[Name\\]``; generated and extracted sentences as plain prose. At the
foot: ``## Sources`` (an article's URL as an autolink ``<url>`` only when it is http or https),
the verification line in italics, and under ``## Left out by verification`` one line per
sentence the verify stage dropped, with its reason.

Text from the briefing is escaped so that it cannot turn into emphasis, links or HTML.
"""

from __future__ import annotations

import re

from newsdesk.briefing import Briefing, BriefSentence, cite_ids
from newsdesk.render.common import (
    date_only,
    flag_of,
    flat,
    label_of,
    left_out,
    repair_parts,
    safe_url,
    shown_cites,
    usage_line,
    verification_line,
)

LEFT_OUT_HEADING = "Left out by verification"

# A paragraph opening like these would become a heading, list item or rule.
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+=](?=\s|$|[-=]*\s*$)|\d{1,9}(?=[.)](?:\s|$)))")


def md_escape(text: str) -> str:
    """``text`` with what would change its meaning in Markdown prose backslash-escaped.

    That is emphasis, code, links and raw HTML: ``\\ * _ [ ] < > ` ``.
    """
    for ch in ("\\", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def _block_safe(line: str) -> str:
    """``line`` with an opening that Markdown would read as block syntax escaped."""
    m = _BLOCK_START.match(line)
    if m is None:
        return line
    end = m.end()
    if line[:end].isdigit():  # "1. ..." -> "1\\. ..."
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def _cites(ids: list[str]) -> str:
    return "(" + ", ".join(f"[{md_escape(i)}]" for i in ids) + ")"


def _md_sentence(s: BriefSentence, ids: list[str] | None = None) -> str:
    body = "".join(
        f"\\[{md_escape(t)}\\]" if repaired else md_escape(t) for t, repaired in repair_parts(s)
    )
    if s.kind == "templated":
        body = f"*{body}*"
    ids = cite_ids(s) if ids is None else ids
    if ids:
        body += " " + _cites(ids)
    flag = flag_of(s)
    if flag:
        body += f" **\\[unsupported: {md_escape(flat(flag))}\\]**"
    return body


def _sources(b: Briefing) -> list[str]:
    out = ["## Sources", ""]
    for src in b.sources:
        parts = [f"[{md_escape(src.id)}]", md_escape(src.source or "unknown outlet")]
        if src.published:
            parts.append(md_escape(date_only(src.published)))
        parts.append(f'"{md_escape(flat(src.title))}"' if src.title else "(untitled)")
        line = "- " + ", ".join(parts)
        url = safe_url(src.url)
        if url:
            line += f" <{url}>"
        out.append(line)
    out.append("")
    return out


def _left_out(b: Briefing) -> list[str]:
    items = left_out(b)
    if not items:
        return []
    out = [f"## {LEFT_OUT_HEADING}", ""]
    for d in items:
        cites = " " + _cites(d.ids) if d.ids else ""
        out.append(f'- "{md_escape(d.text)}"{cites}: {md_escape(flat(d.reason))}')
    out.append("")
    return out


def render_markdown(b: Briefing, cite: str = "sentence") -> str:
    """The sample's form: prose paragraphs with ``([id])`` citations, then a Sources list.

    ``cite="paragraph"`` merges each paragraph's citations at its end, as the sample does.
    """
    out: list[str] = []
    if b.topic:
        out += [f"# {md_escape(flat(b.topic))}", ""]
    if b.notice:
        out += [f"> {md_escape(flat(b.notice))}", ""]
    for p in b.paragraphs:
        text = " ".join(
            _md_sentence(s, ids) for s, ids in zip(p.sentences, shown_cites(p, cite), strict=True)
        )
        label = label_of(p)
        if label:
            text = f"**{md_escape(label)}:** {text}"
        out += [_block_safe(text), ""]
    if b.sources:
        out += _sources(b)
    check = verification_line(b)
    if check:
        out += [f"_{md_escape(check)}_", ""]
    used = usage_line(b)
    if used:
        out += [f"_{md_escape(used)}_", ""]
    out += _left_out(b)
    return "\n".join(out).rstrip() + "\n"
