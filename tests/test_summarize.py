"""The extractive briefing writer on small invented articles, with the real embedding model."""

from __future__ import annotations

import json
import re

import pytest

from newsdesk.boilerplate import content_start
from newsdesk.briefing import (
    Briefing,
    Repair,
    undo_repairs,
)
from newsdesk.errors import NotFoundError
from newsdesk.render.jsonout import render_json
from newsdesk.text import split_sentences
from newsdesk.verify import problems as verify_extracted
from newsdesk.write.extractive.compose import Doc, write_briefing
from newsdesk.write.extractive.people import find_repairs
from newsdesk.write.extractive.readability import standalone_problem

SHARED = (
    "The Karsten Dam on the Elm River was opened on Tuesday to release floodwater "
    "after three days of heavy rain."
)

ARTICLES = [
    (
        "a1",
        "Northern Wire",
        "2031-04-02",
        "Elm River floods farms near Riverton",
        "RIVERTON (Northern Wire) — Floodwater from the Elm River covered about 4,000 hectares "
        "of farmland near Riverton on Monday after three days of heavy rain.\n"
        "By Hanna Olsen\n"
        f"{SHARED}\n"
        "They said the water would keep rising through the weekend.\n"
        "Farmers in the valley moved cattle and grain to higher ground before the river "
        "crested late on Monday night.\n"
        "Reporting by Hanna Olsen; Editing by Per Lind",
    ),
    (
        "b2",
        "Valley Post",
        "2031-04-03",
        "Dam release eases pressure on Riverton levees",
        "RIVERTON — Engineers said the levees protecting the centre of Riverton held through "
        "the night as the Elm River began to fall slowly.\n"
        f"{SHARED}\n"
        "The regional water board said the release lowered the reservoir by two metres and "
        "eased pressure on the town's levees.\n"
        "Click here to sign up for our morning newsletter.",
    ),
    (
        "c3",
        "Coastal Times",
        "2031-04-05",
        "Riverton counts the cost of the Elm flood",
        "Insurers estimated that flood damage to farms and homes along the Elm River would "
        "exceed 30 million euros this spring.\n"
        "The regional government promised emergency grants of up to 20,000 euros for each "
        "farm that lost crops or animals in the flood.\n"
        "Mayor Ingrid Dahl said the town would build a second levee along the northern bank "
        "of the Elm River before next winter.\n"
        "She said the work would start in June and take about five months to finish.",
    ),
    (
        "d4",
        "Valley Post",
        "2031-04-06",
        "Schools reopen in Riverton",
        "All six schools in Riverton reopened on Friday after the flood closed them for most "
        "of the week.\n"
        "Volunteers cleaned mud from classrooms and replaced soaked books with donations from "
        "libraries across the region.\n"
        "The regional government said emergency grants for farms hit by the Elm River flood "
        "would be paid within a month.",
    ),
]

TOPIC = "Elm River flood in Riverton: damage, the dam release, levees and aid"


def make_doc(aid: str, source: str, date: str, title: str, text: str, **kw: str) -> Doc:
    return Doc(
        id=aid,
        title=title,
        text=text,
        sentences=split_sentences(text),
        source=source,
        published=date,
        url=f"https://news.example.com/{aid}",
        **kw,
    )


@pytest.fixture(scope="module")
def embed():
    from newsdesk.embed.minilm import get_embedder

    return get_embedder().encode


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    return [make_doc(*a) for a in ARTICLES]


@pytest.fixture(scope="module")
def brief(docs: list[Doc], embed) -> Briefing:
    return write_briefing(
        TOPIC, docs, words=250, embed=embed, since="2031-04-01", until="2031-04-07"
    )


def test_structure_lead_strands_overall(brief: Briefing) -> None:
    roles = [p.role for p in brief.paragraphs]
    assert roles[0] == "lead"
    assert roles[-1] == "overall"
    strands = [p for p in brief.paragraphs if p.role == "strand"]
    assert 1 <= len(strands) <= 5
    assert all(p.sentences for p in brief.paragraphs)
    assert brief.notice is None  # four independent articles are not thin evidence
    assert brief.word_count() <= 250


def test_every_extracted_sentence_is_verbatim_at_its_citation(
    brief: Briefing, docs: list[Doc]
) -> None:
    texts = {d.id: d.text for d in docs}
    assert verify_extracted(brief, texts) == []
    for s in brief.sentences():
        assert s.citations, s.text
        if s.kind == "extracted" and s.repair is None:
            c = s.citations[0]
            assert texts[c.id][c.start : c.end] == s.text


def test_shared_fact_is_kept_once_and_cites_both_articles(brief: Briefing) -> None:
    # (a repaired sentence counts by the span its repairs undo to)
    hits = [s for s in brief.sentences() if undo_repairs(s.text, s.repairs) == SHARED]
    assert len(hits) == 1
    assert {c.id for c in hits[0].citations} == {"a1", "b2"}


def test_citations_of_other_articles_say_the_same_thing(brief: Briefing, docs: list[Doc]) -> None:
    texts = {d.id: d.text for d in docs}
    for s in brief.sentences():
        if s.kind not in ("extracted", "repaired"):
            continue
        mine = set(re.findall(r"[a-z]{4,}", s.text.lower()))
        for c in s.citations[1:]:
            theirs = set(re.findall(r"[a-z]{4,}", texts[c.id][c.start : c.end].lower()))
            assert len(mine & theirs) / len(mine) >= 0.6


def test_datelines_bylines_and_boilerplate_are_stripped(brief: Briefing) -> None:
    prose = brief.text()
    assert "RIVERTON (Northern Wire)" not in prose
    assert "RIVERTON —" not in prose
    assert "By Hanna Olsen" not in prose
    assert "Reporting by" not in prose
    assert "Click here" not in prose


def test_dangling_pronoun_is_dropped(brief: Briefing) -> None:
    assert not any(s.text.startswith("They said") for s in brief.sentences())


def test_thin_evidence_notice(docs: list[Doc], embed) -> None:
    b = write_briefing(
        TOPIC, docs[:2], words=250, embed=embed, since="2031-04-01", until="2031-04-07"
    )
    assert b.notice is not None
    assert b.notice.startswith("Only 2 articles match")
    assert "between 2031-04-01 and 2031-04-07" in b.notice
    assert b.paragraphs[-1].role == "overall"
    assert b.paragraphs[-1].sentences[-1].kind == "templated"
    assert verify_extracted(b, {d.id: d.text for d in docs}) == []


def test_wire_copies_count_once(docs: list[Doc], embed) -> None:
    copy = make_doc(
        "e5", "Harbour Daily", "2031-04-02", ARTICLES[0][3], ARTICLES[0][4], lineage_id="a1"
    )
    original = make_doc(*ARTICLES[0], lineage_id="a1")
    b = write_briefing(TOPIC, [original, copy, docs[1]], embed=embed)
    assert b.notice is not None and b.notice.startswith("Only 3 articles match")


def test_no_articles_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        write_briefing(TOPIC, [])


def test_dateline_offsets_move_the_span_start() -> None:
    text = ARTICLES[0][4]
    first = split_sentences(text)[0].text
    off = content_start(first)
    assert first[off:].startswith("Floodwater from the Elm River")


def test_standalone_checks() -> None:
    assert standalone_problem("But the council voted against the second levee on Monday.")
    assert standalone_problem("Will the dam hold if the rain returns next week in April?")
    assert standalone_problem('"We lost everything in one night," she said to reporters.')
    assert standalone_problem("Short one.") == "short"
    assert (
        standalone_problem(
            '"We lost everything in one night," said Lars Berg, a dairy farmer near Riverton.'
        )
        is None
    )


def test_certain_pronoun_repair() -> None:
    prev = "Mayor Ingrid Dahl said the town would build a second levee before next winter."
    fixes = find_repairs(
        [
            (prev, "She said the work would start in June and last months."),
            ("The levee will be long.", "She said the work would start soon."),
        ]
    )
    assert fixes[0] == Repair(original="She", replacement="Ingrid Dahl")
    assert fixes[1] is None


def test_render_json_schema(brief: Briefing) -> None:
    data = json.loads(render_json(brief))
    assert set(data) == {
        "topic", "since", "until", "notice", "paragraphs", "sources", "writer", "verification",
        "usage",
    }
    for p in data["paragraphs"]:
        assert set(p) == {"role", "label", "sentences"}
        for s in p["sentences"]:
            assert s["kind"] in {"extracted", "repaired", "templated"}
            for c in s["citations"]:
                assert set(c) == {"id", "start", "end"}
    assert {s["id"] for s in data["sources"]} >= {
        c["id"] for p in data["paragraphs"] for s in p["sentences"] for c in s["citations"]
    }
    assert set(data["sources"][0]) == {"id", "source", "published", "title", "url"}
