"""The renderers on hand-built briefings: Markdown, the HTML template, JSON, link safety."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

import newsdesk
from newsdesk.briefing import (
    Briefing,
    BriefSentence,
    Citation,
    Dropped,
    Paragraph,
    Repair,
    SourceRef,
    Verdict,
    Verification,
)
from newsdesk.render import render
from newsdesk.render.common import safe_url
from newsdesk.render.html import render_html
from newsdesk.render.jsonout import render_json
from newsdesk.render.markdown import render_markdown

OK = Verdict(True, None, "verbatim span")
BAD_REASON = "[d4] 0:22 is not the sentence text"


def _sample() -> Briefing:
    """The earlier renderers' sample: no verification, a hostile topic and title."""
    cites = [Citation("a1", 0, 15), Citation("b2", 3, 18)]
    repaired = BriefSentence(
        "Dahl said work starts in June.", "repaired", [Citation("c3", 5, 35)], Repair("She", "Dahl")
    )
    return Briefing(
        topic="Dams <b>& levees</b>",
        paragraphs=[
            Paragraph("lead", [BriefSentence("The dam opened.", "extracted", cites)]),
            Paragraph("strand", [repaired], label="levees"),
            Paragraph("overall", [BriefSentence("Overall, 3 articles.", "templated")], "Overall"),
        ],
        sources=[
            SourceRef("a1", "Northern Wire", "2031-04-02", "Flood <script>",
                      "https://x.example.com/a?b=1&c=2"),
            SourceRef("b2", "Valley Post", "2031-04-03", "Dam", None),
            SourceRef("c3", None, None, "", None),
        ],
        notice="Only 3 articles match.",
    )


def _verified() -> Briefing:
    """Every sentence kind, a verification report and one dropped sentence."""
    return Briefing(
        topic="Elm River floods",
        since="2031-04-01T00:00:00",
        until="2031-04-05",
        paragraphs=[
            Paragraph(
                "lead",
                [BriefSentence("The dam\nopened on Tuesday.", "extracted",
                               [Citation("a1", 0, 25)], verdict=OK)],
            ),
            Paragraph(
                "strand",
                [
                    BriefSentence("Ingrid Dahl said work starts in June.", "repaired",
                                  [Citation("b2", 5, 40)], Repair("She", "Ingrid Dahl"),
                                  verdict=Verdict(True, None, "repair")),
                    BriefSentence("Crews worked through the night to shore up levees.",
                                  "generated", [Citation("a1", 30, 90), Citation("b2", 0, 20)],
                                  verdict=Verdict(True, None, "citations exist")),
                ],
                label="levees",
            ),
            Paragraph(
                "overall",
                [BriefSentence("Two outlets reported on 2 days.", "templated",
                               [Citation("a1", 0, 1)], verdict=Verdict(True, None, "x"))],
                label="Overall",
            ),
        ],
        sources=[
            SourceRef("a1", "Northern Wire", "2031-04-02", "Dam opens", "https://n.example/a1"),
            SourceRef("b2", "Valley Post", "2031-04-03", "Levees hold", "http://v.example/b2"),
        ],
        writer="extractive",
        verification=Verification(
            checked=5,
            passed=4,
            dropped=[
                Dropped(
                    1,
                    BriefSentence("He said the spillway cracked.", "extracted",
                                  [Citation("d4", 0, 22)],
                                  verdict=Verdict(False, BAD_REASON, "verbatim span")),
                )
            ],
        ),
    )


class _Links(HTMLParser):
    """Every href and src in a page, and its text with tags removed."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in {"href", "src", "action"}]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Links:
    p = _Links()
    p.feed(page)
    p.close()
    return p


# --- conventions kept from the earlier renderers ---------------------------------------------


def test_render_markdown_form() -> None:
    md = render_markdown(_sample())
    assert "The dam opened. ([a1], [b2])" in md
    assert "\\[Dahl\\] said work starts in June. ([c3])" in md
    assert "*Overall, 3 articles.*" in md and "**Overall:**" not in md
    closing = _sample()
    closing.paragraphs[-1].sentences[0].text = "Grants reach farms in May."
    assert "**Overall:** *Grants reach farms in May.*" in render_markdown(closing)
    assert "## Sources" in md
    assert "- [a1], Northern Wire, 2031-04-02" in md
    assert "<https://x.example.com/a?b=1&c=2>" in md
    assert "> Only 3 articles match." in md


def test_render_html_links_and_escaping() -> None:
    page = render_html(_sample())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<a href="https://x.example.com/a?b=1&amp;c=2" title="source a1">a1</a>' in page
    assert '<a href="#src-b2" title="source b2">b2</a>' in page
    assert 'id="src-b2"' in page
    assert "<script>" not in page and "Flood &lt;script&gt;" in page
    assert "Dams &lt;b&gt;&amp; levees&lt;/b&gt;" in page
    assert '<em class="templated">Overall, 3 articles.</em>' in page
    assert "<strong>Overall:</strong>" not in page
    assert '<p class="notice">Only 3 articles match.</p>' in page
    closing = _sample()
    closing.paragraphs[-1].sentences[0].text = "Grants reach farms in May."
    assert (
        '<strong>Overall:</strong> <em class="templated">Grants reach farms in May.</em>'
        in render_html(closing)
    )


def test_html_date_window_and_sources_list() -> None:
    page = render_html(_verified())
    assert '<p class="window">2031-04-01 – 2031-04-05</p>' in page
    assert "<h2>Sources</h2>" in page
    assert (
        '<li id="src-a1"><code>[a1]</code>, Northern Wire, 2031-04-02, '
        '<a href="https://n.example/a1">“Dam opens”</a></li>'
    ) in page
    assert '<li id="src-c3"><code>[c3]</code>, unknown outlet, (untitled)</li>' in render_html(
        _sample()
    )


# --- escaping and link safety ----------------------------------------------------------------


def test_hostile_topic_and_title_are_escaped() -> None:
    b = _verified()
    b.topic = '<script>alert("t")</script>'
    b.sources[0].title = '"><script>alert(1)</script>'
    b.sources[0].source = "<img src=x onerror=alert(2)>"
    b.paragraphs[0].sentences[0].text = "Levees <iframe src=//evil> held."
    page = render_html(b)
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "iframe" not in parsed.tags
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert '<script>alert("t")</script>' in "".join(parsed.text)  # shown, as text
    md = render_markdown(b)
    assert not re.search(r"(?<!\\)<(script|img|iframe)", md)
    assert "\\<img src=x onerror=alert(2)\\>" in md
    assert "# \\<script\\>alert" in md


REFUSED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)",
    "\x01\x1fjavascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " DATA:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:msgbox(1)",
    "//evil.example/x", "https:evil.example", "http://ok.example/a b", "https://ok.example/<x>",
    "", None,
]


@pytest.mark.parametrize("url", REFUSED)
def test_safe_url_refuses(url: str | None) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://x.example.com/a?b=1&c=2", "https://x.example.com/a?b=1&c=2"),
        ("HTTP://X.example/", "HTTP://X.example/"),
        ("  https://x.example/p\n", "https://x.example/p"),
    ],
)
def test_safe_url_keeps_web_links(url: str, kept: str) -> None:
    assert safe_url(url) == kept


@pytest.mark.parametrize(
    "bad",
    ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>", "\x00vbscript:x"],
)
def test_unsafe_urls_are_not_links(bad: str) -> None:
    b = _verified()
    b.sources[0].url = bad
    page = render_html(b)
    urls = _parse(page).urls
    assert urls and all(u.startswith(("https://", "http://", "#src-")) for u in urls)
    assert '<a href="#src-a1" title="source a1">a1</a>' in page  # falls back to the list
    assert '<a href="http://v.example/b2" title="source b2">b2</a>' in page
    md = render_markdown(b)
    autolinks = re.findall(r"(?<!\\)<([^>]*)>", md)
    assert autolinks == ["http://v.example/b2"]
    assert bad.strip().lower() not in md.lower()


def test_hostile_citation_id_cannot_make_a_markdown_link() -> None:
    b = _verified()
    b.paragraphs[0].sentences[0].citations = [Citation("x](javascript:alert(1)", 0, 1)]
    md = render_markdown(b)
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    assert "([x\\](javascript:alert(1)])" in md


def test_markdown_block_openings_stay_prose() -> None:
    b = _verified()
    b.paragraphs[0].sentences[0].text = "# 1. not a heading"
    b.paragraphs[1].sentences[0] = BriefSentence("12. Dahl spoke.", "extracted", [])
    md = render_markdown(b)
    assert "\n\\# 1. not a heading ([a1])\n" in md
    assert "\n12\\. Dahl spoke. Crews" in md


# --- sentence kinds --------------------------------------------------------------------------


def test_each_sentence_kind_in_html() -> None:
    page = render_html(_verified())
    cite_a1 = '<a href="https://n.example/a1" title="source a1">a1</a>'
    cite_b2 = '<a href="http://v.example/b2" title="source b2">b2</a>'
    # extracted: the span as prose, line breaks flattened
    assert f'<p class="lead">The dam opened on Tuesday. <span class="cite">([{cite_a1}])' in page
    # repaired: the inserted name in brackets
    assert (
        '<span class="repair">[Ingrid Dahl]</span> said work starts in June. '
        f'<span class="cite">([{cite_b2}])</span>'
    ) in page
    # generated: plain prose with every citation
    assert (
        "Crews worked through the night to shore up levees. "
        f'<span class="cite">([{cite_a1}], [{cite_b2}])</span></p>'
    ) in page
    assert "<em class=\"templated\">Crews" not in page
    # templated: italics, labelled close
    assert (
        '<p class="overall"><strong>Overall:</strong> '
        '<em class="templated">Two outlets reported on 2 days.</em>'
    ) in page


def test_each_sentence_kind_in_markdown() -> None:
    md = render_markdown(_verified())
    assert "\nThe dam opened on Tuesday. ([a1])\n" in md
    assert (
        "\n\\[Ingrid Dahl\\] said work starts in June. ([b2]) "
        "Crews worked through the night to shore up levees. ([a1], [b2])\n"
    ) in md
    assert "\n**Overall:** *Two outlets reported on 2 days.* ([a1])\n" in md


# --- verification foot -----------------------------------------------------------------------


LINE = (
    "Verified: 4 of 5 sentences checked against their cited sources; "
    "1 sentence failed and was left out."
)


def test_verification_line_in_markdown_and_html() -> None:
    b = _verified()
    md = render_markdown(b)
    assert f"_{LINE}_" in md
    assert f'<p class="verification">{LINE}</p>' in render_html(b)
    b.verification = Verification(checked=3, passed=3)
    clean = "Verified: 3 of 3 sentences checked against their cited sources."
    assert f"_{clean}_" in render_markdown(b)
    page = render_html(b)
    assert f'<p class="verification">{clean}</p>' in page
    assert "<details" not in page and "Left out by verification" not in render_markdown(b)


def test_the_foot_counts_the_sentences_a_reader_can_check() -> None:
    # Before: "Verified: 7 of 7 sentences" under a briefing showing six cited sentences (the
    # "Reported between ..." line, which cites nothing, was counted).
    from newsdesk.briefing import BriefSentence, Paragraph

    b = _verified()
    window = BriefSentence("Reported between May 1 and May 3.", "templated", [])
    b.paragraphs.insert(0, Paragraph("lead", [window]))
    b.verification = Verification(checked=4, passed=4)
    assert "Verified: 3 of 3 sentences checked" in render_markdown(b)


def test_unverified_briefing_has_no_foot() -> None:
    b = _sample()
    assert "Verified:" not in render_markdown(b) and "Verified:" not in render_html(b)


def test_dropped_sentence_listed_with_its_reason() -> None:
    b = _verified()
    md = render_markdown(b)
    heading = md.index("## Left out by verification")
    assert md.index("## Sources") < heading
    assert (
        '- "He said the spillway cracked." ([d4]): \\[d4\\] 0:22 is not the sentence text'
        in md[heading:]
    )
    page = render_html(b)
    details = page[page.index('<details class="dropped">') : page.index("</details>")]
    assert "<summary>Left out by verification (1)</summary>" in details
    assert "<q>He said the spillway cracked.</q>" in details
    assert f'<span class="reason">{BAD_REASON}</span>' in details
    data = json.loads(render_json(b))
    [dropped] = data["verification"]["dropped"]
    verdict = {k: dropped["verdict"][k] for k in ("ok", "check", "reason")}
    assert verdict == {"ok": False, "check": "verbatim span", "reason": BAD_REASON}
    assert dropped["paragraph"] == 1 and dropped["kind"] == "extracted"
    assert dropped["citations"] == [{"id": "d4", "start": 0, "end": 22}]


def test_dropped_sentence_links_only_ids_in_the_sources_list() -> None:
    b = _verified()
    assert b.verification is not None
    b.verification.dropped[0].sentence.citations.insert(0, Citation("a1", 0, 5))
    page = render_html(b)
    details = page[page.index('<details class="dropped">') : page.index("</details>")]
    assert (
        '<span class="cite">([<a href="https://n.example/a1" title="source a1">a1</a>], [d4])'
        "</span>"
    ) in details


def test_long_dropped_sentence_is_shortened() -> None:
    b = _verified()
    assert b.verification is not None
    b.verification.dropped[0].sentence.text = "word " * 60
    line = next(ln for ln in render_markdown(b).splitlines() if ln.startswith('- "word'))
    assert len(line) < 160 and '…"' in line


# --- JSON ------------------------------------------------------------------------------------


def test_json_shape_is_stable() -> None:
    data = json.loads(render_json(_verified()))
    assert list(data) == [
        "topic", "since", "until", "notice", "paragraphs", "writer", "usage", "verification",
        "sources",
    ]
    assert data["writer"] == "extractive"
    assert {k: data["verification"][k] for k in ("checked", "passed")} == {
        "checked": 5, "passed": 4
    }
    sentences = [s for p in data["paragraphs"] for s in p["sentences"]]
    assert [s["kind"] for s in sentences] == ["extracted", "repaired", "generated", "templated"]
    for s in sentences:
        assert list(s) == ["text", "kind", "citations", "verdict", "repair", "repairs"]
        assert s["verdict"]["ok"] is True
    assert sentences[0]["text"] == "The dam\nopened on Tuesday."  # verbatim, not flattened
    assert sentences[1]["repair"] == {"original": "She", "replacement": "Ingrid Dahl"}
    assert sentences[1]["repairs"] == [{"original": "She", "replacement": "Ingrid Dahl", "at": 0}]
    assert list(data["verification"]["dropped"][0]) == [
        "paragraph", "text", "kind", "citations", "verdict"
    ]
    assert list(data["sources"][0]) == ["id", "source", "published", "title", "url"]


def test_json_without_verification() -> None:
    data = json.loads(render_json(_sample()))
    assert data["verification"] is None
    assert data["paragraphs"][0]["sentences"][0]["verdict"] is None


# --- dispatch and packaging ------------------------------------------------------------------


def test_render_dispatches_by_format() -> None:
    b = _verified()
    assert render(b, "md") == render_markdown(b)
    assert render(b, "html") == render_html(b)
    assert render(b, "json") == render_json(b)
    with pytest.raises(ValueError, match="unknown format"):
        render(b, "pdf")


def test_template_ships_in_the_package() -> None:
    template = files("newsdesk.render").joinpath("templates", "briefing.html.j2")
    assert template.is_file()
    assert "{% block css" in template.read_text(encoding="utf-8")


def test_html_renders_from_another_working_directory(tmp_path: Path) -> None:
    src = Path(newsdesk.__file__).resolve().parents[1]
    script = (
        "from newsdesk.briefing import Briefing, Paragraph, BriefSentence\n"
        "from newsdesk.render import render\n"
        "b = Briefing('Elsewhere', [Paragraph('lead', [BriefSentence('Hi.', 'extracted')])], [])\n"
        "print(render(b, 'html'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert "<title>Elsewhere</title>" in out and '<p class="lead">Hi.</p>' in out
    assert not (tmp_path / "templates").exists()
