"""HTML: a standalone page; each cited ID links to its source."""

from __future__ import annotations

import html

from newsdesk.briefing import Briefing, BriefSentence, cite_ids
from newsdesk.render.common import date_only, flat, needs_label, verification_line

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
        rest = flat(s.text)[len(s.repair.replacement) :]
        body = f'<span class="repair">[{_h(s.repair.replacement)}]</span>{_h(rest)}'
    else:
        body = _h(flat(s.text))
    if s.kind == "templated":
        body = f'<em class="templated">{body}</em>'
    ids = cite_ids(s)
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
            f'<p class="window">{_h(date_only(b.since) or "…")} – '
            f'{_h(date_only(b.until) or "…")}</p>'
        )
    if b.notice:
        parts.append(f'<p class="notice">{_h(b.notice)}</p>')
    for p in b.paragraphs:
        text = " ".join(_html_sentence(s, urls) for s in p.sentences)
        if needs_label(p):
            text = f"<strong>{_h(p.label or 'Overall')}:</strong> {text}"
        parts.append(f'<p class="{_h(p.role)}">{text}</p>')
    if b.sources:
        parts.append("<h2>Sources</h2>")
        parts.append('<ol class="sources">')
        for src in b.sources:
            bits = [f"<code>[{_h(src.id)}]</code>", _h(src.source or "unknown outlet")]
            if src.published:
                bits.append(_h(date_only(src.published)))
            title_html = f"“{_h(src.title)}”" if src.title else "(untitled)"
            if src.url:
                title_html = f'<a href="{_h(src.url)}">{title_html}</a>'
            bits.append(title_html)
            parts.append(f'<li id="src-{_h(src.id)}">{", ".join(bits)}</li>')
        parts.append("</ol>")
    check = verification_line(b)
    if check:
        parts.append(f'<p class="verification">{_h(check)}</p>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
