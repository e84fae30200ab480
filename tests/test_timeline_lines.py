"""Timelines on topic: lines fit to stand alone, one relevant line a day, no empty days
(issue 25, item 4). Each test fails on the old code (no ``line_of``, empty days kept,
no topic relevance)."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.model import EvidenceDoc, Sentence
from newsdesk.stories.timeline import coverage, developments, line_of
from newsdesk.text import split_sentences


def _s(text: str, index: int = 0, start: int = 100) -> Sentence:
    return Sentence(index, start, start + len(text), text)


@pytest.mark.parametrize(
    "text",
    [
        "BY THE PRESIDENT OF THE UNITED STATES OF AMERICA A PROCLAMATION FOR THE NATION.",
        "By the authority vested in me as President by the Constitution and the laws, I order.",
        "The Department of Justice [announced today](https://justice.gov/x) the indictments here.",
        "The coalition works to *disrupt* the supply chain for fentanyl and other drugs today.",
        "WASHINGTON (Continental Wire) —",
        "On April 13, U.S. Homeland Security Advisor Dr. Elizabeth",  # cut short
        "and the ministers agreed to meet again in Ottawa next month to review the plan.",
        "Too short to say much.",
    ],
)
def test_unfit_lines_are_refused(text):
    assert line_of(_s(text)) is None


def test_a_bold_section_label_is_left_out_of_the_line():
    # The label is Markdown; the sentence after it is a fact the day's line may give.
    line = line_of(
        _s("**SAFEGUARDING THE NATION:** President Trump is proceeding with tariffs on Mexico now.")
    )
    assert line is not None and line.text.startswith("President Trump is proceeding")
    assert "*" not in line.text


def test_a_dateline_is_cut_off_and_the_span_follows():
    text = (
        "MEXICO CITY (Continental Wire) — The United States and Mexico agreed on Monday to a "
        "task force."
    )
    line = line_of(_s(text, start=40))
    assert line is not None
    assert line.text.startswith("The United States and Mexico agreed")
    assert (line.start, line.end) == (40 + text.index("The United"), 40 + len(text))


def test_a_wrapped_line_keeps_its_exact_span():
    text = "The committee met in Mexico City on Tuesday\nto review the fentanyl controls agreed."
    line = line_of(_s(text, start=0))
    assert line is not None and line.text == text
    assert (line.start, line.end) == (0, len(text))


def test_coverage_weights_rare_topic_words():
    sents = [
        "Mexico faces a tariff threat from Washington this week.",
        "Mexico's farmers sold corn to buyers in Iowa for years.",
        "Mexico City traffic was heavy on Monday morning again.",
    ]
    cov = coverage(["tariff", "threat", "mexico"], sents)
    assert cov[0] == pytest.approx(1.0)
    assert cov[1] == cov[2] == 0.0  # "Mexico" alone says nothing here


def _doc(aid: str, day: str, text: str) -> EvidenceDoc:
    return EvidenceDoc(
        id=aid, title="", text=text, sentences=split_sentences(text), published=day, source="X"
    )


def test_topic_timeline_keeps_only_relevant_days(embedder):
    docs = [
        _doc(
            "aaaa0001",
            "2026-01-16",
            "The White House threatened on Friday to impose a 25% tariff on all imports from "
            "Mexico unless the flow of fentanyl falls. Markets in Mexico City fell sharply.",
        ),
        _doc(
            "aaaa0002",
            "2026-01-18",
            "A bakery in Monterrey, Mexico, won a national bread prize on Sunday after a long "
            "contest among hundreds of local shops. The owner thanked her staff and family.",
        ),
        _doc(
            "aaaa0003",
            "2026-02-13",
            "The United States postponed the threatened 25% tariff on Mexican imports for 30 "
            "days on Friday after Mexico agreed to send troops to the border.",
        ),
    ]

    def embed(texts):
        return np.asarray(embedder.encode(list(texts)), dtype=np.float32)

    topic = "U.S. tariff threat against Mexico"
    q = embed([topic])[0]
    terms = ["tariff", "threat", "mexico"]
    days = developments(docs, embed, topic=q / np.linalg.norm(q), terms=terms)
    assert [d.day for d in days] == ["2026-01-16", "2026-02-13"]  # no bakery, no empty day
    assert all(len(d.lines) == 1 for d in days)
    assert "tariff" in days[0].lines[0].text
