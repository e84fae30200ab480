"""HTML: a standalone page rendered from ``templates/briefing.html.j2`` with autoescape.

Conventions: the topic as title and heading; the date window and the notice under it; one
``<p>`` per paragraph (class = its role), the close labelled "Overall:" unless its sentence
already opens so; every sentence followed by its citations ``([id], [id])``, each ID linking to
the article's URL or, without a usable URL, to the Sources list entry ``#src-ID``; templated
sentences in ``<em class="templated">``; a repaired sentence's inserted name in square brackets
in ``<span class="repair">``; generated and extracted sentences as plain prose. At the foot: the
Sources list, the verification line, and a ``<details class="dropped">`` list of the sentences
verification left out, each with its reason.

Python only prepares plain values (strings, dataclasses); all markup is in the template, and
only URLs passed by :func:`newsdesk.render.common.safe_url` ever reach an ``href``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2

from newsdesk.briefing import Briefing, BriefSentence, Paragraph, cite_ids
from newsdesk.render.common import (
    LeftOut,
    date_only,
    flag_of,
    label_of,
    left_out,
    repair_parts,
    safe_url,
    shown_cites,
    usage_line,
    verification_line,
)

TEMPLATE = "briefing.html.j2"


@dataclass(frozen=True)
class _Cite:
    id: str
    href: str | None  # the article's URL or "#src-ID"; None: shown unlinked


@dataclass(frozen=True)
class _Sentence:
    kind: str
    parts: list[tuple[str, bool]]  # (text, repaired): repaired parts are shown in brackets
    cites: list[_Cite]
    flag: str | None = None  # why it is unsupported, when kept with --keep-unsupported


@dataclass(frozen=True)
class _LeftOut:
    text: str
    cites: list[_Cite]
    reason: str


@dataclass(frozen=True)
class _Para:
    role: str
    label: str | None
    sentences: list[_Sentence]


@dataclass(frozen=True)
class _Source:
    id: str
    outlet: str | None
    published: str | None
    title: str
    url: str | None


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment: templates from the ``newsdesk.render`` package, autoescaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _href(i: str, urls: dict[str, str | None]) -> str:
    return urls.get(i) or f"#src-{i}"


def _sentence(
    s: BriefSentence, urls: dict[str, str | None], ids: list[str] | None = None
) -> _Sentence:
    cites = [_Cite(i, _href(i, urls)) for i in (cite_ids(s) if ids is None else ids)]
    return _Sentence(s.kind, repair_parts(s), cites, flag_of(s))


def _paragraph(p: Paragraph, urls: dict[str, str | None], cite: str = "sentence") -> _Para:
    shown = shown_cites(p, cite)
    return _Para(
        p.role,
        label_of(p),
        [_sentence(s, urls, ids) for s, ids in zip(p.sentences, shown, strict=True)],
    )


def _left_out(d: LeftOut, urls: dict[str, str | None]) -> _LeftOut:
    # IDs still in the Sources list link there (or to their URL); others are plain text.
    cites = [_Cite(i, _href(i, urls) if i in urls else None) for i in d.ids]
    return _LeftOut(d.text, cites, d.reason)


def context(b: Briefing, cite: str = "sentence") -> dict[str, object]:
    """The values the template is rendered with (plain text; URLs already checked)."""
    urls = {s.id: safe_url(s.url) for s in b.sources}
    window = (date_only(b.since), date_only(b.until)) if (b.since or b.until) else None
    dropped = [_left_out(d, urls) for d in left_out(b)]
    return {
        "title": b.topic or "Briefing",
        "window": window,
        "notice": b.notice,
        "paragraphs": [_paragraph(p, urls, cite) for p in b.paragraphs],
        "sources": [
            _Source(s.id, s.source, date_only(s.published) or None, s.title, urls[s.id])
            for s in b.sources
        ],
        "check": verification_line(b),
        "usage": usage_line(b),
        "dropped": dropped,
    }


def render_html(b: Briefing, cite: str = "sentence") -> str:
    """A complete standalone HTML page; each cited ID links to its URL (or to the source list)."""
    return environment().get_template(TEMPLATE).render(context(b, cite))
