"""Spans of time that are windows or the tail of a longer span, and the whole a part is told
of, in the disagreement rules (issue 25, item 3): each case fails on the rules of main at
d4d0efb. Paraphrases written for these tests; similarity is fixed (every pair of sentences at
cosine 0.9)."""

from __future__ import annotations

import pytest
from test_disagree_spans import _at
from test_disagree_spans import _doc as _dated
from test_disagree_spans import _found as _found_on

from newsdesk.model import EvidenceDoc
from newsdesk.stories.disagree import find_disagreements
from newsdesk.stories.quantities import quantities


def _doc(i: str, text: str) -> EvidenceDoc:
    return _dated(i, text, None)  # undated, every pair compared


def _found(a: str, b: str) -> list[tuple[str, str]]:
    return _found_on(a, b, None)


@pytest.mark.parametrize(
    ("one", "two"),
    [
        # the months of "three years and seven months" are no span of their own
        (
            "Staff have spent three years and seven months waiting for the new ward, the minister"
            " said.",
            "Two thirds of the patients waiting for surgery now wait less than five months, the"
            " minister said.",
        ),
        # the seconds of "two minutes, 41.5 seconds" are the tail of one time
        (
            "The runner from Leeds won the indoor mile in four minutes, 12.5 seconds.",
            "The runner from Leeds won her heat of the indoor mile in 14.2 seconds faster.",
        ),
        # the hours of "5 hours, 10 minutes" (a usual trip) against a record's "three hours, 5"
        (
            "The ferry makes the crossing from Dover to the port in about 5 hours, 10 minutes.",
            "A fast ferry made the crossing from Dover to the port in three hours, 5 minutes and"
            " 40 seconds.",
        ),
        # a window from the start of a match against a moment of another
        (
            "There was little to worry the hosts in the first 25 minutes as the visitors"
            " struggled to create a chance.",
            "The visitors looked calm and equalised after 18 minutes through their captain.",
        ),
        # two windows at the start of two matches: the writer's choice, no length
        (
            "In the opening 40 minutes the home side had looked unlikely to win the title race.",
            "There was little to worry the home side in the first 25 minutes of the title race.",
        ),
        # two places in a chart: two weekends' takings
        (
            "The space comedy slipped to third place at the weekend box office with $8.5m.",
            "The space comedy finished in second place at the weekend box office with $11.2m.",
        ),
        # the whole ("four majors") of which a part is named, against the part ("three majors")
        (
            "The Spanish golfer, the favourite, has won two of the three major titles this year.",
            "The Spanish golfer became the first player since 1990 to win two major titles in one"
            " year.",
        ),
    ],
)
def test_windows_tails_and_wholes_are_no_conflict(one: str, two: str) -> None:
    assert _found(one, two) == []


def test_a_plain_span_still_conflicts() -> None:
    one = "The striker was out injured for seven months after the crash."
    two = "The striker was out injured for four months after the crash."
    assert _found(one, two)


def test_the_whole_of_a_part_in_words_is_not_counted() -> None:
    assert [q.value for q in quantities("She has won three of the four races this spring.")] == []


def test_a_named_persons_age_is_compared_across_days() -> None:
    def found(a: str, b: str) -> list[str]:
        docs = [_doc("a", a), _doc("b", b)]
        docs = [
            EvidenceDoc(d.id, d.title, d.text, d.sentences, d.source, day, lineage_id=d.id)
            for d, day in zip(docs, ("2026-02-01", "2026-02-07"), strict=True)
        ]
        got = find_disagreements(docs, _at, every=True)
        return [d.a.value.split()[0] for d in got if d.kind == "number"]

    one = "The inquiry into the stabbing of 17-year-old Tom Reed at a bus stop blamed the police."
    two = "The inquiry into the stabbing of 18-year-old Tom Reed at a bus stop blamed the police."
    assert found(one, two) == ["17"]
    # other figures of articles six days apart are still two moments
    one = "The inquiry into the stabbing at a bus stop has heard 40 witnesses so far."
    two = "The inquiry into the stabbing at a bus stop has heard 55 witnesses."
    assert found(one, two) == []
